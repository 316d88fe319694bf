import Foundation
import Testing
@testable import ConfideKit

/// Answer quality on the project's evaluation sets, against the shipped knowledge folder.
///
/// The bar is recall@1 ≥ 0.90, MRR@3 ≥ 0.93 and no-answer accuracy ≥ 0.90. It is not
/// met yet (see the closing note), so these floors are what has been reached, a few
/// points below, so that a change that loses quality fails here instead of passing unnoticed.
/// Raise them as quality improves; never lower them to let a change through.
@Suite struct AnswerQualityTests {
    struct Floor: Sendable, CustomStringConvertible {
        var file: String
        var recallAtOne: Double
        var mrrAtThree: Double
        var noAnswer: Double
        var description: String { file }
    }

    static let floors: [Floor] = [
        Floor(file: "questions.tsv", recallAtOne: 0.78, mrrAtThree: 0.83, noAnswer: 0.90),
        Floor(file: "questions-holdout.tsv", recallAtOne: 0.84, mrrAtThree: 0.86, noAnswer: 0.90),
        // Written by someone who saw neither the system nor the other sets; its misses are not
        // read while tuning, so it says how well tuning generalises.
        Floor(file: "questions-blind.tsv", recallAtOne: 0.61, mrrAtThree: 0.67, noAnswer: 0.70),
    ]

    @Test(arguments: floors)
    func qualityStaysAtLeastWhereItIsAndFarAboveTheBaseline(_ floor: Floor) throws {
        let directory = TemporaryDirectory()
        let index = try KnowledgeIndex(path: directory.file("index.sqlite3"), folder: KnowledgeFolder(path: Fixtures.shippedKnowledge))
        try index.refresh()
        let text = try String(contentsOfFile: SafetyTests.evaluationFolder + "/" + floor.file, encoding: .utf8)
        let set = try EvaluationSet.parse(text, file: floor.file)
        #expect(set.entries.count >= 60)
        #expect(set.entries.filter(\.expectsNoAnswer).count >= 10)
        let report = try Evaluator(companion: Companion(index: index)).run(set)
        #expect(report.unresolved.isEmpty, "labels that name no single passage: \(report.unresolved)")
        #expect(report.system.recallAtOne >= floor.recallAtOne, "recall@1 \(report.system.recallAtOne)")
        #expect(report.system.mrrAtThree >= floor.mrrAtThree, "MRR@3 \(report.system.mrrAtThree)")
        #expect(report.system.noAnswerAccuracy >= floor.noAnswer, "no-answer accuracy \(report.system.noAnswerAccuracy)")
        #expect(report.system.recallAtOne >= 1.8 * report.baseline.recallAtOne, "recall@1 \(report.system.recallAtOne) against the baseline's \(report.baseline.recallAtOne)")
    }
}
