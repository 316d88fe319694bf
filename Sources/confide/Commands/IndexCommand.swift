import ConfideKit

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
            Output.line("\(report.fileCount) file\(report.fileCount == 1 ? "" : "s") checked, \(report.articleCount) article\(report.articleCount == 1 ? "" : "s"): \(errors == 0 ? "no errors" : "\(errors) error\(errors == 1 ? "" : "s")").")
            return errors == 0 ? 0 : 1
        }
        let started = Clock.monotonicMilliseconds()
        let index = try context.index()
        let changes = context.lastIndexChanges ?? IndexChanges()
        let elapsed = Clock.monotonicMilliseconds() - started
        for name in changes.added { Output.line("added    \(name)") }
        for name in changes.updated { Output.line("updated  \(name)") }
        for name in changes.removed { Output.line("removed  \(name)") }
        let articles = try index.articles().count
        let summary = changes.isEmpty ? "Up to date" : "Updated"
        Output.line("\(summary): \(articles) article\(articles == 1 ? "" : "s"), \(try index.passageCount) passages, \(elapsed) ms.")
        return 0
    }
}
