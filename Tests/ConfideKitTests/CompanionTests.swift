import Testing
@testable import ConfideKit

/// Answers from the project's shipped knowledge folder, through a real index file.
@Suite struct CompanionTests {
    let directory = TemporaryDirectory()
    let companion: Companion

    init() throws {
        let index = try KnowledgeIndex(path: directory.file("index.sqlite3"), folder: KnowledgeFolder(path: Fixtures.shippedKnowledge))
        try index.refresh()
        companion = Companion(index: index)
    }

    @Test func aRepeatedLexiconMemberKeepsEveryTextBesideItsOwnStems() throws {
        // "rejection" and "rejecting" stem alike: the second is dropped, and the texts after it
        // must not shift onto the wrong stems.
        let lexicon = try Lexicon.parse("decline: reject, rejection, rejecting, brush off\n", file: "lexicon.txt")
        let group = try #require(lexicon.groups.first)
        #expect(group.members.count == group.memberTexts.count)
        for (stems, text) in zip(group.members, group.memberTexts) {
            #expect(stems == Words.tokens(text).map(PorterStemmer.stem), "'\(text)' is paired with \(stems)")
        }
    }

    @Test func anOnTopicQuestionGetsOneToThreeCitedExcerpts() throws {
        let answer = try companion.answer("why do I take it personally when my partner says no")
        #expect((1...3).contains(answer.citations.count))
        #expect(answer.fallback == nil)
        #expect(answer.citations.map(\.number) == Array(1...answer.citations.count))
        for citation in answer.citations {
            #expect(citation.source.range(of: #"^[a-z0-9-]+\.md:\d+$"#, options: .regularExpression) != nil)
            let words = citation.excerpt.split(separator: " ").count
            #expect(words > 0 && words <= 60 + 1)
        }
        #expect(answer.citations.first?.slug == "when-a-no-feels-personal")
        #expect(!answer.related.isEmpty)
    }

    @Test func excerptsAreSentencesOfThePassageNotTheWholeParagraph() throws {
        let answer = try companion.answer("how to say no to my partner without hurting them")
        let citation = try #require(answer.citations.first)
        let passage = try #require(try companion.index.passage(id: citation.passageID))
        let excerpt = citation.excerpt.replacingOccurrences(of: "\u{2026}", with: "")
        #expect(passage.body.contains(excerpt) || excerpt.split(separator: " ").count >= 60)
        #expect(Sentences.split(excerpt).count <= 3)
    }

    @Test(arguments: ["how do I change a bicycle tyre", "what is the boiling point of tungsten", "recipe for lasagna with spinach", "the the the", ""])
    func questionsTheArticlesDoNotCoverGetTheHonestFallback(_ question: String) throws {
        let answer = try companion.answer(question)
        #expect(answer.citations.isEmpty)
        let fallback = try #require(answer.fallback)
        if !question.isEmpty && question != "the the the" {
            #expect(fallback.contains("When a Partner's No Feels Personal"))
        }
    }

    @Test(arguments: FTS5PatternTests.hostile)
    func hostileQuestionsNeverFail(_ question: String) throws {
        let answer = try companion.answer(question)
        #expect(answer.citations.count <= 3)
        #expect(answer.citations.isEmpty == (answer.fallback != nil))
    }

    @Test func relatedReadingOfTheTopArticleIsResolved() throws {
        let related = try companion.relatedReading(of: "when-a-no-feels-personal")
        #expect(related.count == 4)
        #expect(related.allSatisfy { $0.slug != nil })
    }

    /// A word the articles do not hold finds nothing, however cheap: it never stands for the
    /// first search on its own.
    @Test func anUnknownWordIsNotTheWholeFirstSearch() throws {
        companion.searchBudget = 1
        let (plan, frequencies) = try companion.plan(for: "zzxqvw partner initiates")
        #expect(frequencies["zzxqvw"] == 0)
        let first = try #require(companion.searchPatterns(for: plan, frequencies: frequencies, passageCount: try companion.index.passageCount).first)
        // Which known words join it depends on the articles; that some do is the point.
        #expect(first.rawPattern != "\"zzxqvw\"" && first.rawPattern.contains(" OR "), "\(first.rawPattern)")
    }

