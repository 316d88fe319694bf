/// sentence-transformers' `1_Pooling` (mean over the real tokens) and its `Normalize` step.
enum Pooling {
    /// The mean of each sequence's rows of `states` (T, C), laid end to end as the encoder
    /// returned them, then scaled to length 1: one (C) vector a sequence.
    static func meanNormalised(_ states: [Float], lengths: [Int], width C: Int) -> [[Float]] {
        var vectors: [[Float]] = []
        vectors.reserveCapacity(lengths.count)
        var row = 0
        for length in lengths {
            var mean = [Float](repeating: 0, count: C)
            for t in row..<(row + length) {
                for c in 0..<C { mean[c] += states[t * C + c] }
            }
            row += length
            vectors.append(normalised(mean))
        }
        return vectors
    }

    /// `vector` scaled to length 1 (sentence-transformers divides by max(norm, 1e-12)).
    static func normalised(_ vector: [Float]) -> [Float] {
        var squares: Double = 0
        for value in vector { squares += Double(value) * Double(value) }
        let scale = Float(1 / max(squares.squareRoot(), 1e-12))
        return vector.map { $0 * scale }
    }

    /// The cosine of two vectors of length 1: their dot product.
    public static func cosine(_ a: [Float], _ b: [Float]) -> Float {
        var sum: Float = 0
        for i in 0..<min(a.count, b.count) { sum += a[i] * b[i] }
        return sum
    }
}
