/// The path of a question: safety, plan, search, rank, excerpts, related reading, fallback.
public final class Companion {
    public let index: KnowledgeIndex
    public var ranker = Ranker()
    public var excerpts = ExcerptChooser()
    /// How many passages FTS5 hands to the ranker. FTS5's bm25 is only a first cut: at 30 it
    /// left out passages the ranker would have put first (recall@1 on all three evaluation
    /// sets rose up to 100, and not beyond).
    public var candidateLimit = 100
    /// Words in more than this share of the passages are not searched for, only ranked by.
    public var commonShare = 0.2
    /// How many matches the first, rarest-words search may score...
    public var searchBudget = 3_000
    /// ...and how many candidates it must find for the wider search to be skipped.
    public var minimumCandidates = 10
    /// Checked before anything else, on every question.
    public var safety: SafetyCheck
    public let lexicon: Lexicon
    /// The meaning model's search, when the model is there and every text has its vector;
    /// nil answers by words alone.
    public var meaning: MeaningSearch?
    /// How meaning and words are fused (used only with `meaning`).
    public var fusion = Fusion()
    /// The safety check by meaning, when the model and the knowledge folder's bank are there.
    public var meaningSafety: MeaningSafety?
    /// Where meaning's signals raise a notice or a footer.
    public var safetyTiers = Companion.standardSafetyTiers
    /// The thresholds as set by `scripts/tune-safety` on the two validation lists
    /// (`Tests/Evaluation/safety-validation.tsv` and `safety-validation-2.tsv`, 1,986 messages
    /// by three writers who saw neither the bank nor the rules) and the tuning halves of the
    /// answer sets read as ordinary messages, with the twenty-two-writer bank (14,695 examples),
    /// the word rules with their signs, and `MeaningSafety`'s pieces read as it sets them: the
    /// full notice as low as keeps ordinary messages at 5% at most and the questions people ask
    /// at 1% (a notice interrupts the answer and alarms; caps of 1%, 2% and 3% caught the same
    /// within noise on held-out halves), with a crisis signal from 0.08, coercion from 0.07 and a
    /// word rule counting when the larger signal is 0.06 or more; the footer as low as keeps
    /// notices and footers together at 25% at most (0.03 each); and each kind's help added to
    /// whatever is shown from 0.01 under its footer threshold, the least at which no shown
    /// message there lacks its own kind's help. There: full notice 91.2% of crisis and 90.9% of
    /// coercion messages, notice or footer 97.9% and 98.2%, ordinary messages 4.6% notices and
    /// 24.1% notices or footers, questions 0.7%.
    public static let standardSafetyTiers = SafetyTiers(noticeCrisis: 0.08, noticeCoercion: 0.07, footerCrisis: 0.03, footerCoercion: 0.03, wordsNeedMargin: 0.06, otherKindMargin: 0.01)

    /// The safety check: the word rules, then meaning's two tiers.
    public func safetyNotice(for text: String) -> SafetyNotice? {
        let words = safety.notice(for: text)
        guard let meaningSafety, safetyTiers != .off else { return safetyTiers.combine(words: words, signal: nil, rules: safety.rules, text: text) }
        return safetyTiers.combine(words: words, signal: meaningSafety.signal(for: text), rules: safety.rules, text: text)
    }
    public static let maximumCitations = 3
    /// How many passages' stemmed texts a session keeps for ranking again.
    public static let rememberedTexts = 5_000

    private var texts: [Int64: PassageText] = [:]
    private var statisticsCache: (count: Int, average: Double)?

    public init(index: KnowledgeIndex, safety: SafetyCheck? = nil, lexicon: Lexicon? = nil) {
        self.index = index
        self.safety = safety ?? SafetyCheck(rules: SafetyRules.load(from: index.folder).rules)
        self.lexicon = lexicon ?? Lexicon.load(from: index.folder).lexicon
    }

