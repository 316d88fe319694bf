import Testing
@testable import ConfideKit

@Suite struct ArticleParserTests {
    func parse(_ text: String) throws(KnowledgeProblem) -> ArticleParser.Result {
        try ArticleParser().parse(text: text, file: "test.md")
    }

    func problem(_ text: String) -> KnowledgeProblem? {
        do {
            _ = try parse(text)
            return nil
        } catch {
            return error
        }
    }

    @Test func linesSplitOnEveryEndingAndKeepTheirNumbers() {
        let lines = TextLines.split("\u{FEFF}one\r\ntwo\rthree\n\ncaf\u{E9} \u{1F622}\r\n\r\nlast")
        #expect(lines.map(\.text) == ["one", "two", "three", "", "caf\u{E9} \u{1F622}", "", "last"])
        #expect(lines.map(\.number) == Array(1...7))
        #expect(TextLines.split("ends with a newline\n").map(\.text) == ["ends with a newline"])
        #expect(TextLines.split("").isEmpty)
        #expect(TextLines.split("\r").map(\.text) == [""])
        #expect(TextLines.split("\u{FEFF}").isEmpty)
    }

    @Test func readsFrontMatterSectionsQuotesAndFAQ() throws {
        let article = try parse(Fixtures.declines).article
        #expect(article.slug == "declines")
        #expect(article.title == "When a Partner Declines")
        #expect(article.related == [.slug("desire-gaps")])
        #expect(article.sections.map(\.heading) == [nil, "Why it stings", "Frequently Asked Questions"])
        let passages = article.passages
        #expect(passages.count == 5)
        #expect(passages[0].section == nil && passages[0].line == 8)
        #expect(passages[2].kind == .quote)
        #expect(passages[2].text == "\"A no describes a moment, not a person.\"")
        #expect(passages[3].kind == .answer)
        #expect(passages[3].question == "Why does rejection hurt so much?")
        #expect(passages[3].section == "Frequently Asked Questions")
        #expect(passages[4].question == "Should I stop initiating?")
    }

    @Test func asksAttachToThePassageBeforeThemAndOtherCommentsAreSkipped() throws {
        let text = """
            ---
            title: T
            slug: t
            ---

            First paragraph.
            <!-- asks:
            why does it sting
              is it me -->

            <!-- a note for the authors,
            over two lines -->
            Second paragraph.

            <!-- asks: one line only -->

            ## Frequently Asked Questions

            ### A question?

            The answer.

            <!-- asks
            another way to ask
            -->
            """
        let passages = try parse(text).article.passages
        #expect(passages.map(\.text) == ["First paragraph.", "Second paragraph.", "The answer."])
        #expect(passages[0].asks == ["why does it sting", "is it me"])
        #expect(passages[1].asks == ["one line only"])
        #expect(passages[1].line == 13)
        #expect(passages[2].asks == ["another way to ask"])
    }

    @Test func anUnclosedCommentOrAsksWithNothingBeforeThemAreNamed() {
        let unclosed = problem("---\ntitle: T\nslug: t\n---\n\nText.\n<!-- asks:\nwhy\n")
        #expect(unclosed?.line == 7)
        #expect(unclosed?.message.contains("never closed") == true)
        let orphan = problem("---\ntitle: T\nslug: t\n---\n\n## Heading\n\n<!-- asks: why -->\n\nText.\n")
        #expect(orphan?.line == 8)
        #expect(orphan?.message.contains("right after the paragraph") == true)
    }

    @Test func aLexiconGroupFoundOnlyInAsksCanMatchAndOneFoundNowhereIsNamed() {
        let directory = TemporaryDirectory()
        directory.write("knowledge/a.md", "---\ntitle: A\nslug: a\n---\n\nLiving side by side.\n<!-- asks: we are like flatmates now -->\n")
        directory.write("knowledge/lexicon.txt", "roomies: flatmates, housemates\nnowhere: zyzzyva, quokka\n")
        let problems = lexiconProblems(in: KnowledgeFolder(path: directory.file("knowledge")))
        #expect(problems.map(\.line) == [2], "\(problems)")
        #expect(problems.first?.message.contains("'nowhere'") == true)
    }

    @Test func relatedMixesSlugsAndTitles() throws {
        let article = try parse(Fixtures.desireGaps).article
        #expect(article.related == [.slug("declines"), .title("Some Future Article")])
    }

