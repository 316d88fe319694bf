/// The SQLite FTS5 index of the knowledge folder, kept in the cache folder. Opening it brings
/// it up to date: files whose size and time are unchanged cost one stat each; changed files
/// are re-read, and only those whose bytes changed are re-indexed, all in one transaction.
public final class KnowledgeIndex {
    public let database: Database
    public let folder: KnowledgeFolder
    private var statements: [String: Statement] = [:]
    private var remembered = Remembered()
    /// Changes this connection made (SQLite's `data_version` counts only other connections').
    var ownChanges: Int64 = 0

    /// What reads keep between the questions of a session, for as long as the index stays as it
    /// was: the article list, how many passages hold a word, the words by first letter. Each is
    /// the whole of a term's doclist or of a table to read, every time, otherwise. A refresh that
    /// changes the index forgets them, and so does a change by another process (SQLite's
    /// `data_version`).
    private struct Remembered {
        var version: Int64 = -1
        var articles: [ArticleSummary]?
        var frequencies: [String: Int] = [:]
        var vocabulary: [Character: [String: Int]] = [:]
        var problems: [KnowledgeProblem]?
    }

    /// What SQLite's quick check finds wrong with the file, as the error a damaged read would
    /// give, or nil when it is whole (`confide index` looks; a question only when a read fails).
    public func damage() -> DatabaseError? {
        do {
            let result = try database.rows("PRAGMA quick_check") { $0.text(0) }
            if result == ["ok"] { return nil }
            return DatabaseError(code: 11 /* SQLITE_CORRUPT */, message: "quick_check: \(result.first?.prefix(80) ?? "")", file: database.path)
        } catch let error as DatabaseError {
            return error.isDamage ? error : nil
        } catch {
            return nil
        }
    }

    /// Changes to the index by anyone, this connection included: a session compares it between
    /// questions to know whether what it keeps from the index is stale.
    public func generation() throws -> [Int64] {
        [try statement("PRAGMA data_version").rows([]) { $0.integer(0) }.first ?? 0, ownChanges]
    }

    /// The remembered reads, emptied first when the index changed since they were made.
    private func rememberedReads() throws -> Remembered {
        let version = try statement("PRAGMA data_version").rows([]) { $0.integer(0) }.first ?? 0
        if version != remembered.version { remembered = Remembered(version: version) }
        return remembered
    }

    /// Opens (creating or rebuilding as needed) the index at `path` for `folder`. A damaged
    /// index file is a cache, so it is replaced.
    public init(path: String, folder: KnowledgeFolder) throws {
        self.folder = folder
        var notices: [String] = []
        do {
            database = try Database.retryingWhenBusy { try Self.open(path) }
        } catch let error as DatabaseError where error.isDamage {
            for suffix in ["", "-wal", "-shm"] { _ = FileSystem.remove(path + suffix) }
            database = try Database.retryingWhenBusy { try Self.open(path) }
            notices.append("the index was damaged (\(error.message)); it is only a cache, so it was rebuilt")
        } catch let foreign as ForeignIndex {
            // Not confide's to empty: moved aside whole, and a new index made in its place.
            guard let moved = FileSystem.moveAside(path, label: "foreign") else { throw foreign }
            notices.append("\(path) was a SQLite database confide did not make (its tables: \(foreign.tables.prefix(5).joined(separator: ", "))); it was moved to \(moved), untouched, and a new index made")
            database = try Database.retryingWhenBusy { try Self.open(path) }
        }
        self.notices = notices
    }

    /// Things to tell the person once (another program's file moved aside).
    public private(set) var notices: [String] = []

    /// Another program's database where the index should be.
    struct ForeignIndex: Error, CustomStringConvertible {
        var path: String
        var tables: [String]
        var description: String { "\(path) is a SQLite database confide did not make; it is left untouched" }
    }

