/// The index's tables. Bump `version` whenever they change: an index of another version is
/// rebuilt, never misread.
enum IndexSchema {
    static let version = 7
    /// 'CFDI': an index confide made.
    static let owner = DatabaseOwner(applicationID: 0x4346_4449, tables: ["meta", "files", "passages"])

    /// Passages are stored once (`passages`), and the FTS5 table indexes them as external
    /// content. The FAQ question, section heading and article title are columns of their own so
    /// that bm25 can weight them apart from the body; so are the passage's asks (one a line).
    static let create = """
        CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
        CREATE TABLE files(
            path TEXT PRIMARY KEY,
            size INTEGER NOT NULL,
            modified INTEGER NOT NULL,
            hash TEXT NOT NULL,
            fatal INTEGER NOT NULL DEFAULT 0,
            problems TEXT NOT NULL DEFAULT ''
        ) WITHOUT ROWID;
        CREATE TABLE articles(
            slug TEXT PRIMARY KEY,
            file TEXT NOT NULL UNIQUE,
            title TEXT NOT NULL,
            summary TEXT,
            related TEXT NOT NULL,
            sections TEXT NOT NULL,
            after TEXT
        );
        CREATE TABLE passages(
            id INTEGER PRIMARY KEY,
            slug TEXT NOT NULL,
            file TEXT NOT NULL,
            line INTEGER NOT NULL,
            ordinal INTEGER NOT NULL,
            kind TEXT NOT NULL,
            title TEXT NOT NULL,
            section TEXT,
            faq TEXT,
            body TEXT NOT NULL,
            asks TEXT NOT NULL DEFAULT '',
            words INTEGER NOT NULL
        );
        CREATE INDEX passages_by_file ON passages(file, ordinal);
        CREATE INDEX passages_by_slug ON passages(slug, ordinal);
        CREATE VIRTUAL TABLE passage_text USING fts5(
            faq, section, title, body, asks,
            content='passages', content_rowid='id',
            tokenize='porter unicode61 remove_diacritics 2'
        );
        CREATE VIRTUAL TABLE passage_terms USING fts5vocab(passage_text, 'row');
        CREATE TABLE terms(term TEXT PRIMARY KEY, passages INTEGER NOT NULL) WITHOUT ROWID;
        CREATE TABLE passage_texts(
            passage INTEGER NOT NULL,
            part INTEGER NOT NULL,
            hash TEXT NOT NULL,
            PRIMARY KEY(passage, part)
        ) WITHOUT ROWID;
        CREATE INDEX passage_texts_by_hash ON passage_texts(hash);
        CREATE TABLE vectors(
            model TEXT NOT NULL,
            hash TEXT NOT NULL,
            vector BLOB NOT NULL,
            PRIMARY KEY(model, hash)
        ) WITHOUT ROWID;
        """

    /// `passage_texts` names each text of a passage the meaning model reads (part 0 the body,
    /// 1 the FAQ question, 2 and on its asks) by a hash of the text. `vectors` holds each
    /// text's vector (float32, little-endian) by model and that hash: a passage whose text did
    /// not change keeps its vector through any re-indexing, and another model's vectors are
    /// never read for this one. Embedding is slow (tens of milliseconds a text), so vectors
    /// are filled in after the lexical index, in batches (`VectorBuilder`).

    /// `terms` is a copy of `passage_terms` kept up to date with every change: the spelling
    /// correction reads every term of a letter, and fts5vocab counts each one's passages by
    /// reading its whole doclist (10 to 30 ms a letter at 10,000 articles).

    /// The column order of `passage_text`, for bm25 weights.
    enum Column: Int, CaseIterable { case faq = 0, section, title, body, asks }
}
