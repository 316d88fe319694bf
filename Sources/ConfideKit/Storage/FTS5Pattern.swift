/// An FTS5 MATCH expression that is always valid, whatever text it came from: every term is a
/// quoted string (inner quotes doubled, NUL bytes dropped), so no user text is ever read as FTS5
/// syntax (`AND`, `NEAR(`, `*`, `:`, `-`, parentheses, ...).
public struct FTS5Pattern: Sendable, Equatable, CustomStringConvertible {
    public let rawPattern: String
    /// For an expression that stands in for a broader one (which would match too many passages
    /// to score), that broader one.
    public var broader: FTS5Pattern? { broaderPattern.map(FTS5Pattern.init(rawPattern:)) }
    private var broaderPattern: String?

    init(rawPattern: String) {
        self.rawPattern = rawPattern
    }

    /// Any of `terms` (OR), or nil when no usable term is left: an empty query is never run.
    public static func matchingAny(of terms: [String]) -> FTS5Pattern? {
        let quoted = terms.compactMap(quote)
        guard !quoted.isEmpty else { return nil }
        return FTS5Pattern(rawPattern: quoted.joined(separator: " OR "))
    }

    /// Any of `terms` (OR), each searched as a whole word or, when `prefix` says so, as the
    /// start of a word (`"respons" *`); nil when no usable term is left.
    public static func matchingAny(ofTerms terms: [(text: String, prefix: Bool)]) -> FTS5Pattern? {
        let quoted = terms.compactMap { term in quote(term.text).map { term.prefix ? $0 + " *" : $0 } }
        guard !quoted.isEmpty else { return nil }
        return FTS5Pattern(rawPattern: quoted.joined(separator: " OR "))
    }

    /// All of `terms` (implicit AND), or nil when no usable term is left.
    public static func matchingAll(of terms: [String]) -> FTS5Pattern? {
        let quoted = terms.compactMap(quote)
        guard !quoted.isEmpty else { return nil }
        return FTS5Pattern(rawPattern: quoted.joined(separator: " "))
    }

    /// The same expression, matched only in `columns` (the FTS5 table's own column names, never
    /// user text), standing in for this one.
    public func inColumns(_ columns: [String]) -> FTS5Pattern {
        var narrowed = FTS5Pattern(rawPattern: "{\(columns.joined(separator: " "))} : (\(rawPattern))")
        narrowed.broaderPattern = broaderPattern ?? rawPattern
        return narrowed
    }

    /// Passages that match every one of `groups`, standing in for `broader`.
    public static func matchingEvery(_ groups: [FTS5Pattern], narrowing broader: FTS5Pattern) -> FTS5Pattern? {
        guard !groups.isEmpty else { return nil }
        var narrowed = FTS5Pattern(rawPattern: groups.map { "(\($0.rawPattern))" }.joined(separator: " AND "))
        narrowed.broaderPattern = broader.broaderPattern ?? broader.rawPattern
        return narrowed
    }

    /// One term as an FTS5 string, or nil when nothing searchable is left of it.
    static func quote(_ term: String) -> String? {
        var cleaned = ""
        cleaned.unicodeScalars.reserveCapacity(term.unicodeScalars.count)
        for scalar in term.unicodeScalars where scalar != "\0" {
            if scalar == "\"" { cleaned.unicodeScalars.append("\"") }
            cleaned.unicodeScalars.append(scalar)
        }
        guard cleaned.unicodeScalars.contains(where: { !$0.properties.isWhitespace }) else { return nil }
        return "\"" + cleaned + "\""
    }

    public var description: String { rawPattern }
}