    /// When even the rarest word is in more passages than the budget, the first search asks for
    /// the rarest concepts together (one concept: its FAQ questions, headings and titles), and
    /// when that finds too few, the broader search still answers.
    @Test func overTheBudgetTheFirstSearchIsNarrowedAndWidensWhenItFindsTooFew() throws {
        let passages = try companion.index.passageCount
        companion.searchBudget = 0
        var (plan, frequencies) = try companion.plan(for: "why do I take it personally when my partner says no")
        var first = try #require(companion.searchPatterns(for: plan, frequencies: frequencies, passageCount: passages).first)
        #expect(first.rawPattern.contains(") AND ("))
        #expect(first.broader != nil)
        #expect(try companion.answer("why do I take it personally when my partner says no").citations.first?.slug == "when-a-no-feels-personal")

        (plan, frequencies) = try companion.plan(for: "rejection")
        first = try #require(companion.searchPatterns(for: plan, frequencies: frequencies, passageCount: passages).first)
        let broader = try #require(first.broader)
        #expect(first.rawPattern == "{faq section title asks} : (\(broader.rawPattern))")

        // Concepts seldom together: the narrowed search finds too few, and the broader one runs.
        let question = "sensate focus tomatoes"
        (plan, frequencies) = try companion.plan(for: question)
        let (narrowed, _) = companion.searchPatterns(for: plan, frequencies: frequencies, passageCount: passages)
        let narrowedSearch = try #require(narrowed)
        #expect(narrowedSearch.broader != nil)
        let together = try companion.index.search(narrowedSearch, weights: .standard, limit: 30).count
        #expect(together < companion.minimumCandidates)
        #expect(try companion.rankedPassages(for: plan, frequencies: frequencies).count > together)
    }

    @Test func moreSkipsWhatWasShown() throws {
        let first = try companion.answer("feeling unwanted by my partner")
        let shown = Set(first.citations.map(\.passageID))
        let more = try companion.answer("feeling unwanted by my partner", skipping: shown)
        #expect(Set(more.citations.map(\.passageID)).isDisjoint(with: shown))
    }
}

@Suite struct TextTests {
    @Test func sentencesSplitAtEndsButNotAtAbbreviations() {
        let sentences = Sentences.split("First one. Second, e.g. with an example? Third \"quoted.\" Fourth")
        #expect(sentences == ["First one.", "Second, e.g. with an example?", "Third \"quoted.\"", "Fourth"])
    }

    @Test func wordsSplitLikeUnicode61() {
        #expect(Words.tokens("It's self-harm: NEAR(a b) caf\u{e9} \u{1F622} 50%") == ["it", "s", "self", "harm", "near", "a", "b", "caf\u{e9}", "50"])
    }

    @Test func queryPlanDropsStopWordsAndDuplicatesAndStems() {
        let plan = QueryPlan(question: "Why does my partner keep declining? Declined again!")
        #expect(plan.concepts.map(\.label) == ["partner", "declining"])
        #expect(plan.stems == ["partner", "declin"])
    }

    @Test func aPhrasalVerbIsFoundAroundTheWordsBetweenItsParts() throws {
        let lexicon = try Lexicon.parse("decline: turn down, say no\npartner: husband\n", file: "lexicon.txt")
        let plan = QueryPlan(question: "how do I turn my husband down gently", lexicon: lexicon, vocabulary: nil)
        #expect(plan.concepts.map(\.label) == ["turn down", "husband", "gently"])
        #expect(plan.concepts[0].alternatives.map(\.text) == ["turn down", "decline", "say no"])
        #expect(plan.concepts[1].alternatives.map(\.text) == ["husband", "partner"])
        // Too far apart, it is two words again.
        #expect(QueryPlan(question: "turn the old kitchen lights down", lexicon: lexicon, vocabulary: nil).concepts.map(\.label) == ["turn", "old", "kitchen", "lights"])
        // In a passage too: "turned your partner down" counts as the phrase.
        let field = PassageText.Field("When you have turned your partner down, say what you can offer.")
        #expect(PassageText(RankerTests.passage(id: 1, question: nil, body: "x")).occurrences(of: ["turn", "down"], in: field) == 1)
    }

