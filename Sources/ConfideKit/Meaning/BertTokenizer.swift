// NFD (to strip accents) is the standard library's own, reached through its `_Unicode` SPI:
// confide does without Foundation, and this is the same normalisation String comparison uses.
@_spi(_Unicode) import Swift

/// The BERT uncased tokenizer as the model was trained with it (Hugging Face's `BertNormalizer`,
/// `BertPreTokenizer` and `WordPiece`, with `[CLS] … [SEP]` around), to the id:
/// 1. clean: drop NUL, U+FFFD and control/format/unassigned/private-use characters; every white
///    space becomes a space; put spaces around CJK ideographs;
/// 2. NFD, dropping non-spacing marks (accents), then lower-case each character;
/// 3. split on spaces, and put every punctuation character on its own (ASCII punctuation too,
///    though Unicode calls `$` or `+` symbols);
/// 4. WordPiece: longest known prefix, then `##` continuations; a word of more than 100
///    characters, or one that cannot be spelled from the vocabulary, is `[UNK]`.
/// Truncation keeps the first `maximumLength - 2` word pieces. A pasted essay is read only as
/// far as that, so its cost is bounded.
public struct BertTokenizer: Sendable {
    public let vocabulary: WordPieceVocabulary
    public let maximumLength: Int
    public let lowercase: Bool
    public let classify: Int32
    public let separator: Int32
    public let unknown: Int32

    static let maximumWordCharacters = 100

    public init(vocabulary: WordPieceVocabulary, maximumLength: Int = 256, lowercase: Bool = true, file: String = "vocab.txt") throws(ModelError) {
        guard let classify = vocabulary.id(of: "[CLS]"), let separator = vocabulary.id(of: "[SEP]"), let unknown = vocabulary.id(of: "[UNK]") else {
            throw .unsupported(file: file, reason: "it lacks [CLS], [SEP] or [UNK]")
        }
        self.vocabulary = vocabulary
        self.maximumLength = max(2, maximumLength)
        self.lowercase = lowercase
        self.classify = classify
        self.separator = separator
        self.unknown = unknown
    }

    /// `[CLS]`, the word pieces of `text` (at most `maximumLength - 2`), `[SEP]`.
    public func ids(_ text: String) -> [Int32] {
        let budget = maximumLength - 2
        var ids: [Int32] = [classify]
        for (piece, special) in Self.splitSpecialTokens(text) {
            if ids.count > budget { break }
            if let special, let id = vocabulary.id(of: special) {
                ids.append(id)
            } else {
                words(of: piece, into: &ids, budget: budget)
            }
        }
        if ids.count > budget + 1 { ids.removeSubrange((budget + 1)...) }
        ids.append(separator)
        return ids
    }

    /// The special tokens Hugging Face matches in the raw text, before any cleaning (case
    /// matters: `[mask]` is three pieces of punctuation and a word).
    static let specialTokens = ["[CLS]", "[SEP]", "[PAD]", "[MASK]", "[UNK]"]

    /// `text` cut around literal special tokens: (text, nil) pieces and (token, token) ones.
    static func splitSpecialTokens(_ text: String) -> [(Substring.UnicodeScalarView, String?)] {
        let bytes = text.utf8
        guard bytes.contains(UInt8(ascii: "[")) else { return [(text.unicodeScalars[...], nil)] }
        // Matched on bytes, as Hugging Face does: "[CLS]" then a combining accent is still [CLS].
        var pieces: [(Substring.UnicodeScalarView, String?)] = []
        let scalars = text.unicodeScalars
        var start = bytes.startIndex, index = bytes.startIndex
        while index < bytes.endIndex {
            if bytes[index] == UInt8(ascii: "["), let special = specialTokens.first(where: { bytes[index...].starts(with: $0.utf8) }) {
                let end = bytes.index(index, offsetBy: special.utf8.count)
                if start < index { pieces.append((scalars[start..<index], nil)) }
                pieces.append((scalars[index..<end], special))
                start = end
                index = end
            } else {
                index = bytes.index(after: index)
            }
        }
        if start < bytes.endIndex { pieces.append((scalars[start...], nil)) }
        return pieces
    }

    /// Appends the word pieces of ordinary text.
    private func words(of scalars: Substring.UnicodeScalarView, into ids: inout [Int32], budget: Int) {
        var chunk = String.UnicodeScalarView()
        func flush() {
            guard !chunk.isEmpty, ids.count <= budget else { chunk.removeAll(keepingCapacity: true); return }
            pieces(ofChunk: chunk, into: &ids, budget: budget)
            chunk.removeAll(keepingCapacity: true)
        }
        for scalar in scalars {
            if ids.count > budget { break }
            let value = scalar.value
            if value == 0 || value == 0xFFFD || Self.isControl(scalar) { continue }
            if Self.isWhitespace(scalar) {
                flush()
            } else if Self.isChineseCharacter(value) {
                flush()
                chunk.append(scalar)
                flush()
            } else {
                chunk.append(scalar)
            }
        }
        flush()
    }

