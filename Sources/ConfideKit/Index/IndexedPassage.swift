/// A passage as stored in the index, with its place in the knowledge folder.
public struct IndexedPassage: Sendable, Equatable {
    public var id: Int64
    public var slug: String
    public var file: String
    public var line: Int
    public var ordinal: Int
    public var kind: Passage.Kind
    public var title: String
    public var section: String?
    public var question: String?
    public var body: String
    /// Other ways of asking for this passage (never shown).
    public var asks: [String] = []
    /// FTS5's bm25 for the query that found it (lower is better; 0 when not from a search).
    public var bm25: Double

    /// `file:line`, relative to the knowledge folder.
    public var source: String { "\(file):\(line)" }
}

/// An article as the index lists it.
public struct ArticleSummary: Sendable, Equatable {
    public var slug: String
    public var title: String
    public var summary: String?
    public var file: String
    public var related: [RelatedLink]
    /// The headings in order: `## ` sections at level 2, `### ` sub-sections at level 3.
    public var outline: [OutlineEntry]
    /// The safety notice this article is meant to follow (`after:` in its front matter).
    public var after: SafetyNotice.Kind? = nil

    /// Every heading, in order.
    public var sections: [String] { outline.map(\.heading) }
}

public struct OutlineEntry: Sendable, Equatable {
    public var level: Int
    public var heading: String
}

/// What one refresh of the index did.
public struct IndexChanges: Sendable, Equatable {
    public var added: [String] = []
    public var updated: [String] = []
    public var removed: [String] = []
    public var unchanged = 0
    public var rebuiltFromScratch = false

    public init(added: [String] = [], updated: [String] = [], removed: [String] = [], unchanged: Int = 0, rebuiltFromScratch: Bool = false) {
        self.added = added
        self.updated = updated
        self.removed = removed
        self.unchanged = unchanged
        self.rebuiltFromScratch = rebuiltFromScratch
    }

    public var isEmpty: Bool { added.isEmpty && updated.isEmpty && removed.isEmpty }
}
