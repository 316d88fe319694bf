/// Chooses what to quote of a passage: the one to three sentences that carry most of the
/// question's terms, in their original order, never the whole paragraph by default.
public struct ExcerptChooser: Sendable {
    public var maximumSentences = 3
    public var maximumWords = 60
    /// An excerpt shorter than this borrows a neighbouring sentence for context.
    public var minimumWords = 18

    public init() {}

    /// How much each stem of a plan weighs when choosing sentences: its idf times the weight
    /// of the alternative it comes from.
    public static func stemWeights(_ plan: QueryPlan, statistics: Ranker.Statistics) -> [String: Double] {
        var weights: [String: Double] = [:]
        for concept in plan.concepts {
            for alternative in concept.alternatives {
                for stem in alternative.stems {
                    let idf = Ranker.idf(documentFrequency: statistics.frequencies[stem] ?? 0, passageCount: statistics.passageCount)
                    weights[stem] = max(weights[stem] ?? 0, idf * alternative.weight * concept.weight)
                }
            }
        }
        return weights
    }

    public func excerpt(of passage: IndexedPassage, weights: [String: Double]) -> String {
        let sentences = Sentences.split(passage.body)
        guard !sentences.isEmpty else { return "" }
        // Each concept counts once per sentence, however often its words repeat.
        let scores = sentences.map { sentence in
            Stems.of(String(sentence)).reduce(0.0) { $0 + (weights[$1] ?? 0) }
        }
        let wordCounts = sentences.map { $0.split(whereSeparator: \.isWhitespace).count }

        // An FAQ answer says its answer first ("Quite possibly yes…", "Usually not…"), often in
        // words the question does not use: it is quoted from its first sentence. Elsewhere the
        // excerpt starts at the sentence that carries the question.
        var best = scores.indices.max { (scores[$0], -$0) < (scores[$1], -$1) } ?? 0
        if scores[best] == 0 || passage.kind == .answer { best = 0 }
        var chosen = [best]
        var words = wordCounts[best]
        while chosen.count < maximumSentences {
            let previous = chosen.min()! - 1, next = chosen.max()! + 1
            let options = [next, previous].filter { sentences.indices.contains($0) }
            // A neighbour that carries query terms first; otherwise only while the excerpt is short.
            guard let pick = options.max(by: { (scores[$0], $0 == next ? 1 : 0) < (scores[$1], $1 == next ? 1 : 0) }) else { break }
            let needed = scores[pick] > 0 || words < minimumWords
            guard needed, words + wordCounts[pick] <= maximumWords else { break }
            chosen.append(pick)
            words += wordCounts[pick]
        }
        chosen.sort()
        var text = chosen.map { String(sentences[$0]) }.joined(separator: " ")
        text = Self.limit(text, words: maximumWords)
        if chosen.first! > 0 { text = "\u{2026}" + text }
        return text
    }

    /// Cuts a text at a word boundary, ending it with an ellipsis.
    static func limit(_ text: String, words limit: Int) -> String {
        let words = text.split(whereSeparator: \.isWhitespace)
        guard words.count > limit else { return text }
        return words.prefix(limit).joined(separator: " ") + "\u{2026}"
    }
}
