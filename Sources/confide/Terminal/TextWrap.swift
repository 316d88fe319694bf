/// Wraps text to a width, counting visible characters only (ANSI escapes take no room).
enum TextWrap {
    static func wrap(_ text: String, width: Int, indent: String = "", firstIndent: String? = nil) -> String {
        let width = max(width, 20)
        var lines: [String] = []
        var line = firstIndent ?? indent
        // An indent may be coloured (a citation's number): only what shows takes room.
        var lineWidth = visibleWidth(line)
        var lineHasWord = false
        for word in text.split(separator: " ", omittingEmptySubsequences: true) {
            let wordWidth = visibleWidth(word)
            if lineHasWord && lineWidth + 1 + wordWidth > width {
                lines.append(line)
                line = indent
                lineWidth = visibleWidth(indent)
                lineHasWord = false
            }
            if lineHasWord {
                line += " "
                lineWidth += 1
            }
            line += word
            lineWidth += wordWidth
            lineHasWord = true
        }
        lines.append(line)
        return lines.joined(separator: "\n")
    }

    static func visibleWidth<S: StringProtocol>(_ text: S) -> Int {
        var width = 0
        var inEscape = false
        for scalar in text.unicodeScalars {
            if inEscape {
                if scalar == "m" { inEscape = false }
            } else if scalar == "\u{1B}" || scalar == "\u{F0000}" {
                inEscape = true
            } else if scalar.properties.generalCategory != .nonspacingMark {
                width += scalar.properties.isEmojiPresentation ? 2 : 1
            }
        }
        return width
    }
}
