import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Contract 7, 11, 12: `confide` with piped input, output to a closed pipe, and colour.
@Suite("confide: piped input and output")
struct PipedModeTests {
    @Test("one line piped in gets one answer with a file:line citation")
    func oneLine() async throws {
        let confide = try ConfideProcess()
        defer { confide.remove() }
        let result = try await confide.run([], stdin: Data("why do I take it so personally\n".utf8))
        #expect(result.status == 0, "\(result)")
        #expect(!result.looksLikeCrash, "\(result)")
        let citationLines = result.out.split(separator: "\n").filter { $0.contains(/\.md:\d+/) }
        #expect(!citationLines.isEmpty, "no citation line with .md: in\n\(result)")
        #expect(answerCount(result.out) == 1, "\(result)")
    }

    @Test("a last line without a newline is still answered")
    func lineWithoutNewline() async throws {
        let confide = try ConfideProcess()
        defer { confide.remove() }
        let result = try await confide.run([], stdin: Data("why do I take it so personally".utf8))
        #expect(result.status == 0, "\(result)")
        #expect(result.out.contains(".md:"), "\(result)")
    }

    @Test("two lines piped in get two answers")
    func twoLines() async throws {
        let confide = try ConfideProcess()
        defer { confide.remove() }
        let input = "why do I take it so personally\nwhat is responsive desire\n"
        let result = try await confide.run([], stdin: Data(input.utf8))
        #expect(result.status == 0, "\(result)")
        #expect(answerCount(result.out) == 2, "expected two answers:\n\(result)")
        #expect(result.out.contains("when-a-no-feels-personal.md:"), "\(result)")
        #expect(result.out.contains("different-desires.md:"), "\(result)")
    }

    @Test("/quit piped in stops, as the companion's command does, instead of being answered")
    func slashQuit() async throws {
        let confide = try ConfideProcess()
        defer { confide.remove() }
        let input = "why do I take it so personally\n/quit\nwhat is responsive desire\n"
        let result = try await confide.run([], stdin: Data(input.utf8))
        #expect(result.status == 0, "\(result)")
        #expect(answerCount(result.out) == 1, "expected one answer:\n\(result)")
    }

    @Test("blank lines between questions are skipped, not answered")
    func blankLines() async throws {
        let confide = try ConfideProcess()
        defer { confide.remove() }
        let input = "\n   \nwhy do I take it so personally\n\n\t\n"
        let result = try await confide.run([], stdin: Data(input.utf8))
        #expect(result.status == 0, "\(result)")
        #expect(answerCount(result.out) == 1, "\(result)")
    }

    @Test("empty stdin exits 0")
    func emptyInput() async throws {
        let confide = try ConfideProcess()
        defer { confide.remove() }
        let result = try await confide.run([], stdin: Data())
        #expect(result.status == 0, "\(result)")
        #expect(!result.looksLikeCrash, "\(result)")
        #expect(result.err.isEmpty, "\(result)")
    }

    @Test("a line of invalid UTF-8 bytes exits 0, and the next line is still answered")
    func invalidUTF8Line() async throws {
        let confide = try ConfideProcess()
        defer { confide.remove() }
        var input = Data([0xFF, 0xFE, 0x80, 0x61, 0xC0, 0xAF, 0xED, 0xA0, 0x80, 0x0A])
        input.append(Data("why do I take it so personally\n".utf8))
        let result = try await confide.run([], stdin: input)
        #expect(result.status == 0, "\(result)")
        #expect(!result.looksLikeCrash, "\(result)")
        #expect(result.out.contains("when-a-no-feels-personal.md:"), "the line after the invalid one was not answered:\n\(result)")
    }

    @Test("only invalid UTF-8 on stdin exits 0")
    func onlyInvalidUTF8() async throws {
        let confide = try ConfideProcess()
        defer { confide.remove() }
        let result = try await confide.run([], stdin: Data([0xFF, 0xFE, 0xFD, 0x0A]))
        #expect(result.status == 0, "\(result)")
        #expect(!result.looksLikeCrash, "\(result)")
    }

    // MARK: Closed pipe (contract 11)

