/// Writes an article in the Markdown format that `ArticleParser` reads.
public enum ArticleWriter {
    public static func markdown(_ article: Article) -> String {
        var out = "---\n"
        out += "title: \(oneLine(article.title))\n"
        out += "slug: \(article.slug)\n"
        if let summary = article.summary { out += "summary: \(oneLine(summary))\n" }
        if !article.related.isEmpty {
            out += "related: " + article.related.map { oneLine($0.description).replacingCommas }.joined(separator: ", ") + "\n"
        }
        if let after = article.after { out += "after: \(after.rawValue)\n" }
        out += "---\n"
        for section in article.sections {
            if let heading = section.heading {
                out += "\n" + String(repeating: "#", count: section.level == 3 ? 3 : 2) + " \(oneLine(heading))\n"
            }
            var question: String?
            for passage in section.passages {
                if let asked = passage.question, asked != question {
                    out += "\n### \(oneLine(asked))\n"
                    question = asked
                }
                out += "\n"
                switch passage.kind {
                case .quote:
                    out += "> " + oneLine(passage.text) + "\n"
                case .callout:
                    out += "> [!NOTE]\n> " + oneLine(passage.text) + "\n"
                case .list:
                    out += passage.text.split(separator: "\n").map { oneLine(String($0)) + "\n" }.joined()
                case .paragraph, .answer:
                    out += escapedParagraph(oneLine(passage.text)) + "\n"
                }
                if !passage.asks.isEmpty {
                    out += "<!-- asks:\n" + passage.asks.map { oneLine($0).replacingOccurrences("-->", "->") + "\n" }.joined() + "-->\n"
                }
            }
        }
        return out
    }

    static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).map { $0.trimmingWhitespace }.joined(separator: " ")
    }

    /// A paragraph that would read as Markdown structure gets the format's escape.
    static func escapedParagraph(_ text: String) -> String {
        let structural = ["#", ">", "- ", "* ", "---", "\\", "<!--"]
        return structural.contains(where: { text.hasPrefix($0) }) ? "\\" + text : text
    }
}

extension String {
    var replacingCommas: String { String(map { $0 == "," ? ";" : $0 }) }
}
