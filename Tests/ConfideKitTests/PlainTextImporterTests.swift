import Foundation
import Testing
@testable import ConfideKit

/// `PlainTextImporter`: the practice's plain-text web format (one paragraph per line) turned into
/// an `Article`, and that article written by `ArticleWriter` and read back by `ArticleParser`.
@Suite struct PlainTextImporterTests {
    // MARK: - The fixture: a short, fictional article in the plain-text format

    /// The fixture's lines, numbered from 1 in the comments.
    static let lines: [String] = [
        /*  1 */ "After a long, crowded season of work deadlines, school runs and family visits, many couples notice that they have drifted apart without ever deciding to. The calendar filled up, and the two of you became very good colleagues in the business of running a household.",
        /*  2 */ "That drift is common, and it is rarely a sign that the love has gone. It is more often a sign that there was no room left for anything that was not urgent.",
        /*  3 */ "When the Calendar Takes Over",
        /*  4 */ "During a busy stretch, the conversations that keep a couple close are the first to go. Talk shrinks to logistics: who is collecting whom, what needs buying, which bill is due.",
        /*  5 */ "Desire tends to follow the same path. When both people are running on empty, touch starts to feel like one more request on an already long list.",
        /*  6 */ "\"Distance after a busy season is usually a sign of depletion, not of a bond that is fading.\"",
        /*  7 */ "Finding the Way Back",
        /*  8 */ "Reconnection rarely starts with a big conversation. It starts with ten unhurried minutes at the end of the day, without phones, and with no agenda except each other.",
        /*  9 */ "Closeness tends to come back in small, ordinary moments before it comes back in grand ones.",
        /* 10 */ "I work with couples and individuals on finding their way back to each other after stressful seasons. Virtual sessions across OR, WA, and ID.",
        /* 11 */ "For Both Partners",
        /* 12 */ "If you are the one who feels the distance more sharply, name it gently and without blame. If you are the one who has not noticed it, try to listen before you explain.",
        /* 13 */ "Frequently Asked Questions",
        /* 14 */ "Why do we feel like roommates after a busy month?",
        /* 15 */ "Because the time you used to spend noticing each other went to the urgent tasks of the season. The feeling usually eases once a little unscheduled time returns.",
        /* 16 */ "Is it normal to not want sex when I am exhausted?",
        /* 17 */ "Yes, exhaustion is one of the most common reasons desire fades for a while. A body that is running on reserves puts rest first.",
        /* 18 */ "It can help to tell your partner that the tiredness is about the season and not about them. That sentence alone often takes the sting out of a quiet bedroom.",
        /* 19 */ "What if my partner seems fine and I do not?",
        /* 20 */ "How long does it take to feel close again?",
        /* 21 */ "For most couples it takes a few weeks of small, steady attention rather than one grand gesture.",
        /* 22 */ "Related reading: when we're too tired for each other \u{00B7} Not Feeling Desired by My Partner \u{00B7} The Quiet Months Nobody Talks About \u{00B7} COUPLES THERAPY",
    ]

    static var text: String { lines.joined(separator: "\n") + "\n" }

    /// Articles the folder already has; one title with a curly apostrophe.
    static let known: [(slug: String, title: String)] = [
        ("not-feeling-desired", "Not Feeling Desired by My Partner"),
        ("too-tired", "When We\u{2019}re Too Tired for Each Other"),
        ("couples-therapy", "Couples Therapy"),
    ]

    func importText(_ text: String, file: String = "distant.txt", known: [(slug: String, title: String)] = PlainTextImporterTests.known) throws(PlainTextImporter.Failure) -> PlainTextImporter.Result {
        try importBytes(Array(text.utf8), file: file, known: known)
    }

    func importBytes(_ bytes: [UInt8], file: String = "distant.txt", known: [(slug: String, title: String)] = PlainTextImporterTests.known) throws(PlainTextImporter.Failure) -> PlainTextImporter.Result {
        try PlainTextImporter().importArticle(bytes: bytes, file: file, title: "Feeling Distant After a Busy Season", slug: "feeling-distant", knownArticles: known)
    }

    func failure(_ bytes: [UInt8], file: String = "odd.txt") -> PlainTextImporter.Failure? {
        do {
            _ = try importBytes(bytes, file: file)
            return nil
        } catch {
            return error
        }
    }

