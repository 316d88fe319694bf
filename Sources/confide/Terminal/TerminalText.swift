/// The one gate between text and the terminal. Stored text (articles, file names, the safety
/// rules, the lexicon, past questions, arguments repeated in errors) may hold control
/// characters: a window-title or clipboard escape, a screen clear, a hyperlink, an 8-bit C1
/// CSI. None of it may drive the terminal, so everything printed (stdout, stderr, the pager,
/// readline prompts) passes through `visible`, which shows every control character in caret
/// notation (`^[`, `^G`, `^?`) or as `<U+009B>`. Newline and tab stay as they are.
///
/// confide's own escapes (colour, clearing the screen, readline's prompt markers) are written
/// with `TerminalText.escape`, a marker made of a per-process random number that stored text
/// cannot know, and only `visible` turns the marker into ESC, after neutralising the rest.
enum TerminalText {
    /// A private marker: private-use characters (plane 15) around a number drawn at start-up.
    static let marker: String = "\u{F0000}\(UInt32.random(in: 1_000_000...UInt32.max))\u{F0001}"
    /// ESC, as confide itself means it.
    static let escape = marker + "E"
    /// readline's "the prompt's invisible part starts / ends" (\001, \002).
    static let promptInvisibleStart = marker + "("
    static let promptInvisibleEnd = marker + ")"

    /// `text` with every control character made visible and confide's own markers restored.
    static func visible(_ text: String) -> String {
        let shown = neutralised(text)
        guard shown.contains("\u{F0000}") else { return shown }
        return shown
            .replacing(escape, with: "\u{1B}")
            .replacing(promptInvisibleStart, with: "\u{1}")
            .replacing(promptInvisibleEnd, with: "\u{2}")
    }

    /// Every control character (C0 but newline and tab, DEL, C1) in a harmless, visible form.
    static func neutralised(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            guard isControl(scalar) else {
                result.append(scalar)
                continue
            }
            switch scalar.value {
            case 0x7F: result.append(contentsOf: "^?".unicodeScalars)
            case 0..<0x20:
                result.append("^")
                result.append(Unicode.Scalar(UInt8(scalar.value + 0x40)))
            default:
                let hex = String(scalar.value, radix: 16, uppercase: true)
                result.append(contentsOf: "<U+\(String(repeating: "0", count: max(0, 4 - hex.count)) + hex)>".unicodeScalars)
            }
        }
        return String(result)
    }

    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value == 0x0A || value == 0x09 { return false }
        return value < 0x20 || (value >= 0x7F && value <= 0x9F)
    }
}
