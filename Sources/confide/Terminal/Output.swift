#if canImport(Glibc)
import Glibc
#endif

/// Writes to stdout or stderr straight through `write(2)`, every byte through
/// `TerminalText.visible` (no stored text drives the terminal). A reader that went away (a
/// closed pipe, `confide ... | head`) ends the program quietly with status 0, as other tools do.
enum Output {
    static func out(_ text: String) { write(text, to: STDOUT_FILENO) }
    static func line(_ text: String = "") { out(text + "\n") }
    static func error(_ text: String) { write(text + "\n", to: STDERR_FILENO) }

    static func write(_ text: String, to descriptor: Int32) {
        var text = TerminalText.visible(text)
        text.withUTF8 { buffer in
            var offset = 0
            while offset < buffer.count {
                let count = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if count < 0 {
                    if errno == EINTR { continue }
                    if errno == EPIPE { exit(0) }
                    return
                }
                offset += count
            }
        }
    }

    /// SIGPIPE would kill the process mid-line; EPIPE from `write` is handled above instead.
    static func ignoreBrokenPipes() {
        signal(SIGPIPE, SIG_IGN)
    }
}
