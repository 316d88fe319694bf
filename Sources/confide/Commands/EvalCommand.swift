import ConfideKit

struct EvalCommand: Command {
    static let spec = CommandSpec(
        name: "eval",
        abstract: "Measure answer quality (and the safety check) on evaluation sets, beside a naive baseline.",
        arguments: [ArgumentSpec(name: "FILE", help: "A questions TSV (kind, question, answers) or a safety TSV (expect, text).", isRepeating: true)],
        options: [
            .flag("json", "Print the figures as JSON."),
            .value("set", "NAME=VALUE", "Try a ranking parameter (k1, b, question, heading, title, asks, wording, coveragePower, unknownWeight, minimumCoverage, minimumMatched), a fusion weight (fusion.NAME) a safety threshold (safety.noticeCrisis, ...) or how pieces combine (safety.neighbours, safety.secondPieceWeight, safety.piecePenalty, safety.ordinaryFloor); repeatable."),
            .flag("no-lexicon", "Measure without the concept lexicon."),
            .value("half", "tune|report", "Only one half of each questions file (alternate lines): tune on one, report the other."),
            .value("candidates", "FILE", "Write every question's fused candidates (lexical share, cosine) as JSON lines to FILE, for tuning the fusion offline."),
            .value("piece-vectors", "FILE", "Write the safety bank's vectors and every safety message's piece vectors (no text) as JSON lines to FILE, for studying the check offline on a validation list; refused with --totals-only."),
            .flag("as-ordinary", "Read questions files as ordinary messages for the safety check (how many of the questions people ask it would interrupt), instead of measuring their answers; --half applies."),
            .flag("totals-only", "Print the figures, not the misses (for a set whose misses are not to be read)."),
        ],
        discussion: "Prints recall@1, MRR@3 and no-answer accuracy for confide with meaning (when the model is there; every text is embedded first), confide by words alone, and plain porter FTS5 with the question's words ORed, then the misses; for a safety list, how many must-trigger phrasings were caught and how many ordinary ones raised a notice. `make eval` runs every set (scripts/eval)."
    )

    var files: [String]
    var json: Bool
    var parameters = Ranker.Parameters()
    var noLexicon: Bool
    var commonShare: Double?
    var fusion = Fusion()
    var safetyTiers: SafetyTiers?
    var neighbours: Int?
    var secondPieceWeight: Double?
    var piecePenalty: Double?
    var ordinaryFloor: Double?
    var half: EvaluationSet.Half?
    var totalsOnly: Bool
    var candidatesFile: String?
    var pieceVectorsFile: String?
    var asOrdinary: Bool

    init(_ arguments: ParsedArguments) throws(UsageError) {
        files = arguments.positionals
        json = arguments.has("json")
        totalsOnly = arguments.has("totals-only")
        candidatesFile = arguments.value("candidates")
        pieceVectorsFile = arguments.value("piece-vectors")
        asOrdinary = arguments.has("as-ordinary")
        if pieceVectorsFile != nil, totalsOnly {
            throw UsageError(message: "--piece-vectors is for lists whose lines may be read; it cannot go with --totals-only", command: "eval")
        }
        if let value = arguments.value("half") {
            guard let parsed = EvaluationSet.Half(rawValue: value) else {
                throw UsageError(message: "--half is tune or report, not '\(value.prefix(20))'", command: "eval")
            }
            half = parsed
        }
        noLexicon = arguments.has("no-lexicon")
        for setting in arguments.values["set"] ?? [] {
            let parts = setting.split(separator: "=", maxSplits: 1).map(String.init)
            if parts.count == 2, parts[0] == "commonShare", let value = Double(parts[1]) {
                commonShare = value
                continue
            }
            if parts.count == 2, parts[0].hasPrefix("fusion."), let value = Double(parts[1]), fusion.set(String(parts[0].dropFirst(7)), value) {
                continue
            }
            if parts.count == 2, parts[0] == "safety.neighbours", let value = Int(parts[1]), value > 0 {
                neighbours = value
                continue
            }
            if parts.count == 2, parts[0] == "safety.secondPieceWeight", let value = Double(parts[1]), value >= 0 {
                secondPieceWeight = value
                continue
            }
            if parts.count == 2, parts[0] == "safety.piecePenalty", let value = Double(parts[1]), value >= 0 {
                piecePenalty = value
                continue
            }
            if parts.count == 2, parts[0] == "safety.ordinaryFloor", let value = Double(parts[1]) {
                ordinaryFloor = value
                continue
            }
            if parts.count == 2, parts[0].hasPrefix("safety."), let value = Double(parts[1]) {
                var tiers = safetyTiers ?? Companion.standardSafetyTiers
                if tiers.set(String(parts[0].dropFirst(7)), value) {
                    safetyTiers = tiers
                    continue
                }
            }
            guard parts.count == 2, let value = Double(parts[1]), parameters.set(parts[0], value) else {
                throw UsageError(message: "--set takes NAME=VALUE with a known parameter, like --set question=2.5 (got '\(setting.prefix(40))')", command: "eval")
            }
        }
    }

