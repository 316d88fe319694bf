import ConfideKit

/// A command typed at the companion's prompt, starting with `/`.
struct SlashCommand: Sendable {
    var name: String
    var arguments: String
    var summary: String
    var detail: String
    var run: @Sendable (CompanionSession, [String]) throws -> Void
    /// Candidates for the word after the command.
    var completions: (@Sendable (CompanionSession) -> [String])? = nil
}

extension CompanionSession {
    static let slashCommands: [SlashCommand] = [
        SlashCommand(name: "help", arguments: "[COMMAND]", summary: "list the commands, or say more about one",
                     detail: "Type a question in your own words to get cited passages from the articles. Lines that start with / are commands.",
                     run: { session, words in session.help(words.first) },
                     completions: { _ in CompanionSession.slashCommands.map(\.name) }),
        SlashCommand(name: "more", arguments: "", summary: "the next best passages for the last question (also: more)",
                     detail: "Shows up to three more passages for your last question, skipping the ones already shown.",
                     run: { session, _ in try session.more() }),
        SlashCommand(name: "open", arguments: "N", summary: "the whole passage of citation N, in its section",
                     detail: "Shows the section that citation N of the last answer comes from, with the cited passage marked.",
                     run: { session, words in try session.open(words) },
                     completions: { session in (session.lastAnswer?.citations ?? []).map { String($0.number) } }),
        SlashCommand(name: "articles", arguments: "", summary: "list the articles with a one-line summary",
                     detail: "Lists every article. Read one with /read and its slug or number.",
                     run: { session, _ in try session.articles() }),
        SlashCommand(name: "read", arguments: "SLUG|N [SECTION]", summary: "read an article, or one of its sections",
                     detail: "Reads an article through the pager ($PAGER, default less -R). SECTION is a section's number or the start of its heading.",
                     run: { session, words in try session.read(words) },
                     completions: { session in (try? session.context.index().articles().map(\.slug)) ?? [] }),
        SlashCommand(name: "related", arguments: "[N]", summary: "related reading of the last answer or article",
                     detail: "Lists the articles related to the last answer's first citation, or to the article you read last. /related N opens the N-th.",
                     run: { session, words in try session.related(words) },
                     completions: { session in session.lastRelated.indices.map { String($0 + 1) } }),
        SlashCommand(name: "history", arguments: "[N | search WORDS]", summary: "past conversations: list, show one, or search",
                     detail: "/history lists your conversations, newest first. /history N shows one. /history search WORDS finds questions and answers. They are kept on this machine only.",
                     run: { session, words in try session.history(words) },
                     completions: { session in ["search"] + session.conversationNumbers() }),
        SlashCommand(name: "export", arguments: "N [FILE]", summary: "save conversation N (readable by you alone)",
                     detail: "Writes conversation N as Markdown into the exports folder beside your history, or to FILE (~/ works; a name ending in .json gets JSON). The file is private and never overwrites another.",
                     run: { session, words in try session.export(words) },
                     completions: { session in session.conversationNumbers() }),
        SlashCommand(name: "forget", arguments: "[N]", summary: "erase conversation N (default: this one), after asking",
                     detail: "Erases a conversation from the history file for good, and from what Up and Ctrl-R recall. It asks first.",
                     run: { session, words in try session.forget(words) },
                     completions: { session in session.conversationNumbers() }),
        SlashCommand(name: "private", arguments: "", summary: "go off the record (or back on) for the rest of the session",
                     detail: "Off the record, nothing you type is kept: not in the history, not in line recall. The prompt shows it.",
                     run: { session, _ in session.togglePrivate() }),
        SlashCommand(name: "clear", arguments: "", summary: "wipe the screen and the scrollback at once",
                     detail: "Clears the screen and the terminal's scrollback, for when someone walks in.",
                     run: { session, _ in session.clearScreen() }),
        SlashCommand(name: "quit", arguments: "", summary: "leave (Ctrl-D too); everything is already saved",
                     detail: "Leaves confide. Every answered question is already saved (unless off the record).",
                     run: { session, _ in session.finished = true }),
    ]

    static func slashCommand(named name: String) -> SlashCommand? {
        let lowered = name.lowercased()
        if lowered == "exit" { return slashCommands.first { $0.name == "quit" } }
        return slashCommands.first { $0.name == lowered }
    }
}
