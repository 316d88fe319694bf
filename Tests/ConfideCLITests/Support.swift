import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// What one run of the real `confide` binary did.
struct ConfideResult: Sendable, CustomStringConvertible {
    enum Ending: Sendable, Equatable {
        /// Exited by itself with this status.
        case exited(Int32)
        /// Ended by a signal (SIGKILL from the timeout, or a crash).
        case signalled(Int32)
    }

    var arguments: [String]
    var ending: Ending
    var stdout: Data
    var stderr: Data
    /// The run hit the timeout and was killed.
    var timedOut: Bool

    /// The exit status, or 128 + signal for a run ended by a signal (as a shell reports it).
    var status: Int32 {
        switch ending {
        case .exited(let status): return status
        case .signalled(let signal): return 128 + signal
        }
    }

    var out: String { String(decoding: stdout, as: UTF8.self) }
    var err: String { String(decoding: stderr, as: UTF8.self) }

    /// The non-empty lines of stderr.
    var errLines: [String] { err.split(separator: "\n", omittingEmptySubsequences: true).map(String.init) }

    var description: String {
        let shown = arguments.map { $0.count > 60 ? String($0.prefix(60)) + "…(\($0.count) chars)" : $0 }
        return """
            confide \(shown.joined(separator: " "))
              ending: \(ending)\(timedOut ? " (TIMED OUT)" : "")
              stdout: \(out.prefix(1500))
              stderr: \(err.prefix(1500))
            """
    }

    /// Text that means the process crashed rather than failed politely.
    var looksLikeCrash: Bool {
        if case .signalled = ending { return true }
        let markers = ["Fatal error", "fatal error", "Backtrace", "backtrace", "Crash", "crashed", "Segmentation fault", "Illegal instruction", "SIGPIPE", "SIGSEGV", "SIGILL", "SIGTRAP", "Thread 0"]
        return markers.contains { err.contains($0) }
    }

    /// stdout parsed as exactly one JSON value (a second value or trailing garbage fails).
    func json() throws -> Any {
        try JSONSerialization.jsonObject(with: stdout, options: [])
    }

    func jsonObject(sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
        let value = try #require(try? json(), "stdout is not valid JSON:\n\(self)", sourceLocation: sourceLocation)
        return try #require(value as? [String: Any], "stdout is JSON but not an object:\n\(self)", sourceLocation: sourceLocation)
    }

    func jsonArray(sourceLocation: SourceLocation = #_sourceLocation) throws -> [Any] {
        let value = try #require(try? json(), "stdout is not valid JSON:\n\(self)", sourceLocation: sourceLocation)
        return try #require(value as? [Any], "stdout is JSON but not an array:\n\(self)", sourceLocation: sourceLocation)
    }
}

enum ConfideProcessError: Error, CustomStringConvertible {
    case binaryNotFound(tried: [String])
    case cannotCreatePipe

    var description: String {
        switch self {
        case .binaryNotFound(let tried): return "the confide binary was not found (tried \(tried.joined(separator: ", "))); build it with `swift build`"
        case .cannotCreatePipe: return "pipe2() failed"
        }
    }
}

/// Runs the real, built `confide` binary as a child process in a sandbox: a fresh temporary
/// folder holds HOME, the XDG folders and the `--data-dir`, so nothing is written elsewhere.
///
///     let confide = try ConfideProcess()
///     defer { confide.remove() }
///     let result = try await confide.run(["ask", "--json", "why"])
struct ConfideProcess: Sendable {
    /// The package root, from this file's path: <root>/Tests/ConfideCLITests/Support.swift.
    static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The articles that ship with the repository.
    static let repositoryKnowledge: URL = repositoryRoot.appendingPathComponent("Knowledge")

    /// Kill a run that takes longer than this, so a hang fails rather than blocks CI.
    static let defaultTimeout: Duration = .seconds(60)

