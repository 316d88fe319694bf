import ConfideKit

#if canImport(Glibc)
import Glibc
#endif

/// The chat-style companion at a terminal: questions, follow-ups, browsing, past conversations.
final class CompanionSession {
    let context: Context
    /// Made afresh by `handle` whenever the articles changed; the conversation's thread
    /// answers with it.
    var companion: Companion {
        get { thread.companion }
        set { thread.companion = newValue }
    }
    var embedding: BackgroundVectors?
    var isPrivate: Bool
    var finished = false
    let thread: ConversationThread
    var conversation: Int64? {
        get { thread.conversation }
        set { thread.conversation = newValue }
    }
    var lastAnswer: Answer? { thread.lastAnswer }
    /// The related reading /related lists: the last answer's, or the article last read.
    var lastRelated: [RelatedReading] = []

    var terminal: Terminal { context.terminal }
    var style: Style { terminal.style }
    var pager: Pager { Pager(terminal: terminal, environment: context.environment) }

    init(context: Context) throws {
        self.context = context
        self.isPrivate = context.isPrivate
        self.thread = ConversationThread(context: context, companion: try context.companion())
    }

    // MARK: The loop

    func run() -> Int32 {
        LineEditor.setUp()
        LineEditor.completer = { [unowned self] before, word in self.complete(before: before, word: word) }
        Interrupts.install()
        if !isPrivate, let store = context.history() {
            LineEditor.replaceRecall(with: (try? store.recentQuestions(limit: LineEditor.recallLimit)) ?? [])
        }
        Output.line(TextWrap.wrap(greeting, width: terminal.readingWidth))
        embedding = startEmbedding()
        defer { embedding?.stop() }
        while !finished {
            guard let line = LineEditor.readLine(prompt: prompt) else {
                Output.line()
                break
            }
            handle(line)
        }
        return 0
    }

    /// Texts still without a vector are embedded in the background while the person types.
    func startEmbedding() -> BackgroundVectors? {
        guard let encoder = context.encoder(), let path = context.indexPath,
              (try? companion.index.hasEveryVector(model: encoder.identity)) == false else { return nil }
        return BackgroundVectors(indexPath: path, folder: companion.index.folder, encoder: encoder)
    }

    var greeting: String {
        let lead = style.bold("confide")
        if isPrivate {
            return "\(lead): ask about desire, rejection or intimacy in your own words. /help lists commands. Off the record: nothing of this session is kept."
        }
        return "\(lead): ask about desire, rejection or intimacy in your own words. /help lists commands. History stays on this machine; /private goes off the record."
    }

    var prompt: String {
        // \u{1} and \u{2} tell readline that escape codes take no room on the line.
        let name = isPrivate ? "confide (private)" : "confide"
        let (start, end, escape) = (TerminalText.promptInvisibleStart, TerminalText.promptInvisibleEnd, TerminalText.escape)
        return style.enabled ? "\(start)\(escape)[1m\(end)\(name)>\(start)\(escape)[0m\(end) " : "\(name)> "
    }

    func handle(_ line: String) {
        let trimmed = line.trimmingCharacters(" \t\r\n")
        guard !trimmed.isEmpty else { return }
        // As bash's ignorespace: a line that starts with a space is kept nowhere.
        let unrecorded = line.first == " "
        if !unrecorded && !isPrivate { LineEditor.remember(trimmed) }
        do {
            try seeChangedArticles()
            if trimmed.hasPrefix("/") {
                try runSlashCommand(trimmed)
            } else if let word = ConversationThread.word(trimmed) {
                // "quit", "help" or "more" alone on a line is what the person wants done, not a
                // question (and is not kept as one).
                switch word {
                case .more: try more()
                case .quit: finished = true
                case .help: help(nil)
                }
            } else {
                try ask(trimmed, recorded: !unrecorded)
            }
        } catch let failure as CommandFailure {
            Output.line(failure.description)
        } catch let error as HistoryError {
            // The history's own messages name shell commands; here the companion's apply.
            if case .noConversation(let id) = error {
                Output.line("There is no conversation \(id). /history lists them.")
            } else {
                Output.line(error.description)
            }
        } catch let error as DatabaseError where context.healDamagedIndex(error) {
            do {
                companion = try context.companion()
                Output.line("The index had to be rebuilt; please ask again.")
            } catch {
                Output.line("That did not work: \(error)")
            }
        } catch {
            Output.line("That did not work: \(error)")
        }
    }

