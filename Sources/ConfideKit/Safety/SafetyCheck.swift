/// Looks at every question before it is answered, for signs of suicidal thoughts or self-harm
/// and of sexual coercion, assault or partner violence. It errs toward showing help: a missed
/// crisis costs far more than a phone number nobody needed.
public struct SafetyCheck: Sendable {
    public let rules: SafetyRules

    public init(rules: SafetyRules = .defaults) {
        self.rules = rules
    }

    public struct Finding: Sendable, Equatable {
        public var kind: SafetyNotice.Kind
        public var pattern: String
        public var words: [String]
        /// The kind of warning sign (`sign:` in `safety.txt`), when the file names it.
        public var sign: String? = nil
    }

    /// Every kind of sign found, each with the first pattern that matched.
    public func findings(in text: String) -> [Finding] {
        let tokens = Words.tokens(text)
        guard !tokens.isEmpty else { return [] }
        // Whether a pattern word matches a token is worked out once per distinct token: a long
        // message repeats its words, and every pattern asks about every position.
        // A typo rarely falls on the first letter, so only pattern words that start with the
        // token's first letter are compared.
        var known: [String: [Bool]] = [:]
        let alternatives = rules.alternatives
        let blank = [Bool](repeating: false, count: alternatives.count)
        let matchesByPosition: [[Bool]] = tokens.map { token in
            if let row = known[token] { return row }
            var row = blank
            if let first = token.first {
                for id in rules.alternativesByFirstLetter[first] ?? [] where Self.matches(alternatives[id], token) { row[id] = true }
            }
            known[token] = row
            return row
        }
        func matches(_ id: Int, _ position: Int) -> Bool { matchesByPosition[position][id] }

        // Idioms mask their words, so "this is killing me" lends nothing to "kill* me".
        var masked = [Bool](repeating: false, count: tokens.count)
        for idiom in rules.compiledIdioms {
            var from = 0
            while let positions = idiom.firstMatch(count: tokens.count, from: from, masked: masked, matches: matches) {
                for position in positions { masked[position] = true }
                from = positions[0] + 1
            }
        }
        var found: [Finding] = []
        for (category, patterns) in zip(rules.categories, rules.compiledCategories) {
            for (pattern, compiled) in zip(category.patterns, patterns) {
                if let positions = compiled.firstMatch(count: tokens.count, from: 0, masked: masked, matches: matches) {
                    found.append(Finding(kind: category.kind, pattern: pattern.source, words: positions.map { tokens[$0] }, sign: pattern.sign))
                    break
                }
            }
        }
        return found
    }

    /// The notice to show before anything else, or nil.
    public func notice(for text: String) -> SafetyNotice? {
        let found = findings(in: text)
        guard let first = found.first, let category = rules.categories.first(where: { $0.kind == first.kind }) else { return nil }
        var resources = category.resources
        var message = category.message
        for other in found.dropFirst() {
            guard let more = rules.categories.first(where: { $0.kind == other.kind }) else { continue }
            message += " " + more.message
            resources += more.resources.filter { !resources.contains($0) }
        }
        resources += rules.always.filter { !resources.contains($0) }
        return SafetyNotice(kind: first.kind, message: message, resources: resources)
    }

    static func matches(_ alternative: SafetyPattern.Alternative, _ token: String) -> Bool {
        let word = alternative.word
        if alternative.isPrefix {
            if token.hasPrefix(word) { return true }
            // A four-letter stem forgives only a dropped letter ("kil" for kill), so that
            // "shot" is not read as "shov".
            if word.count == 4 { return token.count == 3 && EditDistance.between(token, word, limit: 1) == 1 }
            guard word.count >= 5 else { return false }
            return EditDistance.prefix(of: token, to: word, limit: 1) <= 1
        }
        if token == word { return true }
        let allowed = word.count >= 8 ? 2 : (word.count >= 5 ? 1 : 0)
        guard allowed > 0, abs(token.count - word.count) <= allowed else { return false }
        return EditDistance.between(token, word, limit: allowed) <= allowed
    }
}
