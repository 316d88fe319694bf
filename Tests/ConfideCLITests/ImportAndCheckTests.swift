import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `confide import` (the practice's plain-text format into a knowledge article), `confide index
/// --check` (every problem as file:line: message) and `confide index` (what changed), run as the
/// real binary against a copy of the knowledge folder.
@Suite("confide import and index --check")
struct ImportAndCheckTests {
    // MARK: - A fictional article in the plain-text format, written for these tests

    /// One paragraph per line; numbered from 1 in the comments.
    static let lines: [String] = [
        /*  1 */ "After a long, crowded season of deadlines and family visits, many couples notice they have drifted apart without ever deciding to. The calendar filled up, and the two of you became colleagues in the business of running a household.",
        /*  2 */ "That drift is common, and it is rarely a sign that the love has gone.",
        /*  3 */ "When the Calendar Takes Over",
        /*  4 */ "During a busy stretch, the conversations that keep a couple close are the first to go. Talk shrinks to logistics and to-do lists.",
        /*  5 */ "Some couples keep a zyxwkettle ritual through the busiest weeks: one cup of tea together before anything else in the evening, with phones in another room.",
        /*  6 */ "\"Distance after a busy season is usually a sign of depletion, not of a bond that is fading.\"",
        /*  7 */ "Finding the Way Back",
        /*  8 */ "Reconnection rarely starts with a big conversation. It starts with ten unhurried minutes at the end of the day.",
        /*  9 */ "Closeness tends to come back in small, ordinary moments before it comes back in grand ones.",
        /* 10 */ "I work with couples and individuals on finding their way back to each other after stressful seasons. Virtual sessions across OR, WA, and ID.",
        /* 11 */ "Frequently Asked Questions",
        /* 12 */ "Why do we feel like roommates after a busy month?",
        /* 13 */ "Because the time you used to spend noticing each other went to the urgent tasks of the season.",
        /* 14 */ "Is it normal to not want sex when I am exhausted?",
        /* 15 */ "Yes, exhaustion is one of the most common reasons desire fades for a while.",
        /* 16 */ "It helps to tell your partner that the tiredness is about the season and not about them.",
        /* 17 */ "What if my partner seems fine and I do not?",
        /* 18 */ "How long does it take to feel close again?",
        /* 19 */ "For most couples it takes a few weeks of small, steady attention rather than one grand gesture.",
        /* 20 */ "Related reading: Couples Therapy \u{00B7} Not Feeling Desired by My Partner \u{00B7} The Quiet Months Nobody Talks About",
    ]

    static let text = lines.joined(separator: "\n") + "\n"
    static let title = "Feeling Distant After a Busy Season"
    static let slug = "feeling-distant-after-a-busy-season"
    /// The line of the FAQ question that has no answer.
    static let unansweredLine = 17

    // MARK: - Helpers

    /// A sandbox whose knowledge folder is a fresh copy of the shipped one.
    static func sandbox() throws -> (sandbox: ConfideProcess, confide: ConfideProcess, knowledge: URL) {
        let sandbox = try ConfideProcess()
        let knowledge = try sandbox.copyOfKnowledge()
        return (sandbox, sandbox.with(knowledge: knowledge), knowledge)
    }

    static func markdownFiles(in folder: URL) -> Set<String> {
        Set(((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(".md") })
    }

    static func write(_ data: Data, to url: URL) throws {
        try data.write(to: url)
    }

    static func mode(of url: URL) -> Int? {
        var info = stat()
        guard stat(url.path, &info) == 0 else { return nil }
        return Int(info.st_mode & 0o7777)
    }

    static func relatedLine(of url: URL) -> String? {
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return nil }
        return text.components(separatedBy: "\n").first { $0.hasPrefix("related:") }
    }

    /// The stderr of a run is a polite message, not a crash.
    static func expectNoCrash(_ result: ConfideResult, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(!result.timedOut, "\(result)", sourceLocation: sourceLocation)
        #expect(!result.looksLikeCrash, "\(result)", sourceLocation: sourceLocation)
        #expect(!result.err.contains("Fatal error"), "\(result)", sourceLocation: sourceLocation)
    }

    // MARK: - import

    @Test("import FILE --title writes one 0644 article that index --check accepts and ask answers from")
    func importWritesACheckedArticle() async throws {
        let (sandbox, confide, knowledge) = try Self.sandbox()
        defer { sandbox.remove() }
        let source = sandbox.path("distant.txt")
        try Self.write(Data(Self.text.utf8), to: source)
        let before = Self.markdownFiles(in: knowledge)

        let result = try await confide.run(["import", source.path, "--title", Self.title])
        Self.expectNoCrash(result)
        #expect(result.status == 0, "\(result)")

        let after = Self.markdownFiles(in: knowledge)
        #expect(after.subtracting(before) == ["\(Self.slug).md"], "new files: \(after.subtracting(before))")
        #expect(before.isSubset(of: after), "a file went missing: \(before.subtracting(after))")
        let written = knowledge.appendingPathComponent("\(Self.slug).md")
        #expect(Self.mode(of: written) == 0o644, "mode \(String(Self.mode(of: written) ?? -1, radix: 8))")

        let file = try #require(KnowledgeFile(url: written), "the written file has no title/slug front matter")
        #expect(file.title == Self.title)
        #expect(file.slug == Self.slug)
        #expect(file.sections == ["When the Calendar Takes Over", "Finding the Way Back", "Frequently Asked Questions"], "sections: \(file.sections)")
        #expect(file.faqQuestions == [
            "Why do we feel like roommates after a busy month?",
            "Is it normal to not want sex when I am exhausted?",
            "How long does it take to feel close again?",
        ], "questions: \(file.faqQuestions)")

        let check = try await confide.run(["index", "--check"])
        Self.expectNoCrash(check)
        #expect(check.status == 0, "index --check rejects the imported article:\n\(check)\n--- written file:\n\((try? String(contentsOf: written, encoding: .utf8)) ?? "")")

        let ask = try await confide.run(["ask", "--json", "what is a zyxwkettle ritual"])
        Self.expectNoCrash(ask)
        #expect(ask.status == 0, "\(ask)")
        let citations = try #require(try ask.jsonObject()["citations"] as? [[String: Any]], "\(ask)")
        let top = try #require(citations.first, "the imported article is not found:\n\(ask)")
        #expect(top["slug"] as? String == Self.slug, "\(ask)")
        #expect((top["excerpt"] as? String)?.contains("zyxwkettle") == true, "\(ask)")
        #expect((top["source"] as? String)?.hasPrefix("\(Self.slug).md:") == true, "\(ask)")
    }

    @Test("the FAQ question without answer is named on stderr with its line, and left out")
    func unansweredQuestionNote() async throws {
        let (sandbox, confide, knowledge) = try Self.sandbox()
        defer { sandbox.remove() }
        let source = sandbox.path("distant.txt")
        try Self.write(Data(Self.text.utf8), to: source)
        let result = try await confide.run(["import", source.path, "--title", Self.title])
        Self.expectNoCrash(result)
        #expect(result.status == 0, "\(result)")
        let notes = result.errLines.filter { $0.contains("no answer") }
        #expect(notes.count == 1, "\(result)")
        #expect(notes.first?.contains("distant.txt:\(Self.unansweredLine):") == true, "\(result)")
        let written = try String(contentsOf: knowledge.appendingPathComponent("\(Self.slug).md"), encoding: .utf8)
        #expect(!written.contains("What if my partner seems fine"), "\(written)")
    }

    @Test("related reading titles that match shipped articles are written as their slugs")
    func relatedTitlesBecomeSlugs() async throws {
        let (sandbox, confide, knowledge) = try Self.sandbox()
        defer { sandbox.remove() }
        let source = sandbox.path("distant.txt")
        try Self.write(Data(Self.text.utf8), to: source)
        let result = try await confide.run(["import", source.path, "--title", Self.title])
        #expect(result.status == 0, "\(result)")
        let related = Self.relatedLine(of: knowledge.appendingPathComponent("\(Self.slug).md"))
        #expect(related == "related: couples-therapy, not-feeling-desired, The Quiet Months Nobody Talks About", "related line: \(related ?? "none")")
    }

    @Test("importing over an existing slug needs --force; with it, the file is replaced")
    func existingSlugNeedsForce() async throws {
        let (sandbox, confide, knowledge) = try Self.sandbox()
        defer { sandbox.remove() }
        let source = sandbox.path("distant.txt")
        try Self.write(Data(Self.text.utf8), to: source)
        let first = try await confide.run(["import", source.path, "--title", Self.title])
        #expect(first.status == 0, "\(first)")
        let written = knowledge.appendingPathComponent("\(Self.slug).md")
        let original = try Data(contentsOf: written)

        let changedText = Self.text.replacingOccurrences(of: "That drift is common", with: "That zyxwreplaced drift is common")
        try Self.write(Data(changedText.utf8), to: source)

        let again = try await confide.run(["import", source.path, "--title", Self.title])
        Self.expectNoCrash(again)
        #expect(again.status == 1, "\(again)")
        #expect(again.err.contains("already exists"), "\(again)")
        #expect(again.err.contains("--force"), "\(again)")
        #expect(try Data(contentsOf: written) == original, "the file changed without --force")

        let forced = try await confide.run(["import", source.path, "--title", Self.title, "--force"])
        Self.expectNoCrash(forced)
        #expect(forced.status == 0, "\(forced)")
        let replaced = try String(contentsOf: written, encoding: .utf8)
        #expect(replaced.contains("zyxwreplaced"), "\(replaced)")
        #expect(Self.mode(of: written) == 0o644)
        #expect(Self.markdownFiles(in: knowledge).filter { $0.hasPrefix("feeling-distant") } == ["\(Self.slug).md"])
    }

    @Test("--slug names the file")
    func slugOption() async throws {
        let (sandbox, confide, knowledge) = try Self.sandbox()
        defer { sandbox.remove() }
        let source = sandbox.path("distant.txt")
        try Self.write(Data(Self.text.utf8), to: source)
        let before = Self.markdownFiles(in: knowledge)
        let result = try await confide.run(["import", source.path, "--title", Self.title, "--slug", "my-slug"])
        Self.expectNoCrash(result)
        #expect(result.status == 0, "\(result)")
        #expect(Self.markdownFiles(in: knowledge).subtracting(before) == ["my-slug.md"])
        let file = try #require(KnowledgeFile(url: knowledge.appendingPathComponent("my-slug.md")))
        #expect(file.slug == "my-slug")
        #expect(file.title == Self.title)
    }

    @Test("without --title, the title comes from the file name")
    func titleFromFileName() async throws {
        let (sandbox, confide, knowledge) = try Self.sandbox()
        defer { sandbox.remove() }
        let source = sandbox.path("quiet-weeks-after-a-move.txt")
        try Self.write(Data(Self.text.utf8), to: source)
        let result = try await confide.run(["import", source.path])
        Self.expectNoCrash(result)
        #expect(result.status == 0, "\(result)")
        let file = try #require(KnowledgeFile(url: knowledge.appendingPathComponent("quiet-weeks-after-a-move.md")), "\(result)")
        #expect(file.title == "Quiet Weeks After A Move")
    }

    @Test("import - reads standard input, and needs --title")
    func importFromStandardInput() async throws {
        let (sandbox, confide, knowledge) = try Self.sandbox()
        defer { sandbox.remove() }
        let before = Self.markdownFiles(in: knowledge)

        let untitled = try await confide.run(["import", "-"], stdin: Data(Self.text.utf8))
        Self.expectNoCrash(untitled)
        #expect(untitled.status == 2, "\(untitled)")
        #expect(untitled.err.contains("--title"), "\(untitled)")
        #expect(Self.markdownFiles(in: knowledge) == before)

        let titled = try await confide.run(["import", "-", "--title", "Quiet Weeks"], stdin: Data(Self.text.utf8))
        Self.expectNoCrash(titled)
        #expect(titled.status == 0, "\(titled)")
        #expect(Self.markdownFiles(in: knowledge).subtracting(before) == ["quiet-weeks.md"])
        let file = try #require(KnowledgeFile(url: knowledge.appendingPathComponent("quiet-weeks.md")))
        #expect(file.title == "Quiet Weeks")
        #expect(file.faqQuestions.count == 3)
    }

    // MARK: - Odd input

    struct OddInput: Sendable, CustomTestStringConvertible {
        var name: String
        var bytes: [UInt8]
        /// Whether an article can be made from it.
        var importable: Bool
        var testDescription: String { name }
    }

    static let oddInputs: [OddInput] = [
        OddInput(name: "empty file", bytes: [], importable: false),
        OddInput(name: "whitespace only", bytes: Array("  \n\t\n\r\n   ".utf8), importable: false),
        OddInput(name: "CRLF line endings", bytes: Array(text.replacingOccurrences(of: "\n", with: "\r\n").utf8), importable: true),
        OddInput(name: "byte-order mark", bytes: [0xEF, 0xBB, 0xBF] + Array(text.utf8), importable: true),
        OddInput(name: "1 KB of binary bytes 0..<256", bytes: (0..<4).flatMap { _ in (0..<256).map { UInt8($0) } }, importable: false),
        OddInput(name: "FAQ question without answer", bytes: Array("An opening paragraph about distance after a busy season.\nFrequently Asked Questions\nDoes it get better?\nUsually it does, with time.\nIs anyone listening?\n".utf8), importable: true),
    ]

    @Test("odd input exits 0 or 1 with a message, never crashes", arguments: oddInputs)
    func oddInput(_ input: OddInput) async throws {
        let (sandbox, confide, knowledge) = try Self.sandbox()
        defer { sandbox.remove() }
        let source = sandbox.path("odd.txt")
        try Self.write(Data(input.bytes), to: source)
        let before = Self.markdownFiles(in: knowledge)

        let result = try await confide.run(["import", source.path, "--title", "Odd Input", "--slug", "odd-input"])
        Self.expectNoCrash(result)
        #expect([0, 1].contains(result.status), "\(result)")
        let added = Self.markdownFiles(in: knowledge).subtracting(before)
        if input.importable {
            #expect(result.status == 0, "\(result)")
            #expect(added == ["odd-input.md"], "\(result)")
            let check = try await confide.run(["index", "--check"])
            #expect(check.status == 0, "\(check)")
        } else {
            #expect(result.status == 1, "\(result)")
            #expect(result.err.contains("odd.txt"), "the message does not name the file:\n\(result)")
            #expect(added.isEmpty, "a file was written for unimportable input: \(added)")
        }
        if result.status != 0 || input.name.contains("FAQ") {
            #expect(!result.err.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "no message on stderr:\n\(result)")
        }
        if input.name.contains("FAQ") {
            #expect(result.err.contains("odd.txt:5:") && result.err.contains("no answer"), "\(result)")
        }
    }

    @Test("CRLF and a byte-order mark import to the same article as LF")
    func lineEndingsAndBOMGiveTheSameFile() async throws {
        let (sandbox, confide, knowledge) = try Self.sandbox()
        defer { sandbox.remove() }
        let variants: [(slug: String, bytes: [UInt8])] = [
            ("plain-lf", Array(Self.text.utf8)),
            ("windows-crlf", Array(Self.text.replacingOccurrences(of: "\n", with: "\r\n").utf8)),
            ("with-bom", [0xEF, 0xBB, 0xBF] + Array(Self.text.replacingOccurrences(of: "\n", with: "\r\n").utf8)),
        ]
        var written: [String: String] = [:]
        for variant in variants {
            let source = sandbox.path("\(variant.slug).txt")
            try Self.write(Data(variant.bytes), to: source)
            let result = try await confide.run(["import", source.path, "--title", Self.title, "--slug", variant.slug])
            Self.expectNoCrash(result)
            #expect(result.status == 0, "\(result)")
            let text = try String(contentsOf: knowledge.appendingPathComponent("\(variant.slug).md"), encoding: .utf8)
            written[variant.slug] = text.replacingOccurrences(of: "slug: \(variant.slug)\n", with: "slug: X\n")
        }
        #expect(written["windows-crlf"] == written["plain-lf"], "CRLF differs:\n\(written["windows-crlf"] ?? "")")
        #expect(written["with-bom"] == written["plain-lf"], "BOM differs:\n\(written["with-bom"] ?? "")")
        #expect(written["plain-lf"]?.contains("\r") == false)
        #expect(written["with-bom"]?.contains("\u{FEFF}") == false)
    }

    // MARK: - index --check

    @Test("index --check accepts the shipped knowledge folder")
    func shippedFolderChecksClean() async throws {
        let confide = try ConfideProcess()
        defer { confide.remove() }
        let result = try await confide.run(["index", "--check"])
        Self.expectNoCrash(result)
        #expect(result.status == 0, "\(result)")
        #expect(result.out.contains("no errors"), "\(result)")
    }

    @Test("index --check names every problem as file:line: message and exits 1")
    func checkNamesEveryProblem() async throws {
        let (sandbox, confide, knowledge) = try Self.sandbox()
        defer { sandbox.remove() }
        let files: [String: String] = [
            "unknown-key.md": """
                ---
                title: Unknown Key
                slug: unknown-key
                author: Someone
                ---

                A paragraph about a partner who is tired after a long week.

                """,
            "therapy-copy.md": """
                ---
                title: Therapy Copy
                slug: couples-therapy
                ---

                A paragraph about going to therapy together after a busy season.

                """,
            "dangling.md": """
                ---
                title: Dangling Link
                slug: dangling
                related: couples-therapy, no-such-article
                ---

                A paragraph about reconnecting after weeks of long hours.

                """,
            "empty-section.md": """
                ---
                title: Empty Section
                slug: empty-section
                ---

                An opening paragraph about making time for each other.

                ## Nothing Here

                ## Something Here

                A paragraph under the second heading.

                """,
            "faq-gap.md": """
                ---
                title: FAQ Gap
                slug: faq-gap
                ---

                An opening paragraph about questions couples ask.

                ## Frequently Asked Questions

                ### Is this one answered?

                ### What about this one?

                Yes, this one is answered.

                """,
        ]
        for (name, text) in files {
            try text.write(to: knowledge.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }

        let result = try await confide.run(["index", "--check"])
        Self.expectNoCrash(result)
        #expect(result.status == 1, "\(result)")

        let expected: [(prefix: String, message: String)] = [
            ("unknown-key.md:4: ", "unknown front matter key 'author'"),
            ("therapy-copy.md:3: ", "couples-therapy"),
            ("dangling.md:4: ", "no-such-article"),
            ("empty-section.md:8: ", "empty"),
            ("faq-gap.md:10: ", "no answer"),
        ]
        let lines = result.out.split(separator: "\n").map(String.init)
        let problemLines = lines.filter { $0.range(of: #"^[^ :]+\.md:[0-9]+: "#, options: .regularExpression) != nil }
        for (prefix, message) in expected {
            let matching = problemLines.filter { $0.hasPrefix(prefix) }
            #expect(matching.count == 1, "expected one line starting '\(prefix)':\n\(result)")
            #expect(matching.first?.contains(message) == true, "the line for \(prefix) does not say '\(message)':\n\(result)")
        }
        #expect(problemLines.count == expected.count, "expected \(expected.count) problem lines, got \(problemLines.count):\n\(problemLines.joined(separator: "\n"))")
        // The shipped articles have no problems of their own.
        let shipped = Set(KnowledgeFile.all().map(\.file))
        #expect(!problemLines.contains { line in shipped.contains { line.hasPrefix($0 + ":") } }, "\(result)")
        #expect(result.out.contains("5 errors"), "\(result)")
    }

    // MARK: - index

    @Test("index prints what changed, then Up to date")
    func indexReportsChanges() async throws {
        let (sandbox, confide, knowledge) = try Self.sandbox()
        defer { sandbox.remove() }
        let articles = KnowledgeFile.all().map(\.file)

        let first = try await confide.run(["index"])
        Self.expectNoCrash(first)
        #expect(first.status == 0, "\(first)")
        for name in articles {
            #expect(first.out.contains("added    \(name)\n"), "the first run does not list \(name) as added:\n\(first)")
        }

        let second = try await confide.run(["index"])
        #expect(second.status == 0, "\(second)")
        #expect(second.out.contains("Up to date"), "\(second)")
        #expect(!second.out.contains("added ") && !second.out.contains("updated ") && !second.out.contains("removed "), "\(second)")

        // Add one, change one, remove one.
        try """
            ---
            title: Quiet Weeks
            slug: quiet-weeks
            ---

            A paragraph about the quiet weeks after a move, when both partners are tired.

            """.write(to: knowledge.appendingPathComponent("quiet-weeks.md"), atomically: true, encoding: .utf8)
        let changed = knowledge.appendingPathComponent("couples-therapy.md")
        let handle = try FileHandle(forWritingTo: changed)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("\nA new closing paragraph about booking a first session after a busy season.\n".utf8))
        try handle.close()
        try FileManager.default.removeItem(at: knowledge.appendingPathComponent("getting-sex-wrong.md"))

        let third = try await confide.run(["index"])
        Self.expectNoCrash(third)
        #expect(third.status == 0, "\(third)")
        let lines = third.out.split(separator: "\n").map(String.init)
        #expect(lines.contains("added    quiet-weeks.md"), "\(third)")
        #expect(lines.contains("updated  couples-therapy.md"), "\(third)")
        #expect(lines.contains("removed  getting-sex-wrong.md"), "\(third)")
        #expect(lines.filter { $0.hasPrefix("added ") || $0.hasPrefix("updated ") || $0.hasPrefix("removed ") }.count == 3, "\(third)")
        #expect(!third.out.contains("Up to date"), "\(third)")

        let fourth = try await confide.run(["index"])
        #expect(fourth.status == 0, "\(fourth)")
        #expect(fourth.out.contains("Up to date"), "\(fourth)")
        #expect(!fourth.out.contains("added ") && !fourth.out.contains("updated ") && !fourth.out.contains("removed "), "\(fourth)")
    }
}
