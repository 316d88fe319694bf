#if canImport(Glibc)
import Glibc
#endif

/// The labelled example messages the safety check compares a message with by meaning
/// (`safety-bank.tsv` in the knowledge folder, `expect<TAB>text` as the evaluation lists:
/// crisis, coercion or none), and their vectors. A practice can add examples; `index --check`
/// validates the file. The vectors are kept in the cache folder (`SafetyBankCache`), keyed by
/// the model and the bank's bytes, and made again (a second or two) only when either changes.
public struct SafetyBank: Sendable {
    public static let fileName = "safety-bank.tsv"
    /// A cache made at set-up, beside the model, for the shipped bank.
    public static let seedFileName = "safety-bank.vectors"

    public struct Example: Sendable {
        public var kind: SafetyNotice.Kind?
        public var text: String
    }

    /// Each example's kind, in the file's order (nil: ordinary).
    public let kinds: [SafetyNotice.Kind?]
    /// (N, C) row-major, one row an example, in the file's order.
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

    /// The bank of `folder`, or nil when the folder has none; a malformed file is a problem.
    public static func read(from folder: KnowledgeFolder) -> (examples: [Example], bytes: [UInt8], problem: KnowledgeProblem?)? {
        let path = folder.fullPath(fileName)
        guard FileSystem.exists(path) else { return nil }
        let bytes: [UInt8]
        do { bytes = try FileSystem.readRegularFile(path) } catch {
            return ([], [], KnowledgeProblem(file: fileName, line: 1, message: "cannot be read: \(error.reason)"))
        }
        do {
            let set = try SafetySet.parse(String(decoding: bytes, as: UTF8.self), file: fileName)
            return (set.entries.map { Example(kind: $0.expected, text: $0.text) }, bytes, nil)
        } catch {
            return ([], bytes, error)
        }
    }

    /// The bank with its vectors, from the cache at `cachePath` when it was made by this model
    /// beside this very file (its stamp), or from these bytes (a copied or touched bank); else
    /// from the first of `seeds` (read-only caches made at set-up) made by this model from these
    /// bytes; else embedded now. The cache is written, if it can be, whenever it was not used.
    public static func load(from folder: KnowledgeFolder, encoder: SentenceEncoder, cachePath: String?, seeds: [String] = []) -> SafetyBank? {
        let C = encoder.dimensions
        guard let status = FileSystem.status(folder.fullPath(fileName)) else { return nil }
        let stamp = SafetyBankCache.stamp(of: status)
        let cached = cachePath.flatMap { SafetyBankCache.open($0, dimensions: C) }
        if let cached, cached.identity == encoder.identity, cached.stamp == stamp {
            return SafetyBank(kindCodes: cached.kindCodes, vectors: cached.vectors, dimensions: C)
        }
        guard let read = read(from: folder), read.problem == nil, !read.examples.isEmpty else { return nil }
        let contentHash = ContentHash.of(read.bytes)
        let codes = read.examples.map { code($0.kind) }
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
        let vectors = VectorBuilder.embed(read.examples.map(\.text), with: encoder, threads: 0).flatMap { $0 }
        if let cachePath {
            vectors.withUnsafeBufferPointer {
                SafetyBankCache.write(to: cachePath, identity: encoder.identity, contentHash: contentHash, stamp: stamp, kindCodes: codes, vectors: $0)
            }
        }
        return SafetyBank(kindCodes: codes, vectors: BankVectors(vectors), dimensions: C)
    }
}
