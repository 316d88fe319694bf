import Foundation
import Testing
@testable import ConfideKit

/// The index's vectors with the real model: one a text, keyed by text and model, resumable,
/// never made twice.
@Suite(.enabled(if: ModelFixture.shouldRun, ModelFixture.skipReason))
struct IndexVectorTests {
    static func index(_ directory: TemporaryDirectory, _ knowledge: String) throws -> KnowledgeIndex {
        let index = try KnowledgeIndex(path: directory.file("index.sqlite3"), folder: KnowledgeFolder(path: knowledge))
        try index.refresh()
        return index
    }

    static func count(_ index: KnowledgeIndex, _ sql: String) throws -> Int {
        try index.database.rows(sql) { $0.int(0) }.first ?? -1
    }

    /// Every body, FAQ question and ask is a text; after a run each has its vector, equal to the
    /// vector of the text made directly.
    @Test func everyTextOfEveryPassageGetsItsVector() throws {
        let encoder = try ModelFixture.load()
        let directory = TemporaryDirectory()
        let index = try Self.index(directory, Fixtures.smallFolder(in: directory))
        let passages = try index.passages(ofArticle: "declines") + index.passages(ofArticle: "desire-gaps")
        let expected = Set(passages.flatMap { MeaningText.parts(body: $0.body, question: $0.question, asks: $0.asks).map { MeaningText.hash($0.1) } })
        #expect(try index.vectorCoverage(model: encoder.identity) == .init(embedded: 0, texts: expected.count))
        #expect(passages.contains { $0.question != nil })

        let progress = try VectorBuilder(index: index, encoder: encoder, batchSize: 4).run()
        #expect(progress.done == expected.count && progress.total == expected.count)
        #expect(try index.vectorCoverage(model: encoder.identity) == .init(embedded: expected.count, texts: expected.count))
        let stored = try index.passageVectors(model: encoder.identity)
        let faq = try #require(passages.first { $0.question == "Should I stop initiating?" })
        let vector = try #require(stored.first { $0.passage == faq.id && $0.part == MeaningText.Part.question.rawValue }?.vector)
        #expect(zip(vector, encoder.vector(for: "Should I stop initiating?")).allSatisfy { abs($0 - $1) < 1e-6 })
        #expect(try VectorBuilder(index: index, encoder: encoder).run().total == 0)
    }

    /// Stopped between batches, a run keeps what it committed; the next run does only the rest.
    @Test func anInterruptedRunResumesWhereItStopped() throws {
        let encoder = try ModelFixture.load()
        let directory = TemporaryDirectory()
        let index = try Self.index(directory, Fixtures.smallFolder(in: directory))
        let texts = try index.vectorCoverage(model: encoder.identity).texts
        var batches = 0
        let first = try VectorBuilder(index: index, encoder: encoder, batchSize: 3).run(progress: { _ in batches += 1 }, shouldStop: { batches >= 2 })
        #expect(first.done == 6)
        // Another connection, as the next process would open it.
        let reopened = try Self.index(directory, index.folder.path)
        #expect(try reopened.vectorCoverage(model: encoder.identity).embedded == 6)
        let second = try VectorBuilder(index: reopened, encoder: encoder).run()
        #expect(second.total == texts - 6 && second.done == texts - 6)
    }

    /// Editing one paragraph re-embeds that paragraph only; a removed article's vectors and
    /// another model's go once every text has its vector.
    @Test func onlyChangedTextsAreEmbeddedAgain() throws {
        let encoder = try ModelFixture.load()
        let directory = TemporaryDirectory()
        let knowledge = Fixtures.smallFolder(in: directory)
        let index = try Self.index(directory, knowledge)
        try index.storeVectors([(hash: "0123:4", vector: [1, 0])], model: "another-model")
        try VectorBuilder(index: index, encoder: encoder).run()
        #expect(try Self.count(index, "SELECT count(*) FROM vectors WHERE model = 'another-model'") == 0)

        let edited = Fixtures.declines.replacingOccurrences(of: "It can sting more than expected.", with: "It can sting far more than anyone expects.")
        #expect(edited != Fixtures.declines)
        directory.write("knowledge/declines.md", edited)
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: 5)], ofItemAtPath: directory.file("knowledge/declines.md"))
        #expect(try index.hasEveryVector(model: encoder.identity))
        try index.refresh()
        #expect(try !index.hasEveryVector(model: encoder.identity), "an edit leaves a text without its vector")
        let again = try VectorBuilder(index: index, encoder: encoder).run()
        #expect(again.done == 1)
        #expect(try index.hasEveryVector(model: encoder.identity))
        #expect(try !index.hasEveryVector(model: "another-model"))

        try FileManager.default.removeItem(atPath: directory.file("knowledge/desire-gaps.md"))
        try index.refresh()
        #expect(try VectorBuilder(index: index, encoder: encoder).run().done == 0)
        #expect(try Self.count(index, "SELECT count(*) FROM vectors") == Self.count(index, "SELECT count(DISTINCT hash) FROM passage_texts"))
    }

    /// The nearest passage by meaning shares no word with the question.
    @Test func meaningFindsAPassageWithoutSharedWords() throws {
        let encoder = try ModelFixture.load()
        let directory = TemporaryDirectory()
        let index = try Self.index(directory, Fixtures.smallFolder(in: directory))
        try VectorBuilder(index: index, encoder: encoder).run()
        let nearest = try MeaningSearch(index: index, encoder: encoder).nearest(to: "we are out of sync about how often we want to sleep together", limit: 1)
        let first = try #require(nearest.first)
        let passage = try #require(try index.passage(id: first.passage))
        #expect(passage.slug == "desire-gaps", "\(passage.body)")
    }
}
