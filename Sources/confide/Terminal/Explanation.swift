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
        return out
    }

    private func meaningSection(_ question: String, style: Style) throws -> String {
        guard let meaning else { return style.bold("Meaning") + ": " + (modelProblem ?? ModelLocation.howToGet) + "\n" }
        let coverage = try meaning.index.vectorCoverage(model: meaning.encoder.identity)
        var out = style.bold("Meaning") + " (\(meaning.encoder.identity), vectors for \(coverage.embedded) of \(coverage.texts) texts\(coverage.isComplete ? "" : "; `confide index` embeds the rest"))\n"
        let parts = ["body", "FAQ question"]
        for match in try meaning.nearest(to: question, limit: 5) {
            guard let passage = try meaning.index.passage(id: match.passage) else { continue }
            let part = match.part < parts.count ? parts[match.part] : "ask \(match.part - 1)"
            out += "  \(format(Double(match.cosine)))  \(part)  \(passage.source)  \u{2014} \(passage.question ?? passage.section ?? passage.title)\n"
        }
        return out
    }

    private func format(_ value: Double) -> String {
        let hundredths = Int((value * 100).rounded())
        let fraction = abs(hundredths % 100)
        return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}
