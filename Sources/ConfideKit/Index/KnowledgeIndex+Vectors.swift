/// The meaning model's vectors in the index: which texts still need one, storing a batch, and
/// reading them back. See `IndexSchema` for the tables.
extension KnowledgeIndex {
    /// How many distinct texts of the index have a vector of `model`, and how many there are.
    public struct VectorCoverage: Sendable, Equatable {
        public var embedded: Int
        public var texts: Int
        public var isComplete: Bool { embedded >= texts }
    }

    /// Whether every text has a vector of `model`, from one row of `meta`: a question asks this
    /// before every answer, and counting would read every text of the index. Set when a run
    /// leaves nothing to embed; removed by any refresh that adds, changes or removes a text.
    public func hasEveryVector(model: String) throws -> Bool {
        try statement("SELECT value FROM meta WHERE key = 'vectors'").rows([]) { $0.text(0) }.first == model
    }

    public func vectorCoverage(model: String) throws -> VectorCoverage {
        let texts = try statement("SELECT count(DISTINCT hash) FROM passage_texts").rows([]) { $0.int(0) }.first ?? 0
        let embedded = try statement("""
            SELECT count(*) FROM (SELECT DISTINCT hash FROM passage_texts) AS t
            WHERE EXISTS (SELECT 1 FROM vectors v WHERE v.model = ?1 AND v.hash = t.hash)
            """).rows([.text(model)]) { $0.int(0) }.first ?? 0
        return VectorCoverage(embedded: embedded, texts: texts)
    }

    /// Texts (by hash) that have no vector of `model` yet, in passage order, so that an
    /// interrupted run resumes where it stopped.
    public func textsWithoutVectors(model: String, limit: Int = Int(Int32.max)) throws -> [(hash: String, text: String)] {
        let rows = try statement("""
            SELECT t.hash, t.part, p.body, p.faq, p.asks FROM passage_texts t JOIN passages p ON p.id = t.passage
            WHERE NOT EXISTS (SELECT 1 FROM vectors v WHERE v.model = ?1 AND v.hash = t.hash)
            ORDER BY t.passage, t.part
            """).rows([.text(model)]) { row in
            (row.text(0), MeaningText.text(part: row.int(1), body: row.text(2), question: row.optionalText(3), asks: row.text(4)))
        }
        var seen = Set<String>()
        var result: [(hash: String, text: String)] = []
        for (hash, text) in rows {
            guard let text, seen.insert(hash).inserted else { continue }
            result.append((hash, text))
            if result.count >= limit { break }
        }
        return result
    }

    /// Stores a batch of vectors of `model` in one transaction (a crash loses at most this batch).
    public func storeVectors(_ vectors: [(hash: String, vector: [Float])], model: String) throws {
        try Database.retryingWhenBusy {
            try database.transaction {
                let insert = try statement("INSERT OR REPLACE INTO vectors(model, hash, vector) VALUES(?, ?, ?)")
                for (hash, vector) in vectors {
                    try insert.run([.text(model), .text(hash), .blob(VectorCoding.encode(vector))])
                }
            }
        }
        ownChanges += 1
    }

    /// Removes vectors no text of the index needs any more, and every other model's, and notes
    /// that every text has its vector when none lacks one (another process may have added texts
    /// since this one looked: the check is made again under the write lock).
    @discardableResult
    public func removeUnusedVectors(model: String) throws -> Int {
        try Database.retryingWhenBusy {
            try database.transaction {
                try statement("DELETE FROM vectors WHERE model != ?1 OR hash NOT IN (SELECT hash FROM passage_texts)").run([.text(model)])
                let removed = database.changes
                let missing = try statement("SELECT EXISTS (SELECT 1 FROM passage_texts t WHERE NOT EXISTS (SELECT 1 FROM vectors v WHERE v.model = ?1 AND v.hash = t.hash))").rows([.text(model)]) { $0.integer(0) }.first ?? 1
                if missing == 0 { try statement("INSERT OR REPLACE INTO meta(key, value) VALUES('vectors', ?1)").run([.text(model)]) }
                ownChanges += 1
                return removed
            }
        }
    }

    /// SQLite's count of changes by other connections and this one's refreshes: what a reader
    /// compares to know whether what it read earlier still holds.
    public func dataVersion() throws -> Int64 {
        (try statement("PRAGMA data_version").rows([]) { $0.integer(0) }.first ?? 0) &+ ownChanges << 32
    }

    /// Every stored vector of `model` for the index's passages: (passage id, part, vector).
    public func passageVectors(model: String) throws -> [(passage: Int64, part: Int, vector: [Float])] {
        try statement("""
            SELECT t.passage, t.part, v.vector FROM passage_texts t JOIN vectors v ON v.model = ?1 AND v.hash = t.hash
            ORDER BY t.passage, t.part
            """).rows([.text(model)]) { row in
            (row.integer(0), row.int(1), VectorCoding.decode(row.blob(2)))
        }
    }
}

/// A vector as stored: its floats, little-endian, four bytes each.
enum VectorCoding {
    static func encode(_ vector: [Float]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(vector.count * 4)
        for value in vector {
            var bits = value.bitPattern.littleEndian
            withUnsafeBytes(of: &bits) { bytes.append(contentsOf: $0) }
        }
        return bytes
    }

    static func decode(_ bytes: [UInt8]) -> [Float] { decode(bytes[...]) }

    /// The stored bytes are little-endian floats: on a little-endian machine (every one Swift
    /// on Linux runs on) one copy, where the byte-by-byte loop cost several milliseconds for
    /// thousands of vectors. (The safety bank's are mapped where they lie: `BankVectors`.)
    static func decode(_ bytes: ArraySlice<UInt8>) -> [Float] {
        #if _endian(little)
        let count = bytes.count / 4
        return [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            bytes.withUnsafeBytes { raw in
                if count > 0, let source = raw.baseAddress, let target = buffer.baseAddress {
                    UnsafeMutableRawPointer(target).copyMemory(from: source, byteCount: count * 4)
                }
            }
            initialized = count
        }
        #else
        var vector: [Float] = []
        vector.reserveCapacity(bytes.count / 4)
        var index = bytes.startIndex
        while index + 4 <= bytes.endIndex {
            let bits = UInt32(bytes[index]) | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2]) << 16 | UInt32(bytes[index + 3]) << 24
            vector.append(Float(bitPattern: bits))
            index += 4
        }
        return vector
        #endif
    }
}
