import ConfideKit

#if canImport(Glibc)
import Glibc
#endif

struct IndexCommand: Command {
    static let spec = CommandSpec(
        name: "index",
        abstract: "Bring the index up to date and say what changed, or check the knowledge folder.",
        options: [.flag("check", "Check every knowledge file and print file:line: message for each problem; exit 1 on an error.")]
    )

    var check: Bool

    init(_ arguments: ParsedArguments) throws(UsageError) {
        check = arguments.has("check")
    }

    func run(_ context: Context) throws -> Int32 {
        let folder = KnowledgeFolder(path: try context.locations().knowledge)
        if check {
            let report: KnowledgeChecker.Report
            do {
                report = try KnowledgeChecker.standard.check(folder)
            } catch {
                throw CommandFailure(error.description)
            }
            for finding in report.findings { Output.line(finding.description) }
            let errors = report.errorCount
            let warnings = report.warningCount == 0 ? "" : ", \(report.warningCount) warning\(report.warningCount == 1 ? "" : "s")"
            Output.line("\(report.fileCount) file\(report.fileCount == 1 ? "" : "s") checked, \(report.articleCount) article\(report.articleCount == 1 ? "" : "s"): \(errors == 0 ? "no errors" : "\(errors) error\(errors == 1 ? "" : "s")")\(warnings).")
            return errors == 0 ? 0 : 1
        }
        let started = Clock.monotonicMilliseconds()
        var index = try context.index()
        // `index` checks the file whole; a damaged one is only a cache, and is made again.
        if let damage = index.damage(), context.healDamagedIndex(damage) {
            index = try context.index()
        }
        let changes = context.lastIndexChanges ?? IndexChanges()
        let elapsed = Clock.monotonicMilliseconds() - started
        for name in changes.added { Output.line("added    \(name)") }
        for name in changes.updated { Output.line("updated  \(name)") }
        for name in changes.removed { Output.line("removed  \(name)") }
        let articles = try index.articles().count
        let summary = changes.isEmpty ? "Up to date" : "Updated"
        Output.line("\(summary): \(articles) article\(articles == 1 ? "" : "s"), \(try index.passageCount) passages, \(elapsed) ms.")
        try fillVectors(index, context)
        return 0
    }

    /// Embeds what lacks a vector, on every processor, committing batch by batch (an interrupted
    /// run resumes). Progress goes to stderr on a terminal: count, rate, time left.
    private func fillVectors(_ index: KnowledgeIndex, _ context: Context) throws {
        guard let encoder = context.encoder() else {
            Output.line("Meaning: \(context.modelProblem ?? ModelLocation.howToGet).")
            return
        }
        let showProgress = isatty(STDERR_FILENO) == 1
        let builder = VectorBuilder(index: index, encoder: encoder)
        let progress = try builder.run(progress: { progress in
            guard showProgress else { return }
            let left = progress.secondsLeft.map { ", about \(Int($0.rounded(.up))) s left" } ?? ""
            Output.write("\(TerminalText.escape)[1G\(TerminalText.escape)[2KEmbedding for meaning: \(progress.done) of \(progress.total) texts, \(Int(progress.perSecond.rounded()))/s\(left)", to: STDERR_FILENO)
        })
        if showProgress && progress.total > 0 { Output.write("\(TerminalText.escape)[1G\(TerminalText.escape)[2K", to: STDERR_FILENO) }
        let coverage = try index.vectorCoverage(model: encoder.identity)
        let rate = progress.done > 0 ? String(format1(progress.perSecond)) + " texts/s, " : ""
        Output.line("Meaning: \(coverage.embedded) of \(coverage.texts) texts have vectors (\(progress.done) embedded now, \(rate)model \(encoder.folder)).")
        // The safety check's examples too (kept in the cache folder): otherwise the first
        // question after an install or a change to the bank waits for them.
        if let safety = try? context.meaningSafety() {
            Output.line("Safety by meaning: \(safety.bank.count) examples have vectors.")
        }
    }

    private func format1(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }

}