    /// A question's plan: its concepts, its lexicon expansions and, for words the articles do
    /// not know, their nearest spelling among the articles' words.
    public func plan(for question: String, following previous: String? = nil) throws -> (plan: QueryPlan, frequencies: [String: Int]) {
        var plan = QueryPlan(question: question, lexicon: lexicon, vocabulary: nil, following: previous)
        var frequencies = try index.documentFrequencies(of: plan.stems)
        let unknown = plan.concepts.filter { concept in
            concept.alternatives.count == 1 && concept.alternatives[0].stems.count == 1 && (frequencies[concept.alternatives[0].stems[0]] ?? 0) == 0
                && Vocabulary.mightCorrect(stem: concept.alternatives[0].stems[0], word: concept.label)
        }
        if !unknown.isEmpty {
            let letters = Set(unknown.compactMap { $0.alternatives[0].stems[0].first })
            // The question's own known words belong in it too: only they say a word is known.
            let known = frequencies.filter { $0.value > 0 }
            let vocabulary = Vocabulary(frequencies: try index.vocabulary(startingWith: letters).merging(known) { first, _ in first })
            plan = QueryPlan(question: question, lexicon: lexicon, vocabulary: vocabulary, following: previous)
            frequencies = try index.documentFrequencies(of: plan.stems)
        }
        return (plan, frequencies)
    }

    func statistics(_ frequencies: [String: Int]) throws -> Ranker.Statistics {
        if statisticsCache == nil { statisticsCache = (try index.passageCount, try index.averagePassageLength) }
        return Ranker.Statistics(passageCount: statisticsCache!.count, averageLength: statisticsCache!.average, frequencies: frequencies)
    }

    /// What to search FTS5 for: first the rarest words, then, when that finds too few, all but
    /// the common ones (nil when the first search already holds them all).
    ///
    /// FTS5 scores every passage that holds any searched word, so a search costs what its words'
    /// passage counts add up to. The first search takes the rarest words up to a budget of
    /// matches; words found in a large share of the passages are never searched for (they still
    /// count in the ranking). A word the articles do not hold costs nothing but finds nothing,
    /// so it never stands for the first search alone. When even the rarest word is over the
    /// budget, the first search is narrowed (its `broader` is what it stands in for), and
    /// `rankedPassages` widens when the narrowed one finds too few.
    public func searchPatterns(for plan: QueryPlan, frequencies: [String: Int], passageCount: Int) -> (first: FTS5Pattern?, wider: FTS5Pattern?) {
        func matches(_ alternative: QueryPlan.Alternative) -> Int {
            alternative.stems.map { frequencies[$0] ?? 0 }.min() ?? 0
        }
        let alternatives = plan.concepts.flatMap(\.alternatives)
        var cost: [String: Int] = [:]
        for alternative in alternatives { cost[alternative.text.lowercased()] = matches(alternative) }
        let common = Set(alternatives.filter { Double(matches($0)) > commonShare * Double(passageCount) }.map { $0.text.lowercased() })
        var rarest: Set<String> = []
        var budget = searchBudget
        var findsSomething = false
        for alternative in alternatives.sorted(by: { matches($0) < matches($1) }) where !common.contains(alternative.text.lowercased()) {
            budget -= matches(alternative)
            if budget < 0 && findsSomething { break }
            rarest.insert(alternative.text.lowercased())
            findsSomething = findsSomething || matches(alternative) > 0
        }
        let leftOut = common.union(alternatives.map { $0.text.lowercased() }.filter { !rarest.contains($0) })
        var first = plan.pattern(leavingOut: leftOut)
        let kept = cost.filter { !leftOut.contains($0.key) }
        if let broad = first, (kept.isEmpty ? cost : kept).values.reduce(0, +) > searchBudget {
            // Even the rarest word is in too many passages to score them all. The ranker wants
            // passages that hold the question's rarer concepts together: search for those that
            // hold the rarest ones at once, adding concepts until, if they were independent, about
            // a budget's worth would. A question of one concept has nothing to combine: its
            // FAQ questions, headings and titles, where the ranker gives it most credit, stand in.
            let total = Double(max(passageCount, 1))
            let concepts = plan.concepts.map { concept -> (pattern: FTS5Pattern?, matches: Int) in
                let found = concept.alternatives.filter { matches($0) > 0 }
                return (FTS5Pattern.matchingAny(of: found.map(\.text)), min(found.map(matches).reduce(0, +), passageCount))
            }.filter { $0.pattern != nil && $0.matches > 0 }.sorted { $0.matches < $1.matches }
            var chosen: [FTS5Pattern] = [], expected = total
            for concept in concepts where chosen.count < 2 || expected > Double(searchBudget) {
                chosen.append(concept.pattern!)
                expected *= Double(concept.matches) / total
            }
            first = chosen.count >= 2
                ? FTS5Pattern.matchingEvery(chosen, narrowing: broad)
                : broad.inColumns([IndexSchema.Column.faq, .section, .title, .asks].map { "\($0)" })
        }
        return (first, leftOut == common ? nil : plan.pattern(leavingOut: common))
    }

