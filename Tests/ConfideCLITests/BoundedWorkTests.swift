import Foundation
import Testing

/// A message far longer than anyone writes (a pasted file) is still a valid question: it is
/// answered at once with "too long", what the limit is and what would be right, on every way
/// in (piped lines, `ask`, `ask --json`, the companion), after the safety check of its
/// beginning and end. The history keeps it only up to the limit. The time limits here are hang
/// guards, not timings.
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
        // The history keeps it only up to the limit.
        let history = try await confide.run(["history", "show", "1", "--json"])
        #expect(history.status == 0, "\(history)")
        #expect(history.stdout.count < 100_000, "the whole message was kept: \(history.stdout.count) bytes of history")
        let files = try FileManager.default.contentsOfDirectory(atPath: confide.dataDir.path)
        let stored = try files.map { try FileManager.default.attributesOfItem(atPath: confide.dataDir.appendingPathComponent($0).path)[.size] as? Int ?? 0 }.reduce(0, +)
        #expect(stored < 5_000_000, "the data folder holds \(stored) bytes after one long message")
    }

    @Test("ask and ask --json answer a message over the limit with exit 0, the limit, and no word of it on stderr")
    func askAnswersTooLong() async throws {
        let confide = try ConfideProcess()
        defer { confide.remove() }
        let long = Self.madeUpWords(bytes: 100_000)
        let plain = try await confide.run(["ask", long], timeout: .seconds(10))
        #expect(!plain.timedOut && plain.status == 0, "\(plain)")
        #expect(plain.out.contains("too long") && plain.out.contains("5000"), "\(plain)")
        #expect(plain.err.isEmpty, "\(plain)")
        let json = try await confide.run(["ask", "--json", long], timeout: .seconds(10))
        #expect(!json.timedOut && json.status == 0, "\(json)")
        let object = try json.jsonObject()
        #expect((object["fallback"] as? String)?.contains("too long") == true, "\(json)")
        #expect((object["citations"] as? [Any])?.isEmpty == true, "\(json)")
    }

    @Test("a crisis said at the start or the end of a huge message still gets the safety notice")
    func safetyReadsTheEnds() async throws {
        let confide = try ConfideProcess()
        defer { confide.remove() }
        let filler = Self.madeUpWords(bytes: 1_000_000)
        for text in ["I want to kill myself. " + filler, filler + " I want to kill myself."] {
            let result = try await confide.run(["--private"], stdin: Data((text + "\n").utf8), timeout: .seconds(10))
            #expect(!result.timedOut && result.status == 0, "\(result)")
            #expect(result.out.contains("988"), "no safety notice\n\(result)")
            #expect(result.out.contains("too long"), "\(result)")
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

    @Test("the companion answers a long pasted line as too long and keeps going")
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
