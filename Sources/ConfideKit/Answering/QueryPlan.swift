/// What a question becomes before it meets the index: its content words (stop words and
/// question words dropped), their porter stems, and the safe FTS5 expression that finds them.
public struct QueryPlan: Sendable, Equatable {
    public struct Term: Sendable, Equatable {
        /// The word as typed (lower-cased).
        public var word: String
        /// Its porter stem, as the index stores it.
        public var stem: String
        /// How much the term counts (1 for the question's own words).
        public var weight: Double
    }

    public var question: String
    public var terms: [Term]

    /// At most this many distinct terms are searched: a pasted essay is still one question.
    public static let maximumTerms = 48

    /// A follow-up with at most this many content words borrows the previous question's terms.
    public static let followUpWords = 2
    /// How much a borrowed term counts next to the question's own.
    public static let borrowedWeight = 0.6

    /// The plan of `question`; when it is a short follow-up ("what can I do about it?", "and for
    /// my partner?") to `previous`, it borrows the previous question's terms at a lower weight.
    public init(question: String, following previous: String?) {
        self.init(question: question)
        guard let previous, terms.count <= Self.followUpWords else { return }
        let own = Set(stems)
        for var term in QueryPlan(question: previous).terms where !own.contains(term.stem) {
            term.weight = Self.borrowedWeight
            terms.append(term)
        }
        borrowed = true
    }

    /// Whether terms were borrowed from a previous question.
    public private(set) var borrowed = false

    public init(question: String) {
        self.question = question
        var seen: Set<String> = []
        var terms: [Term] = []
        for token in Words.tokens(question) where !StopWords.contains(token) {
            // Single letters and bare numbers carry no topic in this knowledge base.
            guard token.unicodeScalars.count > 1, !token.allSatisfy(\.isNumber) else { continue }
            let stem = PorterStemmer.stem(token)
            guard seen.insert(stem).inserted else { continue }
            terms.append(Term(word: token, stem: stem, weight: 1))
            if terms.count == Self.maximumTerms { break }
        }
        self.terms = terms
    }

    public var isEmpty: Bool { terms.isEmpty }

    public var stems: [String] { terms.map(\.stem) }

    /// The FTS5 expression: any of the terms. Each is quoted, so nothing the person typed can
    /// be read as FTS5 syntax.
    public var pattern: FTS5Pattern? { FTS5Pattern.matchingAny(of: terms.map(\.word)) }
}
