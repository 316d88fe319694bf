import ConfideKit

/// `confide` with no command: answers each line of input in turn. (A full readline companion
/// comes with the REPL; this is what piped input always gets.)
struct ChatLoop: Command {
    static let spec = CommandSpec(name: "", abstract: "Answer each line of input.")

    init(_ arguments: ParsedArguments) throws(UsageError) {}

    func run(_ context: Context) throws -> Int32 {
        let companion = try context.companion()
        let renderer = AnswerRenderer(terminal: context.terminal)
        let interactive = context.terminal.isInteractiveInput
        if interactive {
            Output.line("Ask me anything about desire, rejection or intimacy. Answers come from the articles in this folder, and nothing leaves this machine. Ctrl-D to leave.")
        }
        var conversation: Int64?
        while true {
            if interactive { Output.out("> ") }
            guard let line = readLine(strippingNewline: true) else { break }
            guard line.contains(where: { !$0.isWhitespace }) else { continue }
            var answer = try companion.answer(line)
            answer.conversation = context.record(answer, in: conversation)
            conversation = answer.conversation ?? conversation
            Output.out(renderer.render(answer) + "\n")
        }
        if interactive { Output.line() }
        return 0
    }
}
