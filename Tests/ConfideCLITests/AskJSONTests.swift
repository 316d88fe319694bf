import Foundation
import Testing

/// Contract 4-5: the shape of `ask --json`, citations checked against the files they cite, and
/// the honest fallback for questions the articles do not cover.
@Suite("confide ask --json")
struct AskJSONTests {
    static let onTopic = [
        "why do I take it personally when my partner says no",
        "my partner keeps turning me down and I feel unwanted",
        "what is responsive desire",
        "how do I suggest couples therapy",
        "am I bad in bed",
    ]

    @Test("an on-topic answer has the documented shape, and every citation checks out against its file", arguments: onTopic)
    func answerShape(_ question: String) async throws {
        let confide = try ConfideProcess()
        defer { confide.remove() }
        let result = try await confide.run(["ask", "--json", question])
        #expect(result.status == 0, "\(result)")
        #expect(!result.looksLikeCrash, "\(result)")
        let object = try result.jsonObject()

        #expect(Set(object.keys) == ["question", "conversation", "safety", "citations", "related", "fallback", "fallback_reason", "read_with"], "keys: \(object.keys.sorted())")
        #expect(object["question"] as? String == question)
        // The turn is kept in the history, and the JSON names the conversation it went into.
        #expect((object["conversation"] as? Int).map { $0 > 0 } == true, "conversation is not an id: \(String(describing: object["conversation"]))")
        #expect(isNull(object["fallback_reason"]), "an answered question has a fallback reason")
        #expect(isNull(object["safety"]), "safety is not null: \(String(describing: object["safety"]))")
        #expect(isNull(object["fallback"]), "an answered question has a fallback: \(String(describing: object["fallback"]))")

        let citations = try #require(object["citations"] as? [[String: Any]], "citations is not an array of objects")
        #expect((1...3).contains(citations.count), "\(citations.count) citations for '\(question)'")
        for (offset, citation) in citations.enumerated() {
            try checkCitation(citation, expectedNumber: offset + 1)
        }

        let related = try #require(object["related"] as? [[String: Any]], "related is not an array of objects")
        for item in related {
            #expect(Set(item.keys) == ["title", "slug"], "related item keys: \(item.keys.sorted())")
            #expect(item["title"] is String)
            #expect(item["slug"] is String || isNull(item["slug"]))
        }
    }

    @Test("off the record, nothing is kept and the conversation is null")
    func privateAnswerHasNoConversation() async throws {
        let confide = try ConfideProcess()
        defer { confide.remove() }
        let result = try await confide.run(["ask", "--json", "--private", "why do I take it so personally"])
        #expect(result.status == 0, "\(result)")
        #expect(isNull(try result.jsonObject()["conversation"]))
    }

    @Test("the answer about a no feeling personal cites that article first, with its four related articles")
    func relatedOfTopArticle() async throws {
        let confide = try ConfideProcess()
        defer { confide.remove() }
        let result = try await confide.run(["ask", "--json", "why do I take it personally when my partner says no"])
        #expect(result.status == 0, "\(result)")
        let object = try result.jsonObject()
        let citations = try #require(object["citations"] as? [[String: Any]])
        let top = try #require(citations.first, "no citations:\n\(result)")
        #expect(top["slug"] as? String == "when-a-no-feels-personal", "top citation: \(top)")

        let related = try #require(object["related"] as? [[String: Any]])
        let slugs = related.compactMap { $0["slug"] as? String }
        #expect(slugs.count == related.count, "a related article has no slug: \(related)")
        #expect(Set(slugs) == ["not-feeling-desired", "different-desires", "getting-sex-wrong", "couples-therapy"], "related: \(slugs)")
        #expect(slugs.count == 4, "related: \(slugs)")
        let titles = Dictionary(uniqueKeysWithValues: KnowledgeFile.all().map { ($0.slug, $0.title) })
        for item in related {
            if let slug = item["slug"] as? String {
                #expect(item["title"] as? String == titles[slug], "related \(slug) has title \(String(describing: item["title"]))")
            }
        }
    }

    @Test("off-topic questions get no citations and a fallback that names an article", arguments: [
        "how do I change a bicycle tyre",
        "what is the boiling point of tungsten",
        "recipe for lasagna",
    ])
    func offTopic(_ question: String) async throws {
        let confide = try ConfideProcess()
        defer { confide.remove() }
        let result = try await confide.run(["ask", "--json", question])
        #expect(result.status == 0, "\(result)")
        let object = try result.jsonObject()
        let citations = try #require(object["citations"] as? [Any])
        #expect(citations.isEmpty, "off-topic '\(question)' was answered:\n\(result)")
        let fallback = try #require(object["fallback"] as? String, "no fallback:\n\(result)")
        #expect(!fallback.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty)
        let titles = KnowledgeFile.all().map(\.title)
        #expect(titles.contains { fallback.contains($0) }, "the fallback names no article title: \(fallback)")
    }

