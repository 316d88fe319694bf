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
        var text = text
        // Bytes, not Characters: walking grapheme clusters was a quarter of an index build.
        return text.withUTF8 { bytes in
            var start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
            var lines: [TextLine] = []
            var number = 1
            var index = start
            func line(upTo end: Int) -> TextLine {
                TextLine(number: number, text: String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self))
            }
            while index < bytes.count {
                let byte = bytes[index]
                guard byte == 0x0A || byte == 0x0D else {
                    index += 1
                    continue
                }
                lines.append(line(upTo: index))
                number += 1
                index += byte == 0x0D && index + 1 < bytes.count && bytes[index + 1] == 0x0A ? 2 : 1
                start = index
            }
            if start < bytes.count { lines.append(line(upTo: bytes.count)) }
            return lines
        }
    }
}

extension StringProtocol {
    var trimmingWhitespace: String {
        guard let first = firstIndex(where: { !$0.isWhitespace }) else { return "" }
        let last = lastIndex(where: { !$0.isWhitespace })!
        return String(self[first...last])
    }
}
