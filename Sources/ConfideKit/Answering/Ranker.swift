/// Scores the passages FTS5 found, concept by concept. FTS5's own bm25 is a poor judge in a
/// small one-topic knowledge base (it floors the idf of any word found in half the passages),
/// so each candidate gets a BM25 with a non-negative idf over its body, credit for concepts
/// found in its FAQ question, heading and title, and is weighed by how much of the question it
/// covers at all.
public struct Ranker: Sendable {
    public struct Parameters: Sendable, Equatable {
        public var k1 = 1.2
        public var b = 0.75
        /// Credit for a concept found in the FAQ question the passage answers, in its section
        /// heading, in its article title (each times the concept's idf).
        public var question = 2.0
        public var heading = 0.6
        public var title = 0.3
        /// Credit for the passage's asks: the best-matching ask's concepts, times their idf.
        public var asks = 2.0
        /// Credit for a concept found in the passage's opening words, which carry its topic.
        public var opening = 0.0
        public var openingWords = 12
        /// Score multiplier for wording: 1 + this × the best overlap (Jaccard, over every word,
        /// function words included) of the question with the FAQ question or one of the asks.
        public var wording = 2.0
        /// The score is multiplied by coverage raised to this power.
        public var coveragePower = 1.0
        /// How much a word the articles do not know counts toward what the question asks.
        public var unknownWeight = 1.0
        /// Below this share of the question covered, there is no confident answer...
        public var minimumCoverage = 0.55
        /// ...unless the passage holds at least this much of it (idf-weighted): a long message
        /// covers little of itself anywhere, and still asks something.
        public var minimumMatched = 5.0
        /// ...and has at least this many concepts: a short question must be covered by share.
        public var longQuestion = 5

        public init() {}

        /// Sets a parameter by name (for `confide eval --set name=value`).
        public mutating func set(_ name: String, _ value: Double) -> Bool {
            switch name {
            case "k1": k1 = value
            case "b": b = value
            case "question": question = value
            case "heading": heading = value
            case "title": title = value
            case "asks": asks = value
            case "coveragePower": coveragePower = value
            case "unknownWeight": unknownWeight = value
            case "minimumCoverage": minimumCoverage = value
            case "minimumMatched": minimumMatched = value
            case "longQuestion": longQuestion = Int(value)
            case "opening": opening = value
            case "wording": wording = value
            case "openingWords": openingWords = Int(value)
            default: return false
            }
            return true
        }
    }

    /// One candidate's score and its parts, for ranking and for `ask --explain`.
    public struct Scored: Sendable {
        public var passage: IndexedPassage
        public var score: Double
        public var body: Double
        public var fields: Double
        /// Share of the question's (idf-weighted) concepts found anywhere in the passage.
        public var coverage: Double
        /// The concepts found, by label.
        public var matched: [String]
        /// The idf-weighted amount of the question found (coverage before dividing).
        public var matchedWeight: Double
        /// How many concepts the question has.
        public var conceptCount: Int
        /// The best overlap of the question's words with the FAQ question or an ask (0 to 1).
        public var wording = 0.0
    }

    public var parameters = Parameters()

    public init() {}

    /// idf that never goes negative, however common the word (Robertson's, plus one).
    public static func idf(documentFrequency: Int, passageCount: Int) -> Double {
        let n = Double(documentFrequency), total = Double(max(passageCount, 1))
        return log(1 + (total - n + 0.5) / (n + 0.5))
    }

    /// What a ranking needs to know of the corpus.
    public struct Statistics: Sendable {
        public var passageCount: Int
        public var averageLength: Double
        public var frequencies: [String: Int]

        func idf(_ stems: [String]) -> Double? {
            let known = stems.compactMap { frequencies[$0] }.filter { $0 > 0 }
            guard known.count == stems.count else { return nil }
            return known.map { Ranker.idf(documentFrequency: $0, passageCount: passageCount) }.max()
        }
    }

    /// The weight of each concept in the question: its idf (of the word typed, else of the
    /// best-known alternative), a discounted maximum for words the articles do not know.
    public func conceptWeights(_ plan: QueryPlan, statistics: Statistics) -> [Double] {
        let unknown = Self.idf(documentFrequency: 0, passageCount: statistics.passageCount) * parameters.unknownWeight
        return plan.concepts.map { concept in
            let idf = statistics.idf(concept.alternatives[0].stems)
                ?? concept.alternatives.dropFirst().compactMap { statistics.idf($0.stems).map { value in value } }.max()
                ?? unknown
            return idf * concept.weight
        }
    }

