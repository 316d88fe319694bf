import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The real `confide` binary on a pseudo-terminal (`posix_openpt` and `posix_spawn`), driven as a person would: keys
/// are written to the master side, and what the program draws is read back with a deadline.
///
///     let terminal = try confide.terminal()
///     defer { terminal.close() }
///     try await terminal.expect("confide> ")
///     terminal.send("why do I take it so personally\r")
///     try await terminal.expect(".md:")
///
/// What is matched is the output with escape sequences, carriage returns and bells taken out
/// (`screenText`), so that readline's redrawing does not split the words being looked for.
/// Like expect(1), a match consumes the output up to its end: the next `expect` looks only at
/// what came after.
final class PseudoTerminal {
    enum Ending: Equatable, CustomStringConvertible {
        case exited(Int32)
        case signalled(Int32)

        var description: String {
            switch self {
            case .exited(let status): return "exited with status \(status)"
            case .signalled(let signal): return "killed by signal \(signal)"
            }
        }
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    let pid: pid_t
    let command: String
    private var master: Int32
    /// Every byte read from the terminal, as it came.
    private(set) var raw: [UInt8] = []
    /// The output without escape sequences, `\r` and BEL.
    private(set) var screen: [UInt8] = []
    /// Where the next `expect` starts looking, in `screen`.
    private(set) var cursor = 0
    private(set) var ending: Ending?
    private var escape = EscapeState.none

    private enum EscapeState { case none, escape, intermediate, csi, osc, oscEscape }

