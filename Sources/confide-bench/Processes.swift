import ConfideKit

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

    /// Measures a program from a small process of its own: wait4's peak RSS counts the memory
    /// a child had before it exec'd, which for a child of this (large) process would be ours.
    static func measure(_ arguments: [String], environment: [String]) -> Measurement {
        guard let me = FileSystem.executablePath() else { return run(arguments, environment: environment) }
        var pipeEnds: [Int32] = [0, 0]
        guard pipe(&pipeEnds) == 0 else { return run(arguments, environment: environment) }
        var pid = pid_t()
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, pipeEnds[1], 1)
        posix_spawn_file_actions_addclose(&actions, pipeEnds[0])
        let argv = ([me, "--measure"] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup($0) } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        let spawned = posix_spawn(&pid, me, &actions, nil, argv, envp)
        close(pipeEnds[1])
        defer { close(pipeEnds[0]) }
        guard spawned == 0 else { return Measurement(milliseconds: 0, peakKilobytes: 0, status: -1) }
        var output: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 256)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(pipeEnds[0], $0.baseAddress, $0.count) }
            if count <= 0 { break }
            output += buffer[0..<count]
        }
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        let fields = String(decoding: output, as: UTF8.self).split(separator: " ").map { String($0).trimmingCharacters(" \n") }
        guard fields.count == 3, let ms = Double(fields[0]), let kb = Int(fields[1]), let code = Int32(fields[2]) else {
            return Measurement(milliseconds: 0, peakKilobytes: 0, status: -1)
        }
        return Measurement(milliseconds: ms, peakKilobytes: kb, status: code)
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
