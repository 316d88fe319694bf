import ConfideKit

/// Deterministic synthetic knowledge folders: articles of about fifteen paragraphs whose words
/// mix the shipped articles' vocabulary with a long tail of made-up words.
struct Corpus {
    /// SplitMix64: the same folder on every run and every machine.
    struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
    }

    let common: [String]
    let tail: [String]

    init(shippedKnowledge: String) throws {
        var words: [String] = []
        for file in try KnowledgeFolder(path: shippedKnowledge).articleFiles() {
            let text = String(decoding: try FileSystem.readBytes(FileSystem.join(shippedKnowledge, file)), as: UTF8.self)
            words += Words.tokens(text).filter { $0.count > 2 && $0.allSatisfy(\.isLetter) }
        }
        common = words
        // A long tail of pronounceable made-up words, as a large library's rarer vocabulary.
        var random = Random(state: 42)
        let syllables = ["ka", "lo", "mi", "ren", "tu", "sa", "vel", "or", "im", "pa", "dre", "nus", "ti", "ber", "qua", "zo"]
        tail = (0..<20_000).map { _ in (0..<(2 + random.below(3))).map { _ in syllables[random.below(syllables.count)] }.joined() }
    }

    func sentence(_ random: inout Random) -> String {
        let length = 8 + random.below(18)
        var words: [String] = []
        for _ in 0..<length {
            // Zipf-like: most words from the articles, some from the long tail.
            words.append(random.below(10) < 8 ? common[random.below(common.count)] : tail[Int(Double(tail.count) * pow(Double(random.below(1000)) / 1000, 3))])
        }
        let text = words.joined(separator: " ")
        return text.prefix(1).uppercased() + text.dropFirst() + "."
    }

    func paragraph(_ random: inout Random) -> String {
        (0..<(2 + random.below(4))).map { _ in sentence(&random) }.joined(separator: " ")
    }

    func article(_ number: Int) -> String {
        var random = Random(state: UInt64(number) &* 7919 &+ 1)
        var out = "---\ntitle: Article \(number) on \(tail[number % tail.count])\nslug: article-\(number)\nsummary: \(sentence(&random))\n"
        out += "related: article-\((number + 1) % 10_000), article-\((number + 7) % 10_000)\n---\n\n"
        out += paragraph(&random) + "\n\n" + paragraph(&random) + "\n"
        for section in 1...4 {
            out += "\n## Section \(section) about \(common[random.below(common.count)])\n\n"
            for _ in 0..<2 { out += paragraph(&random) + "\n\n" }
        }
        out += "## Frequently Asked Questions\n"
        for _ in 0..<3 {
            out += "\n### Why does \(common[random.below(common.count)]) \(common[random.below(common.count)]) happen?\n\n" + paragraph(&random) + "\n"
        }
        return out
    }

    /// Writes `count` articles into `folder` (created).
    func write(count: Int, to folder: String) throws {
        try FileSystem.makeDirectory(folder, mode: 0o755)
        for number in 0..<count {
            try FileSystem.write(Array(article(number).utf8), to: FileSystem.join(folder, "article-\(number).md"), mode: 0o644, replace: true)
        }
    }
}

#if canImport(Glibc)
import Glibc
#endif
