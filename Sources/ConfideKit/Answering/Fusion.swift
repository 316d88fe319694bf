/// How the meaning model's cosine and the lexical ranker's score make one score, and when a
/// candidate is good enough to cite. The weights were chosen by `scripts/tune-fusion` over the
/// tuning halves of all seven evaluation sets together (shipped, shipped without asks, three
/// outside FAQs) and four near-miss lists (questions close to a library's topic that it does
/// not answer, by another writer), each set weighing the same: the best mean MRR@3 plus mean
/// no-answer accuracy, with no-answer at least 0.9 on every question set. Before the near-miss
/// lists, 0.7 / 0.45 / 0.25 won; with them, 0.8 / 0.49 / 0.35 gives the same MRR@3 (0.768
/// against 0.771) and refuses more near misses and off-topic questions (0.940 against 0.888). A min-max normalised
/// cosine was measured and lost (0.797 against 0.800), as reciprocal rank fusion did in the
/// notes; a higher cosine for passages no word found (`meaningAloneCosine`) gained 0.002 and
/// stays off. Then ranking by a passage's two nearest kinds of text (`secondWeight`) moved the
/// best setting to 0.85 / 0.49 / 0.40 with 0.5: objective 1.700 to 1.746 (mean MRR@3 0.772 to
/// 0.787, mean no-answer 0.929 to 0.958); summing the second kind unnormalised, or the second
/// text of any kind, or the mean of all three kinds, did no better.
public struct Fusion: Sendable, Equatable {
    /// score = meaningWeight × cosine + (1 − meaningWeight) × the lexical score divided by the
    /// best lexical score among the candidates.
    public var meaningWeight = 0.85
    /// How many passages the vectors add as candidates (the nearest by cosine), beside FTS5's.
    public var meaningCandidates = 30
    /// A candidate is cited when its cosine reaches this...
    public var answerCosine = 0.49
    /// ...or when the lexical ranker is confident in it and its cosine reaches this.
    public var lexicalCosine = 0.40
    /// How much a passage's second kind of text counts beside its best in the ranking
    /// (`meaningScore`); the gate stays on the best cosine, the calibrated signal.
    public var secondWeight = 0.5
    /// A passage that none of the question's words found needs this cosine (0: no more than
    /// `answerCosine`).
    public var meaningAloneCosine = 0.0

    /// The words ranker's signals that no longer pay once meaning is in the score, measured on
    /// the tuning halves (each alone, the fusion fixed): the wording multiplier (without it
    /// two more outside questions in each of two sets come first, and the shipped tuning set
    /// gains one), and the credit for a concept in a section heading or an article title
    /// (level or one question better without, on every set). The lexicon, the FAQ question
    /// and asks credits and coverage still pay (without the FAQ question credit the outside
    /// sets lose 3 to 4 questions; without coverage, the shipped articles without asks 6).
    /// By words alone, the ranker keeps them: there they were measured to pay.
    public var lexicalWording = 0.0
    public var lexicalHeading = 0.0
    public var lexicalTitle = 0.0

    public init() {}

    /// The words ranker as used beside meaning.
    func lexicalRanker(_ ranker: Ranker) -> Ranker {
        var adjusted = ranker
        adjusted.parameters.wording = lexicalWording
        adjusted.parameters.heading = lexicalHeading
        adjusted.parameters.title = lexicalTitle
        return adjusted
    }

    /// Sets a weight by name (for `confide eval --set fusion.name=value`).
    public mutating func set(_ name: String, _ value: Double) -> Bool {
        switch name {
        case "meaningWeight": meaningWeight = value
        case "meaningCandidates": meaningCandidates = Int(value)
        case "answerCosine": answerCosine = value
        case "lexicalCosine": lexicalCosine = value
        case "meaningAloneCosine": meaningAloneCosine = value
        case "secondWeight": secondWeight = value
        case "lexicalWording": lexicalWording = value
        case "lexicalHeading": lexicalHeading = value
        case "lexicalTitle": lexicalTitle = value
        default: return false
        }
        return true
    }

