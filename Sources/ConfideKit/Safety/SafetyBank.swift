#if canImport(Glibc)
import Glibc
#endif

/// The labelled example messages the safety check compares a message with by meaning
/// (`safety-bank.tsv` in the knowledge folder, `expect<TAB>text` as the evaluation lists:
/// crisis, coercion or none), and their vectors. A practice can add examples; `index --check`
/// validates the file. The vectors are kept in the cache folder, keyed by the model and the
/// bank's bytes, and made again (a second or two) only when either changes: a cache.
public struct SafetyBank: Sendable {
    public static let fileName = "safety-bank.tsv"

    public struct Example: Sendable {
        public var kind: SafetyNotice.Kind?
        public var text: String
    }

    public let examples: [Example]
    /// (N, C) row-major, one row an example, in `examples` order.
    public let vectors: BankVectors
    public let dimensions: Int
    /// Each example's kind as a small number (0 crisis, 1 coercion, 2 ordinary), made once:
    /// every message's pieces are sorted into the kinds by it.
    public let kindCodes: [UInt8]

    public init(examples: [Example], vectors: BankVectors, dimensions: Int) {
        self.examples = examples
        self.vectors = vectors
        self.dimensions = dimensions
        kindCodes = examples.map { $0.kind == .crisis ? 0 : $0.kind == .coercion ? 1 : 2 }
    }

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
    /// from these bytes, else embedded now (and the cache written, if it can be).
    public static func load(from folder: KnowledgeFolder, encoder: SentenceEncoder, cachePath: String?) -> SafetyBank? {
        guard let read = read(from: folder), read.problem == nil, !read.examples.isEmpty else { return nil }
        let C = encoder.dimensions
        // The key names the model and the bank's bytes; it is padded with newlines to a
        // multiple of 16 bytes so that the floats after it can be used where they are mapped.
        var key = Array((encoder.identity + "\n" + ContentHash.of(read.bytes) + "\n").utf8)
        while key.count % 16 != 0 { key.append(UInt8(ascii: "\n")) }
        if let cachePath, let cached = BankVectors(mapping: cachePath, prefix: key, offset: key.count, count: read.examples.count * C) {
            return SafetyBank(examples: read.examples, vectors: cached, dimensions: C)
        }
        // The bank's examples are short: embedded on every processor, in batches.
        let vectors = VectorBuilder.embed(read.examples.map(\.text), with: encoder, threads: 0).flatMap { $0 }
        if let cachePath {
            // Written beside and renamed, so a reader never sees half a cache.
            let temporary = cachePath + ".tmp-\(getpid())"
            if (try? FileSystem.write(key + VectorCoding.encode(vectors), to: temporary, mode: 0o600, replace: true)) != nil {
                if rename(temporary, cachePath) != 0 { _ = FileSystem.remove(temporary) }
            }
        }
        return SafetyBank(examples: read.examples, vectors: BankVectors(vectors), dimensions: C)
    }
}
