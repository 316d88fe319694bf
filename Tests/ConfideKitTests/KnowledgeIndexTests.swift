import Foundation
import Testing
@testable import ConfideKit

@Suite struct KnowledgeIndexTests {
    func open(_ directory: TemporaryDirectory, knowledge: String) throws -> KnowledgeIndex {
        try KnowledgeIndex(path: directory.file("index.sqlite3"), folder: KnowledgeFolder(path: knowledge))
    }

    @Test func buildsOnFirstUseAndReusesWhenNothingChanged() throws {
        let directory = TemporaryDirectory()
        let knowledge = Fixtures.smallFolder(in: directory)
        let first = try open(directory, knowledge: knowledge).refresh()
        #expect(first.added == ["declines.md", "desire-gaps.md"])
        let index = try open(directory, knowledge: knowledge)
        let second = try index.refresh()
        #expect(second.isEmpty)
        #expect(second.unchanged == 2)
        #expect(try index.passageCount == 7)
    }

    /// An unchanged folder costs a stat per file: a file whose bytes change but whose size and
    /// time do not is not re-read.
    @Test func unchangedStatMeansTheFileIsNotReread() throws {
        let directory = TemporaryDirectory()
        let knowledge = Fixtures.smallFolder(in: directory)
        try open(directory, knowledge: knowledge).refresh()
        let path = knowledge + "/declines.md"
        let before = FileSystem.status(path)!
        let text = try String(contentsOfFile: path, encoding: .utf8).replacingOccurrences(of: "sting", with: "zzzzz")
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        var times = [timespec(tv_sec: Int(before.modified / 1_000_000_000), tv_nsec: Int(before.modified % 1_000_000_000)),
                     timespec(tv_sec: Int(before.modified / 1_000_000_000), tv_nsec: Int(before.modified % 1_000_000_000))]
        #expect(utimensat(AT_FDCWD, path, &times, 0) == 0)
        let index = try open(directory, knowledge: knowledge)
        #expect(try index.refresh().isEmpty)
        #expect(try index.search(FTS5Pattern.matchingAny(of: ["zzzzz"])!, weights: .standard, limit: 5).isEmpty)
    }

    @Test func updatesOnlyTheFileThatChanged() throws {
        let directory = TemporaryDirectory()
        let knowledge = Fixtures.smallFolder(in: directory)
        try open(directory, knowledge: knowledge).refresh()
        directory.write("knowledge/declines.md", Fixtures.declines + "\n\nA new paragraph about quokkas.\n")
        let index = try open(directory, knowledge: knowledge)
        let changes = try index.refresh()
        #expect(changes.updated == ["declines.md"])
        #expect(changes.added.isEmpty && changes.removed.isEmpty)
        let found = try index.search(FTS5Pattern.matchingAny(of: ["quokkas"])!, weights: .standard, limit: 5)
        #expect(found.map(\.slug) == ["declines"])
        #expect(try index.passageCount == 8)
    }

    @Test func touchedButIdenticalFileIsNotReindexed() throws {
        let directory = TemporaryDirectory()
        let knowledge = Fixtures.smallFolder(in: directory)
        try open(directory, knowledge: knowledge).refresh()
        var times = [timespec(tv_sec: 1_000_000, tv_nsec: 0), timespec(tv_sec: 1_000_000, tv_nsec: 0)]
        #expect(utimensat(AT_FDCWD, knowledge + "/declines.md", &times, 0) == 0)
        let changes = try open(directory, knowledge: knowledge).refresh()
        #expect(changes.isEmpty)
    }

    @Test func removedFilesLeaveTheIndex() throws {
        let directory = TemporaryDirectory()
        let knowledge = Fixtures.smallFolder(in: directory)
        try open(directory, knowledge: knowledge).refresh()
        try FileManager.default.removeItem(atPath: knowledge + "/desire-gaps.md")
        let index = try open(directory, knowledge: knowledge)
        #expect(try index.refresh().removed == ["desire-gaps.md"])
        #expect(try index.articles().map(\.slug) == ["declines"])
        #expect(try index.search(FTS5Pattern.matchingAny(of: ["responsive"])!, weights: .standard, limit: 5).isEmpty)
    }

