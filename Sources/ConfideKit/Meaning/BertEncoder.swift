#if canImport(Glibc)
import Glibc
#endif
import CBLAS

/// The BERT encoder's forward pass over a batch of token sequences laid end to end: the
/// position-wise work (embeddings, linear layers, GELU, LayerNorm) runs over all their tokens
/// at once, attention within each sequence. Each operation is a small function over flat
/// float buffers, shapes in comments: B sequences, T tokens in all, C hidden, NH heads of HS.
/// The matrix products are OpenBLAS's `cblas_sgemm`, single-threaded: measured here (see
/// BENCHMARKS.md), a 20-token question's products take 6.0 ms against 16.4 ms for the
/// vectorisable Swift loop (which the baseline x86-64 build runs 4 floats wide), and two
/// threads on one short question are slower than one; parallelism is across passages.
struct BertEncoder: @unchecked Sendable {
    let weights: BertWeights

    /// The last layer's output for `sequences` (each [CLS] … [SEP] ids), (T, C) row-major in
    /// sequence order.
    func forward(_ sequences: [[Int32]]) -> [Float] {
        let configuration = weights.configuration
        let C = configuration.hidden, I = configuration.intermediate
        let T = sequences.reduce(0) { $0 + $1.count }
        guard T > 0 else { return [] }
        SingleThreadedBLAS.ready
        var x = [Float](repeating: 0, count: T * C)
        var scratch = Scratch(tokens: T, hidden: C, intermediate: I, longest: sequences.map(\.count).max() ?? 0)
        x.withUnsafeMutableBufferPointer { buffer in
            let x = buffer.baseAddress!
            embed(x, sequences)
            for layer in weights.layers {
                encoderLayer(x, layer, sequences: sequences, tokens: T, scratch: &scratch)
            }
        }
        scratch.release()
        return x
    }

    struct Scratch {
        let qkv: UnsafeMutablePointer<Float>       // (T, 3C)
        let attended: UnsafeMutablePointer<Float>  // (T, C)
        let projected: UnsafeMutablePointer<Float> // (T, C)
        let hidden: UnsafeMutablePointer<Float>    // (T, I)
        let scores: UnsafeMutablePointer<Float>    // (maxT, maxT)

        init(tokens T: Int, hidden C: Int, intermediate I: Int, longest: Int) {
            qkv = .allocate(capacity: T * 3 * C)
            attended = .allocate(capacity: T * C)
            projected = .allocate(capacity: T * C)
            hidden = .allocate(capacity: T * I)
            scores = .allocate(capacity: max(1, longest * longest))
        }

        func release() {
            for pointer in [qkv, attended, projected, hidden, scores] { pointer.deallocate() }
        }
    }

    // MARK: embeddings

    /// x (T, C) = LayerNorm(word[id] + position[t] + tokenType[0]), t counted within each sequence.
    private func embed(_ x: UnsafeMutablePointer<Float>, _ sequences: [[Int32]]) {
        let C = weights.configuration.hidden
        let embeddings = weights.embeddings
        var row = 0
        for sequence in sequences {
            for (position, id) in sequence.enumerated() {
                let out = x + row * C
                let word = embeddings.wordEmbeddings + Int(id) * C
                let place = embeddings.positionEmbeddings + position * C
                let type = embeddings.tokenTypeEmbeddings
                for c in 0..<C { out[c] = word[c] + place[c] + type[c] }
                row += 1
            }
        }
        layerNorm(x, rows: row, width: C, weight: embeddings.layerNormWeight, bias: embeddings.layerNormBias)
    }

    // MARK: one encoder layer

    private func encoderLayer(_ x: UnsafeMutablePointer<Float>, _ layer: BertLayer, sequences: [[Int32]], tokens T: Int, scratch: inout Scratch) {
        let C = weights.configuration.hidden, I = weights.configuration.intermediate
        // attention.self: q, k, v (T, 3C)
        linear(scratch.qkv, x, layer.queryKeyValueWeight, layer.queryKeyValueBias, rows: T, inputs: C, outputs: 3 * C)
        var start = 0
        for sequence in sequences {
            attention(scratch.attended + start * C, scratch.qkv + start * 3 * C, tokens: sequence.count, scores: scratch.scores)
            start += sequence.count
        }
        // attention.output: dense, then LayerNorm with the residual
        linear(scratch.projected, scratch.attended, layer.attentionOutputWeight, layer.attentionOutputBias, rows: T, inputs: C, outputs: C)
        addInPlace(x, scratch.projected, count: T * C)
        layerNorm(x, rows: T, width: C, weight: layer.attentionLayerNormWeight, bias: layer.attentionLayerNormBias)
        // intermediate: dense and GELU (T, I); output: dense, then LayerNorm with the residual
        linear(scratch.hidden, x, layer.intermediateWeight, layer.intermediateBias, rows: T, inputs: C, outputs: I)
        gelu(scratch.hidden, count: T * I)
        linear(scratch.projected, scratch.hidden, layer.outputWeight, layer.outputBias, rows: T, inputs: I, outputs: C)
        addInPlace(x, scratch.projected, count: T * C)
        layerNorm(x, rows: T, width: C, weight: layer.outputLayerNormWeight, bias: layer.outputLayerNormBias)
    }

