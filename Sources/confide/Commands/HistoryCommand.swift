import ConfideKit

#if canImport(Glibc)
import Glibc
#endif

struct HistoryCommand: Command {
    static let spec = CommandSpec(
        name: "history",
        abstract: "List, show, search, export or forget past conversations.",
        arguments: [
            ArgumentSpec(name: "ACTION", help: "show N, search WORDS..., export N, forget N (none: list).", isOptional: true),
            ArgumentSpec(name: "ARGUMENTS", help: "The conversation number or the words to search for.", isOptional: true, isRepeating: true),
        ],
        options: [
            .flag("json", "Print data as JSON (list, show, search; export with --format json)."),
            .flag("all", "export or forget every conversation."),
            .value("before", "DATE", "forget every turn asked before DATE (YYYY-MM-DD, local time)."),
            .value("format", "FORMAT", "export as markdown (the default) or json."),
            .value("output", short: "o", "FILE", "export to FILE (created private, never overwritten) instead of stdout."),
            .flag("yes", "forget without asking first, even at a terminal."),
        ],
        discussion: "The history lives in $XDG_DATA_HOME/confide/history.sqlite3 (or --data-dir), readable by you alone. Forgetting erases the words from the file itself, not only from the list; at a terminal, forget --all asks first (--yes skips the question).",
        forms: [
            Form("confide history", "conversations, newest first (id, date, turns, title)"),
            Form("confide history show N", "one conversation, every question and answer"),
            Form("confide history search WORDS...", "the conversations whose questions or answers match, best first"),
            Form("confide history export N|--all [--format markdown|json] [--output FILE]", "a conversation, or all, as Markdown or JSON (a FILE ending in .json gets JSON)"),
            Form("confide history forget N|--all|--before DATE", "erase conversations for good"),
        ]
    )

    enum Action: Equatable {
        case list
        case show(Int64)
        case search(String)
        case export(ExportTarget, HistoryExport.Format, output: String?)
        case forget(ForgetScope)
    }

    enum ExportTarget: Equatable { case conversation(Int64), all }

    var action: Action
    var json: Bool
    var yes: Bool

    init(_ arguments: ParsedArguments) throws(UsageError) {
        json = arguments.has("json")
        yes = arguments.has("yes")
        var words = arguments.positionals
        let verb = words.isEmpty ? "list" : words.removeFirst()
        func number() throws(UsageError) -> Int64 {
            guard words.count == 1 else {
                throw UsageError(message: words.isEmpty ? "\(verb) needs a conversation number: confide history \(verb) N" : "\(verb) takes one conversation number", command: "history")
            }
            guard let value = Int64(words[0]), value > 0 else {
                throw UsageError(message: "'\(words[0].prefix(30))' is not a conversation number (see 'confide history')", command: "history")
            }
            return value
        }
        switch verb {
        case "list":
            guard words.isEmpty else { throw UsageError(message: "unexpected argument '\(words[0].prefix(30))'", command: "history") }
            action = .list
        case "show":
            action = .show(try number())
        case "search":
            let text = words.joined(separator: " ")
            guard text.contains(where: { !$0.isWhitespace }) else {
                throw UsageError(message: "search needs words: confide history search WORDS...", command: "history")
            }
            action = .search(text)
        case "export":
            // A file named .json gets JSON unless --format says otherwise.
            let formatName = arguments.value("format") ?? (json || arguments.value("output").map { ExportPath.format(of: $0) == .json } == true ? "json" : "markdown")
            guard let format = HistoryExport.Format(rawValue: formatName) else {
                throw UsageError(message: "--format must be markdown or json, not '\(formatName.prefix(20))'", command: "history")
            }
            let target: ExportTarget
            if arguments.has("all") {
                guard words.isEmpty else { throw UsageError(message: "export takes N or --all, not both", command: "history") }
                target = .all
            } else {
                target = .conversation(try number())
            }
            action = .export(target, format, output: arguments.value("output"))
        case "forget":
            let given = [arguments.has("all"), arguments.value("before") != nil, !words.isEmpty].filter { $0 }.count
            guard given == 1 else {
                throw UsageError(message: "forget takes exactly one of: N, --all, --before DATE", command: "history")
            }
            if arguments.has("all") {
                action = .forget(.all)
            } else if let date = arguments.value("before") {
                guard let time = Clock.startOfLocalDay(date) else {
                    throw UsageError(message: HistoryError.badDate(date).description, command: "history")
                }
                action = .forget(.before(time))
            } else {
                action = .forget(.conversation(try number()))
            }
        default:
            if Int64(verb) != nil, words.isEmpty {
                words = [verb]
                action = .show(try number())
            } else {
                throw UsageError(message: "unknown history action '\(verb.prefix(30))' (actions: show, search, export, forget)", command: "history")
            }
        }
    }

