/// Reads the Markdown article format documented in `Knowledge/README.md`.
public struct ArticleParser {
    public static let faqHeading = "Frequently Asked Questions"
    static let frontMatterKeys: Set<String> = ["title", "slug", "summary", "related", "after"]

    /// The parsed article and the non-fatal problems found in it.
    public struct Result: Sendable {
        public var article: Article
        public var warnings: [KnowledgeProblem]
    }

    public init() {}

    /// Parses raw file bytes (any encoding problems are reported, not fatal).
    public func parse(bytes: [UInt8], file: String) throws(KnowledgeProblem) -> Result {
        var warnings: [KnowledgeProblem] = []
        if String(validating: bytes, as: UTF8.self) == nil {
            warnings.append(KnowledgeProblem(file: file, line: 1, message: "the file is not valid UTF-8; invalid bytes were replaced", isFatal: false))
        }
        var result = try parse(text: String(decoding: bytes, as: UTF8.self), file: file)
        result.warnings.insert(contentsOf: warnings, at: 0)
        return result
    }

    public func parse(text: String, file: String) throws(KnowledgeProblem) -> Result {
        var lines = TextLines.split(text)
        func problem(_ line: Int, _ message: String) -> KnowledgeProblem {
            KnowledgeProblem(file: file, line: line, message: message)
        }
        guard lines.contains(where: { !$0.isBlank }) else { throw problem(1, "the file is empty") }
        guard lines.first?.trimmed == "---" else {
            throw problem(1, "expected front matter: a first line '---', then 'title:', 'slug:' (and optionally 'summary:', 'related:'), then '---'")
        }

        // Front matter.
        var fields: [String: (value: String, line: Int)] = [:]
        var closingIndex: Int?
        for index in 1..<lines.count {
            let line = lines[index]
            if line.trimmed == "---" { closingIndex = index; break }
            if line.isBlank || line.trimmed.hasPrefix("#") { continue }
            guard let colon = line.text.firstIndex(of: ":") else {
                throw problem(line.number, "expected 'key: value' in the front matter, found '\(line.trimmed.prefix(40))'")
            }
            let key = line.text[..<colon].trimmingWhitespace.lowercased()
            let value = line.text[line.text.index(after: colon)...].trimmingWhitespace
            guard Self.frontMatterKeys.contains(key) else {
                throw problem(line.number, "unknown front matter key '\(key)' (expected one of: title, slug, summary, related, after)")
            }
            guard fields[key] == nil else { throw problem(line.number, "'\(key)' is given twice") }
            fields[key] = (value, line.number)
        }
        guard let closingIndex else { throw problem(1, "the front matter that starts here is never closed with '---'") }
        guard let title = fields["title"], !title.value.isEmpty else { throw problem(1, "the front matter has no 'title:'") }
        guard let slug = fields["slug"], !slug.value.isEmpty else { throw problem(1, "the front matter has no 'slug:'") }
        guard Slug.isValid(slug.value) else {
            throw problem(slug.line, "slug '\(slug.value)' must be lower-case letters, digits and single hyphens, like '\(Slug.make(from: slug.value).isEmpty ? "my-article" : Slug.make(from: slug.value))'")
        }
        let related = (fields["related"]?.value ?? "")
            .split(separator: ",")
            .map { $0.trimmingWhitespace }
            .filter { !$0.isEmpty }
            .map(RelatedLink.init(parsing:))
        let summary = fields["summary"].map(\.value).flatMap { $0.isEmpty ? nil : $0 }
        var after: SafetyNotice.Kind?
        if let field = fields["after"] {
            guard let kind = SafetyNotice.Kind(rawValue: field.value.lowercased()) else {
                throw problem(field.line, "after is 'coercion' or 'crisis' (the safety notice this article is meant to follow), not '\(field.value.prefix(30))'")
            }
            after = kind
        }

        lines.removeFirst(closingIndex + 1)
        var body = BodyReader(file: file)
        for line in lines { try body.read(line) }
        try body.finish()

        var article = Article(slug: slug.value, title: title.value, summary: summary, related: related, file: file, sections: body.sections)
        article.after = after
        return Result(article: article, warnings: body.warnings)
    }
}

/// The body after the front matter: headings, paragraphs, quotes, callouts, FAQ entries.
private struct BodyReader {
    let file: String
    var sections: [Section] = []
    var warnings: [KnowledgeProblem] = []
    private var current = Section(heading: nil, line: 1, isFAQ: false, passages: [])
    private var sectionIsIntroduction = true
    private var inFAQ = false
    private var question: (text: String, line: Int)?
    private var questionAnswered = false
    private var paragraph: [String] = []
    private var paragraphLine = 0
    private var paragraphKind = Passage.Kind.paragraph
    /// Inside a run of `>` lines (which may open with a `[!NOTE]` line that holds no text).
    private var quoteOpen = false
    /// Inside an HTML comment: its first line, and whether it is an `asks` block.
    private var comment: (line: Int, isAsks: Bool)?

    init(file: String) { self.file = file }

