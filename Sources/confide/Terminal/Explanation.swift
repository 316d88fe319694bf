import ConfideKit

/// `ask --explain`: how a question was read and why each candidate ranked where it did.
struct Explanation {
    let companion: Companion
    /// The meaning model's nearest passages, shown beside the ranking (not yet part of it).
    var meaning: MeaningSearch?
    var modelProblem: String?

    func render(_ question: String, following previous: String?, style: Style) throws -> String {
        let (plan, frequencies) = try companion.plan(for: question, following: previous)
        let ranked = try companion.rankedPassages(for: plan, frequencies: frequencies)
        var out = style.bold("How the question was read") + "\n"
        for concept in plan.concepts {
            let alternatives = concept.alternatives.map { alternative -> String in
                let mark = alternative.source == .typed ? "" : " (\(alternative.source.rawValue) \(alternative.weight))"
                let df = alternative.stems.map { String(frequencies[$0] ?? 0) }.joined(separator: "+")
                return "\(alternative.text)[\(df)]\(mark)"
            }
            let note = concept.inStoryOnly ? " (only in the story, not the asking sentence: \(concept.weight))"
                : concept.weight < 1 ? " (from the previous question, \(concept.weight))" : ""
            out += "  \(concept.label)\(note): " + alternatives.joined(separator: ", ") + "\n"
        }
        for correction in plan.corrections { out += "  corrected: \(correction.typed) \u{2192} \(correction.corrected)\n" }
        if plan.isEmpty { out += "  (no words to search for)\n" }
        out += "  FTS5: \(plan.pattern?.rawPattern.prefix(300) ?? "(none)")\n"
        out += style.bold("Candidates") + " (score = (body + fields) \u{00D7} coverage^\(companion.ranker.parameters.coveragePower) \u{00D7} (1 + \(companion.ranker.parameters.wording) \u{00D7} wording); confident from coverage \(companion.ranker.parameters.minimumCoverage))\n"
        for scored in ranked.prefix(8) {
            let confident = companion.ranker.isConfident(scored) ? "" : "  (below the threshold)"
            out += "  \(format(scored.score))  body \(format(scored.body))  fields \(format(scored.fields))  coverage \(format(scored.coverage))  wording \(format(scored.wording))  \(scored.passage.source)\(confident)\n"
            out += "      matched: \(scored.matched.joined(separator: ", "))  \u{2014} \(scored.passage.question ?? scored.passage.section ?? scored.passage.title)\n"
        }
        out += try meaningSection(question, style: style)
        out += safetySection(question, style: style)
        return out
    }

