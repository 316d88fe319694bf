/// How long a message confide reads. Every stage after this one (the safety check's pieces,
/// the query plan's words and spelling, ranking, the history) does work that grows with the
/// message, and a pasted file of ten megabytes took half a minute; the longest real questions
/// in the evaluation sets are under 500 characters, and a long, detailed message of several
/// paragraphs fits well within the limit.
public enum QuestionLength {
    /// Characters (Unicode scalars): about 800 words.
    public static let maximum = 5_000

    /// Throws when `question` is longer than confide reads; checked before anything else.
    public static func check(_ question: String) throws(QuestionTooLong) {
        // The UTF-8 length bounds the scalar count from above, so most messages cost nothing.
        guard question.utf8.count > maximum else { return }
        let count = question.unicodeScalars.count
        if count > maximum { throw QuestionTooLong(length: count) }
    }
}

/// A message over `QuestionLength.maximum`: refused with what would be right, and nothing of
/// its text.
public struct QuestionTooLong: Error, CustomStringConvertible, Sendable {
    public var length: Int

    public var description: String {
        "that message is too long for me to read well (\(length) characters; I read up to \(QuestionLength.maximum)). Could you send the part that matters most, in a shorter message? If you are in crisis, call or text 988 now, or 911 in danger."
    }
}