    /// The README's promise: the next question sees an edited article. The unchanged-folder
    /// check costs one stat per file; on a change the companion is made again, and texts still
    /// without vectors are embedded in the background.
    func seeChangedArticles() throws {
        guard try context.refreshForNextQuestion() else { return }
        companion = try context.companion()
        if embedding == nil || embedding?.isFinished == true { embedding = startEmbedding() }
    }

    func runSlashCommand(_ line: String) throws {
        var words = line.dropFirst().split(whereSeparator: \.isWhitespace).map(String.init)
        let name = words.isEmpty ? "" : words.removeFirst()
        guard let command = Self.slashCommand(named: name) else {
            let names = Self.slashCommands.map(\.name)
            if let close = names.min(by: { EditDistance.between($0, name, limit: 3) < EditDistance.between($1, name, limit: 3) }),
               EditDistance.between(close, name, limit: 3) <= 2 || close.hasPrefix(name.lowercased()) {
                Output.line("There is no /\(name.prefix(30)). Did you mean /\(close)? (/help lists them all)")
            } else {
                Output.line("There is no /\(name.prefix(30)). /help lists the commands.")
            }
            return
        }
        try command.run(self, words)
    }

    // MARK: Questions

    func ask(_ question: String, recorded: Bool) throws {
        let answer = try thread.ask(question, recorded: recorded && !isPrivate)
        if answer.invitation == nil { lastRelated = answer.related }
        InterruptiblePrinter.print(renderer.render(answer))
    }

    func more() throws {
        switch try thread.more(typed: "more", recorded: !isPrivate) {
        case .nothingAsked:
            Output.line("Ask a question first; then 'more' shows the next passages for it.")
        case .exhausted:
            Output.line("That is everything the articles hold on that question. /related suggests further reading.")
        case .answer(let answer):
            InterruptiblePrinter.print(renderer.render(answer))
        }
    }

    var renderer: AnswerRenderer { AnswerRenderer(terminal: terminal, place: .companion) }

    func open(_ words: [String]) throws {
        guard let answer = lastAnswer, !answer.citations.isEmpty else {
            Output.line("There are no citations to open yet. Ask a question first.")
            return
        }
        guard let word = words.first, let number = Int(word), let citation = answer.citations.first(where: { $0.number == number }) else {
            Output.line("Open which one? /open N, with N from 1 to \(answer.citations.count).")
            return
        }
        let index = try context.index()
        // An id may be reused after the articles changed: the passage must still be the one cited.
        guard let passage = try index.passage(id: citation.passageID), passage.source == citation.source else {
            Output.line("That passage is no longer in the articles (they changed since).")
            return
        }
        let around = try index.passages(ofArticle: passage.slug).filter { $0.section == passage.section && $0.question == passage.question }
        var out = style.bold(passage.title) + (passage.section.map { " \u{203A} " + $0 } ?? "") + "\n"
        if let question = passage.question { out += style.bold(question) + "\n" }
        out += "\n"
        for item in around {
            if item.id == passage.id {
                let marked = Highlights.apply(in: item.body, stems: answer.highlightStems) { self.style.highlight(String($0)) }
                out += TextWrap.wrap(marked, width: terminal.readingWidth, indent: "\u{2503} ") + "\n"
                out += "  " + style.dim(item.source) + "\n\n"
            } else {
                out += TextWrap.wrap(item.body, width: terminal.readingWidth, indent: "  ") + "\n\n"
            }
        }
        pager.show(out)
    }

