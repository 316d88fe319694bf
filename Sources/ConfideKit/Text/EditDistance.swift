/// Edit distance with adjacent transpositions counted as one edit (optimal string alignment):
/// "myslef" is one typo from "myself", as a person would count it. Stops early past `limit`.
public enum EditDistance {
    public static func between(_ a: String, _ b: String, limit: Int = .max) -> Int {
        let a = Array(a.unicodeScalars), b = Array(b.unicodeScalars)
        if abs(a.count - b.count) > limit { return limit == .max ? abs(a.count - b.count) : limit + 1 }
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var beforePrevious = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            var rowMinimum = current[0]
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    value = min(value, beforePrevious[j - 2] + 1)
                }
                current[j] = value
                rowMinimum = min(rowMinimum, value)
            }
            if rowMinimum > limit { return limit + 1 }
            (beforePrevious, previous, current) = (previous, current, beforePrevious)
        }
        return previous[b.count]
    }

    /// The distance between `target` and the start of `word` cut to about `target`'s length (one
    /// letter shorter to one longer), the best of the three: how far "sucidal" starts from
    /// "suicid", or "respnsive" from "respons". Larger than `limit` when none is within it.
    public static func prefix(of word: String, to target: String, limit: Int) -> Int {
        let scalars = Array(word.unicodeScalars)
        let shortest = max(1, target.unicodeScalars.count - 1)
        let longest = min(scalars.count, target.unicodeScalars.count + 1)
        guard shortest <= longest else { return limit + 1 }
        var best = limit + 1
        for length in shortest...longest {
            var prefix = String.UnicodeScalarView()
            prefix.append(contentsOf: scalars[0..<length])
            best = min(best, between(String(prefix), target, limit: limit))
        }
        return best
    }
}