    @Test("the text answer cites file:line and the off-topic text answer says so")
    func textAnswer() async throws {
        let confide = try ConfideProcess()
        defer { confide.remove() }
        async let answered = confide.run(["ask", "why", "does", "a", "no", "feel", "so", "personal"])
        async let unanswered = confide.run(["ask", "recipe for lasagna"])
        let (a, u) = try await (answered, unanswered)
        #expect(a.status == 0, "\(a)")
        #expect(a.out.contains(/\.md:\d+/), "no file:line citation:\n\(a)")
        #expect(a.out.contains("1."), "\(a)")
        #expect(u.status == 0, "\(u)")
        #expect(!u.out.contains(/\.md:\d+/), "off-topic answer cites something:\n\(u)")
        #expect(!u.out.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "off-topic answer is empty")
    }

    /// Checks one citation object, and reads the cited file:line to check the excerpt.
    func checkCitation(_ citation: [String: Any], expectedNumber: Int, sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(Set(citation.keys) == ["n", "article", "slug", "section", "faq", "excerpt", "source", "score"], "citation keys: \(citation.keys.sorted())", sourceLocation: sourceLocation)
        #expect(citation["n"] as? Int == expectedNumber, "n is \(String(describing: citation["n"])), expected \(expectedNumber)", sourceLocation: sourceLocation)
        #expect(citation["article"] is String, sourceLocation: sourceLocation)
        #expect(citation["slug"] is String, sourceLocation: sourceLocation)
        #expect(citation["section"] is String || isNull(citation["section"]), "section: \(String(describing: citation["section"]))", sourceLocation: sourceLocation)
        #expect(citation["faq"] is String || isNull(citation["faq"]), "faq: \(String(describing: citation["faq"]))", sourceLocation: sourceLocation)
        #expect(citation["score"] is NSNumber && !(citation["score"] is String), "score: \(String(describing: citation["score"]))", sourceLocation: sourceLocation)

        let excerpt = try #require(citation["excerpt"] as? String, sourceLocation: sourceLocation)
        let words = excerpt.split(whereSeparator: { $0.isWhitespace }).count
        #expect((1...120).contains(words), "excerpt has \(words) words: \(excerpt)", sourceLocation: sourceLocation)

        let source = try #require(citation["source"] as? String, sourceLocation: sourceLocation)
        let match = source.wholeMatch(of: #/([^\/:][^:]*\.md):(\d+)/#)
        let parts = try #require(match, "source '\(source)' is not relative-file.md:line", sourceLocation: sourceLocation)
        let file = String(parts.1)
        let line = try #require(Int(parts.2), sourceLocation: sourceLocation)

        let url = ConfideProcess.repositoryKnowledge.appendingPathComponent(file)
        let article = try #require(KnowledgeFile(url: url), "cited file \(file) cannot be read as an article", sourceLocation: sourceLocation)
        #expect(citation["slug"] as? String == article.slug, "slug \(String(describing: citation["slug"])) but \(file) has \(article.slug)", sourceLocation: sourceLocation)
        #expect(citation["article"] as? String == article.title, "article \(String(describing: citation["article"])) but \(file) is '\(article.title)'", sourceLocation: sourceLocation)
        if let faq = citation["faq"] as? String {
            #expect(article.faqQuestions.contains(faq), "faq '\(faq)' is not a question in \(file)", sourceLocation: sourceLocation)
        }
        if let section = citation["section"] as? String {
            #expect(article.sections.contains(section) || article.lines.contains("### " + section), "section '\(section)' is not a heading in \(file)", sourceLocation: sourceLocation)
        }

        // The cited line holds the start of the excerpt.
        var start = normalized(excerpt)
        while start.hasPrefix("\u{2026}") || start.hasPrefix("...") {
            start = normalized(String(start.drop { $0 == "\u{2026}" || $0 == "." }))
        }
        let probe = String(start.prefix(40))
        let from = try #require(article.textFrom(line: line), "\(file) has no line \(line)", sourceLocation: sourceLocation)
        let found = from.text.range(of: probe)
        #expect(found != nil, "\(file):\(line) and the lines after it do not contain the excerpt's start '\(probe)'", sourceLocation: sourceLocation)
        if let found {
            let offset = from.text.distance(from: from.text.startIndex, to: found.lowerBound)
            #expect(offset < from.firstLineLength, "the excerpt starts after line \(line) of \(file)", sourceLocation: sourceLocation)
        }

        // A long paragraph is excerpted, not quoted whole.
        let paragraph = try #require(article.paragraph(around: line), "\(file):\(line) is not in a paragraph", sourceLocation: sourceLocation)
        if sentenceCount(paragraph) > 3 {
            let stripped = normalized(excerpt.replacingOccurrences(of: "\u{2026}", with: " "))
            #expect(stripped != normalized(paragraph), "the whole \(sentenceCount(paragraph))-sentence paragraph at \(file):\(line) was quoted", sourceLocation: sourceLocation)
            #expect(stripped.count < normalized(paragraph).count, "the excerpt is not shorter than the \(sentenceCount(paragraph))-sentence paragraph at \(file):\(line)", sourceLocation: sourceLocation)
        }
        // ...and what is quoted is in that paragraph.
        let pieces = normalized(excerpt).components(separatedBy: "\u{2026}").map(normalized).filter { !$0.isEmpty }
        for piece in pieces {
            #expect(normalized(paragraph).contains(piece), "'\(piece.prefix(80))' is not in the paragraph at \(file):\(line)", sourceLocation: sourceLocation)
        }
    }
}