    // MARK: Reading

    func articles() throws {
        let articles = try context.index().articles()
        InterruptiblePrinter.print(ArticleListView(terminal: terminal).render(articles, readHint: "Read one with /read SLUG or /read N."))
    }

    func read(_ words: [String]) throws {
        guard let reference = words.first else {
            Output.line("Read which article? /read SLUG or /read N (/articles lists them).")
            return
        }
        let index = try context.index()
        let article = try ArticleReader(index: index).find(reference)
        let section = words.count > 1 ? words.dropFirst().joined(separator: " ") : nil
        let related = try companion.relatedReading(of: article.slug)
        let text = try ArticleText(terminal: terminal, place: .companion).render(article, index: index, section: section, related: related)
        // After reading an article, /related follows its reading, not the last answer's.
        lastRelated = related
        pager.show(text)
    }

    func related(_ words: [String]) throws {
        let related = lastRelated
        guard !related.isEmpty else {
            Output.line("No related reading yet: it comes with an answer or an article. /articles lists everything.")
            return
        }
        if let word = words.first {
            guard let number = Int(word), related.indices.contains(number - 1) else {
                Output.line("Which one? /related N, with N from 1 to \(related.count).")
                return
            }
            guard let slug = related[number - 1].slug else {
                Output.line("\"\(related[number - 1].title)\" is not among these articles yet.")
                return
            }
            try read([slug])
            return
        }
        var out = style.bold("Related reading") + "\n"
        for (offset, item) in related.enumerated() {
            out += style.number("\(offset + 1).") + " " + item.title + (item.slug == nil ? style.dim("  (not in this folder)") : "") + "\n"
        }
        Output.out(out + style.dim("Open one with /related N.") + "\n")
    }

    // MARK: Past conversations

    func requireHistory() throws -> HistoryStore {
        if context.isPrivate { throw CommandFailure("This session started off the record, so the history is not opened.") }
        guard let store = context.history() else { throw CommandFailure("The history cannot be opened here, so there is nothing to show.") }
        return store
    }

    func conversationNumbers() -> [String] {
        guard !context.isPrivate, let store = context.history() else { return [] }
        return ((try? store.conversations()) ?? []).map { String($0.id) }
    }

    func history(_ words: [String]) throws {
        let store = try requireHistory()
        let view = HistoryView(terminal: terminal)
        if words.first == "search" {
            let text = words.dropFirst().joined(separator: " ")
            guard !text.isEmpty else {
                Output.line("Search for what? /history search WORDS")
                return
            }
            InterruptiblePrinter.print(view.search(try store.search(text), openHint: "Open one with /history N."))
        } else if let word = words.first {
            guard let id = Int64(word) else {
                Output.line("/history, /history N or /history search WORDS")
                return
            }
            pager.show(view.show(try store.conversation(id)))
        } else {
            InterruptiblePrinter.print(view.list(try store.conversations()))
        }
    }

    func export(_ words: [String]) throws {
        let store = try requireHistory()
        guard let word = words.first, let id = Int64(word) else {
            Output.line("Export which conversation? /export N [FILE] (/history lists them).")
            return
        }
        let conversation = try store.conversation(id)
        let dataDirectory = try context.locations().dataDirectory
        let target: ExportPath
        if words.count > 1 {
            target = ExportPath.given(words.dropFirst().joined(separator: " "), home: context.environment["HOME"])
        } else {
            do {
                try FileSystem.makeDirectory(ExportPath.folder(in: dataDirectory), mode: 0o700)
            } catch {
                Output.line("Could not make the exports folder: \(error). Give a file: /export \(id) FILE")
                return
            }
            target = ExportPath.defaultPath(for: id, in: dataDirectory)
        }
        let text = target.format == .json ? HistoryExport.json([conversation]).encoded(pretty: true) + "\n" : HistoryExport.markdown([conversation])
        do {
            try HistoryExport.save(text, to: target.path)
            Output.line(TextWrap.wrap("Saved to \(target.path) (\(target.format == .json ? "JSON" : "Markdown"), readable by you alone).", width: terminal.readingWidth))
        } catch {
            Output.line(error.code == EEXIST ? "\(target.path) already exists, and confide never overwrites a file; give another name: /export \(id) FILE" : "Could not save: \(error)")
        }
    }

