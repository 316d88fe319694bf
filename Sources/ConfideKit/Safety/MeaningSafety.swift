/// The safety check by meaning: each piece of a message (the whole of a short one, its
/// sentences, their clauses, and windows of about twenty words across a long one) is compared
/// with the labelled bank, so that a plan told without a crisis word, or a sign buried in a long
/// message about rejection, is still near the examples that say the same thing.
///
/// A piece's signal for a kind is the mean cosine of its `neighbours` nearest examples of that
/// kind minus that of its nearest ordinary examples (a margin: near-misses such as "this is
/// killing me" sit near both and cancel out). A message's signal is its strongest piece's.
public struct MeaningSafety: Sendable {
    public let bank: SafetyBank
    public let encoder: SentenceEncoder
    /// Set on the validation list with the bank of three writers (2,098 examples): 5 caught
    /// most at the same false alarms (3: 77% / 72% full notices, 5: 77% / 79%, 8: 72% / 79%,
    /// 12: 72% / 73%, crisis / coercion, at 4.9% of ordinary messages; with the first writer's
    /// 798 examples alone 3 had been best, at 73% / 66%).
    public var neighbours = 5
    /// Pieces embedded at most: a pasted essay costs this many short texts, not its length.
    public var maximumPieces = 48
    public static let windowWords = 20

    public init(bank: SafetyBank, encoder: SentenceEncoder) {
        self.bank = bank
        self.encoder = encoder
    }

    public struct Signal: Sendable, Equatable {
        public var crisis: Double
        public var coercion: Double
        /// The piece that gave each kind's signal.
        public var crisisPiece: String
        public var coercionPiece: String

        public func value(_ kind: SafetyNotice.Kind) -> Double { kind == .crisis ? crisis : coercion }
    }

    public func signal(for text: String) -> Signal {
        let pieces = Self.pieces(of: text, limit: maximumPieces)
        var signal = Signal(crisis: -1, coercion: -1, crisisPiece: "", coercionPiece: "")
        guard !pieces.isEmpty else { return signal }
        let vectors = encoder.vectors(for: pieces)
        for (piece, vector) in zip(pieces, vectors) {
            let (crisis, coercion) = margins(vector)
            if crisis > signal.crisis { signal.crisis = crisis; signal.crisisPiece = piece }
            if coercion > signal.coercion { signal.coercion = coercion; signal.coercionPiece = piece }
        }
        return signal
    }

    /// (crisis, coercion) margins of one piece's vector over the ordinary examples.
    func margins(_ vector: [Float]) -> (Double, Double) {
        let C = bank.dimensions
        var crisis: [Float] = [], coercion: [Float] = [], ordinary: [Float] = []
        bank.vectors.withUnsafeBufferPointer { all in
            for (row, example) in bank.examples.enumerated() {
                var dot: Float = 0
                let base = row * C
                for c in 0..<C { dot += all[base + c] * vector[c] }
                switch example.kind {
                case .crisis?: crisis.append(dot)
                case .coercion?: coercion.append(dot)
                case nil: ordinary.append(dot)
                }
            }
        }
        func top(_ values: [Float]) -> Double {
            guard !values.isEmpty else { return 0 }
            let best = values.sorted(by: >).prefix(neighbours)
            return Double(best.reduce(0, +)) / Double(best.count)
        }
        let floor = top(ordinary)
        return (top(crisis) - floor, top(coercion) - floor)
    }

    /// The pieces of a message to compare: the whole (when short), each sentence, each clause
    /// of a long sentence, and overlapping windows across a long message; repeats dropped.
    public static func pieces(of text: String, limit: Int) -> [String] {
        var pieces: [String] = []
        var seen = Set<String>()
        func add(_ piece: some StringProtocol) {
            let words = piece.split(whereSeparator: \.isWhitespace)
            guard !words.isEmpty, pieces.count < limit else { return }
            let joined = words.joined(separator: " ")
            if seen.insert(joined.lowercased()).inserted { pieces.append(joined) }
        }
        let words = text.split(whereSeparator: \.isWhitespace)
        // A long message is covered by windows alone, spread so that the last of them reaches
        // its end: a sign buried anywhere in a pasted essay is still read, at a bounded cost.
        let windowsNeeded = max(0, (words.count - windowWords) / (windowWords / 2) + 1)
        if windowsNeeded > limit / 2 {
            let stride = max(windowWords / 2, (words.count - windowWords + limit - 2) / max(limit - 1, 1))
            var start = 0
            while start < words.count, pieces.count < limit {
                add(words[start..<min(start + windowWords, words.count)].joined(separator: " "))
                if start + windowWords >= words.count { break }
                start = min(start + stride, words.count - windowWords)
            }
            return pieces
        }
        if words.count <= 2 * windowWords { add(text) }
        for sentence in Sentences.split(text) {
            if sentence.split(whereSeparator: \.isWhitespace).count <= 2 * windowWords { add(sentence) }
            // A clause can carry the sign alone ("we argued, then he grabbed my throat").
            let clauses = sentence.split(whereSeparator: { ",;:\u{2014}".contains($0) })
            if clauses.count > 1 { for clause in clauses where clause.split(whereSeparator: \.isWhitespace).count >= 3 { add(clause) } }
        }
        if words.count > windowWords {
            var start = 0
            while start < words.count {
                add(words[start..<min(start + windowWords, words.count)].joined(separator: " "))
                if start + windowWords >= words.count { break }
                start += windowWords / 2
            }
        }
        return pieces
    }
}
