import ConfideKit

#if canImport(Glibc)
import Glibc
#endif

/// A failure that ends a command: exit status 1 and a one-line reason on stderr.
struct CommandFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// One `confide` command: its declared interface and what it does.
protocol Command {
    static var spec: CommandSpec { get }
    init(_ arguments: ParsedArguments) throws(UsageError)
    /// Returns the exit status.
    func run(_ context: Context) throws -> Int32
}

/// What every command may need, opened only when it is first used.
final class Context {
    let arguments: ParsedArguments
    let environment: [String: String]
    let terminal: Terminal
    private var cachedLocations: Locations?
    private var cachedIndex: KnowledgeIndex?
    private var cachedCompanion: Companion?
    private var loadedModel = false
    private var cachedEncoder: SentenceEncoder?
    /// Why the meaning model is not in use, when it is not (one line).
    private(set) var modelProblem: String?
    /// The index file in use (":memory:" when the cache folder could not be written).
    private(set) var indexPath: String?
    /// What the last refresh of the index changed.
    private(set) var lastIndexChanges: IndexChanges?
    private var openedHistory = false
    private var cachedHistory: HistoryStore?
    private var warnedAboutRecording = false

    init(arguments: ParsedArguments, environment: [String: String]) {
        self.arguments = arguments
        self.environment = environment
        self.terminal = Terminal(noColorOption: arguments.has("no-color"), environment: environment)
    }

    func locations() throws -> Locations {
        if let cachedLocations { return cachedLocations }
        do {
            let resolved = try Locations.resolve(
                knowledgeOption: arguments.value("knowledge"), dataOption: arguments.value("data-dir"),
                environment: environment, executable: FileSystem.executablePath()
            )
            cachedLocations = resolved
            return resolved
        } catch {
            throw CommandFailure(error.description)
        }
    }

    /// The index, brought up to date with the knowledge folder. Files that could not be loaded
    /// are named on stderr, once per run.
    func index() throws -> KnowledgeIndex {
        if let cachedIndex { return cachedIndex }
        let locations = try locations()
        if let missing = locations.missingKnowledge { throw CommandFailure(missing.description) }
        let folder = KnowledgeFolder(path: locations.knowledge)
        guard FileSystem.isDirectory(folder.path) else {
            throw CommandFailure(KnowledgeFolderError.missing(folder.path).description)
        }
        var path = locations.indexFile
        do throws(FileSystemError) {
            try FileSystem.makeDirectory(locations.cacheDirectory, mode: 0o700)
            guard access(locations.cacheDirectory, W_OK) == 0 else { throw FileSystemError(path: locations.cacheDirectory, code: EACCES) }
        } catch {
            // Answering matters more than caching: build a throw-away index in memory.
            Output.error("confide: warning: cannot keep the index in \(locations.cacheDirectory) (\(error.reason)); using a temporary one")
            path = ":memory:"
        }
        let index: KnowledgeIndex
        do {
            index = try openIndex(path, folder)
        } catch let error as DatabaseError where error.isDamage && path != ":memory:" {
            // The index is only a cache: damaged anywhere, it is made again.
            Output.error("confide: the index was damaged (\(error.message)); it is only a cache, so it was rebuilt")
            Self.removeIndexFiles(path)
            index = try openIndex(path, folder)
        } catch let error as DatabaseError where error.isStorageFailure && path != ":memory:" {
            // A full disk or a file that cannot be written: answering needs no write. The one
            // warning says what it means for the person: nothing is kept.
            warnNotKept("\(locations.cacheDirectory) cannot be written: \(error.message); the index is held in memory for now")
            path = ":memory:"
            index = try openIndex(path, folder)
        }
        for problem in try index.problems() where problem.isFatal {
            Output.error("confide: warning: \(problem) (this file is left out)")
        }
        cachedIndex = index
        return index
    }

    private var warnedAboutOddFiles = false

    /// The index's generation when the companion was made.
    private var companionGeneration: [Int64]?

    /// Before each question of a session: the index brought up to date with the folder (one
    /// stat per file when nothing changed), and, when it or another process changed anything,
    /// a companion made afresh, so that added, edited and removed articles are seen and a
    /// removed one is never served. Newly broken files are named. Returns whether it changed.
    @discardableResult
    func refreshForNextQuestion() throws -> Bool {
        guard let index = cachedIndex else { return false }
        let changes = try index.refresh()
        let generation = try index.generation()
        let changed = !changes.isEmpty || changes.rebuiltFromScratch || generation != companionGeneration
        guard changed else { return false }
        lastIndexChanges = changes
        let touched = Set(changes.added + changes.updated)
        for problem in try index.problems() where problem.isFatal && touched.contains(problem.file) {
            Output.error("confide: warning: \(problem) (this file is left out)")
        }
        if cachedCompanion != nil {
            cachedCompanion = nil
            _ = try companion()
        }
        return true
    }

