/// Whether a SQLite file is one confide made. confide writes into its own files only: another
/// tool's database that happens to sit at `index.sqlite3` or `history.sqlite3` is never
/// emptied, migrated or switched to WAL. confide's files carry an application id
/// (`PRAGMA application_id`); files from before it are recognised by their tables.
public struct DatabaseOwner: Sendable {
    /// confide's mark for this kind of file.
    public let applicationID: Int32
    /// Tables that a file of this kind made before the mark always has.
    public let tables: Set<String>

    public init(applicationID: Int32, tables: Set<String>) {
        self.applicationID = applicationID
        self.tables = tables
    }

    /// The tables of a file another program made, or nil when it is confide's own or empty.
    public func foreignTables(in database: Database) throws -> [String]? {
        if try database.scalar("PRAGMA application_id")?.integer == Int64(applicationID) { return nil }
        let names = try database.rows("SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%' ORDER BY name") { $0.text(0) }
        if names.isEmpty || tables.isSubset(of: Set(names)) { return nil }
        return names
    }

    /// Marks a file confide just made as its own (inside the transaction that makes it).
    public func mark(_ database: Database) throws {
        try database.execute("PRAGMA application_id = \(applicationID)")
    }
}
