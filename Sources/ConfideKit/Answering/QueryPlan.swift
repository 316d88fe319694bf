/// What a question becomes before it meets the index: its concepts. A concept is one idea of
/// the question with the ways it may be written: the word typed, its spelling corrected to a
/// word of the articles, the other members of its lexicon group, each with a weight.
public struct QueryPlan: Sendable, Equatable {
    public struct Alternative: Sendable, Equatable, Hashable {
        public enum Source: String, Sendable { case typed, corrected, lexicon }
        /// The porter stems of the word or phrase.
        public var stems: [String]
        public var weight: Double
        public var source: Source
        /// The text to search FTS5 for.
        public var text: String
        /// Whether `text` is a stem of the index, not a word: searched as a prefix, because the
        /// tokenizer would stem it again ("respons" becomes "respon").
        public var isStem = false
    }

    public struct Concept: Sendable, Equatable {
        /// The words as typed.
        public var label: String
        public var alternatives: [Alternative]
        /// 1 for the question's own concepts, less for ones borrowed from the question before
        /// or told only in a long message's story.
        public var weight: Double
        /// Whether the concept is in a long message's story but not in its asking sentence.
        public var inStoryOnly = false
    }

    public var question: String
    public var concepts: [Concept]
    /// Whether concepts were borrowed from the previous question.
    public private(set) var borrowed = false
    /// The stems of every word of the question, stop words too, for how it is worded.
    public private(set) var wordStems: Set<String> = []
    /// Spelling corrections made, typed word to the word of the articles.
    public var corrections: [(typed: String, corrected: String)] = []

    public static func == (lhs: QueryPlan, rhs: QueryPlan) -> Bool {
        lhs.question == rhs.question && lhs.concepts == rhs.concepts && lhs.borrowed == rhs.borrowed
    }

    /// At most this many concepts are searched: a pasted essay is still one question.
    public static let maximumConcepts = 48
    /// A follow-up with at most this many concepts borrows the previous question's.
    public static let followUpConcepts = 2
    public static let borrowedWeight = 0.6
    /// A message of at least this many concepts is read as a story and a question...
    public static let storyConcepts = 8
    /// ...and the concepts only its story holds weigh this much.
    public static let storyWeight = 0.4

    /// A plan from the words alone (no lexicon, no spelling correction).
    public init(question: String) {
        self.init(question: question, lexicon: .empty, vocabulary: nil)
    }

    public init(question: String, following previous: String?) {
        self.init(question: question, lexicon: .empty, vocabulary: nil, following: previous)
    }

