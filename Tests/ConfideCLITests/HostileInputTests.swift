import Foundation
import Testing

/// Contract 6: questions that could break the query language, the JSON, the terminal or the
/// index. Each must answer (exit 0, valid JSON) or, only when blank, be a usage error (exit 2).
@Suite("confide ask with hostile questions")
struct HostileInputTests {
    struct Hostile: Sendable, CustomTestStringConvertible {
        var name: String
        var question: String
        var isBlank = false
        var testDescription: String { name }

        init(_ question: String, name: String? = nil, isBlank: Bool = false) {
            self.question = question
            self.name = name ?? question.debugDescription
            self.isBlank = isBlank
        }
    }

    static let questions: [Hostile] = [
        Hostile("", name: "empty", isBlank: true),
        Hostile(" \t  ", name: "blank", isBlank: true),
        Hostile("\""),
        Hostile("\"unbalanced"),
        Hostile("self-harm"),
        Hostile("a:b"),
        Hostile("{a b}"),
        Hostile("(x"),
        Hostile("x AND"),
        Hostile("AND"),
        Hostile("OR x"),
        Hostile("NOT"),
        Hostile("+x"),
        Hostile("C++"),
        Hostile("*foo"),
        Hostile("^start"),
        Hostile("NEAR(a b, x)"),
        Hostile(String(repeating: "(", count: 300), name: "300 × '('"),
        Hostile(String(repeating: "NOT ", count: 300), name: "300 × 'NOT '"),
        Hostile("it's"),
        Hostile("50%"),
        Hostile("<3"),
        Hostile("😢💔"),
        Hostile("\u{01}\u{02}", name: "control characters U+0001 U+0002"),
        Hostile("\u{1B}[31mred\u{1B}[0m why does a no hurt", name: "ANSI escape in the question"),
        Hostile(String(repeating: "x", count: 100_000), name: "100,000 × 'x'"),
        Hostile(String(repeating: "partner says no ", count: 6_000), name: "96 kB of real words"),
        Hostile("'; DROP TABLE passages; --"),
        Hostile("\"; DROP TABLE articles; --\" why does a no hurt"),
    ]

    @Test("a hostile question answers with valid JSON, and the index still answers afterwards", arguments: questions)
    func hostile(_ hostile: Hostile) async throws {
        let confide = try ConfideProcess()
        defer { confide.remove() }
        let result = try await confide.run(["ask", "--json", hostile.question])
        #expect(!result.timedOut, "\(result)")
        #expect(!result.looksLikeCrash, "\(result)")
        if hostile.isBlank {
            #expect(result.status == 2, "\(result)")
            #expect(result.err.hasPrefix("confide:"), "\(result)")
        } else {
            #expect(result.status == 0, "\(result)")
            let object = try result.jsonObject()
            #expect(object["question"] is String, "\(result)")
            #expect(object["citations"] is [Any], "\(result)")
            let citations = object["citations"] as? [Any] ?? []
            #expect(!citations.isEmpty || object["fallback"] is String, "neither citations nor a fallback:\n\(result)")
            #expect(!result.out.contains("\u{1B}"), "raw ESC in the JSON output")
        }

        let after = try await confide.run(["ask", "--json", "why do I take it personally when my partner says no"])
        #expect(after.status == 0, "after \(hostile.name): \(after)")
        let object = try after.jsonObject()
        let citations = try #require(object["citations"] as? [Any])
        #expect(!citations.isEmpty, "after \(hostile.name), a normal question is not answered:\n\(after)")
    }

    @Test("all hostile questions in one data dir, one after another, leave an index that answers")
    func hostileInSequence() async throws {
        let confide = try ConfideProcess()
        defer { confide.remove() }
        let before = try await confide.run(["ask", "--json", "why do I take it personally when my partner says no"])
        #expect(before.status == 0, "\(before)")
        for hostile in Self.questions {
            let result = try await confide.run(["ask", "--json", hostile.question])
            #expect(result.status == (hostile.isBlank ? 2 : 0), "\(hostile.name): \(result)")
        }
        let after = try await confide.run(["ask", "--json", "why do I take it personally when my partner says no"])
        #expect(after.status == 0, "\(after)")
        #expect(after.sameAnswer(as: before), "the same question answers differently after the hostile ones:\nbefore: \(before.out)\nafter: \(after.out)")
        let articles = try await confide.run(["articles", "--json"])
        #expect(articles.status == 0, "\(articles)")
        #expect(try articles.jsonArray().count == KnowledgeFile.all().count, "\(articles)")
    }

    @Test("invalid UTF-8 bytes in argv")
    func invalidUTF8Argument() async throws {
        let confide = try ConfideProcess()
        defer { confide.remove() }
        // Foundation's Process takes Strings, so the raw bytes go through the shell's printf.
        let script = #"exec "$0" --knowledge "$1" --data-dir "$2" ask --json "$(printf 'why \377\376 does \200 a no hurt \300')""#
        let result = try await confide.shell(script, [confide.knowledge.path, confide.dataDir.path])
        #expect(result.status == 0, "\(result)")
        #expect(!result.looksLikeCrash, "\(result)")
        let object = try result.jsonObject()
        #expect(object["question"] is String, "\(result)")
        #expect(object["citations"] is [Any], "\(result)")
    }

    @Test("a 1 MB line of real words on stdin (piped mode) answers")
    func megabyteLine() async throws {
        let confide = try ConfideProcess()
        defer { confide.remove() }
        var line = String(repeating: "partner says no ", count: (1 << 20) / 16)
        line += "\n"
        let result = try await confide.run([], stdin: Data(line.utf8))
        #expect(result.status == 0, "\(result)")
        #expect(!result.looksLikeCrash, "\(result)")
        #expect(!result.out.isEmpty, "no answer for the 1 MB line")
        let after = try await confide.run(["ask", "--json", "why do I take it personally when my partner says no"])
        #expect(after.status == 0, "\(after)")
        let citations = try #require(try after.jsonObject()["citations"] as? [Any])
        #expect(!citations.isEmpty, "\(after)")
    }

    @Test("hostile lines on stdin (piped mode) all answer", arguments: [
        "\"\n(x\nNOT\nNEAR(a b, x)\n*foo\n'; DROP TABLE passages; --\n",
        String(repeating: "(", count: 300) + "\n" + String(repeating: "NOT ", count: 300) + "\n",
        "\u{01}\u{02}\n\u{1B}[2J\n😢💔\n",
    ])
    func hostileLinesPiped(_ input: String) async throws {
        let confide = try ConfideProcess()
        defer { confide.remove() }
        let result = try await confide.run([], stdin: Data(input.utf8))
        #expect(result.status == 0, "\(result)")
        #expect(!result.looksLikeCrash, "\(result)")
        #expect(!result.out.isEmpty, "\(result)")
    }
}
