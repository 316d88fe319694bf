import ConfideKit

/// An answer as a person reads it in a terminal: the safety notice first, then numbered
/// citations with their excerpts, then related reading, or the honest fallback.
struct AnswerRenderer {
    var terminal: Terminal
    /// Where the person reads it, so that hints name a command they can type there.
    var place: Place = .shell

    enum Place {
        case shell, companion

        /// How to list the articles from here.
        var articlesCommand: String { self == .shell ? "confide articles" : "/articles" }
    }

    func render(_ answer: Answer) -> String {
        let style = terminal.style
        let width = terminal.readingWidth
        var blocks: [String] = []
        if let safety = answer.safety, safety.level == .notice {
            blocks.append(render(safety))
        }
        if let safety = answer.safety, safety.level == .notice, safety.kind == .crisis, !answer.citations.isEmpty {
            blocks.append(TextWrap.wrap(style.dim("What follows is from the articles. It is not a substitute for talking with someone now."), width: width))
        }
        if let previous = answer.readWith {
            // One dim line, so that a follow-up's answer is not a puzzle.
            // The person's own words, but never a control character to the terminal.
            let clean = String(String.UnicodeScalarView(previous.unicodeScalars.map { $0.properties.generalCategory == .control ? " " : $0 }))
            let shown = clean.count > 60 ? String(clean.prefix(57)) + "\u{2026}" : clean
            blocks.append(TextWrap.wrap(style.dim("Read as a follow-up to \u{201C}\(shown)\u{201D}"), width: width))
        }
        for citation in answer.citations {
            let number = style.number("\(citation.number).")
            var block = TextWrap.wrap(style.bold(citation.label), width: width, indent: "   ", firstIndent: number + " ")
            let excerpt = Highlights.apply(in: citation.excerpt, stems: answer.highlightStems) { style.highlight(String($0)) }
            block += "\n" + TextWrap.wrap(excerpt, width: width, indent: "   ")
            block += "\n   " + style.dim(citation.source)
            blocks.append(block)
        }
        if var fallback = answer.fallback {
            if answer.fallbackReason == .noMatch, fallback.hasSuffix(".") {
                fallback = String(fallback.dropLast()) + " (\(place.articlesCommand))."
            }
            blocks.append(TextWrap.wrap(fallback, width: width))
        }
        if !answer.related.isEmpty {
            let titles = answer.related.map { item in item.slug.map { "\(item.title) (\($0))" } ?? item.title }
            blocks.append(TextWrap.wrap(style.dim("Related reading: ") + titles.joined(separator: " \u{00B7} "), width: width, indent: "  "))
        }
        if let safety = answer.safety, safety.level == .footer {
            // Calm and short, after the answer: a door left open, not an alarm.
            let resources = safety.resources.map { "\($0.name): \($0.contact)" }.joined(separator: " \u{00B7} ")
            blocks.append(TextWrap.wrap(safety.message + " " + resources, width: width))
        }
        return blocks.joined(separator: "\n\n") + "\n"
    }

    func render(_ safety: SafetyNotice) -> String {
        let style = terminal.style
        var lines = [TextWrap.wrap(style.bold(safety.message), width: terminal.readingWidth)]
        for resource in safety.resources {
            lines.append("  \u{2022} \(resource.name): \(style.bold(resource.contact))")
        }
        return lines.joined(separator: "\n")
    }
}
