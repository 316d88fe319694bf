import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The conversation history, through the real binary: processes recording at once, `kill -9`
/// mid-answer, off the record, forgetting for real, a damaged or unusable history file, export
/// and usage errors.
@Suite("confide: the history, process by process")
struct HistoryProcessTests {
    static let question = "why do I take it personally"

    /// Questions that each get cited passages.
    static let questions = [
        "why do I take it personally",
        "what is responsive desire",
        "how do I bring up couples therapy",
        "I feel like I am getting sex wrong",
        "what happens in a first therapy session",
        "how do we talk about different desires",
        "I do not feel wanted by my partner",
        "my partner never initiates",
    ]

    // MARK: Several processes

    @Test("two groups of ten `ask` runs recording at once: all exit 0, all twenty are kept")
    func concurrentRecording() async throws {
        let confide = try ConfideProcess()
        defer { confide.remove() }
        // The index is built first, so that what races here is the history alone.
        let index = try await confide.run(["index"])
        #expect(index.status == 0, "\(index)")

        var questions: [String] = []
        for group in 1...2 {
            for run in 1...10 {
                questions.append("\(Self.questions[(group * 10 + run) % Self.questions.count]) g\(group)r\(run)")
            }
        }
        let running = try questions.map { try confide.start(["ask", $0]) }
        var results: [ConfideResult] = []
        for process in running {
            results.append(await process.wait())
        }
        for result in results {
            #expect(result.status == 0, "\(result)")
            #expect(result.err.isEmpty, "stderr is not empty: \(result)")
            #expect(result.out.contains(".md:") || result.out.contains("I could not find"), "not answered: \(result)")
        }
        let list = try await confide.run(["history", "--json"])
        #expect(list.status == 0, "\(list)")
        let conversations = try #require(try list.jsonArray() as? [[String: Any]], "\(list)")
        #expect(conversations.count == 20, "expected 20 conversations: \(list)")
        let titles = Set(conversations.compactMap { $0["title"] as? String })
        #expect(titles == Set(questions), "missing: \(Set(questions).subtracting(titles)); extra: \(titles.subtracting(questions))")
        #expect(conversations.allSatisfy { $0["turns"] as? Int == 1 }, "\(list)")
    }

    @Test("kill -9 while answering: the file passes integrity_check and every answer seen was kept")
    func killWhileRecording() async throws {
        let confide = try ConfideProcess()
        defer { confide.remove() }
        var rounds: [(word: String, seen: [String])] = []
        // Five crashes in the same folder: each new process opens what the last one left.
        for round in 1...5 {
            let word = Traces.uniqueWord()
            let sent = Self.questions.shuffled().enumerated().map { $0.offset == 0 ? "\($0.element) \(word)" : $0.element } + Self.questions.shuffled()
            let piped = try PipedConfide(confide)
            defer { piped.close() }

            // A few, one at a time, each waited for, and timed.
            // (The first includes starting up and is not timed.)
            let waitedFor = Int.random(in: 2...4)
            let clock = ContinuousClock()
            var start = clock.now
            for (offset, question) in sent.prefix(waitedFor).enumerated() {
                piped.send(question + "\n")
                try await piped.waitForAnswers(offset + 1)
                if offset == 0 { start = clock.now }
            }
            let perAnswer = (clock.now - start) / (waitedFor - 1)
            // The rest at once, and a kill somewhere while they are being answered.
            piped.send(sent.dropFirst(waitedFor).map { $0 + "\n" }.joined())
            let secondsPerAnswer = Double(perAnswer.components.seconds) + Double(perAnswer.components.attoseconds) / 1e18
            let rest = secondsPerAnswer * Double(sent.count - waitedFor)
            let delay = Duration.seconds(Double.random(in: 0..<max(rest, 0.01)))
            try await Task.sleep(for: delay)
            piped.kill()
            let ending = await piped.wait()
            let seenCount = printedAnswerCount(piped.outputText)
            let context = "round \(round): \(waitedFor) waited for, killed after \(delay) (about \(perAnswer) an answer), \(seenCount) of \(sent.count) answers seen, \(ending)"
            #expect(seenCount >= waitedFor, "\(context)\n\(piped.outputText)")

            if FileManager.default.isExecutableFile(atPath: "/usr/bin/sqlite3") {
                let check = try await confide.shell("/usr/bin/sqlite3 \"$1\" 'PRAGMA integrity_check'", [confide.dataDir.appendingPathComponent("history.sqlite3").path])
                #expect(check.status == 0 && check.out.trimmingCharacters(in: .whitespacesAndNewlines) == "ok", "\(context)\n\(check)")
            }
            let recorded = try await turnQuestions(confide, titled: word)
            #expect(recorded.count >= seenCount, "an answer was shown but its question was not kept (\(context)): kept \(recorded)")
            #expect(recorded == Array(sent.prefix(recorded.count)), "the kept turns are not the questions sent, in order (\(context)): \(recorded)")
            rounds.append((word, Array(sent.prefix(seenCount))))
        }
        // Later crashes did not damage what earlier rounds kept.
        for round in rounds {
            let recorded = try await turnQuestions(confide, titled: round.word)
            #expect(Array(recorded.prefix(round.seen.count)) == round.seen, "\(recorded)")
        }
    }

