/// What counts as a sign of crisis or coercion, and what help to show: read from
/// `Knowledge/safety.txt` (so a practice elsewhere can change the numbers), with built-in
/// defaults when the file is missing.
public struct SafetyRules: Sendable, Equatable {
    public struct Category: Sendable, Equatable {
        public var kind: SafetyNotice.Kind
        public var message: String
        public var resources: [SafetyNotice.Resource]
        public var patterns: [SafetyPattern]
    }

    public var categories: [Category]
    /// Everyday phrases whose words must not count ("this is killing me", "dying to know").
    public var idioms: [SafetyPattern]
    /// Resources shown with every notice (emergency services).
    public var always: [SafetyNotice.Resource]
    public var lastVerified: String?

    /// Every distinct pattern word, numbered; and the patterns in those numbers.
    private(set) var alternatives: [SafetyPattern.Alternative] = []
    private(set) var compiledCategories: [[CompiledPattern]] = []
    private(set) var compiledIdioms: [CompiledPattern] = []
    private(set) var alternativesByFirstLetter: [Character: [Int]] = [:]

    init(categories: [Category], idioms: [SafetyPattern], always: [SafetyNotice.Resource], lastVerified: String?) {
        self.categories = categories
        self.idioms = idioms
        self.always = always
        self.lastVerified = lastVerified
        compile()
    }

    public static func == (lhs: SafetyRules, rhs: SafetyRules) -> Bool {
        lhs.categories == rhs.categories && lhs.idioms == rhs.idioms && lhs.always == rhs.always && lhs.lastVerified == rhs.lastVerified
    }

    private mutating func compile() {
        var numbers: [SafetyPattern.Alternative: Int] = [:]
        var list: [SafetyPattern.Alternative] = []
        func compiled(_ pattern: SafetyPattern) -> CompiledPattern {
            CompiledPattern(steps: pattern.steps.map { step in
                CompiledPattern.Step(alternatives: step.alternatives.map { alternative in
                    if let number = numbers[alternative] { return number }
                    numbers[alternative] = list.count
                    list.append(alternative)
                    return list.count - 1
                }, gap: step.gap)
            })
        }
        compiledCategories = categories.map { $0.patterns.map(compiled) }
        compiledIdioms = idioms.map(compiled)
        alternatives = list
        alternativesByFirstLetter = [:]
        for (id, alternative) in list.enumerated() {
            if let first = alternative.word.first { alternativesByFirstLetter[first, default: []].append(id) }
        }
    }

    public static let fileName = "safety.txt"

    /// The rules of a knowledge folder: its `safety.txt`, or the defaults. A broken file falls
    /// back to the defaults, so that help is never lost to a typo.
    public static func load(from folder: KnowledgeFolder) -> (rules: SafetyRules, problems: [KnowledgeProblem]) {
        let path = folder.fullPath(fileName)
        guard FileSystem.exists(path) else { return (.defaults, []) }
        let bytes: [UInt8]
        do { bytes = try FileSystem.readRegularFile(path) } catch { return (.defaults, [KnowledgeProblem(file: fileName, line: 1, message: "cannot be read: \(error.reason); the built-in rules apply")]) }
        do {
            return (try parse(String(decoding: bytes, as: UTF8.self), file: fileName), [])
        } catch {
            return (.defaults, [error])
        }
    }

    /// The file format: `# comments`; `last-verified: DATE`; `[crisis]`, `[coercion]` or
    /// `[idioms]` sections; in a kind's section `message: text`, `resource: Name | contact`,
    /// `sign: name` (the kind of warning sign the patterns after it stand for) and
    /// `pattern: words`; in `[always]`, `resource:` lines; in `[idioms]`, `pattern:` lines.
    public static func parse(_ text: String, file: String) throws(KnowledgeProblem) -> SafetyRules {
        var rules = SafetyRules(categories: [], idioms: [], always: [], lastVerified: nil)
        var section: String?
        var sign: String?
        func fail(_ line: Int, _ message: String) -> KnowledgeProblem { KnowledgeProblem(file: file, line: line, message: message) }
        for line in TextLines.split(text) {
            let content = line.trimmed
            if content.isEmpty || content.hasPrefix("#") { continue }
            if content.hasPrefix("[") {
                guard content.hasSuffix("]") else { throw fail(line.number, "a section is written [name]") }
                let name = String(content.dropFirst().dropLast()).trimmingWhitespace.lowercased()
                switch name {
                case "always", "idioms": break
                default:
                    guard let kind = SafetyNotice.Kind(rawValue: name) else {
                        throw fail(line.number, "unknown section [\(name)] (expected [crisis], [coercion], [always] or [idioms])")
                    }
                    guard !rules.categories.contains(where: { $0.kind == kind }) else { throw fail(line.number, "[\(name)] is given twice") }
                    rules.categories.append(Category(kind: kind, message: "", resources: [], patterns: []))
                }
                section = name
                sign = nil
                continue
            }
            guard let colon = content.firstIndex(of: ":") else {
                throw fail(line.number, "expected 'key: value' (message, resource, sign, pattern or last-verified)")
            }
            let key = content[..<colon].trimmingWhitespace.lowercased()
            let value = content[content.index(after: colon)...].trimmingWhitespace
            guard !value.isEmpty else { throw fail(line.number, "'\(key):' has no value") }
            if key == "last-verified" { rules.lastVerified = value; continue }
            guard let current = section else { throw fail(line.number, "'\(key):' must come after a section such as [crisis]") }
            switch (current, key) {
            case ("idioms", "pattern"):
                rules.idioms.append(try pattern(value, line: line.number, file: file))
            case ("always", "resource"):
                rules.always.append(try resource(value, line: line.number, file: file))
            case (_, "message") where current != "always" && current != "idioms":
                rules.categories[rules.categories.count - 1].message = value
            case (_, "resource") where current != "idioms":
                rules.categories[rules.categories.count - 1].resources.append(try resource(value, line: line.number, file: file))
            case (_, "sign") where current != "always" && current != "idioms":
                sign = value
            case (_, "pattern") where current != "always":
                var read = try pattern(value, line: line.number, file: file)
                read.sign = sign
                rules.categories[rules.categories.count - 1].patterns.append(read)
            default:
                throw fail(line.number, "'\(key):' does not belong in [\(current)]")
            }
        }
        for kind in [SafetyNotice.Kind.crisis, .coercion] {
            guard let category = rules.categories.first(where: { $0.kind == kind }) else {
                throw fail(1, "the file has no [\(kind.rawValue)] section; both [crisis] and [coercion] are needed")
            }
            if category.message.isEmpty { throw fail(1, "[\(kind.rawValue)] has no 'message:'") }
            if category.resources.isEmpty { throw fail(1, "[\(kind.rawValue)] has no 'resource:'") }
            if category.patterns.isEmpty { throw fail(1, "[\(kind.rawValue)] has no 'pattern:'") }
        }
        rules.compile()
        return rules
    }

    static func resource(_ value: String, line: Int, file: String) throws(KnowledgeProblem) -> SafetyNotice.Resource {
        let parts = value.split(separator: "|", maxSplits: 1).map { $0.trimmingWhitespace }
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
            throw KnowledgeProblem(file: file, line: line, message: "a resource is written 'Name | how to reach it'")
        }
        return SafetyNotice.Resource(name: parts[0], contact: parts[1])
    }

    static func pattern(_ value: String, line: Int, file: String) throws(KnowledgeProblem) -> SafetyPattern {
        do {
            return try SafetyPattern(value)
        } catch {
            throw KnowledgeProblem(file: file, line: line, message: error.description)
        }
    }
}