    /// The word pieces as text, for `--explain` and tests.
    public func tokens(_ text: String) -> [String] {
        ids(text).map(vocabulary.token)
    }

    /// Normalises one white-space-free chunk, splits off its punctuation, and appends the word
    /// pieces of each word.
    private func pieces(ofChunk chunk: String.UnicodeScalarView, into ids: inout [Int32], budget: Int) {
        var word: [UInt8] = []
        var boundaries: [Int] = []
        func finishWord() {
            if !word.isEmpty, ids.count <= budget { wordPieces(word, boundaries: boundaries, into: &ids) }
            word.removeAll(keepingCapacity: true)
            boundaries.removeAll(keepingCapacity: true)
        }
        func take(_ scalar: Unicode.Scalar) {
            if Self.isPunctuation(scalar) {
                finishWord()
                boundaries.append(0)
                append(scalar, to: &word)
                finishWord()
            } else {
                boundaries.append(word.count)
                append(scalar, to: &word)
            }
        }
        let ascii = chunk.allSatisfy(\.isASCII)
        if ascii {
            for scalar in chunk { take(lowercase ? Self.asciiLower(scalar) : scalar) }
        } else if lowercase {
            // Accents are stripped exactly when the text is lower-cased (BertNormalizer's default).
            for scalar in String(chunk)._nfd where scalar.properties.generalCategory != .nonspacingMark {
                for lower in scalar.properties.lowercaseMapping.unicodeScalars { take(lower) }
            }
        } else {
            for scalar in chunk { take(scalar) }
        }
        finishWord()
    }

    private func append(_ scalar: Unicode.Scalar, to bytes: inout [UInt8]) {
        UTF8.encode(scalar) { bytes.append($0) }
    }

    /// Greedy longest-match-first over the word's characters (`boundaries` are the byte offsets
    /// where each character starts).
    private func wordPieces(_ word: [UInt8], boundaries: [Int], into ids: inout [Int32]) {
        guard boundaries.count <= Self.maximumWordCharacters else { ids.append(unknown); return }
        var found: [Int32] = []
        var candidate: [UInt8] = []
        candidate.reserveCapacity(word.count + 2)
        var start = 0
        while start < boundaries.count {
            var end = boundaries.count
            var match: Int32?
            while end > start {
                candidate.removeAll(keepingCapacity: true)
                if start > 0 { candidate.append(contentsOf: [UInt8(ascii: "#"), UInt8(ascii: "#")]) }
                let to = end == boundaries.count ? word.count : boundaries[end]
                candidate.append(contentsOf: word[boundaries[start]..<to])
                if let id = candidate.withUnsafeBufferPointer({ vocabulary.id(of: $0) }) {
                    match = id
                    break
                }
                end -= 1
            }
            guard let match else { ids.append(unknown); return }
            found.append(match)
            start = end
        }
        ids.append(contentsOf: found)
    }

    // MARK: Character classes, as Hugging Face's BertNormalizer and BertPreTokenizer define them

    static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x20, 0x09, 0x0A, 0x0D: return true
        case 0..<0x80: return false
        default: return scalar.properties.isWhitespace
        }
    }

    /// Tab, line feed and carriage return are white space, not controls.
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D: return false
        case 0x20..<0x7F: return false
        default:
            switch scalar.properties.generalCategory {
            // Not .unassigned: Hugging Face keeps an unassigned character as a letter ([UNK]).
            case .control, .format, .privateUse, .surrogate: return true
            default: return false
            }
        }
    }

    static func isPunctuation(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if (33...47).contains(value) || (58...64).contains(value) || (91...96).contains(value) || (123...126).contains(value) { return true }
        if value < 0x80 { return false }
        switch scalar.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
             .initialPunctuation, .finalPunctuation, .otherPunctuation:
            return true
        default:
            return false
        }
    }

    /// Hugging Face's (Rust) ranges, whose fifth block starts at U+2B920 where Python BERT's has U+2B820.
    static func isChineseCharacter(_ value: UInt32) -> Bool {
        switch value {
        case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0x20000...0x2A6DF, 0x2A700...0x2B73F,
             0x2B740...0x2B81F, 0x2B920...0x2CEAF, 0xF900...0xFAFF, 0x2F800...0x2FA1F:
            return true
        default:
            return false
        }
    }

    private static func asciiLower(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        (65...90).contains(scalar.value) ? Unicode.Scalar(scalar.value + 32)! : scalar
    }
}