    /// What the safety check saw: the word rules that matched (with their kind of sign), and
    /// meaning's signals beside the thresholds of the two tiers.
    private func safetySection(_ question: String, style: Style) -> String {
        var out = style.bold("Safety") + "\n"
        let findings = companion.safety.findings(in: question)
        if findings.isEmpty { out += "  words: no rule matched\n" }
        for finding in findings {
            out += "  words: \(finding.kind.rawValue)\(finding.sign.map { " \u{203A} \($0)" } ?? ""): '\(finding.pattern)' matched \(finding.words.joined(separator: " "))\n"
        }
        if let meaningSafety = companion.meaningSafety, companion.safetyTiers != .off {
            let signal = meaningSafety.signal(for: question)
            let tiers = companion.safetyTiers
            for kind in [SafetyNotice.Kind.crisis, .coercion] {
                let piece = kind == .crisis ? signal.crisisPiece : signal.coercionPiece
                out += "  meaning: \(kind.rawValue) signal \(format(signal.value(kind))) (notice from \(format(tiers.notice(kind))), footer from \(format(tiers.footer(kind))))\(piece.isEmpty ? "" : ", nearest piece \"\(piece.prefix(80))\"")\n"
            }
        } else {
            out += "  meaning: off (no model or no example bank)\n"
        }
        return out
    }

    private func meaningSection(_ question: String, style: Style) throws -> String {
        guard let meaning = companion.meaning ?? meaning else { return style.bold("Meaning") + ": " + (modelProblem ?? ModelLocation.howToGet) + "\n" }
        let coverage = try meaning.index.vectorCoverage(model: meaning.encoder.identity)
        guard companion.meaning != nil else {
            var out = style.bold("Meaning") + " (\(meaning.encoder.identity), vectors for \(coverage.embedded) of \(coverage.texts) texts; not used for this answer: \(modelProblem ?? "incomplete"))\n"
            for match in try meaning.nearest(to: question, limit: 5) {
                guard let passage = try meaning.index.passage(id: match.passage) else { continue }
                out += "  \(format(Double(match.cosine)))  \(Self.part(match.part))  \(passage.source)  \u{2014} \(passage.question ?? passage.section ?? passage.title)\n"
            }
            return out
        }
        let fusion = companion.fusion
        let (plan, frequencies) = try companion.plan(for: question)
        let fused = try companion.fusedPassages(for: question, plan: plan, frequencies: frequencies, meaning: meaning)
        var out = style.bold("Meaning and words fused") + " (\(meaning.encoder.identity), \(coverage.texts) texts; score = \(fusion.meaningWeight) \u{00D7} meaning + \(format(1 - fusion.meaningWeight)) \u{00D7} words score / best words score; meaning = (best cosine + \(format(fusion.secondWeight)) \u{00D7} the second kind of text's) / \(format(1 + fusion.secondWeight)))\n"
        for candidate in fused.prefix(8) {
            let words = candidate.lexical == nil ? "found by meaning alone" : "words \(format(candidate.lexicalShare))\(candidate.lexicallyConfident ? " (confident)" : "")"
            let second = Fusion.secondKind(candidate.cosines).map { ", then \($0.kind) \(format($0.cosine))" } ?? ""
            out += "  \(format(candidate.score))  cosine \(format(candidate.cosine)) (\(Self.part(candidate.part))\(second))  \(words)  \(candidate.passage.source)\(candidate.isCitable ? "" : "  (not citable)")\n"
            out += "      \u{2014} \(candidate.passage.question ?? candidate.passage.section ?? candidate.passage.title)\n"
        }
        out += style.bold("Answer gate") + ": "
        if let best = fused.first {
            if best.cosine >= fusion.answerCosine && (best.lexicalShare > 0 || best.cosine >= fusion.meaningAloneCosine) {
                out += "open: the best candidate's cosine \(format(best.cosine)) reaches \(format(fusion.answerCosine))\(best.lexicalShare > 0 ? "" : " (and \(format(fusion.meaningAloneCosine)), needed when no word of the question found it)")\n"
            } else if best.lexicallyConfident && best.cosine >= fusion.lexicalCosine {
                out += "open: words are confident and the cosine \(format(best.cosine)) reaches \(format(fusion.lexicalCosine))\n"
            } else {
                let needed = best.lexicalShare > 0 ? fusion.answerCosine : max(fusion.answerCosine, fusion.meaningAloneCosine)
                out += "shut: the best candidate's cosine \(format(best.cosine)) is under \(format(needed))\(best.lexicalShare > 0 ? "" : " (no word of the question found it)")\(best.lexicallyConfident ? " and under \(format(fusion.lexicalCosine)) with confident words" : ", and words are not confident")\n"
            }
        } else {
            out += "shut: no candidate\n"
        }
        return out
    }

    static func part(_ part: Int) -> String {
        switch part {
        case MeaningText.Part.body.rawValue: return "body"
        case MeaningText.Part.question.rawValue: return "FAQ question"
        default: return "ask \(part - MeaningText.Part.ask.rawValue + 1)"
        }
    }

    private func format(_ value: Double) -> String {
        // The sign apart: -0.02 is -2 hundredths, whose whole part (0) has none.
        let hundredths = Int((value * 100).rounded())
        let fraction = abs(hundredths) % 100
        return "\(hundredths < 0 ? "-" : "")\(abs(hundredths) / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}
