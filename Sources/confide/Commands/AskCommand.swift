import ConfideKit

struct AskCommand: Command {
    static let spec = CommandSpec(
        name: "ask",
        abstract: "Answer a question from the articles, with cited excerpts.",
        arguments: [ArgumentSpec(name: "QUESTION", help: "The question, in your own words (quote it or not).", isRepeating: true)],
        options: [
            .flag("json", "Print one JSON object instead of text (the shape is in the README)."),
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
        var answer = try context.companion().answer(question, following: previous)
        // Kept before it is shown: what reached the screen is already on disk.
        answer.conversation = context.record(answer, in: latest)
        if explain {
            var explanation = Explanation(companion: try context.companion())
            explanation.meaning = try context.meaningSearch()
            explanation.modelProblem = context.modelProblem
            Output.out(try explanation.render(question, following: previous, style: context.terminal.style))
            Output.line()
        }
        if json {
            Output.line(answer.json.encoded())
        } else {
            Output.out(AnswerRenderer(terminal: context.terminal).render(answer))
        }
        return 0
    }
}