    private func openIndex(_ path: String, _ folder: KnowledgeFolder) throws -> KnowledgeIndex {
        let index = try KnowledgeIndex(path: path, folder: folder)
        for notice in index.notices { Output.error("confide: \(notice)") }
        indexPath = path
        lastIndexChanges = try index.refresh()
        return index
    }

    static func removeIndexFiles(_ path: String) {
        for suffix in ["", "-wal", "-shm"] { _ = FileSystem.remove(path + suffix) }
    }

    /// After a read found the index damaged: it is removed and made again from the folder,
    /// with everything made from it. Returns false when there was nothing to heal.
    func healDamagedIndex(_ error: DatabaseError) -> Bool {
        guard error.isDamage, let path = indexPath, path != ":memory:", error.file == path else { return false }
        Output.error("confide: the index was damaged (\(error.message)); it is only a cache, so it was rebuilt")
        cachedIndex = nil
        cachedCompanion = nil
        Self.removeIndexFiles(path)
        return true
    }

    /// What failed, for the one line on stderr: the history's failures are the history's.
    func describe(_ error: DatabaseError) -> String {
        if let file = error.file, FileSystem.lastComponent(file).hasPrefix(HistoryStore.fileName) {
            return "the history could not be used (\(file)): \(error.message)"
        }
        return "the index could not be used: \(error.message)"
    }

    /// Off the record: --private, or CONFIDE_PRIVATE set to anything but 0.
    var isPrivate: Bool {
        arguments.has("private") || !["", "0"].contains(environment["CONFIDE_PRIVATE"] ?? "")
    }

    /// The history store, or nil off the record or when it cannot be opened (then one warning
    /// says so, and questions are still answered).
    func history() -> HistoryStore? {
        if openedHistory { return cachedHistory }
        openedHistory = true
        guard !isPrivate else { return nil }
        do {
            let store = try HistoryStore(directory: try locations().dataDirectory)
            for notice in store.notices { Output.error("confide: \(notice)") }
            cachedHistory = store
        } catch {
            warnNotKept("\(error)")
        }
        return cachedHistory
    }

    /// The history store for the `history` commands, which cannot do without it. Off the
    /// record they still read and forget what is already kept (someone with CONFIDE_PRIVATE=1
    /// in a profile must still be able to erase older conversations); they never start a file.
    func requiredHistory() throws -> HistoryStore {
        let directory = try locations().dataDirectory
        if isPrivate && !FileSystem.exists(FileSystem.join(directory, HistoryStore.fileName)) {
            throw CommandFailure("off the record (--private or CONFIDE_PRIVATE), and nothing has been kept yet, so there is no history to open")
        }
        let store = try HistoryStore(directory: directory)
        for notice in store.notices { Output.error("confide: \(notice)") }
        return store
    }

    /// Keeps a turn, unless off the record; returns the conversation it went into.
    func record(_ answer: Answer, in conversation: Int64?) -> Int64? {
        guard let store = history() else { return nil }
        do {
            return try store.record(answer, in: conversation)
        } catch {
            warnNotKept("\(error)")
            return nil
        }
    }

    private func warnNotKept(_ reason: String) {
        guard !warnedAboutRecording else { return }
        warnedAboutRecording = true
        Output.error("confide: warning: this conversation is not being kept (\(reason))")
    }

    /// The meaning model, loaded once, or nil without it (then `modelProblem` says why). A model
    /// the person named that cannot be loaded is one warning; a missing default is not.
    func encoder() -> SentenceEncoder? {
        if loadedModel { return cachedEncoder }
        loadedModel = true
        let location = ModelLocation.resolve(option: arguments.value("model"), environment: environment, executable: FileSystem.executablePath())
        if location.isOff {
            modelProblem = ModelLocation.offLine
            return nil
        }
        guard let folder = location.folder else {
            modelProblem = "no meaning model (looked in \(location.tried.joined(separator: ", "))); " + ModelLocation.howToGet
            return nil
        }
        do {
            cachedEncoder = try SentenceEncoder(folder: folder)
        } catch {
            modelProblem = "\(error.description); \(ModelLocation.howToGet)"
            if location.isExplicit || !error.isMissing {
                Output.error("confide: warning: \(error.description); \(ModelLocation.howToGet)")
            }
        }
        return cachedEncoder
    }