    public func rank(_ candidates: [IndexedPassage], plan: QueryPlan, statistics: Statistics, texts: (IndexedPassage) -> PassageText) -> [Scored] {
        let weights = conceptWeights(plan, statistics: statistics)
        let total = weights.reduce(0, +)
        guard total > 0 else { return [] }
        let questionWords = parameters.wording > 0 ? plan.wordStems : []
        let scored = candidates.map { passage -> Scored in
            let text = texts(passage)
            var body = 0.0, fields = 0.0, covered = 0.0
            var matched: [String] = []
            // Per ask, how much of each concept it holds: an ask counts as a whole, not as words
            // scattered over several asks.
            var inAsks = Array(repeating: Array(repeating: 0.0, count: plan.concepts.count), count: text.asks.count)
            let norm = parameters.k1 * (1 - parameters.b + parameters.b * Double(text.body.count) / max(statistics.averageLength, 1))
            for (conceptNumber, (concept, weight)) in zip(plan.concepts, weights).enumerated() {
                var frequency = 0.0, inQuestion = 0.0, inHeading = 0.0, inTitle = 0.0, inOpening = 0.0
                for alternative in concept.alternatives {
                    if parameters.opening > 0, text.occurrences(of: alternative.stems, in: text.opening(parameters.openingWords)) > 0 { inOpening = max(inOpening, alternative.weight) }
                    frequency += alternative.weight * Double(text.occurrences(of: alternative.stems, in: text.body))
                    if text.occurrences(of: alternative.stems, in: text.question) > 0 { inQuestion = max(inQuestion, alternative.weight) }
                    if text.occurrences(of: alternative.stems, in: text.heading) > 0 { inHeading = max(inHeading, alternative.weight) }
                    if text.occurrences(of: alternative.stems, in: text.title) > 0 { inTitle = max(inTitle, alternative.weight) }
                    for (number, ask) in text.asks.enumerated() where text.occurrences(of: alternative.stems, in: ask) > 0 {
                        inAsks[number][conceptNumber] = max(inAsks[number][conceptNumber], alternative.weight)
                    }
                }
                body += weight * frequency * (parameters.k1 + 1) / (frequency + norm)
                fields += weight * (parameters.question * inQuestion + parameters.heading * inHeading + parameters.title * inTitle + parameters.opening * inOpening)
                let found = max(min(frequency, 1), inQuestion, inHeading, inTitle)
                if found > 0 {
                    covered += weight * found
                    matched.append(concept.label)
                }
            }
            // The best ask: the one holding the most of the question.
            let askMatches = inAsks.map { found in zip(found, weights).reduce(0) { $0 + $1.0 * $1.1 } }
            if let best = askMatches.indices.max(by: { askMatches[$0] < askMatches[$1] }), askMatches[best] > 0 {
                fields += parameters.asks * askMatches[best]
                for (conceptNumber, (concept, weight)) in zip(plan.concepts, weights).enumerated() where inAsks[best][conceptNumber] > 0 && !matched.contains(concept.label) {
                    covered += weight * inAsks[best][conceptNumber]
                    matched.append(concept.label)
                }
            }
            let coverage = covered / total
            // Said the way someone asks for this passage: the FAQ question or an ask in the
            // question's own words, function words too ("more than the other", "why do I").
            let wording = questionWords.isEmpty ? 0 : ([text.question] + text.asks).filter { $0.count > 0 }.map { field -> Double in
                // Counted over the field, which is short; the question may be a pasted essay.
                let common = field.present.reduce(0) { $0 + (questionWords.contains($1) ? 1 : 0) }
                return Double(common) / Double(questionWords.count + field.present.count - common)
            }.max() ?? 0
            let score = (body + fields) * pow(coverage, parameters.coveragePower) * (1 + parameters.wording * wording)
            return Scored(passage: passage, score: score, body: body, fields: fields, coverage: coverage, matched: matched, matchedWeight: covered, conceptCount: plan.concepts.count, wording: wording)
        }
        return scored.sorted { ($0.score, -$0.passage.id) > ($1.score, -$1.passage.id) }
    }

    public func isConfident(_ best: Scored) -> Bool {
        best.coverage >= parameters.minimumCoverage
            || (best.matchedWeight >= parameters.minimumMatched && best.conceptCount >= parameters.longQuestion)
    }
}

/// A passage's words as stems, by field, for scoring (computed once per passage).
public struct PassageText: Sendable {
    /// A field's words as stems, and which of them are stop words.
    public struct Field: Sendable {
        public var stems: [String]
        public var stopWords: [Bool]
        /// The stems present, so that the many alternatives a field lacks cost one lookup each.
        public var present: Set<String>
        public var count: Int { stems.count }

        init(_ text: String?) {
            let tokens = text.map(Words.tokens) ?? []
            stems = tokens.map(PorterStemmer.stem)
            stopWords = tokens.map(StopWords.contains)
            present = Set(stems)
        }
    }

    public var body: Field
    public var question: Field
    public var heading: Field
    public var title: Field
    public var asks: [Field]

    public init(_ passage: IndexedPassage) {
        asks = passage.asks.map { Field($0) }
        body = Field(passage.body)
        question = Field(passage.question)
        heading = Field(passage.section)
        title = Field(passage.title)
    }

    /// The first words of the body.
    public func opening(_ words: Int) -> Field {
        var field = body
        field.stems = Array(field.stems.prefix(words))
        field.stopWords = Array(field.stopWords.prefix(words))
        field.present = Set(field.stems)
        return field
    }

    /// How many times a word or phrase (as stems) stands in `field`; a phrase may have stop
    /// words inside it, as in the lexicon.
    public func occurrences(of stems: [String], in field: Field) -> Int {
        guard let first = stems.first, field.count >= stems.count else { return 0 }
        // A long field (a body) is asked through its set of stems; a short one is quicker to scan.
        if field.count > 16, !field.present.contains(first) { return 0 }
        var count = 0
        for start in 0..<field.count where field.stems[start] == first {
            if stems.count == 1 || Lexicon.phraseEnd(stems, in: field.stems, stopWords: field.stopWords, from: start) != nil
                || Lexicon.separatedParticleEnd(stems, in: field.stems, stopWords: field.stopWords, from: start) != nil { count += 1 }
        }
        return count
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