    /// Writes the article as Markdown and parses it back.
    func roundTrip(_ article: Article) throws -> Article {
        let markdown = ArticleWriter.markdown(article)
        do {
            return try ArticleParser().parse(text: markdown, file: article.file).article
        } catch {
            Issue.record("the written article does not parse: \(error)\n\(markdown)")
            throw error
        }
    }

    // MARK: - Structure

    @Test func titleSlugAndFileComeFromTheCaller() throws {
        let article = try importText(Self.text).article
        #expect(article.title == "Feeling Distant After a Busy Season")
        #expect(article.slug == "feeling-distant")
        #expect(article.file == "feeling-distant.md")
    }

    @Test func headingsBecomeSections() throws {
        let article = try importText(Self.text).article
        #expect(article.sections.map(\.heading) == [nil, "When the Calendar Takes Over", "Finding the Way Back", "For Both Partners", "Frequently Asked Questions"])
        #expect(article.sections.map(\.line) == [1, 3, 7, 11, 13])
        #expect(article.sections.map(\.isFAQ) == [false, false, false, false, true])
        // A heading line is never also a passage.
        let texts = article.passages.map(\.text)
        for heading in ["When the Calendar Takes Over", "Finding the Way Back", "For Both Partners", "Frequently Asked Questions"] {
            #expect(!texts.contains(heading), "the heading '\(heading)' was kept as a passage")
        }
    }

    @Test func paragraphsStayInOrderWithTheirSourceLines() throws {
        let article = try importText(Self.text).article
        let body = article.passages.filter { $0.question == nil }
        // Line 10, the practice's services line, is left out (not advice to quote).
        #expect(body.map(\.line) == [1, 2, 4, 5, 6, 8, 9, 12])
        for passage in body {
            #expect(passage.text == Self.lines[passage.line - 1], "line \(passage.line) has the text '\(passage.text)'")
        }
        let paragraphs = body.filter { $0.kind == .paragraph }
        #expect(paragraphs.map(\.line) == [1, 2, 4, 5, 8, 12])
        #expect(paragraphs.map(\.section) == [nil, nil, "When the Calendar Takes Over", "When the Calendar Takes Over", "Finding the Way Back", "For Both Partners"])
        // Every passage of the article, FAQ included, is in source order.
        let allLines = article.passages.map(\.line)
        #expect(allLines == allLines.sorted())
    }

    @Test func pullQuoteIsAQuotePassage() throws {
        let article = try importText(Self.text).article
        let quotes = article.passages.filter { $0.kind == .quote }
        #expect(quotes.count == 1)
        #expect(quotes.first?.line == 6)
        #expect(quotes.first?.text == Self.lines[5])
        #expect(quotes.first?.section == "When the Calendar Takes Over")
    }

    /// The practice's marketing line (sessions, states served) is not quoted as advice: it is
    /// left out, with a note; the short line beside it is still a callout.
    @Test func servicesLineIsLeftOutAndTheShortLineBesideItIsACallout() throws {
        let result = try importText(Self.text)
        let article = result.article
        let callouts = article.passages.filter { $0.kind == .callout }
        #expect(callouts.map(\.line) == [9])
        #expect(callouts.map(\.text) == [Self.lines[8]])
        #expect(callouts.allSatisfy { $0.section == "Finding the Way Back" })
        #expect(!article.passages.contains { $0.line == 10 || $0.text.contains("Virtual sessions") })
        #expect(result.notes.contains { $0.line == 10 && $0.message.contains("services") })
        // The paragraph before the callout is not swept into it.
        #expect(article.passages.first { $0.line == 8 }?.kind == .paragraph)
    }

    /// A line that only speaks of the work stays (as a callout); only booking and sessions
    /// offered are left out.
    @Test func aServicesLineWithoutMarketingStays() throws {
        let text = "An opening paragraph about desire and the ways it can change over a long relationship.\nI see this pattern often with the couples I work with, and it usually softens with time.\n"
        let result = try importText(text)
        #expect(result.article.passages.contains { $0.kind == .callout && $0.text.hasPrefix("I see this pattern") })
        #expect(result.notes.isEmpty, "\(result.notes)")
    }

