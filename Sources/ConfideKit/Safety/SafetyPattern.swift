/// A pattern of words, as written in `safety.txt`:
/// - `word` matches that word, or a near miss of it (one typo in words of five letters or more,
///   two in words of eight or more);
/// - `word*` matches words that start with it (`suicid*`: suicide, suicidal);
/// - `a|b|c` matches any of them;
/// - consecutive words may have up to two other words between them; `...` allows up to ten.
public struct SafetyPattern: Sendable, Equatable, CustomStringConvertible {
    public struct Step: Sendable, Equatable {
        public var alternatives: [Alternative]
        /// How many other words may stand between the previous step and this one.
        public var gap: Int
    }

    public struct Alternative: Sendable, Equatable, Hashable {
        public var word: String
        public var isPrefix: Bool
    }

    public struct SyntaxError: Error, CustomStringConvertible {
        public var description: String
    }

    public static let nearGap = 2
    public static let farGap = 10

    public let source: String
    public let steps: [Step]
    /// The kind of warning sign the pattern stands for (`sign:` in `safety.txt`: "plans and
    /// preparation", "giving in"…), shown by `ask --explain`; nil when the file names none.
    public var sign: String?

    public init(_ text: String) throws(SyntaxError) {
        source = text
        var steps: [Step] = []
        var gap = Self.nearGap
        for piece in text.lowercased().split(whereSeparator: \.isWhitespace) {
            if piece == "..." {
                guard !steps.isEmpty else { throw SyntaxError(description: "a pattern cannot start with '...'") }
                gap = Self.farGap
                continue
            }
            var alternatives: [Alternative] = []
            for option in piece.split(separator: "|") {
                let isPrefix = option.hasSuffix("*")
                let word = isPrefix ? String(option.dropLast()) : String(option)
                guard !word.isEmpty, Words.tokens(word) == [word] else {
                    throw SyntaxError(description: "'\(option)' is not a word (use letters and digits, with an optional * at the end)")
                }
                alternatives.append(Alternative(word: word, isPrefix: isPrefix))
            }
            guard !alternatives.isEmpty else { throw SyntaxError(description: "empty alternative in '\(piece)'") }
            steps.append(Step(alternatives: alternatives, gap: steps.isEmpty ? 0 : gap))
            gap = Self.nearGap
        }
        guard !steps.isEmpty else { throw SyntaxError(description: "the pattern has no words") }
        guard text.split(whereSeparator: \.isWhitespace).last != "..." else { throw SyntaxError(description: "a pattern cannot end with '...'") }
        self.steps = steps
    }

    public var description: String { source }

}

/// A pattern whose words are numbered, so that matching asks a table, not the words.
struct CompiledPattern: Sendable, Equatable {
    struct Step: Sendable, Equatable {
        var alternatives: [Int]
        var gap: Int
    }

    var steps: [Step]

    /// The positions of the first match at or after `from`, skipping masked positions, or nil.
    func firstMatch(count: Int, from: Int, masked: [Bool], matches: (Int, Int) -> Bool) -> [Int]? {
        func step(_ index: Int, from start: Int, limit: Int) -> [Int]? {
            guard index < steps.count else { return [] }
            var position = start
            while position < count && position <= limit {
                if !masked[position], steps[index].alternatives.contains(where: { matches($0, position) }) {
                    let nextLimit = index + 1 < steps.count ? position + 1 + steps[index + 1].gap : count
                    if let rest = step(index + 1, from: position + 1, limit: nextLimit) { return [position] + rest }
                }
                position += 1
            }
            return nil
        }
        return step(0, from: from, limit: count)
    }
}
