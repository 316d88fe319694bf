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
        var companion = try context.companion()
        let renderer = AnswerRenderer(terminal: context.terminal)
        var conversation: Int64?
        var previous: String?
        while let line = readLine(strippingNewline: true) {
            guard line.contains(where: { !$0.isWhitespace }) else { continue }
            // As in the companion: each line sees the articles as they are now.
            if try context.refreshForNextQuestion() { companion = try context.companion() }
            var answer = try companion.answer(line, following: previous)
            answer.conversation = context.record(answer, in: conversation)
            conversation = answer.conversation ?? conversation
            previous = line
            Output.out(renderer.render(answer) + "\n")
        }
        return 0
    }
}
