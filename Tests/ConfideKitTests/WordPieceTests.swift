import Testing
@testable import ConfideKit

/// The tokenizer's rules on a small vocabulary made here, so they run without the model.
@Suite struct WordPieceTests {
    static func tokenizer(maximumLength: Int = 256) throws -> BertTokenizer {
        let tokens = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "un", "##want", "##ed", "want", "wa", "##nt", ",", "!", "'", "s", "cafe", "a", "##a", "你"]
            + (0..<100).map { "filler\($0)" }
        let vocabulary = try WordPieceVocabulary(data: Array(tokens.joined(separator: "\n").utf8), file: "test")
        return try BertTokenizer(vocabulary: vocabulary, maximumLength: maximumLength)
    }

    @Test func longestPrefixFirstThenContinuations() throws {
        let tokenizer = try Self.tokenizer()
        #expect(tokenizer.tokens("unwanted") == ["[CLS]", "un", "##want", "##ed", "[SEP]"])
        #expect(tokenizer.tokens("want") == ["[CLS]", "want", "[SEP]"])
        // No way to spell the rest: the whole word is [UNK], not the pieces found so far.
        #expect(tokenizer.tokens("unwantedx") == ["[CLS]", "[UNK]", "[SEP]"])
    }

    @Test func caseAccentsPunctuationAndIdeographs() throws {
        let tokenizer = try Self.tokenizer()
        #expect(tokenizer.tokens("UNWANTED, Café!") == ["[CLS]", "un", "##want", "##ed", ",", "cafe", "!", "[SEP]"])
        #expect(tokenizer.tokens("Cafe\u{301}") == ["[CLS]", "cafe", "[SEP]"])
        #expect(tokenizer.tokens("want你want") == ["[CLS]", "want", "你", "want", "[SEP]"])
        // NUL, a format character and U+FFFD are dropped (the word closes over them); a tab splits.
        #expect(tokenizer.tokens("want\u{0}\u{200B}\u{FFFD}ed\twant") == ["[CLS]", "want", "##ed", "want", "[SEP]"])
        // A special token typed in the text is that token; in lower case it is punctuation and a word.
        #expect(tokenizer.tokens("un[MASK]want [mask]") == ["[CLS]", "un", "[MASK]", "want", "[UNK]", "[UNK]", "[UNK]", "[SEP]"])
    }

    @Test func aWordOfMoreThanAHundredCharactersIsUnknown() throws {
        let tokenizer = try Self.tokenizer()
        #expect(tokenizer.tokens(String(repeating: "a", count: 100)).count == 102)
        #expect(tokenizer.tokens(String(repeating: "a", count: 101)) == ["[CLS]", "[UNK]", "[SEP]"])
    }

    @Test func truncationKeepsTheFirstPiecesAndTheSeparator() throws {
        let tokenizer = try Self.tokenizer(maximumLength: 6)
        #expect(tokenizer.tokens("want want want want want want") == ["[CLS]", "want", "want", "want", "want", "[SEP]"])
        #expect(tokenizer.tokens("unwanted unwanted") == ["[CLS]", "un", "##want", "##ed", "un", "[SEP]"])
        #expect(tokenizer.tokens("") == ["[CLS]", "[SEP]"])
    }

    @Test func aVocabularyWithoutSpecialTokensIsRefused() throws {
        let vocabulary = try WordPieceVocabulary(data: Array((0..<200).map { "t\($0)" }.joined(separator: "\n").utf8), file: "v")
        #expect(throws: ModelError.self) { _ = try BertTokenizer(vocabulary: vocabulary) }
        #expect(throws: ModelError.self) { _ = try WordPieceVocabulary(data: Array("a\nb".utf8), file: "v") }
    }
}
