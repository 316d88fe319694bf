import Testing
@testable import ConfideKit

/// Whose crisis a message tells of: the writer's own, or their partner's.
@Suite struct WorriedPartnerTests {
    @Test(arguments: ["my wife told me she doesn't want to be here anymore", "he said he would kill himself if i leave, and he has pills saved up",
                      "my girlfriend cuts herself and i dont know what to do", "they keep saying they want to disappear for good"])
    func aboutThePartner(_ text: String) {
        #expect(WorriedPartner.isAboutPartner(text))
    }

    @Test(arguments: ["I want to kill myself", "I'm tired of my husband and I want to die", "i cut myself because he rejected me again",
                      "I have picked a date and I gave my things away"])
    func aboutTheWriter(_ text: String) {
        #expect(!WorriedPartner.isAboutPartner(text))
    }

    /// The worried partner's framing replaces the message, never the resources (the words'
    /// help first and whole; the other kind's first line after it, as for every notice).
    @Test func theFramingChangesTheMessageNotTheHelp() throws {
        let rules = SafetyRules.defaults
        let words = try #require(SafetyCheck(rules: rules).notice(for: "my wife keeps saying she wants to die"))
        let shown = try #require(SafetyTiers.off.combine(words: words, signal: nil, rules: rules, text: "my wife keeps saying she wants to die"))
        #expect(shown.message == WorriedPartner.message)
        #expect(Array(shown.resources.prefix(words.resources.count)) == words.resources)
        let own = try #require(SafetyTiers.off.combine(words: SafetyCheck(rules: rules).notice(for: "I want to kill myself"), signal: nil, rules: rules, text: "I want to kill myself"))
        #expect(own.message != WorriedPartner.message)
    }
}
