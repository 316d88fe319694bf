/// The shapes of a BERT encoder, from the model's `config.json` (and checked against its tensors).
public struct BertConfiguration: Sendable, Equatable {
    public var vocabularySize = 30_522
    public var hidden = 384
    public var layers = 6
    public var heads = 12
    public var intermediate = 1_536
    public var maximumPositions = 512
    public var typeVocabularySize = 2
    public var layerNormEpsilon: Float = 1e-12

    public var headSize: Int { hidden / heads }

    /// Reads `config.json`; a key it lacks keeps all-MiniLM-L6-v2's value.
    static func read(_ json: JSON, file: String) throws(ModelError) -> BertConfiguration {
        var configuration = BertConfiguration()
        func integer(_ key: String, _ value: inout Int) {
            if let number = json[key]?.intValue, number > 0, number < 1 << 24 { value = Int(number) }
        }
        integer("vocab_size", &configuration.vocabularySize)
        integer("hidden_size", &configuration.hidden)
        integer("num_hidden_layers", &configuration.layers)
        integer("num_attention_heads", &configuration.heads)
        integer("intermediate_size", &configuration.intermediate)
        integer("max_position_embeddings", &configuration.maximumPositions)
        integer("type_vocab_size", &configuration.typeVocabularySize)
        switch json["layer_norm_eps"] {
        case .number(let value)?: configuration.layerNormEpsilon = Float(value)
        case .int(let value)?: configuration.layerNormEpsilon = Float(value)
        default: break
        }
        if let type = json["model_type"]?.stringValue, type != "bert" {
            throw .unsupported(file: file, reason: "model_type \(type), not bert")
        }
        if let activation = json["hidden_act"]?.stringValue, activation != "gelu" {
            throw .unsupported(file: file, reason: "hidden_act \(activation), not gelu")
        }
        if let positions = json["position_embedding_type"]?.stringValue, positions != "absolute" {
            throw .unsupported(file: file, reason: "position_embedding_type \(positions), not absolute")
        }
        guard configuration.hidden % configuration.heads == 0 else {
            throw .unsupported(file: file, reason: "hidden_size \(configuration.hidden) is not a multiple of num_attention_heads \(configuration.heads)")
        }
        return configuration
    }
}

/// `embeddings.*`: a token's vector is its word, position and token-type rows summed, then
/// layer-normalised.
struct BertEmbeddings {
    let wordEmbeddings: UnsafePointer<Float>        // (V, C)
    let positionEmbeddings: UnsafePointer<Float>    // (maxT, C)
    let tokenTypeEmbeddings: UnsafePointer<Float>   // (types, C); BERT's type 0 only
    let layerNormWeight: UnsafePointer<Float>       // (C)
    let layerNormBias: UnsafePointer<Float>         // (C)
}

/// `encoder.layer.N.*`. Linear weights are stored (out, in), as PyTorch keeps them; the matrix
/// product reads them transposed where they lie. Query, key and value are copied side by side
/// into one (3C, C) matrix at load, so that one product makes all three.
struct BertLayer {
    let queryKeyValueWeight: UnsafePointer<Float>    // (3C, C), owned
    let queryKeyValueBias: UnsafePointer<Float>      // (3C), owned
    let attentionOutputWeight: UnsafePointer<Float>  // (C, C)
    let attentionOutputBias: UnsafePointer<Float>    // (C)
    let attentionLayerNormWeight: UnsafePointer<Float> // (C)
    let attentionLayerNormBias: UnsafePointer<Float>   // (C)
    let intermediateWeight: UnsafePointer<Float>     // (4C, C)
    let intermediateBias: UnsafePointer<Float>       // (4C)
    let outputWeight: UnsafePointer<Float>           // (C, 4C)
    let outputBias: UnsafePointer<Float>             // (C)
    let outputLayerNormWeight: UnsafePointer<Float>  // (C)
    let outputLayerNormBias: UnsafePointer<Float>    // (C)
}

