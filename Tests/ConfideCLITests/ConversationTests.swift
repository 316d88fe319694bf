import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The conversation as people use it (the hands-on review): words typed without a slash,
/// vague first lines, leaving, hints that work where they are shown, exports, the pager.
@Suite("confide: the conversation as people use it")
struct ConversationTests {
    static let prompt = REPLTests.prompt
    static let invitation = "say a little more"

    func historyCount(_ confide: ConfideProcess) async throws -> Int {
        let result = try await confide.run(["history", "--json"])
        #expect(result.status == 0, "\(result)")
        return try result.jsonArray().count
    }

    // MARK: Words without a slash

    @Test("quit, exit or bye alone on a line leaves, and is not kept as a question", arguments: ["quit", "exit", "Bye!"])
    func bareQuitLeaves(_ word: String) async throws {
        let confide = try ConfideProcess()
        defer { confide.remove() }
        let terminal = try confide.terminal()
        defer { terminal.close() }
        try await terminal.expect(Self.prompt)
        terminal.line(word)
        let ending = await terminal.waitForExit()
        #expect(ending == .exited(0), "\(terminal.transcript)")
        #expect(!terminal.screenText.contains("1. "), "it was answered as a question\n\(terminal.transcript)")
        #expect(try await historyCount(confide) == 0)
    }

    @Test("help alone on a line lists the commands, and is not kept")
    func bareHelpHelps() async throws {
        let confide = try ConfideProcess()
        defer { confide.remove() }
        let terminal = try confide.terminal()
        defer { terminal.close() }
        try await terminal.expect(Self.prompt)
        terminal.line("help")
        let shown = try await terminal.expect(Self.prompt)
        #expect(shown.contains("/history"), "\(terminal.transcript)")
        #expect(!shown.contains(".md:"), "it was answered as a question\n\(terminal.transcript)")
        try await REPLTests().quit(terminal)
        #expect(try await historyCount(confide) == 0)
    }

    @Test("a vague or greeting first line gets a warm invitation; a short real question gets passages")
    func vagueFirstLinesAreInvited() async throws {
        let confide = try ConfideProcess()
        defer { confide.remove() }
        let terminal = try confide.terminal()
        defer { terminal.close() }
        try await terminal.expect(Self.prompt)
        let vague = try await REPLTests().ask(terminal, "will it always be like this")
        #expect(vague.contains(Self.invitation), "\(terminal.transcript)")
        #expect(!vague.contains("no words"), "\(terminal.transcript)")
        let greeting = try await REPLTests().ask(terminal, "hi")
        #expect(greeting.contains("in your own words"), "\(terminal.transcript)")
        #expect(!greeting.contains(".md:"), "\(terminal.transcript)")
        let real = try await REPLTests().ask(terminal, "is it my fault")
        #expect(real.contains(".md:"), "a short, answerable question was not searched\n\(terminal.transcript)")
        try await REPLTests().quit(terminal)
    }

    @Test("ask: a vague question is invited, with fallback_reason in the JSON; an answerable one is not", arguments: [
        ("what should i do", true), ("is it me", true), ("thank you", true), ("sex hurts", false), ("am i bad in bed", false),
    ])
    func askInvites(_ question: String, _ invited: Bool) async throws {
        let confide = try ConfideProcess()
        defer { confide.remove() }
        let result = try await confide.run(["ask", "--json", question])
        #expect(result.status == 0, "\(result)")
        let object = try result.jsonObject()
        #expect((object["fallback_reason"] as? String == "invitation") == invited, "\(result)")
        #expect(((object["citations"] as? [Any])?.isEmpty == false) == !invited, "\(result)")
    }

    @Test("Ctrl-C on an empty prompt says once how to leave, and never leaves")
    func interruptOnEmptyPromptSaysHowToLeave() async throws {
        let confide = try ConfideProcess()
        defer { confide.remove() }
        let terminal = try confide.terminal()
        defer { terminal.close() }
        try await terminal.expect(Self.prompt)
        terminal.send(PseudoTerminal.interrupt)
        try await terminal.expect("Ctrl-D")
        try await terminal.expect(Self.prompt)
        terminal.send(PseudoTerminal.interrupt)
        try await terminal.expect(Self.prompt)
        terminal.line("/articles")
        try await terminal.expect("/read")
        try await terminal.expect(Self.prompt)
        let hints = terminal.screenText.components(separatedBy: "Ctrl-D or /quit leaves").count - 1
        #expect(hints == 1, "the hint was shown \(hints) times\n\(terminal.transcript)")
        try await REPLTests().quit(terminal)
    }

