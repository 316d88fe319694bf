import Testing
@testable import ConfideKit

/// The ranker on passages made in the test, so each score part can be seen alone.
@Suite struct RankerTests {
    static func passage(id: Int64, question: String?, body: String, asks: [String] = []) -> IndexedPassage {
        IndexedPassage(id: id, slug: "a", file: "a.md", line: Int(id), ordinal: Int(id), kind: .answer, title: "Article",
                       section: "Questions", question: question, body: body, asks: asks, bm25: 0)
    }

    static func statistics(_ plan: QueryPlan) -> Ranker.Statistics {
        Ranker.Statistics(passageCount: 50, averageLength: 12, frequencies: Dictionary(uniqueKeysWithValues: plan.stems.map { ($0, 5) }))
    }

    /// Two FAQ answers hold the question's one concept equally; only the wording of their FAQ
    /// questions tells them apart, and the one phrased like the question wins.
    @Test func theFAQQuestionWordedLikeTheQuestionWinsATie() {
        let question = "is it ok that one of us wants sex a lot more than the other"
        let plan = QueryPlan(question: question)
        let body = "Partners often differ in how much sex they want and that is common."
        let otherWording = Self.passage(id: 1, question: "I don't want sex as much as my partner. Is something wrong with me?", body: body)
        let sameWording = Self.passage(id: 2, question: "Is it normal for one partner to want sex more than the other?", body: body)
        var ranker = Ranker()
        let ranked = ranker.rank([otherWording, sameWording], plan: plan, statistics: Self.statistics(plan), texts: PassageText.init)
        #expect(ranked.map(\.passage.id) == [2, 1])
        #expect(ranked[0].wording > ranked[1].wording)

        ranker.parameters.wording = 0
        let unworded = ranker.rank([otherWording, sameWording], plan: plan, statistics: Self.statistics(plan), texts: PassageText.init)
        #expect(unworded.map(\.passage.id) == [1, 2], "without wording the two tie and the lower id comes first")
    }

    /// An ask counts for wording like the FAQ question does.
    @Test func anAskWordedLikeTheQuestionCountsForWording() {
        let plan = QueryPlan(question: "why do i feel so needy")
        let body = "Feeling needy is human."
        let asked = Self.passage(id: 2, question: nil, body: body, asks: ["is it bad to want closeness", "why do i feel so needy all the time"])
        let unasked = Self.passage(id: 1, question: nil, body: body)
        let ranked = Ranker().rank([unasked, asked], plan: plan, statistics: Self.statistics(plan), texts: PassageText.init)
        #expect(ranked.map(\.passage.id) == [2, 1])
        // The better ask counts: 6 words shared of the 9 the two hold.
        #expect(abs(ranked[0].wording - 6.0 / 9.0) < 1e-9)
        #expect(ranked[1].wording == 0)
    }
}
