/// The path of a question: plan, search, rank, excerpts, related reading, fallback.
/// (Safety and history plug in around it.)
public final class Companion {
    public let index: KnowledgeIndex
    public var ranker = Ranker()
    public var excerpts = ExcerptChooser()
    /// How many passages FTS5 hands to the ranker.
    public var candidateLimit = 60
    /// Checked before anything else, on every question.
    public var safety: SafetyCheck
    public static let maximumCitations = 3

    public init(index: KnowledgeIndex, safety: SafetyCheck? = nil) {
        self.index = index
        self.safety = safety ?? SafetyCheck(rules: SafetyRules.load(from: index.folder).rules)
    }

    /// The ranked candidates for a question, best first, and whether the best is confident.
    public func rankedPassages(for plan: QueryPlan) throws -> (ranked: [Ranker.Scored], idf: [String: Double]) {
        guard let pattern = plan.pattern else { return ([], [:]) }
        let candidates = try index.search(pattern, weights: .standard, limit: candidateLimit)
        let total = try index.passageCount
        var idf: [String: Double] = [:]
        for (stem, frequency) in try index.documentFrequencies(of: plan.stems) {
            idf[stem] = Ranker.idf(documentFrequency: frequency, passageCount: total)
        }
        return (ranker.rank(candidates, plan: plan, idf: idf), idf)
    }

    /// Answers a question. `previous` is the question before it in the conversation (a short
    /// follow-up borrows its terms); `skipping` passes over passages already shown (for "more").
    public func answer(_ question: String, following previous: String? = nil, skipping shown: Set<Int64> = []) throws -> Answer {
        let plan = QueryPlan(question: question, following: previous)
        let (ranked, idf) = try rankedPassages(for: plan)
        // Help comes first; the articles' answer, if any, follows it.
        let notice = safety.notice(for: question)
        var answer = Answer(question: question, conversation: nil, safety: notice, citations: [], related: [], fallback: nil, highlightStems: Set(plan.stems))
        guard let best = ranked.first, ranker.isConfident(best) else {
            answer.fallback = try fallback(for: plan)
            return answer
        }
        let confident = ranked.filter { ranker.isConfident($0) && !shown.contains($0.passage.id) }
        guard !confident.isEmpty else {
            answer.fallback = "That is everything these articles hold on that question."
            return answer
        }
        for (offset, scored) in confident.prefix(Self.maximumCitations).enumerated() {
            let passage = scored.passage
            answer.citations.append(Citation(
                number: offset + 1, article: passage.title, slug: passage.slug, section: passage.section,
                question: passage.question, excerpt: excerpts.excerpt(of: passage, idf: idf),
                source: passage.source, score: (scored.score * 1000).rounded() / 1000, passageID: passage.id
            ))
        }
        answer.related = try relatedReading(of: confident[0].passage.slug)
        return answer
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

    /// The honest "nothing on that", naming what the knowledge base does cover.
    func fallback(for plan: QueryPlan) throws -> String {
        let titles = try index.articles().map(\.title)
        let opening = plan.isEmpty
            ? "There were no words in that to search for."
            : "I could not find anything in these articles that answers that well, so I would rather not guess."
        guard !titles.isEmpty else { return opening + " The knowledge folder holds no articles yet." }
        return opening + " What they do cover: " + titles.joined(separator: "; ") + ". You could ask in other words, or browse with `confide articles`."
    }
}
