@preconcurrency import CReadline

#if canImport(Glibc)
import Glibc
#endif

/// Ctrl-C never ends the companion: at the prompt it clears the line; while an answer or an
/// article is printing it stops the printing.
enum Interrupts {
    nonisolated(unsafe) static var readingLine: sig_atomic_t = 0
    nonisolated(unsafe) static var pending: sig_atomic_t = 0
    /// Whether Ctrl-C on an empty prompt has said how to leave (it says so once a session).
    nonisolated(unsafe) static var saidHowToLeave: sig_atomic_t = 0
    /// Ctrl-C only clears the line; someone pressing it on an empty one may be trying to leave.
    static let howToLeave: StaticString = "(Ctrl-C clears the line; Ctrl-D or /quit leaves.)\n"

    static func install() {
        signal(SIGINT, onInterrupt)
    }

    /// Whether Ctrl-C was pressed since the last call.
    static func take() -> Bool {
        defer { pending = 0 }
        return pending != 0
    }

    /// Runs `body` with Ctrl-C ignored here (a pager in the foreground handles it itself).
    static func ignoring<T>(_ body: () throws -> T) rethrows -> T {
        signal(SIGINT, SIG_IGN)
        defer { install() }
        return try body()
    }
}

private let onInterrupt: @convention(c) (Int32) -> Void = { _ in
    if Interrupts.readingLine != 0 {
        // readline has already echoed ^C and cleaned up; give a fresh, empty prompt.
        let wasEmpty = rl_end == 0
        _ = write(STDOUT_FILENO, "\n", 1)
        if wasEmpty && Interrupts.saidHowToLeave == 0 {
            Interrupts.saidHowToLeave = 1
            Interrupts.howToLeave.withUTF8Buffer { _ = write(STDOUT_FILENO, $0.baseAddress, $0.count) }
        }
        rl_on_new_line()
        rl_replace_line("", 0)
        rl_redisplay()
    } else {
        Interrupts.pending = 1
    }
}