    /// A passage's meaning in the ranking: its best cosine and its second kind of text's
    /// together, (best + w × second) / (1 + w); a passage with one kind of text counts it
    /// twice. A passage whose FAQ question and body (or asks and body) both come near the
    /// question is more likely its answer than one a single text brushes: on the tuning halves
    /// this took mean recall@1 from 0.690 to 0.708 and MRR@3 from 0.772 to 0.787.
    func meaningScore(best: Double, kinds: (body: Double, question: Double, asks: Double)) -> Double {
        guard secondWeight > 0 else { return best }
        let second = Self.secondKind(kinds)?.cosine ?? best
        return (best + secondWeight * second) / (1 + secondWeight)
    }

    /// The passage's second-nearest kind of text (body, FAQ question, asks), nil when it has
    /// one kind: what `meaningScore` counts beside the best, and `ask --explain` shows.
    public static func secondKind(_ kinds: (body: Double, question: Double, asks: Double)) -> (kind: String, cosine: Double)? {
        let present = [("body", kinds.body), ("FAQ question", kinds.question), ("asks", kinds.asks)].filter { $0.1 > -1 }.sorted { $0.1 > $1.1 }
        return present.count > 1 ? (present[1].0, present[1].1) : nil
    }

    /// One candidate with both its scores.
    public struct Candidate: Sendable {
        public var passage: IndexedPassage
        /// The lexical ranker's view; nil for a passage found by meaning alone.
        public var lexical: Ranker.Scored?
        /// The lexical score over the best lexical score of the candidates (0 to 1).
        public var lexicalShare: Double
        /// The best cosine of the passage's texts, and which text (`MeaningText.Part`).
        public var cosine: Double
        public var part: Int
        /// The best cosine of each kind of text (-1: none of that kind).
        public var cosines: (body: Double, question: Double, asks: Double)
        /// The second-best cosine of any of the passage's texts (-1: it has one text).
        public var second: Double
        public var score: Double
        public var lexicallyConfident: Bool
        public var isCitable: Bool
    }

    /// Fuses `ranked` (the lexical ranker's candidates) with the cosines of every passage that
    /// has a vector; `passage` reads a passage that only meaning found.
    func fuse(_ ranked: [Ranker.Scored], cosines: [Int64: MeaningSearch.Match], ranker: Ranker, passage: (Int64) throws -> IndexedPassage?) rethrows -> [Candidate] {
        let bestLexical = max(ranked.first?.score ?? 0, 1e-9)
        var candidates: [Candidate] = []
        var seen = Set<Int64>()
        for scored in ranked {
            seen.insert(scored.passage.id)
            let match = cosines[scored.passage.id]
            candidates.append(candidate(scored.passage, lexical: scored, share: max(0, scored.score) / bestLexical, match: match, confident: ranker.isConfident(scored)))
        }
        let nearest = cosines.values.sorted { $0.cosine != $1.cosine ? $0.cosine > $1.cosine : $0.passage < $1.passage }
        for match in nearest.prefix(meaningCandidates) where !seen.contains(match.passage) {
            guard let found = try passage(match.passage) else { continue }
            candidates.append(candidate(found, lexical: nil, share: 0, match: match, confident: false))
        }
        return candidates.sorted { $0.score != $1.score ? $0.score > $1.score : $0.passage.id < $1.passage.id }
    }

    private func candidate(_ passage: IndexedPassage, lexical: Ranker.Scored?, share: Double, match: MeaningSearch.Match?, confident: Bool) -> Candidate {
        let cosine = Double(match?.cosine ?? 0)
        let kinds = (Double(match?.body ?? -1), Double(match?.question ?? -1), Double(match?.asks ?? -1))
        let score = meaningWeight * meaningScore(best: cosine, kinds: kinds) + (1 - meaningWeight) * share
        let citable = (cosine >= answerCosine && (share > 0 || cosine >= meaningAloneCosine)) || (confident && cosine >= lexicalCosine)
        return Candidate(passage: passage, lexical: lexical, lexicalShare: share, cosine: cosine, part: match?.part ?? 0,
                         cosines: kinds, second: Double(match?.second ?? -1),
                         score: score, lexicallyConfident: confident, isCitable: citable)
    }
}
