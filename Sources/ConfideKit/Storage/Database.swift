import CSQLite

#if canImport(Glibc)
import Glibc
#endif

/// One open SQLite connection. It owns its handle: closed in `deinit`, and closed even when
/// opening fails half-way. Not shared between threads.
public final class Database {
    let handle: OpaquePointer
    public let path: String

    public struct OpenMode: Sendable {
        let flags: Int32
        public static let readWriteCreate = OpenMode(flags: SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)
        public static let readWrite = OpenMode(flags: SQLITE_OPEN_READWRITE)
        public static let readOnly = OpenMode(flags: SQLITE_OPEN_READONLY)
    }

    public init(path: String, mode: OpenMode = .readWriteCreate) throws {
        var db: OpaquePointer?
        let code = sqlite3_open_v2(path, &db, mode.flags | SQLITE_OPEN_NOMUTEX, nil)
        guard let db else {
            throw DatabaseError(code: code, message: "cannot open \(path)", file: path)
        }
        guard code == SQLITE_OK else {
            let message = String(cString: sqlite3_errmsg(db))
            sqlite3_close_v2(db)
            throw DatabaseError(code: code, message: message, file: path)
        }
        sqlite3_extended_result_codes(db, 1)
        self.handle = db
        self.path = path
    }

    deinit {
        sqlite3_close_v2(handle)
    }

    /// Every SQLite return code goes through here.
    @discardableResult
    func check(_ code: Int32, sql: String? = nil) throws -> Int32 {
        switch code {
        case SQLITE_OK, SQLITE_ROW, SQLITE_DONE:
            return code
        default:
            throw DatabaseError(code: code, message: String(cString: sqlite3_errmsg(handle)), sql: sql, file: path)
        }
    }

    /// Runs one or more statements that take no parameters.
    public func execute(_ sql: String) throws {
        try check(sqlite3_exec(handle, sql, nil, nil, nil), sql: sql)
    }

    public func prepare(_ sql: String) throws -> Statement {
        try Statement(database: self, sql: sql)
    }

    /// Runs one statement with bound values, stepping it to the end.
    public func run(_ sql: String, _ values: [SQLValue] = []) throws {
        let statement = try prepare(sql)
        try statement.bind(values)
        try statement.run()
    }

    /// The rows of one query, each read by `read`.
    public func rows<T>(_ sql: String, _ values: [SQLValue] = [], _ read: (Row) throws -> T) throws -> [T] {
        let statement = try prepare(sql)
        try statement.bind(values)
        var result: [T] = []
        while let row = try statement.step() { result.append(try read(row)) }
        return result
    }

    /// The first column of the first row, or nil when there is no row.
    public func scalar(_ sql: String, _ values: [SQLValue] = []) throws -> SQLValue? {
        let statement = try prepare(sql)
        try statement.bind(values)
        guard let row = try statement.step() else { return nil }
        return row[0]
    }

    public func integer(_ sql: String, _ values: [SQLValue] = []) throws -> Int64? {
        try scalar(sql, values)?.integer
    }

    public var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }
    public var changes: Int { Int(sqlite3_changes(handle)) }

    public var userVersion: Int {
        get throws { Int(try integer("PRAGMA user_version") ?? 0) }
    }

    public func setUserVersion(_ version: Int) throws {
        try execute("PRAGMA user_version = \(version)")
    }

    public func setBusyTimeout(milliseconds: Int32) {
        sqlite3_busy_timeout(handle, milliseconds)
    }

    /// Runs `body` in a transaction: committed when it returns, rolled back when it throws.
    /// `immediate` takes the write lock at once, so that a read never has to be upgraded.
    public func transaction<T>(immediate: Bool = true, _ body: () throws -> T) throws -> T {
        try execute(immediate ? "BEGIN IMMEDIATE" : "BEGIN")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    /// Runs `body` again, for a while, when another process holds a lock SQLite would not wait
    /// for (it returns SQLITE_BUSY at once where waiting could deadlock, as when a journal mode
    /// changes), so that two sessions side by side both get through.
    public static func retryingWhenBusy<T>(attempts: Int = 40, _ body: () throws -> T) throws -> T {
        var attempt = 0
        while true {
            do {
                return try body()
            } catch let error as DatabaseError where error.isBusy && attempt < attempts {
                attempt += 1
                usleep(useconds_t(25_000 + Int.random(in: 0..<25_000)))
            }
        }
    }

    /// Whether the linked SQLite is at least the given version (3.42.0 is 3_042_000).
    public static func libraryVersionAtLeast(_ number: Int32) -> Bool {
        sqlite3_libversion_number() >= number
    }

    public static var libraryVersion: String { String(cString: sqlite3_libversion()) }
}
