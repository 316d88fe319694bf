/// What `confide index --check` finds in a knowledge folder: every problem of every file, and
/// the ones only the whole folder shows (duplicate slugs, related links to nothing).
public struct KnowledgeChecker {
    public struct Finding: Sendable, Equatable, CustomStringConvertible {
        public enum Severity: String, Sendable { case error, warning, note }
        public var problem: KnowledgeProblem
        public var severity: Severity

        public var description: String {
            severity == .error ? problem.description : "\(problem.file):\(problem.line): \(severity.rawValue): \(problem.message)"
        }
    }

    public struct Report: Sendable {
        public var findings: [Finding]
        public var articleCount: Int
        public var fileCount: Int
        public var errorCount: Int { findings.filter { $0.severity == .error }.count }
        public var warningCount: Int { findings.filter { $0.severity == .warning }.count }
    }

    /// Extra checks of data files beside the articles (the concept lexicon, the safety file).
    public var extraChecks: [@Sendable (KnowledgeFolder) -> [KnowledgeProblem]] = []

    public init() {}

    public func check(_ folder: KnowledgeFolder) throws(KnowledgeFolderError) -> Report {
        let loaded = try folder.loadAll()
        var findings: [Finding] = []
        for file in loaded {
            findings += file.problems.map { Finding(problem: $0, severity: .error) }
        }
        let articles = loaded.compactMap(\.article)
        var owners: [String: String] = [:]
        for article in articles {
            if let owner = owners[article.slug] {
                findings.append(Finding(problem: KnowledgeProblem(file: article.file, line: lineOf("slug:", in: folder, file: article.file), message: "the slug '\(article.slug)' is already used by \(owner)"), severity: .error))
            } else {
                owners[article.slug] = article.file
            }
        }
        // Two articles of one title are usually one article imported twice: every answer would
        // cite it twice, under names a reader cannot tell apart.
        var titles: [String: String] = [:]
        for article in articles {
            let key = article.title.lowercased()
            if let first = titles[key] {
                findings.append(Finding(problem: KnowledgeProblem(file: article.file, line: lineOf("title:", in: folder, file: article.file), message: "the title '\(article.title)' is also the title of \(first); if it is the same article, keep one", isFatal: false), severity: .warning))
            } else {
                titles[key] = article.file
            }
        }
        for article in articles {
            let relatedLine = lineOf("related:", in: folder, file: article.file)
            for link in article.related {
                switch link {
                case .slug(let slug):
                    if owners[slug] == nil {
                        findings.append(Finding(problem: KnowledgeProblem(file: article.file, line: relatedLine, message: "related article '\(slug)' does not exist (slugs: \(owners.keys.sorted().joined(separator: ", ")))"), severity: .error))
                    } else if slug == article.slug {
                        findings.append(Finding(problem: KnowledgeProblem(file: article.file, line: relatedLine, message: "the article lists itself as related reading"), severity: .error))
                    }
                case .title(let title):
                    findings.append(Finding(problem: KnowledgeProblem(file: article.file, line: relatedLine, message: "related title '\(title)' matches no article yet; it is shown as a title only", isFatal: false), severity: .note))
                }
            }
        }
        for check in extraChecks {
            findings += check(folder).map { Finding(problem: $0, severity: $0.isFatal ? .error : .note) }
        }
        // Without these the folder still answers, but worse: by the built-in safety rules, which
        // lose a practice's own numbers and patterns, and without the lexicon's concepts.
        var dataFiles = 0
        for (name, without) in Self.dataFiles {
            if FileSystem.exists(folder.fullPath(name)) {
                dataFiles += 1
            } else {
                findings.append(Finding(problem: KnowledgeProblem(file: name, line: 1, message: "missing: \(without)", isFatal: false), severity: .warning))
            }
        }
        dataFiles += SafetyBank.fileNames(in: folder).count
        findings.sort { $0.problem < $1.problem }
        return Report(findings: findings, articleCount: articles.count, fileCount: loaded.count + dataFiles)
    }