    private static func open(_ path: String) throws -> Database {
        let database = try Database(path: path)
        database.setBusyTimeout(milliseconds: 10_000)
        if path != ":memory:", let tables = try IndexSchema.owner.foreignTables(in: database) {
            throw ForeignIndex(path: path, tables: tables)
        }
        // No memory map: at 10,000 articles it made every page read count in the resident size
        // (99 MB peak against 40 MB allowed) for no measurable gain in speed.
        try database.execute("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL")
        let version = try database.userVersion
        if version != IndexSchema.version {
            try database.transaction {
                // Another process may have made it while this one waited for the lock.
                guard try database.userVersion != IndexSchema.version else { return }
                try Self.dropEverything(database)
                try database.execute(IndexSchema.create)
                try IndexSchema.owner.mark(database)
                try database.setUserVersion(IndexSchema.version)
            }
        }
        return database
    }

    private static func dropEverything(_ database: Database) throws {
        let tables = try database.rows("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'") {
            ($0.text(0), $0.text(1))
        }
        // Virtual tables first: dropping one drops its shadow tables with it.
        for (name, sql) in tables where sql.uppercased().hasPrefix("CREATE VIRTUAL") {
            try database.execute("DROP TABLE IF EXISTS \"\(name)\"")
        }
        for (name, _) in tables {
            try database.execute("DROP TABLE IF EXISTS \"\(name)\"")
        }
    }

    func statement(_ sql: String) throws -> Statement {
        if let cached = statements[sql] { return cached }
        let prepared = try database.prepare(sql)
        statements[sql] = prepared
        return prepared
    }

    // MARK: Keeping up to date

    private struct KnownFile {
        var size: Int64
        var modified: Int64
        var hash: String
        var fatal: Bool
    }

    /// Brings the index up to date with the folder.
    @discardableResult
    public func refresh() throws -> IndexChanges {
        try Database.retryingWhenBusy { try refreshOnce() }
    }

    private func refreshOnce() throws -> IndexChanges {
        let root = FileSystem.absolute(folder.path)
        let files = try articleFiles()
        if try isUpToDate(files, root: root) { return IndexChanges(unchanged: files.count) }
        var current: [String: FileSystem.Status] = [:]
        for file in files { current[file.name] = file.status }

        let changes = try database.transaction {
            // Another process may have brought the index up to date while this one waited for
            // the write lock: look again, now that nothing can change under us.
            let storedRoot = try self.storedRoot()
            let storedStatistics = try self.storedStatistics()
            var statistics = storedStatistics
            var known = try knownFiles()
            var stale = current.filter { name, status in
                guard let file = known[name] else { return true }
                return file.size != status.size || file.modified != status.modified
            }.map(\.key)
            let removed = known.keys.filter { current[$0] == nil }
            var changes = IndexChanges()
            // Many files changed: copying every term is cheaper than stemming all they hold.
            var termChanges: [String: Int]? = storedRoot != root || stale.count + removed.count > max(50, current.count / 10) ? nil : [:]
            if storedRoot == root && stale.isEmpty && removed.isEmpty && !known.values.contains(where: \.fatal) {
                changes.unchanged = current.count
                if storedStatistics == nil { try store(try countedStatistics()) }
                return changes
            }
            if storedRoot != root {
                changes.rebuiltFromScratch = storedRoot != nil
                try database.execute("DELETE FROM files; DELETE FROM articles; DELETE FROM passages; DELETE FROM passage_texts; INSERT INTO passage_text(passage_text) VALUES('delete-all')")
                try database.run("INSERT OR REPLACE INTO meta(key, value) VALUES('root', ?)", [.text(root)])
                known = [:]
                stale = Array(current.keys)
                statistics = Statistics()
            }
            for name in removed where storedRoot == root {
                try deleteFile(name, statistics: &statistics, touching: &termChanges)
                changes.removed.append(name)
            }
            // A file kept out by a problem that may depend on another file (a duplicate slug)
            // gets another chance whenever anything changed.
            let retried = known.filter { $0.value.fatal && current[$0.key] != nil }.map(\.key)
            for name in Set(stale + retried).sorted() {
                guard let status = current[name] else { continue }
                let loaded = folder.load(name)
                if let old = known[name], old.hash == loaded.hash, !old.fatal {
                    try database.run("UPDATE files SET size = ?, modified = ? WHERE path = ?", [.integer(status.size), .integer(status.modified), .text(name)])
                    changes.unchanged += 1
                    continue
                }
                if known[name] != nil { try deleteFile(name, statistics: &statistics, touching: &termChanges) }
                try insert(loaded, status: status, statistics: &statistics, touching: &termChanges)
                if known[name] == nil { changes.added.append(name) } else { changes.updated.append(name) }
            }
            changes.unchanged += current.count - changes.added.count - changes.updated.count - changes.unchanged
            changes.unchanged = max(0, changes.unchanged)
            let final = try statistics ?? countedStatistics()
            if final != storedStatistics { try store(final) }
            try updateTerms(termChanges)
            // New or changed texts have no vectors yet: "every text has its vector" no longer holds.
            if !changes.added.isEmpty || !changes.updated.isEmpty || !changes.removed.isEmpty || changes.rebuiltFromScratch {
                try statement("DELETE FROM meta WHERE key = 'vectors'").run([])
            }
            return changes
        }
        remembered = Remembered()
        ownChanges += 1
        // Fold the write-ahead log into the file, so that reads need not look pages up in it.
        if !changes.isEmpty || changes.rebuiltFromScratch { try? database.execute("PRAGMA wal_checkpoint(TRUNCATE)") }
        return changes
    }