    // MARK: Off the record

    @Test("--private, CONFIDE_PRIVATE=1 and a private piped session create no history file")
    func privateCreatesNoHistoryFile() async throws {
        let confide = try ConfideProcess()
        defer { confide.remove() }
        let word = Traces.uniqueWord()
        let flag = try await confide.run(["ask", "--private", Self.question])
        #expect(flag.status == 0, "\(flag)")
        #expect(flag.out.contains(".md:"), "\(flag)")
        let variable = try await confide.run(["ask", Self.question], environment: ["CONFIDE_PRIVATE": "1"])
        #expect(variable.status == 0, "\(variable)")
        #expect(variable.out.contains(".md:"), "\(variable)")
        let piped = try await confide.run(["--private"], stdin: Data("\(Self.question) \(word)\nwhat is responsive desire\n".utf8))
        #expect(piped.status == 0, "\(piped)")
        #expect(printedAnswerCount(piped.out) == 2, "\(piped)")
        let pipedByVariable = try await confide.run([], stdin: Data("\(Self.question) \(word)\n".utf8), environment: ["CONFIDE_PRIVATE": "1"])
        #expect(pipedByVariable.status == 0, "\(pipedByVariable)")

        let files = (try? FileManager.default.contentsOfDirectory(atPath: confide.dataDir.path)) ?? []
        let history = files.filter { $0.hasPrefix("history") }
        #expect(history.isEmpty, "off the record, yet history files exist: \(history)")
        #expect(try Traces.files(containing: word, under: confide.dataDir).isEmpty)
        #expect(try Traces.files(containing: word, under: confide.dataHome).isEmpty)

        // The same runs on the record do create it: the check above can fail.
        let kept = try await confide.run(["ask", Self.question])
        #expect(kept.status == 0, "\(kept)")
        #expect(FileManager.default.fileExists(atPath: confide.dataDir.appendingPathComponent("history.sqlite3").path))
    }

    // MARK: Forgetting

    @Test("history forget N erases the words from every file in the data folder; other conversations stay")
    func forgetErasesBytes() async throws {
        let confide = try ConfideProcess()
        defer { confide.remove() }
        let secret = Traces.uniqueWord()
        let other = Traces.uniqueWord()
        for question in ["\(Self.question) \(secret)", "what is responsive desire \(other)"] {
            let asked = try await confide.run(["ask", question])
            #expect(asked.status == 0, "\(asked)")
        }
        let id = try await conversationID(confide, titled: secret)
        let before = try Traces.files(containing: secret, under: confide.dataDir)
        #expect(!before.isEmpty, "the word was never in the data folder, so the check below proves nothing")

        let forget = try await confide.run(["history", "forget", String(id)])
        #expect(forget.status == 0, "\(forget)")
        #expect(forget.out.contains("Forgotten"), "\(forget)")
        let after = try Traces.files(containing: secret, under: confide.dataDir)
        #expect(after.isEmpty, "the forgotten word is still in \(after)")
        #expect(!(try Traces.files(containing: other, under: confide.dataDir)).isEmpty, "the other conversation was erased too")

        let list = try await confide.run(["history", "--json"])
        #expect(!list.out.contains(secret), "\(list)")
        #expect(list.out.contains(other), "\(list)")
        let search = try await confide.run(["history", "search", "--json", secret])
        #expect(search.status == 0, "\(search)")
        #expect(!search.out.contains(secret), "\(search)")
        let again = try await confide.run(["history", "forget", String(id)])
        #expect(again.status == 1, "forgetting a conversation that is gone should fail: \(again)")
    }

