extension Answer {
    /// An answer read back from its `ask --json` shape (as the history keeps it).
    public init?(json: JSON) {
        guard let question = json["question"]?.stringValue else { return nil }
        self.question = question
        conversation = json["conversation"]?.intValue
        fallback = json["fallback"]?.stringValue
        highlightStems = Set(QueryPlan(question: question).stems)
        related = (json["related"]?.arrayValue ?? []).map { RelatedReading(title: $0["title"]?.stringValue ?? "", slug: $0["slug"]?.stringValue) }
        citations = (json["citations"]?.arrayValue ?? []).map { item in
            Citation(
                number: Int(item["n"]?.intValue ?? 0), article: item["article"]?.stringValue ?? "", slug: item["slug"]?.stringValue ?? "",
                section: item["section"]?.stringValue, question: item["faq"]?.stringValue, excerpt: item["excerpt"]?.stringValue ?? "",
                source: item["source"]?.stringValue ?? "", score: item["score"].flatMap { if case .number(let value) = $0 { value } else { $0.intValue.map(Double.init) } } ?? 0,
                passageID: 0
            )
        }
        if let notice = json["safety"], notice != .null, let kind = notice["kind"]?.stringValue.flatMap(SafetyNotice.Kind.init(rawValue:)) {
            safety = SafetyNotice(kind: kind, message: notice["message"]?.stringValue ?? "", resources: (notice["resources"]?.arrayValue ?? []).map {
                SafetyNotice.Resource(name: $0["name"]?.stringValue ?? "", contact: $0["contact"]?.stringValue ?? "")
            }, level: notice["level"]?.stringValue.flatMap(SafetyNotice.Level.init(rawValue:)) ?? .notice)
        } else {
            safety = nil
        }
    }
}