    /// The `confide` binary next to the test bundle (.build/<triple>/debug/).
    static func executable() throws -> URL {
        var candidates: [URL] = []
        if let own = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            candidates.append(URL(fileURLWithPath: own).deletingLastPathComponent().appendingPathComponent("confide"))
        }
        candidates.append(Bundle.main.bundleURL.appendingPathComponent("confide"))
        candidates.append(Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("confide"))
        if let first = CommandLine.arguments.first {
            candidates.append(URL(fileURLWithPath: first).deletingLastPathComponent().appendingPathComponent("confide"))
        }
        candidates.append(repositoryRoot.appendingPathComponent(".build/debug/confide"))
        for candidate in candidates {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory), !isDirectory.boolValue,
               FileManager.default.isExecutableFile(atPath: candidate.path) {
                return candidate
            }
        }
        throw ConfideProcessError.binaryNotFound(tried: candidates.map(\.path))
    }

    /// The sandbox; removed by `remove()`.
    let root: URL
    let home: URL
    let cacheHome: URL
    let dataHome: URL
    /// Passed as `--data-dir` unless a run asks for no global options.
    let dataDir: URL
    /// Passed as `--knowledge` unless a run asks for no global options.
    let knowledge: URL
    let binary: URL

    init(knowledge: URL? = nil) throws {
        binary = try Self.executable()
        let fm = FileManager.default
        root = fm.temporaryDirectory.appendingPathComponent("confide-cli-tests-\(UUID().uuidString)", isDirectory: true)
        home = root.appendingPathComponent("home", isDirectory: true)
        cacheHome = root.appendingPathComponent("xdg-cache", isDirectory: true)
        dataHome = root.appendingPathComponent("xdg-data", isDirectory: true)
        dataDir = root.appendingPathComponent("data", isDirectory: true)
        for folder in [home, cacheHome, dataHome] {
            try fm.createDirectory(at: folder, withIntermediateDirectories: true)
        }
        self.knowledge = knowledge ?? Self.repositoryKnowledge
    }

    /// A new sandbox path (not created) for the test's own use, e.g. a knowledge copy.
    func path(_ name: String) -> URL { root.appendingPathComponent(name) }

    /// Copies the repository's knowledge folder into the sandbox and returns the copy.
    func copyOfKnowledge(named name: String = "knowledge-copy") throws -> URL {
        let copy = path(name)
        try FileManager.default.copyItem(at: Self.repositoryKnowledge, to: copy)
        return copy
    }

    /// A sandbox that shares this one's HOME but reads another knowledge folder.
    func with(knowledge: URL) -> ConfideProcess {
        ConfideProcess(copying: self, knowledge: knowledge)
    }

    private init(copying other: ConfideProcess, knowledge: URL) {
        root = other.root
        home = other.home
        cacheHome = other.cacheHome
        dataHome = other.dataHome
        dataDir = other.dataDir
        binary = other.binary
        self.knowledge = knowledge
    }

    func remove() {
        try? FileManager.default.removeItem(at: root)
    }

    /// The global options every run gets unless `globals: false`.
    var globalArguments: [String] { ["--knowledge", knowledge.path, "--data-dir", dataDir.path] }

    /// The child's environment: HOME and XDG in the sandbox, NO_COLOR=1, no CONFIDE_* from
    /// the test runner, and the meaning model off (CONFIDE_MODEL=none): most tests are about
    /// the rest, and embedding every text in every sandbox would multiply the suite's time;
    /// the meaning tests set CONFIDE_MODEL themselves. `overrides` sets (or, with nil,
    /// removes) variables.
    func environment(_ overrides: [String: String?] = [:]) -> [String: String] {
        let parent = ProcessInfo.processInfo.environment
        var environment: [String: String] = [
            "PATH": parent["PATH"] ?? "/usr/local/bin:/usr/bin:/bin",
            "HOME": home.path,
            "XDG_CACHE_HOME": cacheHome.path,
            "XDG_DATA_HOME": dataHome.path,
            "XDG_CONFIG_HOME": home.appendingPathComponent(".config").path,
            "NO_COLOR": "1",
            "LANG": "C.UTF-8",
            "CONFIDE_MODEL": "none",
        ]
        for (name, value) in overrides {
            environment[name] = value
        }
        return environment
    }

    /// Runs confide to completion. `stdin` nil means /dev/null.
    func run(
        _ arguments: [String],
        stdin: Data? = nil,
        globals: Bool = true,
        environment overrides: [String: String?] = [:],
        timeout: Duration = ConfideProcess.defaultTimeout
    ) async throws -> ConfideResult {
        let running = try start(arguments, stdin: stdin, globals: globals, environment: overrides)
        let result = await running.wait(timeout: timeout)
        harvestSafetyBankCache()
        return result
    }

    /// The safety bank's vectors, as confide caches them (keyed inside by the model and the
    /// bank's bytes, so a stale copy is simply made again): shared by every sandbox of the run,
    /// because embedding thousands of examples in a debug build is most of a minute a process.
    static let sharedBankCache = repositoryRoot.appendingPathComponent(".build/test-cache/safety-bank.vectors")

    /// Puts the shared bank cache where confide looks (the data folder given, or the cache
    /// folder), unless one is there.
    func seedSafetyBankCache() {
        let fm = FileManager.default
        guard fm.fileExists(atPath: Self.sharedBankCache.path) else { return }
        for folder in [dataDir, cacheHome.appendingPathComponent("confide")] {
            let target = folder.appendingPathComponent("safety-bank.vectors")
            guard !fm.fileExists(atPath: target.path) else { continue }
            try? fm.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            try? fm.copyItem(at: Self.sharedBankCache, to: target)
        }
    }

    /// Keeps a sandbox's bank cache for the others, when the run has none yet.
    func harvestSafetyBankCache() {
        let fm = FileManager.default
        guard !fm.fileExists(atPath: Self.sharedBankCache.path) else { return }
        // Only the shipped bank's vectors are worth sharing: every file of it, and no other.
        let bankFiles = { (folder: URL) in
            ((try? fm.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasPrefix("safety-bank") && $0.hasSuffix(".tsv") }.sorted()
        }
        let shipped = bankFiles(Self.repositoryKnowledge)
        guard !shipped.isEmpty, bankFiles(knowledge) == shipped,
              shipped.allSatisfy({ fm.contents(atPath: knowledge.appendingPathComponent($0).path) == fm.contents(atPath: Self.repositoryKnowledge.appendingPathComponent($0).path) })
        else { return }
        for folder in [dataDir, cacheHome.appendingPathComponent("confide")] {
            let made = folder.appendingPathComponent("safety-bank.vectors")
            guard fm.fileExists(atPath: made.path) else { continue }
            try? fm.createDirectory(at: Self.sharedBankCache.deletingLastPathComponent(), withIntermediateDirectories: true)
            // Copied beside and renamed: another test never reads half a file.
            let temporary = Self.sharedBankCache.appendingPathExtension("tmp-\(UUID().uuidString)")
            if (try? fm.copyItem(at: made, to: temporary)) != nil, rename(temporary.path, Self.sharedBankCache.path) != 0 {
                try? fm.removeItem(at: temporary)
            }
            return
        }
    }

    /// Runs `/bin/sh -c script`, with `$0` the confide binary and `$1`... the given arguments.
    /// For what Foundation's `Process` cannot express: raw bytes in argv, shell pipelines.
    func shell(_ script: String, _ arguments: [String] = [], environment overrides: [String: String?] = [:], timeout: Duration = ConfideProcess.defaultTimeout) async throws -> ConfideResult {
        let running = try launch(executable: URL(fileURLWithPath: "/bin/sh"), arguments: ["-c", script, binary.path] + arguments, stdin: nil, stdout: nil, environment: overrides)
        return await running.wait(timeout: timeout)
    }

    /// Starts confide and returns at once (to kill it, or to let it race another run).
    func start(
        _ arguments: [String],
        stdin: Data? = nil,
        globals: Bool = true,
        environment overrides: [String: String?] = [:],
        stdout: FileHandle? = nil
    ) throws -> RunningConfide {
        try launch(executable: binary, arguments: (globals ? globalArguments : []) + arguments, stdin: stdin, stdout: stdout, environment: overrides)
    }

    private func launch(executable: URL, arguments: [String], stdin: Data?, stdout: FileHandle?, environment overrides: [String: String?]) throws -> RunningConfide {
        let fm = FileManager.default
        let io = root.appendingPathComponent("io-\(UUID().uuidString)", isDirectory: true)
        try fm.createDirectory(at: io, withIntermediateDirectories: true)
        // Files rather than pipes: the child can write any amount without a reader keeping up.
        let outURL = io.appendingPathComponent("stdout")
        let errURL = io.appendingPathComponent("stderr")
        fm.createFile(atPath: outURL.path, contents: nil)
        fm.createFile(atPath: errURL.path, contents: nil)

        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = environment(overrides)
        if let model = process.environment?["CONFIDE_MODEL"], model != "none" { seedSafetyBankCache() }
        process.currentDirectoryURL = root

        let outHandle = try FileHandle(forWritingTo: outURL)
        let errHandle = try FileHandle(forWritingTo: errURL)
        var inHandle: FileHandle?
        if let stdin {
            let inURL = io.appendingPathComponent("stdin")
            try stdin.write(to: inURL)
            inHandle = try FileHandle(forReadingFrom: inURL)
        }
        process.standardInput = inHandle ?? FileHandle.nullDevice
        process.standardOutput = stdout ?? outHandle
        process.standardError = errHandle
        defer {
            try? outHandle.close()
            try? errHandle.close()
            try? inHandle?.close()
        }
        try process.run()
        return RunningConfide(process: process, arguments: arguments, stdoutFile: outURL, stderrFile: errURL)
    }
}