    @Test func aRenamedFileIsSeenUnderItsNewName() throws {
        let directory = TemporaryDirectory()
        let knowledge = Fixtures.smallFolder(in: directory)
        let index = try open(directory, knowledge: knowledge)
        try index.refresh()
        #expect(rename(knowledge + "/desire-gaps.md", knowledge + "/gaps.md") == 0)
        let changes = try index.refresh()
        #expect(changes.removed == ["desire-gaps.md"])
        #expect(changes.added == ["gaps.md"])
        #expect(try index.articles().map(\.file).sorted() == ["declines.md", "gaps.md"])
        #expect(try index.search(FTS5Pattern.matchingAny(of: ["responsive"])!, weights: .standard, limit: 5).map(\.file) == ["gaps.md"])
    }

    /// What the index keeps instead of counting for every question must equal counting after
    /// every kind of change: the passage count and average length in `meta`, and the copy of
    /// FTS5's terms the spelling correction reads (copied whole after a build, term by term
    /// after edits).
    @Test func keptStatisticsAndTermsEqualCountingAfterEveryChange() throws {
        let directory = TemporaryDirectory()
        let knowledge = Fixtures.smallFolder(in: directory)
        let index = try open(directory, knowledge: knowledge)
        func expectCounted(_ comment: Comment) throws {
            let counted = try index.database.rows("SELECT count(*), avg(words) FROM passages") { ($0.int(0), $0.real(1)) }[0]
            #expect(try index.passageCount == counted.0, comment)
            #expect(try index.averagePassageLength == counted.1, comment)
            let copy = try index.database.rows("SELECT term, passages FROM terms ORDER BY term") { "\($0.text(0)) \($0.int(1))" }
            let fts5 = try index.database.rows("SELECT term, doc FROM passage_terms ORDER BY term") { "\($0.text(0)) \($0.int(1))" }
            #expect(!copy.isEmpty, comment)
            #expect(copy == fts5, comment)
        }
        try index.refresh()
        try expectCounted("built")
        directory.write("knowledge/declines.md", Fixtures.declines + "\n\nA new paragraph about quokkas and wombats, longer than the others were.\n")
        try index.refresh()
        #expect(try index.vocabulary(startingWith: ["q"])["quokka"] == 1)
        try expectCounted("one file changed")
        directory.write("knowledge/declines.md", Fixtures.declines)
        try index.refresh()
        #expect(try index.vocabulary(startingWith: ["q"])["quokka"] == nil)
        try expectCounted("the new words taken out again")
        directory.write("knowledge/third.md", Fixtures.article(slug: "third", title: "Third Wombat", body: "One short paragraph about wombats.\n\n## Heading words\n\nAnd another one here."))
        try index.refresh()
        try expectCounted("one file added")
        try FileManager.default.removeItem(atPath: knowledge + "/desire-gaps.md")
        try index.refresh()
        try expectCounted("one file removed")
        directory.write("knowledge/broken.md", "---\ntitel: Broken\nslug: broken\n---\ntext\n")
        try index.refresh()
        try expectCounted("a broken file added")
        // An index kept before the statistics were gets them on its next refresh.
        try index.database.execute("DELETE FROM meta WHERE key IN ('passages', 'words')")
        try index.refresh()
        #expect(try index.database.rows("SELECT count(*) FROM meta WHERE key IN ('passages', 'words')") { $0.int(0) } == [2])
        try expectCounted("statistics restored")
        directory.write("other/only.md", Fixtures.article(slug: "only", title: "Only", body: "Just one paragraph."))
        let other = try open(directory, knowledge: directory.file("other"))
        try other.refresh()
        #expect(try other.passageCount == other.database.rows("SELECT count(*) FROM passages") { $0.int(0) }[0])
    }

    /// Related reading given by title finds an article by its title, or by its slug's words.
    @Test func anArticleIsFoundByItsTitleOrByATitleHoldingItsSlug() throws {
        let directory = TemporaryDirectory()
        let index = try open(directory, knowledge: Fixtures.smallFolder(in: directory))
        try index.refresh()
        #expect(try index.article(title: "different levels of desire")?.slug == "desire-gaps")
        #expect(try index.article(title: "Why Desire Gaps Widen")?.slug == "desire-gaps")
        #expect(try index.article(title: "Some Future Article") == nil)
    }