    func run(_ context: Context) throws -> Int32 {
        let companion = noLexicon ? Companion(index: try context.index(), lexicon: .empty) : try context.companion()
        // Every text is embedded first: the figures are for confide with meaning, whole.
        if companion.meaning == nil { companion.meaning = context.meaningForAnswers(try context.index(), fillingUpTo: Int.max) }
        companion.fusion = fusion
        companion.meaningSafety = try context.meaningSafety()
        if let neighbours { companion.meaningSafety?.neighbours = neighbours }
        if let secondPieceWeight { companion.meaningSafety?.secondPieceWeight = secondPieceWeight }
        if let piecePenalty { companion.meaningSafety?.piecePenalty = piecePenalty }
        if let ordinaryFloor { companion.meaningSafety?.ordinaryFloor = ordinaryFloor }
        if let safetyTiers { companion.safetyTiers = safetyTiers }
        companion.ranker.parameters = parameters
        if let share = commonShare { companion.commonShare = share }
        let evaluator = Evaluator(companion: companion)
        var results: [(String, JSON)] = []
        var failed = false
        for file in files {
            let text: String
            do {
                text = String(decoding: try FileSystem.readBytes(file), as: UTF8.self)
            } catch {
                throw CommandFailure("cannot read \(error)")
            }
            do {
                if text.hasPrefix(SafetySet.header) || asOrdinary {
                    let safetySet: SafetySet
                    if text.hasPrefix(SafetySet.header) {
                        safetySet = try SafetySet.parse(text, file: file)
                    } else {
                        var questions = try EvaluationSet.parse(text, file: file)
                        if let half { questions = questions.half(half) }
                        safetySet = SafetySet(ordinary: questions)
                    }
                    let report = evaluator.run(safetySet)
                    if let candidatesFile, !totalsOnly, !report.signals.isEmpty {
                        var lines = ""
                        for signal in report.signals {
                            lines += JSON.object([("set", .string(file)), ("line", .int(Int64(signal.line))), ("expect", .optional(signal.expected?.rawValue)),
                                                  ("crisis", .number(rounded(signal.signal.crisis))), ("coercion", .number(rounded(signal.signal.coercion))),
                                                  ("words", .optional(signal.words?.rawValue)),
                                                  // Every piece's nearness to each kind (crisis, coercion, ordinary), so that
                                                  // scripts/tune-safety can try other floors and ways of combining them.
                                                  ("pieces", .array(signal.signal.nearness.map { .array([.number(rounded4($0.crisis)), .number(rounded4($0.coercion)), .number(rounded4($0.ordinary))]) }))]).encoded() + "\n"
                        }
                        try append(lines, to: candidatesFile)
                    }
                    if let pieceVectorsFile, let meaning = companion.meaningSafety {
                        try writePieceVectors(safetySet, from: file, meaning: meaning, to: pieceVectorsFile)
                    }
                    results.append((file, safetyJSON(report)))
                    if !json { Output.out(renderSafety(report, file: file)) }
                } else {
                    var set = try EvaluationSet.parse(text, file: file)
                    if let half { set = set.half(half) }
                    let report = try evaluator.run(set)
                    if let candidatesFile, !totalsOnly {
                        var lines = ""
                        for dump in report.dumps {
                            let candidates = JSON.array(dump.candidates.map { candidate in
                                // passage, lexical share, best cosine, lexically confident, best body / FAQ question / asks cosines, slug, FAQ question, second-best cosine
                                .array([.int(candidate.passage.id), .number(rounded(candidate.lexicalShare)), .number(rounded(candidate.cosine)), .bool(candidate.lexicallyConfident),
                                        .number(rounded(candidate.cosines.body)), .number(rounded(candidate.cosines.question)), .number(rounded(candidate.cosines.asks)),
                                        .string(candidate.passage.slug), .optional(candidate.passage.question), .number(rounded(candidate.second))]) })
                            lines += JSON.object([("set", .string(file)), ("knowledge", .string(FileSystem.lastComponent((try? context.locations().knowledge) ?? ""))), ("line", .int(Int64(dump.line))), ("none", .bool(dump.expectsNoAnswer)),
                                                  ("right", .array(dump.right.map(JSON.int))), ("candidates", candidates)]).encoded() + "\n"
                        }
                        try append(lines, to: candidatesFile)
                    }
                    failed = failed || !report.unresolved.isEmpty
                    results.append((file, qualityJSON(report)))
                    if !json { Output.out(renderQuality(report, file: file, context: context)) }
                }
            } catch let problem as KnowledgeProblem {
                throw CommandFailure(problem.description)
            }
        }
        if json { Output.line(JSON.object(results).encoded(pretty: true)) }
        return failed ? 1 : 0
    }