    /// The article files of the folder, sorted by the bytes of their names (the order of the
    /// `files` table). Odd ones (a FIFO, a device, a socket, a folder, an oversize file) are
    /// kept in the list: loading refuses them without blocking, and they are named as problems.
    private func articleFiles() throws(KnowledgeFolderError) -> [FileSystem.Entry] {
        guard FileSystem.isDirectory(folder.path) else { throw .missing(folder.path) }
        do {
            return try FileSystem.entries(ofDirectory: folder.path, including: KnowledgeFolder.isArticleFile)
        } catch {
            throw .unreadable(folder.path, error.reason)
        }
    }

    /// Whether the index holds exactly `files`, at their sizes and times, for this folder, with
    /// its statistics: the common case at start-up, so it walks the `files` table in path
    /// order beside the sorted listing and compares bytes, with no dictionary and no String.
    private func isUpToDate(_ files: [FileSystem.Entry], root: String) throws -> Bool {
        guard try storedRoot() == root, try storedStatistics() != nil else { return false }
        _ = try rememberedReads()
        let rows = try statement("SELECT path, size, modified, problems != '' FROM files ORDER BY path")
        try rows.bind([])
        defer { rows.reset() }
        var next = 0, anyProblems = false
        while let row = try rows.step() {
            guard next < files.count else { return false }
            let sameName = row.withTextBytes(0) { FileSystem.bytesEqual(files[next].name, $0) }
            guard sameName, row.integer(1) == files[next].status.size, row.integer(2) == files[next].status.modified else { return false }
            anyProblems = anyProblems || row.integer(3) != 0
            next += 1
        }
        // The walk has seen whether any file has problems: asking for them again can be skipped.
        if !anyProblems { remembered.problems = [] }
        return next == files.count
    }

    private func storedRoot() throws -> String? {
        try statement("SELECT value FROM meta WHERE key = 'root'").rows([]) { $0.text(0) }.first
    }

    private func knownFiles() throws -> [String: KnownFile] {
        var files: [String: KnownFile] = [:]
        for row in try statement("SELECT path, size, modified, hash, fatal FROM files").rows([], { ($0.text(0), KnownFile(size: $0.integer(1), modified: $0.integer(2), hash: $0.text(3), fatal: $0.integer(4) != 0)) }) {
            files[row.0] = row.1
        }
        return files
    }

    // MARK: Statistics