    @Test func aCapitalNEARIsAnOperatorAndALowerCaseNearAWord() {
        #expect(QueryPlan(question: "sensate NEAR focus").concepts.map(\.label) == ["sensate", "focus"])
        #expect(QueryPlan(question: "a couples therapist near me").concepts.map(\.label) == ["couples", "therapist", "near"])
        #expect(QueryPlan(question: "Near tears again").concepts.map(\.label) == ["near", "tears"])
    }

    @Test func aLongMessageWeighsItsAskingSentenceAboveItsStory() {
        let message = "we moved cities last spring, my job changed, the kids started school and my partner works nights. "
            + "honestly the house feels quiet. why does every no feel like rejection?"
        let plan = QueryPlan(question: message)
        #expect(plan.concepts.count >= QueryPlan.storyConcepts)
        let weights = Dictionary(uniqueKeysWithValues: plan.concepts.map { ($0.label, $0.weight) })
        #expect(weights["rejection"] == 1)
        #expect(weights["feels"] == 1, "told in the story, and asked about too")
        #expect(weights["moved"] == QueryPlan.storyWeight)
        #expect(weights["kids"] == QueryPlan.storyWeight)
        // A short question is all asking.
        #expect(QueryPlan(question: "we moved and the kids started school. why does every no feel like rejection?").concepts.allSatisfy { $0.weight == 1 })
    }

    @Test func queryPlanBoundsAPastedEssay() {
        let essay = (0..<5000).map { "word\($0)x" }.joined(separator: " ")
        #expect(QueryPlan(question: essay).concepts.count == QueryPlan.maximumConcepts)
    }

    @Test func jsonEscapesAndKeepsNulls() {
        let value = JSON.object([("a", .null), ("b", .string("q\"\\\n\u{01}\u{1F622}")), ("c", .array([.int(1), .number(0.5), .bool(true)]))])
        #expect(value.encoded() == #"{"a":null,"b":"q\"\\\n\u0001😢","c":[1,0.5,true]}"#)
    }

    @Test func highlightsMarkWordsSharingTheQuestionsStems() {
        let marked = Highlights.apply(in: "She declined; the declines hurt.", stems: ["declin"]) { "[\($0)]" }
        #expect(marked == "She [declined]; the [declines] hurt.")
    }

    @Test func lexiconMembersExpandAndPhrasesMatchInOrder() throws {
        let lexicon = try Lexicon.parse("partner: husband, wife\ndecline (0.7): turned down, refuse\n", file: "lexicon.txt")
        let plan = QueryPlan(question: "my husband turned me down, and I turned down the radio", lexicon: lexicon, vocabulary: nil)
        let husband = try #require(plan.concepts.first { $0.label == "husband" })
        #expect(husband.alternatives.map(\.text) == ["husband", "partner", "wife"])
        #expect(husband.alternatives.map(\.weight) == [1, Lexicon.defaultWeight, Lexicon.defaultWeight])
        // A phrase may hold stop words it does not name: "turned me down" is "turned down".
        let declines = plan.concepts.filter { $0.alternatives.contains { $0.text == "refuse" } }
        #expect(declines.map(\.label) == ["turned me down", "turned down"])
        #expect(declines.first?.alternatives.first { $0.text == "refuse" }?.weight == 0.7)
    }

