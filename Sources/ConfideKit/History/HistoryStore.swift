#if canImport(Glibc)
import Glibc
#endif

/// The private conversation history: one SQLite file in the data folder, readable by its owner
/// alone, durable at every turn, and erased for real when asked to forget.
public final class HistoryStore {
    public static let fileName = "history.sqlite3"

    let database: Database
    public let directory: String
    public var path: String { FileSystem.join(directory, Self.fileName) }
    /// Things the person should be told once (a file that was readable by others, a damaged
    /// history moved aside).
    public private(set) var notices: [String] = []

    /// Opens the history in `directory`, creating both with owner-only permissions from the
    /// first byte. A damaged file is moved aside, never deleted.
    public init(directory: String) throws(HistoryError) {
        self.directory = directory
        let previousMask = umask(0o077)
        defer { umask(previousMask) }
        var notices: [String] = []
        do {
            try FileSystem.makeDirectory(directory, mode: 0o700)
        } catch {
            throw .unavailable("cannot create \(directory): \(error.reason)")
        }
        notices += Self.tightenPermissions(directory: directory)
        let path = FileSystem.join(directory, Self.fileName)
        do {
            database = try Self.open(path)
        } catch let error as DatabaseError where error.isDamage {
            guard let moved = FileSystem.moveAside(path, label: "damaged") else {
                throw .unavailable("the history file \(path) is damaged and could not be moved aside")
            }
            notices.append("the history file was damaged; it was moved to \(moved) and a new one started")
            do {
                database = try Self.open(path)
            } catch {
                throw .unavailable("cannot start a new history at \(path): \(error)")
            }
        } catch let error as HistoryError {
            throw error
        } catch {
            throw .unavailable("cannot open the history at \(path): \(error)")
        }
        self.notices = notices
    }

    private static func open(_ path: String) throws -> Database {
        let database = try Database(path: path)
        database.setBusyTimeout(milliseconds: 5_000)
        // temp_store: nothing of a conversation goes to a temporary file outside this folder.
        try database.execute("PRAGMA secure_delete = ON; PRAGMA temp_store = MEMORY")
        let check = try database.scalar("PRAGMA quick_check")?.text ?? ""
        guard check == "ok" else {
            throw DatabaseError(code: 11 /* SQLITE_CORRUPT */, message: "quick_check: \(check.prefix(80))")
        }
        // Before anything is written: another program's database is left exactly as it is.
        if let tables = try HistorySchema.owner.foreignTables(in: database) {
            throw HistoryError.foreign(path, tables: tables)
        }
        // Switching a new file to WAL takes a lock SQLite does not wait for: several processes
        // starting a history at once each try again until the first has switched it.
        try Database.retryingWhenBusy { try database.execute("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON") }
        let version = try database.userVersion
        if version > HistorySchema.version { throw HistoryError.newerVersion(version) }
        if version < HistorySchema.version {
            try withRetry {
                try database.transaction {
                    // Another process may have created it since we looked.
                    guard try database.userVersion == 0 else { return }
                    try database.execute(HistorySchema.create)
                    try HistorySchema.owner.mark(database)
                    if Database.libraryVersionAtLeast(3_042_000) {
                        try database.execute("INSERT INTO turn_text(turn_text, rank) VALUES('secure-delete', 1)")
                    }
                    try database.setUserVersion(HistorySchema.version)
                }
            }
        }
        return database
    }

    /// A folder or file readable by others is made private, and the person is told.
    static func tightenPermissions(directory: String) -> [String] {
        var notices: [String] = []
        if let status = FileSystem.status(directory), status.mode & 0o077 != 0 {
            chmod(directory, 0o700)
            notices.append("\(directory) was readable by others; it is now private (0700)")
        }
        for suffix in ["", "-wal", "-shm"] {
            let file = FileSystem.join(directory, fileName + suffix)
            if let status = FileSystem.status(file), status.mode & 0o077 != 0 {
                chmod(file, 0o600)
                notices.append("\(file) was readable by others; it is now private (0600)")
            }
        }
        return notices
    }

    static func withRetry<T>(_ body: () throws -> T) throws -> T {
        try Database.retryingWhenBusy(body)
    }

    func write<T>(_ body: () throws -> T) throws -> T {
        try Self.withRetry { try database.transaction(immediate: true, body) }
    }
}
