import Foundation
import Testing

/// Contract 8-9: `confide articles` and `confide read`.
@Suite("confide articles and confide read")
struct ArticlesAndReadTests {
    @Test("articles lists every article title")
    func articlesText() async throws {
        let confide = try ConfideProcess()
        defer { confide.remove() }
        let result = try await confide.run(["articles"])
        #expect(result.status == 0, "\(result)")
        let files = KnowledgeFile.all()
        #expect(files.count >= 5, "the repository's Knowledge folder has \(files.count) articles")
        for file in files {
            #expect(result.out.contains(file.title), "'\(file.title)' is not listed:\n\(result)")
            #expect(result.out.contains(file.slug), "'\(file.slug)' is not listed:\n\(result)")
        }
        #expect(result.err.isEmpty, "\(result)")
    }

    @Test("articles --json is an array of {slug, title, summary, sections, related}")
    func articlesJSON() async throws {
        let confide = try ConfideProcess()
        defer { confide.remove() }
        let result = try await confide.run(["articles", "--json"])
        #expect(result.status == 0, "\(result)")
        let items = try #require(try result.jsonArray() as? [[String: Any]], "not an array of objects:\n\(result)")
        let files = KnowledgeFile.all()
        #expect(items.count == files.count, "\(items.count) items for \(files.count) articles")
        for item in items {
            for key in ["slug", "title", "summary", "sections", "related"] {
                #expect(item.keys.contains(key), "an item has no '\(key)': \(item.keys.sorted())")
            }
            let slug = try #require(item["slug"] as? String)
            let file = try #require(files.first { $0.slug == slug }, "unknown slug \(slug)")
            #expect(item["title"] as? String == file.title)
            #expect(item["summary"] is String || isNull(item["summary"]))
            let sections = try #require(item["sections"] as? [String], "sections of \(slug) is not an array of strings")
            // Every `## ` heading, in order; sub-headings (`### ` outside the FAQ) may be listed too.
            let topLevel = sections.filter { file.sections.contains($0) }
            #expect(topLevel == file.sections, "sections of \(slug): \(sections)")
            for section in sections {
                #expect(file.lines.contains("## " + section) || file.lines.contains("### " + section), "'\(section)' is not a heading of \(file.file)")
            }
            let related = try #require(item["related"] as? [Any], "related of \(slug) is not an array")
            #expect(related.count == file.related.count, "related of \(slug): \(related)")
        }
        #expect(Set(items.compactMap { $0["slug"] as? String }) == Set(files.map(\.slug)))
    }

    /// when-a-no-feels-personal first (the contract's example), then every other article.
    static var allSlugs: [String] {
        let slugs = KnowledgeFile.all().map(\.slug)
        return ["when-a-no-feels-personal"] + slugs.filter { $0 != "when-a-no-feels-personal" }
    }

    @Test("read SLUG prints the title, every heading and FAQ question, and ends with related reading", arguments: allSlugs)
    func readWholeArticle(_ slug: String) async throws {
        let confide = try ConfideProcess()
        defer { confide.remove() }
        let result = try await confide.run(["read", slug])
        #expect(result.status == 0, "\(result)")
        #expect(result.err.isEmpty, "\(result)")
        let file = try #require(KnowledgeFile.named(slug))
        let text = normalized(result.out)
        #expect(result.out.hasPrefix(file.title), "does not start with the title:\n\(result.out.prefix(200))")
        var position = text.startIndex
        for heading in file.sections {
            let found = text.range(of: heading, range: position..<text.endIndex)
            #expect(found != nil, "\(slug): heading '\(heading)' is missing or out of order")
            if let found { position = found.upperBound }
        }
        for question in file.faqQuestions {
            #expect(text.contains(question), "\(slug): FAQ question '\(question)' is missing")
        }
        // Related reading comes last: after the last FAQ question, and only list lines follow it.
        let lines = result.out.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        let relatedIndex = try #require(lines.lastIndex { $0.lowercased().hasPrefix("related reading") }, "no related reading:\n\(result.out.suffix(600))")
        let after = lines[(relatedIndex + 1)...]
        #expect(after.count == file.related.count, "related reading lists \(after.count) items: \(Array(after))")
        let titles = Dictionary(uniqueKeysWithValues: KnowledgeFile.all().map { ($0.slug, $0.title) })
        for slug in file.related {
            #expect(after.contains { $0.contains(titles[slug] ?? slug) && $0.contains(slug) }, "related reading lacks \(slug)")
        }
        if let lastQuestion = file.faqQuestions.last {
            let before = normalized(lines[..<relatedIndex].joined(separator: " "))
            #expect(before.contains(lastQuestion), "the last FAQ question is not before the related reading")
        }
    }

