import Foundation
import Testing

/// A practice importing its own articles, as the therapist in the review did: where the title
/// comes from and what the message says, a second import with --title, the installed folder,
/// and the practice's marketing line.
@Suite("confide import, as a practice uses it")
struct ImportPracticeTests {
    /// A file without a title line, whose file name makes a poor title.
    static let untitled = [
        "Many people expect desire to arrive before anything physical happens, and worry when it does not.",
        "Why Wanting Can Come Second",
        "For a lot of people, wanting shows up only after closeness has begun. That is a normal way for desire to work.",
        "I work with couples and individuals on desire and intimacy. Online sessions available in Ohio and Utah.",
        "Frequently Asked Questions",
        "Is responsive desire a low sex drive?",
        "No. It describes when desire shows up, not how much of it there is.",
    ].joined(separator: "\n") + "\n"

    @Test("the title is guessed from the file name only with a word saying so, the full path is shown, and the services line is not quoted")
    func titleFromTheFileNameSaysSo() async throws {
        let (sandbox, confide, knowledge) = try ImportAndCheckTests.sandbox()
        defer { sandbox.remove() }
        let file = sandbox.path("article-export-2024-03.txt")
        try Data(Self.untitled.utf8).write(to: file)
        let result = try await confide.run(["import", file.path])
        #expect(result.status == 0, "\(result)")
        let written = knowledge.appendingPathComponent("article-export-2024-03.md")
        #expect(result.out.contains(written.path), "the message does not show the full path\n\(result)")
        #expect(result.out.contains(knowledge.path), "the message does not name the knowledge folder\n\(result)")
        #expect(result.out.contains("guessed from the file name") && result.out.contains("--title"), "\(result)")
        #expect(result.out.contains("asks"), "nothing tells the practice what makes answers findable\n\(result)")
        let markdown = try String(contentsOf: written, encoding: .utf8)
        #expect(!markdown.contains("Online sessions"), "the marketing line is quoted\n\(markdown)")
        #expect(result.err.contains("services"), "\(result)")
    }

    @Test("import into a knowledge folder that does not exist says so and how to make it, and writes nothing")
    func aMissingFolderIsNamed() async throws {
        let (sandbox, confide, _) = try ImportAndCheckTests.sandbox()
        defer { sandbox.remove() }
        let file = sandbox.path("desire.txt")
        try Data(Self.untitled.utf8).write(to: file)
        let missing = sandbox.path("practice-articles")
        let result = try await confide.with(knowledge: missing).run(["import", file.path])
        #expect(result.status == 1, "\(result)")
        #expect(result.err.contains("does not exist") && result.err.contains("mkdir -p"), "\(result)")
        #expect(!result.out.contains("Importing into"), "\(result)")
        #expect(!FileManager.default.fileExists(atPath: missing.path))
    }

    @Test("--title on a file already imported replaces that article instead of making a duplicate")
    func retitlingReplaces() async throws {
        let (sandbox, confide, knowledge) = try ImportAndCheckTests.sandbox()
        defer { sandbox.remove() }
        let file = sandbox.path("partner-no-article.txt")
        try Data(Self.untitled.utf8).write(to: file)
        let before = ImportAndCheckTests.markdownFiles(in: knowledge)
        let first = try await confide.run(["import", file.path])
        #expect(first.status == 0, "\(first)")
        let retitled = try await confide.run(["import", "--title", "When Wanting Comes Second", file.path])
        #expect(retitled.status == 0, "\(retitled)")
        #expect(retitled.out.contains("replaces partner-no-article.md"), "\(retitled)")
        let added = ImportAndCheckTests.markdownFiles(in: knowledge).subtracting(before)
        #expect(added == ["when-wanting-comes-second.md"], "\(added)")
        // The same text a third time, same title: refused (as any existing slug is), nothing doubles.
        let again = try await confide.run(["import", "--title", "When Wanting Comes Second", file.path])
        #expect(again.status == 1 && again.err.contains("already imported"), "\(again)")
        let answer = try await confide.run(["ask", "--json", "is responsive desire a low sex drive"])
        let sources = try #require(try answer.jsonObject()["citations"] as? [[String: Any]]).compactMap { $0["source"] as? String }
        #expect(!sources.contains { $0.hasPrefix("partner-no-article.md") }, "\(answer)")
    }

    @Test("a short first line is the title, not an intro paragraph")
    func titleLineIsTheTitle() async throws {
        let (sandbox, confide, knowledge) = try ImportAndCheckTests.sandbox()
        defer { sandbox.remove() }
        let file = sandbox.path("export.txt")
        try Data(("Responsive Desire: Why Wanting Comes Second\n" + Self.untitled).utf8).write(to: file)
        let result = try await confide.run(["import", file.path])
        #expect(result.status == 0, "\(result)")
        #expect(result.out.contains("title: Responsive Desire: Why Wanting Comes Second (from its first line)"), "\(result)")
        let written = knowledge.appendingPathComponent("responsive-desire-why-wanting-comes-second.md")
        let markdown = try String(contentsOf: written, encoding: .utf8)
        #expect(markdown.components(separatedBy: "Why Wanting Comes Second").count - 1 == 1, "the title line is also in the body\n\(markdown)")
    }

    @Test("import refuses the installed knowledge folder unless it is named with --knowledge")
    func installedFolderIsNotWrittenSilently() async throws {
        let confide = try ConfideProcess()
        defer { confide.remove() }
        let prefix = confide.path("prefix")
        try await InstallTests().install(confide, into: prefix)
        let file = confide.path("ours.txt")
        try Data(Self.untitled.utf8).write(to: file)
        let binary = prefix.appendingPathComponent("bin/confide").path
        let installed = prefix.appendingPathComponent("share/confide/knowledge")
        let refused = try await confide.shell("\"$1\" --data-dir \"$2\" import \"$3\"", [binary, confide.dataDir.path, file.path])
        #expect(refused.status == 1, "\(refused)")
        #expect(refused.err.contains("installed") && refused.err.contains("--knowledge"), "\(refused)")
        #expect(!FileManager.default.fileExists(atPath: installed.appendingPathComponent("ours.md").path))
        let named = try await confide.shell("\"$1\" --data-dir \"$2\" --knowledge \"$4\" import \"$3\"", [binary, confide.dataDir.path, file.path, installed.path])
        #expect(named.status == 0, "\(named)")
        #expect(FileManager.default.fileExists(atPath: installed.appendingPathComponent("ours.md").path))
    }
}
