import Foundation
import Testing
@testable import ConfideKit

/// The safety check by meaning and words together, on the first of the validation lists it was
/// set on (by a writer who saw neither the bank nor the rules): floors a little under what it gives, so a
/// change that loses the catch, or that floods ordinary messages, fails here. The blind test
/// list is never read by a test.
@Suite(.enabled(if: ModelFixture.shouldRun, ModelFixture.skipReason))
struct SafetyTiersTests {
    @Test func bothTiersCatchWhatTheyWereSetToOnTheValidationList() async throws {
        let bank = try #require(ModelFixture.shippedBank)
        let encoder = try ModelFixture.load()
        // The whole list through the model, on a thread of its own; the checks here.
        let counts = try await offThePool { try Self.tierCounts(bank: bank, encoder: encoder) }
        let crisis = try #require(counts["crisis"]), coercion = try #require(counts["coercion"]), ordinary = try #require(counts["none"])
        // Set on both validation lists; this one (746 messages) gives 85.6% / 82.1% notices,
        // 96.8% / 96.6% shown anything, ordinary 2.9% notices and 12.6% shown anything.
        #expect(crisis.share(\.notice) >= 0.83, "crisis notices \(crisis)")
        #expect(coercion.share(\.notice) >= 0.79, "coercion notices \(coercion)")
        #expect(crisis.share(\.any) >= 0.95, "crisis notices or footers \(crisis)")
        #expect(coercion.share(\.any) >= 0.94, "coercion notices or footers \(coercion)")
        // Counted, not divided: 19 of 380 would be the 5% itself.
        #expect(ordinary.notice * 20 <= ordinary.all, "ordinary notices \(ordinary)")
        #expect(ordinary.any * 4 <= ordinary.all, "ordinary notices or footers \(ordinary)")
        // Whatever a crisis or coercion message is shown carries its own kind's help.
        #expect(crisis.ownHelp == crisis.any && coercion.ownHelp == coercion.any, "shown only the other kind's help: \(crisis), \(coercion)")
    }

    struct Count: Sendable {
        var all = 0, notice = 0, any = 0, ownHelp = 0
        func share(_ part: KeyPath<Count, Int>) -> Double { Double(self[keyPath: part]) / Double(max(all, 1)) }
    }

    /// How many messages of each kind of the validation list get a notice, and any help at all.
    static func tierCounts(bank: SafetyBank, encoder: SentenceEncoder) throws -> [String: Count] {
        let folder = KnowledgeFolder(path: Fixtures.shippedKnowledge)
        let safety = MeaningSafety(bank: bank, encoder: encoder)
        let rules = SafetyRules.load(from: folder).rules
        let words = SafetyCheck(rules: rules)
        let text = try String(contentsOfFile: ModelFixture.packageRoot + "/Tests/Evaluation/safety-validation.tsv", encoding: .utf8)
        let set = try SafetySet.parse(text, file: "safety-validation.tsv")
        var counts: [String: Count] = [:]
        for entry in set.entries {
            let shown = Companion.standardSafetyTiers.combine(words: words.notice(for: entry.text), signal: safety.signal(for: entry.text), rules: rules)
            let key = entry.expected?.rawValue ?? "none"
            var count = counts[key] ?? Count()
            count.all += 1
            if shown?.level == .notice { count.notice += 1 }
            if shown != nil { count.any += 1 }
            if let shown, let kind = entry.expected, let own = rules.categories.first(where: { $0.kind == kind })?.resources,
               own.contains(where: shown.resources.contains) {
                count.ownHelp += 1
            }
            counts[key] = count
        }
        return counts
    }

