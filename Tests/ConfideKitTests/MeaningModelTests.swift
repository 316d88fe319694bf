import Foundation
import Testing
@testable import ConfideKit

/// The Swift model against the reference (Hugging Face's tokenizer and a numpy forward pass,
/// `scripts/make-model-fixtures`): token ids exactly equal, sentence vectors cosine ≥ 0.9999.
@Suite(.enabled(if: ModelFixture.shouldRun, ModelFixture.skipReason))
struct MeaningModelTests {
    @Test func tokenIdsEqualTheReferenceOnEveryFixture() throws {
        let encoder = try ModelFixture.load()
        let cases = try ModelFixture.fixture("tokens.json").arrayValue
        #expect(cases.count >= 200)
        var mismatches: [String] = []
        for item in cases {
            let text = try #require(item["text"]?.stringValue)
            let expected = item["ids"]?.arrayValue.compactMap(\.intValue).map(Int32.init) ?? []
            let ids = encoder.tokenizer.ids(text)
            if ids != expected {
                mismatches.append("\(text.debugDescription.prefix(80)): got \(encoder.tokenizer.tokens(text).prefix(20)) expected \(expected.prefix(20).map { encoder.tokenizer.vocabulary.token($0) })")
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) of \(cases.count) differ:\n\(mismatches.prefix(10).joined(separator: "\n"))")
    }

    @Test func sentenceVectorsMatchTheReference() throws {
        let encoder = try ModelFixture.load()
        let cases = try ModelFixture.fixture("vectors.json").arrayValue
        #expect(cases.count >= 30)
        var worst: (Double, String) = (1, "")
        for item in cases {
            let text = try #require(item["text"]?.stringValue)
            let expected = try #require(item["vector"]?.arrayValue.map(Self.number))
            let vector = encoder.vector(for: text)
            #expect(vector.count == expected.count)
            var dot = 0.0, norm = 0.0, expectedNorm = 0.0
            for i in 0..<min(vector.count, expected.count) {
                dot += Double(vector[i]) * expected[i]
                norm += Double(vector[i]) * Double(vector[i])
                expectedNorm += expected[i] * expected[i]
            }
            let cosine = dot / max(1e-12, (norm * expectedNorm).squareRoot())
            if cosine < worst.0 { worst = (cosine, text) }
            #expect(abs(norm - 1) < 1e-4, "not of length 1: \(text.prefix(40))")
        }
        #expect(worst.0 >= 0.9999, "lowest cosine \(worst.0) on \(worst.1.prefix(60))")
    }

    static func number(_ json: JSON) -> Double {
        switch json {
        case .number(let value): return value
        case .int(let value): return Double(value)
        default: return .nan
        }
    }

    /// Texts encoded together give what each gives alone (the batch shares only the
    /// position-wise products; attention stays within each text).
    @Test func aBatchEqualsItsTextsOneByOne() throws {
        let encoder = try ModelFixture.load()
        let texts = ["why does a no feel so personal", "", "We used to have sex every week and now it's once a month, is that normal?", "ok"]
        let together = encoder.vectors(for: texts)
        for (text, vector) in zip(texts, together) {
            let alone = encoder.vector(for: text)
            #expect(zip(alone, vector).allSatisfy { abs($0 - $1) < 1e-5 }, "\(text)")
        }
    }

    /// Meaning, not words: a paraphrase sharing no content word is nearer than an unrelated
    /// question sharing the topic word.
    @Test func aParaphraseIsNearerThanAnUnrelatedQuestion() throws {
        let encoder = try ModelFixture.load()
        let question = encoder.vector(for: "my partner keeps turning me down")
        let paraphrase = encoder.vector(for: "my husband never wants to be intimate with me")
        let unrelated = encoder.vector(for: "how do I turn down the heating")
        #expect(Pooling.cosine(question, paraphrase) > Pooling.cosine(question, unrelated))
    }

    /// A misspelled word is read as the model's own word with the corrected stem, nearest the
    /// typing; a stem with no such word leaves the question as it was.
    @Test func correctedWordingSpellsTheCorrectedStem() throws {
        let vocabulary = try ModelFixture.load().tokenizer.vocabulary
        #expect(CorrectedWording.spelling(of: "desir", near: "desier", vocabulary: vocabulary) == "desire")
        #expect(CorrectedWording.spelling(of: "boyfriend", near: "boyfreind", vocabulary: vocabulary) == "boyfriend")
        #expect(CorrectedWording.text("Respnsive desier?", corrections: [("respnsive", "respons"), ("desier", "desir")], vocabulary: vocabulary) == "responsive desire")
        #expect(CorrectedWording.text("qqqq", corrections: [("qqqq", "zzzzzz")], vocabulary: vocabulary) == nil)
    }

    /// A pasted essay is read only up to the 256-token window, so its cost is bounded.
    @Test func aLongTextIsTruncatedAt256Tokens() throws {
        let encoder = try ModelFixture.load()
        let essay = String(repeating: "I keep reaching for him and he turns away, and I do not know why. ", count: 20_000)
        let ids = encoder.tokenizer.ids(essay)
        #expect(ids.count == 256)
        #expect(ids.first == encoder.tokenizer.classify && ids.last == encoder.tokenizer.separator)
    }
}

/// A damaged or absent model is a typed error naming the file, never a crash.
@Suite(.enabled(if: ModelFixture.shouldRun, ModelFixture.skipReason))
struct DamagedModelTests {
    /// A copy of the model folder with `model.safetensors` replaced by `bytes`.
    static func folder(withWeights bytes: [UInt8]) throws -> TemporaryDirectory {
        let directory = TemporaryDirectory()
        for name in ["vocab.txt", "config.json"] {
            try FileManager.default.copyItem(atPath: ModelFixture.folder + "/" + name, toPath: directory.file(name))
        }
        try Data(bytes).write(to: URL(fileURLWithPath: directory.file("model.safetensors")))
        return directory
    }

