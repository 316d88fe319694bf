/// A misspelled question, spelled as a word the model knows, for its vector: the spelling
/// correction finds the articles' stem ("desier" → desir), and the model needs a word, not a
/// stem. Among the model's own whole words (its WordPiece vocabulary) the one nearest the typed
/// word whose porter stem is that stem stands in ("desire"). WordPiece cuts a typo into
/// fragments that mean little, so without this a misspelled question is far from everything.
enum CorrectedWording {
    /// `question` with each corrected word replaced by its spelling, or nil when none applies.
    static func text(_ question: String, corrections: [(typed: String, corrected: String)], vocabulary: WordPieceVocabulary) -> String? {
        var words = question.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        var changed = false
        for (typed, stem) in corrections {
            guard let spelled = spelling(of: stem, near: typed, vocabulary: vocabulary) else { continue }
            for index in words.indices {
                let bare = words[index].lowercased().filter { $0.isLetter || $0 == "'" }
                if bare == typed.lowercased() {
                    words[index] = spelled
                    changed = true
                }
            }
        }
        return changed ? words.joined(separator: " ") : nil
    }

    /// The whole word of the vocabulary nearest `typed` (edit distance at most 3) whose stem is
    /// `stem`; nil when there is none.
    static func spelling(of stem: String, near typed: String, vocabulary: WordPieceVocabulary) -> String? {
        let typed = typed.lowercased()
        let length = typed.count
        guard let first = stem.first else { return nil }
        var best: (word: String, distance: Int)?
        for id in 0..<Int32(vocabulary.count) {
            let token = vocabulary.token(id)
            guard token.first == first, abs(token.count - length) <= 3, !token.hasPrefix("##"), token.allSatisfy(\.isLetter) else { continue }
            let distance = EditDistance.between(token, typed, limit: 4)
            guard distance <= 3, distance < (best?.distance ?? .max), PorterStemmer.stem(token) == stem else { continue }
            best = (token, distance)
        }
        return best?.word
    }
}
