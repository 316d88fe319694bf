/// The texts of a passage that the meaning model reads, each on its own: the body, the FAQ
/// question and every ask. Embedded apart (not the question glued to its answer), because a
/// question is best matched by the text worded most like it: measured here, prepending the FAQ
/// question to its answer helped bm25 and hurt cosine.
public enum MeaningText {
    public enum Part: Int, Sendable {
        case body = 0
        case question = 1
        /// Asks are parts 2, 3, …
        case ask = 2
    }

    /// (part, text) for one passage; empty texts are left out.
    public static func parts(body: String, question: String?, asks: [String]) -> [(Int, String)] {
        var parts: [(Int, String)] = []
        if !body.isEmpty { parts.append((Part.body.rawValue, body)) }
        if let question, !question.isEmpty { parts.append((Part.question.rawValue, question)) }
        for (offset, ask) in asks.enumerated() where !ask.isEmpty { parts.append((Part.ask.rawValue + offset, ask)) }
        return parts
    }

    /// The text's key in `vectors` (with the model's identity): FNV-1a 64 and the byte count.
    public static func hash(_ text: String) -> String {
        ContentHash.of(Array(text.utf8))
    }

    /// The text of `part` of a stored passage.
    static func text(part: Int, body: String, question: String?, asks: String) -> String? {
        switch part {
        case Part.body.rawValue: return body
        case Part.question.rawValue: return question
        default:
            let lines = KnowledgeIndex.lines(asks)
            let index = part - Part.ask.rawValue
            return index >= 0 && index < lines.count ? String(lines[index]) : nil
        }
    }
}
