/// A warm invitation to say more, for a message that holds nothing yet to look for: a greeting,
/// thanks, a question about confide itself, or a vague or hopeless first line ("will it always
/// be like this", "what should I do", "is it me"). Searching such a line can only find a stray
/// word's passage or say there was nothing to search for; neither is what a person writing it at
/// night needs. Checked before ranking; the safety check still comes first.
public enum Invitation {
    public enum Kind: String, Sendable, Equatable {
        case greeting, thanks, aboutConfide, vague
    }

    /// Words that say how the person feels about asking, or greet, but name no topic. A message
    /// of these and stop words only is vague. Kept to words that never carry a topic on their
    /// own, so that "is it my fault", "am i bad in bed" or "sex hurts" are still searched.
    static let fillers: Set<String> = [
        "hi", "hello", "hey", "hiya", "yo", "morning", "evening", "night", "goodnight",
        "thanks", "thank", "thx", "ty", "cheers", "appreciate",
        "yes", "yeah", "yep", "nope", "sure", "fine", "alright", "right", "true", "oh", "um", "hmm", "ah",
        "help", "better", "normal", "okay", "ok", "real", "person", "human", "bot", "robot", "ai", "there",
        "anyone", "happen", "happens", "happening", "hopeless", "give", "forever", "last",
    ]
    static let greetings: Set<String> = ["hi", "hello", "hey", "hiya", "yo", "morning", "evening"]
    static let thanks: Set<String> = ["thanks", "thank", "thx", "ty", "cheers", "appreciate"]
    static let aboutConfide: Set<String> = ["real", "person", "human", "bot", "robot", "ai"]

    /// Longer messages are never invitations.
    static let longestInvited = 400

    /// The kind of invitation a message calls for, or nil when it names something to look for.
    public static func kind(of message: String) -> Kind? {
        // A long message says enough to be searched; reading a pasted megabyte word by word
        // here would only cost time.
        guard message.utf8.count <= longestInvited else { return nil }
        let words = Words.tokens(message)
        guard !words.isEmpty else { return .vague }
        guard words.allSatisfy({ StopWords.contains($0) || fillers.contains($0) || $0.unicodeScalars.count == 1 }) else { return nil }
        if words.contains(where: aboutConfide.contains) { return .aboutConfide }
        if words.contains(where: thanks.contains) { return .thanks }
        if words.contains(where: greetings.contains) { return .greeting }
        return .vague
    }

    /// The invitation for a message, when it calls for one. `isFirst`: nothing was asked before
    /// it in this conversation (after a question, a vague line is a follow-up to it, read with
    /// it; greetings, thanks and questions about confide are answered as such either way).
    public static func of(_ message: String, isFirst: Bool) -> (kind: Kind, text: String)? {
        guard let kind = kind(of: message), isFirst || kind != .vague else { return nil }
        return (kind, text(kind))
    }

    public static func text(_ kind: Kind) -> String {
        switch kind {
        case .greeting:
            return "Hello. You can ask about desire, rejection or intimacy here, in your own words. It can help to say what happened, what your partner said or did, and how it left you feeling."
        case .thanks:
            return "You're welcome. If something else is on your mind, ask it here in your own words."
        case .aboutConfide:
            return "No, this is not a person. confide finds the passages of a couples therapist's articles that fit what you ask, on this machine. Tell it what happened, in your own words, and it will show you what the articles say."
        case .vague:
            return "That sounds like a hard place to be. Could you say a little more about what is going on? For example what happened, what your partner said or did, and how it left you feeling. The more you say in your own words, the easier it is to find the passages that fit."
        }
    }
}

extension Companion {
    /// Answers a message, or invites the person to say more when it holds nothing yet to look
    /// for. A sign of crisis or coercion is never met with an invitation: the answer, with its
    /// notice, comes instead.
    public func reply(to message: String, following previous: String?, skipping shown: Set<Int64> = []) throws -> Answer {
        if let invitation = Invitation.of(message, isFirst: previous == nil), safetyNotice(for: message) == nil {
            var answer = Answer(question: message, fallback: invitation.text)
            answer.invitation = invitation.kind
            answer.fallbackReason = .invitation
            return answer
        }
        return try answer(message, following: previous, skipping: shown)
    }
}
