/// The words of the knowledge base as the index stores them (porter stems, with how many
/// passages hold each), for correcting misspelled question words.
public struct Vocabulary: Sendable {
    public var frequencies: [String: Int]
    /// Stems by first letter, for finding near misses without scanning everything.
    private var byFirstLetter: [Character: [String]] = [:]

    public init(frequencies: [String: Int]) {
        self.frequencies = frequencies
        for stem in frequencies.keys {
            if let first = stem.first { byFirstLetter[first, default: []].append(stem) }
        }
    }

    public func contains(_ stem: String) -> Bool { frequencies[stem] != nil }

    /// Short words have too many neighbours to correct ("tyre" is one letter from "type",
    /// "tire", "true"): only a word or stem of this many letters is ever corrected.
    public static let shortestCorrected = 5

    /// Whether `correction` could correct this word at all (so a question with no such word
    /// need not read the vocabulary).
    public static func mightCorrect(stem: String, word: String) -> Bool {
        stem.count >= shortestCorrected || word.unicodeScalars.count >= shortestCorrected
    }

    public struct Correction {
        public var text: String
        public var alternatives: [QueryPlan.Alternative]
    }

    /// Endings the stemmer takes off, for comparing a misspelled word to stems: a typo can
    /// change how a word stems ("respnsive" keeps its "-ive", "responsive" becomes "respons").
    static let endings: Set<String> = [
        "", "e", "s", "es", "ed", "d", "ing", "ive", "ion", "ions", "ate", "ates", "ated", "ating",
        "ly", "ness", "ful", "ment", "ments", "al", "er", "ers", "y", "ies", "ied", "ity", "ous",
        "ence", "ance", "ize", "ise", "ism", "ist", "able", "ible", "ic", "ical", "ship",
    ]

    /// The most frequent stem within one edit (two for words of eight letters or more), or a
    /// lexicon member that near; failing both, a stem one or two edits from the start of the
    /// word as typed with only an ending after it; nil when nothing is that close.
    public func correction(for stem: String, word: String, lexicon: Lexicon) -> Correction? {
        if let near = correction(for: stem, lexicon: lexicon) { return near }
        let letters = Array(word.lowercased().unicodeScalars)
        guard letters.count >= Self.shortestCorrected, let first = stem.first else { return nil }
        let allowed = letters.count >= 8 ? 2 : 1
        var best: (stem: String, distance: Int, frequency: Int)?
        for candidate in byFirstLetter[first] ?? [] where candidate.count >= 4 && candidate.count <= letters.count + 1 {
            let length = candidate.unicodeScalars.count
            for split in max(1, length - 1)...min(letters.count, length + 1) {
                var ending = String.UnicodeScalarView(), start = String.UnicodeScalarView()
                ending.append(contentsOf: letters[split...])
                guard Self.endings.contains(String(ending)) else { continue }
                start.append(contentsOf: letters[..<split])
                let distance = EditDistance.between(String(start), candidate, limit: allowed)
                guard distance <= allowed else { continue }
                let frequency = frequencies[candidate] ?? 0
                if best == nil || (distance, -frequency) < (best!.distance, -best!.frequency) {
                    best = (candidate, distance, frequency)
                }
            }
        }
        guard let best else { return nil }
        return Correction(text: best.stem, alternatives: [QueryPlan.Alternative(stems: [best.stem], weight: 0.9, source: .corrected, text: best.stem, isStem: true)])
    }

    /// The most frequent stem within one edit (two for words of eight letters or more), or a
    /// lexicon member that near; nil when nothing is that close.
    public func correction(for stem: String, lexicon: Lexicon) -> Correction? {
        let length = stem.count
        guard length >= Self.shortestCorrected else { return nil }
        let allowed = length >= 8 ? 2 : 1
        var best: (stem: String, distance: Int, frequency: Int)?
        // Letters are rarely wrong at the start of a word; look among words with the same first.
        for candidate in byFirstLetter[stem.first!] ?? [] where abs(candidate.count - length) <= allowed {
            let distance = EditDistance.between(candidate, stem, limit: allowed)
            guard distance <= allowed else { continue }
            let frequency = frequencies[candidate] ?? 0
            if best == nil || (distance, -frequency) < (best!.distance, -best!.frequency) {
                best = (candidate, distance, frequency)
            }
        }
        // A lexicon member can be nearer than any word of the articles ("husbnd").
        for group in lexicon.groups {
            for (offset, member) in group.members.enumerated() where member.count == 1 && member[0].first == stem.first {
                let distance = EditDistance.between(member[0], stem, limit: allowed)
                guard distance <= allowed, best == nil || distance < best!.distance else { continue }
                let alternatives = group.members.enumerated().map { index, stems in
                    QueryPlan.Alternative(stems: stems, weight: index == offset ? 0.9 : group.weight * 0.9, source: .corrected, text: group.memberTexts[index])
                }
                return Correction(text: group.memberTexts[offset], alternatives: alternatives)
            }
        }
        guard let best else { return nil }
        return Correction(text: best.stem, alternatives: [QueryPlan.Alternative(stems: [best.stem], weight: 0.9, source: .corrected, text: best.stem, isStem: true)])
    }
}
