import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Faults lose nothing and heal what is a cache: damaged files moved aside under names of
/// their own, a damaged index rebuilt wherever the damage is, a full disk still answered with
/// one warning, a history failure told as one, a shared --data-dir refused, never chmodded.
@Suite("confide: faults lose nothing and heal the cache")
struct FaultTests {
    static let question = "why does my partner keep saying no"

    static func junk(_ count: Int, label: String) -> [UInt8] {
        var bytes = (0..<count).map { _ in UInt8.random(in: 0...255) }
        bytes.replaceSubrange(0..<label.utf8.count, with: Array(label.utf8))
        return bytes
    }

    /// The name a file moved aside at `seconds` gets first (as confide's Clock.stamp: local time).
    static func movedAsideName(at seconds: Int) -> String {
        var value = time_t(seconds)
        var parts = tm()
        localtime_r(&value, &parts)
        var buffer = [CChar](repeating: 0, count: 64)
        let count = strftime(&buffer, buffer.count, "%Y%m%d-%H%M%S", &parts)
        return "history.sqlite3.damaged-" + String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    @Test("damaged history files moved aside in the same second all survive, byte for byte, and so does an earlier copy of that name")
    func movedAsideNamesAreUnique() async throws {
        let confide = try ConfideProcess()
        defer { confide.remove() }
        try FileManager.default.createDirectory(at: confide.dataDir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let file = confide.dataDir.appendingPathComponent("history.sqlite3")
        var written: [[UInt8]] = []
        // Copies already moved aside under the names the next seconds would give: none may be
        // replaced (as two damaged files found in one second would otherwise replace each other).
        let now = Int(time(nil))
        for second in now..<now + 10 {
            let decoy = Self.junk(1_024, label: "earlier copy \(second)")
            try Data(decoy).write(to: confide.dataDir.appendingPathComponent(Self.movedAsideName(at: second)))
            written.append(decoy)
        }
        for round in 0..<3 {
            let bytes = Self.junk(4_096, label: "junk round \(round)!!")
            try Data(bytes).write(to: file)
            written.append(bytes)
            let asked = try await confide.run(["ask", Self.question])
            #expect(asked.status == 0, "\(asked)")
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: confide.dataDir.path).filter { $0.hasPrefix("history.sqlite3.damaged-") && !$0.hasSuffix("-wal") && !$0.hasSuffix("-shm") }
        let kept = try names.map { [UInt8](try Data(contentsOf: confide.dataDir.appendingPathComponent($0))) }
        for (number, bytes) in written.enumerated() {
            #expect(kept.contains(bytes), "damaged file \(number) was lost (moved aside: \(names))")
        }
    }

    @Test("history forget --all says that a damaged copy moved aside still holds old conversations, and how to remove it")
    func forgetAllNamesMovedAsideCopies() async throws {
        let confide = try ConfideProcess()
        defer { confide.remove() }
        try FileManager.default.createDirectory(at: confide.dataDir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        try Data(Self.junk(4_096, label: "old damaged history")).write(to: confide.dataDir.appendingPathComponent("history.sqlite3"))
        let asked = try await confide.run(["ask", Self.question])
        #expect(asked.status == 0, "\(asked)")
        let moved = try #require(try FileManager.default.contentsOfDirectory(atPath: confide.dataDir.path).first { $0.hasPrefix("history.sqlite3.damaged-") })
        let forget = try await confide.run(["history", "forget", "--all"])
        #expect(forget.status == 0, "\(forget)")
        #expect(forget.out.contains(confide.dataDir.appendingPathComponent(moved).path), "the moved-aside copy is not named\n\(forget)")
        #expect(forget.out.contains("rm -- '"), "no way to remove it is given\n\(forget)")
        // Without one, nothing is said about it.
        try FileManager.default.removeItem(at: confide.dataDir.appendingPathComponent(moved))
        let again = try await confide.run(["history", "forget", "--all"])
        #expect(!again.out.contains("moved aside"), "\(again)")
    }

    enum Damage: String, CaseIterable, CustomStringConvertible {
        case header, middle, everyPage
        var description: String { rawValue }
    }

    @Test("an index damaged anywhere is detected and rebuilt: ask answers, index says so, and the next run is clean", arguments: Damage.allCases)
    func damagedIndexIsRebuilt(damage: Damage) async throws {
        let confide = try ConfideProcess()
        defer { confide.remove() }
        let built = try await confide.run(["index"])
        #expect(built.status == 0, "\(built)")
        let file = confide.dataDir.appendingPathComponent("index.sqlite3")
        var bytes = [UInt8](try Data(contentsOf: file))
        let pageSize = 4_096
        #expect(bytes.count >= 20 * pageSize, "the index is too small for this test: \(bytes.count) bytes")
        switch damage {
        case .header: bytes.replaceSubrange(0..<100, with: Self.junk(100, label: "header"))
        case .middle:
            // Every other page of the middle half, the first page left whole.
            for page in stride(from: bytes.count / pageSize / 4, to: bytes.count / pageSize * 3 / 4, by: 2) {
                bytes.replaceSubrange(page * pageSize..<(page + 1) * pageSize, with: Self.junk(pageSize, label: "page"))
            }
        case .everyPage: bytes = Self.junk(bytes.count, label: "every page")
        }
        try Data(bytes).write(to: file)

        let asked = try await confide.run(["ask", Self.question])
        #expect(asked.status == 0, "\(asked)")
        #expect(asked.out.contains(".md:"), "not answered\n\(asked)")
        #expect(!asked.looksLikeCrash, "\(asked)")

        // Damage the rebuilt one again the same way, and `index` finds it itself.
        try Data(bytes).write(to: file)
        let index = try await confide.run(["index"])
        #expect(index.status == 0, "\(index)")
        #expect(index.err.contains("damaged") && index.err.contains("rebuilt"), "index did not say it rebuilt a damaged index\n\(index)")
        let again = try await confide.run(["index"])
        #expect(again.status == 0 && again.err.isEmpty, "the rebuilt index is not whole\n\(again)")
        #expect(again.out.contains("Up to date"), "\(again)")
    }

    /// Runs confide with no room to write any file (`ulimit -f 0`, SIGXFSZ ignored): every write
    /// of a file fails as on a full disk; stdout and stderr are pipes, which the limit spares,
    /// and the last line of stderr is its exit status.
    func runOnFullDisk(_ confide: ConfideProcess, _ arguments: [String], limit: Int = 0) async throws -> ConfideResult {
        // Only confide runs under the limit (the subshell); the two cats carry its stdout and
        // stderr, as pipes, to the files the test reads.
        try await confide.shell(#"{ { ( ulimit -f $LIMIT; trap '' XFSZ; "$0" "$@"; echo "confide exited $?" >&2 ) | cat; } 2>&1 >&3 | cat >&2; } 3>&1"#,
                                confide.globalArguments + arguments, environment: ["LIMIT": String(limit)])
    }

    @Test("a full disk still gets an answer, with one 'not kept' warning; a history command's failure is told as the history's")
    func fullDisk() async throws {
        let confide = try ConfideProcess()
        defer { confide.remove() }
        let first = try await confide.run(["ask", Self.question])
        #expect(first.status == 0, "\(first)")

        let asked = try await runOnFullDisk(confide, ["ask", "what is responsive desire"])
        #expect(asked.out.contains(".md:"), "not answered on a full disk\n\(asked)")
        let warnings = asked.errLines.filter { !$0.hasPrefix("confide exited") }
        #expect(asked.err.contains("confide exited 0"), "\(asked)")
        #expect(warnings.count == 1, "expected one warning line\n\(asked)")
        #expect(asked.err.contains("not being kept"), "\(asked)")
        #expect(!asked.err.contains("responsive"), "a word of the question reached stderr\n\(asked)")

        // A history that opens but cannot be written: its failure is the history's, not the index's.
        let questions = (1...60).map { "why does my partner keep saying no \($0)" }.joined(separator: "\n") + "\n"
        _ = try await confide.run([], stdin: Data(questions.utf8))
        let forget = try await runOnFullDisk(confide, ["history", "forget", "--all"], limit: 80)
        #expect(forget.err.contains("confide exited 1"), "\(forget)")
        #expect(forget.err.contains("history"), "\(forget)")
        #expect(!forget.err.contains("index"), "a history failure is told as the index's\n\(forget)")
    }

    @Test("--data-dir at a shared folder (1777) or someone else's is refused with a clear message, and its mode is left alone")
    func sharedDataDirIsRefused() async throws {
        let confide = try ConfideProcess()
        defer { confide.remove() }
        let shared = confide.path("shared")
        try FileManager.default.createDirectory(at: shared, withIntermediateDirectories: false)
        chmod(shared.path, 0o1777)
        var folders: [(URL, mode_t)] = [(shared, 0o1777)]
        if getuid() == 0 {
            let others = confide.path("someone-elses")
            try FileManager.default.createDirectory(at: others, withIntermediateDirectories: false)
            chmod(others.path, 0o755)
            chown(others.path, 65534, 65534)
            folders.append((others, 0o755))
        } else {
            folders.append((URL(fileURLWithPath: "/"), 0o755))
        }
        for (folder, mode) in folders {
            let result = try await confide.run(["--knowledge", confide.knowledge.path, "--data-dir", folder.path, "ask", Self.question], globals: false)
            #expect(result.status == 1, "\(result)")
            #expect(result.errLines.count == 1 && result.err.contains(folder.path) && result.err.contains("--data-dir"), "\(result)")
            var info = stat()
            stat(folder.path, &info)
            #expect(info.st_mode & 0o7777 == mode, "the folder's mode was changed to \(String(info.st_mode & 0o7777, radix: 8))")
            let contents = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
            #expect(!contents.contains("history.sqlite3") && !contents.contains("index.sqlite3"), "\(contents)")
        }
    }
}
