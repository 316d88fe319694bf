/// Splits a paragraph into sentences, keeping each sentence's exact text.
public enum Sentences {
    static let abbreviations: Set<String> = ["e.g", "i.e", "etc", "vs", "dr", "mr", "mrs", "ms", "st"]

    public static func split(_ text: String) -> [Substring] {
        var sentences: [Substring] = []
        var start = text.startIndex
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            index = text.index(after: index)
            guard character == "." || character == "?" || character == "!" else { continue }
            // Closing quotes and brackets belong to the sentence they end.
            while index < text.endIndex, "\"'\u{201D}\u{2019})]".contains(text[index]) { index = text.index(after: index) }
            guard index == text.endIndex || text[index].isWhitespace else { continue }
            if character == "." {
                let before = text[start..<text.index(before: index)]
                let lastWord = before.split(whereSeparator: \.isWhitespace).last.map { $0.lowercased() } ?? ""
                if abbreviations.contains(lastWord.trimmingCharacters(".\"'(")) { continue }
            }
            let sentence = text[start..<index].trimmingWhitespaceSubstring
            if !sentence.isEmpty { sentences.append(sentence) }
            while index < text.endIndex, text[index].isWhitespace { index = text.index(after: index) }
            start = index
        }
        let rest = text[start...].trimmingWhitespaceSubstring
        if !rest.isEmpty { sentences.append(rest) }
        return sentences
    }
}

extension StringProtocol {
    /// The text without the given characters at either end.
    public func trimmingCharacters(_ characters: String) -> String {
        var result = Substring(self)
        while let first = result.first, characters.contains(first) { result = result.dropFirst() }
        while let last = result.last, characters.contains(last) { result = result.dropLast() }
        return String(result)
    }
}

extension Substring {
    var trimmingWhitespaceSubstring: Substring {
        guard let first = firstIndex(where: { !$0.isWhitespace }) else { return self[endIndex...] }
        let last = lastIndex(where: { !$0.isWhitespace })!
        return self[first...last]
    }
}