    /// An unchanged folder is checked without the write lock, so a session never waits for
    /// another one that is writing; names are compared byte for byte, in SQLite's order (a
    /// decomposed "é" sorts before "f" there, after it in Swift's String order).
    @Test func anUnchangedFolderNeedsNoWriteLockWhateverItsNames() throws {
        let directory = TemporaryDirectory()
        let knowledge = Fixtures.smallFolder(in: directory)
        directory.write("knowledge/cafe\u{301}.md", Fixtures.article(slug: "cafe", title: "Cafe", body: "Coffee together."))
        directory.write("knowledge/caff.md", Fixtures.article(slug: "caff", title: "Caff", body: "Tea together."))
        directory.write("knowledge/Zebra.md", Fixtures.article(slug: "zebra", title: "Zebra", body: "Stripes together."))
        try open(directory, knowledge: knowledge).refresh()
        let writer = try Database(path: directory.file("index.sqlite3"))
        try writer.execute("BEGIN IMMEDIATE")
        defer { try? writer.execute("ROLLBACK") }
        let index = try open(directory, knowledge: knowledge)
        index.database.setBusyTimeout(milliseconds: 0)
        let changes = try index.refresh()
        #expect(changes.isEmpty)
        #expect(changes.unchanged == 5)
    }

    /// A session remembers word counts, the vocabulary and the article list between questions;
    /// a change made through another connection (another process) must still be seen.
    @Test func rememberedReadsFollowChangesByAnotherProcess() throws {
        let directory = TemporaryDirectory()
        let knowledge = Fixtures.smallFolder(in: directory)
        let session = try open(directory, knowledge: knowledge)
        try session.refresh()
        #expect(try session.documentFrequencies(of: ["quokka"]) == ["quokka": 0])
        #expect(try session.vocabulary(startingWith: ["q"])["quokka"] == nil)
        #expect(try session.articles().count == 2)
        directory.write("knowledge/quokkas.md", Fixtures.article(slug: "quokkas", title: "Quokkas", body: "A paragraph about quokkas."))
        try open(directory, knowledge: knowledge).refresh()
        #expect(try session.documentFrequencies(of: ["quokka"]) == ["quokka": 1])
        #expect(try session.vocabulary(startingWith: ["q"])["quokka"] == 1)
        #expect(try session.articles().map(\.slug).sorted() == ["declines", "desire-gaps", "quokkas"])
        // And a change this session makes itself.
        try FileManager.default.removeItem(atPath: knowledge + "/quokkas.md")
        try session.refresh()
        #expect(try session.documentFrequencies(of: ["quokka"]) == ["quokka": 0])
        #expect(try session.articles().count == 2)
    }

    /// A large folder is statted on several threads: every entry still gets its own status, and
    /// the listing comes back in byte order.
    @Test func aLargeFolderIsListedWithEveryStatusInByteOrder() throws {
        let directory = TemporaryDirectory()
        var expected: [(String, Int64)] = []
        for number in 0..<1_500 {
            let name = number % 7 == 0 ? "Z\(number).md" : number % 11 == 0 ? "é\(number).md" : "n\(number).md"
            directory.write("many/\(name)", String(repeating: "x", count: number))
            expected.append((name, Int64(number)))
        }
        directory.write("many/_draft.md", "left out")
        let listed = try FileSystem.entries(ofDirectory: directory.file("many"), including: KnowledgeFolder.isArticleFile)
        expected.sort { FileSystem.bytewiseLess($0.0, $1.0) }
        #expect(listed.map(\.name) == expected.map(\.0))
        #expect(listed.map(\.status.size) == expected.map(\.1))
        #expect(listed.allSatisfy { $0.status.isRegular })
    }

    @Test func storedListsSplitByByteAsTheyDidByCharacter() {
        for text in ["", "a", "a\nb", "\n\na\n\nb\n", "a\r\nb\nc", "\r\n", "é\u{301}\nx\u{301}", "2\tHeading\n3\tSub\theading"] {
            #expect(KnowledgeIndex.lines(text) == text.split(separator: "\n"), "\(text.debugDescription)")
        }
    }