    /// out (T, OC) = inp (T, IC) · weight (OC, IC)ᵀ + bias (OC)
    private func linear(_ out: UnsafeMutablePointer<Float>, _ inp: UnsafePointer<Float>, _ weight: UnsafePointer<Float>, _ bias: UnsafePointer<Float>, rows T: Int, inputs IC: Int, outputs OC: Int) {
        for t in 0..<T { (out + t * OC).update(from: bias, count: OC) }
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(T), Int32(OC), Int32(IC), 1, inp, Int32(IC), weight, Int32(IC), 1, out, Int32(OC))
    }

    private func linear(_ out: UnsafeMutablePointer<Float>, _ inp: UnsafeMutablePointer<Float>, _ weight: UnsafePointer<Float>, _ bias: UnsafePointer<Float>, rows T: Int, inputs IC: Int, outputs OC: Int) {
        linear(out, UnsafePointer(inp), weight, bias, rows: T, inputs: IC, outputs: OC)
    }

    /// out (T, C) = for each head h: softmax(q_h k_hᵀ / √HS) v_h, over one sequence's tokens;
    /// qkv (T, 3C) holds q, k and v side by side in each row. No mask: a sequence is alone.
    private func attention(_ out: UnsafeMutablePointer<Float>, _ qkv: UnsafeMutablePointer<Float>, tokens T: Int, scores: UnsafeMutablePointer<Float>) {
        let configuration = weights.configuration
        let C = configuration.hidden, NH = configuration.heads, HS = configuration.headSize
        let scale = 1 / Float(HS).squareRoot()
        for h in 0..<NH {
            let q = qkv + h * HS, k = qkv + C + h * HS, v = qkv + 2 * C + h * HS
            // scores (T, T) = scale · q_h (T, HS) · k_h (T, HS)ᵀ
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(T), Int32(T), Int32(HS), scale, q, Int32(3 * C), k, Int32(3 * C), 0, scores, Int32(T))
            softmaxRows(scores, rows: T, width: T)
            // out_h (T, HS) = scores (T, T) · v_h (T, HS)
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(T), Int32(HS), Int32(T), 1, scores, Int32(T), v, Int32(3 * C), 0, out + h * HS, Int32(C))
        }
    }

    // MARK: element-wise

    /// x (rows, width): each row softmaxed in place.
    private func softmaxRows(_ x: UnsafeMutablePointer<Float>, rows: Int, width: Int) {
        for r in 0..<rows {
            let row = x + r * width
            var largest = -Float.infinity
            for i in 0..<width { largest = max(largest, row[i]) }
            var sum: Float = 0
            for i in 0..<width {
                let e = expf(row[i] - largest)
                row[i] = e
                sum += e
            }
            let inverse = 1 / sum
            for i in 0..<width { row[i] *= inverse }
        }
    }

    /// x (rows, width) = (x - mean) / √(variance + ε) · weight + bias, per row.
    private func layerNorm(_ x: UnsafeMutablePointer<Float>, rows: Int, width: Int, weight: UnsafePointer<Float>, bias: UnsafePointer<Float>) {
        let epsilon = weights.configuration.layerNormEpsilon
        for r in 0..<rows {
            let row = x + r * width
            var sum: Float = 0
            for i in 0..<width { sum += row[i] }
            let mean = sum / Float(width)
            var squares: Float = 0
            for i in 0..<width {
                let d = row[i] - mean
                squares += d * d
            }
            let inverse = 1 / (squares / Float(width) + epsilon).squareRoot()
            for i in 0..<width { row[i] = (row[i] - mean) * inverse * weight[i] + bias[i] }
        }
    }

    /// x = x + y, element-wise.
    private func addInPlace(_ x: UnsafeMutablePointer<Float>, _ y: UnsafePointer<Float>, count: Int) {
        for i in 0..<count { x[i] += y[i] }
    }

    private func addInPlace(_ x: UnsafeMutablePointer<Float>, _ y: UnsafeMutablePointer<Float>, count: Int) {
        addInPlace(x, UnsafePointer(y), count: count)
    }

    /// x = x · Φ(x), the exact (erf) GELU the model was trained with.
    private func gelu(_ x: UnsafeMutablePointer<Float>, count: Int) {
        let inverseRoot2: Float = 0.70710678118654752
        for i in 0..<count { x[i] = 0.5 * x[i] * (1 + Self.erf(x[i] * inverseRoot2)) }
    }

    /// erf by the rational approximation Eigen uses for floats (x clamped to ±4, then an odd
    /// polynomial of degree 13 over one of degree 8 in x²): largest error 4.5e-7 over [-8, 8],
    /// measured against libm's double erf. glibc's `erff` is a call per element that the
    /// compiler cannot vectorise: 22 ns against under 1 ns, a quarter of a question's time.
    @inline(__always)
    static func erf(_ value: Float) -> Float {
        let x = min(max(value, -4), 4)
        let x2 = x * x
        var p: Float = x2 * -2.72614225801306e-10 + 2.77068142495902e-08
        p = x2 * p + -2.10102402082508e-06
        p = x2 * p + -5.69250639462346e-05
        p = x2 * p + -7.34990630326855e-04
        p = x2 * p + -2.95459980854025e-03
        p = x2 * p + -1.60960333262415e-02
        p = x * p
        var q: Float = x2 * -1.45660718464996e-05 + -2.13374055278905e-04
        q = x2 * q + -1.68282697438203e-03
        q = x2 * q + -7.37332916720468e-03
        q = x2 * q + -1.42647390514189e-02
        return p / q
    }
}
