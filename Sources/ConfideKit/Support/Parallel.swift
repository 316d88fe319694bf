#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// Work shared out over the processors, for the one job that needs it: the stat of every file
/// of a large knowledge folder, at the start of every question.
enum Parallel {
    /// Runs `body` over `0..<count` in chunks that this thread and up to three others (one per
    /// online processor, none for fewer than `minimumPerThread` items) take in turn until none
    /// are left; returns when all are done. A helper that is slow to get a processor takes
    /// fewer chunks, so this is never much slower than running alone.
    static func forEachChunk(count: Int, chunk: Int, minimumPerThread: Int, _ body: @escaping @Sendable (Range<Int>) -> Void) {
        // The processors this process may use (taskset, cgroups), this thread's first.
        let here = Affinity.currentProcessor()
        var processors = Affinity.allowedProcessors() ?? Array(0..<max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))))
        if let here, let position = processors.firstIndex(of: here) { processors = Array(processors[position...] + processors[..<position]) }
        let helpers = max(0, min(processors.count, 4, count / max(minimumPerThread, 1)) - 1)
        let work = Work(count: count, chunk: max(chunk, 1), body: body)
        var threads: [pthread_t] = []
        for helper in 0..<helpers {
            // Linux tends to start a new thread on its parent's processor and to move it only
            // after a few milliseconds, longer than the whole job: name the processor instead.
            let processor = here == nil ? nil : processors[1 + helper]
            let started = Unmanaged.passRetained(Helper(work: work, processor: processor))
            var thread = pthread_t()
            if pthread_create(&thread, nil, { argument in
                let helper = Unmanaged<Helper>.fromOpaque(argument!).takeRetainedValue()
                if let processor = helper.processor { Affinity.move(to: processor) }
                helper.work.run()
                return nil
            }, started.toOpaque()) == 0 {
                threads.append(thread)
            } else {
                started.release()
            }
        }
        work.run()
        for thread in threads { pthread_join(thread, nil) }
    }

    private final class Work: Sendable {
        let count: Int
        let chunk: Int
        let body: @Sendable (Range<Int>) -> Void
        let next = Atomic<Int>(0)

        init(count: Int, chunk: Int, body: @escaping @Sendable (Range<Int>) -> Void) {
            self.count = count
            self.chunk = chunk
            self.body = body
        }

        func run() {
            while true {
                let start = next.wrappingAdd(chunk, ordering: .relaxed).oldValue
                guard start < count else { return }
                body(start..<min(start + chunk, count))
            }
        }
    }

    private final class Helper: Sendable {
        let work: Work
        let processor: Int?
        init(work: Work, processor: Int?) {
            self.work = work
            self.processor = processor
        }
    }
}

/// Which processor a thread runs on. Glibc's Swift module leaves out the GNU calls
/// (`sched_getcpu`, `sched_setaffinity`), so they are looked up at run time; without them,
/// threads go where the scheduler puts them.
enum Affinity {
    private typealias GetProcessor = @convention(c) () -> Int32
    private typealias SetAffinity = @convention(c) (pid_t, Int, UnsafeRawPointer) -> Int32

    private static let getProcessor: GetProcessor? = dlsym(nil, "sched_getcpu").map { unsafeBitCast($0, to: GetProcessor.self) }
    private typealias GetAffinity = @convention(c) (pid_t, Int, UnsafeMutableRawPointer) -> Int32
    private static let setAffinity: SetAffinity? = dlsym(nil, "sched_setaffinity").map { unsafeBitCast($0, to: SetAffinity.self) }
    private static let getAffinity: GetAffinity? = dlsym(nil, "sched_getaffinity").map { unsafeBitCast($0, to: GetAffinity.self) }

    /// The processors the calling thread may run on, or nil when that cannot be asked.
    static func allowedProcessors() -> [Int]? {
        guard let getAffinity else { return nil }
        var set = cpu_set_t()
        let asked = withUnsafeMutableBytes(of: &set) { getAffinity(0, $0.count, $0.baseAddress!) }
        guard asked == 0 else { return nil }
        let allowed = withUnsafeBytes(of: &set) { bytes in
            (0..<bytes.count * 8).filter { bytes[$0 / 8] & UInt8(1 << ($0 % 8)) != 0 }
        }
        return allowed.isEmpty ? nil : allowed
    }

    static func currentProcessor() -> Int? {
        guard let getProcessor else { return nil }
        let processor = Int(getProcessor())
        return processor >= 0 ? processor : nil
    }

    /// Keeps the calling thread on `processor`; a processor it may not use is ignored.
    static func move(to processor: Int) {
        guard let setAffinity, processor >= 0, processor < MemoryLayout<cpu_set_t>.size * 8 else { return }
        var set = cpu_set_t()
        withUnsafeMutableBytes(of: &set) { $0[processor / 8] |= UInt8(1 << (processor % 8)) }
        _ = withUnsafeBytes(of: &set) { setAffinity(0, $0.count, $0.baseAddress!) }
    }
}
