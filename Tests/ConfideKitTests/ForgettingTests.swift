import Foundation
import Testing
@testable import ConfideKit

/// Forgetting forgets everything: what remaining turns derived from the forgotten ones (a
/// conversation's title, a follow-up's read_with, a "more" that repeats the question) goes too,
/// and the forgotten bytes are nowhere under the data folder afterwards. Real SQLite files.
@Suite struct ForgettingTests {
    func answer(_ question: String, readWith: String? = nil) -> Answer {
        var answer = Answer(question: question, conversation: nil, safety: nil,
                            citations: [Citation(number: 1, article: "A", slug: "a", section: "S", question: nil, excerpt: "An excerpt about partners.", source: "a.md:3", score: 0.5, passageID: 1)],
                            related: [], fallback: nil, highlightStems: [])
        answer.readWith = readWith
        return answer
    }

    /// The files under `folder` (recursively) whose bytes hold `needle`.
    static func files(containing needle: String, under folder: String) -> [String] {
        let bytes = Array(needle.utf8)
        let enumerator = FileManager.default.enumerator(atPath: folder)
        var found: [String] = []
        while let name = enumerator?.nextObject() as? String {
            let path = folder + "/" + name
            guard let data = FileManager.default.contents(atPath: path), data.count >= bytes.count else { continue }
            let haystack = [UInt8](data)
            for start in 0...(haystack.count - bytes.count) where haystack[start] == bytes[0] && Array(haystack[start..<start + bytes.count]) == bytes {
                found.append(name)
                break
            }
        }
        return found
    }

    @Test("forget --before erases a remaining conversation's title, read_with and more-turns made from the forgotten question, and every byte of it",
          arguments: ["title", "follow-up", "more"])
    func forgetBeforeErasesDerivedText(shape: String) throws {
        let directory = TemporaryDirectory()
        let data = directory.file("data")
        let secret = "zqx" + String(UInt64.random(in: 0...UInt64.max), radix: 36) + "secret"
        let forgotten = "\(secret) my partner turned away from me again"
        let store = try HistoryStore(directory: data)
        let id = try store.record(answer(forgotten), at: 1_000)
        switch shape {
        case "follow-up": try store.record(answer("and for him?", readWith: forgotten), in: id, at: 5_000)
        case "more":
            var more = answer("more: " + forgotten)
            more.question = "more: " + forgotten
            try store.record(more, in: id, at: 5_000)
            try store.record(answer("what helps after a no"), in: id, at: 5_001)
        default: try store.record(answer("what helps after a no"), in: id, at: 5_000)
        }
        // A second, untouched conversation.
        try store.record(answer("an unrelated worry about distance"), at: 6_000)
        #expect(!Self.files(containing: secret, under: data).isEmpty, "the secret was never written, so the check proves nothing")

        try store.forget(.before(2_000))

        #expect(Self.files(containing: secret, under: data).isEmpty, "the forgotten question is still in \(Self.files(containing: secret, under: data))")
        let remaining = try store.conversation(id)
        #expect(!remaining.summary.title.contains(secret), "the title still holds the forgotten question")
        #expect(remaining.turns.allSatisfy { !$0.question.contains(secret) })
        #expect(try store.conversations().count == 2)
        // A reopened store sees the same.
        let reopened = try HistoryStore(directory: data)
        #expect(try reopened.conversation(id).summary.title != forgotten)
    }

    @Test("forget --all erases every byte of every question")
    func forgetAllErasesBytes() throws {
        let directory = TemporaryDirectory()
        let data = directory.file("data")
        let secret = "zqx" + String(UInt64.random(in: 0...UInt64.max), radix: 36) + "secret"
        let store = try HistoryStore(directory: data)
        for n in 0..<20 { try store.record(answer("\(secret) question \(n) with some padding words to fill pages"), at: Int64(1_000 + n)) }
        try store.forget(.all)
        #expect(Self.files(containing: secret, under: data).isEmpty)
    }

    @Test("a damaged copy moved aside is listed for the person to remove")
    func movedAsideCopiesAreListed() throws {
        let directory = TemporaryDirectory()
        let data = directory.file("data")
        try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)
        try Data("not sqlite at all, junk junk junk".utf8).write(to: URL(fileURLWithPath: data + "/history.sqlite3"))
        let store = try HistoryStore(directory: data)
        #expect(store.movedAsideCopies().count == 1, "\(store.notices)")
        #expect(store.movedAsideCopies().first?.contains("history.sqlite3.damaged-") == true)
    }
}
