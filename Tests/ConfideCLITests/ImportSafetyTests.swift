import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `import` never writes through a link, never loosens a file's mode, and refuses text that
/// could drive a terminal; `index --check` flags such text at file:line.
@Suite("confide import: writes stay in their file, text stays text")
struct ImportSafetyTests {
    static let text = ImportAndCheckTests.text
    static let title = ImportAndCheckTests.title
    static let slug = ImportAndCheckTests.slug

    static func mode(_ path: String) -> mode_t? {
        var info = stat()
        return lstat(path, &info) == 0 ? info.st_mode : nil
    }

    @Test("import --force onto a name that is a link replaces the link and never writes through it or changes its target's mode")
    func forceOntoSymlink() async throws {
        let (sandbox, confide, knowledge) = try ImportAndCheckTests.sandbox()
        defer { sandbox.remove() }
        let source = sandbox.path("distant.txt")
        try Data(Self.text.utf8).write(to: source)
        // Something precious elsewhere, private, that a link in the folder points at.
        let precious = sandbox.path("precious.txt")
        try Data("do not touch".utf8).write(to: precious)
        chmod(precious.path, 0o600)
        let name = knowledge.appendingPathComponent("\(Self.slug).md")
        try FileManager.default.createSymbolicLink(atPath: name.path, withDestinationPath: precious.path)

        let result = try await confide.run(["import", source.path, "--title", Self.title, "--force"])
        #expect(!result.looksLikeCrash, "\(result)")
        #expect(try String(contentsOf: precious, encoding: .utf8) == "do not touch", "import wrote through the link")
        #expect(Self.mode(precious.path).map { $0 & 0o7777 } == 0o600, "import loosened the link target's mode")
        if result.status == 0 {
            let kind = Self.mode(name.path).map { $0 & S_IFMT }
            #expect(kind == S_IFREG, "the article is not a regular file in place of the link")
            #expect(Self.mode(name.path).map { $0 & 0o7777 } == 0o644)
        }
        // No temporary file is left behind.
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: knowledge.path).filter { $0.contains(".tmp") }
        #expect(leftovers.isEmpty, "\(leftovers)")
    }

    @Test("import without --force onto a dangling link refuses and writes nothing through it")
    func danglingLinkIsNotFollowed() async throws {
        let (sandbox, confide, knowledge) = try ImportAndCheckTests.sandbox()
        defer { sandbox.remove() }
        let source = sandbox.path("distant.txt")
        try Data(Self.text.utf8).write(to: source)
        let elsewhere = sandbox.path("created-elsewhere.txt")
        try FileManager.default.createSymbolicLink(atPath: knowledge.appendingPathComponent("\(Self.slug).md").path, withDestinationPath: elsewhere.path)
        let result = try await confide.run(["import", source.path, "--title", Self.title])
        #expect(result.status == 1, "\(result)")
        #expect(!FileManager.default.fileExists(atPath: elsewhere.path), "import created a file through a dangling link")
    }

    @Test("import refuses control characters in the text or the title, naming file:line", arguments: [
        "\u{1B}]0;owned\u{07}", "\u{1B}[2J", "\u{9B}2J", "\u{07}", "\u{7F}", "\u{1B}]52;c;eA==\u{07}",
    ])
    func importRefusesControls(payload: String) async throws {
        let (sandbox, confide, knowledge) = try ImportAndCheckTests.sandbox()
        defer { sandbox.remove() }
        var lines = ImportAndCheckTests.lines
        lines[4] += payload
        let source = sandbox.path("hostile.txt")
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: source)
        let before = ImportAndCheckTests.markdownFiles(in: knowledge)
        let result = try await confide.run(["import", source.path, "--title", Self.title])
        #expect(result.status == 1, "\(result)")
        #expect(result.err.contains("hostile.txt:5: a control character"), "\(result)")
        #expect(ImportAndCheckTests.markdownFiles(in: knowledge) == before, "something was written")

        try Data(Self.text.utf8).write(to: source)
        let titled = try await confide.run(["import", source.path, "--title", "Bad \(payload) title"])
        #expect(titled.status == 1, "\(titled)")
        #expect(titled.err.contains("control character"), "\(titled)")
        #expect(ImportAndCheckTests.markdownFiles(in: knowledge) == before, "something was written")
    }

    @Test("index --check flags a control character in an article, the lexicon or the safety rules at file:line")
    func checkFlagsControls() async throws {
        let (sandbox, confide, knowledge) = try ImportAndCheckTests.sandbox()
        defer { sandbox.remove() }
        for (file, payload) in [("different-desires.md", "\u{1B}]0;x\u{07}"), ("lexicon.txt", "\u{9B}2J"), ("safety.txt", "\u{1B}[2J")] {
            let url = knowledge.appendingPathComponent(file)
            var lines = try String(contentsOf: url, encoding: .utf8).components(separatedBy: "\n")
            let index = lines.firstIndex { $0.hasPrefix("title:") || $0.hasPrefix("partner:") || $0.hasPrefix("message:") }!
            lines[index] += payload
            try lines.joined(separator: "\n").write(to: url, atomically: true, encoding: .utf8)
            let check = try await confide.run(["index", "--check"])
            #expect(check.status == 1, "\(check)")
            #expect(check.out.contains("\(file):\(index + 1): a control character") || check.err.contains("\(file):\(index + 1): a control character"), "\(check)")
        }
    }
}
