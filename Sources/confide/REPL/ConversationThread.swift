import ConfideKit

/// One conversation as it goes on, shared by the companion at a terminal and piped input: the
/// last question (which a follow-up is read with), the passages already shown ("more"), and
/// the history conversation its turns are kept in.
final class ConversationThread {
    let context: Context
    /// Made afresh when the articles change between lines (see `Context.refreshForNextQuestion`).
    var companion: Companion
    var conversation: Int64?
    var lastQuestion: String?
    var lastAnswer: Answer?
    var shown: Set<Int64> = []

    init(context: Context, companion: Companion) {
        self.context = context
        self.companion = companion
    }

    /// Answers a line, or invites the person to say more. `recorded`: keep the turn.
    func ask(_ question: String, recorded: Bool) throws -> Answer {
        var answer = try companion.reply(to: question, following: lastQuestion)
        // A greeting or a thanks is not worth a conversation of its own; a vague first line
        // ("will it always be like this") is what the person wanted to say, and is kept.
        if recorded && (answer.invitation == nil || answer.invitation == .vague) {
            answer.conversation = context.record(answer, in: conversation)
            conversation = answer.conversation ?? conversation
        }
        // An invitation leaves the thread as it was: the next line is not read with "hi".
        if answer.invitation == nil {
            lastQuestion = question
            lastAnswer = answer
            shown = Set(answer.citations.map(\.passageID))
        }
        return answer
    }

    enum More {
        case answer(Answer)
        case nothingAsked
        case exhausted
    }

    /// The next passages for the last question. The turn is kept as what the person typed.
    func more(typed: String, recorded: Bool) throws -> More {
        guard let question = lastQuestion, let previous = lastAnswer else { return .nothingAsked }
        // A follow-up's next passages are still read with what it followed.
        var answer = try companion.answer(question, following: previous.readWith, skipping: shown)
        guard !answer.citations.isEmpty else { return .exhausted }
        answer.related = previous.related
        if recorded {
            var kept = answer
            kept.question = typed
            answer.conversation = context.record(kept, in: conversation)
            conversation = answer.conversation ?? conversation
        }
        shown.formUnion(answer.citations.map(\.passageID))
        lastAnswer = answer
        return .answer(answer)
    }

    /// Words typed alone on a line that mean a command, not a question, in either mode.
    enum Word {
        case more, quit, help
    }

    static func word(_ line: String) -> Word? {
        var text = line.lowercased().trimmingCharacters(" \t\r\n")
        while let last = text.last, ".!?".contains(last) { text.removeLast() }
        // The companion's slash commands mean the same when piped: "/quit" stops, it is not a
        // question to answer.
        if text.hasPrefix("/"), ["/more", "/quit", "/exit", "/help"].contains(text) { text.removeFirst() }
        switch text {
        case "more", "more please": return .more
        case "quit", "exit", "bye", "goodbye", "bye bye", "good bye", ":q": return .quit
        case "help", "?": return .help
        default: return nil
        }
    }
}