    public init(question: String, lexicon: Lexicon, vocabulary: Vocabulary?, following previous: String? = nil) {
        self.question = question
        concepts = []
        let words = Words.split(question)
        let tokens = words.map(\.token)
        let stems = tokens.map(PorterStemmer.stem)
        wordStems = Set(stems)
        // Someone used to search boxes may type FTS5's NEAR between words; in capitals it is
        // an operator, not a word of the question (lower-case "near" is a word).
        let isOperator = words.map { String(question.unicodeScalars[$0.range]) == "NEAR" }
        var covered = [Bool](repeating: false, count: tokens.count)
        var seen: Set<[String]> = []

        // Lexicon members first: they may be phrases, and may include words that alone are
        // stop words ("turned down").
        var byPosition: [Int: Concept] = [:]
        for match in lexicon.matches(in: stems, stopWords: tokens.map(StopWords.contains)) {
            let positions = match.positions
            let typed = positions.map { stems[$0] }
            let group = lexicon.groups[match.group]
            let text = positions.map { tokens[$0] }.joined(separator: " ")
            var concept = byPosition[match.start] ?? Concept(label: text, alternatives: [
                Alternative(stems: typed, weight: 1, source: .typed, text: text),
            ], weight: 1)
            for (offset, member) in group.members.enumerated() where !concept.alternatives.contains(where: { $0.stems == member }) {
                concept.alternatives.append(Alternative(stems: member, weight: group.weight, source: .lexicon, text: group.memberTexts[offset]))
            }
            byPosition[match.start] = concept
            positions.forEach { covered[$0] = true }
        }

        for position in tokens.indices {
            // Later words would be cut anyway; stopping here spares a pasted essay's spelling work.
            if concepts.count >= Self.maximumConcepts { break }
            if let concept = byPosition[position] {
                if seen.insert(concept.alternatives[0].stems).inserted { concepts.append(concept) }
                continue
            }
            let token = tokens[position]
            guard !covered[position], !StopWords.contains(token), !isOperator[position], token.unicodeScalars.count > 1, !token.allSatisfy(\.isNumber) else { continue }
            let stem = stems[position]
            if let vocabulary, !vocabulary.contains(stem), StopWords.isNearMiss(token) { continue }
            guard seen.insert([stem]).inserted else { continue }
            var concept = Concept(label: token, alternatives: [Alternative(stems: [stem], weight: 1, source: .typed, text: token)], weight: 1)
            if let vocabulary, !vocabulary.contains(stem), let corrected = vocabulary.correction(for: stem, word: token, lexicon: lexicon) {
                corrections.append((token, corrected.text))
                concept.alternatives += corrected.alternatives
            }
            concepts.append(concept)
        }
        if concepts.count > Self.maximumConcepts { concepts = Array(concepts.prefix(Self.maximumConcepts)) }

        // A long message tells a story and then asks: the concepts of the asking sentence (the
        // last with a question mark, else the last) are what to answer; the story's count less.
        if concepts.count >= Self.storyConcepts {
            let sentences = Sentences.split(question)
            if sentences.count > 1, let asking = sentences.last(where: { $0.contains("?") }) ?? sentences.last {
                let asked = Set(words.indices.filter { asking.startIndex <= words[$0].range.lowerBound && words[$0].range.lowerBound < asking.endIndex }.map { stems[$0] })
                for number in concepts.indices where !concepts[number].alternatives.contains(where: { $0.source == .typed && $0.stems.allSatisfy(asked.contains) }) {
                    concepts[number].weight *= Self.storyWeight
                    concepts[number].inStoryOnly = true
                }
            }
        }

        if let previous, concepts.count <= Self.followUpConcepts {
            let own = Set(concepts.flatMap { $0.alternatives.map(\.stems) })
            for var concept in QueryPlan(question: previous, lexicon: lexicon, vocabulary: vocabulary).concepts where !concept.alternatives.contains(where: { own.contains($0.stems) }) {
                concept.weight = Self.borrowedWeight
                concepts.append(concept)
                borrowed = true
            }
        }
    }

    public var isEmpty: Bool { concepts.isEmpty }

    /// Every stem the plan looks for (for highlighting and idf).
    public var stems: [String] {
        var seen: Set<String> = []
        return concepts.flatMap { $0.alternatives.flatMap(\.stems) }.filter { seen.insert($0).inserted }
    }

    /// The stems of what was typed (and corrected), for highlighting.
    public var typedStems: [String] {
        concepts.flatMap { $0.alternatives.filter { $0.source != .lexicon }.flatMap(\.stems) }
    }

    /// The FTS5 expression: any alternative of any concept, phrases as phrases. Each is quoted,
    /// so nothing the person typed can be read as FTS5 syntax.
    public var pattern: FTS5Pattern? { pattern(leavingOut: []) }

    /// The FTS5 expression without some alternatives (words so common that searching for them
    /// finds most of the library and decides nothing); never empty while the plan is not.
    public func pattern(leavingOut common: Set<String>) -> FTS5Pattern? {
        var seen: Set<String> = []
        let all = concepts.flatMap(\.alternatives).filter { seen.insert($0.text.lowercased()).inserted }
        let kept = all.filter { !common.contains($0.text.lowercased()) }
        return FTS5Pattern.matchingAny(ofTerms: (kept.isEmpty ? all : kept).map { ($0.text, $0.isStem) })
    }
}
