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
            try database.run("DELETE FROM turn_text WHERE rowid IN (SELECT id FROM turns WHERE \(selection.0))", selection.1)
            try database.run("DELETE FROM turns WHERE \(selection.0)", selection.1)
            if case .conversation(let id) = scope {
                try database.run("DELETE FROM conversations WHERE id = ?", [.integer(id)])
            }
            try database.run("DELETE FROM conversations WHERE id NOT IN (SELECT conversation FROM turns)")
            return Int(count)
        }
        try scrub()
        return erased
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
