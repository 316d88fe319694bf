/// Whether a question in a conversation leans on the one before it ("why?", "and for him?",
/// "where does it come from?") or stands on its own ("is it my fault", asked after "should I
/// stop initiating", is its own question). A follow-up is read with the previous question;
/// one that stands alone is answered alone. Decided from the question's own shape, the same
/// with or without the meaning model: its concepts, how it opens, and whether a pronoun points
/// back at something it does not name.
public enum FollowUp {
    /// Openings that continue what was said: "and for him?", "but why", "what about her".
    static let continuations: [[String]] = [["and"], ["but"], ["so"], ["also"], ["then"], ["what", "about"], ["how", "about"], ["same"]]
    /// Pronouns that point back at something said before.
    static let referring: Set<String> = ["it", "that", "this", "they", "them", "he", "him", "she", "her", "those", "these", "there"]
    /// A question with more of its own concepts than this names its own subject.
    static let ownConcepts = 2

    public static func isFollowUp(_ question: String, after previous: String?) -> Bool {
        guard let previous, previous.contains(where: { $0.isLetter }) else { return false }
        let words = Words.tokens(question)
        guard !words.isEmpty else { return false }
        let concepts = words.filter { !StopWords.contains($0) && $0.unicodeScalars.count > 1 && !$0.allSatisfy(\.isNumber) }
        if concepts.isEmpty { return true }
        if continuations.contains(where: { words.starts(with: $0) }) && words.count <= 8 { return true }
        guard concepts.count <= ownConcepts else { return false }
        // "is it my fault", "is it normal", "it's ok": an empty "it" points at nothing before.
        let dummyIt = words.starts(with: ["is", "it"]) || words.starts(with: ["isn", "t", "it"]) || words.starts(with: ["it", "s"]) || words.starts(with: ["it", "is"])
        let pointers = words.enumerated().filter { referring.contains($0.element) && !(dummyIt && $0.element == "it" && $0.offset <= 2) }
        return !pointers.isEmpty
    }
}