    static func firstBytes(_ count: Int) throws -> [UInt8] {
        let handle = try #require(FileHandle(forReadingAtPath: ModelFixture.folder + "/model.safetensors"))
        defer { try? handle.close() }
        return [UInt8](try handle.read(upToCount: count) ?? Data())
    }

    @Test func aTruncatedWeightsFileIsDamaged() throws {
        let directory = try Self.folder(withWeights: try Self.firstBytes(2_000_000))
        #expect {
            _ = try SentenceEncoder(folder: directory.path)
        } throws: { error in
            guard case ModelError.damaged(let file, let reason) = error else { return false }
            return file.hasSuffix("model.safetensors") && reason.contains("truncated")
        }
    }

    @Test func aHeaderOfNonsenseIsDamaged() throws {
        var bytes = try Self.firstBytes(4_096)
        for index in 8..<200 { bytes[index] = 0x7B } // "{{{{…": not JSON
        let directory = try Self.folder(withWeights: bytes)
        #expect(throws: ModelError.self) { _ = try SentenceEncoder(folder: directory.path) }
        var huge = bytes
        huge.replaceSubrange(0..<8, with: [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F])
        let claimsTooMuch = try Self.folder(withWeights: huge)
        #expect(throws: ModelError.damaged(file: claimsTooMuch.file("model.safetensors"), reason: "its header claims 9223372036854775807 bytes of a 4096-byte file")) {
            _ = try SentenceEncoder(folder: claimsTooMuch.path)
        }
        let empty = try Self.folder(withWeights: [])
        #expect(throws: ModelError.self) { _ = try SentenceEncoder(folder: empty.path) }
    }

    @Test func aFolderWithoutTheModelSaysWhichFileIsMissing() throws {
        let directory = TemporaryDirectory()
        #expect(throws: ModelError.missing(folder: directory.path, file: "vocab.txt")) { _ = try SentenceEncoder(folder: directory.path) }
        #expect(throws: ModelError.missing(folder: directory.path + "/nowhere", file: "model.safetensors")) { _ = try SentenceEncoder(folder: directory.path + "/nowhere") }
    }
}
