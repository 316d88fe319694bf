#if canImport(Glibc)
import Glibc
#endif

/// Long text goes through `$PAGER` (default `less -R`) on a terminal, and is printed as it is
/// otherwise. Printing stops at Ctrl-C.
struct Pager {
    var terminal: Terminal
    var environment: [String: String]

    func show(_ text: String) {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let height = terminal.height
        guard terminal.isInteractiveOutput, lines.count > height - 2 else {
            InterruptiblePrinter.print(text)
            return
        }
        let command = environment["PAGER"].flatMap { $0.isEmpty ? nil : $0 } ?? "less -R"
        Interrupts.ignoring {
            guard let pipe = popen(command, "w") else {
                InterruptiblePrinter.print(text)
                return
            }
            // A pager quit early closes the pipe; that is not an error here.
            _ = TerminalText.visible(text).withCString { fputs($0, pipe) }
            pclose(pipe)
        }
    }
}

/// Prints line by line, stopping when Ctrl-C is pressed.
enum InterruptiblePrinter {
    static func print(_ text: String) {
        _ = Interrupts.take()
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).dropLast(text.hasSuffix("\n") ? 1 : 0) {
            if Interrupts.take() {
                Output.line("(stopped)")
                return
            }
            Output.line(String(line))
        }
    }
}