    @Test("output to a pipe whose read end is already closed ends quietly with 0")
    func closedPipe() async throws {
        let confide = try ConfideProcess()
        defer { confide.remove() }
        // Build the index first, so the run below is quick and only writes.
        let warm = try await confide.run(["articles"])
        #expect(warm.status == 0, "\(warm)")

        for arguments in [["read", "when-a-no-feels-personal"], ["ask", "why do I take it so personally"], ["articles", "--json"]] {
            var fds: [Int32] = [0, 0]
            guard pipe(&fds) == 0 else { throw ConfideProcessError.cannotCreatePipe }
            _ = fcntl(fds[0], F_SETFD, FD_CLOEXEC)
            _ = fcntl(fds[1], F_SETFD, FD_CLOEXEC)
            close(fds[0]) // No reader, ever: the first write gets EPIPE (or SIGPIPE).
            let writeEnd = FileHandle(fileDescriptor: fds[1], closeOnDealloc: true)
            let running = try confide.start(arguments, stdout: writeEnd)
            try writeEnd.close()
            let result = await running.wait()
            #expect(result.ending == .exited(0), "\(arguments): \(result)")
            #expect(!result.looksLikeCrash, "\(arguments): \(result)")
            #expect(result.err.isEmpty, "\(arguments) wrote to stderr: \(result)")
        }
    }

    @Test("confide read ... | head -c 10 ends quietly with 0")
    func pipeIntoHead() async throws {
        let confide = try ConfideProcess()
        defer { confide.remove() }
        let statusFile = confide.path("status")
        let script = #"{ "$0" --knowledge "$1" --data-dir "$2" read when-a-no-feels-personal; echo $? > "$3"; } | head -c 10"#
        let result = try await confide.shell(script, [confide.knowledge.path, confide.dataDir.path, statusFile.path])
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout.count == 10, "\(result)")
        let status = try String(contentsOf: statusFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(status == "0", "confide's exit status in the pipeline was \(status)")
        #expect(!result.looksLikeCrash, "\(result)")
        #expect(result.err.isEmpty, "\(result)")
    }

    // MARK: Colour (contract 12)

    @Test("with NO_COLOR unset, output that is not a terminal has no escape codes", arguments: [
        ["ask", "why do I take it so personally"],
        ["ask", "recipe for lasagna"],
        ["read", "when-a-no-feels-personal"],
        ["articles"],
        ["--help"],
        ["ask"],
    ])
    func noColourWithoutTerminal(_ arguments: [String]) async throws {
        let confide = try ConfideProcess()
        defer { confide.remove() }
        let result = try await confide.run(arguments, environment: ["NO_COLOR": nil, "TERM": "xterm-256color", "CLICOLOR_FORCE": nil])
        #expect(result.status == (arguments == ["ask"] ? 2 : 0), "\(result)")
        #expect(!result.out.contains("\u{1B}"), "ESC on stdout:\n\(result)")
        #expect(!result.err.contains("\u{1B}"), "ESC on stderr:\n\(result)")
    }

    @Test("piped mode with NO_COLOR unset has no escape codes")
    func noColourPiped() async throws {
        let confide = try ConfideProcess()
        defer { confide.remove() }
        let result = try await confide.run([], stdin: Data("why do I take it so personally\n".utf8), environment: ["NO_COLOR": nil, "TERM": "xterm-256color"])
        #expect(result.status == 0, "\(result)")
        #expect(!result.out.contains("\u{1B}"), "ESC on stdout:\n\(result)")
    }

    @Test("--no-color is accepted before and after the command", arguments: [
        ["--no-color", "ask", "why do I take it so personally"],
        ["ask", "why do I take it so personally", "--no-color"],
        ["read", "1", "--no-color"],
        ["--no-color", "articles"],
    ])
    func noColorOption(_ arguments: [String]) async throws {
        let confide = try ConfideProcess()
        defer { confide.remove() }
        let result = try await confide.run(arguments, environment: ["NO_COLOR": nil, "TERM": "xterm-256color"])
        #expect(result.status == 0, "\(result)")
        #expect(!result.out.contains("\u{1B}"), "\(result)")
    }

    /// Answers in text output: each starts with citation "1." or is a fallback paragraph.
    func answerCount(_ text: String) -> Int {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let numbered = lines.filter { $0.hasPrefix("1. ") }.count
        let fallbacks = lines.filter { $0.hasPrefix("I could not find") }.count
        return numbered + fallbacks
    }
}
