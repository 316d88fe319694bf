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
        var chunk = String.UnicodeScalarView()
        func flush() {
            guard !chunk.isEmpty, ids.count <= budget else { chunk.removeAll(keepingCapacity: true); return }
            pieces(ofChunk: chunk, into: &ids, budget: budget)
            chunk.removeAll(keepingCapacity: true)
        }
        for scalar in text.unicodeScalars {
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
        if ids.count > budget + 1 { ids.removeSubrange((budget + 1)...) }
        ids.append(separator)
        return ids
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
            case .control, .format, .unassigned, .privateUse, .surrogate: return true
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