    /// The data files beside the articles, and what is lost without each.
    static let dataFiles: [(String, String)] = [
        (Lexicon.fileName, "questions are read without its concepts (words that mean the same thing here), so fewer find their passage"),
        (SafetyRules.fileName, "the safety check falls back to its built-in rules and United States numbers"),
    ]

    /// The line where a front matter key stands (1 when it cannot be found).
    private func lineOf(_ key: String, in folder: KnowledgeFolder, file: String) -> Int {
        guard let bytes = try? FileSystem.readRegularFile(folder.fullPath(file)) else { return 1 }
        for line in TextLines.split(String(decoding: bytes, as: UTF8.self)) where line.trimmed.lowercased().hasPrefix(key) {
            return line.number
        }
        return 1
    }
}

extension KnowledgeChecker {
    /// The checks `confide index --check` runs.
    public static var standard: KnowledgeChecker {
        var checker = KnowledgeChecker()
        checker.extraChecks.append { folder in SafetyRules.load(from: folder).problems }
        checker.extraChecks.append(lexiconProblems)
        checker.extraChecks.append(safetyBankProblems)
        checker.extraChecks.append(ControlCharacters.problems(in:))
        return checker
    }
}

/// The lexicon's faults: a line that does not parse, or a group none of whose members appears in
/// any article (it could never match anything the articles say).
@Sendable func lexiconProblems(in folder: KnowledgeFolder) -> [KnowledgeProblem] {
    let (lexicon, problems) = Lexicon.load(from: folder)
    guard problems.isEmpty else { return problems }
    guard !lexicon.groups.isEmpty, let loaded = try? folder.loadAll() else { return [] }
    var stems: [String] = []
    var stopWords: [Bool] = []
    for article in loaded.compactMap(\.article) {
        for passage in article.passages {
            for text in [passage.text, passage.question ?? "", passage.section ?? "", article.title] + passage.asks {
                let tokens = Words.tokens(text)
                // A separator keeps phrases from running across texts.
                stems += tokens.map(PorterStemmer.stem) + ["\u{0}"]
                stopWords += tokens.map(StopWords.contains) + [false]
            }
        }
    }
    let known = Set(stems)
    return lexicon.groups.compactMap { group in
        let found = group.members.contains { member in
            guard member.allSatisfy(known.contains) else { return false }
            if member.count == 1 { return true }
            return stems.indices.contains { Lexicon.phraseEnd(member, in: stems, stopWords: stopWords, from: $0) != nil }
        }
        // Harmless (a practice's own folder need not use every shipped group): a note, not an error.
        return found ? nil : KnowledgeProblem(file: Lexicon.fileName, line: group.line, message: "no word of the group '\(group.name)' appears in any article or its asks, so it matches nothing yet", isFatal: false)
    }
}

/// The safety bank's faults: a file that does not parse (left out, the others still serve), a
/// text twice in the bank, or a kind with no examples (the margin needs ordinary examples
/// beside each kind).
@Sendable func safetyBankProblems(in folder: KnowledgeFolder) -> [KnowledgeProblem] {
    let files = SafetyBank.read(from: folder)
    guard !files.isEmpty else { return [] }
    var problems: [KnowledgeProblem] = files.compactMap(\.problem)
    var seen: [String: (file: String, line: Int)] = [:]
    for file in files {
        for example in file.examples {
            let key = example.text.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
            if let first = seen[key] {
                let place = first.file == file.name ? "line \(first.line)" : "\(first.file) line \(first.line)"
                problems.append(KnowledgeProblem(file: file.name, line: example.line, message: "the same text as \(place)", isFatal: false))
            } else {
                seen[key] = (file.name, example.line)
            }
        }
    }
    let examples = files.flatMap(\.examples)
    for kind in ["crisis", "coercion", "none"] where !examples.contains(where: { ($0.kind?.rawValue ?? "none") == kind }) {
        problems.append(KnowledgeProblem(file: files[0].name, line: 1, message: "no '\(kind)' examples in the bank: each kind needs some for the check by meaning"))
    }
    return problems
}
