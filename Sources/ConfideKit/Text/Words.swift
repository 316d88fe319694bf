/// A word of text as SQLite's `unicode61` tokenizer sees it: a run of letters and digits,
/// lower-cased. Everything else (apostrophes included) separates words.
public struct Word: Sendable, Equatable {
    /// The lower-cased token.
    public let token: String
    /// Where the word stands in the text it came from, as a range of unicode scalars' UTF-8 offsets.
    public let range: Range<String.Index>
}

public enum Words {
    /// Words longer than this are no language's words; they are dropped, as FTS5's porter passes
    /// them through unstemmed and they can only be noise.
    public static let maximumLength = 64

    static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII {
            let value = scalar.value
            return (value >= 0x61 && value <= 0x7a) || (value >= 0x41 && value <= 0x5a) || (value >= 0x30 && value <= 0x39)
        }
        let properties = scalar.properties
        if properties.isAlphabetic { return true }
        switch properties.generalCategory {
        case .decimalNumber, .letterNumber, .otherNumber, .privateUse, .nonspacingMark, .spacingMark:
            return true
        default:
            return false
        }
    }

    /// The words of `text`, in order.
    public static func split(_ text: String) -> [Word] {
        var words: [Word] = []
        let scalars = text.unicodeScalars
        var index = scalars.startIndex
        while index < scalars.endIndex {
            guard isWordScalar(scalars[index]) else {
                index = scalars.index(after: index)
                continue
            }
            let start = index
            var length = 0
            while index < scalars.endIndex, isWordScalar(scalars[index]) {
                index = scalars.index(after: index)
                length += 1
            }
            if length <= maximumLength {
                words.append(Word(token: String(scalars[start..<index]).lowercased(), range: start..<index))
            }
        }
        return words
    }

    /// How many words `text` holds, without making them.
    public static func count(_ text: String) -> Int {
        var count = 0
        var inWord = false
        for scalar in text.unicodeScalars {
            let isWord = isWordScalar(scalar)
            if isWord && !inWord { count += 1 }
            inWord = isWord
        }
        return count
    }

    /// Only the lower-cased tokens of `text`.
    public static func tokens(_ text: String) -> [String] {
        split(text).map(\.token)
    }
}