    /// How many passages the index holds and their words in all, kept in `meta` and updated
    /// with every change, so that a question need not read every passage to rank (`avg(words)`
    /// read the whole table: 16,000 pages at 10,000 articles).
    struct Statistics: Equatable {
        var passages: Int64 = 0
        var words: Int64 = 0
    }

    private func storedStatistics() throws -> Statistics? {
        let values = try statement("SELECT key, value FROM meta WHERE key IN ('passages', 'words')").rows([]) { ($0.text(0), Int64($0.text(1))) }
        guard let passages = values.first(where: { $0.0 == "passages" })?.1, let words = values.first(where: { $0.0 == "words" })?.1 else { return nil }
        return Statistics(passages: passages, words: words)
    }

    private func countedStatistics() throws -> Statistics {
        try statement("SELECT count(*), total(words) FROM passages").rows([]) { Statistics(passages: $0.integer(0), words: Int64($0.real(1))) }.first ?? Statistics()
    }

    private func store(_ statistics: Statistics) throws {
        try statement("INSERT OR REPLACE INTO meta(key, value) VALUES('passages', ?1), ('words', ?2)").run([
            .text(String(statistics.passages)), .text(String(statistics.words)),
        ])
    }

    /// The statistics as stored, or counted when an index has none yet.
    private func statistics() throws -> Statistics {
        try storedStatistics() ?? countedStatistics()
    }

    /// Brings `terms` up to date: every term copied again after a build from scratch, else each
    /// changed term's count moved by how many passages holding it left or came (recounting
    /// a common term reads its whole doclist). The passages are stemmed here as FTS5's porter
    /// tokenizer would; a word they stem apart (a rare diacritic) is put right by the next build.
    private func updateTerms(_ changes: [String: Int]?) throws {
        guard let changes else {
            try database.execute("DELETE FROM terms; INSERT INTO terms(term, passages) SELECT term, doc FROM passage_terms")
            return
        }
        let move = try statement("INSERT INTO terms(term, passages) VALUES(?1, ?2) ON CONFLICT(term) DO UPDATE SET passages = passages + ?2")
        for (term, change) in changes where change != 0 { try move.run([.text(term), .integer(Int64(change))]) }
        try database.execute("DELETE FROM terms WHERE passages <= 0")
    }

    private static func stems(of texts: [String?]) -> Set<String> {
        Set(texts.compactMap { $0 }.flatMap(Words.tokens).map(PorterStemmer.stem))
    }

    private func deleteFile(_ name: String, statistics: inout Statistics?, touching touched: inout [String: Int]?) throws {
        if touched != nil {
            let leaving = try statement("SELECT faq, section, title, body, asks FROM passages WHERE file = ?").rows([.text(name)]) { row in
                [row.optionalText(0), row.optionalText(1), row.optionalText(2), row.optionalText(3), row.optionalText(4)]
            }
            for texts in leaving {
                for stem in Self.stems(of: texts) { touched![stem, default: 0] -= 1 }
            }
        }
        if statistics != nil {
            let leaving = try statement("SELECT count(*), total(words) FROM passages WHERE file = ?").rows([.text(name)]) { ($0.integer(0), Int64($0.real(1))) }.first ?? (0, 0)
            statistics!.passages -= leaving.0
            statistics!.words -= leaving.1
        }
        try statement("""
            INSERT INTO passage_text(passage_text, rowid, faq, section, title, body, asks)
            SELECT 'delete', id, faq, section, title, body, asks FROM passages WHERE file = ?
            """).run([.text(name)])
        try statement("DELETE FROM passage_texts WHERE passage IN (SELECT id FROM passages WHERE file = ?)").run([.text(name)])
        try statement("DELETE FROM passages WHERE file = ?").run([.text(name)])
        try statement("DELETE FROM articles WHERE file = ?").run([.text(name)])
        try statement("DELETE FROM files WHERE path = ?").run([.text(name)])
    }

