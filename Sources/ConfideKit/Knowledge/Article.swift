/// One article of the knowledge base, as parsed from its Markdown file.
public struct Article: Sendable, Equatable {
    public var slug: String
    public var title: String
    public var summary: String?
    public var related: [RelatedLink]
    /// The file's path relative to the knowledge folder.
    public var file: String
    public var sections: [Section]
    /// `after: coercion` (or `crisis`): the article is meant for someone the safety check has
    /// just shown that kind of help; after such a notice, only such articles are quoted.
    public var after: SafetyNotice.Kind? = nil

    /// Every passage of the article, in reading order.
    public var passages: [Passage] { sections.flatMap(\.passages) }
}

/// A `## ` section, a `### ` sub-section, or the introduction before the first heading.
public struct Section: Sendable, Equatable {
    /// nil for the introduction.
    public var heading: String?
    public var line: Int
    public var isFAQ: Bool
    public var passages: [Passage]
    /// 2 for a `## ` section (and the introduction), 3 for a `### ` sub-section.
    public var level: Int = 2
}

/// One paragraph: the unit the index stores and answers quote from.
public struct Passage: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case paragraph, quote, callout, list
        /// A paragraph of an FAQ entry's answer.
        case answer
    }

    public var kind: Kind
    public var text: String
    public var line: Int
    /// The heading the passage sits under (nil in the introduction).
    public var section: String?
    /// The FAQ question this passage answers, when it is part of an FAQ entry.
    public var question: String?
    /// Other ways a person might ask for this passage (an `<!-- asks ... -->` block after it):
    /// searched and ranked like the FAQ question, never shown.
    public var asks: [String] = []
}

/// A related-reading entry: the slug of another article, or the title of one not written yet.
public enum RelatedLink: Sendable, Equatable, CustomStringConvertible {
    case slug(String)
    case title(String)

    public init(parsing entry: String) {
        self = Slug.isValid(entry) ? .slug(entry) : .title(entry)
    }

    public var description: String {
        switch self {
        case .slug(let slug): return slug
        case .title(let title): return title
        }
    }
}

public enum Slug {
    /// Lower-case letters and digits in words joined by single hyphens.
    public static func isValid(_ text: String) -> Bool {
        guard !text.isEmpty, text.utf8.count <= 100 else { return false }
        var previousWasHyphen = true
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                previousWasHyphen = false
            case UInt8(ascii: "-"):
                if previousWasHyphen { return false }
                previousWasHyphen = true
            default:
                return false
            }
        }
        return !previousWasHyphen
    }

    /// A slug made from a title: "Couples Therapy" becomes "couples-therapy".
    public static func make(from title: String) -> String {
        var slug = ""
        var pendingHyphen = false
        for scalar in title.lowercased().unicodeScalars {
            if scalar == "'" || scalar == "\u{2019}" { continue }
            if scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)) {
                if pendingHyphen && !slug.isEmpty { slug.append("-") }
                slug.unicodeScalars.append(scalar)
                pendingHyphen = false
            } else {
                pendingHyphen = true
            }
        }
        return String(slug.prefix(80)).trimmingHyphens
    }
}

extension String {
    var trimmingHyphens: String {
        var result = Substring(self)
        while result.hasSuffix("-") { result = result.dropLast() }
        while result.hasPrefix("-") { result = result.dropFirst() }
        return String(result)
    }
}
