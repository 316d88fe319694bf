#if canImport(Glibc)
import Glibc
#endif
import CBLAS
import Synchronization

/// all-MiniLM-L6-v2 (or any BERT sentence-transformers folder with mean pooling), run here by
/// hand: text → `BertTokenizer` → `BertEncoder` → `Pooling` → a vector of length 1, whose dot
/// product with another is their cosine. Loading maps the weights file and reads the
/// vocabulary; nothing is fetched, ever: the folder comes from the set-up (`make model`).
public final class SentenceEncoder: @unchecked Sendable {
    public let folder: String
    public let tokenizer: BertTokenizer
    public let configuration: BertConfiguration
    /// Names this model's weights and vocabulary, for keying stored vectors: a vector made by
    /// another model is never mistaken for one of this model's.
    public let identity: String
    private let encoder: BertEncoder

    public var dimensions: Int { configuration.hidden }

    /// The files a folder needs, in the sentence-transformers layout.
    public static let weightsFile = "model.safetensors"
    public static let vocabularyFile = "vocab.txt"

    public init(folder: String) throws(ModelError) {
        guard FileSystem.isDirectory(folder) else { throw .missing(folder: folder, file: Self.weightsFile) }
        self.folder = folder
        func json(_ name: String) throws(ModelError) -> JSON? {
            let path = FileSystem.join(folder, name)
            guard FileSystem.exists(path) else { return nil }
            let bytes: [UInt8]
            do { bytes = try FileSystem.readBytes(path) } catch { throw .unreadable(file: path, reason: error.reason) }
            guard bytes.count < 10_000_000, let parsed = JSONParser.parse(String(decoding: bytes, as: UTF8.self)) else {
                throw .damaged(file: path, reason: "not JSON")
            }
            return parsed
        }
        let configuration = try json("config.json").map { json throws(ModelError) in try BertConfiguration.read(json, file: FileSystem.join(folder, "config.json")) } ?? BertConfiguration()
        if let pooling = try json("1_Pooling/config.json") {
            let meanOnly = pooling["pooling_mode_mean_tokens"] == .bool(true)
                && ["pooling_mode_cls_token", "pooling_mode_max_tokens", "pooling_mode_mean_sqrt_len_tokens"].allSatisfy { pooling[$0] != .bool(true) }
            guard meanOnly else { throw .unsupported(file: FileSystem.join(folder, "1_Pooling/config.json"), reason: "its pooling is not the mean of the tokens") }
        }
        let sentenceConfiguration = try json("sentence_bert_config.json")
        let maximumLength = min(Int(sentenceConfiguration?["max_seq_length"]?.intValue ?? 256), configuration.maximumPositions)
        var lowercase = true
        if case .bool(let value)? = try json("tokenizer_config.json")?["do_lower_case"] { lowercase = value }
        if case .bool(true)? = sentenceConfiguration?["do_lower_case"] { lowercase = true }

        let vocabularyPath = FileSystem.join(folder, Self.vocabularyFile)
        let vocabulary = try WordPieceVocabulary(contentsOf: vocabularyPath)
        tokenizer = try BertTokenizer(vocabulary: vocabulary, maximumLength: maximumLength, lowercase: lowercase, file: vocabularyPath)
        let file = try SafetensorsFile(path: FileSystem.join(folder, Self.weightsFile))
        let weights = try BertWeights(file: file, configuration: configuration)
        guard vocabulary.count <= (file.tensors.first { $0.key.hasSuffix("embeddings.word_embeddings.weight") }?.value.shape.first ?? 0) else {
            throw .unsupported(file: vocabularyPath, reason: "it has \(vocabulary.count) tokens, more than the weights' embedding rows")
        }
        self.configuration = configuration
        encoder = BertEncoder(weights: weights)
        var fingerprint = file.sampledFingerprint()
        for byte in ContentHash.of(vocabulary.fingerprintBytes).utf8 {
            fingerprint ^= UInt64(byte)
            fingerprint = fingerprint &* 0x0000_0100_0000_01b3
        }
        let hex = String(fingerprint, radix: 16)
        identity = "bert\(configuration.layers)x\(configuration.hidden)-" + String(repeating: "0", count: 16 - hex.count) + hex
        // Parallelism is across passages (`vectors`), never inside one product.
        SingleThreadedBLAS.ready
    }

    /// The vector of one text (a question).
    public func vector(for text: String) -> [Float] {
        vectors(for: [text])[0]
    }

    /// The vectors of `texts`, encoded together (the position-wise products run over all their
    /// tokens at once, which uses the processor better than one text at a time). The last few
    /// texts' vectors are remembered: a question is read by the safety check and by the answer,
    /// and is embedded once.
    public func vectors(for texts: [String]) -> [[Float]] {
        var result = [[Float]?](repeating: nil, count: texts.count)
        recent.withLock { recent in
            for (index, text) in texts.enumerated() { result[index] = recent.first { $0.text == text }?.vector }
        }
        let missing = texts.indices.filter { result[$0] == nil }
        if !missing.isEmpty {
            let sequences = missing.map { tokenizer.ids(texts[$0]) }
            let states = encoder.forward(sequences)
            let made = Pooling.meanNormalised(states, lengths: sequences.map(\.count), width: configuration.hidden)
            recent.withLock { recent in
                for (index, vector) in zip(missing, made) {
                    result[index] = vector
                    recent.append((texts[index], vector))
                }
                if recent.count > Self.remembered { recent.removeFirst(recent.count - Self.remembered) }
            }
        }
        return result.map { $0! }
    }

    private static let remembered = 8
    private let recent = Mutex<[(text: String, vector: [Float])]>([])

    /// The vectors of already tokenized sequences.
    public func vectors(forTokenized sequences: [[Int32]]) -> [[Float]] {
        let states = encoder.forward(sequences)
        return Pooling.meanNormalised(states, lengths: sequences.map(\.count), width: configuration.hidden)
    }
}