    /// Forgetting many conversations at a terminal asks first, as /forget does; a script (input
    /// or output not a terminal) or --yes is not asked.
    private func confirmed(_ scope: ForgetScope, _ store: HistoryStore) throws -> Bool {
        if case .conversation = scope { return true }
        guard !yes, isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else { return true }
        let count = try store.conversations().count
        guard count > 0 else { return true }
        let what: String
        if case .all = scope { what = "all \(count) conversation\(count == 1 ? "" : "s")" } else { what = "every turn asked before that day" }
        Output.out("Forget \(what) for good? This cannot be undone. [y/N] ")
        guard let reply = readLine() else { return false }
        return ["y", "yes"].contains(reply.trimmingCharacters(" \t").lowercased())
    }

    func run(_ context: Context) throws -> Int32 {
        let store = try context.requiredHistory()
        let view = HistoryView(terminal: context.terminal)
        do {
            switch action {
            case .list:
                let conversations = try store.conversations()
                Output.out(json ? view.listJSON(conversations).encoded() + "\n" : view.list(conversations))
            case .show(let id):
                let conversation = try store.conversation(id)
                Output.out(json ? HistoryExport.json([conversation]).encoded() + "\n" : view.show(conversation))
            case .search(let words):
                let matches = try store.search(words)
                Output.out(json ? view.searchJSON(matches).encoded() + "\n" : view.search(matches))
            case .export(let target, let format, let output):
                let conversations: [Conversation]
                switch target {
                case .all: conversations = try store.conversations().reversed().map { try store.conversation($0.id) }
                case .conversation(let id): conversations = [try store.conversation(id)]
                }
                let text = format == .json ? HistoryExport.json(conversations).encoded(pretty: true) + "\n" : HistoryExport.markdown(conversations)
                if let output {
                    do {
                        try HistoryExport.save(text, to: output)
                    } catch {
                        throw CommandFailure(error.code == 17 /* EEXIST */ ? "\(output) already exists; confide does not overwrite files, choose another name" : "cannot write \(error)")
                    }
                    Output.error("confide: exported \(conversations.count) conversation\(conversations.count == 1 ? "" : "s") to \(output) (readable by you alone)")
                } else {
                    Output.out(text)
                }
            case .forget(let scope):
                guard try confirmed(scope, store) else {
                    Output.line("Kept: nothing was forgotten.")
                    return 0
                }
                let erased = try store.forget(scope)
                Output.line("Forgotten: \(erased) turn\(erased == 1 ? "" : "s"), erased from the history file.")
                // Forgetting cannot reach a damaged copy moved aside earlier: say so, and how.
                for copy in store.movedAsideCopies() {
                    let files = ([copy] + ["-wal", "-shm"].map { copy + $0 }.filter(FileSystem.exists)).map(Self.shellQuoted).joined(separator: " ")
                    Output.line("A damaged history moved aside earlier may still hold old conversations, which this cannot erase: \(copy). To remove it for good: rm -- \(files)")
                }
            }
        } catch let error as HistoryError {
            throw CommandFailure(error.description)
        }
        return 0
    }

    /// A path as one shell word.
    static func shellQuoted(_ path: String) -> String {
        "'" + path.replacing("'", with: "'\\''") + "'"
    }
}
