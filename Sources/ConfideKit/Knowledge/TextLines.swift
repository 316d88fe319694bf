/// A line of a text file with its 1-based number.
struct TextLine {
    let number: Int
    let text: String
    var trimmed: String { text.trimmingWhitespace }
    var isBlank: Bool { text.allSatisfy(\.isWhitespace) }
}

enum TextLines {
    /// Splits on LF, CRLF or CR, after dropping a byte-order mark.
    static func split(_ text: String) -> [TextLine] {
        var body = Substring(text)
        if body.hasPrefix("\u{FEFF}") { body = body.dropFirst() }
        var lines: [TextLine] = []
        var number = 1
        // Character-wise, "\r\n" is one Character, so this handles all three endings.
        var start = body.startIndex
        var index = body.startIndex
        while index < body.endIndex {
            let character = body[index]
            if character == "\n" || character == "\r\n" || character == "\r" {
                lines.append(TextLine(number: number, text: String(body[start..<index])))
                number += 1
                index = body.index(after: index)
                start = index
            } else {
                index = body.index(after: index)
            }
        }
        if start < body.endIndex { lines.append(TextLine(number: number, text: String(body[start...]))) }
        return lines
    }
}

extension StringProtocol {
    var trimmingWhitespace: String {
        guard let first = firstIndex(where: { !$0.isWhitespace }) else { return "" }
        let last = lastIndex(where: { !$0.isWhitespace })!
        return String(self[first...last])
    }
}
