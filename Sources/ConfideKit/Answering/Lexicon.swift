/// The concept lexicon: groups of words and phrases that mean the same thing in this knowledge
/// base (`Knowledge/lexicon.txt`). A question that uses one member also searches for the others,
/// at a lower weight, so "my husband keeps turning me down" meets "your partner's no".
public struct Lexicon: Sendable, Equatable {
    public struct Group: Sendable, Equatable {
        public var name: String
        /// Each member as its sequence of porter stems ("turned down" is ["turn", "down"]).
        public var members: [[String]]
        public var memberTexts: [String]
        /// How much a member found through the group counts next to the word typed.
        public var weight: Double
        public var line: Int
    }

    public var groups: [Group]
    /// From the first stem of a member to the groups and members that start with it.
    private var byFirstStem: [String: [(group: Int, member: Int)]] = [:]

    public static let fileName = "lexicon.txt"
    public static let defaultWeight = 1.0
    public static let empty = Lexicon(groups: [])

    public init(groups: [Group]) {
        self.groups = groups
        for (groupIndex, group) in groups.enumerated() {
            for (memberIndex, member) in group.members.enumerated() {
                byFirstStem[member[0], default: []].append((groupIndex, memberIndex))
            }
        }
    }

    public static func == (lhs: Lexicon, rhs: Lexicon) -> Bool { lhs.groups == rhs.groups }

    /// The format: `# comments`; one group a line, `name: member, member, ...`, optionally
    /// `name (0.8): ...` to set the group's weight (default 1: as much as the word typed). Members may be phrases.
    public static func parse(_ text: String, file: String) throws(KnowledgeProblem) -> Lexicon {
        var groups: [Group] = []
        for line in TextLines.split(text) {
            let content = line.trimmed
            if content.isEmpty || content.hasPrefix("#") { continue }
            guard let colon = content.firstIndex(of: ":") else {
                throw KnowledgeProblem(file: file, line: line.number, message: "a group is written 'name: word, word, phrase'")
            }
            var name = content[..<colon].trimmingWhitespace
            var weight = defaultWeight
            if let open = name.firstIndex(of: "("), name.hasSuffix(")") {
                guard let value = Double(name[name.index(after: open)..<name.index(before: name.endIndex)].trimmingWhitespace), value > 0, value <= 1 else {
                    throw KnowledgeProblem(file: file, line: line.number, message: "a group's weight is a number above 0 and at most 1, like 'name (0.8):'")
                }
                weight = value
                name = name[..<open].trimmingWhitespace
            }
            let texts = content[content.index(after: colon)...].split(separator: ",").map { $0.trimmingWhitespace }.filter { !$0.isEmpty }
            var members: [[String]] = [], memberTexts: [String] = []
            for text in [name] + texts {
                let stems = Words.tokens(text).map(PorterStemmer.stem)
                guard !stems.isEmpty else {
                    throw KnowledgeProblem(file: file, line: line.number, message: "'\(text.prefix(30))' has no words")
                }
                // Members and their texts stay side by side: a text searches for its own stems.
                if !members.contains(stems) {
                    members.append(stems)
                    memberTexts.append(text)
                }
            }
            guard members.count >= 2 else {
                throw KnowledgeProblem(file: file, line: line.number, message: "the group '\(name)' needs at least one other word after the colon")
            }
            groups.append(Group(name: name, members: members, memberTexts: memberTexts, weight: weight, line: line.number))
        }
        return Lexicon(groups: groups)
    }

    /// Where a phrase that starts at `start` ends (exclusive), or nil when it is not there.
    public static func phraseEnd(_ phrase: [String], in stems: [String], stopWords: [Bool], from start: Int, allowedGap: Int = 2) -> Int? {
        guard start < stems.count, stems[start] == phrase[0] else { return nil }
        var position = start + 1
        for stem in phrase.dropFirst() {
            var skipped = 0
            while position < stems.count, stems[position] != stem, stopWords[position], skipped < allowedGap {
                position += 1
                skipped += 1
            }
            guard position < stems.count, stems[position] == stem else { return nil }
            position += 1
        }
        return position
    }

