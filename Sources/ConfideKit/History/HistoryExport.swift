/// Conversations written out for the person to keep: Markdown to read, JSON for programs.
public enum HistoryExport {
    public enum Format: String, Sendable, CaseIterable { case markdown, json }

    /// Writes an export to a new file readable by its owner alone, whole or not at all (a
    /// temporary file in the same folder, renamed into place); an existing name, a link
    /// included, is refused rather than overwritten or written through.
    public static func save(_ text: String, to path: String) throws(FileSystemError) {
        try FileSystem.writeAtomically(Array(text.utf8), to: path, mode: 0o600, replace: false)
    }

    public static func json(_ conversations: [Conversation]) -> JSON {
        .object([
            ("conversations", .array(conversations.map { conversation in
                .object([
                    ("id", .int(conversation.summary.id)),
                    ("started", .string(Clock.iso8601(conversation.summary.started))),
                    ("title", .string(conversation.summary.title)),
                    ("turns", .array(conversation.turns.map { turn in
                        .object([
                            ("asked", .string(Clock.iso8601(turn.asked))),
                            ("question", .string(turn.question)),
                            ("answer", turn.answer),
                        ])
                    })),
                ])
            })),
        ])
    }

    public static func markdown(_ conversations: [Conversation]) -> String {
        var out = "# confide conversations\n"
        for conversation in conversations {
            out += "\n## \(conversation.summary.id). \(conversation.summary.title)\n\n"
            out += "Started \(Clock.localMinute(conversation.summary.started)).\n"
            for turn in conversation.turns {
                out += "\n### \(Clock.localMinute(turn.asked)): \(turn.question.replacingNewlines)\n\n"
                out += markdown(answer: turn.answer)
            }
        }
        return out
    }

    static func markdown(answer: JSON) -> String {
        var out = ""
        if let safety = answer["safety"], safety != .null {
            out += "**\(safety["message"]?.stringValue ?? "")**\n\n"
            for resource in safety["resources"]?.arrayValue ?? [] {
                out += "- \(resource["name"]?.stringValue ?? ""): \(resource["contact"]?.stringValue ?? "")\n"
            }
            out += "\n"
        }
        for citation in answer["citations"]?.arrayValue ?? [] {
            let article = citation["article"]?.stringValue ?? ""
            let place = citation["faq"]?.stringValue ?? citation["section"]?.stringValue
            out += "\(citation["n"]?.intValue ?? 0). \(article)\(place.map { " \u{203A} " + $0 } ?? "") (\(citation["source"]?.stringValue ?? ""))\n"
            out += "   > \(citation["excerpt"]?.stringValue ?? "")\n\n"
        }
        if let fallback = answer["fallback"]?.stringValue {
            out += fallback + "\n\n"
        }
        return out
    }
}