    private func insert(_ loaded: LoadedFile, status: FileSystem.Status, statistics: inout Statistics?, touching touched: inout [String: Int]?) throws {
        var problems = loaded.problems
        if let article = loaded.article {
            if let owner = try statement("SELECT file FROM articles WHERE slug = ?").rows([.text(article.slug)], { $0.text(0) }).first {
                problems.append(KnowledgeProblem(file: loaded.file, line: 1, message: "the slug '\(article.slug)' is already used by \(owner); this file is left out until one of them changes it"))
            } else {
                let added = try insert(article)
                if touched != nil {
                    for passage in article.passages {
                        for stem in Self.stems(of: [passage.question, passage.section, article.title, passage.text] + passage.asks) { touched![stem, default: 0] += 1 }
                    }
                }
                statistics?.passages += added.passages
                statistics?.words += added.words
            }
        }
        let fatal = problems.contains(where: \.isFatal)
        try statement("INSERT OR REPLACE INTO files(path, size, modified, hash, fatal, problems) VALUES(?, ?, ?, ?, ?, ?)").run([
            .text(loaded.file), .integer(status.size), .integer(status.modified), .text(loaded.hash),
            .integer(fatal ? 1 : 0), .text(ProblemCoding.encode(problems)),
        ])
    }

    private func insert(_ article: Article) throws -> Statistics {
        try statement("INSERT INTO articles(slug, file, title, summary, related, sections, after) VALUES(?, ?, ?, ?, ?, ?, ?)").run([
            .text(article.slug), .text(article.file), .text(article.title), SQLValue(article.summary),
            .text(article.related.map(\.description).joined(separator: "\n")),
            .text(article.sections.compactMap { section in section.heading.map { "\(section.level)\t\($0)" } }.joined(separator: "\n")),
            SQLValue(article.after?.rawValue),
        ])
        let insertPassage = try statement("""
            INSERT INTO passages(slug, file, line, ordinal, kind, title, section, faq, body, asks, words)
            VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        let insertText = try statement("INSERT INTO passage_text(rowid, faq, section, title, body, asks) VALUES(?, ?, ?, ?, ?, ?)")
        let insertMeaningText = try statement("INSERT OR IGNORE INTO passage_texts(passage, part, hash) VALUES(?, ?, ?)")
        var added = Statistics()
        for (ordinal, passage) in article.passages.enumerated() {
            let words = Words.count(passage.text)
            try insertPassage.run([
                .text(article.slug), .text(article.file), SQLValue(passage.line), SQLValue(ordinal),
                .text(passage.kind.rawValue), .text(article.title), SQLValue(passage.section),
                SQLValue(passage.question), .text(passage.text), .text(passage.asks.joined(separator: "\n")),
                SQLValue(words),
            ])
            added.passages += 1
            added.words += Int64(words)
            let id = database.lastInsertRowID
            try insertText.run([
                .integer(id), SQLValue(passage.question), SQLValue(passage.section),
                .text(article.title), .text(passage.text), .text(passage.asks.joined(separator: "\n")),
            ])
            for (part, text) in MeaningText.parts(body: passage.text, question: passage.question, asks: passage.asks) {
                try insertMeaningText.run([.integer(id), .integer(Int64(part)), .text(MeaningText.hash(text))])
            }
        }
        return added
    }

    // MARK: Reading

    /// Problems of the files in the folder, as last found (fatal ones keep a file out).
    public func problems() throws -> [KnowledgeProblem] {
        if let known = try rememberedReads().problems { return known }
        return try statement("SELECT problems FROM files WHERE problems != '' ORDER BY path").rows([]) { ProblemCoding.decode($0.text(0)) }
            .flatMap { $0 }
    }

    public var passageCount: Int {
        get throws { Int(try statistics().passages) }
    }

    /// The passages that match `pattern`, best bm25 first. `weights` are the bm25 column weights
    /// for FAQ question, section heading, article title, body and asks.
    public func search(_ pattern: FTS5Pattern, weights: FieldWeights, limit: Int) throws -> [IndexedPassage] {
        // Rank in FTS5 first and join only the few that are kept: joining every match before
        // sorting costs a B-tree search a matching passage.
        let sql = """
            SELECT p.id, p.slug, p.file, p.line, p.ordinal, p.kind, p.title, p.section, p.faq, p.body, hits.score, p.asks
            FROM (SELECT rowid, bm25(passage_text, \(weights.question), \(weights.section), \(weights.title), \(weights.body), \(weights.asks)) AS score
                  FROM passage_text WHERE passage_text MATCH ?1 ORDER BY score LIMIT ?2) AS hits
            JOIN passages p ON p.id = hits.rowid
            ORDER BY hits.score
            """
        return try statement(sql).rows([.text(pattern.rawPattern), .integer(Int64(limit))], Self.readPassage)
    }

    /// How many passages hold each term (terms as the index stores them: porter stems).
    public func documentFrequencies(of stems: [String]) throws -> [String: Int] {
        let known = try rememberedReads().frequencies
        let lookup = try statement("SELECT doc FROM passage_terms WHERE term = ?")
        var result: [String: Int] = [:]
        for stem in Set(stems) {
            if let count = known[stem] {
                result[stem] = count
                continue
            }
            let count = Int(try lookup.rows([.text(stem)]) { $0.integer(0) }.first ?? 0)
            result[stem] = count
            remembered.frequencies[stem] = count
        }
        return result
    }

    /// The average number of words in a passage's body.
    public var averagePassageLength: Double {
        get throws {
            let statistics = try statistics()
            return statistics.passages > 0 ? Double(statistics.words) / Double(statistics.passages) : 0
        }
    }

    /// Terms of the index (porter stems) that start with any of `letters`, with how many
    /// passages hold each.
    public func vocabulary(startingWith letters: Set<Character>) throws -> [String: Int] {
        let known = try rememberedReads().vocabulary
        let lookup = try statement("SELECT term, passages FROM terms WHERE term >= ?1 AND term < ?2")
        var result: [String: Int] = [:]
        for letter in letters {
            guard let scalar = letter.unicodeScalars.first, let next = Unicode.Scalar(scalar.value + 1) else { continue }
            var terms = known[letter] ?? [:]
            if known[letter] == nil {
                for (term, count) in try lookup.rows([.text(String(letter)), .text(String(Character(next)))], { ($0.text(0), $0.int(1)) }) {
                    terms[term] = count
                }
                remembered.vocabulary[letter] = terms
            }
            result.merge(terms) { _, new in new }
        }
        return result
    }

    public func passages(ofArticle slug: String) throws -> [IndexedPassage] {
        try statement("""
            SELECT id, slug, file, line, ordinal, kind, title, section, faq, body, 0, asks
            FROM passages WHERE slug = ? ORDER BY ordinal
            """).rows([.text(slug)], Self.readPassage)
    }

    public func passage(id: Int64) throws -> IndexedPassage? {
        try statement("""
            SELECT id, slug, file, line, ordinal, kind, title, section, faq, body, 0, asks
            FROM passages WHERE id = ?
            """).rows([.integer(id)], Self.readPassage).first
    }

    public func articles() throws -> [ArticleSummary] {
        if let known = try rememberedReads().articles { return known }
        let articles = try statement("SELECT slug, title, summary, file, related, sections, after FROM articles ORDER BY file").rows([], Self.readArticle)
        remembered.articles = articles
        return articles
    }

    public var articleCount: Int {
        get throws {
            if let known = try rememberedReads().articles { return known.count }
            return try statement("SELECT count(*) FROM articles").rows([]) { $0.int(0) }.first ?? 0
        }
    }

    /// The first titles in file order, without reading every article.
    public func articleTitles(limit: Int) throws -> [String] {
        if let known = try rememberedReads().articles { return known.prefix(limit).map(\.title) }
        return try statement("SELECT title FROM articles ORDER BY file LIMIT ?").rows([.integer(Int64(limit))]) { $0.text(0) }
    }

    public func article(slug: String) throws -> ArticleSummary? {
        try statement("SELECT slug, title, summary, file, related, sections, after FROM articles WHERE slug = ?").rows([.text(slug)], Self.readArticle).first
    }

    /// The article a related-reading title names (`TitleMatch`).
    public func article(title: String) throws -> ArticleSummary? {
        let articles = try articles()
        guard let slug = TitleMatch.slug(named: title, among: articles.map { ($0.slug, $0.title) }) else { return nil }
        return articles.first { $0.slug == slug }
    }

    private static func readPassage(_ row: Row) -> IndexedPassage {
        IndexedPassage(
            id: row.integer(0), slug: row.text(1), file: row.text(2), line: row.int(3), ordinal: row.int(4),
            kind: Passage.Kind(rawValue: row.text(5)) ?? .paragraph, title: row.text(6),
            section: row.optionalText(7), question: row.optionalText(8), body: row.text(9),
            asks: Self.lines(row.text(11)).map(String.init), bm25: row.real(10)
        )
    }

    private static func readArticle(_ row: Row) -> ArticleSummary {
        ArticleSummary(
            slug: row.text(0), title: row.text(1), summary: row.optionalText(2), file: row.text(3),
            related: lines(row.text(4)).map { RelatedLink(parsing: String($0)) },
            outline: lines(row.text(5)).map { line in
                guard let tab = line.utf8.firstIndex(of: UInt8(ascii: "\t")), tab != line.startIndex, line.utf8.index(after: tab) != line.endIndex else {
                    return OutlineEntry(level: 2, heading: String(line))
                }
                return OutlineEntry(level: Int(line[..<tab]) ?? 2, heading: String(line[line.utf8.index(after: tab)...]))
            },
            after: row.optionalText(6).flatMap(SafetyNotice.Kind.init(rawValue:))
        )
    }

    /// The same pieces as `text.split(separator: "\n")`, found by byte rather than by Character
    /// (which made listing 10,000 articles take 60 ms): a line feed splits except right after
    /// a carriage return, since "\r\n" is one Character.
    static func lines(_ text: String) -> [Substring] {
        var pieces: [Substring] = []
        let bytes = text.utf8
        var start = bytes.startIndex, index = start
        var previous: UInt8 = 0
        while index != bytes.endIndex {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\n") && previous != UInt8(ascii: "\r") {
                if start != index { pieces.append(text[start..<index]) }
                start = bytes.index(after: index)
            }
            previous = byte
            index = bytes.index(after: index)
        }
        if start != bytes.endIndex { pieces.append(text[start...]) }
        return pieces
    }
}

/// bm25 column weights.
public struct FieldWeights: Sendable, Equatable {
    public var question: Double
    public var section: Double
    public var title: Double
    public var body: Double
    public var asks: Double

    public static let standard = FieldWeights(question: 4, section: 1.5, title: 1, body: 1, asks: 2)
}

/// Problems stored in one text column: one per line, `F` or `W`, tab, line, tab, message.
enum ProblemCoding {
    static func encode(_ problems: [KnowledgeProblem]) -> String {
        problems.map { "\($0.isFatal ? "F" : "W")\t\($0.line)\t\($0.file)\t\($0.message.replacingNewlines)" }.joined(separator: "\n")
    }

    static func decode(_ text: String) -> [KnowledgeProblem] {
        text.split(separator: "\n").compactMap { line in
            let parts = line.split(separator: "\t", maxSplits: 3, omittingEmptySubsequences: false)
            guard parts.count == 4, let number = Int(parts[1]) else { return nil }
            return KnowledgeProblem(file: String(parts[2]), line: number, message: String(parts[3]), isFatal: parts[0] == "F")
        }
    }
}

extension String {
    var replacingNewlines: String {
        String(map { $0.isNewline || $0 == "\t" ? " " : $0 })
    }
}
