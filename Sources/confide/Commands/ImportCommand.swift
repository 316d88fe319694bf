import ConfideKit

#if canImport(Glibc)
import Glibc
#endif

struct ImportCommand: Command {
    static let spec = CommandSpec(
        name: "import",
        abstract: "Turn articles in the practice's plain-text format into knowledge articles.",
        arguments: [ArgumentSpec(name: "FILE", help: "A plain-text article (- reads standard input).", isRepeating: true)],
        options: [
            .value("title", "TITLE", "The article's title (default: the file's first line when it reads as a title, else the file name). Importing the same text again with another title replaces the earlier article."),
            .value("slug", "SLUG", "The article's slug (default: made from the title)."),
            .flag("force", "Replace an existing article with the same slug."),
        ],
        discussion: "The format: one paragraph per line; short lines without closing punctuation are headings; a line in double quotes is a pull quote; a 'Frequently Asked Questions' line starts the FAQ, where each line ending in '?' is a question followed by its answer; 'Related reading: A \u{00B7} B' lists related articles, matched to existing ones by title."
    )

    var files: [String]
    var title: String?
    var slug: String?
    var force: Bool

    init(_ arguments: ParsedArguments) throws(UsageError) {
        files = arguments.positionals
        title = arguments.value("title")
        slug = arguments.value("slug")
        force = arguments.has("force")
        if files.count > 1 && (title != nil || slug != nil) {
            throw UsageError(message: "--title and --slug name one article; import one FILE at a time with them", command: "import")
        }
        if files.contains("-") && title == nil {
            throw UsageError(message: "reading standard input, give the article a name: --title TITLE", command: "import")
        }
        if let slug, !Slug.isValid(slug) {
            throw UsageError(message: "--slug '\(slug.prefix(40))' must be lower-case letters, digits and single hyphens, like '\(Slug.make(from: slug))'", command: "import")
        }
    }

    func run(_ context: Context) throws -> Int32 {
        let locations = try context.locations()
        if let missing = locations.missingKnowledge { throw CommandFailure(missing.description) }
        // The installed folder belongs to the installation: a reinstall replaces it and it is
        // often not yours to write. A practice's articles go in a folder of its own, unless the
        // person names the installed folder on purpose.
        if locations.knowledgeSource == .installed {
            throw CommandFailure("the knowledge folder in use is the installed one (\(locations.knowledge)), which a reinstall replaces; keep your practice's articles in a folder of your own: confide --knowledge DIR import FILE (DIR can start as a copy of this one), or name this folder with --knowledge to write there anyway")
        }
        let folder = KnowledgeFolder(path: locations.knowledge)
        guard FileSystem.isDirectory(folder.path) else {
            throw CommandFailure("the knowledge folder \(folder.path) does not exist; make it first (mkdir -p '\(folder.path)'), or name another with --knowledge DIR")
        }
        Output.line("Importing into the knowledge folder \(folder.path)")
        var failures = 0
        for file in files {
            do {
                try importOne(file, into: folder)
            } catch let failure as CommandFailure {
                Output.error("confide: \(failure.description)")
                failures += 1
            }
        }
        // The index picks the new articles up now, so the next question sees them.
        if failures < files.count { _ = try context.index() }
        return failures == 0 ? 0 : 1
    }

    /// Where the title came from, said in the message.
    enum TitleSource {
        case option, titleLine, fileName
    }

