#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// Work shared out over the processors, for start-up: the stat of every file of a large
/// knowledge folder, at the start of every question, takes most of it.
enum Parallel {
    /// Runs `body` over `0..<count` in chunks that this thread and up to three others (one per
    /// online processor, none for fewer than `minimumPerThread` items) take in turn until none
    /// are left; returns when all are done. A helper that is slow to get a processor takes
    /// fewer chunks, so this is never much slower than running alone.
    static func forEachChunk(count: Int, chunk: Int, minimumPerThread: Int, maximumThreads: Int = 4, _ body: @escaping @Sendable (Range<Int>) -> Void) {
        // The processors this process may use (taskset, cgroups), this thread's first.
        let here = Affinity.currentProcessor()
        var processors = Affinity.allowedProcessors() ?? Array(0..<max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))))
        if let here, let position = processors.firstIndex(of: here) { processors = Array(processors[position...] + processors[..<position]) }
        let helpers = max(0, min(processors.count, maximumThreads, count / max(minimumPerThread, 1)) - 1)
        let work = Work(count: count, chunk: max(chunk, 1), body: body)
        var threads: [pthread_t] = []
        for helper in 0..<helpers {
            // Linux tends to start a new thread on its parent's processor and to move it only
            // after a few milliseconds, longer than the whole job: name the processor instead.
            let processor = here == nil ? nil : processors[1 + helper]
            if let thread = start(on: processor, { work.run() }) { threads.append(thread) }
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
}

/// Which processor a thread runs on. Glibc's Swift module leaves out the GNU calls
/// (`sched_getcpu`, `sched_setaffinity`), so they are looked up at run time; without them,
/// threads go where the scheduler puts them.
enum Affinity {
    private typealias GetProcessor = @convention(c) () -> Int32
    private typealias SetAffinity = @convention(c) (pid_t, Int, UnsafeRawPointer) -> Int32
    private typealias GetAffinity = @convention(c) (pid_t, Int, UnsafeMutableRawPointer) -> Int32

    private static let getProcessor: GetProcessor? = dlsym(nil, "sched_getcpu").map { unsafeBitCast($0, to: GetProcessor.self) }
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

/// A value worked out on a thread of its own, on another processor when there is one, while
/// the caller does something else. `value` waits for it, or works it out itself when the
/// thread has not started on it yet (the other processor may be busy).
public final class Background<Value: Sendable>: @unchecked Sendable {
    private let slot: Slot<Value>
    private var thread: pthread_t?

    public init(_ work: @escaping @Sendable () -> Value) {
        let slot = Slot(work)
        self.slot = slot
        let here = Affinity.currentProcessor()
        let elsewhere = here.flatMap { here in Affinity.allowedProcessors()?.first { $0 != here } }
        thread = elsewhere.flatMap { Parallel.start(on: $0) { slot.run() } }
    }

    public var value: Value {
        slot.run()
        if let running = thread {
            // Joining also makes what the thread wrote visible here.
            pthread_join(running, nil)
            thread = nil
        }
        return slot.value!
    }

    deinit {
        if let running = thread { pthread_join(running, nil) }
    }

    /// The work and its value; whichever thread claims the work first does it.
    private final class Slot<Stored>: @unchecked Sendable {
        let work: @Sendable () -> Stored
        let claimed = Atomic<Bool>(false)
        var value: Stored?

        init(_ work: @escaping @Sendable () -> Stored) {
            self.work = work
        }

        func run() {
            guard claimed.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged else { return }
            value = work()
        }
    }
}

extension Parallel {
    /// A thread running `body` on `processor`, or nil when none could be started.
    static func start(on processor: Int?, _ body: @escaping @Sendable () -> Void) -> pthread_t? {
        let started = Unmanaged.passRetained(Start(processor: processor, body: body))
        var thread = pthread_t()
        guard pthread_create(&thread, nil, { argument in
            let start = Unmanaged<Start>.fromOpaque(argument!).takeRetainedValue()
            if let processor = start.processor { Affinity.move(to: processor) }
            start.body()
            return nil
        }, started.toOpaque()) == 0 else {
            started.release()
            return nil
        }
        return thread
    }

    private final class Start: Sendable {
        let processor: Int?
        let body: @Sendable () -> Void
        init(processor: Int?, body: @escaping @Sendable () -> Void) {
            self.processor = processor
            self.body = body
        }
    }
}