    @Test func misspelledWordsAreCorrectedToTheArticlesVocabulary() {
        let vocabulary = Vocabulary(frequencies: ["unwant": 4, "unwind": 1, "partner": 90, "reject": 12])
        let plan = QueryPlan(question: "i feel unwantd, parnter keeps rejectng me", lexicon: .empty, vocabulary: vocabulary)
        #expect(plan.corrections.map(\.corrected) == ["unwant", "partner", "reject"])
        let corrected = plan.concepts.filter { ["unwantd", "parnter", "rejectng"].contains($0.label) }
        #expect(corrected.count == 3 && corrected.allSatisfy { $0.alternatives.contains { $0.source == .corrected } })
        // Short words are left alone: too many near neighbours.
        #expect(QueryPlan(question: "tyre", lexicon: .empty, vocabulary: Vocabulary(frequencies: ["type": 3])).corrections.isEmpty)
    }

    @Test func aShortFollowUpBorrowsThePreviousQuestionAndANewQuestionDoesNot() {
        let followUp = QueryPlan(question: "what can I do about it?", following: "my partner keeps rejecting me")
        #expect(followUp.borrowed)
        #expect(followUp.concepts.map(\.label) == ["partner", "rejecting"])
        #expect(followUp.concepts.allSatisfy { $0.weight == QueryPlan.borrowedWeight })
        let fresh = QueryPlan(question: "how does responsive desire work in long relationships", following: "my partner keeps rejecting me")
        #expect(!fresh.borrowed)
    }

    @Test func editDistance() {
        #expect(EditDistance.between("unwantd", "unwanted") == 1)
        #expect(EditDistance.between("kitten", "sitting") == 3)
        #expect(EditDistance.between("a", "abcdef", limit: 2) == 3)
        #expect(EditDistance.between("myslef", "myself") == 1)
        #expect(EditDistance.between("ab", "ba") == 1)
    }
}

/// The fallback names what the library covers, but a whole library would bury the message.
@Suite struct FallbackTests {
    func companion(articles count: Int, in directory: TemporaryDirectory) throws -> Companion {
        for number in 1...count {
            let slug = String(format: "article-%02d", number)
            directory.write("knowledge/\(slug).md", Fixtures.article(slug: slug, title: "Article \(number)", body: "A paragraph about closeness and desire, number \(number)."))
        }
        let index = try KnowledgeIndex(path: directory.file("index.sqlite3"), folder: KnowledgeFolder(path: directory.file("knowledge")))
        try index.refresh()
        return Companion(index: index)
    }

    @Test func aSmallLibraryIsNamedInFull() throws {
        let directory = TemporaryDirectory()
        let fallback = try #require(try companion(articles: 3, in: directory).answer("how do I bake sourdough bread").fallback)
        #expect(fallback.contains("What they do cover: Article 1; Article 2; Article 3."))
    }

    @Test func aLargeLibraryIsNamedByCountAndItsFirstTitles() throws {
        let directory = TemporaryDirectory()
        let companion = try companion(articles: Companion.fallbackTitles + 4, in: directory)
        let fallback = try #require(try companion.answer("how do I bake sourdough bread").fallback)
        #expect(fallback.contains("among the \(Companion.fallbackTitles + 4) articles, Article 1; Article 2;"))
        #expect(fallback.contains("Article \(Companion.fallbackTitles) and more."))
        #expect(!fallback.contains("Article \(Companion.fallbackTitles + 1)"))
    }

    @Test func onlyWordsLongEnoughAreEverCorrected() {
        #expect(!Vocabulary.mightCorrect(stem: "no", word: "no"))
        #expect(!Vocabulary.mightCorrect(stem: "tyre", word: "tyre"))
        #expect(Vocabulary.mightCorrect(stem: "respns", word: "respns"))
        // A word that stems short but was typed long can still be corrected by its start.
        #expect(Vocabulary.mightCorrect(stem: "init", word: "inits"))
        // And what `correction` refuses agrees: no four-letter word is ever corrected.
        let vocabulary = Vocabulary(frequencies: ["type": 3, "tire": 2])
        #expect(vocabulary.correction(for: "tyre", word: "tyre", lexicon: .empty) == nil)
    }
}
