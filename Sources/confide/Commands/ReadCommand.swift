import ConfideKit

struct ReadCommand: Command {
    static let spec = CommandSpec(
        name: "read",
        abstract: "Read an article, or one of its sections.",
        arguments: [
            ArgumentSpec(name: "SLUG", help: "The article's slug or its number in `confide articles`."),
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

    func render(_ article: ArticleSummary, index: KnowledgeIndex, section wanted: String?, related: [RelatedReading]) throws -> String {
        let style = terminal.style
        let width = terminal.readingWidth
        let passages = try index.passages(ofArticle: article.slug)

        // Group consecutive passages by heading; the introduction has none.
        var groups: [(heading: String?, passages: [IndexedPassage])] = []
        for passage in passages {
            if let last = groups.last, last.heading == passage.section {
                groups[groups.count - 1].passages.append(passage)
            } else {
                groups.append((passage.section, [passage]))
            }
        }
        let headed = groups.filter { $0.heading != nil }
        if let wanted {
            let match: (heading: String?, passages: [IndexedPassage])?
            if let number = Int(wanted) {
                match = number >= 1 && number <= headed.count ? headed[number - 1] : nil
            } else {
                match = headed.first { $0.heading!.lowercased().hasPrefix(wanted.lowercased()) }
                    ?? headed.first { $0.heading!.lowercased().contains(wanted.lowercased()) }
            }
            guard let match else {
                let list = headed.enumerated().map { "\($0.offset + 1). \($0.element.heading!)" }.joined(separator: "; ")
                throw CommandFailure("'\(article.slug)' has no section '\(wanted.prefix(60))' (sections: \(list))")
            }
            groups = [match]
        }

        var out = style.bold(article.title) + "\n"
        if wanted == nil, let summary = article.summary {
            out += TextWrap.wrap(style.dim(summary), width: width) + "\n"
        }
        for group in groups {
            out += "\n"
            if let heading = group.heading {
                let number = headed.firstIndex { $0.heading == heading }.map { "\($0 + 1). " } ?? ""
                out += style.heading(number + heading) + "\n\n"
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
            for item in related {
                out += "  \u{2022} " + item.title + (item.slug.map { "  " + style.dim("confide read \($0)") } ?? "") + "\n"
            }
        }
        return out
    }
}
