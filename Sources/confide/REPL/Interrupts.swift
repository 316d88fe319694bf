@preconcurrency import CReadline

#if canImport(Glibc)
import Glibc
#endif

/// Ctrl-C never ends the companion: at the prompt it clears the line; while an answer or an
/// article is printing it stops the printing.
enum Interrupts {
    nonisolated(unsafe) static var readingLine: sig_atomic_t = 0
    nonisolated(unsafe) static var pending: sig_atomic_t = 0

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
        _ = write(STDOUT_FILENO, "\n", 1)
        rl_on_new_line()
        rl_replace_line("", 0)
        rl_redisplay()
    } else {
        Interrupts.pending = 1
    }
}
