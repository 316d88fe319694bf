import Foundation
import Testing

/// The installed product: the files `make install` puts in a PREFIX (through the same
/// `scripts/install-files` list), run from another folder, and without any knowledge folder.
@Suite("confide: installed, and without articles")
struct InstallTests {
    static let installScript = ConfideProcess.repositoryRoot.appendingPathComponent("scripts/install-files").path

    /// Installs the built binary and the repository's files into `prefix` (the model left out:
    /// copying 87 MB per test buys nothing the meaning tests do not already cover).
    func install(_ confide: ConfideProcess, into prefix: URL) async throws {
        let result = try await confide.shell("\"$1\" install \"$2\" \"$0\" none", [Self.installScript, prefix.path])
        try #require(result.status == 0, "install-files failed\n\(result)")
    }

    @Test("installed into a PREFIX, confide answers from another folder with the installed lexicon and safety rules, not a stray ./Knowledge")
    func installedAnswersFromElsewhere() async throws {
        let confide = try ConfideProcess()
        defer { confide.remove() }
        let prefix = confide.path("prefix")
        try await install(confide, into: prefix)
        let knowledge = prefix.appendingPathComponent("share/confide/knowledge")
        let installed = try FileManager.default.contentsOfDirectory(atPath: knowledge.path)
        #expect(installed.contains("lexicon.txt") && installed.contains("safety.txt"), "\(installed)")
        #expect(!installed.contains("README.md"), "the authors' format guide is not an article: \(installed)")

        // Another folder, holding a Knowledge folder of its own (a notes vault).
        let elsewhere = confide.path("elsewhere")
        try FileManager.default.createDirectory(at: elsewhere.appendingPathComponent("Knowledge"), withIntermediateDirectories: true)
        try Data("groceries\n".utf8).write(to: elsewhere.appendingPathComponent("Knowledge/groceries.md"))
        let binary = prefix.appendingPathComponent("bin/confide").path

        let explained = try await confide.shell("cd \"$1\" && \"$2\" --data-dir \"$3\" ask --explain \"he turned me down and i feel ugly\"", [elsewhere.path, binary, confide.dataDir.path])
        #expect(explained.status == 0, "\(explained)")
        // The lexicon's concept for "turned me down" is in force.
        #expect(explained.out.contains("(lexicon"), "no lexicon expansion: the installed lexicon.txt was not read\n\(explained)")
        #expect(explained.out.contains("when-a-no-feels-personal.md:"), "\(explained)")
        #expect(!explained.err.contains("groceries"), "the stray ./Knowledge was read\n\(explained)")

        // The installed safety.txt is the one read: a practice's own line in it is shown.
        let safety = knowledge.appendingPathComponent("safety.txt")
        var rules = try String(contentsOf: safety, encoding: .utf8)
        rules += "\n[always]\nresource: Practice line | call 555-0100\n"
        try rules.write(to: safety, atomically: true, encoding: .utf8)
        let crisis = try await confide.shell("cd \"$1\" && \"$2\" --private ask --json \"i want to kill myself\"", [elsewhere.path, binary])
        #expect(crisis.status == 0, "\(crisis)")
        let object = try crisis.jsonObject()
        let notice = try #require(object["safety"] as? [String: Any], "\(crisis)")
        #expect(notice["kind"] as? String == "crisis", "\(crisis)")
        #expect(crisis.out.contains("555-0100"), "the installed safety.txt is not in force\n\(crisis)")

        // The installed folder checks clean: no word about missing data files.
        let check = try await confide.shell("cd \"$1\" && \"$2\" index --check", [elsewhere.path, binary])
        #expect(check.status == 0 && !check.out.contains("missing"), "\(check)")
    }

    @Test("uninstall removes what install put there, and keeps a practice's own article")
    func uninstallRemovesExactlyItsFiles() async throws {
        let confide = try ConfideProcess()
        defer { confide.remove() }
        let prefix = confide.path("prefix")
        try await install(confide, into: prefix)
        let own = prefix.appendingPathComponent("share/confide/knowledge/our-practice.md")
        try Data("kept\n".utf8).write(to: own)
        // A practice's own bank file is not one of the shipped bank's files.
        try Data("expect\ttext\nnone\tkept too\n".utf8).write(to: own.deletingLastPathComponent().appendingPathComponent("safety-bank-practice.tsv"))
        let result = try await confide.shell("\"$1\" uninstall \"$2\"", [Self.installScript, prefix.path])
        #expect(result.status == 0, "\(result)")
        #expect(!FileManager.default.fileExists(atPath: prefix.appendingPathComponent("bin/confide").path))
        #expect(!FileManager.default.fileExists(atPath: prefix.appendingPathComponent("share/man/man1/confide.1").path))
        let left = try FileManager.default.contentsOfDirectory(atPath: own.deletingLastPathComponent().path)
        #expect(left.sorted() == ["our-practice.md", "safety-bank-practice.tsv"], "\(left)")
        #expect(result.err.contains("kept"), "\(result)")
    }

