import Foundation
import Testing

/// Stored text never drives the terminal: articles (title, summary, heading, FAQ, body, file
/// name), `safety.txt`, `lexicon.txt`, past questions and arguments repeated in errors may hold
/// escape sequences, and every print path shows them harmlessly. Each path is run over every
/// sequence of `payloads`, one article per sequence.
@Suite("confide: stored text never reaches the terminal raw")
struct TerminalSafetyTests {
    /// The classes of escape a hostile text might carry.
    static let payloads: [(name: String, text: String)] = [
        ("window title (OSC 0)", "\u{1B}]0;owned\u{07}"),
        ("clear screen (CSI 2J)", "\u{1B}[2J\u{1B}[H"),
        ("clipboard write (OSC 52)", "\u{1B}]52;c;cGF3bmVk\u{07}"),
        ("hyperlink (OSC 8)", "\u{1B}]8;;http://example.invalid/\u{1B}\\click\u{1B}]8;;\u{1B}\\"),
        ("8-bit CSI (C1 0x9B)", "\u{9B}2J"),
        ("8-bit OSC (C1 0x9D)", "\u{9D}0;owned\u{9C}"),
        ("bell", "\u{07}\u{07}"),
        ("backspace overwrite", "\u{08}\u{08}\u{08}fake"),
        ("full reset (ESC c)", "\u{1B}c"),
        ("delete", "\u{7F}"),
    ]

    /// Words unique to article `n`, so that a question finds it.
    static func words(_ n: Int) -> String { "zephyr\(["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliett"][n]) quokka" }

    /// Control characters that may never reach a terminal: C0 except newline and tab, DEL, C1.
    static func rawControls(_ data: Data) -> [String] {
        String(decoding: data, as: UTF8.self).unicodeScalars.filter { scalar in
            let value = scalar.value
            return value != 0x0A && value != 0x09 && (value < 0x20 || (0x7F...0x9F).contains(value))
        }.map { String(format: "U+%04X", $0.value) }
    }

    static func expectHarmless(_ result: ConfideResult, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(!result.looksLikeCrash, "\(what)\n\(result)", sourceLocation: sourceLocation)
        let out = rawControls(result.stdout), err = rawControls(result.stderr)
        #expect(out.isEmpty, "\(what): control characters on stdout \(Set(out).sorted())\n\(result)", sourceLocation: sourceLocation)
        #expect(err.isEmpty, "\(what): control characters on stderr \(Set(err).sorted())\n\(result)", sourceLocation: sourceLocation)
    }

    /// A knowledge folder with one hostile article per payload (a file name holding it too),
    /// the shipped safety rules and lexicon with the payloads added, and a broken file.
    static func hostileKnowledge(in confide: ConfideProcess) throws -> URL {
        let folder = try confide.copyOfKnowledge(named: "hostile-knowledge")
        for (n, payload) in payloads.enumerated() {
            let p = payload.text
            let inName = p.replacingOccurrences(of: "/", with: "_")
            let article = """
                ---
                title: Hostile \(n) \(p) Title
                slug: hostile-\(n)
                summary: A summary \(p) of \(words(n)).
                related: different-desires
                ---

                Opening about \(words(n)) \(p) and more.

                ## Heading \(p) on \(words(n))

                The body tells of \(words(n)) \(p) at length, with enough words to be a passage.

                ## Frequently Asked Questions

                ### What about \(words(n)) \(p)?

                An answer about \(words(n)) \(p) that is long enough to quote.

                """
            try article.write(to: folder.appendingPathComponent("hostile-\(n)\(inName).md"), atomically: true, encoding: .utf8)
            // A file that does not parse: its name is in a warning on stderr.
            try "no front matter".write(to: folder.appendingPathComponent("broken-\(n)\(inName).md"), atomically: true, encoding: .utf8)
        }
        let all = payloads.map(\.text).joined()
        let safety = folder.appendingPathComponent("safety.txt")
        var rules = try String(contentsOf: safety, encoding: .utf8)
        rules = rules.replacingOccurrences(of: "message: It sounds like", with: "message: \(all) It sounds like")
        rules = rules.replacingOccurrences(of: "resource: Crisis Text Line |", with: "resource: Crisis \(all) Text Line |")
        try rules.write(to: safety, atomically: true, encoding: .utf8)
        let lexicon = folder.appendingPathComponent("lexicon.txt")
        let words = try String(contentsOf: lexicon, encoding: .utf8)
        try (words + "\nzephyralpha: quokka\(all), zephyralpha\n").write(to: lexicon, atomically: true, encoding: .utf8)
        return folder
    }