/// A confide child process that has been started.
final class RunningConfide {
    let process: Process
    let arguments: [String]
    private let stdoutFile: URL
    private let stderrFile: URL

    init(process: Process, arguments: [String], stdoutFile: URL, stderrFile: URL) {
        self.process = process
        self.arguments = arguments
        self.stdoutFile = stdoutFile
        self.stderrFile = stderrFile
    }

    var pid: Int32 { process.processIdentifier }

    func kill(_ signal: Int32 = SIGKILL) {
        _ = Glibc.kill(process.processIdentifier, signal)
    }

    /// Waits for the process to end, without blocking a thread of the test pool; kills it with
    /// SIGKILL once `timeout` has passed.
    func wait(timeout: Duration = ConfideProcess.defaultTimeout) async -> ConfideResult {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        var timedOut = false
        while process.isRunning {
            if clock.now >= deadline {
                timedOut = true
                kill(SIGKILL)
                break
            }
            try? await Task.sleep(for: .milliseconds(5))
        }
        process.waitUntilExit()
        let ending: ConfideResult.Ending = process.terminationReason == .uncaughtSignal
            ? .signalled(process.terminationStatus) : .exited(process.terminationStatus)
        return ConfideResult(
            arguments: arguments,
            ending: ending,
            stdout: (try? Data(contentsOf: stdoutFile)) ?? Data(),
            stderr: (try? Data(contentsOf: stderrFile)) ?? Data(),
            timedOut: timedOut
        )
    }
}

