import Testing
@testable import ConfideKit

@Suite struct DatabaseTests {
    @Test func roundTripsEveryValueKind() throws {
        let directory = TemporaryDirectory()
        let database = try Database(path: directory.file("values.sqlite3"))
        try database.execute("CREATE TABLE t(a, b, c, d, e)")
        try database.run("INSERT INTO t VALUES(?, ?, ?, ?, ?)", [.null, .integer(42), .real(1.5), .text("caf\u{e9} \u{1F622}"), .blob([0, 1, 255])])
        let row = try database.rows("SELECT a, b, c, d, e FROM t") { [$0[0], $0[1], $0[2], $0[3], $0[4]] }.first
        #expect(row == [.null, .integer(42), .real(1.5), .text("caf\u{e9} \u{1F622}"), .blob([0, 1, 255])])
    }

    @Test func errorsCarryCodeMessageAndSQL() throws {
        let directory = TemporaryDirectory()
        let database = try Database(path: directory.file("errors.sqlite3"))
        do {
            try database.execute("SELECT * FROM missing_table")
            Issue.record("a query on a missing table must throw")
        } catch let error as DatabaseError {
            #expect(error.primaryCode == 1)
            #expect(error.message.contains("missing_table"))
            #expect(error.sql == "SELECT * FROM missing_table")
        }
    }

    @Test func transactionRollsBackWhenTheBodyThrows() throws {
        struct Stop: Error {}
        let directory = TemporaryDirectory()
        let database = try Database(path: directory.file("tx.sqlite3"))
        try database.execute("CREATE TABLE t(x)")
        #expect(throws: Stop.self) {
            try database.transaction {
                try database.run("INSERT INTO t VALUES(1)")
                throw Stop()
            }
        }
        #expect(try database.integer("SELECT count(*) FROM t") == 0)
        try database.transaction { try database.run("INSERT INTO t VALUES(2)") }
        #expect(try database.integer("SELECT count(*) FROM t") == 1)
    }

    @Test func openingAFileThatIsNotADatabaseFailsAsDamage() throws {
        let directory = TemporaryDirectory()
        let path = directory.write("junk.sqlite3", String(repeating: "this is not a database ", count: 200))
        do {
            let database = try Database(path: path)
            _ = try database.userVersion
            Issue.record("reading a junk file must throw")
        } catch let error as DatabaseError {
            #expect(error.isDamage)
        }
    }

    @Test func openingAMissingFileReadOnlyFails() {
        #expect(throws: DatabaseError.self) {
            _ = try Database(path: "/nonexistent-folder/x.sqlite3", mode: .readOnly)
        }
    }

    @Test func userVersionIsStored() throws {
        let directory = TemporaryDirectory()
        do {
            let database = try Database(path: directory.file("v.sqlite3"))
            try database.setUserVersion(7)
        }
        #expect(try Database(path: directory.file("v.sqlite3")).userVersion == 7)
    }
}