    @Test("history forget --all erases every conversation, words and all")
    func forgetAll() async throws {
        let confide = try ConfideProcess()
        defer { confide.remove() }
        let words = try await askSeveral(confide, count: 3)
        let forget = try await confide.run(["history", "forget", "--all"])
        #expect(forget.status == 0, "\(forget)")
        #expect(forget.out.contains("3 turns"), "\(forget)")
        let list = try await confide.run(["history", "--json"])
        #expect(list.status == 0, "\(list)")
        #expect((try? list.jsonArray())?.isEmpty == true, "\(list)")
        for word in words {
            let traces = try Traces.files(containing: word, under: confide.dataDir)
            #expect(traces.isEmpty, "\(word) is still in \(traces)")
        }
        // Recording works again afterwards.
        let next = try await confide.run(["ask", Self.question])
        #expect(next.status == 0, "\(next)")
        let relisted = try await confide.run(["history", "--json"])
        #expect((try? relisted.jsonArray())?.count == 1, "\(relisted)")
    }

    @Test("history forget --before DATE erases what was asked before that day, and nothing after")
    func forgetBefore() async throws {
        let confide = try ConfideProcess()
        defer { confide.remove() }
        let words = try await askSeveral(confide, count: 3)
        let none = try await confide.run(["history", "forget", "--before", "2000-01-01"])
        #expect(none.status == 0, "\(none)")
        let kept = try await confide.run(["history", "--json"])
        #expect((try? kept.jsonArray())?.count == 3, "forget --before 2000-01-01 erased something: \(kept)")

        let forget = try await confide.run(["history", "forget", "--before", "2100-01-01"])
        #expect(forget.status == 0, "\(forget)")
        let list = try await confide.run(["history", "--json"])
        #expect((try? list.jsonArray())?.isEmpty == true, "\(list)")
        for word in words {
            let traces = try Traces.files(containing: word, under: confide.dataDir)
            #expect(traces.isEmpty, "\(word) is still in \(traces)")
        }
        let bad = try await confide.run(["history", "forget", "--before", "yesterday"])
        #expect(bad.status == 2, "\(bad)")
    }

    // MARK: A damaged or unusable history