    mutating func read(_ line: TextLine) throws(KnowledgeProblem) {
        let text = line.trimmed
        if comment != nil || text.hasPrefix("<!--") {
            try readComment(text, line: line.number)
            return
        }
        if text.isEmpty { flushParagraph(); return }
        if text.hasPrefix("#") {
            flushParagraph()
            try heading(text, line: line.number)
            return
        }
        let isQuoteLine = text.hasPrefix(">")
        if isQuoteLine {
            var content = text.dropFirst().trimmingWhitespace
            if !paragraph.isEmpty, !quoteOpen { flushParagraph() }
            if !quoteOpen {
                quoteOpen = true
                paragraphLine = line.number
                paragraphKind = .quote
                if content.uppercased().hasPrefix("[!NOTE]") || content.uppercased().hasPrefix("[!TIP]") || content.uppercased().hasPrefix("[!IMPORTANT]") {
                    paragraphKind = .callout
                    content = String(content[content.index(after: content.firstIndex(of: "]")!)...]).trimmingWhitespace
                }
            }
            if !content.isEmpty { paragraph.append(content) }
            return
        }
        if quoteOpen { flushParagraph() }
        // A leading backslash makes a line plain text, whatever it starts with ("\# 1 fear").
        let escaped = text.hasPrefix("\\")
        let content = escaped ? String(text.dropFirst()) : text
        if paragraph.isEmpty {
            paragraphLine = line.number
            paragraphKind = !escaped && (text.hasPrefix("- ") || text.hasPrefix("* ")) ? .list : .paragraph
        }
        paragraph.append(content)
    }

    mutating func heading(_ text: String, line: Int) throws(KnowledgeProblem) {
        let level = text.prefix(while: { $0 == "#" }).count
        let title = text.dropFirst(level).trimmingWhitespace
        guard level == 2 || level == 3, text.dropFirst(level).first == " " || title.isEmpty else {
            if level == 1 {
                throw KnowledgeProblem(file: file, line: line, message: "a '# ' heading is not part of the format: the title comes from the front matter; sections start with '## '")
            }
            throw KnowledgeProblem(file: file, line: line, message: "headings are '## Section' or '### Question?' (found '\(text.prefix(40))')")
        }
        guard !title.isEmpty else {
            throw KnowledgeProblem(file: file, line: line, message: "this heading has no text")
        }
        if level == 2 {
            try finishQuestion()
            closeSection()
            inFAQ = title.lowercased() == ArticleParser.faqHeading.lowercased()
            current = Section(heading: title, line: line, isFAQ: inFAQ, passages: [])
            sectionIsIntroduction = false
        } else if inFAQ {
            try finishQuestion()
            question = (title, line)
            questionAnswered = false
        } else {
            // A `## ` heading that opens straight onto sub-sections is their parent, not empty.
            let isParent = current.passages.isEmpty && current.level == 2 && !sectionIsIntroduction && paragraph.isEmpty
            if isParent {
                sections.append(current)
            } else {
                closeSection()
            }
            current = Section(heading: title, line: line, isFAQ: false, passages: [], level: 3)
            sectionIsIntroduction = false
        }
    }

    mutating func flushParagraph() {
        quoteOpen = false
        guard !paragraph.isEmpty else { return }
        let text = paragraph.joined(separator: paragraphKind == .list ? "\n" : " ")
        paragraph.removeAll()
        var kind = paragraphKind
        if question != nil {
            questionAnswered = true
            if kind == .paragraph { kind = .answer }
        }
        current.passages.append(Passage(kind: kind, text: text, line: paragraphLine, section: current.heading, question: question?.text))
    }

    /// An HTML comment is the authors' own note and is skipped, except an `asks` block: one
    /// way of asking a line, attached to the passage just before it.
    mutating func readComment(_ text: String, line: Int) throws(KnowledgeProblem) {
        var content = Substring(text)
        if comment == nil {
            flushParagraph()
            content = content.dropFirst(4)
            let opening = content.trimmingWhitespace.lowercased()
            let isAsks = opening == "asks" || opening.hasPrefix("asks:") || opening.hasPrefix("asks ")
            if isAsks {
                guard !current.passages.isEmpty else {
                    throw KnowledgeProblem(file: file, line: line, message: "an 'asks' comment belongs right after the paragraph it asks for, and no paragraph comes before it here")
                }
                content = content.drop(while: { $0 == " " || $0 == "\t" }).dropFirst(4)
                if content.first == ":" { content = content.dropFirst() }
            }
            comment = (line, isAsks)
        }
        var closes = false
        if let end = content.range(of: "-->") {
            content = content[..<end.lowerBound]
            closes = true
        }
        if comment!.isAsks {
            let ask = content.trimmingWhitespace
            if !ask.isEmpty { current.passages[current.passages.count - 1].asks.append(ask) }
        }
        if closes { comment = nil }
    }

    mutating func finishQuestion() throws(KnowledgeProblem) {
        flushParagraph()
        if let question, !questionAnswered {
            throw KnowledgeProblem(file: file, line: question.line, message: "the FAQ question '\(question.text.prefix(60))' has no answer: write at least one paragraph under it")
        }
        question = nil
    }

    mutating func closeSection() {
        flushParagraph()
        if !current.passages.isEmpty {
            sections.append(current)
        } else if !sectionIsIntroduction {
            warnings.append(KnowledgeProblem(file: file, line: current.line, message: "the section '\(current.heading ?? "")' is empty", isFatal: false))
        }
    }

    mutating func finish() throws(KnowledgeProblem) {
        if let comment {
            throw KnowledgeProblem(file: file, line: comment.line, message: "the comment that starts here is never closed with '-->'")
        }
        try finishQuestion()
        closeSection()
        if sections.isEmpty {
            throw KnowledgeProblem(file: file, line: 1, message: "the article has no paragraphs after its front matter")
        }
    }
}
