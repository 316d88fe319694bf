/// Reads an article in the practice's plain-text web export and turns it into an `Article`:
/// one paragraph per line; short lines without closing punctuation are headings; a line in
/// double quotes is a pull quote; a line about the practice's services is a callout, unless it
/// is marketing (booking, sessions offered), which is left out; a short line standing beside
/// it is a callout; "Frequently Asked Questions" starts the FAQ, where lines
/// ending in "?" are questions and the lines after them their answer; "Related reading: A · B"
/// closes the article.
public struct PlainTextImporter {
    public struct Result: Sendable {
        public var article: Article
        /// Things the person should know (a question left out, bytes replaced), as `file:line: message`.
        public var notes: [KnowledgeProblem]
    }

    public enum Failure: Error, CustomStringConvertible, Equatable {
        case empty(String)
        case notText(String)

        public var description: String {
            switch self {
            case .empty(let file): return "\(file) holds no text to import"
            case .notText(let file): return "\(file) does not look like text (it has NUL or many undecodable bytes)"
            }
        }
    }

    /// The longest line read as a heading.
    static let headingMaximumWords = 12

    public init() {}

    /// The file's first line, when it reads as the article's title: short, without closing
    /// punctuation, not a pull quote, and with more text after it.
    public static func titleLine(in bytes: [UInt8]) -> (text: String, line: Int)? {
        let lines = TextLines.split(String(decoding: bytes, as: UTF8.self))
            .map { (number: $0.number, text: $0.text.trimmingWhitespace) }
            .filter { !$0.text.isEmpty }
        guard lines.count > 1, let first = lines.first, isHeading(first.text) else { return nil }
        // A notice ("Copyright © 2023 by ... <list@example.org>") or an address is not a title.
        guard !first.text.contains(where: { "@<>\u{00A9}/".contains($0) }) else { return nil }
        // "Frequently Asked Questions" or "Related reading: ..." first is not a title.
        guard first.text.lowercased().trimmingCharacters(":") != "frequently asked questions", relatedTitles(first.text) == nil else { return nil }
        return (String(first.text), first.number)
    }

    /// - Parameter skippingTitleLine: the first line is the title (`titleLine(in:)`), not part
    ///   of the body.
    public func importArticle(bytes: [UInt8], file: String, title: String, slug: String, knownArticles: [(slug: String, title: String)], skippingTitleLine: Bool = false) throws(Failure) -> Result {
        var notes: [KnowledgeProblem] = []
        if bytes.contains(0) { throw .notText(file) }
        let text = String(decoding: bytes, as: UTF8.self)
        if String(validating: bytes, as: UTF8.self) == nil {
            let replaced = text.unicodeScalars.filter { $0 == "\u{FFFD}" }.count
            if replaced * 20 > max(text.unicodeScalars.count, 1) { throw .notText(file) }
            notes.append(KnowledgeProblem(file: file, line: 1, message: "some bytes were not UTF-8 and were replaced with \u{FFFD}", isFatal: false))
        }
        var lines = TextLines.split(text)
            .map { (number: $0.number, text: $0.text.trimmingWhitespace) }
            .filter { !$0.text.isEmpty }
        guard !lines.isEmpty else { throw .empty(file) }
        if skippingTitleLine, Self.titleLine(in: bytes) != nil { lines.removeFirst() }

        var sections: [Section] = [Section(heading: nil, line: 1, isFAQ: false, passages: [])]
        var related: [RelatedLink] = []
        var inFAQ = false
        var pendingQuestion: (text: String, line: Int)?
        var questionAnswered = false

        func add(_ kind: Passage.Kind, _ text: String, line: Int) {
            let section = sections[sections.count - 1]
            let question = inFAQ ? pendingQuestion?.text : nil
            if question != nil { questionAnswered = true }
            sections[sections.count - 1].passages.append(Passage(kind: question != nil && kind == .paragraph ? .answer : kind, text: text, line: line, section: section.heading, question: question))
        }
        func closeQuestion() {
            if let question = pendingQuestion, !questionAnswered {
                notes.append(KnowledgeProblem(file: file, line: question.line, message: "the FAQ question '\(question.text.prefix(60))' has no answer; it was left out", isFatal: false))
            }
            pendingQuestion = nil
            questionAnswered = false
        }

        for (offset, line) in lines.enumerated() {
            let text = line.text
            if let titles = Self.relatedTitles(text) {
                related += titles.map { title in
                    TitleMatch.slug(named: title, among: knownArticles).map { .slug($0) } ?? .title(title.replacingCommas)
                }
                continue
            }
            if text.lowercased().trimmingCharacters(":") == "frequently asked questions" {
                closeQuestion()
                inFAQ = true
                sections.append(Section(heading: ArticleParser.faqHeading, line: line.number, isFAQ: true, passages: []))
                continue
            }
            if inFAQ && text.hasSuffix("?") && Self.wordCount(text) <= 40 {
                closeQuestion()
                pendingQuestion = (text, line.number)
                continue
            }
            if Self.isPullQuote(text) {
                add(.quote, text, line: line.number)
            } else if Self.isMarketingLine(text) {
                // The practice's line about its sessions and the states it serves is marketing,
                // not advice: quoted as an answer, it would read as one. It is left out.
                notes.append(KnowledgeProblem(file: file, line: line.number, message: "the practice's line about its services ('\(text.prefix(40))…') was left out: it is not advice to quote", isFatal: false))
            } else if Self.isServicesLine(text) {
                add(.callout, text, line: line.number)
            } else if !inFAQ && Self.isHeading(text) && offset > 0 {
                sections.append(Section(heading: text, line: line.number, isFAQ: false, passages: []))
            } else if !inFAQ, Self.isCallout(text), let next = lines.dropFirst(offset + 1).first, Self.isServicesLine(next.text) {
                add(.callout, text, line: line.number)
            } else {
                add(.paragraph, text, line: line.number)
            }
        }
        closeQuestion()

        // A heading with nothing under it is not kept as a section: its text joins the next one.
        sections = sections.filter { !$0.passages.isEmpty }
        guard !sections.isEmpty else { throw .empty(file) }
        let article = Article(slug: slug, title: title, summary: Self.summary(from: sections), related: related, file: slug + ".md", sections: sections)
        return Result(article: article, notes: notes)
    }

