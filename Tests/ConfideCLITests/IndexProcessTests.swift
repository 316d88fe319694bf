import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Contract 10, 13, 14: broken knowledge files, the index shared between processes and kept up
/// to date, and an index that survives `kill -9` in the middle of being built.
@Suite("confide: the index across processes")
struct IndexProcessTests {
    static let question = "why do I take it so personally"

    @Test("a broken article is named as file:line on stderr and the others still answer")
    func brokenArticle() async throws {
        let sandbox = try ConfideProcess()
        defer { sandbox.remove() }
        let knowledge = try sandbox.copyOfKnowledge()
        try "---\ntitel: X\nslug: broken\n---\n\nA paragraph about a partner saying no.\n"
            .write(to: knowledge.appendingPathComponent("broken.md"), atomically: true, encoding: .utf8)
        let confide = sandbox.with(knowledge: knowledge)

        let result = try await confide.run(["ask", "--json", Self.question])
        #expect(result.status == 0, "\(result)")
        let citations = try #require(try result.jsonObject()["citations"] as? [Any])
        #expect(!citations.isEmpty, "\(result)")
        #expect(result.err.contains("broken.md:2:"), "stderr does not name broken.md:2:\n\(result)")
        #expect(!result.out.contains("broken.md"), "\(result)")

        // The broken file is left out of the list, and named again on the next run.
        let list = try await confide.run(["articles", "--json"])
        #expect(list.status == 0, "\(list)")
        #expect(try list.jsonArray().count == KnowledgeFile.all().count, "\(list)")
        #expect(list.err.contains("broken.md:2:"), "the second run no longer names the broken file:\n\(list)")
    }

