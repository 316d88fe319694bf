import CBLAS
#if canImport(Glibc)
import Glibc
#endif

/// The safety check by meaning: each piece of a message (the whole of a short one, its
/// sentences, their clauses, and windows of about twenty words across a long one) is compared
/// with the labelled bank, so that a plan told without a crisis word, or a sign buried in a long
/// message about rejection, is still near the examples that say the same thing.
///
/// A piece's margin for a kind is the mean cosine of its `neighbours` nearest examples of that
/// kind minus that of its nearest ordinary examples (near-misses such as "this is killing me"
/// sit near both and cancel out), or minus `ordinaryFloor` when the ordinary ones are further
/// than that: a piece far from every example (a question about tyres or taxes) says nothing,
/// where a bare difference of two small cosines had given notices to such questions. A
/// message's signal for a kind is its two strongest pieces' margins, the second counting
/// `secondPieceWeight` as much, less `piecePenalty` for each natural log of its number of
/// pieces: a real sign is read by the overlapping pieces that
/// hold it (the whole, its sentence, its clause, a window), where a stray resemblance is
/// usually one piece's; and a long message is many chances for one.
public struct MeaningSafety: Sendable {
    public let bank: SafetyBank
    public let encoder: SentenceEncoder
    /// Set on the validation list with the bank of three writers (2,098 examples): 5 caught
    /// most at the same false alarms (3: 77% / 72% full notices, 5: 77% / 79%, 8: 72% / 79%,
    /// 12: 72% / 73%, crisis / coercion, at 4.9% of ordinary messages; with the first writer's
    /// 798 examples alone 3 had been best, at 73% / 66%).
    public var neighbours = 5
    /// Set with the thresholds by `scripts/tune-safety` on the two validation lists (1,995
    /// messages by three writers) and the questions people ask (the answer sets' tuning halves,
    /// at most 1% of them a notice), with the ten-writer bank, where thresholds set on one half
    /// caught most on the other: the strongest piece alone with no floor caught 56% of the
    /// least-caught kind there; with the floor at 0.4 but one piece, 80%; the floor at 0.4 and
    /// two pieces (weight 1.0, no penalty), 86%, at the same 5% of ordinary messages.
    /// Neighbouring settings (floor 0.4–0.45, weight 0.5–1, penalty 0–0.02) do 84–86%: which
    /// of them wins moves with a line or two of the lists. With four more writers (9,897
    /// examples) the same setting held out 86.6%, and the sweep's best (floor 0.45, weight
    /// 0.75, penalty 0.01) 86.8%: within a line of the lists, so the setting was kept and the
    /// bank alone changed. With sixteen writers (11,096) it held out 87.9%, tied with the best.
    /// With twenty-two (14,695), over 24 random half-splits of the lists: 89.4% (91.1% of
    /// crisis) against the sixteen-writer bank's 87.7%, the same run; other floors, weights,
    /// neighbours (3, 8, 12), floors by kind and soft maxima moved it within ±1.5 points, no
    /// more than choosing among that many tries on the same lists can, so none was taken.
    public var secondPieceWeight = 1.0
    public var piecePenalty = 0.0
    public var ordinaryFloor = 0.4
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
        /// The piece that gave each kind's strongest margin.
        public var crisisPiece: String
        public var coercionPiece: String
        /// Every piece's margins, in the order of `pieces(of:limit:)`.
        public var crisisByPiece: [Double] = []
        public var coercionByPiece: [Double] = []
        /// Every piece's nearness to each kind (for tuning offline).
        public var nearness: [Nearness] = []

