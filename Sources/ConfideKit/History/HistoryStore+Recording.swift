extension HistoryStore {
    /// Keeps one turn, committed durably before this returns. With `conversation` nil, a new
    /// conversation is started, titled by the question. Returns the conversation's id.
    @discardableResult
    public func record(_ answer: Answer, in conversation: Int64? = nil, at time: Int64 = Clock.now()) throws -> Int64 {
        // Bounded storage: a message over the length confide reads is kept as far as that.
        var kept = answer
        if QuestionLength.excess(answer.question) != nil {
            kept.question = String(String.UnicodeScalarView(answer.question.unicodeScalars.prefix(QuestionLength.maximum))) + "\u{2026}"
        }
        return try write {
            var id = conversation
            if let existing = id, try database.integer("SELECT 1 FROM conversations WHERE id = ?", [.integer(existing)]) == nil {
                id = nil
            }
            if id == nil {
                let number = try nextConversationNumber()
                try database.run("INSERT INTO conversations(id, started, title) VALUES(?, ?, ?)", [.integer(number), .integer(time), .text(Self.title(for: kept.question))])
                id = number
            }
            kept.conversation = id
            try database.run("INSERT INTO turns(conversation, asked, question, answer) VALUES(?, ?, ?, ?)", [
                .integer(id!), .integer(time), .text(kept.question), .text(kept.json.encoded()),
            ])
            let excerpts = (answer.citations.map(\.excerpt) + [answer.fallback].compactMap { $0 }).joined(separator: "\n")
            try database.run("INSERT INTO turn_text(rowid, question, excerpts) VALUES(?, ?, ?)", [
                .integer(database.lastInsertRowID), .text(kept.question), .text(excerpts),
            ])
            return id!
        }
    }

    /// A number never given to a conversation before, even one since forgotten: an export
    /// named after conversation 2, or a note "see #2", must not come to point at other words.
    /// The highest number given is kept in a table of its own (a number, nothing of what was
    /// asked), created by the first conversation that needs it; a history made before it
    /// starts from its highest conversation.
    func nextConversationNumber() throws -> Int64 {
        try database.execute("CREATE TABLE IF NOT EXISTS conversation_numbers(last INTEGER NOT NULL)")
        let given = try database.integer("SELECT max(last) FROM conversation_numbers") ?? 0
        let present = try database.integer("SELECT max(id) FROM conversations") ?? 0
        let next = max(given, present) + 1
        try database.run("DELETE FROM conversation_numbers")
        try database.run("INSERT INTO conversation_numbers(last) VALUES(?)", [.integer(next)])
        return next
    }

    /// The conversation the latest turn belongs to.
    public func latestConversation() throws -> Int64? {
        try database.integer("SELECT conversation FROM turns ORDER BY id DESC LIMIT 1")
    }

    /// A title from the first question: one line, at most 60 characters.
    static func title(for question: String) -> String {
        let line = question.split(whereSeparator: \.isNewline).first.map { $0.trimmingWhitespace } ?? ""
        let words = line.split(whereSeparator: \.isWhitespace)
        var title = ""
        for word in words {
            if title.count + word.count + 1 > 60 {
                title += "\u{2026}"
                break
            }
            title += (title.isEmpty ? "" : " ") + word
        }
        if title.isEmpty { title = String(line.prefix(60)) }
        return title.isEmpty ? "(untitled)" : title
    }
}

extension HistoryStore {
    /// The last question asked in a conversation (what a follow-up follows).
    public func lastQuestion(in conversation: Int64) throws -> String? {
        try database.scalar("SELECT question FROM turns WHERE conversation = ? ORDER BY id DESC LIMIT 1", [.integer(conversation)])?.text
    }
}