    static func wordCount(_ text: String) -> Int { text.split(whereSeparator: \.isWhitespace).count }

    static func isHeading(_ text: String) -> Bool {
        guard let last = text.last, wordCount(text) <= headingMaximumWords, text.count <= 90 else { return false }
        return !".!?,;:\"\u{201D}'\u{2019})".contains(last) && !isPullQuote(text)
    }

    static func isPullQuote(_ text: String) -> Bool {
        guard text.count > 2, let first = text.first, let last = text.last else { return false }
        return (first == "\"" || first == "\u{201C}") && (last == "\"" || last == "\u{201D}")
    }

    /// The practice's line about what it offers: it speaks of sessions, therapy or its work.
    static func isServicesLine(_ text: String) -> Bool {
        let lowered = text.lowercased()
        let speaksOfWork = lowered.hasPrefix("i work with") || lowered.hasPrefix("we work with") || lowered.hasPrefix("i see ") || lowered.hasPrefix("we see ")
        return (speaksOfWork || lowered.contains("virtual sessions") || lowered.contains("book a session") || lowered.contains("schedule a consultation")) && wordCount(text) <= 50
    }

    /// The services line's marketing kind: how to book, where sessions are offered. Only
    /// these are left out; a line that only speaks of the work stays, as a callout.
    static func isMarketingLine(_ text: String) -> Bool {
        let lowered = text.lowercased()
        let offers = ["virtual sessions", "in-person sessions", "online sessions", "sessions across", "sessions available",
                      "book a session", "schedule a consultation", "accepting new clients", "free consultation"]
        return isServicesLine(text) && offers.contains { lowered.contains($0) }
    }

    /// A short standalone line (a callout) is one or two sentences.
    static func isCallout(_ text: String) -> Bool {
        wordCount(text) <= 35 && Sentences.split(text).count <= 2
    }

    /// "Related reading: A · B · C" (also with |, ; or , between titles).
    static func relatedTitles(_ text: String) -> [String]? {
        let lowered = text.lowercased()
        guard lowered.hasPrefix("related reading") || lowered.hasPrefix("related articles") || lowered.hasPrefix("further reading"),
              let colon = text.firstIndex(of: ":") else { return nil }
        let list = text[text.index(after: colon)...]
        let separators: Set<Character> = ["\u{00B7}", "|", ";", "\u{2022}", ","]
        return list.split(whereSeparator: { separators.contains($0) }).map { $0.trimmingWhitespace }.filter { !$0.isEmpty }
    }

    /// The first sentence of the introduction, when it is short enough to be a summary.
    static func summary(from sections: [Section]) -> String? {
        guard let first = sections.first, first.heading == nil, let paragraph = first.passages.first(where: { $0.kind == .paragraph }),
              let sentence = Sentences.split(paragraph.text).first, wordCount(String(sentence)) <= 40 else { return nil }
        return String(sentence)
    }

    /// A title from a file name: "partner-no-article.txt" is "Partner No Article".
    public static func title(fromFileName name: String) -> String {
        var base = Substring(name.split(separator: "/").last ?? Substring(name))
        if let dot = base.lastIndex(of: "."), dot != base.startIndex { base = base[..<dot] }
        return base.split(whereSeparator: { $0 == "-" || $0 == "_" || $0 == " " })
            .map { $0.prefix(1).uppercased() + $0.dropFirst() }
            .joined(separator: " ")
    }
}

extension String {
    func replacingOccurrences(_ target: Character, _ replacement: Character) -> String {
        String(map { $0 == target ? replacement : $0 })
    }
}