// MARK: - Reading the knowledge folder, to check what confide cites against the files

/// One article file as the tests read it (independently of confide's parser).
struct KnowledgeFile {
    var file: String
    var lines: [String]
    var title: String
    var slug: String
    /// `## ` headings, in order.
    var sections: [String]
    /// `### ` questions under `## Frequently Asked Questions`.
    var faqQuestions: [String]
    var related: [String]
    /// Whether each line is part of an HTML comment (an author's note or an `asks` block),
    /// which confide never shows.
    var inComment: [Bool] = []

    init?(url: URL) {
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return nil }
        file = url.lastPathComponent
        lines = text.components(separatedBy: "\n")
        var title: String?
        var slug: String?
        var related: [String] = []
        var sections: [String] = []
        var questions: [String] = []
        var inFrontMatter = lines.first == "---"
        var inFAQ = false
        var commentOpen = false
        for line in lines {
            let opens = line.hasPrefix("<!--")
            inComment.append(commentOpen || opens)
            if opens { commentOpen = true }
            if commentOpen && line.contains("-->") { commentOpen = false }
        }
        for (offset, line) in lines.enumerated() where !inComment[offset] {
            if inFrontMatter {
                if offset > 0 && line == "---" { inFrontMatter = false; continue }
                if line.hasPrefix("title:") { title = line.dropFirst(6).trimmingCharacters(in: .whitespaces) }
                if line.hasPrefix("slug:") { slug = line.dropFirst(5).trimmingCharacters(in: .whitespaces) }
                if line.hasPrefix("related:") {
                    related = line.dropFirst(8).split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                }
                continue
            }
            if line.hasPrefix("## ") {
                let heading = String(line.dropFirst(3)).trimmingCharacters(in: .whitespaces)
                sections.append(heading)
                inFAQ = heading == "Frequently Asked Questions"
            } else if inFAQ, line.hasPrefix("### ") {
                questions.append(String(line.dropFirst(4)).trimmingCharacters(in: .whitespaces))
            }
        }
        guard let title, let slug else { return nil }
        self.title = title
        self.slug = slug
        self.related = related
        self.sections = sections
        self.faqQuestions = questions
    }

    /// The paragraph (run of non-blank lines) around the 1-based `line`, joined with spaces.
    func paragraph(around line: Int) -> String? {
        let index = line - 1
        guard lines.indices.contains(index), !lines[index].trimmingCharacters(in: .whitespaces).isEmpty else { return nil }
        var start = index
        while start > 0, !lines[start - 1].trimmingCharacters(in: .whitespaces).isEmpty { start -= 1 }
        var end = index
        while end + 1 < lines.count, !lines[end + 1].trimmingCharacters(in: .whitespaces).isEmpty { end += 1 }
        return lines[start...end].map(Self.stripMarkup).joined(separator: " ")
    }

    /// The text from the 1-based `line` to the end of its paragraph, and the length of the
    /// part that is on `line` itself.
    func textFrom(line: Int) -> (text: String, firstLineLength: Int)? {
        let index = line - 1
        guard lines.indices.contains(index) else { return nil }
        var end = index
        while end + 1 < lines.count, !lines[end + 1].trimmingCharacters(in: .whitespaces).isEmpty { end += 1 }
        let first = normalized(Self.stripMarkup(lines[index]))
        let text = lines[index...end].map { normalized(Self.stripMarkup($0)) }.joined(separator: " ")
        return (text, first.count)
    }

    /// `> ` quote markers and `[!NOTE]` are not part of what confide quotes.
    static func stripMarkup(_ line: String) -> String {
        var text = line.trimmingCharacters(in: .whitespaces)
        while text.hasPrefix(">") { text = String(text.dropFirst()).trimmingCharacters(in: .whitespaces) }
        text = text.replacingOccurrences(of: "[!NOTE]", with: "")
        return text
    }

    /// The articles in a knowledge folder (every `*.md` except README.md and `_*`), by file name.
    static func all(in folder: URL = ConfideProcess.repositoryKnowledge) -> [KnowledgeFile] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names
            .filter { $0.hasSuffix(".md") && $0 != "README.md" && !$0.hasPrefix("_") }
            .sorted()
            .compactMap { KnowledgeFile(url: folder.appendingPathComponent($0)) }
    }

    static func named(_ slug: String, in folder: URL = ConfideProcess.repositoryKnowledge) -> KnowledgeFile? {
        all(in: folder).first { $0.slug == slug }
    }
}

