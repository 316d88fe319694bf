import CSQLite

/// A prepared statement, finalized in `deinit`. It keeps its database alive and never escapes it
/// to another thread.
public final class Statement {
    let handle: OpaquePointer
    let database: Database
    public let sql: String

    init(database: Database, sql: String) throws {
        var statement: OpaquePointer?
        let code = sqlite3_prepare_v3(database.handle, sql, -1, 0, &statement, nil)
        guard code == SQLITE_OK, let statement else {
            sqlite3_finalize(statement)
            throw DatabaseError(code: code, message: String(cString: sqlite3_errmsg(database.handle)), sql: sql, file: database.path)
        }
        self.handle = statement
        self.database = database
        self.sql = sql
    }

    deinit {
        sqlite3_finalize(handle)
    }

    /// Clears earlier bindings and binds `values` to the parameters ?1, ?2, ...
    public func bind(_ values: [SQLValue]) throws {
        try database.check(sqlite3_reset(handle), sql: sql)
        try database.check(sqlite3_clear_bindings(handle), sql: sql)
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            let code: Int32
            switch value {
            case .null:
                code = sqlite3_bind_null(handle, index)
            case .integer(let number):
                code = sqlite3_bind_int64(handle, index, number)
            case .real(let number):
                code = sqlite3_bind_double(handle, index, number)
            case .text(let text):
                code = sqlite3_bind_text(handle, index, text, -1, confide_sqlite_transient())
            case .blob(let bytes):
                code = bytes.withUnsafeBytes { buffer in
                    sqlite3_bind_blob(handle, index, buffer.baseAddress, Int32(buffer.count), confide_sqlite_transient())
                }
            }
            try database.check(code, sql: sql)
        }
    }

    /// The next row, or nil when the statement is done.
    public func step() throws -> Row? {
        let code = sqlite3_step(handle)
        if code == SQLITE_ROW { return Row(statement: self) }
        if code == SQLITE_DONE { return nil }
        let error = DatabaseError(code: code, message: String(cString: sqlite3_errmsg(database.handle)), sql: sql, file: database.path)
        sqlite3_reset(handle)
        throw error
    }

    /// Ends a read early (a statement left mid-way keeps its read transaction open).
    public func reset() {
        sqlite3_reset(handle)
    }

    /// Steps to the end, ignoring any rows.
    public func run() throws {
        while try step() != nil {}
        sqlite3_reset(handle)
    }

    /// Binds, runs, and resets: for statements prepared once and run many times.
    public func run(_ values: [SQLValue]) throws {
        try bind(values)
        try run()
    }

    /// Binds and collects every row read by `read`.
    public func rows<T>(_ values: [SQLValue], _ read: (Row) throws -> T) throws -> [T] {
        try bind(values)
        var result: [T] = []
        while let row = try step() { result.append(try read(row)) }
        sqlite3_reset(handle)
        return result
    }
}

/// The current row of a statement; valid only until the statement steps again.
public struct Row {
    let statement: Statement

    public var count: Int { Int(sqlite3_column_count(statement.handle)) }

    public subscript(column: Int) -> SQLValue {
        let index = Int32(column)
        let handle = statement.handle
        switch sqlite3_column_type(handle, index) {
        case SQLITE_INTEGER:
            return .integer(sqlite3_column_int64(handle, index))
        case SQLITE_FLOAT:
            return .real(sqlite3_column_double(handle, index))
        case SQLITE_TEXT:
            guard let pointer = sqlite3_column_text(handle, index) else { return .null }
            let length = Int(sqlite3_column_bytes(handle, index))
            let buffer = UnsafeBufferPointer(start: pointer, count: length)
            return .text(String(decoding: buffer, as: UTF8.self))
        case SQLITE_BLOB:
            let length = Int(sqlite3_column_bytes(handle, index))
            guard length > 0, let pointer = sqlite3_column_blob(handle, index) else { return .blob([]) }
            return .blob(Array(UnsafeRawBufferPointer(start: pointer, count: length)))
        default:
            return .null
        }
    }

    /// A text column's bytes, without making a String of them (valid only inside `body`).
    public func withTextBytes<T>(_ column: Int, _ body: (UnsafeBufferPointer<UInt8>) -> T) -> T {
        let index = Int32(column)
        let pointer = sqlite3_column_text(statement.handle, index)
        let length = Int(sqlite3_column_bytes(statement.handle, index))
        return body(UnsafeBufferPointer(start: pointer, count: pointer == nil ? 0 : length))
    }

    public func text(_ column: Int) -> String { self[column].text ?? "" }
    public func optionalText(_ column: Int) -> String? { self[column].text }
    public func integer(_ column: Int) -> Int64 { self[column].integer ?? 0 }
    public func int(_ column: Int) -> Int { Int(self[column].integer ?? 0) }
    public func real(_ column: Int) -> Double { self[column].real ?? 0 }
    public func blob(_ column: Int) -> [UInt8] {
        if case .blob(let bytes) = self[column] { return bytes }
        return []
    }
}