    /// Starts `executable` on a new pseudo-terminal of `columns` x `rows`, as the leader of a
    /// new session with the terminal as its controlling terminal.
    init(executable: String, arguments: [String], environment: [String: String], directory: String,
         columns: UInt16 = 100, rows: UInt16 = 40) throws {
        command = ([executable] + arguments).joined(separator: " ")
        // posix_spawn, not forkpty: fork runs the process's fork handlers, and OpenBLAS's (this
        // test process links it) deadlocks when two tests fork at once; posix_spawn runs none.
        // The child becomes a session leader (POSIX_SPAWN_SETSID, done before the file actions),
        // so opening the terminal's slave side makes it the controlling terminal.
        var masterSide: Int32 = -1
        var slaveSide: Int32 = -1
        var slaveName = [CChar](repeating: 0, count: 128)
        var size = winsize(ws_row: rows, ws_col: columns, ws_xpixel: 0, ws_ypixel: 0)
        guard openpty(&masterSide, &slaveSide, &slaveName, nil, &size) == 0 else {
            throw Failure(description: "openpty failed: \(String(cString: strerror(errno)))")
        }
        // Neither side is inherited by other tests' children; the child opens the slave by name.
        _ = fcntl(masterSide, F_SETFD, FD_CLOEXEC)
        _ = fcntl(slaveSide, F_SETFD, FD_CLOEXEC)
        defer { _ = Glibc.close(slaveSide) }

        let argv = Self.cStrings([executable] + arguments)
        let envp = Self.cStrings(environment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" })
        defer {
            Self.free(argv)
            Self.free(envp)
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        guard Self.addChangeOfDirectory(&actions, directory) == 0 else {
            _ = Glibc.close(masterSide)
            throw Failure(description: "posix_spawn_file_actions_addchdir_np is missing (glibc 2.29 or later is needed)")
        }
        posix_spawn_file_actions_addopen(&actions, 0, slaveName, O_RDWR, 0)
        posix_spawn_file_actions_adddup2(&actions, 0, 1)
        posix_spawn_file_actions_adddup2(&actions, 0, 2)

        // A clean signal state: an empty mask, and the signals a test runner may ignore or catch
        // back to their defaults (ignored signals and the mask survive exec).
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var emptyMask = sigset_t()
        sigemptyset(&emptyMask)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGINT, SIGQUIT, SIGPIPE, SIGTSTP, SIGTTIN, SIGTTOU, SIGCHLD] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigmask(&attributes, &emptyMask)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(Self.setSession | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        var child: pid_t = 0
        let status = posix_spawn(&child, executable, &actions, &attributes, argv, envp)
        guard status == 0 else {
            _ = Glibc.close(masterSide)
            throw Failure(description: "\(executable) could not be started: \(String(cString: strerror(status)))")
        }
        pid = child
        master = masterSide
        // Read without blocking.
        _ = fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK)
    }

    deinit {
        close()
    }

    /// Kills the program if it is still running, reaps it, and closes the terminal.
    func close() {
        if ending == nil {
            _ = kill(pid, SIGKILL)
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
            ending = Self.ending(status)
        }
        if master >= 0 {
            _ = Glibc.close(master)
            master = -1
        }
    }

    // MARK: Typing

    /// Writes `keys` as typed: "\r" is Enter, "\t" Tab, "\u{03}" Ctrl-C, "\u{04}" Ctrl-D,
    /// "\u{1B}[A" Up.
    func send(_ keys: String) {
        let bytes = Array(keys.utf8)
        var offset = 0
        let deadline = ContinuousClock.now + .seconds(5)
        while offset < bytes.count, master >= 0, ContinuousClock.now < deadline {
            let written = bytes[offset...].withUnsafeBufferPointer { Glibc.write(master, $0.baseAddress, $0.count) }
            if written > 0 {
                offset += written
            } else if errno == EAGAIN || errno == EINTR {
                pump()
                usleep(1_000)
            } else {
                return
            }
        }
    }

    /// Types a line and Enter.
    func line(_ text: String) {
        send(text + "\r")
    }

    static let up = "\u{1B}[A"
    static let interrupt = "\u{03}"
    static let endOfInput = "\u{04}"

    // MARK: Reading

    /// All the output so far, as matched (no escape sequences).
    var screenText: String { String(decoding: screen, as: UTF8.self) }

    /// The output after the cursor.
    var unconsumed: String { String(decoding: screen[cursor...], as: UTF8.self) }

    /// Reads until the output after the cursor contains `text`; returns the output from the
    /// cursor to the end of the match and moves the cursor there. Throws, with the output so far,
    /// when `timeout` passes or the program ends first.
    @discardableResult
    func expect(_ text: String, timeout: Duration = .seconds(20), sourceLocation: SourceLocation = #_sourceLocation) async throws -> String {
        try await expect(anyOf: [text], timeout: timeout, sourceLocation: sourceLocation).consumed
    }

    /// As `expect`, for whichever of `texts` comes first.
    @discardableResult
    func expect(anyOf texts: [String], timeout: Duration = .seconds(20), sourceLocation: SourceLocation = #_sourceLocation) async throws -> (matched: String, consumed: String) {
        let needles = texts.map { Array($0.utf8) }
        let deadline = ContinuousClock.now + timeout
        while true {
            pump()
            var best: (end: Int, index: Int)?
            for (index, needle) in needles.enumerated() {
                if let range = Self.find(needle, in: screen, from: cursor), best == nil || range.upperBound < best!.end {
                    best = (range.upperBound, index)
                }
            }
            if let best {
                let consumed = String(decoding: screen[cursor..<best.end], as: UTF8.self)
                cursor = best.end
                return (texts[best.index], consumed)
            }
            let wanted = texts.map { "\"\(Self.visible($0))\"" }.joined(separator: " or ")
            if let ending = reap() {
                pump()
                if needles.contains(where: { Self.find($0, in: screen, from: cursor) != nil }) { continue }
                throw Failure(description: "\(sourceLocation.fileName):\(sourceLocation.line): the program \(ending) while waiting for \(wanted)\n\(transcript)")
            }
            if ContinuousClock.now >= deadline {
                throw Failure(description: "\(sourceLocation.fileName):\(sourceLocation.line): timed out after \(timeout) waiting for \(wanted)\n\(transcript)")
            }
            try await Task.sleep(for: .milliseconds(5))
        }
    }

    /// Reads for `duration` (for checking that something does NOT appear), then returns the
    /// output after the cursor and moves the cursor to the end.
    func settle(for duration: Duration = .milliseconds(300)) async -> String {
        let deadline = ContinuousClock.now + duration
        while ContinuousClock.now < deadline {
            pump()
            if reap() != nil { break }
            try? await Task.sleep(for: .milliseconds(10))
        }
        pump()
        let text = unconsumed
        cursor = screen.count
        return text
    }

    /// Waits for the program to end (reading its output meanwhile); nil if it is still running
    /// after `timeout`.
    func waitForExit(timeout: Duration = .seconds(30)) async -> Ending? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            pump()
            if let ending = reap() {
                pump()
                return ending
            }
            try? await Task.sleep(for: .milliseconds(5))
        }
        // Once more after the deadline: a test kept waiting for a thread (the machine busy with
        // the rest of the suite) may come back after it, with the program long gone.
        pump()
        return reap()
    }

    var isRunning: Bool { reap() == nil }

    /// The command and the last part of the output, for failure messages.
    var transcript: String {
        let text = screenText
        let tail = text.count > 4_000 ? "…" + String(text.suffix(4_000)) : text
        let state = ending.map { " (\($0))" } ?? ""
        return "--- \(command)\(state), output so far (escape sequences removed; the cursor was at byte \(cursor) of \(screen.count)):\n\(tail)\n---"
    }