    @Test("read SLUG 2 prints only the second section")
    func readSecondSection() async throws {
        let confide = try ConfideProcess()
        defer { confide.remove() }
        let result = try await confide.run(["read", "when-a-no-feels-personal", "2"])
        #expect(result.status == 0, "\(result)")
        let file = try #require(KnowledgeFile.named("when-a-no-feels-personal"))
        let text = normalized(result.out)
        #expect(text.contains(file.sections[1]), "the second heading '\(file.sections[1])' is missing:\n\(result)")
        for (offset, heading) in file.sections.enumerated() where offset != 1 {
            #expect(!text.contains(heading), "another section's heading '\(heading)' is printed")
        }
        // The body of section 2 is there, the introduction and other sections are not.
        let secondStart = try #require(file.lines.firstIndex(of: "## " + file.sections[1]))
        let firstParagraph = try #require(file.lines[(secondStart + 1)...].first { !$0.trimmingCharacters(in: .whitespaces).isEmpty })
        #expect(text.contains(normalized(firstParagraph)), "the section's first paragraph is missing")
        let intro = try #require(file.lines.firstIndex(of: "---").flatMap { first in file.lines[(first + 1)...].firstIndex(of: "---") })
        let introParagraph = try #require(file.lines[(intro + 1)...].first { !$0.trimmingCharacters(in: .whitespaces).isEmpty })
        #expect(!text.contains(normalized(introParagraph)), "the introduction is printed too")
        #expect(!text.lowercased().contains("related reading"), "related reading is printed for one section")
    }

    @Test("read SLUG with the start of a heading prints that section")
    func readSectionByHeading() async throws {
        let confide = try ConfideProcess()
        defer { confide.remove() }
        let result = try await confide.run(["read", "when-a-no-feels-personal", "what the hurt"])
        #expect(result.status == 0, "\(result)")
        #expect(result.out.contains("What the Hurt Is Carrying"), "\(result)")
        #expect(!result.out.contains("Frequently Asked Questions"), "\(result)")
    }

    @Test("read SLUG with a section that does not exist fails with 1")
    func readMissingSection() async throws {
        let confide = try ConfideProcess()
        defer { confide.remove() }
        let result = try await confide.run(["read", "when-a-no-feels-personal", "99"])
        #expect(result.status == 1, "\(result)")
        #expect(result.err.hasPrefix("confide:"), "\(result)")
        #expect(result.errLines.count == 1, "\(result)")
    }

    @Test("read N reads the N-th article of `confide articles`")
    func readByNumber() async throws {
        let confide = try ConfideProcess()
        defer { confide.remove() }
        let list = try await confide.run(["articles", "--json"])
        #expect(list.status == 0, "\(list)")
        let items = try #require(try list.jsonArray() as? [[String: Any]])
        let first = try #require(items.first?["title"] as? String)
        let last = try #require(items.last?["title"] as? String)
        let count = items.count
        async let one = confide.run(["read", "1"])
        async let lastRun = confide.run(["read", String(count)])
        let (r1, rN) = try await (one, lastRun)
        #expect(r1.status == 0, "\(r1)")
        #expect(r1.out.hasPrefix(first), "read 1 does not start with '\(first)':\n\(r1.out.prefix(200))")
        #expect(rN.status == 0, "\(rN)")
        #expect(rN.out.hasPrefix(last), "read \(count) does not start with '\(last)':\n\(rN.out.prefix(200))")
    }

    @Test("read of an unknown article exits 1 with one line on stderr", arguments: ["no-such-article", "0", "99", "../etc/passwd", "'; DROP TABLE articles; --"])
    func readUnknown(_ slug: String) async throws {
        let confide = try ConfideProcess()
        defer { confide.remove() }
        let result = try await confide.run(["read", slug])
        #expect(result.status == 1, "\(result)")
        #expect(result.errLines.count == 1, "stderr is not one line:\n\(result)")
        #expect(result.err.hasPrefix("confide:"), "\(result)")
        #expect(result.out.isEmpty, "\(result)")
    }

    @Test("a near miss of a slug suggests the right one, or resolves it", arguments: ["when-a-no-feels-persona", "when-a-no-feel-personal", "WHEN-A-NO-FEELS-PERSONAL"])
    func readNearMiss(_ slug: String) async throws {
        let confide = try ConfideProcess()
        defer { confide.remove() }
        let result = try await confide.run(["read", slug])
        let title = try #require(KnowledgeFile.named("when-a-no-feels-personal")).title
        if result.status == 0 {
            #expect(result.out.hasPrefix(title), "\(result)")
        } else {
            #expect(result.status == 1, "\(result)")
            #expect(result.err.hasPrefix("confide:"), "\(result)")
            #expect(result.err.contains("when-a-no-feels-personal"), "no suggestion of the right slug:\n\(result)")
        }
    }
}