    @Test func aBrokenFileIsNamedAndTheOthersStillLoad() throws {
        let directory = TemporaryDirectory()
        let knowledge = Fixtures.smallFolder(in: directory)
        directory.write("knowledge/broken.md", "---\ntitel: Broken\nslug: broken\n---\ntext\n")
        let index = try open(directory, knowledge: knowledge)
        try index.refresh()
        #expect(try index.articles().map(\.slug).sorted() == ["declines", "desire-gaps"])
        let problems = try index.problems()
        #expect(problems.map(\.description) == ["broken.md:2: unknown front matter key 'titel' (expected one of: title, slug, summary, related, after)"])
        // The next session, with nothing changed, finds them too.
        let next = try open(directory, knowledge: knowledge)
        #expect(try next.refresh().isEmpty)
        #expect(try next.problems() == problems)
        // Fixing the file brings it in.
        directory.write("knowledge/broken.md", "---\ntitle: Broken\nslug: broken\n---\ntext\n")
        try index.refresh()
        #expect(try index.articles().map(\.slug).sorted() == ["broken", "declines", "desire-gaps"])
        #expect(try index.problems().isEmpty)
        #expect(try next.refresh().isEmpty)
        #expect(try next.problems().isEmpty)
    }

    @Test func aDuplicateSlugKeepsTheSecondFileOutUntilItIsFixed() throws {
        let directory = TemporaryDirectory()
        let knowledge = Fixtures.smallFolder(in: directory)
        directory.write("knowledge/zz-copy.md", Fixtures.declines)
        let index = try open(directory, knowledge: knowledge)
        try index.refresh()
        #expect(try index.problems().first?.message.contains("already used by declines.md") == true)
        #expect(try index.articles().count == 2)
        try FileManager.default.removeItem(atPath: knowledge + "/declines.md")
        try index.refresh()
        #expect(try index.articles().map(\.file).sorted() == ["desire-gaps.md", "zz-copy.md"])
        #expect(try index.problems().isEmpty)
    }

    @Test func anIndexOfAnotherSchemaVersionIsRebuilt() throws {
        let directory = TemporaryDirectory()
        let knowledge = Fixtures.smallFolder(in: directory)
        do {
            let database = try Database(path: directory.file("index.sqlite3"))
            try database.execute("CREATE TABLE passages(nonsense); INSERT INTO passages VALUES('old'); PRAGMA user_version = 999")
        }
        let index = try open(directory, knowledge: knowledge)
        #expect(try index.database.userVersion == IndexSchema.version)
        try index.refresh()
        #expect(try index.passageCount == 7)
    }

    @Test func aDamagedIndexFileIsReplaced() throws {
        let directory = TemporaryDirectory()
        let knowledge = Fixtures.smallFolder(in: directory)
        directory.write("index.sqlite3", String(repeating: "garbage ", count: 1000))
        let index = try open(directory, knowledge: knowledge)
        try index.refresh()
        #expect(try index.passageCount == 7)
    }

    @Test func anotherKnowledgeFolderReplacesTheIndexContent() throws {
        let directory = TemporaryDirectory()
        let knowledge = Fixtures.smallFolder(in: directory)
        try open(directory, knowledge: knowledge).refresh()
        directory.write("other/only.md", Fixtures.article(slug: "only", title: "Only", body: "Just one paragraph."))
        let index = try open(directory, knowledge: directory.file("other"))
        let changes = try index.refresh()
        #expect(changes.rebuiltFromScratch)
        #expect(try index.articles().map(\.slug) == ["only"])
    }

    @Test func faqQuestionsSectionsAndTitlesAreSearchableFields() throws {
        let directory = TemporaryDirectory()
        let index = try open(directory, knowledge: Fixtures.smallFolder(in: directory))
        try index.refresh()
        let hits = try index.search(FTS5Pattern.matchingAny(of: ["initiating"])!, weights: .standard, limit: 5)
        #expect(hits.first?.question == "Should I stop initiating?")
        #expect(hits.first?.source == "declines.md:24")
    }
}