    /// Reads what is available without blocking.
    private func pump() {
        guard master >= 0 else { return }
        var buffer = [UInt8](repeating: 0, count: 4_096)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(master, $0.baseAddress, $0.count) }
            if count > 0 {
                append(buffer[0..<count])
            } else if count < 0 && errno == EINTR {
                continue
            } else {
                // EAGAIN: nothing more for now; EIO or 0: the program's side is closed.
                return
            }
        }
    }

    private func reap() -> Ending? {
        if let ending { return ending }
        var status: Int32 = 0
        let result = waitpid(pid, &status, WNOHANG)
        guard result == pid else { return nil }
        ending = Self.ending(status)
        return ending
    }

    private static func ending(_ status: Int32) -> Ending {
        status & 0x7F == 0 ? .exited((status >> 8) & 0xFF) : .signalled(status & 0x7F)
    }

    /// Keeps the text, drops escape sequences (CSI, OSC, two- and three-byte ESC forms), `\r`
    /// and BEL. An escape sequence split across reads is carried over.
    private func append(_ bytes: ArraySlice<UInt8>) {
        raw.append(contentsOf: bytes)
        for byte in bytes {
            switch escape {
            case .none:
                switch byte {
                case 0x1B: escape = .escape
                case 0x0D, 0x07: break
                default: screen.append(byte)
                }
            case .escape:
                switch byte {
                case UInt8(ascii: "["): escape = .csi
                case UInt8(ascii: "]"): escape = .osc
                case 0x20...0x2F: escape = .intermediate
                default: escape = .none
                }
            case .intermediate:
                escape = .none
            case .csi:
                if (0x40...0x7E).contains(byte) { escape = .none }
            case .osc:
                if byte == 0x07 { escape = .none } else if byte == 0x1B { escape = .oscEscape }
            case .oscEscape:
                escape = .none
            }
        }
    }

    static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Range<Int>? {
        guard !needle.isEmpty else { return start..<start }
        guard haystack.count - start >= needle.count else { return nil }
        var index = start
        let last = haystack.count - needle.count
        while index <= last {
            if haystack[index] == needle[0] {
                var matched = true
                for offset in 1..<needle.count where haystack[index + offset] != needle[offset] {
                    matched = false
                    break
                }
                if matched { return index..<(index + needle.count) }
            }
            index += 1
        }
        return nil
    }

    /// Control characters spelled out, for messages.
    static func visible(_ text: String) -> String {
        text.unicodeScalars.map { $0.value < 0x20 ? String(format: "\\x%02X", $0.value) : String($0) }.joined()
    }

    /// glibc's POSIX_SPAWN_SETSID (spawn.h), behind _GNU_SOURCE, which Swift's Glibc leaves out.
    private static let setSession: Int32 = 0x80

    /// posix_spawn_file_actions_addchdir_np (glibc 2.29), also behind _GNU_SOURCE: found by name.
    private static func addChangeOfDirectory(_ actions: UnsafeMutablePointer<posix_spawn_file_actions_t>, _ path: String) -> Int32 {
        typealias Function = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addchdir_np") else { return -1 }
        return unsafeBitCast(symbol, to: Function.self)(actions, path)
    }

    private static func cStrings(_ strings: [String]) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?> {
        let pointer = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: strings.count + 1)
        for (index, string) in strings.enumerated() {
            (pointer + index).initialize(to: strdup(string))
        }
        (pointer + strings.count).initialize(to: nil)
        return pointer
    }

    private static func free(_ pointer: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) {
        var index = 0
        while let string = pointer[index] {
            Glibc.free(string)
            index += 1
        }
        pointer.deallocate()
    }
}

extension ConfideProcess {
    /// The environment of a run at a terminal: the sandbox's, with TERM=xterm and PAGER=cat.
    func terminalEnvironment(_ overrides: [String: String?] = [:]) -> [String: String] {
        var base: [String: String?] = ["TERM": "xterm", "PAGER": "cat"]
        for (name, value) in overrides { base[name] = value }
        return environment(base)
    }

    /// Starts confide on a pseudo-terminal of 100 x 40, in the sandbox (working directory: the
    /// sandbox root), with the global options unless `globals` is false.
    func terminal(
        _ arguments: [String] = [],
        globals: Bool = true,
        environment overrides: [String: String?] = [:],
        columns: UInt16 = 100,
        rows: UInt16 = 40
    ) throws -> PseudoTerminal {
        if let model = terminalEnvironment(overrides)["CONFIDE_MODEL"], model != "none" { seedSafetyBankCache() }
        return try PseudoTerminal(
            executable: binary.path,
            arguments: (globals ? globalArguments : []) + arguments,
            environment: terminalEnvironment(overrides),
            directory: root.path,
            columns: columns,
            rows: rows
        )
    }
}