    /// Nearest passages by meaning, when the model is there.
    func meaningSearch() throws -> MeaningSearch? {
        guard let encoder = encoder() else { return nil }
        return MeaningSearch(index: try index(), encoder: encoder)
    }

    /// The safety check when there are no articles to answer from: the built-in word rules,
    /// so that a person in crisis still sees where to find help.
    func safetyWithoutArticles(_ question: String) -> SafetyNotice? {
        SafetyTiers.off.combine(words: SafetyCheck(rules: .defaults).notice(for: question), signal: nil, rules: .defaults, text: question)
    }

    func companion() throws -> Companion {
        if let cachedCompanion { return cachedCompanion }
        // The safety rules and the lexicon are read on another processor while the index is
        // brought up to date (whose listing of the folder leaves one idle for a while).
        let folder = KnowledgeFolder(path: try locations().knowledge)
        let reading = Background { (SafetyCheck(rules: SafetyRules.load(from: folder).rules), Lexicon.load(from: folder).lexicon) }
        // A FIFO, device or oversize file in their place is left out, and said so once.
        if !warnedAboutOddFiles {
            warnedAboutOddFiles = true
            for problem in folder.oddDataFiles(named: [SafetyRules.fileName, Lexicon.fileName] + SafetyBank.fileNames(in: folder)) {
                Output.error("confide: warning: \(problem) (this file is left out)")
            }
        }
        let index = try index()
        let (safety, lexicon) = reading.value
        let companion = Companion(index: index, safety: safety, lexicon: lexicon)
        companion.meaning = meaningForAnswers(index, fillingUpTo: Self.textsEmbeddedBeforeAnswering)
        if Companion.standardSafetyTiers != .off { companion.meaningSafety = try? meaningSafety() }
        cachedCompanion = companion
        companionGeneration = try? index.generation()
        return companion
    }

    /// The safety check by meaning: the knowledge folder's bank with its vectors (kept in the
    /// cache folder), when the model and the bank are there.
    func meaningSafety() throws -> MeaningSafety? {
        guard let encoder = encoder() else { return nil }
        let folder = KnowledgeFolder(path: try locations().knowledge)
        let cache = indexPath == ":memory:" ? nil : FileSystem.join(try locations().cacheDirectory, "safety-bank.vectors")
        // The set-up leaves the shipped bank's vectors beside the model (scripts/seed-bank-vectors):
        // a new data folder starts from them instead of spending a minute on ten thousand examples.
        let seed = FileSystem.join(encoder.folder, SafetyBank.seedFileName)
        // Without a cache or a seed that fits (an installed confide without its seed, a bank a
        // practice added to), the examples are embedded now: said on stderr, without a word of
        // any question, so that the first answer's wait is not silent.
        let bank = SafetyBank.load(from: folder, encoder: encoder, cachePath: cache, seeds: [seed]) { count in
            Output.error("confide: readying the safety check's \(count) example messages for the meaning model (once, about a minute)")
        }
        return bank.map { MeaningSafety(bank: $0, encoder: encoder) }
    }

    /// Texts a question may wait for (about a third of a second): after an article is edited,
    /// its changed passages are embedded before the answer; a whole library is left to
    /// `confide index` or the conversation's background filling.
    static let textsEmbeddedBeforeAnswering = 32

    /// The meaning search for answers, when the model is there and every text has its vector
    /// (after embedding up to `limit` missing ones). A library half embedded would rank the
    /// embedded half above the rest, so until it is whole, answers are by words alone.
    func meaningForAnswers(_ index: KnowledgeIndex, fillingUpTo limit: Int) -> MeaningSearch? {
        guard let encoder = encoder() else { return nil }
        do {
            if try index.hasEveryVector(model: encoder.identity) { return MeaningSearch(index: index, encoder: encoder) }
            var coverage = try index.vectorCoverage(model: encoder.identity)
            // A complete index not yet noted as such (made before the note existed) is noted now.
            if coverage.texts - coverage.embedded <= limit {
                try VectorBuilder(index: index, encoder: encoder).run()
                coverage = try index.vectorCoverage(model: encoder.identity)
            }
            guard coverage.isComplete else {
                modelProblem = "vectors for \(coverage.embedded) of \(coverage.texts) texts: answers match words until every text has one (`confide index` embeds them now)"
                return nil
            }
            return MeaningSearch(index: index, encoder: encoder)
        } catch {
            // The index is a cache: answering by words beats failing.
            modelProblem = "the vectors could not be read (\(error)); answers match words only"
            return nil
        }
    }
}
