import Foundation
import Testing
@testable import ConfideKit

/// A SQLite file confide did not make, where the index or the history should be, is never
/// written into or emptied: the history refuses it with a clear message, the index (a cache)
/// moves it aside whole. Real SQLite files in a temporary folder.
@Suite struct ForeignDatabaseTests {
    /// Another program's database at `path`, with a row of its own; returns its bytes.
    func makeForeign(at path: String, table: String = "notes") throws -> [UInt8] {
        do {
            let other = try Database(path: path)
            try other.execute("CREATE TABLE \(table)(id INTEGER PRIMARY KEY, body TEXT); INSERT INTO \(table)(body) VALUES('someone else''s precious data')")
        }
        return Array(try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    @Test("a foreign history.sqlite3 is refused, named, and left byte for byte as it was", arguments: ["notes", "conversations"])
    func foreignHistoryIsRefused(table: String) throws {
        let directory = TemporaryDirectory()
        let data = directory.file("data")
        try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let path = data + "/history.sqlite3"
        let before = try makeForeign(at: path, table: table)
        #expect(throws: HistoryError.self) { try HistoryStore(directory: data) }
        do {
            _ = try HistoryStore(directory: data)
        } catch {
            #expect("\(error)".contains("did not make"), "\(error)")
            #expect("\(error)".contains(path))
        }
        #expect(Array(try Data(contentsOf: URL(fileURLWithPath: path))) == before, "the foreign file was written into")
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"), "the foreign file was switched to WAL")
    }

    @Test("a foreign index.sqlite3 is moved aside whole, and a new index made")
    func foreignIndexIsMovedAside() throws {
        let directory = TemporaryDirectory()
        let knowledge = Fixtures.smallFolder(in: directory)
        let path = directory.file("index.sqlite3")
        let before = try makeForeign(at: path)
        let index = try KnowledgeIndex(path: path, folder: KnowledgeFolder(path: knowledge))
        try index.refresh()
        #expect(try index.articles().count == 2)
        #expect(index.notices.count == 1 && index.notices[0].contains("did not make"), "\(index.notices)")
        let moved = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasPrefix("index.sqlite3.foreign-") }
        #expect(moved.count == 1, "\(moved)")
        if let name = moved.first {
            #expect(Array(try Data(contentsOf: URL(fileURLWithPath: directory.file(name)))) == before, "the foreign file was changed")
        }
        // The new index is confide's own: opened again, nothing is moved.
        let again = try KnowledgeIndex(path: path, folder: KnowledgeFolder(path: knowledge))
        #expect(again.notices.isEmpty)
    }

    @Test("an index or history made before the application id is still recognised as confide's")
    func olderFilesAreOurs() throws {
        let directory = TemporaryDirectory()
        let knowledge = Fixtures.smallFolder(in: directory)
        let path = directory.file("index.sqlite3")
        do { try KnowledgeIndex(path: path, folder: KnowledgeFolder(path: knowledge)).refresh() }
        do { try Database(path: path).execute("PRAGMA application_id = 0") }
        let index = try KnowledgeIndex(path: path, folder: KnowledgeFolder(path: knowledge))
        #expect(index.notices.isEmpty)
        #expect(try index.articles().count == 2)
    }
}