    /// A sign both kinds could be is shown both kinds' resources; words alone keep a full notice.
    @Test func wordsAlwaysGiveAFullNoticeAndOffRaisesNothing() throws {
        let rules = SafetyRules.defaults
        let quiet = MeaningSafety.Signal(crisis: -1, coercion: -1, crisisPiece: "", coercionPiece: "")
        #expect(SafetyTiers.off.combine(words: nil, signal: quiet, rules: rules) == nil)
        let words = SafetyCheck(rules: rules).notice(for: "I want to kill myself")
        #expect(words != nil)
        #expect(SafetyTiers.off.combine(words: words, signal: quiet, rules: rules)?.level == .notice)
        // Between each kind's footer and notice thresholds, wherever they are set.
        let tiers = Companion.standardSafetyTiers
        let possible = MeaningSafety.Signal(crisis: (tiers.footerCrisis + tiers.noticeCrisis) / 2, coercion: (tiers.footerCoercion + tiers.noticeCoercion) / 2, crisisPiece: "", coercionPiece: "")
        let footer = try #require(Companion.standardSafetyTiers.combine(words: nil, signal: possible, rules: rules))
        #expect(footer.level == .footer)
        for kind in [SafetyNotice.Kind.crisis, .coercion] {
            let own = rules.categories.first { $0.kind == kind }?.resources ?? []
            #expect(own.contains(where: footer.resources.contains), "the footer lacks the \(kind) resources")
        }
    }

    /// Meaning may overrule a word rule's plainest mistakes, never the other way round: a word
    /// match on a message meaning reads as plainly ordinary is the footer (its kind's help still
    /// shown); a word match meaning supports, or any word match without the model, a notice.
    @Test func meaningTurnsAPlainlyOrdinaryWordMatchIntoTheFooter() throws {
        let rules = SafetyRules.defaults
        var tiers = Companion.standardSafetyTiers
        tiers.wordsNeedMargin = 0.02
        let words = try #require(SafetyCheck(rules: rules).notice(for: "I want to kill myself"))
        let ordinary = MeaningSafety.Signal(crisis: -0.08, coercion: -0.05, crisisPiece: "", coercionPiece: "")
        let demoted = try #require(tiers.combine(words: words, signal: ordinary, rules: rules))
        #expect(demoted.level == .footer)
        #expect(demoted.kind == .crisis)
        let crisisHelp = rules.categories.first { $0.kind == .crisis }?.resources ?? []
        #expect(crisisHelp.allSatisfy(demoted.resources.contains))
        let supported = MeaningSafety.Signal(crisis: 0.03, coercion: -0.05, crisisPiece: "", coercionPiece: "")
        #expect(tiers.combine(words: words, signal: supported, rules: rules)?.level == .notice)
        #expect(tiers.combine(words: words, signal: nil, rules: rules)?.level == .notice)

        // With the model, end to end: the plain statement is a notice; the idiom a word rule
        // would catch ("shot myself in the foot") is not.
        let encoder = try ModelFixture.load()
        let folder = KnowledgeFolder(path: Fixtures.shippedKnowledge)
        let bank = try #require(ModelFixture.shippedBank)
        let safety = MeaningSafety(bank: bank, encoder: encoder)
        let check = SafetyCheck(rules: SafetyRules.load(from: folder).rules)
        func shown(_ text: String) -> SafetyNotice? {
            Companion.standardSafetyTiers.combine(words: check.notice(for: text), signal: safety.signal(for: text), rules: check.rules, text: text)
        }
        #expect(shown("i want to kill myself")?.level == .notice)
        #expect(shown("i gave my cat to my sister and wrote letters to everyone, i won't be around much longer")?.level == .notice)
        let idiom = "honestly i shot myself in the foot by bringing up sex right before bed"
        #expect(check.notice(for: idiom) != nil, "the word rules no longer catch the idiom: pick another example")
        #expect(shown(idiom)?.level != .notice)
    }

    /// A message's signal is its two strongest pieces' margins, less a little for each
    /// doubling of its pieces: one stray piece of a long message counts for less than a sign
    /// the overlapping pieces agree on.
    @Test func piecesCombineByTheStrongestTwoLessTheirNumber() {
        let combine = { (margins: [Double]) in MeaningSafety.combine(margins, secondPieceWeight: 0.75, piecePenalty: 0.03) }
        #expect(combine([]) == -1)
        #expect(combine([0.2]) == 0.2)
        #expect(abs(combine([0.1, 0.2]) - ((0.2 + 0.75 * 0.1) / 1.75 - 0.03 * log(2.0))) < 1e-12)
        let agreed = combine([0.2, 0.19, -0.1, -0.1])
        let stray = combine([0.2, -0.1, -0.1, -0.1])
        #expect(agreed > stray)
        let short = combine([0.2, 0.19])
        let long = combine([0.2, 0.19] + Array(repeating: -0.1, count: 30))
        #expect(short > long && long > short - 0.03 * log(32.0 / 2.0) - 1e-12)
    }

