@preconcurrency import CReadline

#if canImport(Glibc)
import Glibc
#endif

/// GNU readline, set up for confide: `$if confide` in ~/.inputrc applies, Tab completes what
/// the session offers, and recall lives in memory only (no history file is ever written).
enum LineEditor {
    /// Given the line before the word and the word, the candidates to complete it with.
    nonisolated(unsafe) static var completer: ((String, String) -> [String])?
    nonisolated(unsafe) static var matches: [String] = []
    nonisolated(unsafe) static var matchIndex = 0

    static let recallLimit = 1_000

    static func setUp() {
        // readline keeps the pointer for the life of the process.
        rl_readline_name = UnsafePointer(strdup("confide"))
        rl_attempted_completion_function = attemptCompletion
        // Candidates come in the session's order (conversations newest first, articles as
        // listed), not sorted as text, which put 10 between 1 and 2.
        rl_sort_completion_matches = 0
        using_history()
        stifle_history(Int32(recallLimit))
    }

    /// One line from the person, or nil at end of input (Ctrl-D).
    static func readLine(prompt: String) -> String? {
        Interrupts.readingLine = 1
        defer { Interrupts.readingLine = 0 }
        guard let line = readline(TerminalText.visible(prompt)) else { return nil }
        defer { free(line) }
        return String(cString: line)
    }

    static func remember(_ line: String) {
        add_history(line)
    }

    /// Replaces what Up/Down and Ctrl-R can recall.
    static func replaceRecall(with lines: [String]) {
        clear_history()
        for line in lines.suffix(recallLimit) { add_history(line) }
    }

    static var recalledLines: [String] {
        guard let list = history_list() else { return [] }
        var lines: [String] = []
        var index = 0
        while let entry = list[index] {
            lines.append(String(cString: entry.pointee.line))
            index += 1
        }
        return lines
    }
}

private let attemptCompletion: @convention(c) (UnsafePointer<CChar>?, Int32, Int32) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = { text, start, _ in
    // Never fall back to completing file names.
    rl_attempted_completion_over = 1
    let word = text.map { String(cString: $0) } ?? ""
    let buffer = rl_line_buffer.map { String(cString: $0) } ?? ""
    let before = String(decoding: buffer.utf8.prefix(Int(start)), as: UTF8.self)
    LineEditor.matches = LineEditor.completer?(before, word) ?? []
    guard !LineEditor.matches.isEmpty else { return nil }
    return rl_completion_matches(text, completionGenerator)
}

private let completionGenerator: @convention(c) (UnsafePointer<CChar>?, Int32) -> UnsafeMutablePointer<CChar>? = { _, state in
    if state == 0 { LineEditor.matchIndex = 0 }
    guard LineEditor.matchIndex < LineEditor.matches.count else { return nil }
    defer { LineEditor.matchIndex += 1 }
    // readline frees what it is given.
    return strdup(LineEditor.matches[LineEditor.matchIndex])
}