    @Test("a damaged history file is moved aside intact, stderr says where, and the question is kept in a new file")
    func damagedHistoryMovedAside() async throws {
        let confide = try ConfideProcess()
        defer { confide.remove() }
        try FileManager.default.createDirectory(at: confide.dataDir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        var junk = (0..<4_096).map { _ in UInt8.random(in: 0...255) }
        junk.replaceSubrange(0..<16, with: Array("not sqlite junk!".utf8))
        let file = confide.dataDir.appendingPathComponent("history.sqlite3")
        try Data(junk).write(to: file)
        chmod(file.path, 0o600)

        let asked = try await confide.run(["ask", Self.question])
        #expect(asked.status == 0, "\(asked)")
        #expect(asked.out.contains(".md:"), "the question was not answered: \(asked)")

        let names = try FileManager.default.contentsOfDirectory(atPath: confide.dataDir.path)
        let moved = names.filter { $0.hasPrefix("history.sqlite3.damaged-") }
        #expect(moved.count == 1, "expected one history.sqlite3.damaged-* in \(names)")
        if let name = moved.first {
            let path = confide.dataDir.appendingPathComponent(name).path
            #expect(asked.err.contains(path), "stderr does not say where the damaged file went (\(path)): \(asked)")
            let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
            #expect([UInt8](bytes) == junk, "the damaged file's bytes were changed (\(bytes.count) bytes)")
        }
        let list = try await confide.run(["history", "--json"])
        #expect(list.status == 0, "\(list)")
        let conversations = (try? list.jsonArray()) as? [[String: Any]]
        #expect(conversations?.map { $0["title"] as? String } == [Self.question], "the question was not kept in a new file: \(list)")
        #expect(list.err.isEmpty, "the new file is reported again: \(list)")
    }

    @Test("an unusable history location: still answered, exit 0, one warning line that it is 'not being kept'")
    func unusableHistoryLocation() async throws {
        let confide = try ConfideProcess()
        defer { confide.remove() }
        let blocker = confide.path("a-regular-file")
        try Data("not a folder\n".utf8).write(to: blocker)
        let secret = Traces.uniqueWord()
        let environment: [String: String?] = ["XDG_DATA_HOME": blocker.appendingPathComponent("data").path]

        let asked = try await confide.run(["--knowledge", confide.knowledge.path, "ask", Self.question], globals: false, environment: environment)
        #expect(asked.status == 0, "\(asked)")
        #expect(asked.out.contains(".md:"), "\(asked)")
        #expect(asked.errLines.count == 1, "expected one warning line: \(asked)")
        #expect(asked.errLines.first?.contains("not being kept") == true, "\(asked)")

        // Piped, several questions: still one warning, and no word of a question on stderr.
        let input = "\(Self.question) \(secret)\nwhat is responsive desire\n\(Self.question)\n"
        let piped = try await confide.run(["--knowledge", confide.knowledge.path], stdin: Data(input.utf8), globals: false, environment: environment)
        #expect(piped.status == 0, "\(piped)")
        #expect(printedAnswerCount(piped.out) == 3, "\(piped)")
        #expect(piped.errLines.count == 1, "expected one warning line for the whole session: \(piped)")
        #expect(piped.errLines.first?.contains("not being kept") == true, "\(piped)")
        #expect(!piped.err.contains(secret), "a question's word went to stderr: \(piped)")
    }

    // MARK: Searching, exporting, usage

    @Test("history search with hostile input exits 0", arguments: [
        "\"unbalanced AND (", "NEAR(", "*", "self-harm", "\u{1F494}\u{1F525}\u{1F62D}", "\"", "AND OR NOT", "question:personally", "^", "NOT personally",
    ])
    func hostileSearch(_ input: String) async throws {
        let confide = try ConfideProcess()
        defer { confide.remove() }
        let asked = try await confide.run(["ask", Self.question])
        #expect(asked.status == 0, "\(asked)")
        let argument = input
        let text = try await confide.run(["history", "search", argument])
        #expect(text.status == 0, "\(text)")
        #expect(!text.looksLikeCrash, "\(text)")
        let json = try await confide.run(["history", "search", "--json", argument])
        #expect(json.status == 0, "\(json)")
        #expect((try? json.jsonArray()) != nil, "not a JSON array: \(json)")
    }

    @Test("history search finds a kept question (the hostile-input test is not vacuous)")
    func searchFinds() async throws {
        let confide = try ConfideProcess()
        defer { confide.remove() }
        let word = Traces.uniqueWord()
        let asked = try await confide.run(["ask", Self.question, word])
        #expect(asked.status == 0, "\(asked)")
        let search = try await confide.run(["history", "search", "--json", word])
        #expect(search.status == 0, "\(search)")
        #expect((try? search.jsonArray())?.count == 1, "\(search)")
    }

    @Test("history export N -o FILE: mode 0600, never overwrites, and --format json holds every question")
    func exportToFile() async throws {
        let confide = try ConfideProcess()
        defer { confide.remove() }
        let first = "\(Self.question) \(Traces.uniqueWord())"
        let second = "what is responsive desire \(Traces.uniqueWord())"
        let one = try await confide.run(["ask", first])
        let two = try await confide.run(["ask", "--continue", second])
        #expect(one.status == 0 && two.status == 0, "\(one)\n\(two)")
        let id = try await conversationID(confide, titled: first)

        let markdown = confide.path("export.md")
        let exported = try await confide.run(["history", "export", String(id), "-o", markdown.path])
        #expect(exported.status == 0, "\(exported)")
        let fileMode = try #require(Traces.mode(of: markdown), "no file at \(markdown.path): \(exported)")
        #expect(fileMode & 0o777 == 0o600, "the export has mode \(String(fileMode & 0o777, radix: 8))")
        let written = try String(contentsOf: markdown, encoding: .utf8)
        #expect(written.contains(first) && written.contains(second), "\(written)")

        let overwrite = try await confide.run(["history", "export", String(id), "-o", markdown.path])
        #expect(overwrite.status == 1, "an existing file was not refused: \(overwrite)")
        #expect(overwrite.err.contains("exists"), "\(overwrite)")
        #expect(try String(contentsOf: markdown, encoding: .utf8) == written, "the existing file was changed")

        let jsonFile = confide.path("export.json")
        let asJSON = try await confide.run(["history", "export", String(id), "--format", "json", "-o", jsonFile.path])
        #expect(asJSON.status == 0, "\(asJSON)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: jsonFile)) as? [String: Any], "the JSON export does not parse")
        let conversations = try #require(object["conversations"] as? [[String: Any]], "\(object)")
        #expect(conversations.count == 1)
        let questions = (conversations.first?["turns"] as? [[String: Any]])?.compactMap { $0["question"] as? String }
        #expect(questions == [first, second], "\(object)")

        let toStdout = try await confide.run(["history", "export", String(id), "--format", "json"])
        #expect(toStdout.status == 0, "\(toStdout)")
        let parsed = try toStdout.jsonObject()
        #expect(((parsed["conversations"] as? [[String: Any]])?.first?["turns"] as? [Any])?.count == 2, "\(toStdout)")
    }

    @Test("history usage errors exit 2", arguments: [
        ["history", "show"],
        ["history", "show", "abc"],
        ["history", "forget"],
        ["history", "export", "1", "--format", "pdf"],
    ])
    func usageErrors(_ arguments: [String]) async throws {
        let confide = try ConfideProcess()
        defer { confide.remove() }
        let asked = try await confide.run(["ask", Self.question])
        #expect(asked.status == 0, "\(asked)")
        let result = try await confide.run(arguments)
        #expect(result.status == 2, "\(result)")
        #expect(result.err.contains("Usage:"), "\(result)")
        #expect(result.out.isEmpty, "\(result)")
    }

    // MARK: Helpers

    /// Asks `count` questions, each with a unique word, as separate conversations; returns the
    /// words, after checking they are in the data folder.
    func askSeveral(_ confide: ConfideProcess, count: Int, sourceLocation: SourceLocation = #_sourceLocation) async throws -> [String] {
        var words: [String] = []
        for index in 0..<count {
            let word = Traces.uniqueWord()
            let asked = try await confide.run(["ask", Self.questions[index % Self.questions.count], word])
            #expect(asked.status == 0, "\(asked)", sourceLocation: sourceLocation)
            #expect(!(try Traces.files(containing: word, under: confide.dataDir)).isEmpty, "\(word) was never written", sourceLocation: sourceLocation)
            words.append(word)
        }
        return words
    }

    /// The id of the conversation whose title contains `word`.
    func conversationID(_ confide: ConfideProcess, titled word: String, sourceLocation: SourceLocation = #_sourceLocation) async throws -> Int {
        let list = try await confide.run(["history", "--json"])
        #expect(list.status == 0, "\(list)", sourceLocation: sourceLocation)
        let conversations = try #require(try list.jsonArray(sourceLocation: sourceLocation) as? [[String: Any]], sourceLocation: sourceLocation)
        let match = conversations.first { ($0["title"] as? String)?.contains(word) == true }
        return try #require(match?["id"] as? Int, "no conversation titled with \(word): \(list)", sourceLocation: sourceLocation)
    }

    /// The questions of the conversation titled with `word`, from `history show N --json`.
    func turnQuestions(_ confide: ConfideProcess, titled word: String, sourceLocation: SourceLocation = #_sourceLocation) async throws -> [String] {
        let id = try await conversationID(confide, titled: word, sourceLocation: sourceLocation)
        let show = try await confide.run(["history", "show", String(id), "--json"])
        #expect(show.status == 0, "\(show)", sourceLocation: sourceLocation)
        let object = try show.jsonObject(sourceLocation: sourceLocation)
        let conversations = try #require(object["conversations"] as? [[String: Any]], "\(show)", sourceLocation: sourceLocation)
        let turns = try #require(conversations.first?["turns"] as? [[String: Any]], "\(show)", sourceLocation: sourceLocation)
        return turns.compactMap { $0["question"] as? String }
    }
}

/// How many answers the piped companion printed: each starts with citation 1 or the fallback.
func printedAnswerCount(_ text: String) -> Int {
    text.split(separator: "\n", omittingEmptySubsequences: false)
        .filter { $0.hasPrefix("1. ") || $0.hasPrefix("I could not find") }
        .count
}

/// `confide` with stdin and stdout pipes held open by the test, to feed it one question at a
/// time and watch what it has printed.
final class PipedConfide {
    let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    private var writing: Int32
    private var reading: Int32
    private(set) var received: [UInt8] = []