    @Test("index --check warns when lexicon.txt or safety.txt is missing, and unused lexicon groups are not errors")
    func checkWarnsAboutMissingDataFiles() async throws {
        let confide = try ConfideProcess()
        defer { confide.remove() }
        let folder = confide.path("practice")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let shipped = ConfideProcess.repositoryKnowledge
        try FileManager.default.copyItem(at: shipped.appendingPathComponent("getting-sex-wrong.md"), to: folder.appendingPathComponent("getting-sex-wrong.md"))
        // The article's related reading names the others; a practice folder has only its own.
        var text = try String(contentsOf: folder.appendingPathComponent("getting-sex-wrong.md"), encoding: .utf8)
        text = text.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.hasPrefix("related:") }.joined(separator: "\n")
        try text.write(to: folder.appendingPathComponent("getting-sex-wrong.md"), atomically: true, encoding: .utf8)

        let bare = try await confide.with(knowledge: folder).run(["index", "--check"])
        #expect(bare.status == 0, "missing data files are warnings, not errors\n\(bare)")
        #expect(bare.out.contains("safety.txt:1: warning: missing"), "\(bare)")
        #expect(bare.out.contains("lexicon.txt:1: warning: missing"), "\(bare)")

        try FileManager.default.copyItem(at: shipped.appendingPathComponent("lexicon.txt"), to: folder.appendingPathComponent("lexicon.txt"))
        try FileManager.default.copyItem(at: shipped.appendingPathComponent("safety.txt"), to: folder.appendingPathComponent("safety.txt"))
        let full = try await confide.with(knowledge: folder).run(["index", "--check"])
        #expect(full.status == 0, "lexicon groups no article uses are harmless\n\(full)")
        #expect(full.out.contains("note: no word of the group"), "the shipped lexicon has groups this one article does not use\n\(full)")
        #expect(full.out.contains("3 files checked"), "the data files are counted\n\(full)")
        #expect(!full.out.contains("warning"), "\(full)")
    }

    @Test("index --check warns about two articles of one title")
    func checkWarnsAboutDuplicateTitles() async throws {
        let confide = try ConfideProcess()
        defer { confide.remove() }
        let folder = try confide.copyOfKnowledge()
        var text = try String(contentsOf: folder.appendingPathComponent("getting-sex-wrong.md"), encoding: .utf8)
        text = text.replacingOccurrences(of: "slug: getting-sex-wrong", with: "slug: getting-sex-wrong-copy")
        try text.write(to: folder.appendingPathComponent("getting-sex-wrong-copy.md"), atomically: true, encoding: .utf8)
        let check = try await confide.with(knowledge: folder).run(["index", "--check"])
        #expect(check.out.contains("warning: the title"), "\(check)")
        #expect(check.out.contains("getting-sex-wrong.md"), "\(check)")
    }

    @Test("without any knowledge folder, history works and ask shows the safety notice, then where it looked")
    func noKnowledgeFolder() async throws {
        let confide = try ConfideProcess()
        defer { confide.remove() }
        let arguments = ["--data-dir", confide.dataDir.path]
        let history = try await confide.run(arguments + ["history"], globals: false)
        #expect(history.status == 0, "\(history)")
        #expect(history.out.contains("No conversations kept yet."), "\(history)")

        let crisis = try await confide.run(arguments + ["ask", "i want to kill myself"], globals: false)
        #expect(crisis.status == 1, "\(crisis)")
        #expect(crisis.out.contains("988"), "the safety notice comes first, even without articles\n\(crisis)")
        #expect(crisis.err.contains("no folder of articles found"), "\(crisis)")
        #expect(crisis.err.contains(confide.root.appendingPathComponent("Knowledge").path), "it says where it looked\n\(crisis)")

        // Piped input too: every line is still checked, and the reason is said once.
        let piped = try await confide.run(arguments, stdin: Data("why does he keep saying no\ni want to kill myself\n".utf8), globals: false)
        #expect(piped.status == 1, "\(piped)")
        #expect(piped.out.contains("988") && piped.out.contains("no articles"), "\(piped)")
        #expect(piped.errLines.count == 1 && piped.err.contains("no folder of articles found"), "\(piped)")

        let ordinary = try await confide.run(arguments + ["ask", "why does he keep saying no"], globals: false)
        #expect(ordinary.status == 1 && ordinary.out.isEmpty, "\(ordinary)")
        #expect(ordinary.err.contains("--knowledge DIR"), "\(ordinary)")
    }

    @Test("without any knowledge folder, the companion at a terminal still shows help for a crisis")
    func noKnowledgeFolderAtATerminal() async throws {
        let confide = try ConfideProcess()
        defer { confide.remove() }
        let terminal = try confide.terminal(["--data-dir", confide.dataDir.path], globals: false)
        defer { terminal.close() }
        try await terminal.expect("no folder of articles found")
        try await terminal.expect("confide> ")
        terminal.line("i want to kill myself")
        try await terminal.expect("988")
        try await terminal.expect("confide> ")
        terminal.send(PseudoTerminal.endOfInput)
        let ending = await terminal.waitForExit()
        #expect(ending == .exited(1), "\(terminal.transcript)")
    }
}
