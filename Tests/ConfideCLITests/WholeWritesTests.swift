import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Every file confide writes (an imported article, an export) is written whole or not at all,
/// onto its own name: a full disk leaves the old file as it was and no half file behind, and a
/// link at the name is never written through.
@Suite("confide: no write escapes its file")
struct WholeWritesTests {
    /// confide alone under `ulimit -f LIMIT` (512-byte blocks in dash; 0: as on a full disk, no
    /// file may grow); stdout and stderr through pipes, and its exit status on the last line of
    /// stderr.
    func runOnFullDisk(_ confide: ConfideProcess, _ arguments: [String], limit: Int = 0) async throws -> ConfideResult {
        try await confide.shell(#"{ { ( ulimit -f $LIMIT; trap '' XFSZ; "$0" "$@"; echo "confide exited $?" >&2 ) | cat; } 2>&1 >&3 | cat >&2; } 3>&1"#,
                                confide.globalArguments + arguments, environment: ["LIMIT": String(limit)])
    }

    @Test("import --force on a full disk leaves the old article whole, and no temporary file")
    func importOnFullDiskKeepsTheOldFile() async throws {
        let (sandbox, confide, knowledge) = try ImportAndCheckTests.sandbox()
        defer { sandbox.remove() }
        let source = sandbox.path("distant.txt")
        try Data(ImportAndCheckTests.text.utf8).write(to: source)
        let first = try await confide.run(["import", source.path, "--title", ImportAndCheckTests.title])
        #expect(first.status == 0, "\(first)")
        let written = knowledge.appendingPathComponent("\(ImportAndCheckTests.slug).md")
        let original = try Data(contentsOf: written)

        try Data(ImportAndCheckTests.text.replacingOccurrences(of: "drift", with: "zyxwchanged").utf8).write(to: source)
        let forced = try await runOnFullDisk(confide, ["import", source.path, "--title", ImportAndCheckTests.title, "--force"])
        #expect(forced.err.contains("confide exited 1"), "\(forced)")
        let after = try Data(contentsOf: written)
        #expect(after == original, "the old article was damaged by a failed write (\(after.count) bytes left)")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: knowledge.path).filter { $0.hasPrefix(".") }
        #expect(leftovers.isEmpty, "\(leftovers)")
    }

    @Test("history export -o onto a link is refused and writes nothing through it; on a full disk no half file is left")
    func exportStaysInItsFile() async throws {
        let confide = try ConfideProcess()
        defer { confide.remove() }
        // Sixty turns: an export of about 75 KB.
        let questions = (1...60).map { "why does my partner keep saying no \($0)" }.joined(separator: "\n") + "\n"
        let asked = try await confide.run([], stdin: Data(questions.utf8))
        #expect(asked.status == 0, "\(asked)")
        let target = confide.path("elsewhere.txt")
        let link = confide.path("export.md")
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: target.path)
        let export = try await confide.run(["history", "export", "1", "-o", link.path])
        #expect(export.status == 1, "\(export)")
        #expect(!FileManager.default.fileExists(atPath: target.path), "the export was written through the link")

        let output = confide.path("full.md")
        // Room for 40 KB in any one file: the history is read, the export cannot be written whole.
        let full = try await runOnFullDisk(confide, ["history", "export", "--all", "-o", output.path], limit: 80)
        #expect(full.err.contains("confide exited 1") && full.err.contains("cannot write"), "\(full)")
        #expect(!FileManager.default.fileExists(atPath: output.path), "a half export was left behind")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: confide.root.path).filter { $0.contains(".tmp-") }
        #expect(leftovers.isEmpty, "\(leftovers)")
    }
}