    func forget(_ words: [String]) throws {
        let store = try requireHistory()
        let id: Int64
        if let word = words.first {
            guard let number = Int64(word) else {
                Output.line("Forget which conversation? /forget N (/history lists them).")
                return
            }
            id = number
        } else {
            guard let current = conversation else {
                Output.line("Nothing of this session is kept yet. /forget N erases an earlier conversation.")
                return
            }
            id = current
        }
        let summary = try store.conversation(id).summary
        let reply = LineEditor.readLine(prompt: "Forget conversation \(id) (\"\(summary.title)\", \(summary.turnCount) turn\(summary.turnCount == 1 ? "" : "s")) for good? [y/N] ")
        guard let reply, ["y", "yes"].contains(reply.trimmingCharacters(" ").lowercased()) else {
            Output.line("Kept.")
            return
        }
        try store.forget(.conversation(id))
        if conversation == id { conversation = nil }
        // What Up and Ctrl-R recall comes from the history, so it forgets too.
        LineEditor.replaceRecall(with: (try? store.recentQuestions(limit: LineEditor.recallLimit)) ?? [])
        Output.line("Forgotten: conversation \(id) is erased from the history file and from recall.")
    }

    func togglePrivate() {
        if context.isPrivate {
            Output.line("This session started off the record (--private or CONFIDE_PRIVATE), and stays so.")
            return
        }
        isPrivate.toggle()
        Output.line(TextWrap.wrap(isPrivate
            ? "Off the record: from now on nothing you type is kept, in the history or in recall. /private again to go back."
            : "Back on the record: questions are kept in your private history again.", width: terminal.readingWidth))
    }

    func clearScreen() {
        // Home, clear the screen, clear the scrollback.
        let escape = TerminalText.escape
        Output.out("\(escape)[H\(escape)[2J\(escape)[3J")
    }

    func help(_ topic: String?) {
        if let topic {
            let name = topic.hasPrefix("/") ? String(topic.dropFirst()) : topic
            guard let command = Self.slashCommand(named: name) else {
                Output.line("There is no /\(name.prefix(30)). /help lists the commands.")
                return
            }
            Output.line(style.bold("/\(command.name) \(command.arguments)"))
            Output.line(TextWrap.wrap(command.detail, width: terminal.readingWidth, indent: "  ", firstIndent: "  "))
            return
        }
        let width = terminal.readingWidth
        var out = "Type a question in your own words. Commands:\n"
        out += Columns.render(Self.slashCommands.map { ("/\($0.name) \($0.arguments)", $0.summary) }, width: width, nameWidth: 20)
        out += TextWrap.wrap("Up/Down and Ctrl-R recall earlier lines; Tab completes; a line starting with a space is not kept. quit, exit or bye alone on a line leaves, as Ctrl-D does.", width: width) + "\n"
        out += TextWrap.wrap("confide is not therapy or an emergency service: in a crisis call or text 988, or 911 in danger.", width: width) + "\n"
        InterruptiblePrinter.print(out)
    }

    // MARK: Completion

    func complete(before: String, word: String) -> [String] {
        let previous = before.split(whereSeparator: \.isWhitespace).map(String.init)
        let candidates: [String]
        if previous.isEmpty {
            candidates = word.hasPrefix("/") ? Self.slashCommands.map { "/" + $0.name } : []
        } else if previous.count == 1, previous[0].hasPrefix("/"), let command = Self.slashCommand(named: String(previous[0].dropFirst())) {
            candidates = command.completions?(self) ?? []
        } else {
            candidates = []
        }
        return candidates.filter { $0.hasPrefix(word) }
    }
}
