import ConfideKit

/// Past conversations as a person reads them, and as JSON.
struct HistoryView {
    var terminal: Terminal

    func list(_ conversations: [ConversationSummary]) -> String {
        guard !conversations.isEmpty else { return "No conversations kept yet.\n" }
        let style = terminal.style
        var out = style.dim("   ID  DATE              TURNS  TITLE") + "\n"
        for conversation in conversations {
            let id = String(conversation.id)
            let turns = String(conversation.turnCount)
            out += String(repeating: " ", count: max(0, 5 - id.count)) + style.number(id) + "  "
            out += Clock.localMinute(conversation.started) + "  "
            out += String(repeating: " ", count: max(0, 5 - turns.count)) + turns + "  "
            out += conversation.title + "\n"
        }
        return out
    }

    func listJSON(_ conversations: [ConversationSummary]) -> JSON {
        .array(conversations.map {
            .object([
                ("id", .int($0.id)), ("started", .string(Clock.iso8601($0.started))), ("last", .string(Clock.iso8601($0.lastAsked))),
                ("turns", .int(Int64($0.turnCount))), ("title", .string($0.title)),
            ])
        })
    }

    func show(_ conversation: Conversation) -> String {
        let style = terminal.style
        var out = style.bold("\(conversation.summary.id). \(conversation.summary.title)") + "  " + style.dim(Clock.localMinute(conversation.summary.started)) + "\n"
        let renderer = AnswerRenderer(terminal: terminal)
        for turn in conversation.turns {
            out += "\n" + style.dim(Clock.localMinute(turn.asked)) + "  " + style.bold("> " + turn.question.replacingNewlinesForDisplay) + "\n\n"
            if let answer = Answer(json: turn.answer) { out += renderer.render(answer) }
        }
        return out
    }

    func search(_ matches: [HistoryMatch], openHint: String = "Open one with: confide history show N") -> String {
        guard !matches.isEmpty else { return "Nothing in your history matches that.\n" }
        let style = terminal.style
        // One line per conversation (best match first), its matching snippets under it.
        var order: [Int64] = []
        var grouped: [Int64: [HistoryMatch]] = [:]
        for match in matches {
            if grouped[match.turn.conversation] == nil { order.append(match.turn.conversation) }
            grouped[match.turn.conversation, default: []].append(match)
        }
        var out = ""
        for id in order {
            let group = grouped[id]!
            let heading = style.number("\(id).") + " " + style.dim(Clock.localMinute(group[0].turn.asked)) + "  " + group[0].conversationTitle.replacingNewlinesForDisplay
            out += TextWrap.wrap(heading, width: terminal.readingWidth, indent: "   ", firstIndent: "") + "\n"
            for match in group {
                let snippet = match.snippet { style.enabled ? style.highlight($0) : "[\($0)]" }.replacingNewlinesForDisplay
                out += TextWrap.wrap(snippet, width: terminal.readingWidth, indent: "     ", firstIndent: "   \u{00B7} ") + "\n"
            }
        }
        out += "\n" + style.dim(openHint) + "\n"
        return out
    }

    func searchJSON(_ matches: [HistoryMatch]) -> JSON {
        .array(matches.map {
            .object([
                ("conversation", .int($0.turn.conversation)), ("turn", .int($0.turn.id)), ("asked", .string(Clock.iso8601($0.turn.asked))),
                ("question", .string($0.turn.question)), ("snippet", .string($0.snippet { "[\($0)]" })),
            ])
        })
    }
}

extension String {
    var replacingNewlinesForDisplay: String {
        String(map { $0.isNewline ? " " : $0 })
    }
}