        public func value(_ kind: SafetyNotice.Kind) -> Double { kind == .crisis ? crisis : coercion }
    }

    /// A piece's mean cosine with its `neighbours` nearest examples of each kind.
    public struct Nearness: Sendable, Equatable {
        public var crisis: Double
        public var coercion: Double
        public var ordinary: Double

        public init(crisis: Double, coercion: Double, ordinary: Double) {
            self.crisis = crisis
            self.coercion = coercion
            self.ordinary = ordinary
        }

        /// (crisis, coercion) margins over the ordinary examples, or over `floor` when they
        /// are further than it.
        public func margins(floor: Double) -> (Double, Double) {
            let base = max(ordinary, floor)
            return (crisis - base, coercion - base)
        }
    }

    public func signal(for text: String) -> Signal {
        let pieces = Self.pieces(of: text, limit: maximumPieces)
        var signal = Signal(crisis: -1, coercion: -1, crisisPiece: "", coercionPiece: "")
        guard !pieces.isEmpty else { return signal }
        signal.nearness = nearness(encoder.vectors(for: pieces))
        let margins = signal.nearness.map { $0.margins(floor: ordinaryFloor) }
        signal.crisisByPiece = margins.map(\.0)
        signal.coercionByPiece = margins.map(\.1)
        signal.crisis = combine(signal.crisisByPiece)
        signal.coercion = combine(signal.coercionByPiece)
        if let best = signal.crisisByPiece.indices.max(by: { signal.crisisByPiece[$0] < signal.crisisByPiece[$1] }) { signal.crisisPiece = pieces[best] }
        if let best = signal.coercionByPiece.indices.max(by: { signal.coercionByPiece[$0] < signal.coercionByPiece[$1] }) { signal.coercionPiece = pieces[best] }
        return signal
    }

    /// A message's signal from its pieces' margins: (best + w · second) / (1 + w) − β · ln(pieces);
    /// one piece counts as both.
    public func combine(_ margins: [Double]) -> Double {
        Self.combine(margins, secondPieceWeight: secondPieceWeight, piecePenalty: piecePenalty)
    }

    public static func combine(_ margins: [Double], secondPieceWeight w: Double, piecePenalty β: Double) -> Double {
        guard var best = margins.first else { return -1 }
        var second = -Double.infinity
        for margin in margins.dropFirst() {
            if margin > best { second = best; best = margin } else if margin > second { second = margin }
        }
        if second == -.infinity { second = best }
        return (best + w * second) / (1 + w) - β * log(Double(margins.count))
    }

    /// Each piece's nearness to each kind: one matrix product for every piece against the
    /// whole bank, then each kind's `neighbours` best cosines kept in a small sorted buffer
    /// (the bank grows with every writer; a piece costs a pass over its row, not a sort of it).
    func nearness(_ vectors: [[Float]]) -> [Nearness] {
        let P = vectors.count, N = min(bank.count, bank.vectors.count / max(bank.dimensions, 1)), C = bank.dimensions
        guard P > 0, N > 0 else { return Array(repeating: Nearness(crisis: 0, coercion: 0, ordinary: 0), count: P) }
        // pieces (P, C), row-major
        var pieces = [Float](repeating: 0, count: P * C)
        for (p, vector) in vectors.enumerated() { for c in 0..<min(C, vector.count) { pieces[p * C + c] = vector[c] } }
        // similarities (P, N) = pieces (P, C) · bank (N, C)ᵀ
        SingleThreadedBLAS.ready
        var similarities = [Float](repeating: 0, count: P * N)
        pieces.withUnsafeBufferPointer { a in
            similarities.withUnsafeMutableBufferPointer { out in
                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(P), Int32(N), Int32(C), 1, a.baseAddress, Int32(C), bank.vectors.floats, Int32(C), 0, out.baseAddress, Int32(N))
            }
        }
        let k = max(1, neighbours)
        let codes = bank.kindCodes
        var result: [Nearness] = []
        result.reserveCapacity(P)
        similarities.withUnsafeBufferPointer { all in
            for p in 0..<P {
                let row = all.baseAddress! + p * N
                var best = [TopValues](repeating: TopValues(capacity: k), count: 3)
                for n in 0..<N { best[Int(codes[n])].insert(row[n]) }
                result.append(Nearness(crisis: best[0].mean, coercion: best[1].mean, ordinary: best[2].mean))
            }
        }
        return result
    }

    /// The largest `capacity` values seen, kept sorted (descending) in a small buffer.
    struct TopValues {
        private(set) var values: [Float] = []
        let capacity: Int

        init(capacity: Int) {
            self.capacity = capacity
            values.reserveCapacity(capacity)
        }

        mutating func insert(_ value: Float) {
            if values.count == capacity {
                guard value > values[capacity - 1] else { return }
                values.removeLast()
            }
            var i = values.count
            while i > 0, values[i - 1] < value { i -= 1 }
            values.insert(value, at: i)
        }

        /// The mean of the kept values (0 for a kind with no examples, as before).
        var mean: Double { values.isEmpty ? 0 : Double(values.reduce(0, +)) / Double(values.count) }
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