    /// The candidates for a plan, ranked best first.
    public func rankedPassages(for plan: QueryPlan, frequencies: [String: Int]) throws -> [Ranker.Scored] {
        try rankedPassages(for: plan, frequencies: frequencies, ranker: ranker)
    }

    func rankedPassages(for plan: QueryPlan, frequencies: [String: Int], ranker: Ranker) throws -> [Ranker.Scored] {
        let statistics = try statistics(frequencies)
        let (first, wider) = searchPatterns(for: plan, frequencies: frequencies, passageCount: statistics.passageCount)
        guard let first else { return [] }
        var candidates = try index.search(first, weights: .standard, limit: candidateLimit)
        if candidates.count < minimumCandidates, let wider = wider ?? first.broader {
            candidates = try index.search(wider, weights: .standard, limit: candidateLimit)
        }
        return ranker.rank(candidates, plan: plan, statistics: statistics) { passage in
            if let known = texts[passage.id] { return known }
            let text = PassageText(passage)
            // A long session in a large library would otherwise keep every passage it ever ranked.
            if texts.count >= Self.rememberedTexts { texts.removeAll(keepingCapacity: true) }
            texts[passage.id] = text
            return text
        }
    }

    /// The candidates for a question, fused with meaning: FTS5's, ranked by words, and the
    /// nearest by cosine, each scored by both.
    public func fusedPassages(for question: String, plan: QueryPlan, frequencies: [String: Int], meaning: MeaningSearch) throws -> [Fusion.Candidate] {
        let ranked = try rankedPassages(for: plan, frequencies: frequencies, ranker: fusion.lexicalRanker(ranker))
        var cosines = try meaning.bestByPassage(meaning.encoder.vector(for: question))
        // A misspelled question is also read as corrected; each passage keeps its nearer reading.
        if !plan.corrections.isEmpty, let corrected = CorrectedWording.text(question, corrections: plan.corrections, vocabulary: meaning.encoder.tokenizer.vocabulary) {
            for (passage, match) in try meaning.bestByPassage(meaning.encoder.vector(for: corrected)) where match.cosine > cosines[passage]?.cosine ?? -2 {
                cosines[passage] = match
            }
        }
        return try fusion.fuse(ranked, cosines: cosines, ranker: ranker) { try index.passage(id: $0) }
    }

