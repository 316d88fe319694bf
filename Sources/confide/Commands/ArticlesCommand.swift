import ConfideKit

struct ArticlesCommand: Command {
    static let spec = CommandSpec(
        name: "articles",
        abstract: "List the articles, with a one-line summary each.",
        options: [.flag("json", "Print a JSON array: slug, title, summary, file, sections, related (slugs) and related_reading ({title, slug}).")]
    )

    var json: Bool

    init(_ arguments: ParsedArguments) throws(UsageError) {
        json = arguments.has("json")
    }

    func run(_ context: Context) throws -> Int32 {
        let index = try context.index()
        let articles = try index.articles()
        if json {
            Output.line(JSON.array(try articles.map { article in
                .object([
                    ("slug", .string(article.slug)),
                    ("title", .string(article.title)),
                    ("summary", .optional(article.summary)),
                    ("file", .string(article.file)),
                    ("sections", .array(article.sections.map(JSON.string))),
                    ("related", .array(try context.companion().relatedReading(of: article.slug).compactMap { $0.slug.map(JSON.string) })),
                    ("related_reading", .array(try context.companion().relatedReading(of: article.slug).map {
                        .object([("title", .string($0.title)), ("slug", .optional($0.slug))])
                    })),
                ])
            }).encoded())
            return 0
        }
        Output.out(ArticleListView(terminal: context.terminal).render(articles, readHint: "Read one with: confide read SLUG (or its number)"))
        return 0
    }
}