    /// Whatever is shown carries at least the other kind's first line of help, after its own;
    /// with words alone, with meaning, as a notice or a footer.
    @Test func everyNoticeAndFooterCarriesBothKindsOfHelp() throws {
        let rules = SafetyRules.defaults
        let crisisHelp = try #require(rules.categories.first { $0.kind == .crisis }?.resources)
        let coercionHelp = try #require(rules.categories.first { $0.kind == .coercion }?.resources)
        let words = try #require(SafetyCheck(rules: rules).notice(for: "I want to kill myself"))
        for tiers in [SafetyTiers.off, Companion.standardSafetyTiers] {
            let shown = try #require(tiers.combine(words: words, signal: nil, rules: rules))
            #expect(Array(shown.resources.prefix(crisisHelp.count)) == crisisHelp)
            #expect(shown.resources.contains(coercionHelp[0]) && shown.resources.last == coercionHelp[0])
        }
        let tiers = SafetyTiers(noticeCrisis: 0.1, noticeCoercion: 0.1, footerCrisis: 0, footerCoercion: 0)
        let footer = try #require(tiers.combine(words: nil, signal: MeaningSafety.Signal(crisis: -0.5, coercion: 0.05, crisisPiece: "", coercionPiece: ""), rules: rules))
        #expect(footer.level == .footer && footer.resources.contains(crisisHelp[0]))
        // Nothing shown, nothing added.
        #expect(tiers.combine(words: nil, signal: MeaningSafety.Signal(crisis: -0.5, coercion: -0.5, crisisPiece: "", coercionPiece: ""), rules: rules) == nil)
    }

    /// What is shown carries the other kind's whole help when its signal is near its footer, so
    /// a message that could be both is given both in full.
    @Test func theOtherKindsHelpComesWithItWhenItsSignalIsNearItsFooter() throws {
        let rules = SafetyRules.defaults
        var tiers = SafetyTiers(noticeCrisis: 0.1, noticeCoercion: 0.1, footerCrisis: 0, footerCoercion: 0, otherKindMargin: 0.03)
        let crisisHelp = try #require(rules.categories.first { $0.kind == .crisis }?.resources.first)
        let coercionHelp = try #require(rules.categories.first { $0.kind == .coercion }?.resources.first)
        let near = MeaningSafety.Signal(crisis: -0.02, coercion: 0.2, crisisPiece: "", coercionPiece: "")
        let notice = try #require(tiers.combine(words: nil, signal: near, rules: rules))
        #expect(notice.kind == .coercion && notice.level == .notice)
        #expect(notice.resources.contains(coercionHelp) && notice.resources.contains(crisisHelp))
        let far = MeaningSafety.Signal(crisis: -0.05, coercion: 0.2, crisisPiece: "", coercionPiece: "")
        let allCrisisHelp = try #require(rules.categories.first { $0.kind == .crisis }?.resources)
        #expect(notice.resources.filter(allCrisisHelp.contains).count == allCrisisHelp.count, "near: the other kind's help in full")
        #expect(tiers.combine(words: nil, signal: far, rules: rules)?.resources.filter(allCrisisHelp.contains) == [crisisHelp], "far: its first line only")
        // Never a reason to show anything: under both footers, nothing.
        let quiet = MeaningSafety.Signal(crisis: -0.02, coercion: -0.02, crisisPiece: "", coercionPiece: "")
        #expect(tiers.combine(words: nil, signal: quiet, rules: rules) == nil)
        // A footer, and a word rule's notice, carry it too.
        let footer = try #require(tiers.combine(words: nil, signal: MeaningSafety.Signal(crisis: -0.01, coercion: 0.05, crisisPiece: "", coercionPiece: ""), rules: rules))
        #expect(footer.level == .footer && footer.resources.contains(crisisHelp))
        let words = try #require(SafetyCheck(rules: rules).notice(for: "he forced me to have sex"))
        tiers.wordsNeedMargin = nil
        #expect(tiers.combine(words: words, signal: near, rules: rules)?.resources.contains(crisisHelp) == true)
    }
}
