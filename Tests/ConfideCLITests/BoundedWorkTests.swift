import Foundation
import Testing

/// A message far longer than anyone writes (a pasted file) is refused as too long, with what
/// would be right, on every way in: piped lines, `ask`, `ask --json`, the companion. Nothing of
/// it is kept, and the time limits here are hang guards, not timings.
@Suite("confide: bounded work on huge messages")
struct BoundedWorkTests {
    /// Made-up words (the slowest kind: every one is looked up for spelling), `bytes` long: a
    /// pool of random words, repeated in a shifting order.
    static func madeUpWords(bytes: Int) -> String {
        let letters = Array("abcdefghijklmnopqrstuvwxyz".utf8)
        let pool: [[UInt8]] = (0..<4_000).map { _ in (0..<Int.random(in: 3...10)).map { _ in letters.randomElement()! } }
        var text: [UInt8] = []
        text.reserveCapacity(bytes + 16)
        var index = 0
        while text.count < bytes {
            text += pool[(index * 7919) % pool.count] + [0x20]
            index += 1
        }
        return String(decoding: text, as: UTF8.self)
    }

    @Test("a 10 MB line of made-up words is refused as too long, and the next line is answered")
    func tenMegabyteLine() async throws {
        let confide = try ConfideProcess()
        defer { confide.remove() }
        let input = Self.madeUpWords(bytes: 10_000_000) + "\nwhy does my partner keep saying no\n"
        // Hang guard: before the limit this took over half a minute.
        let result = try await confide.run([], stdin: Data(input.utf8), timeout: .seconds(10))
        #expect(!result.timedOut, "hung\n\(result)")
        #expect(result.status == 0, "\(result)")
        #expect(result.out.contains("too long"), "\(result)")
        #expect(result.out.contains("5000"), "the limit is not said\n\(result)")
        #expect(result.out.contains(".md:"), "the next line was not answered\n\(result)")
        // Nothing of the refused message is kept.
        let history = try await confide.run(["history", "--json"])
        #expect(history.stdout.count < 100_000, "the refused message was kept: \(history.stdout.count) bytes of history")
    }

    @Test("ask and ask --json refuse a message over the limit with exit 1 and one clear line")
    func askRefuses() async throws {
        let confide = try ConfideProcess()
        defer { confide.remove() }
        let long = Self.madeUpWords(bytes: 100_000)
        for arguments in [["ask", long], ["ask", "--json", long]] {
            let result = try await confide.run(arguments, timeout: .seconds(10))
            #expect(!result.timedOut, "hung\n\(result)")
            #expect(result.status == 1, "\(result)")
            #expect(result.errLines.count == 1 && result.err.contains("too long"), "\(result)")
            // Privacy: nothing of the message on stderr.
            #expect(!result.err.contains(String(long.prefix(30))), "\(result)")
        }
    }

    @Test("a message at the limit is still answered")
    func atTheLimit() async throws {
        let confide = try ConfideProcess()
        defer { confide.remove() }
        var text = "why does my partner keep saying no "
        text += String(repeating: "x", count: 5_000 - text.count)
        let result = try await confide.run(["ask", "--private", text], timeout: .seconds(30))
        #expect(result.status == 0, "\(result)")
    }

    @Test("the companion refuses a long pasted line and keeps going")
    func companionRefuses() async throws {
        let confide = try ConfideProcess()
        defer { confide.remove() }
        let terminal = try confide.terminal()
        defer { terminal.close() }
        try await terminal.expect("confide> ")
        terminal.line(Self.madeUpWords(bytes: 20_000))
        try await terminal.expect("too long")
        try await terminal.expect("confide> ")
        terminal.line("why does my partner keep saying no")
        try await terminal.expect(".md:")
        terminal.send("\u{04}")
        _ = await terminal.waitForExit()
    }
}
