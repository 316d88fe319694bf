import Foundation
import Testing
@testable import ConfideKit

@Suite struct HistoryStoreTests {
    func answer(_ question: String, excerpt: String = "An excerpt about partners.") -> Answer {
        Answer(question: question, conversation: nil, safety: nil,
               citations: [Citation(number: 1, article: "A", slug: "a", section: "S", question: nil, excerpt: excerpt, source: "a.md:3", score: 0.5, passageID: 1)],
               related: [RelatedReading(title: "B", slug: "b")], fallback: nil, highlightStems: [])
    }

    @Test func filesArePrivateFromTheFirstByte() throws {
        let directory = TemporaryDirectory()
        let data = directory.file("data")
        let store = try HistoryStore(directory: data)
        try store.record(answer("first question"))
        #expect(FileSystem.status(data)!.mode == 0o700)
        for name in try FileSystem.contents(ofDirectory: data) {
            #expect(FileSystem.status(data + "/" + name)!.mode & 0o077 == 0, "\(name)")
        }
        #expect(try FileSystem.contents(ofDirectory: data).contains("history.sqlite3-wal"))
    }

    @Test func aFileReadableByOthersIsTightenedWithANotice() throws {
        let directory = TemporaryDirectory()
        let data = directory.file("data")
        do { try HistoryStore(directory: data).record(answer("q")) }
        chmod(data, 0o755)
        chmod(data + "/history.sqlite3", 0o644)
        let store = try HistoryStore(directory: data)
        #expect(store.notices.count == 2)
        #expect(FileSystem.status(data)!.mode == 0o700)
        #expect(FileSystem.status(data + "/history.sqlite3")!.mode == 0o600)
    }

    @Test func recordsListsShowsAndContinues() throws {
        let directory = TemporaryDirectory()
        let store = try HistoryStore(directory: directory.file("data"))
        let first = try store.record(answer("why does a no hurt so much"), at: 1000)
        try store.record(answer("and for my partner?"), in: first, at: 1010)
        let second = try store.record(answer("a new worry entirely"), at: 2000)
        #expect(first != second)
        #expect(try store.latestConversation() == second)
        let list = try store.conversations()
        #expect(list.map(\.id) == [second, first])
        #expect(list.last?.turnCount == 2)
        #expect(list.last?.title == "why does a no hurt so much")
        let shown = try store.conversation(first)
        #expect(shown.turns.map(\.question) == ["why does a no hurt so much", "and for my partner?"])
        #expect(shown.turns[0].answer["citations"]?.arrayValue.first?["excerpt"]?.stringValue == "An excerpt about partners.")
        #expect(shown.turns[0].answer["conversation"]?.intValue == first)
        #expect(throws: HistoryError.noConversation(999)) { try store.conversation(999) }
    }

    /// A forgotten conversation's number is never given again, even after forgetting the
    /// newest one, every one, or reopening the file.
    @Test func conversationNumbersAreNeverReused() throws {
        let directory = TemporaryDirectory()
        let store = try HistoryStore(directory: directory.file("data"))
        let first = try store.record(answer("one"))
        let second = try store.record(answer("two"))
        #expect(second == first + 1)
        try store.forget(.conversation(second))
        let third = try store.record(answer("three"))
        #expect(third == second + 1, "the forgotten number \(second) was given again")
        try store.forget(.all)
        let reopened = try HistoryStore(directory: directory.file("data"))
        let fourth = try reopened.record(answer("four"))
        #expect(fourth == third + 1, "after forgetting everything, \(fourth) follows \(third)")
    }

    @Test func titlesAreOneShortLine() {
        #expect(HistoryStore.title(for: "line one\nline two") == "line one")
        #expect(HistoryStore.title(for: String(repeating: "word ", count: 40)).count <= 61)
        #expect(HistoryStore.title(for: "   ") == "(untitled)")
    }

    @Test func searchRanksMarksAndSurvivesHostileInput() throws {
        let directory = TemporaryDirectory()
        let store = try HistoryStore(directory: directory.file("data"))
        try store.record(answer("my partner turned me down again", excerpt: "Declines are often about tiredness."))
        try store.record(answer("something unrelated", excerpt: "Nothing here."))
        let matches = try store.search("turned down")
        #expect(matches.count == 1)
        #expect(matches[0].snippet { "<\($0)>" }.contains("<turned>"))
        #expect(try store.search("tiredness").count == 1)
        for hostile in FTS5PatternTests.hostile {
            _ = try store.search(hostile)
        }
    }

