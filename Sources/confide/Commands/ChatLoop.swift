import ConfideKit

#if canImport(Glibc)
import Glibc
#endif

/// `confide` with no command: the companion at a terminal, or, with input from a pipe or a
/// file, each line answered in turn as one conversation.
struct ChatLoop: Command {
    static let spec = CommandSpec(name: "", abstract: "The companion.")

    init(_ arguments: ParsedArguments) throws(UsageError) {}

    func run(_ context: Context) throws -> Int32 {
        if let missing = try context.locations().missingKnowledge {
            return withoutArticles(context, missing)
        }
        if context.terminal.isInteractiveInput && context.terminal.isInteractiveOutput {
            return try CompanionSession(context: context).run()
        }
        let thread = ConversationThread(context: context, companion: try context.companion())
        let renderer = AnswerRenderer(terminal: context.terminal)
        while let line = readLine(strippingNewline: true) {
            guard line.contains(where: { !$0.isWhitespace }) else { continue }
            // As in the companion: each line sees the articles as they are now.
            if try context.refreshForNextQuestion() { thread.companion = try context.companion() }
            switch ConversationThread.word(line) {
            case .quit:
                return 0
            case .help:
                Output.out("Each line is answered as a question; 'more' shows the next passages, 'quit' stops. 'confide --help' lists the commands.\n\n")
            case .more:
                switch try thread.more(typed: "more", recorded: true) {
                case .answer(let answer): Output.out(renderer.render(answer) + "\n")
                case .nothingAsked: Output.out("Ask a question first; then 'more' shows the next passages for it.\n\n")
                case .exhausted: Output.out("That is everything the articles hold on that question.\n\n")
                }
            case nil:
                Output.out(renderer.render(try thread.ask(line, recorded: true)) + "\n")
            }
        }
        return 0
    }

    /// No folder of articles: say where it was looked for, and still check every line for
    /// signs of crisis or coercion, so that help is shown to someone who needs it. Exits 1
    /// (nothing could be answered) when the input ends.
    private func withoutArticles(_ context: Context, _ missing: Locations.Problem) -> Int32 {
        let renderer = AnswerRenderer(terminal: context.terminal)
        Output.error("confide: \(missing.description)")
        let interactive = context.terminal.isInteractiveInput && context.terminal.isInteractiveOutput
        if interactive {
            Output.line(TextWrap.wrap("There are no articles to answer from, so confide cannot answer questions until it has some. Ctrl-D leaves.", width: context.terminal.readingWidth))
        }
        while true {
            if interactive { Output.out("confide> ") }
            guard let line = readLine(strippingNewline: true) else { break }
            guard line.contains(where: { !$0.isWhitespace }) else { continue }
            if ConversationThread.word(line) == .quit { break }
            if let notice = context.safetyWithoutArticles(line) {
                Output.out(renderer.render(Answer(question: line, safety: notice)) + "\n")
            } else {
                Output.out(TextWrap.wrap("There are no articles to answer from (see the message above). Give a folder with --knowledge DIR.", width: context.terminal.readingWidth) + "\n\n")
            }
        }
        return 1
    }
}