    /// Answers a question. `previous` is the question before it in the conversation (a short
    /// follow-up borrows its concepts); `skipping` passes over passages already shown ("more").
    public func answer(_ question: String, following previous: String? = nil, skipping shown: Set<Int64> = []) throws -> Answer {
        // Bounded work: a message too long to read well is answered as such, after the safety
        // check of its beginning and end, before any other stage reads it.
        if let length = QuestionLength.excess(question) {
            return Answer(question: question, conversation: nil, safety: safetyNotice(for: QuestionLength.bounded(question)), citations: [], related: [],
                          fallback: QuestionLength.tooLongMessage(length: length), highlightStems: [])
        }
        // Help comes first; the articles' answer, if any, follows it.
        let notice = safetyNotice(for: question)
        // Only a follow-up is read with the question before it.
        let previous = FollowUp.isFollowUp(question, after: previous) ? previous : nil
        let (plan, frequencies) = try plan(for: question, following: previous)
        if let meaning {
            var answer = try answerByMeaning(previous.map { $0 + " " + question } ?? question, plan: plan, frequencies: frequencies, meaning: meaning, notice: notice, skipping: shown)
            answer.question = question
            answer.readWith = previous
            return answer
        }
        let allowed = try afterNotice(notice)
        let ranked = try rankedPassages(for: plan, frequencies: frequencies).filter { allowed($0.passage) }
        let statistics = try statistics(frequencies)
        var answer = Answer(question: question, conversation: nil, safety: notice, citations: [], related: [], fallback: nil, highlightStems: Set(plan.typedStems))
        answer.readWith = previous
        guard let best = ranked.first, ranker.isConfident(best) else {
            answer.fallback = try fallback(for: plan, after: notice)
            answer.fallbackReason = try fallbackReason(for: plan, after: notice)
            return answer
        }
        let confident = ranked.filter { ranker.isConfident($0) && !shown.contains($0.passage.id) }
        guard !confident.isEmpty else {
            answer.fallback = "That is everything these articles hold on that question."
            answer.fallbackReason = .exhausted
            return answer
        }
        try cite(confident.map { ($0.passage, $0.score / max(best.score, 1e-9)) }, weights: ExcerptChooser.stemWeights(plan, statistics: statistics), in: &answer)
        return answer
    }

    /// Fills an answer's citations from `picks` (best first, each with its score from 0 to 1):
    /// at most three, diverse (`diverse`), each with its excerpt; and the first one's related
    /// reading. The same for both ways of ranking.
    private func cite(_ picks: [(passage: IndexedPassage, score: Double)], weights: [String: Double], in answer: inout Answer) throws {
        for (offset, pick) in Self.diverse(picks.map(\.passage)).enumerated() {
            let (passage, score) = picks[pick]
            answer.citations.append(Citation(
                number: offset + 1, article: passage.title, slug: passage.slug, section: passage.section,
                question: passage.question, excerpt: excerpts.excerpt(of: passage, weights: weights),
                source: passage.source, score: (min(1, max(0, score)) * 1000).rounded() / 1000, passageID: passage.id
            ))
        }
        if let first = picks.first { answer.related = try relatedReading(of: first.passage.slug) }
    }

    private func answerByMeaning(_ question: String, plan: QueryPlan, frequencies: [String: Int], meaning: MeaningSearch, notice: SafetyNotice?, skipping shown: Set<Int64>) throws -> Answer {
        let fused = try fusedPassages(for: question, plan: plan, frequencies: frequencies, meaning: meaning)
        var answer = Answer(question: question, conversation: nil, safety: notice, citations: [], related: [], fallback: nil, highlightStems: Set(plan.typedStems))
        let allowed = try afterNotice(notice)
        // After a crisis notice a passage must answer the message well to be shown at all.
        let stricter = notice?.level == .notice && notice?.kind == .crisis ? Self.crisisCosineMargin : 0
        let fitting = fused.filter { allowed($0.passage) && (stricter == 0 || $0.cosine >= fusion.answerCosine + stricter) }
        guard let best = fitting.first, best.isCitable else {
            answer.fallback = try fallback(for: plan, after: notice)
            answer.fallbackReason = try fallbackReason(for: plan, after: notice)
            return answer
        }
        let citable = fitting.filter { $0.isCitable && !shown.contains($0.passage.id) }
        guard !citable.isEmpty else {
            answer.fallback = "That is everything these articles hold on that question."
            answer.fallbackReason = .exhausted
            return answer
        }
        try cite(citable.map { ($0.passage, $0.score) }, weights: ExcerptChooser.stemWeights(plan, statistics: try statistics(frequencies)), in: &answer)
        return answer
    }

