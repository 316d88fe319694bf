import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The companion at a real terminal: the real binary on a pseudo-terminal (100 x 40,
/// TERM=xterm, NO_COLOR=1, PAGER=cat), typed at as a person would.
@Suite("confide: the companion at a terminal")
struct REPLTests {
    static let prompt = "confide> "
    static let privatePrompt = "confide (private)> "
    static let question = "why do I take it so personally"
    static let questionSource = "when-a-no-feels-personal.md:"

    // MARK: Asking

    @Test("a question and Enter show numbered citations with file:line")
    func questionShowsCitations() async throws {
        let confide = try ConfideProcess()
        defer { confide.remove() }
        let terminal = try confide.terminal()
        defer { terminal.close() }
        try await terminal.expect(Self.prompt)
        let answer = try await ask(terminal, Self.question)
        #expect(answer.contains("\n1. "), "no citation numbered 1. at the start of a line\n\(terminal.transcript)")
        #expect(answer.contains(".md:"), "no file:line citation\n\(terminal.transcript)")
        #expect(answer.contains(Self.questionSource), "\(terminal.transcript)")
        #expect(!Traces.citationSources(answer).isEmpty, "\(terminal.transcript)")
        try await quit(terminal)
    }

    @Test("Tab completes /hist to /history")
    func tabCompletesSlashCommand() async throws {
        let confide = try ConfideProcess()
        defer { confide.remove() }
        let terminal = try confide.terminal()
        defer { terminal.close() }
        try await terminal.expect(Self.prompt)
        terminal.send("/hist\t")
        try await terminal.expect("/history")
        // The completed line is a working command, not only something drawn.
        terminal.send("\r")
        try await terminal.expect("No conversations kept yet.")
        try await terminal.expect(Self.prompt)
        try await quit(terminal)
    }

    @Test("Up recalls the previous line, and Enter asks it again")
    func upRecallsPreviousLine() async throws {
        let confide = try ConfideProcess()
        defer { confide.remove() }
        let terminal = try confide.terminal()
        defer { terminal.close() }
        try await terminal.expect(Self.prompt)
        let first = try await ask(terminal, Self.question)
        #expect(first.contains(Self.questionSource), "\(terminal.transcript)")
        terminal.send(PseudoTerminal.up)
        try await terminal.expect(Self.question)
        terminal.send("\r")
        let second = try await terminal.expect(Self.prompt)
        #expect(second.contains(Self.questionSource), "the recalled question was not answered again\n\(terminal.transcript)")
        #expect(Traces.citationSources(second) == Traces.citationSources(first), "the recalled line got another answer\n\(terminal.transcript)")
        try await quit(terminal)

        let list = try await historyList(confide)
        #expect(list.count == 1, "\(list)")
        #expect(list.first?["turns"] as? Int == 2, "the recalled question should be a second turn: \(list)")
        #expect(list.first?["title"] as? String == Self.question, "\(list)")
    }

    @Test("Ctrl-C at the prompt clears the line and does not exit; the next question works")
    func ctrlCAtPromptDoesNotExit() async throws {
        let confide = try ConfideProcess()
        defer { confide.remove() }
        let terminal = try confide.terminal()
        defer { terminal.close() }
        try await terminal.expect(Self.prompt)
        terminal.send("half typed qzvrtkpl")
        try await terminal.expect("qzvrtkpl")
        terminal.send(PseudoTerminal.interrupt)
        try await terminal.expect(Self.prompt)
        try await Task.sleep(for: .milliseconds(200))
        #expect(terminal.isRunning, "Ctrl-C ended the companion\n\(terminal.transcript)")
        let answer = try await ask(terminal, Self.question)
        #expect(answer.contains(".md:"), "the question after Ctrl-C was not answered\n\(terminal.transcript)")
        try await quit(terminal)

        // The interrupted words were dropped, not glued to the next question.
        let list = try await historyList(confide)
        #expect(list.map { $0["title"] as? String } == [Self.question], "\(list)")
    }

    @Test("Ctrl-D on an empty line exits with status 0")
    func ctrlDExits() async throws {
        let confide = try ConfideProcess()
        defer { confide.remove() }
        let terminal = try confide.terminal()
        defer { terminal.close() }
        try await terminal.expect(Self.prompt)
        terminal.send(PseudoTerminal.endOfInput)
        let ending = await terminal.waitForExit()
        #expect(ending == .exited(0), "\(terminal.transcript)")
    }

    @Test("/quit exits with status 0")
    func quitExits() async throws {
        let confide = try ConfideProcess()
        defer { confide.remove() }
        let terminal = try confide.terminal()
        defer { terminal.close() }
        try await terminal.expect(Self.prompt)
        terminal.line("/quit")
        let ending = await terminal.waitForExit()
        #expect(ending == .exited(0), "\(terminal.transcript)")
    }

    // MARK: Privacy

    @Test("/private, then a question: no trace in the history or in any file")
    func privateLeavesNoTrace() async throws {
        let confide = try ConfideProcess()
        defer { confide.remove() }
        let kept = Traces.uniqueWord()
        let secret = Traces.uniqueWord()
        let terminal = try confide.terminal()
        defer { terminal.close() }
        try await terminal.expect(Self.prompt)
        _ = try await ask(terminal, "\(Self.question) \(kept)")
        terminal.line("/private")
        try await terminal.expect("Off the record")
        try await terminal.expect(Self.privatePrompt)
        let answer = try await ask(terminal, "\(Self.question) \(secret)", prompt: Self.privatePrompt)
        #expect(answer.contains(".md:") || answer.contains("I could not find"), "the private question was not answered\n\(terminal.transcript)")
        terminal.line("/quit")
        #expect(await terminal.waitForExit() == .exited(0), "\(terminal.transcript)")

        let history = try await confide.run(["history", "--json"])
        #expect(history.status == 0, "\(history)")
        // The test could fail: what was asked on the record is there.
        #expect(history.out.contains(kept), "the question asked on the record is missing: \(history)")
        #expect(!history.out.contains(secret), "the private question is in the history: \(history)")
        #expect(try Traces.files(containing: kept, under: confide.dataDir).isEmpty == false, "the scan cannot find recorded words")
        let traces = try Traces.files(containing: secret, under: confide.root)
        #expect(traces.isEmpty, "the private question's word is in \(traces)")
    }

    @Test("a line that starts with a space is not kept: not in the history, not in recall, in no file")
    func leadingSpaceLeavesNoTrace() async throws {
        let confide = try ConfideProcess()
        defer { confide.remove() }
        let kept = Traces.uniqueWord()
        let secret = Traces.uniqueWord()
        let terminal = try confide.terminal()
        defer { terminal.close() }
        try await terminal.expect(Self.prompt)
        _ = try await ask(terminal, "\(Self.question) \(kept)")
        let answer = try await ask(terminal, " \(Self.question) \(secret)")
        #expect(answer.contains(".md:") || answer.contains("I could not find"), "the question was not answered\n\(terminal.transcript)")
        // Up skips the unkept line and recalls the one before.
        terminal.send(PseudoTerminal.up)
        try await terminal.expect(kept)
        let recalled = await terminal.settle()
        #expect(!recalled.contains(secret), "Up recalled the line that started with a space\n\(terminal.transcript)")
        terminal.send(PseudoTerminal.interrupt)
        try await terminal.expect(Self.prompt)
        try await quit(terminal)

        let history = try await confide.run(["history", "--json"])
        #expect(history.status == 0, "\(history)")
        #expect(history.out.contains(kept), "\(history)")
        #expect(!history.out.contains(secret), "the line that started with a space is in the history: \(history)")
        let traces = try Traces.files(containing: secret, under: confide.root)
        #expect(traces.isEmpty, "the unkept question's word is in \(traces)")
    }

    @Test("after a session the data folder is 0700, its files are private, and no readline history file exists")
    func filesArePrivateAndNoReadlineHistory() async throws {
        let confide = try ConfideProcess()
        defer { confide.remove() }
        // The default locations under HOME (no --data-dir, no XDG_*), so that every file the
        // session wrote is under HOME and can be accounted for.
        let terminal = try confide.terminal(
            ["--knowledge", confide.knowledge.path], globals: false,
            environment: ["XDG_DATA_HOME": nil, "XDG_CACHE_HOME": nil, "XDG_CONFIG_HOME": nil]
        )
        defer { terminal.close() }
        try await terminal.expect(Self.prompt)
        let answer = try await ask(terminal, Self.question)
        #expect(answer.contains(".md:"), "\(terminal.transcript)")
        terminal.send(PseudoTerminal.up)
        try await terminal.expect(Self.question)
        terminal.send(PseudoTerminal.interrupt)
        try await terminal.expect(Self.prompt)
        try await quit(terminal)

        let data = confide.home.appendingPathComponent(".local/share/confide")
        let cache = confide.home.appendingPathComponent(".cache/confide")
        let dataMode = try #require(Traces.mode(of: data), "no data folder at \(data.path)")
        #expect(dataMode & 0o777 == 0o700, "the data folder has mode \(String(dataMode & 0o777, radix: 8))")
        #expect(FileManager.default.fileExists(atPath: data.appendingPathComponent("history.sqlite3").path), "the session kept nothing")
        for file in try Traces.regularFiles(under: data) {
            let fileMode = try #require(Traces.mode(of: file))
            #expect(fileMode & 0o077 == 0, "\(file.path) has mode \(String(fileMode & 0o777, radix: 8)): readable or writable by others")
        }

        // Only confide's own files: no ~/.history, ~/.confide_history or any other recall file.
        let allowed: [(folder: URL, prefix: String)] = [(data, "history.sqlite3"), (cache, "index.sqlite3")]
        let stray = try Traces.regularFiles(under: confide.home).filter { file in
            !allowed.contains { file.deletingLastPathComponent().standardizedFileURL.path == $0.folder.standardizedFileURL.path && file.lastPathComponent.hasPrefix($0.prefix) }
        }
        #expect(stray.isEmpty, "files under HOME that are not confide's history or index: \(stray.map(\.path))")
        let emptyFolders = [confide.dataHome, confide.cacheHome].filter { (try? Traces.regularFiles(under: $0))?.isEmpty == false }
        #expect(emptyFolders.isEmpty, "files written outside HOME: \(emptyFolders.map(\.path))")
    }

    // MARK: Recall from the history

    @Test("a question asked in one session is recalled with Up in the next")
    func recallComesFromHistory() async throws {
        let confide = try ConfideProcess()
        defer { confide.remove() }
        let question = "what is responsive desire"
        do {
            let first = try confide.terminal()
            defer { first.close() }
            try await first.expect(Self.prompt)
            let answer = try await ask(first, question)
            #expect(answer.contains("different-desires.md:"), "\(first.transcript)")
            try await quit(first)
        }
        let second = try confide.terminal()
        defer { second.close() }
        try await second.expect(Self.prompt)
        second.send(PseudoTerminal.up)
        try await second.expect(question)
        second.send("\r")
        let answer = try await second.expect(Self.prompt)
        #expect(answer.contains("different-desires.md:"), "the recalled question was not answered\n\(second.transcript)")
        try await quit(second)
    }

    @Test("/forget N asks [y/N]; after y the conversation is gone from recall and from the history")
    func forgetRemovesFromRecallAndHistory() async throws {
        let confide = try ConfideProcess()
        defer { confide.remove() }
        let other = "what is responsive desire"
        let secret = Traces.uniqueWord()
        let forgotten = "\(Self.question) \(secret)"
        // Conversation 1 stays; conversation 2 is forgotten.
        let earlier = try await confide.run(["ask", other])
        #expect(earlier.status == 0, "\(earlier)")
        do {
            let session = try confide.terminal()
            defer { session.close() }
            try await session.expect(Self.prompt)
            _ = try await ask(session, forgotten)
            try await quit(session)
        }
        let list = try await historyList(confide)
        let id = try #require(list.first { ($0["title"] as? String)?.contains(secret) == true }?["id"] as? Int, "the question was not kept: \(list)")

        do {
            let session = try confide.terminal()
            defer { session.close() }
            try await session.expect(Self.prompt)
            session.line("/forget \(id)")
            try await session.expect("[y/N]")
            session.line("y")
            try await session.expect("Forgotten")
            try await session.expect(Self.prompt)
            // Recall in this session forgot too: Up gives the question that is left.
            session.send(PseudoTerminal.up)
            try await session.expect(other)
            let recalled = await session.settle()
            #expect(!recalled.contains(secret), "Up still recalls the forgotten question\n\(session.transcript)")
            session.send(PseudoTerminal.interrupt)
            try await session.expect(Self.prompt)
            try await quit(session)
        }

        let session = try confide.terminal()
        defer { session.close() }
        try await session.expect(Self.prompt)
        let greeting = await session.settle(for: .milliseconds(100))
        session.send(PseudoTerminal.up)
        try await session.expect(other)
        let recalled = await session.settle()
        #expect(!(greeting + recalled).contains(secret), "a new session recalls the forgotten question\n\(session.transcript)")
        session.send(PseudoTerminal.interrupt)
        try await session.expect(Self.prompt)
        try await quit(session)

        let history = try await confide.run(["history", "--json"])
        #expect(history.status == 0, "\(history)")
        #expect(!history.out.contains(secret), "the forgotten conversation is still listed: \(history)")
        #expect(history.out.contains(other), "the other conversation was forgotten too: \(history)")
    }

    @Test("/forget N answered with anything but y keeps the conversation")
    func forgetDeclinedKeeps() async throws {
        let confide = try ConfideProcess()
        defer { confide.remove() }
        let word = Traces.uniqueWord()
        let earlier = try await confide.run(["ask", Self.question, word])
        #expect(earlier.status == 0, "\(earlier)")
        let session = try confide.terminal()
        defer { session.close() }
        try await session.expect(Self.prompt)
        session.line("/forget 1")
        try await session.expect("[y/N]")
        session.line("")
        try await session.expect("Kept.")
        try await session.expect(Self.prompt)
        try await quit(session)
        let history = try await confide.run(["history", "--json"])
        #expect(history.out.contains(word), "\(history)")
    }

    // MARK: Commands

    @Test("an unknown command suggests the close one: /histroy -> /history")
    func unknownCommandSuggests() async throws {
        let confide = try ConfideProcess()
        defer { confide.remove() }
        let terminal = try confide.terminal()
        defer { terminal.close() }
        try await terminal.expect(Self.prompt)
        terminal.line("/histroy")
        let reply = try await terminal.expect(Self.prompt)
        #expect(reply.contains("/history"), "no suggestion of /history\n\(terminal.transcript)")
        #expect(reply.contains("Did you mean /history"), "\(terminal.transcript)")
        #expect(terminal.isRunning)
        try await quit(terminal)
    }

    @Test("/help lists the commands")
    func helpListsCommands() async throws {
        let confide = try ConfideProcess()
        defer { confide.remove() }
        let terminal = try confide.terminal()
        defer { terminal.close() }
        try await terminal.expect(Self.prompt)
        terminal.line("/help")
        let help = try await terminal.expect(Self.prompt)
        for command in ["/more", "/open", "/read", "/history", "/private", "/clear", "/quit"] {
            #expect(help.contains("\n  \(command)"), "/help does not list \(command)\n\(terminal.transcript)")
        }
        try await quit(terminal)
    }

    @Test("more after a question shows new citations")
    func moreShowsNewCitations() async throws {
        let confide = try ConfideProcess()
        defer { confide.remove() }
        let terminal = try confide.terminal()
        defer { terminal.close() }
        try await terminal.expect(Self.prompt)
        let first = Traces.citationSources(try await ask(terminal, Self.question))
        #expect(!first.isEmpty, "\(terminal.transcript)")
        let more = Traces.citationSources(try await ask(terminal, "more"))
        #expect(!more.isEmpty, "more showed no citations\n\(terminal.transcript)")
        #expect(Set(more).isDisjoint(with: first), "more repeated citations \(Set(more).intersection(first))\n\(terminal.transcript)")
        let again = Traces.citationSources(try await ask(terminal, "/more"))
        #expect(Set(again).isDisjoint(with: first + more), "/more repeated citations\n\(terminal.transcript)")
        try await quit(terminal)
    }

    @Test("/open 1 shows the passage of citation 1")
    func openShowsPassage() async throws {
        let confide = try ConfideProcess()
        defer { confide.remove() }
        let terminal = try confide.terminal()
        defer { terminal.close() }
        try await terminal.expect(Self.prompt)
        let answer = try await ask(terminal, Self.question)
        let source = try #require(Traces.citationSources(answer).first, "\(terminal.transcript)")
        terminal.line("/open 1")
        let opened = try await terminal.expect(Self.prompt)
        #expect(opened.contains("\u{2503} "), "the cited passage is not marked\n\(terminal.transcript)")
        #expect(opened.contains(source), "the passage's source \(source) is not shown\n\(terminal.transcript)")
        // The passage itself, from the file, is in what was shown.
        let parts = source.split(separator: ":")
        let file = try #require(KnowledgeFile.all().first { $0.file == parts.first.map(String.init) })
        let line = try #require(Int(parts[1]))
        let passage = try #require(file.textFrom(line: line)?.text)
        let words = passage.split(separator: " ").prefix(6).joined(separator: " ")
        #expect(normalized(opened.replacingOccurrences(of: "\u{2503}", with: "")).contains(words), "the passage text \"\(words)\" is not shown\n\(terminal.transcript)")
        try await quit(terminal)
    }

    @Test("/read 1 prints the first article (through PAGER=cat)")
    func readPrintsArticle() async throws {
        let confide = try ConfideProcess()
        defer { confide.remove() }
        let listing = try await confide.run(["articles"])
        #expect(listing.status == 0, "\(listing)")
        let firstLine = try #require(listing.out.split(separator: "\n").first { $0.hasPrefix("1. ") }, "\(listing)")
        let slug = try #require(firstLine.split(separator: " ").last.map(String.init))
        let article = try #require(KnowledgeFile.named(slug), "no article \(slug)")
        let lastParagraph = try #require(article.lines.indices.last { !article.inComment[$0] && !article.lines[$0].trimmingCharacters(in: .whitespaces).isEmpty && !article.lines[$0].hasPrefix("#") && !article.lines[$0].hasPrefix("-") })

        let terminal = try confide.terminal()
        defer { terminal.close() }
        try await terminal.expect(Self.prompt)
        terminal.line("/read 1")
        let text = try await terminal.expect(Self.prompt)
        #expect(text.contains(article.title), "the title \(article.title) is not shown\n\(terminal.transcript)")
        let shown = normalized(text)
        for section in article.sections.prefix(3) {
            #expect(shown.contains(normalized(section)), "the section \(section) is not shown\n\(terminal.transcript)")
        }
        let ending = normalized(KnowledgeFile.stripMarkup(article.lines[lastParagraph])).split(separator: " ").prefix(5).joined(separator: " ")
        #expect(shown.contains(ending), "the article's end (\"\(ending)\") is not shown: the article was cut\n\(terminal.transcript)")
        try await quit(terminal)
    }

    // MARK: Helpers

    /// Types `question` and Enter; returns everything up to the next prompt.
    func ask(_ terminal: PseudoTerminal, _ question: String, prompt: String = REPLTests.prompt, sourceLocation: SourceLocation = #_sourceLocation) async throws -> String {
        terminal.line(question)
        return try await terminal.expect(prompt, sourceLocation: sourceLocation)
    }

    func quit(_ terminal: PseudoTerminal, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        terminal.line("/quit")
        let ending = await terminal.waitForExit()
        #expect(ending == .exited(0), "/quit did not exit 0\n\(terminal.transcript)", sourceLocation: sourceLocation)
    }

    /// `confide history --json`, parsed.
    func historyList(_ confide: ConfideProcess, sourceLocation: SourceLocation = #_sourceLocation) async throws -> [[String: Any]] {
        let result = try await confide.run(["history", "--json"])
        #expect(result.status == 0, "\(result)", sourceLocation: sourceLocation)
        return try #require(try result.jsonArray(sourceLocation: sourceLocation) as? [[String: Any]], "\(result)", sourceLocation: sourceLocation)
    }
}

/// Finding what a run left behind, byte by byte.
enum Traces {
    /// The `file.md:LINE` sources cited in `text`, in order.
    static func citationSources(_ text: String) -> [String] {
        text.matches(of: /[A-Za-z0-9_-]+\.md:\d+/).map { String($0.output) }
    }

    /// A word found nowhere else: consonants only, so no stemmer changes it.
    static func uniqueWord() -> String {
        let letters = Array("bcdfghjklmnpqrtvwxz")
        return "qz" + String((0..<8).map { _ in letters.randomElement()! })
    }

    /// Every regular file under `folder` (recursively).
    static func regularFiles(under folder: URL) throws -> [URL] {
        guard FileManager.default.fileExists(atPath: folder.path) else { return [] }
        guard let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey]) else { return [] }
        var files: [URL] = []
        for case let url as URL in enumerator where (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true {
            files.append(url)
        }
        return files
    }

    /// The files under `folder` whose raw bytes contain `word` (or, for a word of 8 letters or more,
    /// its tail without the first two letters, which FTS5 may keep prefix-compressed).
    static func files(containing word: String, under folder: URL) throws -> [String] {
        var needles = [Array(word.utf8)]
        if word.count >= 8 { needles.append(Array(word.dropFirst(2).utf8)) }
        return try regularFiles(under: folder).compactMap { file in
            guard let data = try? Data(contentsOf: file) else { return nil }
            let bytes = [UInt8](data)
            return needles.contains { PseudoTerminal.find($0, in: bytes, from: 0) != nil } ? file.path : nil
        }
    }

    /// The mode bits of a file or folder (lstat), or nil if it does not exist.
    static func mode(of url: URL) -> UInt32? {
        var status = stat()
        guard lstat(url.path, &status) == 0 else { return nil }
        return UInt32(status.st_mode)
    }
}
