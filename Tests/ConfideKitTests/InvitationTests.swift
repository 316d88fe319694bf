import Testing
@testable import ConfideKit

/// Which first messages get a warm invitation to say more, and which are searched: both sides.
@Suite struct InvitationTests {
    @Test(arguments: ["will it always be like this", "Will it always be like this?", "what should i do", "is it me", "hi", "Hello!",
                      "thank you", "thanks", "ok", "will it get better", "is this normal", "are you a real person", "?", "help me"])
    func vagueOrSocialMessagesAreInvited(_ message: String) {
        #expect(Invitation.kind(of: message) != nil, "\(message)")
        #expect(Invitation.of(message, isFirst: true) != nil, "\(message)")
    }

    @Test(arguments: ["is it my fault", "am i bad in bed", "sex hurts", "i feel unwanted", "why does he say no", "she's always too tired",
                      "how do i tell him", "no", "what is responsive desire", "should i stop initiating", "why do I take it so personally"])
    func answerableShortQuestionsAreSearched(_ message: String) {
        #expect(Invitation.kind(of: message) == nil, "\(message)")
    }

    @Test func theKindFitsTheMessage() {
        #expect(Invitation.kind(of: "hi") == .greeting)
        #expect(Invitation.kind(of: "thank you so much") == .thanks)
        #expect(Invitation.kind(of: "are you a bot") == .aboutConfide)
        #expect(Invitation.kind(of: "what should i do") == .vague)
    }

    /// After a question, a vague line is a follow-up to it; a thanks is still a thanks.
    @Test func afterAQuestionOnlySocialLinesAreInvited() {
        #expect(Invitation.of("what should i do", isFirst: false) == nil)
        #expect(Invitation.of("thank you", isFirst: false)?.kind == .thanks)
    }

    /// Through the real companion: no search, no "no words to search for", and the safety
    /// check still comes before any invitation.
    @Test func theCompanionInvitesButSafetyComesFirst() throws {
        let directory = TemporaryDirectory()
        let index = try KnowledgeIndex(path: directory.file("index.sqlite3"), folder: KnowledgeFolder(path: Fixtures.smallFolder(in: directory)))
        try index.refresh()
        let companion = Companion(index: index)
        let invited = try companion.reply(to: "will it always be like this", following: nil)
        #expect(invited.citations.isEmpty)
        #expect(invited.invitation == .vague)
        #expect(invited.fallbackReason == .invitation)
        #expect(invited.json.encoded().contains("\"fallback_reason\":\"invitation\""))
        #expect(invited.fallback?.contains("say a little more") == true)

        let searched = try companion.reply(to: "why does rejection hurt so much", following: nil)
        #expect(searched.invitation == nil)
        #expect(!searched.citations.isEmpty)

        // Nothing but stop words, asked straight (as eval does), is also an invitation now.
        let empty = try companion.answer("what should i do", following: nil)
        #expect(empty.fallback == Invitation.text(.vague))

        // Every word of this is a stop word, so it would be invited, but it is a sign of crisis.
        #expect(Invitation.kind(of: "i cant go on anymore") == .vague)
        let crisis = try companion.reply(to: "i cant go on anymore", following: nil)
        #expect(crisis.invitation == nil)
        #expect(crisis.safety?.kind == .crisis)
    }
}
