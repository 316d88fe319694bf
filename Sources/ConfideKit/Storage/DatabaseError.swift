import CSQLite

/// A failed SQLite call: the result code, SQLite's message and, when there was one, the SQL.
public struct DatabaseError: Error, CustomStringConvertible, Sendable {
    public let code: Int32
    public let message: String
    public let sql: String?
    /// The database file it came from, so that a history failure is told as one, not as the
    /// index's.
    public var file: String?

    public init(code: Int32, message: String, sql: String? = nil, file: String? = nil) {
        self.code = code
        self.message = message
        self.sql = sql
        self.file = file
    }

    /// The primary result code (SQLITE_BUSY for SQLITE_BUSY_SNAPSHOT, and so on).
    public var primaryCode: Int32 { code & 0xff }

    public var isBusy: Bool { primaryCode == SQLITE_BUSY || primaryCode == SQLITE_LOCKED }

    /// The file is not a database, or its pages are damaged.
    public var isDamage: Bool { primaryCode == SQLITE_CORRUPT || primaryCode == SQLITE_NOTADB }

    /// The disk is full, the file cannot be written or grown, or the system failed to do so.
    public var isStorageFailure: Bool {
        [SQLITE_FULL, SQLITE_IOERR, SQLITE_READONLY, SQLITE_CANTOPEN, SQLITE_PERM].contains(primaryCode)
    }

    public var description: String {
        // The SQL never carries user text (it is always bound), so it is safe to show.
        if let sql { return "SQLite error \(code): \(message) (in \(sql))" }
        return "SQLite error \(code): \(message)"
    }
}
