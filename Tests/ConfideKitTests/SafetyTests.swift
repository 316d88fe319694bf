import Foundation
import Testing
@testable import ConfideKit

@Suite struct SafetyTests {
    static var evaluationFolder: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Evaluation").path
    }

    let check = SafetyCheck(rules: .defaults)

    /// The bar: no must-trigger phrasing missed, at most 10% of ordinary ones flagged.
    @Test(arguments: ["safety.tsv", "safety-holdout.tsv", "safety-holdout-2.tsv"])
    func theProjectsSafetyListsMeetTheBar(_ file: String) throws {
        let text = try String(contentsOfFile: Self.evaluationFolder + "/" + file, encoding: .utf8)
        let set = try SafetySet.parse(text, file: file)
        #expect(set.entries.filter { $0.expected != nil }.count >= 30)
        #expect(set.entries.filter { $0.expected == nil }.count >= 30)
        var falseAlarms = 0
        for entry in set.entries {
            let kinds = check.findings(in: entry.text).map(\.kind)
            if let expected = entry.expected {
                #expect(kinds.contains(expected), "missed (line \(entry.line)): \(entry.text)")
            } else if !kinds.isEmpty {
                falseAlarms += 1
            }
        }
        let ordinary = set.entries.filter { $0.expected == nil }.count
        #expect(Double(falseAlarms) <= 0.10 * Double(ordinary), "\(falseAlarms) of \(ordinary) ordinary questions raised a notice")
    }

    @Test func theShippedFileIsTheBuiltInDefault() throws {
        let shipped = try String(contentsOfFile: Fixtures.shippedKnowledge + "/safety.txt", encoding: .utf8)
        #expect(try SafetyRules.parse(shipped, file: "safety.txt") == SafetyRules.defaults)
    }

    @Test func noticesCarryTheResourcesOfTheirKindAndEmergencyServices() throws {
        let crisis = try #require(check.notice(for: "i want to end my life"))
        #expect(crisis.kind == .crisis)
        #expect(crisis.resources.contains { $0.contact.contains("988") })
        #expect(crisis.resources.contains { $0.contact.contains("741741") })
        #expect(crisis.resources.contains { $0.contact.contains("911") })
        let coercion = try #require(check.notice(for: "he forced me even though i said no"))
        #expect(coercion.kind == .coercion)
        #expect(coercion.resources.contains { $0.contact.contains("800-656-4673") })
        #expect(coercion.resources.contains { $0.contact.contains("800-799-7233") && $0.contact.contains("88788") })
        let both = try #require(check.notice(for: "he hits me and i want to die"))
        #expect(Set(both.resources.map(\.name)).count == both.resources.count)
        #expect(both.resources.contains { $0.contact.contains("988") } && both.resources.contains { $0.contact.contains("800-799-7233") })
    }

    @Test(arguments: ["this is killing me", "she killed the mood again", "i'm dying to know why he won't initiate", "i could die of embarrassment", "it hit me that we haven't had sex in months", "my partner says no and i feel unwanted", ""])
    func idiomsAndOrdinaryQuestionsRaiseNothing(_ text: String) {
        #expect(check.notice(for: text) == nil)
    }

    @Test(arguments: ["i want to kil myslef", "SUICIDAL", "self-harm", "i want to, after everything tonight and all the times he said no, just die", String(repeating: "he said no again and i feel awful. ", count: 3000) + "i have been thinking about ending my life"])
    func typosCaseAndDistanceStillTrigger(_ text: String) {
        #expect(check.notice(for: text)?.kind == .crisis)
    }

    @Test(arguments: [
        ("[crisis]\nmessage: m\nresource: only a name\n", 3, "Name | how to reach it"),
        ("[panic]\n", 1, "unknown section"),
        ("message: m\n", 1, "after a section"),
        ("[crisis]\npattern: ... die\n", 2, "cannot start"),
        ("[crisis]\npattern: a$b\n", 2, "not a word"),
        ("[crisis]\nmessage: m\nresource: R | 1\npattern: die\n", 1, "no [coercion] section"),
        ("[idioms]\nmessage: m\n", 2, "does not belong"),
        ("[crisis]\nwhat\n", 2, "key: value"),
        ("[always]\nsign: plans\n", 2, "does not belong"),
        ("[crisis]\nsign:\n", 2, "has no value"),
    ] as [(String, Int, String)])
    func brokenRuleFilesAreNamedWithTheirLine(_ text: String, line: Int, message: String) {
        #expect(throws: KnowledgeProblem.self) { try SafetyRules.parse(text, file: "safety.txt") }
        do {
            _ = try SafetyRules.parse(text, file: "safety.txt")
        } catch {
            #expect(error.line == line, "\(error)")
            #expect(error.message.contains(message), "\(error)")
        }
    }

    @Test func aMissingOrBrokenFileFallsBackToTheDefaults() throws {
        let directory = TemporaryDirectory()
        let folder = KnowledgeFolder(path: directory.path)
        #expect(SafetyRules.load(from: folder).rules == .defaults)
        directory.write("safety.txt", "[crisis]\nbroken line\n")
        let loaded = SafetyRules.load(from: folder)
        #expect(loaded.rules == .defaults)
        #expect(loaded.problems.first?.description.hasPrefix("safety.txt:2:") == true)
    }

    /// A `sign:` line names the kind of warning sign of the patterns after it, up to the next
    /// `sign:` or section; what matched says which.
    @Test func signsNameThePatternsThatFollowThem() throws {
        let rules = try SafetyRules.parse("""
            [crisis]
            message: m
            resource: R | 1
            pattern: suicid*
            sign: plans and preparation
            pattern: gave away ... belongings
            pattern: picked a date
            sign: means
            pattern: stockpil* ... pills
            [coercion]
            message: m
            resource: R | 2
            pattern: force* me
            sign: giving in
            pattern: give in ... stops
            """, file: "safety.txt")
        let crisis = try #require(rules.categories.first { $0.kind == .crisis })
        #expect(crisis.patterns.map(\.sign) == [nil, "plans and preparation", "plans and preparation", "means"])
        #expect(rules.categories.first { $0.kind == .coercion }?.patterns.map(\.sign) == [nil, "giving in"])
        let check = SafetyCheck(rules: rules)
        #expect(check.findings(in: "i gave away most of my belongings last week").first?.sign == "plans and preparation")
        #expect(check.findings(in: "i just give in so the asking stops").first?.sign == "giving in")
        #expect(check.findings(in: "he forced me").first?.sign == nil)
        // The shipped file names a sign for every pattern.
        for category in SafetyRules.defaults.categories {
            #expect(category.patterns.allSatisfy { $0.sign != nil }, "\(category.kind): \(category.patterns.filter { $0.sign == nil }.map(\.source))")
        }
    }

    @Test func aPracticeCanChangeTheNumbers() throws {
        let directory = TemporaryDirectory()
        directory.write("safety.txt", """
            [crisis]
            message: Please reach out now.
            resource: Samaritans | call 116 123
            pattern: want* to die
            [coercion]
            message: You deserve to be safe.
            resource: Local line | call 0800 000
            pattern: force* me
            """)
        let rules = SafetyRules.load(from: KnowledgeFolder(path: directory.path)).rules
        let notice = try #require(SafetyCheck(rules: rules).notice(for: "i just want to die"))
        #expect(notice.resources == [SafetyNotice.Resource(name: "Samaritans", contact: "call 116 123")])
    }

    @Test func theAnswerCarriesTheNoticeBeforeAnyCitation() throws {
        let directory = TemporaryDirectory()
        let index = try KnowledgeIndex(path: directory.file("index.sqlite3"), folder: KnowledgeFolder(path: Fixtures.shippedKnowledge))
        try index.refresh()
        let answer = try Companion(index: index).answer("my partner keeps saying no and honestly i want to die")
        #expect(answer.safety?.kind == .crisis)
        #expect(answer.json["safety"]?["kind"]?.stringValue == "crisis")
        #expect(answer.json["safety"]?["resources"]?.arrayValue.isEmpty == false)
    }
}
