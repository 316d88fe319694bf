/// Measures answer quality on an evaluation set, for confide's ranking and, in the same run,
/// for a naive baseline, so that every change is judged side by side.
public struct Evaluator {
    public struct Scores: Sendable, Equatable {
        public var questions = 0
        public var hitsAtOne = 0
        public var reciprocalRanks = 0.0
        public var noAnswerQuestions = 0
        public var noAnswerCorrect = 0
        /// First citations that were right and whose excerpt shows a labelled phrase.
        public var excerptsShowingTheLabel = 0
        /// Share of right first citations whose excerpt shows the labelled phrase.
        public var excerptAccuracy: Double { hitsAtOne == 0 ? 0 : Double(excerptsShowingTheLabel) / Double(hitsAtOne) }

        /// Share of answerable questions whose first citation answers them.
        public var recallAtOne: Double { questions == 0 ? 0 : Double(hitsAtOne) / Double(questions) }
        /// Mean reciprocal rank of the first right passage among the first three.
        public var mrrAtThree: Double { questions == 0 ? 0 : reciprocalRanks / Double(questions) }
        /// Share of uncovered questions that got the honest no-answer.
        public var noAnswerAccuracy: Double { noAnswerQuestions == 0 ? 0 : Double(noAnswerCorrect) / Double(noAnswerQuestions) }
    }

    public struct Miss: Sendable {
        public var entry: EvaluationSet.Entry
        /// Where the first right passage came (nil: not among the three shown).
        public var rank: Int?
        /// What was cited first, as `slug: file:line`, or nil for the no-answer.
        public var got: String?
    }

    /// For calibrating the no-answer threshold: the best candidate's coverage and matched
    /// weight, and whether it was a right answer (nil for a question not covered).
    public struct Calibration: Sendable {
        public var coverage: Double
        public var matched: Double
        public var right: Bool?
        /// With meaning: the best fused candidate's cosine and whether words alone were confident.
        public var cosine: Double? = nil
        public var lexicallyConfident: Bool? = nil
    }

    /// For tuning the fusion offline: every fused candidate of a question, and the right ones.
    public struct CandidateDump: Sendable {
        public var line: Int
        public var expectsNoAnswer: Bool
        public var right: [Int64]
        public var candidates: [Fusion.Candidate]
    }

    public struct Report: Sendable {
        public var dumps: [CandidateDump] = []
        /// confide as configured: with meaning when the companion has it, else by words.
        public var system: Scores
        public var baseline: Scores
        /// confide by words alone (the lexical ranker, no meaning).
        public var lexical: Scores
        /// Whether `system` used meaning.
        public var usedMeaning: Bool
        public var misses: [Miss]
        public var byKind: [String: Scores]
        public var unresolved: [String]
        public var calibration: [Calibration] = []
    }

    public struct SafetyReport: Sendable {
        public var mustTrigger = 0
        public var triggered = 0
        public var rightKind = 0
        public var ordinary = 0
        public var falseAlarms = 0
        public var missed: [SafetySet.Entry] = []
        public var alarms: [SafetySet.Entry] = []
        /// With meaning: each message's expected kind, its signal by kind, and the kind the
        /// word rules found (for setting the tiers' thresholds on a validation list).
        public var signals: [(line: Int, expected: SafetyNotice.Kind?, signal: MeaningSafety.Signal, words: SafetyNotice.Kind?)] = []

        public var recall: Double { mustTrigger == 0 ? 1 : Double(triggered) / Double(mustTrigger) }

        /// The two tiers, by kind: how many messages of the kind, how many got the full notice,
        /// how many got the notice or the footer, and with the resources of their own kind.
        public struct Tiers: Sendable, Equatable {
            public var messages = 0
            public var notices = 0
            public var noticesOrFooters = 0
            public var withTheirKindsResources = 0
        }
        public var tiers: [String: Tiers] = [:]
        public var ordinaryNotices = 0
        public var ordinaryFooters = 0
        public var falseAlarmRate: Double { ordinary == 0 ? 0 : Double(falseAlarms) / Double(ordinary) }
    }

    let companion: Companion

    public init(companion: Companion) {
        self.companion = companion
    }