    /// A short first line without closing punctuation is the title, not an intro paragraph;
    /// a long first paragraph is not.
    @Test func aTitleLineIsFoundAndKeptOutOfTheBody() throws {
        let titled = "Responsive Desire: Why Wanting Comes Second\n" + Self.text
        let line = try #require(PlainTextImporter.titleLine(in: Array(titled.utf8)))
        #expect(line.text == "Responsive Desire: Why Wanting Comes Second")
        let article = try PlainTextImporter().importArticle(bytes: Array(titled.utf8), file: "t.txt", title: line.text, slug: "t", knownArticles: Self.known, skippingTitleLine: true).article
        #expect(!article.passages.contains { $0.text == line.text })
        #expect(article.passages.first?.text == Self.lines[0])
        #expect(PlainTextImporter.titleLine(in: Array(Self.text.utf8)) == nil)
        #expect(PlainTextImporter.titleLine(in: Array("Just One Line\n".utf8)) == nil)
        #expect(PlainTextImporter.titleLine(in: Array(("Copyright \u{00A9} 2001-2023 by Some Developers <dev@example.org>\n" + Self.text).utf8)) == nil)
    }

    @Test func faqQuestionsBecomeEntriesWithTheirAnswers() throws {
        let article = try importText(Self.text).article
        let faq = try #require(article.sections.last)
        #expect(faq.heading == ArticleParser.faqHeading)
        #expect(faq.passages.allSatisfy { $0.kind == .answer && $0.section == ArticleParser.faqHeading })
        #expect(faq.passages.map(\.question) == [
            "Why do we feel like roommates after a busy month?",
            "Is it normal to not want sex when I am exhausted?",
            "Is it normal to not want sex when I am exhausted?",
            "How long does it take to feel close again?",
        ])
        #expect(faq.passages.map(\.line) == [15, 17, 18, 21])
        #expect(faq.passages.map(\.text) == [Self.lines[14], Self.lines[16], Self.lines[17], Self.lines[20]])
        // Questions are not passages of their own.
        #expect(!article.passages.contains { $0.text.hasSuffix("?") })
    }

    @Test func aQuestionWithoutAnswerIsLeftOutWithANoteNamingItsLine() throws {
        let result = try importText(Self.text)
        let questions = result.article.passages.compactMap(\.question)
        #expect(!questions.contains("What if my partner seems fine and I do not?"))
        #expect(!result.article.passages.contains { $0.text.contains("seems fine") })
        let notes = result.notes.filter { $0.message.contains("no answer") }
        #expect(notes.count == 1, "notes: \(result.notes)")
        let note = try #require(notes.first)
        #expect(note.file == "distant.txt")
        #expect(note.line == 19)
        #expect(note.message.contains("What if my partner seems fine"))
        #expect(!note.isFatal)
        #expect(note.description.hasPrefix("distant.txt:19: "))
        // That and the services line left out are the only notes the fixture earns.
        #expect(result.notes.count == 2, "notes: \(result.notes)")
    }

    @Test func aQuestionLastInTheFileWithoutAnswerIsLeftOut() throws {
        let text = "An opening paragraph about a busy season and the distance it leaves behind.\nFrequently Asked Questions\nDoes this get better?\nUsually it does, once there is some time again.\nIs anyone there?\n"
        let result = try importText(text)
        #expect(result.article.passages.compactMap(\.question) == ["Does this get better?"])
        #expect(result.notes.map(\.line) == [5], "notes: \(result.notes)")
    }

    @Test func relatedTitlesResolveToKnownSlugsAndUnknownOnesStayTitles() throws {
        let article = try importText(Self.text).article
        #expect(article.related == [
            // Straight apostrophe and lower case against a curly apostrophe and title case.
            .slug("too-tired"),
            .slug("not-feeling-desired"),
            .title("The Quiet Months Nobody Talks About"),
            .slug("couples-therapy"),
        ])
        // The related line is not a passage.
        #expect(!article.passages.contains { $0.text.lowercased().hasPrefix("related reading") })
    }

    @Test func relatedTitlesWithNoKnownArticlesAllStayTitles() throws {
        let article = try importText(Self.text, known: []).article
        #expect(article.related == [
            .title("when we're too tired for each other"),
            .title("Not Feeling Desired by My Partner"),
            .title("The Quiet Months Nobody Talks About"),
            .title("COUPLES THERAPY"),
        ])
    }

    /// An article retitled in the project's own words still answers to the practice's longer
    /// title when that title holds its slug's words in order, and only one slug fits.
    @Test func aRetitledArticleAnswersToATitleHoldingItsSlug() throws {
        let text = "An opening paragraph about feeling far apart after a demanding few months.\nRelated reading: Why Everyone Worries About Doing It Right · Doing It Right Twice\n"
        let article = try importText(text, known: [("doing-it-right", "On Worrying About Technique")]).article
        #expect(article.related == [.slug("doing-it-right"), .slug("doing-it-right")])
        let ambiguous = try importText(text, known: [("doing-it-right", "On Worrying About Technique"), ("it-right", "Another One")]).article
        #expect(ambiguous.related == [.title("Why Everyone Worries About Doing It Right"), .title("Doing It Right Twice")])
        // A title that matches outright wins over slugs that fit.
        let outright = try importText(text, known: [("it-right", "Doing It Right Twice"), ("doing-it-right", "On Worrying About Technique")]).article
        #expect(outright.related.last == .slug("it-right"))
    }

    @Test func curlyApostropheInTheFileMatchesAStraightOneInTheKnownTitle() throws {
        let text = "An opening paragraph about feeling far apart after a demanding few months.\nRelated reading: When We\u{2019}re Too Tired for Each Other\n"
        let article = try importText(text, known: [("too-tired", "When We're Too Tired for Each Other")]).article
        #expect(article.related == [.slug("too-tired")])
    }

    @Test(arguments: [
        ("partner-no-article.txt", "Partner No Article"),
        ("feeling-distant_after a-busy-season.txt", "Feeling Distant After A Busy Season"),
        ("/tmp/some/folder/quiet-months.txt", "Quiet Months"),
        ("busy-season", "Busy Season"),
        ("already Titled.md", "Already Titled"),
    ])
    func titleFromFileName(_ name: String, _ expected: String) {
        #expect(PlainTextImporter.title(fromFileName: name) == expected)
    }

    // MARK: - Odd input

    @Test func emptyFileThrowsEmpty() {
        #expect(failure([], file: "empty.txt") == .empty("empty.txt"))
    }

    @Test func whitespaceOnlyFileThrowsEmpty() {
        #expect(failure(Array("   \n\t\n \r\n\n  ".utf8), file: "blank.txt") == .empty("blank.txt"))
    }

    @Test func failuresDescribeTheFile() {
        #expect(PlainTextImporter.Failure.empty("a.txt").description.contains("a.txt"))
        #expect(PlainTextImporter.Failure.notText("b.bin").description.contains("b.bin"))
    }

    @Test func windowsLineEndingsGiveTheSameArticle() throws {
        let lf = try importText(Self.text)
        let crlf = try importText(Self.text.replacingOccurrences(of: "\n", with: "\r\n"))
        #expect(crlf.article == lf.article)
        #expect(crlf.notes == lf.notes)
    }

    @Test func byteOrderMarkGivesTheSameArticle() throws {
        let lf = try importText(Self.text)
        let bom = try importText("\u{FEFF}" + Self.text)
        #expect(bom.article == lf.article)
        #expect(bom.notes == lf.notes)
        #expect(!bom.article.passages.contains { $0.text.contains("\u{FEFF}") })
        let both = try importText("\u{FEFF}" + Self.text.replacingOccurrences(of: "\n", with: "\r\n"))
        #expect(both.article == lf.article)
    }

    @Test func nonUTF8BytesGiveANoteAndStillAnArticle() throws {
        var bytes = Array(Self.text.utf8)
        // A Latin-1 "é" (0xE9) and a stray 0xFF in the first paragraph.
        let at = try #require(bytes.firstIndex(of: UInt8(ascii: ",")))
        bytes.insert(contentsOf: [0xE9, 0xFF], at: at)
        let result = try importBytes(bytes, file: "latin1.txt")
        #expect(result.article.sections.count == 5)
        #expect(result.article.passages.first?.text.contains("\u{FFFD}") == true)
        let encodingNotes = result.notes.filter { $0.message.contains("UTF-8") }
        #expect(encodingNotes.count == 1, "notes: \(result.notes)")
        #expect(encodingNotes.first?.file == "latin1.txt")
        #expect(encodingNotes.first?.isFatal == false)
    }

    @Test func binaryDataWithNULBytesThrowsNotText() {
        let binary = (0..<4).flatMap { _ in (0..<256).map { UInt8($0) } }
        #expect(failure(binary, file: "image.bin") == .notText("image.bin"))
        // A single NUL inside otherwise ordinary text is enough.
        var text = Array(Self.text.utf8)
        text.insert(0, at: 40)
        #expect(failure(text, file: "nul.txt") == .notText("nul.txt"))
    }

    @Test func noHeadingsGivesAnArticleWithOnlyAnIntroduction() throws {
        let text = """
            Busy seasons end, but the habits they leave behind can linger for months.
            Couples who notice the drift early often find it easier to turn around.
            A single evening set aside each week is a good place to begin.
            """
        let article = try importText(text).article
        #expect(article.sections.count == 1)
        #expect(article.sections.first?.heading == nil)
        #expect(article.passages.map(\.kind) == [.paragraph, .paragraph, .paragraph])
        #expect(article.passages.map(\.line) == [1, 2, 3])
        #expect(article.related.isEmpty)
        let back = try roundTrip(article)
        #expect(back.sections.count == 1 && back.sections.first?.heading == nil)
        #expect(back.passages.map(\.text) == article.passages.map(\.text))
    }

    @Test func blankLinesBetweenParagraphsKeepLineNumbers() throws {
        let text = "The first paragraph of a short piece about distance.\n\n\nThe second paragraph, after two blank lines.\n\nQuiet Evenings\n\nA paragraph under the only heading.\n"
        let article = try importText(text).article
        #expect(article.sections.map(\.heading) == [nil, "Quiet Evenings"])
        #expect(article.passages.map(\.line) == [1, 4, 8])
        #expect(article.sections.map(\.line) == [1, 6])
    }

    @Test(arguments: [
        "# 1 thing that helps most is a full night of sleep for both of you.",
        "> This line starts with an arrow but it is only a paragraph.",
        "- A dash opens this line, yet it is a sentence and not a list.",
        "* A star opens this line, yet it is a sentence too.",
    ])
    func paragraphThatLooksLikeMarkdownSurvivesTheRoundTrip(_ line: String) throws {
        let text = "An opening paragraph about the weeks after a busy season.\nSmall Steps\n\(line)\nA closing paragraph that follows the odd one.\n"
        let article = try importText(text).article
        let odd = try #require(article.passages.first { $0.line == 3 })
        #expect(odd.kind == .paragraph)
        #expect(odd.text == line)

        let back = try roundTrip(article)
        #expect(back.sections.map(\.heading) == [nil, "Small Steps"])
        #expect(back.passages.map(\.kind) == [.paragraph, .paragraph, .paragraph])
        #expect(back.passages.map(\.text) == article.passages.map(\.text))
        #expect(back.passages[1].text == line)
    }

    // MARK: - Round trip through the Markdown format

    @Test func writtenMarkdownParsesBackToTheSameArticle() throws {
        let article = try importText(Self.text).article
        let back = try roundTrip(article)
        #expect(back.title == article.title)
        #expect(back.slug == article.slug)
        #expect(back.summary == article.summary)
        #expect(back.related == article.related)
        #expect(back.sections.map(\.heading) == article.sections.map(\.heading))
        #expect(back.sections.map(\.isFAQ) == article.sections.map(\.isFAQ))
        #expect(back.sections.map(\.level) == article.sections.map(\.level))
        #expect(back.sections.map { $0.passages.count } == article.sections.map { $0.passages.count })
        #expect(back.passages.map(\.kind) == article.passages.map(\.kind))
        #expect(back.passages.map(\.text) == article.passages.map(\.text))
        #expect(back.passages.map(\.question) == article.passages.map(\.question))
        #expect(back.passages.map(\.section) == article.passages.map(\.section))
    }

    @Test func writtenMarkdownHasNoWarnings() throws {
        let article = try importText(Self.text).article
        let markdown = ArticleWriter.markdown(article)
        let result = try ArticleParser().parse(text: markdown, file: article.file)
        #expect(result.warnings.isEmpty, "warnings: \(result.warnings)")
        #expect(markdown.contains("related: too-tired, not-feeling-desired, The Quiet Months Nobody Talks About, couples-therapy\n"), "\(markdown)")
        #expect(markdown.contains("\n## Frequently Asked Questions\n"))
        #expect(markdown.contains("\n### Is it normal to not want sex when I am exhausted?\n"))
        #expect(!markdown.contains("What if my partner seems fine"))
    }

    @Test func aWrittenArticleLoadsFromAKnowledgeFolder() throws {
        let directory = TemporaryDirectory()
        let article = try importText(Self.text).article
        directory.write("knowledge/\(article.file)", ArticleWriter.markdown(article))
        let loaded = KnowledgeFolder(path: directory.file("knowledge")).load(article.file)
        #expect(loaded.problems.isEmpty, "problems: \(loaded.problems)")
        let back = try #require(loaded.article)
        #expect(back.passages.map(\.text) == article.passages.map(\.text))
    }
}