    // MARK: Hints that work where they are shown

    @Test("after /read, /related lists that article's related reading, and the article names /related N")
    func relatedFollowsTheArticleRead() async throws {
        let confide = try ConfideProcess()
        defer { confide.remove() }
        let terminal = try confide.terminal()
        defer { terminal.close() }
        try await terminal.expect(Self.prompt)
        terminal.line("/read when-a-no-feels-personal")
        let article = try await terminal.expect(Self.prompt)
        #expect(article.contains("/related 1"), "\(terminal.transcript)")
        #expect(!article.contains("confide read "), "a shell command inside the companion\n\(terminal.transcript)")
        terminal.line("/related")
        let related = try await terminal.expect(Self.prompt)
        #expect(related.contains("1. "), "\(terminal.transcript)")
        #expect(!related.contains("When a Partner's No Feels Personal"), "the article just read is not its own related reading\n\(terminal.transcript)")
        try await REPLTests().quit(terminal)
    }

    @Test("inside the companion, history hints and errors name /history, and the fallback names /articles")
    func hintsNameCompanionCommands() async throws {
        let confide = try ConfideProcess()
        defer { confide.remove() }
        let terminal = try confide.terminal()
        defer { terminal.close() }
        try await terminal.expect(Self.prompt)
        _ = try await REPLTests().ask(terminal, REPLTests.question)
        terminal.line("/history search personally")
        let found = try await terminal.expect(Self.prompt)
        #expect(found.contains("/history N"), "\(terminal.transcript)")
        terminal.line("/history 99")
        let missing = try await terminal.expect(Self.prompt)
        #expect(missing.contains("/history lists them"), "\(terminal.transcript)")
        let nothing = try await REPLTests().ask(terminal, "how do i change a bicycle tyre")
        #expect(nothing.contains("(/articles)"), "\(terminal.transcript)")
        #expect(!terminal.screenText.contains("confide history") && !terminal.screenText.contains("confide articles"), "\(terminal.transcript)")
        try await REPLTests().quit(terminal)

        let shell = try await confide.run(["ask", "how do i change a bicycle tyre"])
        #expect(shell.out.contains("(confide articles)"), "\(shell)")
    }

    // MARK: Exports

    @Test("/export writes into the data folder's exports, numbers a second export, expands ~ and gives a .json name JSON")
    func exportGoesIntoTheDataFolder() async throws {
        let confide = try ConfideProcess()
        defer { confide.remove() }
        let terminal = try confide.terminal()
        defer { terminal.close() }
        try await terminal.expect(Self.prompt)
        _ = try await REPLTests().ask(terminal, REPLTests.question)
        terminal.line("/export 1")
        let first = try await terminal.expect(Self.prompt)
        let exports = confide.dataDir.appendingPathComponent("exports")
        let firstFile = exports.appendingPathComponent("confide-conversation-1.md")
        #expect(FileManager.default.fileExists(atPath: firstFile.path), "\(terminal.transcript)")
        #expect(first.replacingOccurrences(of: "\n", with: "").contains(firstFile.path), "the message names the full path\n\(terminal.transcript)")
        #expect(!FileManager.default.fileExists(atPath: confide.root.appendingPathComponent("confide-conversation-1.md").path), "written into the current folder")
        terminal.line("/export 1")
        try await terminal.expect(Self.prompt)
        #expect(FileManager.default.fileExists(atPath: exports.appendingPathComponent("confide-conversation-1-2.md").path), "\(terminal.transcript)")
        terminal.line("/export 1 ~/talk.json")
        try await terminal.expect(Self.prompt)
        let json = confide.home.appendingPathComponent("talk.json")
        let data = try #require(FileManager.default.contents(atPath: json.path), "~ was not expanded\n\(terminal.transcript)")
        #expect((try? JSONSerialization.jsonObject(with: data)) != nil, "a .json name did not get JSON")
        let mode = try #require(Traces.mode(of: json))
        #expect(mode & 0o777 == 0o600)
        try await REPLTests().quit(terminal)

        let cli = confide.path("cli.json")
        let exported = try await confide.run(["history", "export", "1", "-o", cli.path])
        #expect(exported.status == 0, "\(exported)")
        #expect((try? JSONSerialization.jsonObject(with: Data(contentsOf: cli))) != nil, "history export -o NAME.json did not write JSON")
    }