    init(_ confide: ConfideProcess, _ arguments: [String] = []) throws {
        process.executableURL = confide.binary
        process.arguments = confide.globalArguments + arguments
        process.environment = confide.environment()
        process.currentDirectoryURL = confide.root
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        writing = input.fileHandleForWriting.fileDescriptor
        reading = output.fileHandleForReading.fileDescriptor
        _ = fcntl(reading, F_SETFL, fcntl(reading, F_GETFL) | O_NONBLOCK)
    }

    var outputText: String {
        pump()
        return String(decoding: received, as: UTF8.self)
    }

    /// Writes to its stdin (only while it runs: a write to a dead reader would raise SIGPIPE).
    func send(_ text: String) {
        guard process.isRunning else { return }
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBufferPointer { Glibc.write(writing, $0.baseAddress, $0.count) }
            if written > 0 {
                offset += written
            } else if errno != EINTR {
                return
            }
        }
    }

    /// Reads stdout until `count` answers have appeared.
    func waitForAnswers(_ count: Int, timeout: Duration = .seconds(20)) async throws {
        let deadline = ContinuousClock.now + timeout
        while printedAnswerCount(outputText) < count {
            guard process.isRunning else {
                throw PseudoTerminal.Failure(description: "confide ended (status \(process.terminationStatus)) before answer \(count):\n\(outputText)")
            }
            guard ContinuousClock.now < deadline else {
                throw PseudoTerminal.Failure(description: "answer \(count) did not come within \(timeout):\n\(outputText)")
            }
            try await Task.sleep(for: .milliseconds(2))
        }
    }

    func kill() {
        _ = Glibc.kill(process.processIdentifier, SIGKILL)
    }

    func wait(timeout: Duration = .seconds(20)) async -> String {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning, ContinuousClock.now < deadline {
            pump()
            try? await Task.sleep(for: .milliseconds(5))
        }
        if process.isRunning { kill() }
        process.waitUntilExit()
        pump()
        return process.terminationReason == .uncaughtSignal ? "killed by signal \(process.terminationStatus)" : "exited with status \(process.terminationStatus)"
    }

    func close() {
        if process.isRunning {
            kill()
            process.waitUntilExit()
        }
        try? input.fileHandleForWriting.close()
        try? output.fileHandleForReading.close()
    }

    private func pump() {
        var buffer = [UInt8](repeating: 0, count: 8_192)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(reading, $0.baseAddress, $0.count) }
            if count > 0 {
                received.append(contentsOf: buffer[0..<count])
            } else if count < 0 && errno == EINTR {
                continue
            } else {
                return
            }
        }
    }
}
