import ConfideKit

/// The list of articles, numbered as `read N` and `/read N` take them.
struct ArticleListView {
    var terminal: Terminal

    func render(_ articles: [ArticleSummary], readHint: String) -> String {
        guard !articles.isEmpty else { return "The knowledge folder holds no articles yet.\n" }
        let style = terminal.style
        var out = ""
        for (offset, article) in articles.enumerated() {
            // The title line wraps too: at 60 columns a long title and its slug would break
            // mid-word. When they do not fit on one line, the slug goes on its own.
            let number = style.number("\(offset + 1).") + " "
            let line = number + style.bold(article.title) + "  " + style.dim(article.slug)
            if TextWrap.visibleWidth(line) <= terminal.readingWidth {
                out += line + "\n"
            } else {
                out += TextWrap.wrap(style.bold(article.title), width: terminal.readingWidth, indent: "   ", firstIndent: number) + "\n   " + style.dim(article.slug) + "\n"
            }
            if let summary = article.summary {
                out += TextWrap.wrap(summary, width: terminal.readingWidth, indent: "   ") + "\n"
            }
        }
        return out + "\n" + TextWrap.wrap(style.dim(readHint), width: terminal.readingWidth) + "\n"
    }
}