/// Whitespace runs become one space; the ends are trimmed.
func normalized(_ text: String) -> String {
    text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
}

/// A rough sentence count: sentence-ending punctuation (optionally followed by closing quotes
/// or brackets) followed by whitespace or the end of the text.
func sentenceCount(_ text: String) -> Int {
    let characters = Array(normalized(text))
    var count = 0
    var index = 0
    while index < characters.count {
        if ".!?".contains(characters[index]) {
            var next = index + 1
            while next < characters.count, ".!?\"'\u{201D}\u{2019})".contains(characters[next]) { next += 1 }
            if next == characters.count || characters[next] == " " {
                count += 1
                index = next
                continue
            }
        }
        index += 1
    }
    if count == 0, !characters.isEmpty { count = 1 }
    return count
}

/// The JSON `null` (JSONSerialization gives NSNull).
func isNull(_ value: Any?) -> Bool {
    value is NSNull
}

extension ConfideResult {
    /// The `ask --json` object without its `conversation` key, for comparing two runs' answers
    /// (the conversation is checked on its own, in AskJSONTests).
    func answerWithoutConversation() -> NSDictionary? {
        guard var object = (try? json()) as? [String: Any] else { return nil }
        object["conversation"] = nil
        return object as NSDictionary
    }

    /// Whether two `ask --json` runs gave the same answer (apart from `conversation`).
    func sameAnswer(as other: ConfideResult) -> Bool {
        guard let mine = answerWithoutConversation(), let theirs = other.answerWithoutConversation() else { return false }
        return mine.isEqual(theirs)
    }
}
