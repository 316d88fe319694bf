import CBLAS

/// OpenBLAS is told once, before confide's first product, to use the calling thread only.
///
/// Parallelism in confide is across passages and messages, never inside one product. And an
/// OpenBLAS pool of worker threads makes `fork` unsafe in a process that has more than one
/// thread: its fork handler shuts the pool down and deadlocks when two threads fork at once
/// (OpenBLAS issue 2270, still so in Debian's 0.3.21; seen here as a test run that hung).
enum SingleThreadedBLAS {
    static let ready: Void = { openblas_set_num_threads(1) }()
}
