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
            Self.runOnlyWhenIdle()
            guard let index = try? KnowledgeIndex(path: indexPath, folder: folder) else { return }
            let builder = VectorBuilder(index: index, encoder: encoder, batchSize: 8, threads: 1)
            _ = try? builder.run(shouldStop: { stopping.load(ordering: .acquiring) })
        }
        guard let started else { return nil }
        pthread_detach(started)
    }

    /// SCHED_IDLE (5 on Linux; Glibc's Swift module leaves the GNU name out): the thread gets a
    /// processor only when nothing else wants it, so a question typed meanwhile, or another
    /// program, is never slowed by it.
    private static func runOnlyWhenIdle() {
        var parameters = sched_param()
        parameters.sched_priority = 0
        _ = pthread_setschedparam(pthread_self(), 5, &parameters)
    }

    public var isFinished: Bool { finished.load(ordering: .acquiring) }

    /// Asks the thread to stop after its current batch.
    public func stop() { stopping.store(true, ordering: .releasing) }
}