    /// Which of `passages` (best first) to cite: at most three, never two answers to the same
    /// FAQ question (its paragraphs say one thing), and not three from one article when
    /// another article has a citable passage too.
    static func diverse(_ passages: [IndexedPassage]) -> [Int] {
        var chosen: [Int] = []
        func sameQuestion(_ a: IndexedPassage, _ b: IndexedPassage) -> Bool {
            a.question != nil && a.slug == b.slug && a.question == b.question
        }
        for (index, passage) in passages.enumerated() where chosen.count < maximumCitations {
            if chosen.contains(where: { sameQuestion(passages[$0], passage) }) { continue }
            if chosen.count == maximumCitations - 1, chosen.allSatisfy({ passages[$0].slug == passage.slug }),
               passages[(index + 1)...].contains(where: { other in other.slug != passage.slug && !chosen.contains { sameQuestion(passages[$0], other) } }) {
                continue
            }
            chosen.append(index)
        }
        return chosen
    }

    /// The related reading of an article, each resolved to an article when one exists.
    public func relatedReading(of slug: String) throws -> [RelatedReading] {
        guard let article = try index.article(slug: slug) else { return [] }
        return try article.related.map { link in
            switch link {
            case .slug(let slug):
                if let target = try index.article(slug: slug) { return RelatedReading(title: target.title, slug: target.slug) }
                return RelatedReading(title: slug, slug: nil)
            case .title(let title):
                return RelatedReading(title: title, slug: try index.article(title: title)?.slug)
            }
        }
    }

    /// How much nearer than usual a passage must be to be shown after a crisis notice.
    public static let crisisCosineMargin = 0.1

    /// Which passages may be quoted, given what the safety check saw. An article written to
    /// follow a kind of notice (`after: coercion`) is quoted only when the check saw that kind
    /// (notice or footer); after a full coercion notice, only such articles are, never advice
    /// on wanting sex more or saying yes. Measured: quoted for every question, the consent
    /// article took the first place from the right passage of 4 blind and 1 tuning question.
    func afterNotice(_ notice: SafetyNotice?) throws -> (IndexedPassage) -> Bool {
        let written = try index.articles().filter { $0.after != nil }
        guard !written.isEmpty || notice?.level == .notice else { return { _ in true } }
        let fitting = Set(written.filter { $0.after == notice?.kind }.map(\.slug))
        let special = Set(written.map(\.slug))
        if let notice, notice.level == .notice, notice.kind == .coercion { return { fitting.contains($0.slug) } }
        return { !special.contains($0.slug) || fitting.contains($0.slug) }
    }

    /// At most this many titles are named in the fallback; a whole library's would bury it.
    public static let fallbackTitles = 8

    /// The honest "nothing on that", naming what the knowledge base does cover.
    func fallback(for plan: QueryPlan, after notice: SafetyNotice?) throws -> String {
        if let notice, notice.level == .notice {
            // After a full notice, the articles step back: the people above come first.
            return notice.kind == .coercion
                ? "These articles are not the place for this; the people above are, and what you describe matters."
                : "The articles here do not answer this well; please reach out to one of the people above."
        }
        return try fallback(for: plan)
    }

    func fallbackReason(for plan: QueryPlan, after notice: SafetyNotice?) throws -> Answer.FallbackReason {
        if let notice, notice.level == .notice { return .afterNotice }
        if plan.isEmpty { return .invitation }
        return try index.articleCount == 0 ? .noArticles : .noMatch
    }

    func fallback(for plan: QueryPlan) throws -> String {
        // A line with nothing to look for is an invitation to say more, never a brush-off.
        if plan.isEmpty { return Invitation.text(.vague) }
        let opening = "I could not find anything in these articles that answers that well, so I would rather not guess."
        let count = try index.articleCount
        guard count > 0 else { return "The knowledge folder holds no articles yet, so there is nothing to answer from. Import or add some, then ask again." }
        let titles = try index.articleTitles(limit: Self.fallbackTitles)
        let named = count > titles.count
            ? "among the \(count) articles, " + titles.joined(separator: "; ") + " and more"
            : titles.joined(separator: "; ")
        // How to list the articles depends on where the person is (a shell or the companion):
        // the terminal adds it.
        return opening + " What they do cover: " + named + ". You could ask in other words, or look through the list of articles."
    }
}
