import ConfideKit

struct ReadCommand: Command {
    static let spec = CommandSpec(
        name: "read",
        abstract: "Read an article, or one of its sections.",
        arguments: [
            ArgumentSpec(name: "SLUG|N", help: "The article's slug or its number in `confide articles`."),
            ArgumentSpec(name: "SECTION", help: "A section's number or the start of its heading.", isOptional: true),
        ]
    )

    var article: String
    var section: String?

    init(_ arguments: ParsedArguments) throws(UsageError) {
        article = arguments.positionals[0]
        section = arguments.positionals.count > 1 ? arguments.positionals[1] : nil
    }

    func run(_ context: Context) throws -> Int32 {
        let index = try context.index()
        let reader = ArticleReader(index: index)
        let summary = try reader.find(article)
        let text = try ArticleText(terminal: context.terminal).render(summary, index: index, section: section, related: try context.companion().relatedReading(of: summary.slug))
        Output.out(text)
        return 0
    }
}

/// Finds an article by slug, number or a close slug.
struct ArticleReader {
    let index: KnowledgeIndex

    func find(_ reference: String) throws -> ArticleSummary {
        let articles = try index.articles()
        if let number = Int(reference), number >= 1, number <= articles.count {
            return articles[number - 1]
        }
        if let exact = articles.first(where: { $0.slug == reference.lowercased() }) { return exact }
        let prefixed = articles.filter { $0.slug.hasPrefix(reference.lowercased()) }
        if prefixed.count == 1 { return prefixed[0] }
        let close = articles.min { EditDistance.between($0.slug, reference, limit: 4) < EditDistance.between($1.slug, reference, limit: 4) }
        var message = "no article '\(reference.prefix(60))'"
        if let close, EditDistance.between(close.slug, reference, limit: 4) <= 3 {
            message += "; did you mean '\(close.slug)'?"
        } else {
            message += " (articles: \(articles.map(\.slug).joined(separator: ", ")))"
        }
        throw CommandFailure(message)
    }
}

/// An article laid out for reading: title, summary, then its sections in order.
struct ArticleText {
    let terminal: Terminal
    /// Where it is read, so that the related reading names a command that works there.
    var place: AnswerRenderer.Place = .shell

    func render(_ article: ArticleSummary, index: KnowledgeIndex, section wanted: String?, related: [RelatedReading]) throws -> String {
        let style = terminal.style
        let width = terminal.readingWidth
        let passages = try index.passages(ofArticle: article.slug)

        // The outline decides the order and what a section number means: `## ` sections are
        // numbered, and a `### ` sub-section belongs to the section above it.
        var groups: [(entry: OutlineEntry?, number: Int?, passages: [IndexedPassage])] = [(nil, nil, passages.filter { $0.section == nil })]
        var number = 0
        for entry in article.outline {
            if entry.level == 2 { number += 1 }
            groups.append((entry, entry.level == 2 ? number : nil, passages.filter { $0.section == entry.heading }))
        }
        if let wanted {
            let topLevel = groups.filter { $0.number != nil }
            let start: Int?
            if let chosen = Int(wanted) {
                start = groups.firstIndex { $0.number == chosen }
            } else {
                let lowered = wanted.lowercased()
                start = groups.firstIndex { $0.number != nil && $0.entry!.heading.lowercased().hasPrefix(lowered) }
                    ?? groups.firstIndex { $0.number != nil && $0.entry!.heading.lowercased().contains(lowered) }
            }
            guard let start else {
                let list = topLevel.map { "\($0.number!). \($0.entry!.heading)" }.joined(separator: "; ")
                throw CommandFailure("'\(article.slug)' has no section '\(wanted.prefix(60))' (sections: \(list))")
            }
            let end = groups[(start + 1)...].firstIndex { $0.number != nil } ?? groups.endIndex
            groups = Array(groups[start..<end])
        }

        var out = style.bold(article.title) + "\n"
        if wanted == nil, let summary = article.summary {
            out += TextWrap.wrap(style.dim(summary), width: width) + "\n"
        }
        for group in groups where group.entry != nil || !group.passages.isEmpty {
            if !out.hasSuffix("\n\n") { out += "\n" }
            if let entry = group.entry {
                if let number = group.number {
                    out += style.heading("\(number). \(entry.heading)") + "\n\n"
                } else {
                    out += style.bold(entry.heading) + "\n\n"
                }
            }
            var lastQuestion: String?
            for passage in group.passages {
                if let question = passage.question, question != lastQuestion {
                    out += TextWrap.wrap(style.bold(question), width: width) + "\n"
                    lastQuestion = question
                }
                switch passage.kind {
                case .quote:
                    out += TextWrap.wrap(passage.body, width: width, indent: "  \u{2502} ") + "\n\n"
                case .callout:
                    out += TextWrap.wrap(style.bold("Note: ") + passage.body, width: width, indent: "  ") + "\n\n"
                case .list:
                    out += passage.body.split(separator: "\n").map { TextWrap.wrap(String($0), width: width, indent: "    ", firstIndent: "  ") }.joined(separator: "\n") + "\n\n"
                default:
                    out += TextWrap.wrap(passage.body, width: width) + "\n\n"
                }
            }
        }
        if wanted == nil, !related.isEmpty {
            out += style.bold("Related reading") + "\n"
            for (offset, item) in related.enumerated() {
                let command = place == .shell ? item.slug.map { "confide read \($0)" } : item.slug.map { _ in "/related \(offset + 1)" }
                out += TextWrap.wrap(item.title + (command.map { "  " + style.dim($0) } ?? ""), width: width, indent: "    ", firstIndent: "  \u{2022} ") + "\n"
            }
        }
        return out
    }
}
