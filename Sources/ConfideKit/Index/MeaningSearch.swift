/// The passages nearest a question by meaning: the question's vector against every stored
/// vector of the index's texts (body, FAQ question, asks), best cosine per passage. The stored
/// vectors are read once per session and again only when the index changed. Brute force: at
/// the shipped articles' thousand texts it is a fraction of a millisecond.
public final class MeaningSearch {
    public let index: KnowledgeIndex
    public let encoder: SentenceEncoder
    private var loaded: (version: Int64, passages: [Int64], parts: [Int], vectors: [Float])?

    public struct Match: Sendable, Equatable {
        public var passage: Int64
        /// Which text of the passage came nearest (`MeaningText.Part`: 0 body, 1 FAQ question, 2+ asks).
        public var part: Int
        public var cosine: Float
        /// The best cosine of each kind of text: the body, the FAQ question, the asks (-1 when
        /// the passage has none of that kind).
        public var body: Float = -1
        public var question: Float = -1
        public var asks: Float = -1
        /// The second-best cosine of any of the passage's texts (-1 when it has one text): a
        /// passage whose body and FAQ question (or two of its asks) both come near is more
        /// likely the answer than one that a single text brushes.
        public var second: Float = -1
    }

    public init(index: KnowledgeIndex, encoder: SentenceEncoder) {
        self.index = index
        self.encoder = encoder
    }

    /// The `limit` passages whose best text is nearest `question`, nearest first.
    public func nearest(to question: String, limit: Int) throws -> [Match] {
        try nearest(to: encoder.vector(for: question), limit: limit)
    }

    public func nearest(to query: [Float], limit: Int) throws -> [Match] {
        let best = try bestByPassage(query)
        return Array(best.values.sorted { $0.cosine != $1.cosine ? $0.cosine > $1.cosine : $0.passage < $1.passage }.prefix(limit))
    }

    /// Every passage with a vector, with its best text's cosine to `query`.
    public func bestByPassage(_ query: [Float]) throws -> [Int64: Match] {
        let stored = try vectors()
        let C = encoder.dimensions
        var best: [Int64: Match] = [:]
        stored.vectors.withUnsafeBufferPointer { all in
            query.withUnsafeBufferPointer { q in
                for row in 0..<stored.passages.count {
                    var dot: Float = 0
                    let base = row * C
                    for c in 0..<C { dot += all[base + c] * q[c] }
                    let passage = stored.passages[row]
                    let part = stored.parts[row]
                    var match = best[passage] ?? Match(passage: passage, part: part, cosine: -2)
                    if dot > match.cosine {
                        if match.cosine > -2 { match.second = match.cosine }
                        match.cosine = dot
                        match.part = part
                    } else if dot > match.second {
                        match.second = dot
                    }
                    switch part {
                    case MeaningText.Part.body.rawValue: match.body = max(match.body, dot)
                    case MeaningText.Part.question.rawValue: match.question = max(match.question, dot)
                    default: match.asks = max(match.asks, dot)
                    }
                    best[passage] = match
                }
            }
        }
        return best
    }

    /// Every stored vector of this model, as one flat (N, C) buffer.
    private func vectors() throws -> (version: Int64, passages: [Int64], parts: [Int], vectors: [Float]) {
        let version = try index.dataVersion()
        if let loaded, loaded.version == version { return loaded }
        var passages: [Int64] = [], parts: [Int] = [], flat: [Float] = []
        for (passage, part, vector) in try index.passageVectors(model: encoder.identity) where vector.count == encoder.dimensions {
            passages.append(passage)
            parts.append(part)
            flat.append(contentsOf: vector)
        }
        let result = (version, passages, parts, flat)
        loaded = result
        return result
    }
}
