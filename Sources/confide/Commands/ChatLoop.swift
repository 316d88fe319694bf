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
        if context.terminal.isInteractiveInput && context.terminal.isInteractiveOutput {
            return try CompanionSession(context: context).run()
        }
        let thread = ConversationThread(context: context, companion: try context.companion())
        let renderer = AnswerRenderer(terminal: context.terminal)
        while let line = readLine(strippingNewline: true) {
            guard line.contains(where: { !$0.isWhitespace }) else { continue }
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
}
