extension HistoryStore {
    /// Conversations, newest first.
    public func conversations() throws -> [ConversationSummary] {
        try database.rows("""
            SELECT c.id, c.started, c.title, count(t.id), coalesce(max(t.asked), c.started)
            FROM conversations c LEFT JOIN turns t ON t.conversation = c.id
            GROUP BY c.id ORDER BY max(t.id) DESC, c.id DESC
            """) { row in
            ConversationSummary(id: row.integer(0), started: row.integer(1), title: row.text(2), turnCount: row.int(3), lastAsked: row.integer(4))
        }
    }

    public func conversation(_ id: Int64) throws -> Conversation {
        guard let summary = try conversations().first(where: { $0.id == id }) else {
            throw HistoryError.noConversation(id)
        }
        let turns = try database.rows("SELECT id, conversation, asked, question, answer FROM turns WHERE conversation = ? ORDER BY id", [.integer(id)], Self.readTurn)
        return Conversation(summary: summary, turns: turns)
    }

    /// Earlier questions, oldest first, for recalling lines in the companion.
    public func recentQuestions(limit: Int) throws -> [String] {
        try database.rows("SELECT question FROM (SELECT id, question FROM turns ORDER BY id DESC LIMIT ?) ORDER BY id", [.integer(Int64(limit))]) { $0.text(0) }
    }

    /// Turns whose question or excerpts match `words`, best first. Any text is safe here: every
    /// word is quoted for FTS5.
    public func search(_ words: String, limit: Int = 20) throws -> [HistoryMatch] {
        let tokens = Words.tokens(words)
        let content = tokens.filter { !StopWords.contains($0) }
        guard let pattern = FTS5Pattern.matchingAny(of: content.isEmpty ? tokens : content) else { return [] }
        return try database.rows("""
            SELECT t.id, t.conversation, t.asked, t.question, t.answer, c.title,
                   snippet(turn_text, -1, ?2, ?3, '\u{2026}', 14)
            FROM turn_text JOIN turns t ON t.id = turn_text.rowid JOIN conversations c ON c.id = t.conversation
            WHERE turn_text MATCH ?1 ORDER BY rank LIMIT ?4
            """, [.text(pattern.rawPattern), .text(HistoryMatch.open), .text(HistoryMatch.close), .integer(Int64(limit))]) { row in
            HistoryMatch(turn: Self.readTurn(row), conversationTitle: row.text(5), snippet: row.text(6))
        }
    }

    static func readTurn(_ row: Row) -> Turn {
        Turn(id: row.integer(0), conversation: row.integer(1), asked: row.integer(2), question: row.text(3),
             answer: JSONParser.parse(row.text(4)) ?? .null)
    }
}