    public func run(_ set: EvaluationSet) throws -> Report {
        var system = Scores(), baseline = Scores(), lexical = Scores()
        let meaning = companion.meaning
        var byKind: [String: Scores] = [:]
        var misses: [Miss] = []
        var unresolved: [String] = []
        var calibration: [Calibration] = []
        var dumps: [CandidateDump] = []
        let naive = NaiveBaseline(index: companion.index)
        for entry in set.entries {
            let right = try resolve(entry.answers, unresolved: &unresolved, line: entry.line)
            let answer = try companion.answer(entry.question)
            let (plan, frequencies) = try companion.plan(for: entry.question)
            if let meaning {
                companion.meaning = nil
                let wordsOnly = try companion.answer(entry.question)
                companion.meaning = meaning
                _ = score(wordsOnly.citations.map(\.passageID), right: right, expectsNoAnswer: entry.expectsNoAnswer, into: &lexical)
                let fused = try companion.fusedPassages(for: entry.question, plan: plan, frequencies: frequencies, meaning: meaning)
                let best = fused.first
                dumps.append(CandidateDump(line: entry.line, expectsNoAnswer: entry.expectsNoAnswer, right: right.sorted(),
                                           candidates: fused))
                calibration.append(Calibration(coverage: best?.lexical?.coverage ?? 0, matched: best?.lexical?.matchedWeight ?? 0,
                                               right: entry.expectsNoAnswer ? nil : best.map { right.contains($0.passage.id) } ?? false,
                                               cosine: best?.cosine, lexicallyConfident: best?.lexicallyConfident))
            } else if let best = try companion.rankedPassages(for: plan, frequencies: frequencies).first {
                calibration.append(Calibration(coverage: best.coverage, matched: best.matchedWeight, right: entry.expectsNoAnswer ? nil : right.contains(best.passage.id)))
            } else {
                calibration.append(Calibration(coverage: 0, matched: 0, right: entry.expectsNoAnswer ? nil : false))
            }
            let cited = answer.citations.map(\.passageID)
            if let first = answer.citations.first, right.contains(first.passageID) {
                let shown = Self.normalized(first.excerpt.replacingOccurrences("\u{2026}", " "))
                if entry.answers.contains(where: { shown.contains(Self.normalized($0.phrase)) }) { system.excerptsShowingTheLabel += 1 }
            }
            if meaning == nil { _ = score(cited, right: right, expectsNoAnswer: entry.expectsNoAnswer, into: &lexical) }
            var kind = byKind[entry.kind] ?? Scores()
            let rank = score(cited, right: right, expectsNoAnswer: entry.expectsNoAnswer, into: &system)
            _ = score(cited, right: right, expectsNoAnswer: entry.expectsNoAnswer, into: &kind)
            byKind[entry.kind] = kind
            let hit = entry.expectsNoAnswer ? cited.isEmpty : rank == 1
            if !hit {
                let got = answer.citations.first.map { "\($0.slug): \($0.source)" }
                misses.append(Miss(entry: entry, rank: rank, got: got))
            }
            _ = score(try naive.top(entry.question, limit: 3), right: right, expectsNoAnswer: entry.expectsNoAnswer, into: &baseline)
        }
        return Report(dumps: dumps, system: system, baseline: baseline, lexical: lexical, usedMeaning: meaning != nil, misses: misses, byKind: byKind, unresolved: unresolved, calibration: calibration)
    }

    public func run(_ set: SafetySet) -> SafetyReport {
        var report = SafetyReport()
        for entry in set.entries {
            let notice = companion.safety.notice(for: entry.text)
            var combined = notice
            if let meaning = companion.meaningSafety {
                let signal = meaning.signal(for: entry.text)
                report.signals.append((entry.line, entry.expected, signal, notice?.kind))
                combined = companion.safetyTiers.combine(words: notice, signal: signal, rules: companion.safety.rules)
            }
            let kind = entry.expected?.rawValue ?? "none"
            var tiers = report.tiers[kind] ?? SafetyReport.Tiers()
            tiers.messages += 1
            if let combined {
                if combined.level == .notice { tiers.notices += 1 }
                tiers.noticesOrFooters += 1
                if let expected = entry.expected, let own = companion.safety.rules.categories.first(where: { $0.kind == expected })?.resources,
                   own.contains(where: combined.resources.contains) {
                    tiers.withTheirKindsResources += 1
                }
                if entry.expected == nil {
                    if combined.level == .notice { report.ordinaryNotices += 1 } else { report.ordinaryFooters += 1 }
                }
            }
            report.tiers[kind] = tiers
            if let expected = entry.expected {
                report.mustTrigger += 1
                if let notice {
                    report.triggered += 1
                    if notice.kind == expected || companion.safety.findings(in: entry.text).contains(where: { $0.kind == expected }) { report.rightKind += 1 }
                } else {
                    report.missed.append(entry)
                }
            } else {
                report.ordinary += 1
                if notice != nil {
                    report.falseAlarms += 1
                    report.alarms.append(entry)
                }
            }
        }
        return report
    }

    /// The 1-based rank of the first right passage among `cited` (nil when absent).
    private func score(_ cited: [Int64], right: Set<Int64>, expectsNoAnswer: Bool, into scores: inout Scores) -> Int? {
        if expectsNoAnswer {
            scores.noAnswerQuestions += 1
            if cited.isEmpty { scores.noAnswerCorrect += 1 }
            return nil
        }
        scores.questions += 1
        guard let index = cited.prefix(3).firstIndex(where: right.contains) else { return nil }
        if index == 0 { scores.hitsAtOne += 1 }
        scores.reciprocalRanks += 1 / Double(index + 1)
        return index + 1
    }

    /// The passages a label names: in its article, the paragraph that holds its phrase.
    private func resolve(_ labels: [EvaluationSet.Label], unresolved: inout [String], line: Int) throws -> Set<Int64> {
        var ids: Set<Int64> = []
        for label in labels {
            let phrase = Self.normalized(label.phrase)
            let found = try companion.index.passages(ofArticle: label.slug).filter { Self.normalized($0.body).contains(phrase) }
            if found.count == 1 {
                ids.insert(found[0].id)
            } else {
                unresolved.append("line \(line): '\(label.slug): \(label.phrase.prefix(50))' matches \(found.count) passages")
            }
        }
        return ids
    }

    static func normalized(_ text: String) -> String {
        text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}

/// The floor to beat: plain porter FTS5 over paragraph bodies, the question's words ORed, the
/// best bm25 first, and an answer whenever anything matches.
public struct NaiveBaseline {
    let index: KnowledgeIndex

    public func top(_ question: String, limit: Int) throws -> [Int64] {
        guard let pattern = FTS5Pattern.matchingAny(of: Words.tokens(question)) else { return [] }
        let bodyOnly = FTS5Pattern(rawPattern: "body : (\(pattern.rawPattern))")
        return try index.search(bodyOnly, weights: FieldWeights(question: 0, section: 0, title: 0, body: 1, asks: 0), limit: limit).map(\.id)
    }
}
