import ConfideKit

struct AskCommand: Command {
    static let spec = CommandSpec(
        name: "ask",
        abstract: "Answer a question from the articles, with cited excerpts.",
        arguments: [ArgumentSpec(name: "QUESTION", help: "The question, in your own words (quote it or not).", isRepeating: true)],
        options: [
            .flag("json", "Print one JSON object instead of text (the shape is in the README). Kept in the history like any question: a script keeps out of it with --private, CONFIDE_PRIVATE=1, or its own --data-dir."),
            .flag("continue", "Add this question to the latest conversation instead of starting one."),
            .flag("explain", "Show how the question was read (concepts, expansions, corrections) and why each passage ranked where it did."),
        ],
        discussion: "Answers quote one to three passages, each cited as article \u{203A} section and file:line. When nothing answers the question well, confide says so rather than guessing."
    )

    var question: String
    var json: Bool
    var continues: Bool
    var explain: Bool

    init(_ arguments: ParsedArguments) throws(UsageError) {
        question = arguments.positionals.joined(separator: " ")
        json = arguments.has("json")
        continues = arguments.has("continue")
        explain = arguments.has("explain")
        guard question.contains(where: { !$0.isWhitespace }) else {
            throw UsageError(message: "the question is empty: confide ask QUESTION...", command: "ask")
        }
    }

    func run(_ context: Context) throws -> Int32 {
        if let missing = try context.locations().missingKnowledge {
            // Help first, even without articles; then where they were looked for.
            if let notice = context.safetyWithoutArticles(question) {
                let answer = Answer(question: question, conversation: nil, safety: notice, citations: [], related: [], fallback: nil, highlightStems: [])
                Output.out(json ? answer.json.encoded() + "\n" : AnswerRenderer(terminal: context.terminal).render(answer))
            }
            throw CommandFailure(missing.description)
        }
        let latest = continues ? (try? context.history()?.latestConversation()) ?? nil : nil
        let previous = latest.flatMap { (try? context.history()?.lastQuestion(in: $0)) ?? nil }
        var answer = try context.companion().reply(to: question, following: previous)
        // Kept before it is shown: what reached the screen is already on disk. A greeting or a
        // thanks is not. (`--json` is kept like any question, as the contract says; a script
        // keeps out of the history with CONFIDE_PRIVATE=1 or a CONFIDE_DATA_DIR of its own.)
        let keep = answer.invitation == nil || answer.invitation == .vague
        if keep { answer.conversation = context.record(answer, in: latest) }
        var explanation: String?
        if explain {
            var explaining = Explanation(companion: try context.companion())
            explaining.meaning = try context.meaningSearch()
            explaining.modelProblem = context.modelProblem
            explanation = try explaining.render(question, following: previous, style: json ? Style(enabled: false) : context.terminal.style)
        }
        if json {
            // One JSON object on stdout, the explanation (if asked for) inside it.
            var object = answer.json
            if let explanation, case .object(var fields) = object {
                fields.append(("explanation", .string(explanation)))
                object = .object(fields)
            }
            Output.line(object.encoded())
        } else {
            if let explanation { Output.out(explanation + "\n") }
            Output.out(AnswerRenderer(terminal: context.terminal).render(answer))
        }
        return 0
    }
}
