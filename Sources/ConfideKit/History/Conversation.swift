/// A conversation as listed: when it started, what it was about, how long it went on.
public struct ConversationSummary: Sendable, Equatable {
    public var id: Int64
    public var started: Int64
    public var title: String
    public var turnCount: Int
    public var lastAsked: Int64
}

/// One question and what was answered, as kept.
public struct Turn: Sendable, Equatable {
    public var id: Int64
    public var conversation: Int64
    public var asked: Int64
    public var question: String
    /// The answer as it was shown, in the `ask --json` shape.
    public var answer: JSON
}

public struct Conversation: Sendable, Equatable {
    public var summary: ConversationSummary
    public var turns: [Turn]
}

/// A match of `history search`: the turn, and a snippet with the matching words marked.
public struct HistoryMatch: Sendable, Equatable {
    public var turn: Turn
    public var conversationTitle: String
    /// The snippet; matching words stand between `HistoryMatch.open` and `HistoryMatch.close`.
    public var snippet: String

    public static let open = "\u{2}"
    public static let close = "\u{3}"

    /// The snippet with each marked word passed through `mark`.
    public func snippet(marking mark: (String) -> String) -> String {
        var result = ""
        var rest = Substring(snippet)
        while let start = rest.firstIndex(of: Character(Self.open)) {
            result += rest[..<start]
            let afterOpen = rest.index(after: start)
            let end = rest[afterOpen...].firstIndex(of: Character(Self.close)) ?? rest.endIndex
            result += mark(String(rest[afterOpen..<end]))
            rest = end == rest.endIndex ? rest[end...] : rest[rest.index(after: end)...]
        }
        return result + rest
    }
}

/// What went wrong with the history, in words for the person.
public enum HistoryError: Error, CustomStringConvertible, Equatable {
    case unavailable(String)
    case noConversation(Int64)
    case newerVersion(Int)
    case badDate(String)
    case foreign(String, tables: [String])

    public var description: String {
        switch self {
        case .unavailable(let reason): return reason
        case .noConversation(let id): return "there is no conversation \(id) (see 'confide history' for the list)"
        case .newerVersion(let version): return "the history was written by a newer confide (schema \(version)); it is left untouched"
        case .badDate(let text): return "'\(text.prefix(40))' is not a date; use YYYY-MM-DD, like 2026-01-31"
        case .foreign(let path, let tables):
            return "\(path) is a SQLite database confide did not make (its tables: \(tables.prefix(5).joined(separator: ", "))), so it is left untouched; move it elsewhere, or keep confide's history in another folder with --data-dir DIR"
        }
    }
}
