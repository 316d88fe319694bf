/// Words that carry no topic: function words, question words, and the fragments that
/// contractions leave behind once apostrophes split them (`doesn't` is `doesn` and `t`).
public enum StopWords {
    public static let english: Set<String> = [
        "a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any", "are",
        "aren", "as", "at", "be", "because", "been", "before", "being", "below", "between", "both", "but",
        "by", "can", "cannot", "could", "couldn", "d", "did", "didn", "do", "does", "doesn", "doing", "don",
        "down", "during", "each", "else", "even", "ever", "few", "for", "from", "further", "get", "gets",
        "got", "had", "hadn", "has", "hasn", "have", "haven", "having", "he", "her", "here", "hers",
        "herself", "him", "himself", "his", "how", "i", "if", "im", "in", "into", "is", "isn", "it", "its",
        "itself", "just", "ll", "m", "may", "me", "might", "mine", "more", "most", "much", "must", "mustn",
        "my", "myself", "nor", "not", "now", "o", "of", "off", "on", "once", "only", "or", "other",
        "our", "ours", "ourselves", "out", "over", "own", "quite", "rather", "re", "really", "s", "same",
        "shan", "she", "should", "shouldn", "so", "some", "such", "t", "than", "that", "the", "their",
        "theirs", "them", "themselves", "then", "there", "these", "they", "this", "those", "through", "to",
        "too", "under", "until", "up", "us", "ve", "very", "was", "wasn", "we", "were", "weren", "what",
        "whats", "when", "where", "which", "while", "who", "whom", "why", "will", "with", "won", "would",
        "wouldn", "y", "yet", "you", "your", "yours", "yourself", "yourselves", "ok", "okay", "please",
        "thing", "things", "lot", "lots", "well", "anyone", "anything", "someone", "something", "everyone",
        "everything", "one", "ones", "let", "lets", "make", "makes", "made", "way", "know", "knew", "think",
        "go", "going", "u", "ur", "dont", "cant", "wont",
        "ive", "id", "youre", "theyre", "hes", "shes", "thats", "doesnt", "didnt", "isnt", "wasnt", "arent",
        "werent", "havent", "hasnt", "hadnt", "shouldnt", "wouldnt", "couldnt", "whats", "theres", "wanna",
        "gonna", "gotta", "idk", "tbh", "tho", "though", "although", "bc", "cuz", "lol", "like", "kinda", "sorta", "basically", "actually", "honestly",
        "literally", "always", "never", "every", "time", "times", "still", "keep", "keeps", "kept", "anymore",
    ]

    public static func contains(_ token: String) -> Bool { english.contains(token) }

    /// Whether a word is one typo from a stop word of four letters or more ("wil", "dosnt",
    /// "becuase"): for words the articles do not know, which would otherwise count as part of
    /// the question that nothing answers.
    public static func isNearMiss(_ token: String) -> Bool {
        let length = token.unicodeScalars.count
        guard length >= 3 else { return false }
        return english.contains { word in
            word.unicodeScalars.count >= 4 && abs(word.unicodeScalars.count - length) <= 1 && EditDistance.between(word, token, limit: 1) <= 1
        }
    }
}