    private func importOne(_ file: String, into folder: KnowledgeFolder) throws {
        let bytes: [UInt8]
        do {
            bytes = file == "-" ? try FileSystem.readAll(descriptor: STDIN_FILENO) : try FileSystem.readBytes(file)
        } catch {
            throw CommandFailure("cannot read \(error)")
        }
        // Text that could drive a terminal is refused, not imported and shown later.
        let shownFile = file == "-" ? "<stdin>" : file
        if let problem = ControlCharacters.problems(in: String(decoding: bytes, as: UTF8.self), file: shownFile).first {
            throw CommandFailure("\(problem); nothing was imported")
        }
        // --title when given; else the file's own title line; else the file name (a guess).
        let titleLine = PlainTextImporter.titleLine(in: bytes)
        let source: TitleSource = self.title != nil ? .option : titleLine != nil ? .titleLine : .fileName
        let title = self.title ?? titleLine?.text ?? PlainTextImporter.title(fromFileName: file)
        if let scalar = ControlCharacters.first(in: title) {
            throw CommandFailure("the title holds a control character (\(ControlCharacters.name(scalar))), which could drive a reader's terminal; give another with --title")
        }
        let slug = self.slug ?? Slug.make(from: title)
        guard !slug.isEmpty else { throw CommandFailure("cannot make a slug from the title '\(title.prefix(40))'; give one with --slug") }
        let existing = ((try? folder.loadAll()) ?? []).compactMap(\.article)
        let target = slug + ".md"
        let result: PlainTextImporter.Result
        do {
            result = try PlainTextImporter().importArticle(
                bytes: bytes, file: file == "-" ? "<stdin>" : file, title: title, slug: slug,
                knownArticles: existing.filter { $0.slug != slug }.map { ($0.slug, $0.title) },
                skippingTitleLine: titleLine != nil
            )
        } catch {
            throw CommandFailure(error.description)
        }
        // The same text imported before (under another title or slug) is that article, now
        // renamed: it is replaced, never doubled, or every answer would cite it twice.
        let texts = result.article.passages.map(\.text)
        let earlier = existing.first { $0.passages.map(\.text) == texts }
        if let earlier, earlier.slug == slug, !force {
            throw CommandFailure("\(file == "-" ? "standard input" : file) is already imported, with the same text, as \(folder.fullPath(earlier.file)); nothing was written (--force writes it again)")
        }
        let taken = existing.contains { $0.slug == slug && $0.slug != earlier?.slug } || (FileSystem.exists(folder.fullPath(target)) && earlier?.slug != slug)
        if taken && !force {
            throw CommandFailure("an article with the slug '\(slug)' already exists (\(folder.fullPath(target))); use --force to replace it, or --slug to choose another")
        }
        let markdown = ArticleWriter.markdown(result.article)
        // What is written must read back as a valid article.
        do {
            _ = try ArticleParser().parse(text: markdown, file: target)
        } catch {
            throw CommandFailure("the imported article would not be valid (\(error.message)); nothing was written")
        }
        for note in result.notes { Output.error("confide: \(note)") }
        let path = folder.fullPath(target)
        do {
            // Whole or not at all, and onto the name itself: a link there is replaced, never
            // written through, and no other file's mode is touched.
            try FileSystem.writeAtomically(Array(markdown.utf8), to: path, mode: 0o644, replace: force || earlier?.slug == slug)
        } catch {
            throw CommandFailure("cannot write \(error)")
        }
        var replaced = ""
        if let earlier, earlier.slug != slug {
            _ = FileSystem.remove(folder.fullPath(earlier.file))
            replaced = " It replaces \(earlier.file) (\"\(earlier.title)\"), the same text imported before."
        }
        let sections = result.article.sections.filter { $0.heading != nil && !$0.isFAQ }.count
        let questions = Set(result.article.passages.compactMap(\.question)).count
        let related = result.article.related.map { link -> String in
            if case .slug(let slug) = link { return slug }
            return "\"\(link)\" (no such article yet)"
        }
        let from: String
        switch source {
        case .option: from = "from --title"
        case .titleLine: from = "from its first line"
        case .fileName: from = "guessed from the file name; give the real one with --title \"...\" and import it again"
        }
        Output.line("Imported \(file == "-" ? "standard input" : file) as \(path)")
        Output.line("  title: \(title) (\(from))")
        Output.line("  \(sections) section\(sections == 1 ? "" : "s"), \(questions) FAQ entr\(questions == 1 ? "y" : "ies")\(related.isEmpty ? "" : "; related: " + related.joined(separator: ", ")).\(replaced)")
        if questions > 0 {
            Output.line("  To help people find its answers, add an asks comment under each FAQ answer with the other ways someone might ask (see the knowledge folder's README).")
        }
    }
}
