import ConfideKit

/// The list of articles, numbered as `read N` and `/read N` take them.
struct ArticleListView {
    var terminal: Terminal

    func render(_ articles: [ArticleSummary], readHint: String) -> String {
        guard !articles.isEmpty else { return "The knowledge folder holds no articles yet.\n" }
        let style = terminal.style
        var out = ""
        for (offset, article) in articles.enumerated() {
            out += style.number("\(offset + 1).") + " " + style.bold(article.title) + "  " + style.dim(article.slug) + "\n"
            if let summary = article.summary {
                out += TextWrap.wrap(summary, width: terminal.readingWidth, indent: "   ") + "\n"
            }
        }
        return out + "\n" + style.dim(readHint) + "\n"
    }
}