    // MARK: The pager

    @Test("the pager confide starts keeps no search history, and says how to leave it")
    func pagerKeepsNoHistory() async throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/less") else { return }
        let confide = try ConfideProcess()
        defer { confide.remove() }
        // No PAGER: confide's own less, on a terminal too short for the article.
        let terminal = try confide.terminal(environment: ["PAGER": nil], rows: 12)
        defer { terminal.close() }
        try await terminal.expect(Self.prompt)
        terminal.line("/read 1")
        try await terminal.expect("q closes")
        terminal.send("/desire\r")
        try await terminal.expect("q closes")
        terminal.send("q")
        try await terminal.expect(Self.prompt)
        try await REPLTests().quit(terminal)
        for folder in [confide.home, confide.dataHome, confide.home.appendingPathComponent(".local/state")] {
            let leftovers = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
            #expect(!leftovers.contains { $0.contains("lesshst") }, "less kept a history in \(folder.path): \(leftovers)")
        }
    }

    // MARK: Piped input

    @Test("piped: 'more' shows the next passages and is kept as typed; 'quit' stops")
    func pipedMoreAndQuit() async throws {
        let confide = try ConfideProcess()
        defer { confide.remove() }
        let input = "\(REPLTests.question)\nmore\nquit\nwhy does it hurt so much\n"
        let result = try await confide.run([], stdin: Data(input.utf8))
        #expect(result.status == 0, "\(result)")
        #expect(("\n" + result.out).components(separatedBy: "\n1. ").count - 1 == 2, "an answer and its 'more', nothing after quit\n\(result)")
        let shown = try await confide.run(["history", "show", "1", "--json"])
        #expect(shown.out.contains("\"question\":\"more\""), "the 'more' turn is kept as typed\n\(shown)")
        #expect(!shown.out.contains("more: "), "\(shown)")
    }

    // MARK: Scripts

    @Test("ask --explain --json is one JSON object with the explanation inside; a greeting is not kept")
    func askJSONForScripts() async throws {
        let confide = try ConfideProcess()
        defer { confide.remove() }
        let explained = try await confide.run(["ask", "--json", "--explain", REPLTests.question])
        let object = try explained.jsonObject()
        #expect((object["explanation"] as? String)?.contains("How the question was read") == true, "\(explained)")
        #expect(!explained.out.contains("\u{1B}"), "\(explained)")
        #expect(try await historyCount(confide) == 1)
        let greeting = try await confide.run(["ask", "--json", "hello"])
        #expect(isNull(try greeting.jsonObject()["conversation"]), "\(greeting)")
        #expect(try await historyCount(confide) == 1)
    }

    @Test("history search shows one line per conversation with its snippets under it")
    func historySearchGroupsByConversation() async throws {
        let confide = try ConfideProcess()
        defer { confide.remove() }
        let input = "i feel unwanted\nwhy do i feel so unwanted\n"
        _ = try await confide.run([], stdin: Data(input.utf8))
        let result = try await confide.run(["history", "search", "unwanted"])
        #expect(result.status == 0, "\(result)")
        let headings = result.out.split(separator: "\n").filter { $0.hasPrefix("1. ") }
        #expect(headings.count == 1, "the conversation's heading is repeated\n\(result)")
        #expect(result.out.contains("\u{00B7} "), "\(result)")
    }

    @Test("history forget --all at a terminal asks first; n keeps everything")
    func forgetAllAsksAtATerminal() async throws {
        let confide = try ConfideProcess()
        defer { confide.remove() }
        _ = try await confide.run(["ask", REPLTests.question])
        let terminal = try confide.terminal(["history", "forget", "--all"])
        defer { terminal.close() }
        try await terminal.expect("[y/N]")
        terminal.line("n")
        let ending = await terminal.waitForExit()
        #expect(ending == .exited(0), "\(terminal.transcript)")
        #expect(try await historyCount(confide) == 1, "\(terminal.transcript)")
        // A script is not asked.
        let scripted = try await confide.run(["history", "forget", "--all"])
        #expect(scripted.status == 0, "\(scripted)")
        #expect(try await historyCount(confide) == 0)
    }

    @Test("off the record, the history commands still list and forget what was kept, and start no file")
    func historyCommandsWorkOffTheRecord() async throws {
        let confide = try ConfideProcess()
        defer { confide.remove() }
        let none = try await confide.run(["--private", "history"])
        #expect(none.status == 1, "\(none)")
        #expect(!FileManager.default.fileExists(atPath: confide.dataDir.appendingPathComponent("history.sqlite3").path), "off the record started a history file")
        _ = try await confide.run(["ask", REPLTests.question])
        let listed = try await confide.run(["history", "--json"], environment: ["CONFIDE_PRIVATE": "1"])
        #expect(listed.status == 0, "\(listed)")
        #expect(try listed.jsonArray().count == 1, "\(listed)")
        let forgot = try await confide.run(["--private", "history", "forget", "1"])
        #expect(forgot.status == 0, "\(forgot)")
        #expect(try await historyCount(confide) == 0)
    }

    @Test("Tab after /history offers its words in the session's order, not sorted as text")
    func completionKeepsTheSessionsOrder() async throws {
        let confide = try ConfideProcess()
        defer { confide.remove() }
        _ = try await confide.run(["ask", REPLTests.question])
        _ = try await confide.run(["ask", "should i stop initiating"])
        let terminal = try confide.terminal()
        defer { terminal.close() }
        try await terminal.expect(Self.prompt)
        terminal.send("/history \t\t")
        let offered = try await terminal.expect("search")
        // Sorted as text, "1" and "2" would come before "search"; in order, the newest first.
        #expect(!offered.contains(" 1 ") && !offered.contains("1  "), "\(terminal.transcript)")
        let rest = try await terminal.expect("1")
        #expect(rest.contains("2"), "the newest conversation is not offered first\n\(terminal.transcript)")
        terminal.send("\u{15}")
        try await REPLTests().quit(terminal)
    }

    // MARK: Layout

    @Test("at 60 columns, every --help, history --help, the greeting and /help fit the width")
    func layoutFitsSixtyColumns() async throws {
        let confide = try ConfideProcess()
        defer { confide.remove() }
        for command in [[], ["ask"], ["history"], ["import"], ["read"], ["index"], ["eval"]] {
            let result = try await confide.run(command + ["--help"], environment: ["COLUMNS": "60"])
            #expect(result.status == 0, "\(result)")
            let long = result.out.split(separator: "\n").filter { $0.count > 60 }
            #expect(long.isEmpty, "confide \(command.joined(separator: " ")) --help has lines over 60 columns: \(long)")
        }
        let history = try await confide.run(["history", "--help"], environment: ["COLUMNS": "60"])
        #expect(history.out.contains("\n  confide history show N\n"), "the forms are not one per line\n\(history)")
        #expect(history.out.contains("--output FILE, -o"), "\(history)")

        let terminal = try confide.terminal(columns: 60)
        defer { terminal.close() }
        try await terminal.expect(Self.prompt)
        terminal.line("/help")
        try await terminal.expect("988")
        try await terminal.expect(Self.prompt)
        terminal.line("/articles")
        try await terminal.expect(Self.prompt)
        // The screen as drawn: readline's own echo of a typed line is not ours to wrap.
        let long = terminal.screenText.split(separator: "\n").map { $0.replacingOccurrences(of: "\r", with: "") }.filter { $0.count > 60 }
        #expect(long.isEmpty, "lines over 60 columns: \(long)\n\(terminal.transcript)")
        try await REPLTests().quit(terminal)
    }

    @Test("with colour, answers wrap where they do without it (escape codes take no room)")
    func colourDoesNotChangeTheWrapping() async throws {
        let confide = try ConfideProcess()
        defer { confide.remove() }
        var answers: [String] = []
        for colour in [false, true] {
            let terminal = try confide.terminal(["--private"], environment: colour ? ["NO_COLOR": nil] : [:], columns: 80)
            defer { terminal.close() }
            try await terminal.expect("> ")
            terminal.line(REPLTests.question)
            try await terminal.expect("1. ")
            let answer = try await terminal.expect(REPLTests.privatePrompt)
            answers.append(answer.replacingOccurrences(of: "\r", with: ""))
            terminal.line("/quit")
            _ = await terminal.waitForExit()
        }
        #expect(answers[0] == answers[1], "without colour:\n\(answers[0])\nwith colour:\n\(answers[1])")
    }
}
