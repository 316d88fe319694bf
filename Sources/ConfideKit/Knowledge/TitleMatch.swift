/// Which article a related-reading title names. Titles match ignoring case, curly apostrophes
/// and punctuation. An article retitled in its own words still answers to a longer title that
/// holds its slug's words in order ("getting-sex-wrong" in "... Getting Sex Wrong"), when no
/// title matches outright and no other article's slug fits as well.
enum TitleMatch {
    static func words(_ text: String) -> [String] {
        Words.tokens(text.replacingOccurrences("\u{2019}", "'"))
    }

    static func sameTitle(_ a: String, _ b: String) -> Bool {
        words(a) == words(b)
    }

    /// The one article among `articles` (slug, title) that `title` names, or nil.
    static func slug(named title: String, among articles: [(slug: String, title: String)]) -> String? {
        let wanted = words(title)
        if let same = articles.first(where: { words($0.title) == wanted }) { return same.slug }
        let fitting = articles.filter { article in
            let slugWords = article.slug.split(separator: "-").map(String.init)
            guard !slugWords.isEmpty, slugWords.count <= wanted.count else { return false }
            return (0...(wanted.count - slugWords.count)).contains { Array(wanted[$0..<$0 + slugWords.count]) == slugWords }
        }
        return fitting.count == 1 ? fitting[0].slug : nil
    }
}