    @Test func paragraphsSpanningLinesAreJoinedAndKeepTheirFirstLine() throws {
        let article = try parse("---\ntitle: T\nslug: t\n---\n\nfirst line\nsecond line\n\n## S\n\n- one\n- two\n").article
        #expect(article.passages[0].text == "first line second line")
        #expect(article.passages[0].line == 6)
        #expect(article.passages[1].kind == .list)
        #expect(article.passages[1].line == 11)
    }

    @Test func calloutsAreMarked() throws {
        let article = try parse("---\ntitle: T\nslug: t\n---\n\n> [!NOTE]\n> Virtual sessions are available.\n").article
        #expect(article.passages.first?.kind == .callout)
        #expect(article.passages.first?.text == "Virtual sessions are available.")
    }

    @Test func windowsLineEndingsAndByteOrderMarkAreRead() throws {
        let text = "\u{FEFF}" + Fixtures.declines.replacingOccurrences(of: "\n", with: "\r\n")
        let article = try parse(text).article
        #expect(article.slug == "declines")
        #expect(article.passages.count == 5)
        #expect(article.passages[0].line == 8)
    }

    @Test func invalidUTF8IsAWarningNotAFailure() throws {
        var bytes = Array(Fixtures.declines.utf8)
        bytes.insert(contentsOf: [0xff, 0xfe], at: bytes.count - 10)
        let result = try ArticleParser().parse(bytes: bytes, file: "bad.md")
        #expect(result.warnings.contains { $0.message.contains("UTF-8") && !$0.isFatal })
    }

    /// Each malformed file is named with the line of its fault.
    @Test(arguments: [
        ("", 1, "empty"),
        ("no front matter here\n", 1, "front matter"),
        ("---\ntitle: T\nslug: t\n", 1, "never closed"),
        ("---\ntitel: T\nslug: t\n---\ntext\n", 2, "unknown front matter key 'titel'"),
        ("---\nslug: t\n---\ntext\n", 1, "no 'title:'"),
        ("---\ntitle: T\n---\ntext\n", 1, "no 'slug:'"),
        ("---\ntitle: T\nslug: Not A Slug\n---\ntext\n", 3, "slug 'Not A Slug'"),
        ("---\ntitle: T\nslug: t\nslug: u\n---\ntext\n", 4, "given twice"),
        ("---\ntitle: T\nslug: t\njust words\n---\ntext\n", 4, "key: value"),
        ("---\ntitle: T\nslug: t\n---\n", 1, "no paragraphs"),
        ("---\ntitle: T\nslug: t\n---\n# Title\ntext\n", 5, "'# ' heading"),
        ("---\ntitle: T\nslug: t\n---\ntext\n\n## Frequently Asked Questions\n\n### Is this answered?\n\n### Next?\n\nYes.\n", 9, "no answer"),
        ("---\ntitle: T\nslug: t\n---\ntext\n\n## Frequently Asked Questions\n\n### Last one?\n", 9, "no answer"),
        ("---\ntitle: T\nslug: t\n---\ntext\n\n#### Deep\n", 7, "headings are"),
    ] as [(String, Int, String)])
    func malformedFilesAreNamedWithTheirLine(_ text: String, line: Int, message: String) {
        let found = problem(text)
        #expect(found?.line == line, "\(String(describing: found))")
        #expect(found?.message.contains(message) == true, "\(String(describing: found))")
        #expect(found?.description.hasPrefix("test.md:\(line): ") == true)
    }

    @Test func anEmptySectionIsAWarning() throws {
        let result = try parse("---\ntitle: T\nslug: t\n---\ntext\n\n## Empty\n\n## Full\n\nwords\n")
        #expect(result.warnings.map(\.line) == [7])
        #expect(result.warnings.first?.isFatal == false)
    }

    @Test func slugsAreMadeFromTitles() {
        #expect(Slug.make(from: "When You're Not Feeling Wanted Tonight") == "when-youre-not-feeling-wanted-tonight")
        #expect(Slug.make(from: "  Couples Therapy!  ") == "couples-therapy")
        #expect(Slug.isValid("a-b-c") && !Slug.isValid("a--b") && !Slug.isValid("-a") && !Slug.isValid("A"))
    }
}
