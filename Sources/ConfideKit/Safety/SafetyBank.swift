#if canImport(Glibc)
import Glibc
#endif

/// The labelled example messages the safety check compares a message with by meaning, and
/// their vectors. The bank is `safety-bank.tsv` in the knowledge folder and every
/// `safety-bank-NAME.tsv` beside it (`expect<TAB>text` as the evaluation lists: crisis, coercion
/// or none), read as one: the shipped examples come in more than one file, and a practice adds
/// its own in a file of its own, which a new release's files leave alone. `index --check`
/// validates each file. The vectors are kept in the cache folder (`SafetyBankCache`), keyed by
/// the model and the files' bytes, and made again only when either changes.
public struct SafetyBank: Sendable {
    public static let fileName = "safety-bank.tsv"
    /// A cache made at set-up, beside the model, for the shipped bank.
    public static let seedFileName = "safety-bank.vectors"

    public struct Example: Sendable {
        public var kind: SafetyNotice.Kind?
        public var text: String
        /// The example's line in its file.
        public var line: Int
    }

    /// One of the bank's files as read: its examples, or the problem that leaves it out.
    public struct File: Sendable {
        public var name: String
        public var bytes: [UInt8]
        public var examples: [Example]
        public var problem: KnowledgeProblem?
    }

    /// Each example's kind, in the files' order (nil: ordinary).
    public let kinds: [SafetyNotice.Kind?]
    /// (N, C) row-major, one row an example, in the files' order.
    public let vectors: BankVectors
    public let dimensions: Int
    /// Each example's kind as a small number (0 crisis, 1 coercion, 2 ordinary): every
    /// message's pieces are sorted into the kinds by it, and the cache keeps it.
    public let kindCodes: [UInt8]

    public var count: Int { kindCodes.count }

    public init(kindCodes: [UInt8], vectors: BankVectors, dimensions: Int) {
        self.kindCodes = kindCodes
        kinds = kindCodes.map { $0 == 0 ? .crisis : $0 == 1 ? .coercion : nil }
        self.vectors = vectors
        self.dimensions = dimensions
    }

    static func code(_ kind: SafetyNotice.Kind?) -> UInt8 { kind == .crisis ? 0 : kind == .coercion ? 1 : 2 }

    /// Whether `name` is one of a bank's files.
    public static func isBankFile(_ name: String) -> Bool {
        name == fileName || (name.hasPrefix("safety-bank-") && name.hasSuffix(".tsv") && name.count > "safety-bank-.tsv".count)
    }

    /// The bank's files in `folder`: `safety-bank.tsv` first, then the others by name (one
    /// listing of the folder; none when it cannot be listed).
    public static func fileNames(in folder: KnowledgeFolder) -> [String] {
        let names = ((try? FileSystem.contents(ofDirectory: folder.path)) ?? []).filter(isBankFile)
        return names.filter { $0 == fileName } + names.filter { $0 != fileName }
    }

    /// Every file of the bank in `folder`, each with its examples or its problem (a file that
    /// cannot be read or does not parse is left out; the others still serve).
    public static func read(from folder: KnowledgeFolder, names: [String]? = nil) -> [File] {
        let names = names ?? fileNames(in: folder)
        return names.map { (name: String) -> File in
            let bytes: [UInt8]
            do throws(FileSystemError) { bytes = try FileSystem.readRegularFile(folder.fullPath(name)) } catch {
                return File(name: name, bytes: [], examples: [], problem: KnowledgeProblem(file: name, line: 1, message: "cannot be read: \(error.reason)"))
            }
            do throws(KnowledgeProblem) {
                let set = try SafetySet.parse(String(decoding: bytes, as: UTF8.self), file: name)
                return File(name: name, bytes: bytes, examples: set.entries.map { Example(kind: $0.expected, text: $0.text, line: $0.line) }, problem: nil)
            } catch {
                return File(name: name, bytes: bytes, examples: [], problem: error)
            }
        }
    }

    /// The stamp of the bank as it lies: each file's name and stamp (one stat each, as for
    /// articles), or nil when the folder holds no bank.
    static func stamp(of names: [String], in folder: KnowledgeFolder) -> String? {
        guard !names.isEmpty else { return nil }
        let parts = names.map { name in FileSystem.status(folder.fullPath(name)).map { "\(name) \(SafetyBankCache.stamp(of: $0))" } ?? "\(name) -" }
        // Hashed, so that a practice's many files still fit the cache's short header.
        return ContentHash.of(Array(parts.joined(separator: "\n").utf8))
    }

    /// The hash of the files used, with their names (a file renamed or moved between two
    /// names is another bank).
    static func contentHash(of files: [File]) -> String {
        var all: [UInt8] = []
        for file in files {
            all += Array("\(file.name)\n\(file.bytes.count)\n".utf8)
            all += file.bytes
        }
        return ContentHash.of(all)
    }

    /// The bank with its vectors, from the cache at `cachePath` when it was made by this model
    /// beside these very files (their stamps), or from these bytes (a copied or touched bank);
    /// else from the first of `seeds` (read-only caches made at set-up) made by this model from
    /// these bytes; else embedded now, after `willEmbed` is told how many examples (so that a
    /// person is not left waiting in silence). The cache is written, if it can be, whenever it
    /// was not used. Nil when the folder holds no usable bank.
    public static func load(from folder: KnowledgeFolder, encoder: SentenceEncoder, cachePath: String?, seeds: [String] = [],
                            willEmbed: (Int) -> Void = { _ in }) -> SafetyBank? {
        let C = encoder.dimensions
        let names = fileNames(in: folder)
        guard let stamp = stamp(of: names, in: folder) else { return nil }
        let cached = cachePath.flatMap { SafetyBankCache.open($0, dimensions: C) }
        if let cached, cached.identity == encoder.identity, cached.stamp == stamp {
            return SafetyBank(kindCodes: cached.kindCodes, vectors: cached.vectors, dimensions: C)
        }
        let files = read(from: folder, names: names).filter { $0.problem == nil }
        let examples = files.flatMap(\.examples)
        guard !examples.isEmpty else { return nil }
        let contentHash = contentHash(of: files)
        let codes = examples.map { code($0.kind) }
        // The same bytes under another stamp (copied, touched, restored), or else the set-up's
        // seed (opened only when needed): kept, and written again with this stamp so that the
        // next process need not read the bank.
        let matches = { (cache: SafetyBankCache) in
            cache.identity == encoder.identity && cache.contentHash == contentHash && cache.kindCodes == codes
        }
        if let usable = cached.flatMap({ matches($0) ? $0 : nil })
            ?? seeds.lazy.compactMap({ SafetyBankCache.open($0, dimensions: C) }).first(where: matches) {
            if let cachePath {
                SafetyBankCache.write(to: cachePath, identity: encoder.identity, contentHash: contentHash, stamp: stamp, kindCodes: codes,
                                      vectors: UnsafeBufferPointer(start: usable.vectors.floats, count: usable.vectors.count))
            }
            return SafetyBank(kindCodes: codes, vectors: usable.vectors, dimensions: C)
        }
        // Embedded on every processor, in batches (a minute or two for the shipped bank).
        willEmbed(examples.count)
        let vectors = VectorBuilder.embed(examples.map(\.text), with: encoder, threads: 0).flatMap { $0 }
        if let cachePath {
            vectors.withUnsafeBufferPointer {
                SafetyBankCache.write(to: cachePath, identity: encoder.identity, contentHash: contentHash, stamp: stamp, kindCodes: codes, vectors: $0)
            }
        }
        return SafetyBank(kindCodes: codes, vectors: BankVectors(vectors), dimensions: C)
    }
}
