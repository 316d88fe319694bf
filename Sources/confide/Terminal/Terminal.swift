#if canImport(Glibc)
import Glibc
#endif

/// What the output is connected to: a terminal (colour, width) or not.
struct Terminal {
    var isInteractiveOutput: Bool
    var isInteractiveInput: Bool
    var useColor: Bool

    init(noColorOption: Bool, environment: [String: String]) {
        isInteractiveOutput = isatty(STDOUT_FILENO) == 1
        isInteractiveInput = isatty(STDIN_FILENO) == 1
        // https://no-color.org: any non-empty NO_COLOR turns colour off.
        let noColor = !(environment["NO_COLOR"] ?? "").isEmpty || environment["TERM"] == "dumb"
        useColor = isInteractiveOutput && !noColor && !noColorOption
    }

    /// The width to wrap to, read afresh each time (the window may have been resized).
    var width: Int {
        if isInteractiveOutput {
            var size = winsize()
            if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 {
                return Int(size.ws_col)
            }
        }
        if let columns = getenv("COLUMNS").map({ String(cString: $0) }), let width = Int(columns), width > 20 {
            return width
        }
        return 80
    }

    var height: Int {
        var size = winsize()
        if isInteractiveOutput, ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_row > 0 {
            return Int(size.ws_row)
        }
        return 24
    }

    /// Lines are easier to read when not wider than this, however wide the window.
    var readingWidth: Int { min(width, 100) }

    var style: Style { Style(enabled: useColor) }

    /// Help is reference text: it may use a little more of a wide window than answers do.
    var helpWidth: Int { min(width, 110) }
}

/// ANSI styles, or nothing when colour is off.
struct Style {
    var enabled: Bool

    func apply(_ code: String, _ text: String) -> String {
        enabled ? "\(TerminalText.escape)[\(code)m\(text)\(TerminalText.escape)[0m" : text
    }

    func bold(_ text: String) -> String { apply("1", text) }
    func dim(_ text: String) -> String { apply("2", text) }
    func number(_ text: String) -> String { apply("36", text) }
    func highlight(_ text: String) -> String { apply("1;33", text) }
    func warning(_ text: String) -> String { apply("1;31", text) }
    func heading(_ text: String) -> String { apply("1;4", text) }
}
