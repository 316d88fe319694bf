import Testing
@testable import ConfideKit

/// Every pair was produced by SQLite 3.40.1 itself: each word was inserted as its own
/// row of `CREATE VIRTUAL TABLE t USING fts5(x, tokenize='porter unicode61')` and
/// the stem read back through `fts5vocab(t, 'instance')`.
private let sqliteStems: [(word: String, stem: String)] = [
    ("a", "a"),
    ("ab", "ab"),
    ("is", "is"),
    ("sky", "sky"),
    ("yes", "ye"),
    ("eed", "e"),
    ("aed", "a"),
    ("ies", "ie"),
    ("ing", "ing"),
    ("sss", "sss"),
    ("happy", "happi"),
    ("caresses", "caress"),
    ("ponies", "poni"),
    ("ties", "ti"),
    ("caress", "caress"),
    ("cats", "cat"),
    ("feed", "feed"),
    ("agreed", "agre"),
    ("plastered", "plaster"),
    ("bled", "bled"),
    ("motoring", "motor"),
    ("sing", "sing"),
    ("conflated", "conflat"),
    ("troubled", "troubl"),
    ("sized", "size"),
    ("hopping", "hop"),
    ("tanned", "tan"),
    ("falling", "fall"),
    ("hissing", "hiss"),
    ("fizzed", "fizz"),
    ("failing", "fail"),
    ("filing", "file"),
    ("relational", "relat"),
    ("conditional", "condit"),
    ("rational", "ration"),
    ("valenci", "valenc"),
    ("hesitanci", "hesit"),
    ("digitizer", "digit"),
    ("conformabli", "conform"),
    ("radicalli", "radic"),
    ("differentli", "differ"),
    ("vileli", "vile"),
    ("analogousli", "analog"),
    ("vietnamization", "vietnam"),
    ("predication", "predic"),
    ("operator", "oper"),
    ("feudalism", "feudal"),
    ("decisiveness", "decis"),
    ("hopefulness", "hope"),
    ("callousness", "callous"),
    ("formaliti", "formal"),
    ("sensitiviti", "sensit"),
    ("sensibiliti", "sensibl"),
    ("triplicate", "triplic"),
    ("formative", "form"),
    ("formalize", "formal"),
    ("electriciti", "electr"),
    ("electrical", "electr"),
    ("hopeful", "hope"),
    ("goodness", "good"),
    ("revival", "reviv"),
    ("allowance", "allow"),
    ("inference", "infer"),
    ("airliner", "airlin"),
    ("gyroscopic", "gyroscop"),
    ("adjustable", "adjust"),
    ("defensible", "defens"),
    ("irritant", "irrit"),
    ("replacement", "replac"),
    ("adjustment", "adjust"),
    ("dependent", "depend"),
    ("adoption", "adopt"),
    ("homologous", "homolog"),
    ("communism", "commun"),
    ("activate", "activ"),
    ("angulariti", "angular"),
    ("effective", "effect"),
    ("bowdlerize", "bowdler"),
    ("probate", "probat"),
    ("rate", "rate"),
    ("cease", "ceas"),
    ("controll", "control"),
    ("roll", "roll"),
    ("generalizations", "gener"),
    ("oscillators", "oscil"),
    ("dying", "dy"),
    ("syzygy", "syzygi"),
    ("1990s", "1990"),
    ("abc123ing", "abc123"),
    ("3ds", "3d"),
    ("2nd", "2nd"),
    ("øies", "øi"),
    ("straße", "straß"),
    ("москвы", "москвы"),
    // 64 bytes is the longest token FTS5 stems; 65 bytes passes through unchanged.
    (String(repeating: "abcde", count: 11) + "xrelating", String(repeating: "abcde", count: 11) + "xrel"),
    (String(repeating: "abcde", count: 11) + "xxrelating", String(repeating: "abcde", count: 11) + "xxrelating"),
]

@Test func stemsMatchSQLitePorterTokenizer() {
    for (word, stem) in sqliteStems {
        #expect(PorterStemmer.stem(word) == stem, "stem(\(word))")
    }
}

@Test func byteAPIAgreesWithStringAPI() {
    for (word, stem) in sqliteStems {
        #expect(PorterStemmer.stem(utf8: Array(word.utf8)) == Array(stem.utf8), "stem(utf8: \(word))")
    }
}

@Test func tokensShorterThanThreeBytesPassThrough() {
    #expect(PorterStemmer.stem("") == "")
    #expect(PorterStemmer.stem("s") == "s")
    #expect(PorterStemmer.stem("as") == "as")
    #expect(PorterStemmer.stem("ed") == "ed")
    #expect(PorterStemmer.stem(utf8: []) == [])
}

@Test func tokensLongerThan64BytesPassThrough() {
    let long = String(repeating: "generalization", count: 5)
    #expect(PorterStemmer.stem(long) == long)
    // Length counts bytes: 32 two-byte letters plus "ing" is 67 bytes.
    let wide = String(repeating: "ø", count: 32) + "ing"
    #expect(PorterStemmer.stem(wide) == wide)
}

@Test func stemmingThatWouldSplitAUTF8SequenceReturnsTheWordUnchanged() {
    // FTS5 drops "ed" and then one of the two equal 0x80 bytes of U+1000,
    // storing the invalid bytes 61 E1 80. A String cannot hold them.
    let word = "a\u{1000}ed"
    #expect(PorterStemmer.stem(word) == word)
    #expect(PorterStemmer.stem(utf8: Array(word.utf8)) == [0x61, 0xE1, 0x80])
}

@Test func anyInputIsSafe() {
    let odd = ["\u{0}\u{0}\u{0}", "e\u{301}s", "👍🏽ing", "ÿies", "yyyyyy", "SSES", "123", "ééé"]
    for word in odd {
        _ = PorterStemmer.stem(word)
    }
    var bytes: [UInt8] = []
    for i in 0..<300 {
        bytes.append(UInt8(truncatingIfNeeded: i &* 37 &+ 11))
        _ = PorterStemmer.stem(utf8: bytes)
        _ = PorterStemmer.stem(String(decoding: bytes, as: UTF8.self))
    }
}
