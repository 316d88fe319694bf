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
        let command = environment["PAGER"].flatMap { $0.isEmpty ? nil : $0 } ?? Self.defaultCommand
        Self.keepPagerHistoryOff()
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

extension Pager {
    /// less, keeping colour, with a prompt that says how to leave it: a bare ":" strands
    /// someone who has never used less.
    static let defaultCommand = "less -R '-Ps(q closes, Space or the arrows move, / searches)'"

    /// less writes what is searched in it to ~/.lesshst (or $XDG_DATA_HOME/lesshst): words of
    /// the history and the articles, off the record too. The pager confide starts keeps no file
    /// of its own: LESSHISTFILE=- turns it off, and LESSSECURE=1 also keeps it from writing log
    /// files or running commands. Set in confide's own environment, which only its pagers read.
    static func keepPagerHistoryOff() {
        setenv("LESSHISTFILE", "-", 1)
        setenv("LESSSECURE", "1", 1)
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
