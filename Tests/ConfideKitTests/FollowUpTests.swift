import Testing
@testable import ConfideKit

/// Which questions lean on the one before them, and which stand alone.
@Suite struct FollowUpTests {
    @Test(arguments: ["why?", "and for him?", "what can I do about it?", "how can they say it more kindly?", "where does it come from?", "but what if she never wants to", "what about my wife", "so?"])
    func followUps(_ question: String) {
        #expect(FollowUp.isFollowUp(question, after: "my partner keeps turning me down"))
    }

    @Test(arguments: ["is it my fault", "is it normal to cry after being turned down", "should I stop initiating", "what is responsive desire",
                      "how do we talk about different desires without fighting", "it's ok to schedule sex?"])
    func questionsThatStandAlone(_ question: String) {
        #expect(!FollowUp.isFollowUp(question, after: "should I stop initiating"))
    }

    @Test func nothingBeforeMeansNoFollowUp() {
        #expect(!FollowUp.isFollowUp("why?", after: nil))
        #expect(!FollowUp.isFollowUp("why?", after: "  ?! "))
    }

    /// A question that stands alone is answered alone, and the answer says nothing of the
    /// previous one; a follow-up's answer says what it was read with.
    @Test func theAnswerSaysWhenItWasReadWithThePreviousQuestion() throws {
        let directory = TemporaryDirectory()
        let index = try KnowledgeIndex(path: directory.file("index.sqlite3"), folder: KnowledgeFolder(path: Fixtures.smallFolder(in: directory)))
        try index.refresh()
        let companion = Companion(index: index)
        let alone = try companion.answer("why does rejection hurt so much", following: "should I stop initiating?")
        #expect(alone.readWith == nil)
        #expect(alone.citations.first?.question == "Why does rejection hurt so much?")
        let followUp = try companion.answer("why?", following: "should I stop initiating?")
        #expect(followUp.readWith == "should I stop initiating?")
        #expect(followUp.json.encoded().contains("\"read_with\":\"should I stop initiating?\""))
    }
}