    @Test("every command's output and errors show control characters visibly, for every kind of escape")
    func everyPrintPathIsHarmless() async throws {
        let sandbox = try ConfideProcess()
        defer { sandbox.remove() }
        let confide = sandbox.with(knowledge: try Self.hostileKnowledge(in: sandbox))

        // The index names what it added, and the broken files, by their hostile names.
        let index = try await confide.run(["index"])
        Self.expectHarmless(index, "index")
        #expect(index.err.contains("broken-0"), "the broken files are not named\n\(index)")
        let check = try await confide.run(["index", "--check"])
        Self.expectHarmless(check, "index --check")

        let articles = try await confide.run(["articles"])
        Self.expectHarmless(articles, "articles")
        #expect(articles.out.contains("Hostile 0 ^[]0;owned^G Title"), "the title is not shown visibly\n\(articles)")
        #expect(articles.out.contains("<U+009B>2J"), "a C1 control is not shown visibly\n\(articles)")
        Self.expectHarmless(try await confide.run(["articles", "--json"]), "articles --json")

        for (n, payload) in Self.payloads.enumerated() {
            let question = "\(Self.words(n)) \(payload.text)"
            let ask = try await confide.run(["ask", question])
            Self.expectHarmless(ask, "ask (\(payload.name))")
            #expect(ask.out.contains("hostile-\(n)"), "the hostile article was not cited, so its text was not shown (\(payload.name))\n\(ask)")
            Self.expectHarmless(try await confide.run(["ask", "--explain", question]), "ask --explain (\(payload.name))")
            let json = try await confide.run(["ask", "--json", question])
            Self.expectHarmless(json, "ask --json (\(payload.name))")
            let object = try json.jsonObject()
            #expect(object["question"] as? String == question, "--json does not round-trip the question (\(payload.name))\n\(json)")
            Self.expectHarmless(try await confide.run(["read", "hostile-\(n)"]), "read (\(payload.name))")
            Self.expectHarmless(try await confide.run(["read", "hostile-\(n)", "2"]), "read a section (\(payload.name))")
            // Errors that repeat what was typed.
            Self.expectHarmless(try await confide.run(["read", "no-such\(payload.text)"]), "read's error (\(payload.name))")
            Self.expectHarmless(try await confide.run(["read", "hostile-\(n)", "no section \(payload.text)"]), "read's section error (\(payload.name))")
            Self.expectHarmless(try await confide.run(["--bogus\(payload.text)"]), "an unknown option (\(payload.name))")
            Self.expectHarmless(try await confide.run(["history", "show", "1\(payload.text)"]), "history show's error (\(payload.name))")
            Self.expectHarmless(try await confide.run(["import", "missing\(payload.text).txt"]), "import's error (\(payload.name))")
        }
        // The safety notice, from safety.txt.
        let crisis = try await confide.run(["ask", "I want to kill myself"])
        Self.expectHarmless(crisis, "the safety notice")
        #expect(crisis.out.contains("Crisis ^["), "the safety rules' text is not shown\n\(crisis)")

        // Stored questions and the titles made from them, on every history path.
        for command in [["history"], ["history", "show", "1"], ["history", "show", "3"], ["history", "search", "quokka"],
                        ["history", "export", "--all"], ["history", "export", "2", "--format", "json"], ["history", "--json"]] {
            let result = try await confide.run(command)
            Self.expectHarmless(result, command.joined(separator: " "))
            #expect(result.status == 0, "\(result)")
        }
    }

    @Test("ask --json escapes every control character, C1 included")
    func jsonEscapesEveryControl() async throws {
        let confide = try ConfideProcess()
        defer { confide.remove() }
        for scalar in (0x01...0x1F).map({ $0 }) + [0x7F] + Array(0x80...0x9F) {
            let question = "why does he say no x\(String(UnicodeScalar(UInt32(scalar))!))y"
            let result = try await confide.run(["ask", "--json", "--private", question])
            #expect(Self.rawControls(result.stdout).isEmpty, "U+\(String(scalar, radix: 16)) raw in --json\n\(result)")
        }
    }

    @Test("at a terminal with colour, stored escapes are shown, while confide's own colour still works")
    func companionIsHarmless() async throws {
        let sandbox = try ConfideProcess()
        defer { sandbox.remove() }
        let confide = sandbox.with(knowledge: try Self.hostileKnowledge(in: sandbox))
        _ = try await confide.run(["index"])
        let terminal = try confide.terminal(environment: ["NO_COLOR": nil])
        defer { terminal.close() }
        try await terminal.expect("confide> ")
        // Typed keys are readline's to interpret; the stored text is what is under test.
        for n in Self.payloads.indices {
            terminal.line(Self.words(n))
            try await terminal.expect("hostile-\(n)")
            try await terminal.expect("confide> ")
        }
        for command in ["/articles", "/read hostile-0", "/read hostile-4", "/history", "/history 1", "/history search quokka", "/related", "/open 1"] {
            terminal.line(command)
            try await terminal.expect("confide> ")
        }
        terminal.line("/forget 1")
        try await terminal.expect("for good? [y/N]")
        terminal.line("n")
        try await terminal.expect("confide> ")
        terminal.send("\u{04}")
        _ = await terminal.waitForExit()
        let raw = terminal.raw
        // What readline draws is its own business; what the payloads carry never appears raw.
        for signature in ["\u{1B}]", "\u{1B}[2J", "\u{9B}", "\u{9D}", "\u{9C}", "\u{07}", "\u{7F}"] {
            #expect(PseudoTerminal.find(Array(signature.utf8), in: raw, from: 0) == nil,
                    "\(signature.unicodeScalars.map { String($0.value, radix: 16) }) reached the terminal\n\(terminal.transcript)")
        }
        #expect(PseudoTerminal.find(Array("^[]0;owned^G".utf8), in: raw, from: 0) != nil, "the title is not shown visibly\n\(terminal.transcript)")
        // confide's own colour is still colour.
        #expect(PseudoTerminal.find(Array("\u{1B}[1m".utf8), in: raw, from: 0) != nil, "no bold at all: colour is broken\n\(terminal.transcript)")
    }
}