    private func figures(_ scores: Evaluator.Scores) -> JSON {
        .object([
            ("recall_at_1", .number(rounded(scores.recallAtOne))), ("mrr_at_3", .number(rounded(scores.mrrAtThree))),
            ("no_answer_accuracy", .number(rounded(scores.noAnswerAccuracy))),
            ("excerpt_accuracy", .number(rounded(scores.excerptAccuracy))),
            ("answerable", .int(Int64(scores.questions))), ("uncovered", .int(Int64(scores.noAnswerQuestions))),
        ])
    }

    private func qualityJSON(_ report: Evaluator.Report) -> JSON {
        .object([
            ("confide", figures(report.system)),
            ("baseline", figures(report.baseline)),
            ("words_only", figures(report.lexical)),
            ("meaning", .bool(report.usedMeaning)),
            ("by_kind", .object(report.byKind.sorted { $0.key < $1.key }.map { ($0.key, figures($0.value)) })),
            ("misses", .array((totalsOnly ? [] : report.misses).map { miss in
                .object([("line", .int(Int64(miss.entry.line))), ("kind", .string(miss.entry.kind)), ("question", .string(miss.entry.question)),
                         ("rank", miss.rank.map { .int(Int64($0)) } ?? .null), ("got", .optional(miss.got))])
            })),
            ("unresolved", .array(report.unresolved.map(JSON.string))),
            ("calibration", .array((totalsOnly ? [] : report.calibration).map { .object([("coverage", .number(rounded($0.coverage))), ("matched", .number(rounded($0.matched))), ("right", $0.right.map(JSON.bool) ?? .null), ("cosine", $0.cosine.map { .number(rounded($0)) } ?? .null), ("lexically_confident", $0.lexicallyConfident.map(JSON.bool) ?? .null)]) })),
        ])
    }

    private func safetyJSON(_ report: Evaluator.SafetyReport) -> JSON {
        .object([
            ("must_trigger", .int(Int64(report.mustTrigger))), ("caught", .int(Int64(report.triggered))),
            ("right_kind", .int(Int64(report.rightKind))), ("ordinary", .int(Int64(report.ordinary))),
            ("false_alarms", .int(Int64(report.falseAlarms))),
            ("missed", .array(report.missed.map { .string($0.text) })), ("alarms", .array(report.alarms.map { .string($0.text) })),
        ])
    }

    /// The bank (kinds and vectors, written once per file) and each message's piece vectors, for
    /// trying other ways of scoring the pieces against the bank offline (what `--candidates` is
    /// for the fusion). Vectors only: the messages' text stays in the list.
    private func writePieceVectors(_ set: SafetySet, from list: String, meaning: MeaningSafety, to file: String) throws {
        var lines = ""
        if ((try? FileSystem.readBytes(file)) ?? []).isEmpty {
            lines += JSON.object([("bank", .array(meaning.bank.kinds.map { .optional($0?.rawValue) })), ("dimensions", .int(Int64(meaning.bank.dimensions))),
                                  ("vectors", .array(meaning.bank.vectors.array.map { .number(rounded6(Double($0))) }))]).encoded() + "\n"
        }
        for entry in set.entries {
            let pieces = MeaningSafety.pieces(of: entry.text, limit: meaning.maximumPieces)
            let vectors = pieces.isEmpty ? [] : meaning.encoder.vectors(for: pieces)
            lines += JSON.object([("set", .string(list)), ("line", .int(Int64(entry.line))), ("expect", .optional(entry.expected?.rawValue)),
                                  ("pieces", .array(vectors.map { .array($0.map { .number(rounded6(Double($0))) }) }))]).encoded() + "\n"
        }
        try append(lines, to: file)
    }

    private func rounded4(_ value: Double) -> Double { (value * 10_000).rounded() / 10_000 }

    private func rounded6(_ value: Double) -> Double { (value * 1_000_000).rounded() / 1_000_000 }

    /// Adds lines to the --candidates file (one run may write several sets into it).
    private func append(_ lines: String, to file: String) throws {
        let existing = (try? FileSystem.readBytes(file)) ?? []
        do { try FileSystem.writeAtomically(existing + Array(lines.utf8), to: file, mode: 0o600, replace: true) } catch { throw CommandFailure("cannot write \(error)") }
    }

