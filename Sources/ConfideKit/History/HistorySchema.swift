/// The history's tables. The FTS5 table keeps its own copy of the text (not external content)
/// so that deleting a row needs nothing but its rowid.
enum HistorySchema {
    static let version = 1
    /// 'CFDH': a history file confide made.
    static let owner = DatabaseOwner(applicationID: 0x4346_4448, tables: ["conversations", "turns", "turn_text"])

    static let create = """
        CREATE TABLE conversations(
            id INTEGER PRIMARY KEY,
            started INTEGER NOT NULL,
            title TEXT NOT NULL
        );
        CREATE TABLE turns(
            id INTEGER PRIMARY KEY,
            conversation INTEGER NOT NULL REFERENCES conversations(id),
            asked INTEGER NOT NULL,
            question TEXT NOT NULL,
            answer TEXT NOT NULL
        );
        CREATE INDEX turns_by_conversation ON turns(conversation, id);
        CREATE VIRTUAL TABLE turn_text USING fts5(question, excerpts, tokenize='porter unicode61 remove_diacritics 2');
        """
}
