/// How long a message confide reads. Every stage (the safety check's pieces, the query plan's
/// words and spelling, ranking, the history) does work that grows with the message, and a
/// pasted file of ten megabytes took half a minute; the longest real questions in the
/// evaluation sets are under 500 characters, and a long, detailed message of several
/// paragraphs fits well within the limit. A longer one is still a valid question: it gets an
/// answer saying it is too long (and the safety check, on its beginning and its end).
public enum QuestionLength {
    /// Characters (Unicode scalars): about 800 words.
    public static let maximum = 5_000

    /// How long `question` is, when it is longer than confide reads; nil otherwise.
    public static func excess(_ question: String) -> Int? {
        // The UTF-8 length bounds the scalar count from above, so most messages cost nothing.
        guard question.utf8.count > maximum else { return nil }
        let count = question.unicodeScalars.count
        return count > maximum ? count : nil
    }

    /// The part of a too-long message the safety check reads: its beginning and its end, where
    /// a person most often says what is wrong and what they ask.
    public static func bounded(_ question: String) -> String {
        let scalars = question.unicodeScalars
        guard scalars.count > maximum else { return question }
        let half = maximum / 2
        return String(String.UnicodeScalarView(scalars.prefix(half))) + " \n " + String(String.UnicodeScalarView(scalars.suffix(half)))
    }

    /// The answer's words for a message over the limit: what was wrong and what would be right,
    /// and nothing of its text.
    public static func tooLongMessage(length: Int) -> String {
        "That message is too long for me to read well (\(length) characters; I read up to \(maximum)). Could you send the part that matters most, in a shorter message?"
    }
}
