/// Re-ranks the passages FTS5 found. bm25 alone is a poor judge in a small one-topic knowledge
/// base (FTS5 floors the idf of any word found in half the passages), so each candidate is
/// also scored by how much of the question it covers, weighted by a non-negative idf, and by
/// whether the FAQ question itself matches.
public struct Ranker: Sendable {
    public struct Weights: Sendable, Equatable {
        public var coverage = 0.55
        public var bm25 = 0.25
        public var question = 0.20
        /// Below this share of the question's weight covered, there is no confident answer.
        public var minimumCoverage = 0.0
    }

    public struct Scored: Sendable {
        public var passage: IndexedPassage
        public var score: Double
        /// Share of the question's (idf-weighted) terms found anywhere in the passage, its
        /// heading, title or FAQ question.
        public var coverage: Double
        /// Share found in the FAQ question.
        public var questionCoverage: Double
        /// bm25 relative to the best candidate's (1 for the best).
        public var relativeBM25: Double
        /// The stems of the question this passage holds.
        public var matchedStems: Set<String>
    }

    public var weights = Weights()

    public init() {}

    /// idf that never goes negative, however common the word (Robertson's with +1).
    public static func idf(documentFrequency: Int, passageCount: Int) -> Double {
        let n = Double(documentFrequency), total = Double(max(passageCount, 1))
        return log(1 + (total - n + 0.5) / (n + 0.5))
    }

    public func rank(_ candidates: [IndexedPassage], plan: QueryPlan, idf: [String: Double]) -> [Scored] {
        let totalWeight = plan.terms.reduce(0) { $0 + (idf[$1.stem] ?? 0) * $1.weight }
        guard totalWeight > 0, let best = candidates.map(\.bm25).min(), best < 0 else { return [] }
        let scored = candidates.map { passage -> Scored in
            let bodyStems = Stems.of(passage.body)
            let headingStems = Stems.of([passage.section, passage.title].compactMap { $0 }.joined(separator: " "))
            let questionStems = passage.question.map(Stems.of) ?? []
            var covered = 0.0, coveredByQuestion = 0.0
            var matched: Set<String> = []
            for term in plan.terms {
                let weight = (idf[term.stem] ?? 0) * term.weight
                if bodyStems.contains(term.stem) || headingStems.contains(term.stem) || questionStems.contains(term.stem) {
                    covered += weight
                    matched.insert(term.stem)
                }
                if questionStems.contains(term.stem) { coveredByQuestion += weight }
            }
            let coverage = covered / totalWeight
            let questionCoverage = coveredByQuestion / totalWeight
            let relative = passage.bm25 / best
            let score = weights.coverage * coverage + weights.bm25 * relative + weights.question * questionCoverage
            return Scored(passage: passage, score: score, coverage: coverage, questionCoverage: questionCoverage, relativeBM25: relative, matchedStems: matched)
        }
        return scored.sorted { ($0.score, -$0.passage.id) > ($1.score, -$1.passage.id) }
    }

    public func isConfident(_ best: Scored) -> Bool {
        best.coverage >= weights.minimumCoverage
    }
}

/// Porter stems of a text's words.
public enum Stems {
    public static func of(_ text: String) -> Set<String> {
        Set(Words.tokens(text).map(PorterStemmer.stem))
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