    private func rounded(_ value: Double) -> Double { (value * 1000).rounded() / 1000 }

    private func format(_ value: Double) -> String {
        let thousandths = Int((value * 1000).rounded())
        return "\(thousandths / 1000).\(String(repeating: "0", count: 3 - String(thousandths % 1000).count))\(thousandths % 1000)"
    }

    private func renderQuality(_ report: Evaluator.Report, file: String, context: Context) -> String {
        let style = context.terminal.style
        var out = style.bold("Answer quality on \(file)") + " (\(report.system.questions) answerable, \(report.system.noAnswerQuestions) not covered)\n"
        if report.usedMeaning {
            out += "                      hybrid   words    baseline\n"
            out += "  recall@1            \(format(report.system.recallAtOne))    \(format(report.lexical.recallAtOne))    \(format(report.baseline.recallAtOne))\n"
            out += "  MRR@3               \(format(report.system.mrrAtThree))    \(format(report.lexical.mrrAtThree))    \(format(report.baseline.mrrAtThree))\n"
            out += "  no-answer accuracy  \(format(report.system.noAnswerAccuracy))    \(format(report.lexical.noAnswerAccuracy))    \(format(report.baseline.noAnswerAccuracy))\n"
        } else {
            out += "                      words    baseline   (no meaning model: \(context.modelProblem ?? "off"))\n"
            out += "  recall@1            \(format(report.system.recallAtOne))    \(format(report.baseline.recallAtOne))\n"
            out += "  MRR@3               \(format(report.system.mrrAtThree))    \(format(report.baseline.mrrAtThree))\n"
            out += "  no-answer accuracy  \(format(report.system.noAnswerAccuracy))    \(format(report.baseline.noAnswerAccuracy))\n"
        }
        if report.system.hitsAtOne > 0 { out += "  excerpt shows the labelled phrase in \(format(report.system.excerptAccuracy)) of the right first answers\n" }
        out += "  by kind:"
        for (kind, scores) in report.byKind.sorted(by: { $0.key < $1.key }) {
            out += scores.questions > 0 ? " \(kind) \(format(scores.recallAtOne)) (\(scores.questions))" : " \(kind) no-answer \(format(scores.noAnswerAccuracy)) (\(scores.noAnswerQuestions))"
        }
        out += "\n"
        if !report.misses.isEmpty && !totalsOnly {
            out += "  misses (\(report.misses.count)):\n"
            for miss in report.misses {
                let outcome = miss.entry.expectsNoAnswer ? "answered \(miss.got ?? "")" : (miss.got.map { "first \($0)" + (miss.rank.map { ", right one at \($0)" } ?? ", right one not shown") } ?? "no answer")
                out += "    line \(miss.entry.line) [\(miss.entry.kind)] \"\(miss.entry.question.prefix(70))\": \(outcome)\n"
            }
        }
        for problem in report.unresolved { out += "  unresolved label, \(problem)\n" }
        return out + "\n"
    }

    private func renderSafety(_ report: Evaluator.SafetyReport, file: String) -> String {
        var out = "Safety on \(file)\n"
        for kind in ["crisis", "coercion"] {
            guard let tiers = report.tiers[kind], tiers.messages > 0 else { continue }
            out += "  \(kind): full notice \(tiers.notices)/\(tiers.messages) (\(format(Double(tiers.notices) / Double(tiers.messages)))), notice or footer \(tiers.noticesOrFooters)/\(tiers.messages) (\(format(Double(tiers.noticesOrFooters) / Double(tiers.messages)))), with their own kind's resources \(tiers.withTheirKindsResources)\n"
        }
        if let ordinary = report.tiers["none"], ordinary.messages > 0 {
            out += "  ordinary: full notice \(report.ordinaryNotices)/\(ordinary.messages) (\(format(Double(report.ordinaryNotices) / Double(ordinary.messages)))), footer \(report.ordinaryFooters)/\(ordinary.messages) (\(format(Double(report.ordinaryFooters) / Double(ordinary.messages))))\n"
        }
        out += "  must trigger: \(report.triggered)/\(report.mustTrigger) caught (\(report.rightKind) of the right kind)\n"
        out += "  ordinary: \(report.falseAlarms)/\(report.ordinary) raised a notice (\(format(report.falseAlarmRate)))\n"
        if !totalsOnly {
            for entry in report.missed { out += "    missed, line \(entry.line): \"\(entry.text.prefix(80))\"\n" }
            for entry in report.alarms { out += "    false alarm, line \(entry.line): \"\(entry.text.prefix(80))\"\n" }
        }
        return out + "\n"
    }
}
