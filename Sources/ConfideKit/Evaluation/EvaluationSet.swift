/// The project's own evaluation set: questions with the passages that answer them (or none).
/// A TSV: `kind<TAB>question<TAB>answers`, answers as `slug: phrase | slug: phrase` (a phrase
/// from the answering paragraph) or `NONE`.
public struct EvaluationSet: Sendable {
    public struct Label: Sendable, Equatable {
        public var slug: String
        public var phrase: String
    }

    public struct Entry: Sendable {
        public var line: Int
        public var kind: String
        public var question: String
        /// Empty for a question the knowledge base does not cover.
        public var answers: [Label]
        public var expectsNoAnswer: Bool { answers.isEmpty }
    }

    public var entries: [Entry]

    /// Every set is split in two by the order of its lines: weights are tuned on one half and
    /// reported on the other, so that a figure printed is never one that was tuned to.
    public enum Half: String, Sendable { case tune, report }

    public func half(_ half: Half) -> EvaluationSet {
        EvaluationSet(entries: entries.enumerated().filter { ($0.offset % 2 == 0) == (half == .tune) }.map(\.element))
    }

    public static let header = "kind\tquestion\tanswers"

    public static func parse(_ text: String, file: String) throws(KnowledgeProblem) -> EvaluationSet {
        let lines = TextLines.split(text)
        guard lines.first?.text == header else {
            throw KnowledgeProblem(file: file, line: 1, message: "the first line must be the header '\(header.replacingOccurrences("\t", " "))' (tab-separated)")
        }
        var entries: [Entry] = []
        for line in lines.dropFirst() where !line.isBlank {
            let fields = line.text.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 3 else {
                throw KnowledgeProblem(file: file, line: line.number, message: "expected 3 tab-separated fields, found \(fields.count)")
            }
            var answers: [Label] = []
            if fields[2] != "NONE" {
                for part in fields[2].components(separatedBy: " | ") {
                    guard let colon = part.firstIndex(of: ":") else {
                        throw KnowledgeProblem(file: file, line: line.number, message: "an answer is 'slug: phrase', found '\(part.prefix(40))'")
                    }
                    answers.append(Label(slug: part[..<colon].trimmingWhitespace, phrase: part[part.index(after: colon)...].trimmingWhitespace))
                }
            }
            entries.append(Entry(line: line.number, kind: fields[0], question: fields[1], answers: answers))
        }
        return EvaluationSet(entries: entries)
    }
}

/// The safety list: `expect<TAB>text`, expect being crisis, coercion or none.
public struct SafetySet: Sendable {
    public struct Entry: Sendable {
        public var line: Int
        public var expected: SafetyNotice.Kind?
        public var text: String
    }

    public var entries: [Entry]

    public init(entries: [Entry]) { self.entries = entries }

    /// A questions set's questions as ordinary messages: what people ask, to count how many
    /// of them the safety check would interrupt.
    public init(ordinary questions: EvaluationSet) {
        entries = questions.entries.map { Entry(line: $0.line, expected: nil, text: $0.question) }
    }

    public static let header = "expect\ttext"

    public static func parse(_ text: String, file: String) throws(KnowledgeProblem) -> SafetySet {
        let lines = TextLines.split(text)
        guard lines.first?.text == header else {
            throw KnowledgeProblem(file: file, line: 1, message: "the first line must be the header 'expect text' (tab-separated)")
        }
        var entries: [Entry] = []
        for line in lines.dropFirst() where !line.isBlank {
            // The first tab found in the bytes, not by walking Characters: the safety bank, read
            // by every process, is thousands of lines.
            guard let tab = line.text.utf8.firstIndex(of: 0x09) else {
                throw KnowledgeProblem(file: file, line: line.number, message: "expected 2 tab-separated fields")
            }
            let label = line.text[..<tab]
            let expected: SafetyNotice.Kind?
            switch label {
            case "none": expected = nil
            case "crisis": expected = .crisis
            case "coercion": expected = .coercion
            default: throw KnowledgeProblem(file: file, line: line.number, message: "expect is crisis, coercion or none, not '\(label.prefix(20))'")
            }
            entries.append(Entry(line: line.number, expected: expected, text: String(line.text[line.text.utf8.index(after: tab)...])))
        }
        return SafetySet(entries: entries)
    }
}

extension String {
    func replacingOccurrences(_ target: String, _ replacement: String) -> String {
        components(separatedBy: target).joined(separator: replacement)
    }

    func components(separatedBy separator: String) -> [String] {
        guard !separator.isEmpty else { return [self] }
        var parts: [String] = []
        var rest = Substring(self)
        while let range = rest.range(of: separator) {
            parts.append(String(rest[..<range.lowerBound]))
            rest = rest[range.upperBound...]
        }
        parts.append(String(rest))
        return parts
    }
}

extension Substring {
    func range(of needle: String) -> Range<Index>? {
        guard !needle.isEmpty, count >= needle.count else { return nil }
        var index = startIndex
        while index < endIndex {
            if self[index...].hasPrefix(needle) {
                return index..<self.index(index, offsetBy: needle.count)
            }
            index = self.index(after: index)
        }
        return nil
    }
}
