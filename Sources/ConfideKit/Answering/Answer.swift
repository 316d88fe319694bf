/// What confide answers to one question: the safety notice first when there is one, then the
/// cited excerpts, the related reading, or an honest fallback.
public struct Answer: Sendable {
    public var question: String
    public var conversation: Int64?
    public var safety: SafetyNotice?
    public var citations: [Citation]
    public var related: [RelatedReading]
    public var fallback: String?
    /// The stems of the question's words, for highlighting them in excerpts.
    public var highlightStems: Set<String>
    /// The previous question, when this one was a follow-up read together with it.
    public var readWith: String? = nil
    /// Why there are no citations, for scripts (`fallback_reason` in the JSON); nil with citations.
    public var fallbackReason: FallbackReason? = nil
    /// Set when the message called for an invitation to say more rather than a search.
    public var invitation: Invitation.Kind? = nil

    public enum FallbackReason: String, Sendable {
        /// Nothing to look for yet: the person was invited to say more.
        case invitation
        /// The articles hold nothing that answers it well enough.
        case noMatch = "no-match"
        /// "more" after every fitting passage was shown.
        case exhausted
        /// After a full safety notice, the articles step back.
        case afterNotice = "after-notice"
        /// The knowledge folder holds no articles.
        case noArticles = "no-articles"
    }

    public init(question: String, conversation: Int64? = nil, safety: SafetyNotice? = nil, citations: [Citation] = [], related: [RelatedReading] = [], fallback: String? = nil, highlightStems: Set<String> = []) {
        self.question = question
        self.conversation = conversation
        self.safety = safety
        self.citations = citations
        self.related = related
        self.fallback = fallback
        self.highlightStems = highlightStems
    }
}

public struct Citation: Sendable {
    public var number: Int
    public var article: String
    public var slug: String
    public var section: String?
    public var question: String?
    public var excerpt: String
    /// `file:line`, relative to the knowledge folder.
    public var source: String
    public var score: Double
    public var passageID: Int64

    /// "Article › Section" or "Article › FAQ question".
    public var label: String {
        if let question { return "\(article) \u{203A} \(question)" }
        if let section { return "\(article) \u{203A} \(section)" }
        return article
    }
}

public struct RelatedReading: Sendable, Equatable {
    public var title: String
    /// nil when no article of that title exists yet.
    public var slug: String?
}

/// A notice shown before anything else when a question shows signs of crisis or coercion.
public struct SafetyNotice: Sendable, Equatable {
    public enum Kind: String, Sendable { case crisis, coercion }
    public struct Resource: Sendable, Equatable {
        public var name: String
        public var contact: String
    }
    /// A full notice comes before anything else; a footer is a short, calm line of resources
    /// after the answer, for a sign that is possible but uncertain.
    public enum Level: String, Sendable { case notice, footer }
    public var kind: Kind
    public var message: String
    public var resources: [Resource]
    public var level: Level = .notice

    public init(kind: Kind, message: String, resources: [Resource], level: Level = .notice) {
        self.kind = kind
        self.message = message
        self.resources = resources
        self.level = level
    }
}
