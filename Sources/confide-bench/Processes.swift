#if canImport(Glibc)
import Glibc
#endif

/// Runs a program to the end, with its output discarded, and measures it: wall time and peak
/// resident memory (wait4's rusage), without Foundation.
enum Processes {
    struct Measurement {
        var milliseconds: Double
        var peakKilobytes: Int
        var status: Int32
    }

    static func run(_ arguments: [String], environment: [String]) -> Measurement {
        var pid = pid_t()
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup($0) } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        let started = now()
        guard posix_spawn(&pid, arguments[0], &actions, nil, argv, envp) == 0 else {
            return Measurement(milliseconds: 0, peakKilobytes: 0, status: -1)
        }
        var status: Int32 = 0
        var usage = rusage()
        wait4(pid, &status, 0, &usage)
        return Measurement(milliseconds: now() - started, peakKilobytes: Int(usage.ru_maxrss), status: status)
    }

    static func now() -> Double {
        var value = timespec()
        clock_gettime(CLOCK_MONOTONIC, &value)
        return Double(value.tv_sec) * 1000 + Double(value.tv_nsec) / 1_000_000
    }
}

extension Array where Element == Double {
    func percentile(_ share: Double) -> Double {
        guard !isEmpty else { return 0 }
        let sorted = self.sorted()
        return sorted[Swift.min(sorted.count - 1, Int((Double(sorted.count - 1) * share).rounded()))]
    }
}
