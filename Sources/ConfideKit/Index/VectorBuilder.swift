#if canImport(Glibc)
import Glibc
#endif

/// Fills in the index's missing vectors with the meaning model: texts in passage order, a batch
/// at a time, each batch shared out over the processors and then committed in one transaction,
/// so `kill -9` loses at most one batch and the next run starts where this one stopped. Texts
/// already embedded by this model (by the hash of their text) are never embedded again.
public final class VectorBuilder {
    public struct Progress: Sendable, Equatable {
        /// Texts embedded in this run, and how many this run had to do.
        public var done: Int
        public var total: Int
        public var seconds: Double

        public var perSecond: Double { seconds > 0 ? Double(done) / seconds : 0 }
        public var secondsLeft: Double? { done > 0 && perSecond > 0 ? Double(total - done) / perSecond : nil }
    }

    public let index: KnowledgeIndex
    public let encoder: SentenceEncoder
    public let batchSize: Int
    public let threads: Int

    /// - Parameters:
    ///   - threads: 0 for every processor this process may use (`index` does), 1 to leave the
    ///     other processor to the person's questions (the conversation's background filling).
    public init(index: KnowledgeIndex, encoder: SentenceEncoder, batchSize: Int = 32, threads: Int = 0) {
        self.index = index
        self.encoder = encoder
        self.batchSize = max(1, batchSize)
        self.threads = threads
    }

    /// Embeds every text without a vector; reports after each committed batch; stops between
    /// batches when `shouldStop` says so. Returns what was done. Unused vectors (of texts no
    /// longer in the index, or of another model) are removed once every text has its vector.
    @discardableResult
    public func run(progress report: (Progress) -> Void = { _ in }, shouldStop: () -> Bool = { false }) throws -> Progress {
        let model = encoder.identity
        let pending = try index.textsWithoutVectors(model: model)
        let started = Clock.monotonicMilliseconds()
        var progress = Progress(done: 0, total: pending.count, seconds: 0)
        var offset = 0
        while offset < pending.count, !shouldStop() {
            let batch = Array(pending[offset..<min(offset + batchSize, pending.count)])
            let vectors = embed(batch.map(\.text))
            try index.storeVectors(zip(batch, vectors).map { ($0.hash, $1) }, model: model)
            offset += batch.count
            progress.done = offset
            progress.seconds = Double(Clock.monotonicMilliseconds() - started) / 1000
            report(progress)
        }
        if offset >= pending.count { try index.removeUnusedVectors(model: model) }
        return progress
    }

    /// The vectors of `texts`, in order: a few texts at a time on each processor.
    func embed(_ texts: [String]) -> [[Float]] {
        Self.embed(texts, with: encoder, threads: threads)
    }

    /// The vectors of `texts`, in order, `threads` at once (0: every processor, as `Parallel`
    /// allows), four texts to an encoder call. Shared by the index and the safety bank.
    static func embed(_ texts: [String], with encoder: SentenceEncoder, threads: Int) -> [[Float]] {
        let slots = Slots(count: texts.count)
        let work: @Sendable (Range<Int>) -> Void = { range in
            let vectors = encoder.vectors(for: Array(texts[range]))
            for (offset, vector) in vectors.enumerated() { slots.store(vector, at: range.lowerBound + offset) }
        }
        if threads == 1 {
            work(0..<texts.count)
        } else {
            Parallel.forEachChunk(count: texts.count, chunk: 4, minimumPerThread: 4, maximumThreads: threads == 0 ? 4 : threads, work)
        }
        return slots.values
    }

    /// One place per text, each written by exactly one thread; read after they are joined.
    private final class Slots: @unchecked Sendable {
        private let buffer: UnsafeMutableBufferPointer<[Float]>

        init(count: Int) {
            buffer = .allocate(capacity: count)
            buffer.initialize(repeating: [])
        }

        deinit {
            buffer.deinitialize()
            buffer.deallocate()
        }

        func store(_ vector: [Float], at index: Int) { buffer[index] = vector }
        var values: [[Float]] { Array(buffer) }
    }
}
