/// Where a question's words stand in a text: the words whose stems the question shares.
public enum Highlights {
    public static func ranges(in text: String, stems: Set<String>) -> [Range<String.Index>] {
        guard !stems.isEmpty else { return [] }
        return Words.split(text).compactMap { word in
            stems.contains(PorterStemmer.stem(word.token)) ? word.range : nil
        }
    }

    /// `text` with each highlighted word passed through `mark`.
    public static func apply(in text: String, stems: Set<String>, _ mark: (Substring) -> String) -> String {
        var result = ""
        var position = text.startIndex
        for range in ranges(in: text, stems: stems) {
            result += text[position..<range.lowerBound]
            result += mark(text[range])
            position = range.upperBound
        }
        result += text[position...]
        return result
    }
}