/// Every weight of the encoder, found by the names the reference (Hugging Face's `BertModel`)
/// gives them, with or without a `bert.` prefix.
final class BertWeights: @unchecked Sendable {
    let file: SafetensorsFile
    let configuration: BertConfiguration
    let embeddings: BertEmbeddings
    let layers: [BertLayer]
    private var owned: [UnsafeMutablePointer<Float>] = []

    init(file: SafetensorsFile, configuration: BertConfiguration) throws(ModelError) {
        self.file = file
        self.configuration = configuration
        let C = configuration.hidden, I = configuration.intermediate
        guard let wordName = file.tensors.keys.filter({ $0.hasSuffix("embeddings.word_embeddings.weight") }).min(by: { $0.count < $1.count }) else {
            throw .unsupported(file: file.path, reason: "it has no embeddings.word_embeddings.weight")
        }
        let prefix = String(wordName.dropLast("embeddings.word_embeddings.weight".count))
        func tensor(_ name: String, _ shape: [Int]) throws(ModelError) -> UnsafePointer<Float> {
            // Old checkpoints name LayerNorm's parameters gamma and beta.
            if file.tensors[prefix + name] == nil, name.hasSuffix("LayerNorm.weight") || name.hasSuffix("LayerNorm.bias") {
                let old = name.hasSuffix(".weight") ? String(name.dropLast(6)) + "gamma" : String(name.dropLast(4)) + "beta"
                if file.tensors[prefix + old] != nil { return try file.floats(prefix + old, shape: shape) }
            }
            return try file.floats(prefix + name, shape: shape)
        }
        let vocabularyRows = file.tensors[wordName]?.shape.first ?? 0
        embeddings = BertEmbeddings(
            wordEmbeddings: try tensor("embeddings.word_embeddings.weight", [vocabularyRows, C]),
            positionEmbeddings: try tensor("embeddings.position_embeddings.weight", [configuration.maximumPositions, C]),
            tokenTypeEmbeddings: try tensor("embeddings.token_type_embeddings.weight", [configuration.typeVocabularySize, C]),
            layerNormWeight: try tensor("embeddings.LayerNorm.weight", [C]),
            layerNormBias: try tensor("embeddings.LayerNorm.bias", [C])
        )
        var layers: [BertLayer] = []
        var owned: [UnsafeMutablePointer<Float>] = []
        for index in 0..<configuration.layers {
            let name = "encoder.layer.\(index)."
            let weight = UnsafeMutablePointer<Float>.allocate(capacity: 3 * C * C)
            let bias = UnsafeMutablePointer<Float>.allocate(capacity: 3 * C)
            owned += [weight, bias]
            for (part, which) in ["query", "key", "value"].enumerated() {
                (weight + part * C * C).update(from: try tensor(name + "attention.self.\(which).weight", [C, C]), count: C * C)
                (bias + part * C).update(from: try tensor(name + "attention.self.\(which).bias", [C]), count: C)
            }
            layers.append(BertLayer(
                queryKeyValueWeight: UnsafePointer(weight), queryKeyValueBias: UnsafePointer(bias),
                attentionOutputWeight: try tensor(name + "attention.output.dense.weight", [C, C]),
                attentionOutputBias: try tensor(name + "attention.output.dense.bias", [C]),
                attentionLayerNormWeight: try tensor(name + "attention.output.LayerNorm.weight", [C]),
                attentionLayerNormBias: try tensor(name + "attention.output.LayerNorm.bias", [C]),
                intermediateWeight: try tensor(name + "intermediate.dense.weight", [I, C]),
                intermediateBias: try tensor(name + "intermediate.dense.bias", [I]),
                outputWeight: try tensor(name + "output.dense.weight", [C, I]),
                outputBias: try tensor(name + "output.dense.bias", [C]),
                outputLayerNormWeight: try tensor(name + "output.LayerNorm.weight", [C]),
                outputLayerNormBias: try tensor(name + "output.LayerNorm.bias", [C])
            ))
        }
        self.layers = layers
        self.owned = owned
    }

    deinit { for pointer in owned { pointer.deallocate() } }
}
