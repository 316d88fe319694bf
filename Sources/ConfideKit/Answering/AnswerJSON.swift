/// The `ask --json` contract, which scripts and the other commands rely on.
extension Answer {
    public var json: JSON {
        .object([
            ("question", .string(question)),
            ("conversation", .optional(conversation)),
            ("safety", safety?.json ?? .null),
            ("citations", .array(citations.map(\.json))),
            ("related", .array(related.map { .object([("title", .string($0.title)), ("slug", .optional($0.slug))]) })),
            ("fallback", .optional(fallback)),
            ("fallback_reason", .optional(fallbackReason?.rawValue)),
            ("read_with", .optional(readWith)),
        ])
    }
}

extension Citation {
    public var json: JSON {
        .object([
            ("n", .int(Int64(number))),
            ("article", .string(article)),
            ("slug", .string(slug)),
            ("section", .optional(section)),
            ("faq", .optional(question)),
            ("excerpt", .string(excerpt)),
            ("source", .string(source)),
            ("score", .number(score)),
        ])
    }
}

extension SafetyNotice {
    public var json: JSON {
        .object([
            ("kind", .string(kind.rawValue)),
            ("level", .string(level.rawValue)),
            ("message", .string(message)),
            ("resources", .array(resources.map { .object([("name", .string($0.name)), ("contact", .string($0.contact))]) })),
        ])
    }
}
