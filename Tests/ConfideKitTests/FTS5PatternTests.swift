import Testing
@testable import ConfideKit

/// Every hostile text becomes a pattern that a real FTS5 table accepts.
@Suite struct FTS5PatternTests {
    static let hostile: [String] = [
        "\"", "\"unbalanced", "self-harm", "-consent", "a:b", "{a b}", "(x", "x)", "x AND", "AND", "OR x", "NOT",
        "+x", "C++", "a+", "*foo", "foo*", "^start", "NEAR(a b, x)", "NEAR", "near(", String(repeating: "(", count: 300),
        String(repeating: "NOT ", count: 300), "it's", "50%", "<3", "x@y", "a.b", "consent?", "\u{1F622}\u{1F494}",
        "\u{01}\u{02}", " ", "", "why\u{0}not", "'; DROP TABLE t; --", "\u{FFFD}\u{FFFD} partner", String(repeating: "x", count: 100_000),
        "\"\"\"\"", "title:no", "body : sex", "col1:col2:x",
    ]

    @Test(arguments: hostile)
    func hostileTextIsAlwaysAValidQuery(_ text: String) throws {
        let directory = TemporaryDirectory()
        let database = try Database(path: directory.file("fts.sqlite3"))
        try database.execute("CREATE VIRTUAL TABLE t USING fts5(title, body, tokenize='porter unicode61')")
        try database.run("INSERT INTO t VALUES('a no', 'my partner says no and it stings, self harm is not this')")
        let terms = Words.tokens(text) + [text]
        var patterns = [FTS5Pattern.matchingAny(of: terms), FTS5Pattern.matchingAll(of: terms), FTS5Pattern.matchingAny(of: [text])].compactMap({ $0 })
        patterns += patterns.map { $0.inColumns(["title"]) }
        patterns += patterns.compactMap { FTS5Pattern.matchingEvery([$0, $0.inColumns(["body"])], narrowing: $0) }
        for pattern in patterns {
            _ = try database.rows("SELECT rowid FROM t WHERE t MATCH ?", [.text(pattern.rawPattern)]) { $0.integer(0) }
        }
    }

    @Test func aPrefixTermMatchesTheStartOfAStemAndStaysQuoted() throws {
        let directory = TemporaryDirectory()
        let database = try Database(path: directory.file("fts.sqlite3"))
        try database.execute("CREATE VIRTUAL TABLE t USING fts5(body, tokenize='porter unicode61')")
        try database.run("INSERT INTO t(rowid, body) VALUES(1, 'responsive desire')")
        // A stem searched as a word is stemmed again ("respons" to "respon") and finds nothing.
        let asWord = try #require(FTS5Pattern.matchingAny(ofTerms: [("respons", false)]))
        #expect(try database.rows("SELECT rowid FROM t WHERE t MATCH ?", [.text(asWord.rawPattern)]) { $0.integer(0) }.isEmpty)
        let asPrefix = try #require(FTS5Pattern.matchingAny(ofTerms: [("respons", true), ("NEAR(\"x\" *", true)]))
        #expect(asPrefix.rawPattern == "\"respons\" * OR \"NEAR(\"\"x\"\" *\" *")
        #expect(try database.rows("SELECT rowid FROM t WHERE t MATCH ?", [.text(asPrefix.rawPattern)]) { $0.integer(0) } == [1])
        #expect(FTS5Pattern.matchingAny(ofTerms: [(" ", true)]) == nil)
    }

    @Test func emptyOrBlankTextGivesNoPattern() {
        #expect(FTS5Pattern.matchingAny(of: []) == nil)
        #expect(FTS5Pattern.matchingAny(of: ["", "  ", "\u{0}"]) == nil)
    }

    @Test func aNarrowedPatternKeepsTheBroaderOne() throws {
        let broad = try #require(FTS5Pattern.matchingAny(of: ["a", "b"]))
        #expect(broad.broader == nil)
        #expect(broad.inColumns(["title", "body"]).rawPattern == "{title body} : (\"a\" OR \"b\")")
        #expect(broad.inColumns(["title"]).broader == broad)
        let every = try #require(FTS5Pattern.matchingEvery([FTS5Pattern.matchingAny(of: ["a"])!, broad], narrowing: broad))
        #expect(every.rawPattern == "(\"a\") AND (\"a\" OR \"b\")")
        #expect(every.broader == broad)
    }

    @Test func quotesAreDoubledAndNulsDropped() {
        #expect(FTS5Pattern.matchingAny(of: ["a\"b", "c\u{0}d"])?.rawPattern == "\"a\"\"b\" OR \"cd\"")
    }
}
