/// Which conversations to forget.
public enum ForgetScope: Sendable, Equatable {
    case conversation(Int64)
    case all
    /// Every turn asked before this time (seconds since the epoch); conversations left empty go too.
    case before(Int64)
}

extension HistoryStore {
    /// Erases for real: the rows, their words in the FTS5 index, the freed pages (secure_delete),
    /// the write-ahead log and the free space in the file. Returns how many turns were erased.
    @discardableResult
    public func forget(_ scope: ForgetScope) throws -> Int {
        let erased: Int = try write {
            let selection: (String, [SQLValue])
            switch scope {
            case .conversation(let id):
                guard try database.integer("SELECT 1 FROM conversations WHERE id = ?", [.integer(id)]) != nil else {
                    throw HistoryError.noConversation(id)
                }
                selection = ("conversation = ?", [.integer(id)])
            case .all:
                selection = ("1", [])
            case .before(let time):
                selection = ("asked < ?", [.integer(time)])
            }
            let count = try database.integer("SELECT count(*) FROM turns WHERE \(selection.0)", selection.1) ?? 0
            // What the remaining turns derived from the forgotten ones goes with them.
            let forgotten = try database.rows("SELECT DISTINCT question FROM turns WHERE \(selection.0)", selection.1) { $0.text(0) }
            let touched = try database.rows("SELECT DISTINCT conversation FROM turns WHERE \(selection.0)", selection.1) { $0.integer(0) }
            try database.run("DELETE FROM turn_text WHERE rowid IN (SELECT id FROM turns WHERE \(selection.0))", selection.1)
            try database.run("DELETE FROM turns WHERE \(selection.0)", selection.1)
            try eraseDerived(from: Set(forgotten), in: touched)
            if case .conversation(let id) = scope {
                try database.run("DELETE FROM conversations WHERE id = ?", [.integer(id)])
            }
            try database.run("DELETE FROM conversations WHERE id NOT IN (SELECT conversation FROM turns)")
            return Int(count)
        }
        try scrub()
        return erased
    }

    /// A conversation that keeps some turns must not keep the words of the forgotten ones: its
    /// title (made from its first question), a follow-up's `read_with` (the question it was
    /// read with), and "more" turns, which repeat the question they continued, are made again
    /// from what remains or erased.
    private func eraseDerived(from forgotten: Set<String>, in conversations: [Int64]) throws {
        guard !forgotten.isEmpty else { return }
        for conversation in conversations {
            let turns = try database.rows("SELECT id, question, answer FROM turns WHERE conversation = ? ORDER BY id", [.integer(conversation)]) {
                (id: $0.integer(0), question: $0.text(1), answer: $0.text(2))
            }
            for turn in turns {
                if turn.question.hasPrefix("more: "), forgotten.contains(String(turn.question.dropFirst(6))) {
                    try database.run("DELETE FROM turn_text WHERE rowid = ?", [.integer(turn.id)])
                    try database.run("DELETE FROM turns WHERE id = ?", [.integer(turn.id)])
                    continue
                }
                guard case .object(var members)? = JSONParser.parse(turn.answer),
                      let index = members.firstIndex(where: { $0.0 == "read_with" }),
                      case .string(let previous) = members[index].1, forgotten.contains(previous) else { continue }
                members[index].1 = .null
                try database.run("UPDATE turns SET answer = ? WHERE id = ?", [.text(JSON.object(members).encoded()), .integer(turn.id)])
            }
            if let first = try database.scalar("SELECT question FROM turns WHERE conversation = ? ORDER BY id LIMIT 1", [.integer(conversation)])?.text {
                try database.run("UPDATE conversations SET title = ? WHERE id = ?", [.text(Self.title(for: first)), .integer(conversation)])
            }
        }
    }

    /// Copies of the history moved aside when they were found damaged: they may still hold old
    /// conversations, which forgetting cannot reach.
    public func movedAsideCopies() -> [String] {
        let prefix = Self.fileName + ".damaged-"
        let names = (try? FileSystem.contents(ofDirectory: directory)) ?? []
        return names.filter { $0.hasPrefix(prefix) && !$0.hasSuffix("-wal") && !$0.hasSuffix("-shm") }.map { FileSystem.join(directory, $0) }
    }

    /// Rewrites what deleting left behind: FTS5 keeps deleted words in its index segments until
    /// they are merged, the WAL holds old page images until checkpointed, and free pages keep
    /// their bytes until the file is vacuumed.
    func scrub() throws {
        try Self.withRetry {
            try database.execute("INSERT INTO turn_text(turn_text) VALUES('optimize')")
            try database.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            try database.execute("VACUUM")
            try database.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        }
    }
}