    @Test("processes that build the same fresh index at once all answer, and leave no problem behind")
    func concurrentFirstBuild() async throws {
        let confide = try ConfideProcess()
        defer { confide.remove() }
        let results = try await withThrowingTaskGroup(of: ConfideResult.self) { group in
            for _ in 0..<4 { group.addTask { try await confide.run(["ask", "--json", Self.question]) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        for result in results {
            #expect(result.status == 0, "\(result)")
            #expect(result.err.isEmpty, "\(result)")
            let citations = try #require(try result.jsonObject()["citations"] as? [Any])
            #expect(!citations.isEmpty, "\(result)")
        }
        let check = try await confide.run(["articles", "--json"])
        let listed = try check.jsonArray().count
        #expect(check.err.isEmpty && listed == KnowledgeFile.all().count, "\(check)")
    }

    @Test("files named README.md or starting with _ are not articles")
    func ignoredFiles() async throws {
        let sandbox = try ConfideProcess()
        defer { sandbox.remove() }
        let knowledge = try sandbox.copyOfKnowledge()
        try "---\ntitle: Draft\nslug: draft\n---\n\nA zyxwdraft paragraph.\n"
            .write(to: knowledge.appendingPathComponent("_draft.md"), atomically: true, encoding: .utf8)
        let confide = sandbox.with(knowledge: knowledge)
        let result = try await confide.run(["articles", "--json"])
        #expect(result.status == 0, "\(result)")
        #expect(try result.jsonArray().count == KnowledgeFile.all().count, "\(result)")
        #expect(result.err.isEmpty, "\(result)")
    }

    @Test("two runs with the same data dir reuse the index and answer the same")
    func indexReuse() async throws {
        let confide = try ConfideProcess()
        defer { confide.remove() }
        let first = try await confide.run(["ask", "--json", Self.question])
        #expect(first.status == 0, "\(first)")
        let indexFile = confide.dataDir.appendingPathComponent("index.sqlite3")
        #expect(FileManager.default.fileExists(atPath: indexFile.path), "no index.sqlite3 in the data dir")
        let second = try await confide.run(["ask", "--json", Self.question])
        #expect(second.status == 0, "\(second)")
        #expect(first.sameAnswer(as: second), "the second run answers differently:\n\(first.out)\n\(second.out)")
        #expect(first.err.isEmpty && second.err.isEmpty, "\(first)\n\(second)")
    }

    @Test("a paragraph added to an article is found by the next run")
    func editedArticleIsSeen() async throws {
        let sandbox = try ConfideProcess()
        defer { sandbox.remove() }
        let knowledge = try sandbox.copyOfKnowledge()
        let confide = sandbox.with(knowledge: knowledge)

        async let warm = confide.run(["ask", "--json", Self.question])
        #expect(try await warm.status == 0)
        let before = try await confide.run(["ask", "--json", "zyxwquokka"])
        #expect(before.status == 0, "\(before)")
        #expect((try before.jsonObject()["citations"] as? [Any])?.isEmpty == true, "zyxwquokka is found before it is written:\n\(before)")

        let file = knowledge.appendingPathComponent("couples-therapy.md")
        let handle = try FileHandle(forWritingTo: file)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("\nThe zyxwquokka is a word that appears only in this new paragraph about therapy.\n".utf8))
        try handle.close()

        let after = try await confide.run(["ask", "--json", "zyxwquokka"])
        #expect(after.status == 0, "\(after)")
        let citations = try #require(try after.jsonObject()["citations"] as? [[String: Any]])
        #expect(!citations.isEmpty, "the new paragraph is not found:\n\(after)")
        #expect(citations.first?["slug"] as? String == "couples-therapy", "\(after)")
        #expect((citations.first?["excerpt"] as? String)?.contains("zyxwquokka") == true, "\(after)")
        #expect((citations.first?["source"] as? String)?.hasPrefix("couples-therapy.md:") == true, "\(after)")
    }

    @Test("an edit that keeps the file's size is seen by the next run")
    func sameSizeEditIsSeen() async throws {
        let sandbox = try ConfideProcess()
        defer { sandbox.remove() }
        let knowledge = try sandbox.copyOfKnowledge()
        let confide = sandbox.with(knowledge: knowledge)
        let file = knowledge.appendingPathComponent("couples-therapy.md")
        let original = try Data(contentsOf: file)
        let attributes = try FileManager.default.attributesOfItem(atPath: file.path)

        let first = try await confide.run(["ask", "--json", Self.question])
        #expect(first.status == 0, "\(first)")

        // "therapist" -> "zyxwquokk": same length, same size; the old modification time is put back.
        let text = String(decoding: original, as: UTF8.self)
        let edited = text.replacingOccurrences(of: "therapist", with: "zyxwquokk")
        #expect(edited != text)
        try Data(edited.utf8).write(to: file)
        #expect(try Data(contentsOf: file).count == original.count)
        if let date = attributes[.modificationDate] as? Date {
            try FileManager.default.setAttributes([.modificationDate: date], ofItemAtPath: file.path)
        }

        let after = try await confide.run(["ask", "--json", "zyxwquokk"])
        #expect(after.status == 0, "\(after)")
        let citations = try #require(try after.jsonObject()["citations"] as? [[String: Any]])
        #expect(!citations.isEmpty, "an edit that kept size and modification time is not seen:\n\(after)")
    }

    @Test("a removed article is gone from the next run, and an added one appears")
    func removedAndAddedArticles() async throws {
        let sandbox = try ConfideProcess()
        defer { sandbox.remove() }
        let knowledge = try sandbox.copyOfKnowledge()
        let confide = sandbox.with(knowledge: knowledge)
        let first = try await confide.run(["articles", "--json"])
        #expect(try first.jsonArray().count == KnowledgeFile.all().count, "\(first)")

        try FileManager.default.removeItem(at: knowledge.appendingPathComponent("couples-therapy.md"))
        try "---\ntitle: A New Article\nslug: a-new-article\n---\n\nA zyxwnewword paragraph.\n"
            .write(to: knowledge.appendingPathComponent("a-new-article.md"), atomically: true, encoding: .utf8)

        let second = try await confide.run(["articles", "--json"])
        #expect(second.status == 0, "\(second)")
        let slugs = Set(try second.jsonArray().compactMap { ($0 as? [String: Any])?["slug"] as? String })
        #expect(!slugs.contains("couples-therapy"), "\(second)")
        #expect(slugs.contains("a-new-article"), "\(second)")
        let read = try await confide.run(["read", "couples-therapy"])
        #expect(read.status == 1, "\(read)")
        let ask = try await confide.run(["ask", "--json", "how do I suggest couples therapy"])
        #expect(ask.status == 0, "\(ask)")
        #expect(!ask.out.contains("couples-therapy.md"), "a removed article is still cited:\n\(ask)")
    }

    // MARK: kill -9 (contract 14)

    static let generatedCount = 3000

    /// Writes `count` small, valid articles into `folder`.
    static func generateArticles(_ count: Int, in folder: URL) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for number in 0..<count {
            let text = """
                ---
                title: Generated Article \(number)
                slug: generated-\(number)
                summary: A generated article number \(number) for the crash test.
                ---

                This is the introduction of generated article \(number). It is a test about partners, desire and a no that feels personal.

                ## First Section

                A test paragraph in article \(number) about feeling wanted. Another sentence follows here. And a third one.

                ## Second Section

                More test words for article \(number), so that the index has something to hold on to.

                """
            try Data(text.utf8).write(to: folder.appendingPathComponent(String(format: "g%05d.md", number)))
        }
    }

    static func integrityCheck(_ database: URL) async throws -> String? {
        let sqlite = "/usr/bin/sqlite3"
        guard FileManager.default.isExecutableFile(atPath: sqlite), FileManager.default.fileExists(atPath: database.path) else { return nil }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: sqlite)
        process.arguments = [database.path, "PRAGMA integrity_check"]
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("confide-integrity-\(UUID().uuidString)")
        FileManager.default.createFile(atPath: out.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: out) }
        let handle = try FileHandle(forWritingTo: out)
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        try handle.close()
        while process.isRunning { try await Task.sleep(for: .milliseconds(5)) }
        process.waitUntilExit()
        return try String(contentsOf: out, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test("kill -9 while the index is being built leaves a sound index, and the next run completes it")
    func killDuringIndexBuild() async throws {
        let sandbox = try ConfideProcess()
        defer { sandbox.remove() }
        let knowledge = sandbox.path("generated")
        try Self.generateArticles(Self.generatedCount, in: knowledge)
        let confide = sandbox.with(knowledge: knowledge)
        let database = confide.dataDir.appendingPathComponent("index.sqlite3")

        var killedWhileRunning = 0
        for delay in [2, 5, 15, 40, 80, 150, 300] {
            // Every round builds from scratch: once one run completes, later ones only stat.
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: database.path + suffix) }
            let running = try confide.start(["ask", "--json", "test"])
            try await Task.sleep(for: .milliseconds(delay))
            running.kill(SIGKILL)
            let killed = await running.wait()
            if killed.ending == .signalled(SIGKILL) {
                killedWhileRunning += 1
            } else {
                #expect(killed.status == 0, "a run that ended before the kill failed: \(killed)")
            }
            if let check = try await Self.integrityCheck(database) {
                #expect(check == "ok", "PRAGMA integrity_check after kill -9 at \(delay) ms: \(check)")
            }
        }
        // On a very fast machine the build may finish before the kill; the test then says so.
        #expect(killedWhileRunning > 0, "confide finished every run before SIGKILL; nothing was tested")

        let ask = try await confide.run(["ask", "--json", "test"])
        #expect(ask.status == 0, "\(ask)")
        #expect(!ask.looksLikeCrash, "\(ask)")
        let citations = try #require(try ask.jsonObject()["citations"] as? [Any])
        #expect(!citations.isEmpty, "\(ask)")

        let list = try await confide.run(["articles", "--json"])
        #expect(list.status == 0, "\(list)")
        let items = try list.jsonArray()
        #expect(items.count == Self.generatedCount, "\(items.count) of \(Self.generatedCount) articles after the kill: a half index")
        let slugs = Set(items.compactMap { ($0 as? [String: Any])?["slug"] as? String })
        #expect(slugs.count == Self.generatedCount)

        if let check = try await Self.integrityCheck(database) {
            #expect(check == "ok", "PRAGMA integrity_check at the end: \(check)")
        }
        // The last article written is in the index, quotable.
        let last = try await confide.run(["read", "generated-\(Self.generatedCount - 1)"])
        #expect(last.status == 0, "\(last)")
        #expect(last.out.contains("Generated Article \(Self.generatedCount - 1)"), "\(last)")
    }
}