    @Test func forgettingErasesTheWordsFromEveryFile() throws {
        let directory = TemporaryDirectory()
        let data = directory.file("data")
        let store = try HistoryStore(directory: data)
        let secret = try store.record(answer("my partner said no about zanzibarquokka", excerpt: "excerpt with zanzibarquokka too"))
        try store.record(answer("an ordinary question to keep"))
        #expect(Self.filesContaining("zanzibarquokka", in: data).isEmpty == false)
        try store.forget(.conversation(secret))
        #expect(Self.filesContaining("zanzibarquokka", in: data) == [])
        #expect(try store.conversations().count == 1)
        #expect(try store.search("ordinary").count == 1)
    }

    @Test func forgetBeforeADateAndForgetAll() throws {
        let directory = TemporaryDirectory()
        let store = try HistoryStore(directory: directory.file("data"))
        let old = try store.record(answer("old question oldword"), at: 1_000)
        try store.record(answer("newer in the same conversation"), in: old, at: 5_000)
        try store.record(answer("recent question"), at: 9_000)
        #expect(try store.forget(.before(2_000)) == 1)
        #expect(try store.conversation(old).turns.map(\.question) == ["newer in the same conversation"])
        #expect(try store.search("oldword").isEmpty)
        #expect(try store.forget(.all) == 2)
        #expect(try store.conversations().isEmpty)
        #expect(throws: HistoryError.noConversation(old)) { try store.forget(.conversation(old)) }
    }

    @Test func aDamagedHistoryIsMovedAsideNeverDeleted() throws {
        let directory = TemporaryDirectory()
        let data = directory.file("data")
        try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)
        let junk = String(repeating: "not a database ", count: 500)
        directory.write("data/history.sqlite3", junk)
        let store = try HistoryStore(directory: data)
        #expect(store.notices.contains { $0.contains("moved to") })
        let aside = try FileSystem.contents(ofDirectory: data).filter { $0.hasPrefix("history.sqlite3.damaged-") }
        #expect(aside.count == 1)
        #expect(try String(contentsOfFile: data + "/" + aside[0], encoding: .utf8) == junk)
        try store.record(answer("still works"))
        #expect(try store.conversations().count == 1)
    }

    @Test func aReadOnlyFolderIsReportedNotCrashed() throws {
        guard getuid() != 0 else { return } // root writes anywhere; the CLI test covers the warning path
        let directory = TemporaryDirectory()
        let data = directory.file("data")
        try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)
        chmod(data, 0o500)
        defer { chmod(data, 0o700) }
        #expect(throws: HistoryError.self) { try HistoryStore(directory: data) }
    }

    @Test func twoConnectionsRecordInTurnWithoutError() async throws {
        let directory = TemporaryDirectory()
        let data = directory.file("data")
        _ = try HistoryStore(directory: data)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for writer in 0..<2 {
                group.addTask {
                    let store = try HistoryStore(directory: data)
                    for turn in 0..<25 { try store.record(answer("writer \(writer) turn \(turn)")) }
                }
            }
            try await group.waitForAll()
        }
        #expect(try HistoryStore(directory: data).conversations().count == 50)
    }

    @Test func exportRoundTripsThroughJSON() throws {
        let directory = TemporaryDirectory()
        let store = try HistoryStore(directory: directory.file("data"))
        let id = try store.record(answer("first \"quoted\" question\nwith a newline"))
        try store.record(answer("second"), in: id)
        let text = HistoryExport.json([try store.conversation(id)]).encoded(pretty: true)
        let parsed = try #require(JSONParser.parse(text))
        let turns = parsed["conversations"]?.arrayValue.first?["turns"]?.arrayValue ?? []
        #expect(turns.map { $0["question"]?.stringValue } == ["first \"quoted\" question\nwith a newline", "second"])
        #expect(turns.first?["answer"]?["citations"]?.arrayValue.count == 1)
        let markdown = HistoryExport.markdown([try store.conversation(id)])
        #expect(markdown.contains("An excerpt about partners."))
    }

    static func filesContaining(_ word: String, in directory: String) -> [String] {
        let needle = Array(word.utf8)
        return ((try? FileSystem.contents(ofDirectory: directory)) ?? []).filter { name in
            guard let bytes = try? FileSystem.readBytes(directory + "/" + name), bytes.count >= needle.count else { return false }
            for start in 0...(bytes.count - needle.count) where bytes[start] == needle[0] {
                if Array(bytes[start..<start + needle.count]) == needle { return true }
            }
            return false
        }
    }
}
