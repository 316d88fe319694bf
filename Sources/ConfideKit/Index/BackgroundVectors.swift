#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// Fills in missing vectors on one background thread while the person types, through its own
/// connection to the index file, a committed batch at a time: answers never wait for it (WAL
/// lets them read while it writes), and it leaves the other processor to their questions.
/// Stopping takes effect between batches; a process that exits mid-batch loses only that
/// batch, which the next session embeds again.
public final class BackgroundVectors: Sendable {
    private let stopping = Atomic<Bool>(false)
    private let finished = Atomic<Bool>(false)

    /// Starts filling the index at `indexPath` (a file; an in-memory index cannot be shared).
    public init?(indexPath: String, folder: KnowledgeFolder, encoder: SentenceEncoder) {
        guard indexPath != ":memory:" else { return nil }
        let started = Parallel.start(on: nil) { [self] in
            defer { finished.store(true, ordering: .releasing) }
            guard let index = try? KnowledgeIndex(path: indexPath, folder: folder) else { return }
            let builder = VectorBuilder(index: index, encoder: encoder, batchSize: 8, threads: 1)
            _ = try? builder.run(shouldStop: { stopping.load(ordering: .acquiring) })
        }
        guard let started else { return nil }
        pthread_detach(started)
    }

    public var isFinished: Bool { finished.load(ordering: .acquiring) }

    /// Asks the thread to stop after its current batch.
    public func stop() { stopping.store(true, ordering: .releasing) }
}