    public static func load(from folder: KnowledgeFolder) -> (lexicon: Lexicon, problems: [KnowledgeProblem]) {
        let path = folder.fullPath(fileName)
        guard FileSystem.exists(path) else { return (.empty, []) }
        let bytes: [UInt8]
        do { bytes = try FileSystem.readRegularFile(path) } catch { return (.empty, [KnowledgeProblem(file: fileName, line: 1, message: "cannot be read: \(error.reason)")]) }
        do {
            return (try parse(String(decoding: bytes, as: UTF8.self), file: fileName), [])
        } catch {
            return (.empty, [error])
        }
    }

    /// Particles of phrasal verbs, as stems ("away" is "awai").
    static let particles: Set<String> = ["down", "off", "awai", "out", "up", "back"]

    /// Where a two-word phrasal verb ends when other words stand between the verb and its
    /// particle ("turned my husband down" is "turned down"), and the words between; nil when
    /// it is not there, or when only stop words stand between (`phraseEnd` finds those).
    public static func separatedParticleEnd(_ phrase: [String], in stems: [String], stopWords: [Bool], from start: Int, widest: Int = 3) -> (end: Int, between: Range<Int>)? {
        guard phrase.count == 2, particles.contains(phrase[1]), start < stems.count, stems[start] == phrase[0] else { return nil }
        var position = start + 1
        while position < stems.count, position - start - 1 <= widest {
            if stems[position] == phrase[1] {
                let between = start + 1..<position
                return between.contains(where: { !stopWords[$0] }) ? (position + 1, between) : nil
            }
            position += 1
        }
        return nil
    }

    /// A member found in a question: where it starts, how many words it spans, its group, and
    /// the words inside the span that are not its own ("my husband" in "turned my husband down").
    public struct Match: Sendable, Equatable {
        public var start: Int
        public var length: Int
        public var group: Int
        public var between: Range<Int>? = nil

        /// The positions of the member's own words.
        public var positions: [Int] {
            (start..<start + length).filter { !(between?.contains($0) ?? false) }
        }
    }

    /// Members found in a sequence of stems, longest first, not overlapping. A phrase may have
    /// up to two stop words inside it that it does not name: "turned me down" is "turned down".
    public func matches(in stems: [String], stopWords: [Bool]) -> [Match] {
        var found: [Match] = []
        var taken = [Bool](repeating: false, count: stems.count)
        var candidates: [Match] = []
        for (start, stem) in stems.enumerated() {
            for (group, member) in byFirstStem[stem] ?? [] {
                let phrase = groups[group].members[member]
                if let end = Self.phraseEnd(phrase, in: stems, stopWords: stopWords, from: start) {
                    candidates.append(Match(start: start, length: end - start, group: group))
                } else if let separated = Self.separatedParticleEnd(phrase, in: stems, stopWords: stopWords, from: start) {
                    candidates.append(Match(start: start, length: separated.end - start, group: group, between: separated.between))
                }
            }
        }
        var spans: Set<[Int]> = []
        // Most words of its own first; of two as long, the one without other words inside.
        for candidate in candidates.sorted(by: { ($0.positions.count, $0.between == nil ? 1 : 0, -$0.start) > ($1.positions.count, $1.between == nil ? 1 : 0, -$1.start) }) {
            let positions = candidate.positions
            if positions.contains(where: { taken[$0] }) {
                // The same words may belong to more than one group.
                if spans.contains(positions) { found.append(candidate) }
                continue
            }
            positions.forEach { taken[$0] = true }
            spans.insert(positions)
            found.append(candidate)
        }
        return found.sorted { ($0.start, $0.group) < ($1.start, $1.group) }
    }
}
