// A byte-for-byte port of the Porter stemmer inside SQLite FTS5's `porter`
// tokenizer (ext/fts5/fts5_tokenize.c: fts5PorterCb and its helpers).
//
// FTS5's version is the classic 1980 algorithm with a few quirks of its own,
// all reproduced here on purpose:
//   * Tokens shorter than 3 or longer than 64 bytes are passed through as-is.
//   * It works on raw UTF-8 bytes. Digits and non-ASCII bytes count as
//     consonants, so "1990s" -> "1990" and "øies" -> "øi", just as in the index.
//   * Within a step, the first suffix that matches is the only one tried, even
//     if its condition fails ("eed" never goes on to the "ed" rule, for example).
//   * A suffix matches only if the word is strictly longer than the suffix.
//   * In (*v*), any 'y' that is not the first letter counts as a vowel. In the
//     measure and (*o) tests, 'y' is a vowel only after a consonant.
//   * Step 1a: "sses"/"ies" -> drop 2 (only if the word is longer than the
//     suffix); "ss" stays; any other "es" or "s" ending drops 1.
//
// No Foundation. Every index is checked, so no input can crash it.

/// Porter stems, matching SQLite FTS5's `porter` tokenizer so that stems computed in Swift agree with the index.
public enum PorterStemmer {
    /// Tokens longer than this many bytes are not stemmed (`FTS5_PORTER_MAX_TOKEN`).
    static let maxTokenBytes = 64
    /// Tokens shorter than this many bytes are not stemmed.
    static let minTokenBytes = 3

    /// `word` is already lower-case ASCII letters/digits (as FTS5's unicode61 tokenizer emits them). Returns the stem.
    ///
    /// Any other input is safe too. Like FTS5, it works on the UTF-8 bytes, so
    /// non-ASCII tokens come out just as the index stores them. There is one
    /// odd case: stripping a byte can, rarely, leave invalid UTF-8 (for example
    /// "a\u{1000}ed", where FTS5 stores the bytes 61 E1 80). A Swift `String`
    /// cannot hold that, so `word` comes back unchanged. Use `stem(utf8:)` to
    /// get the exact bytes.
    public static func stem(_ word: String) -> String {
        let count = word.utf8.count
        if count < minTokenBytes || count > maxTokenBytes { return word }
        var isASCII = true
        var buffer = [UInt8]()
        buffer.reserveCapacity(count + 1)
        for byte in word.utf8 {
            if byte >= 0x80 { isASCII = false }
            buffer.append(byte)
        }
        var s = Stemmer(buffer)
        s.run()
        let out = s.buffer[0..<s.count]
        if isASCII {
            return String(decoding: out, as: UTF8.self)
        }
        return String(validating: out, as: UTF8.self) ?? word
    }

    /// Works on bytes, exactly as FTS5 does: returns the bytes FTS5 would store
    /// for the token `word`. The result can be invalid UTF-8 when the input
    /// holds non-ASCII bytes (see `stem(_:)`).
    public static func stem(utf8 word: [UInt8]) -> [UInt8] {
        if word.count < minTokenBytes || word.count > maxTokenBytes { return word }
        var s = Stemmer(word)
        s.run()
        return Array(s.buffer[0..<s.count])
    }
}

// MARK: - The algorithm

private let cA = UInt8(ascii: "a")
private let cB = UInt8(ascii: "b")
private let cC = UInt8(ascii: "c")
private let cE = UInt8(ascii: "e")
private let cG = UInt8(ascii: "g")
private let cI = UInt8(ascii: "i")
private let cL = UInt8(ascii: "l")
private let cN = UInt8(ascii: "n")
private let cO = UInt8(ascii: "o")
private let cS = UInt8(ascii: "s")
private let cT = UInt8(ascii: "t")
private let cU = UInt8(ascii: "u")
private let cV = UInt8(ascii: "v")
private let cW = UInt8(ascii: "w")
private let cX = UInt8(ascii: "x")
private let cY = UInt8(ascii: "y")
private let cZ = UInt8(ascii: "z")

/// fts5PorterIsVowel
@inline(__always)
private func isVowel(_ c: UInt8, _ yIsVowel: Bool) -> Bool {
    c == cA || c == cE || c == cI || c == cO || c == cU || (yIsVowel && c == cY)
}

private struct Stemmer {
    /// Working bytes; only `buffer[0..<count]` is the current word.
    var buffer: [UInt8]
    var count: Int

    init(_ bytes: [UInt8]) {
        buffer = bytes
        count = bytes.count
    }

    @inline(__always)
    func at(_ i: Int) -> UInt8 {
        // FTS5 can look one byte before the word when only one is left; every
        // such read is guarded there, so any value that matches no case works.
        (i >= 0 && i < count) ? buffer[i] : 0
    }

    // MARK: Conditions (all take the length of the stem, measured from 0)

    /// fts5PorterGobbleVC: skips a run of consonants then vowels, and returns the
    /// index (relative to `start`) just past the next consonant, or 0 if none.
    func gobbleVC(_ start: Int, _ length: Int, _ prevCons: Bool) -> Int {
        var cons = prevCons
        var i = 0
        while i < length {
            cons = !isVowel(buffer[start + i], cons)
            if !cons { break }
            i += 1
        }
        i += 1
        while i < length {
            cons = !isVowel(buffer[start + i], cons)
            if cons { return i + 1 }
            i += 1
        }
        return 0
    }

    /// (m > 0)
    func mGt0(_ n: Int) -> Bool {
        guard n > 0, n <= count else { return false }
        return gobbleVC(0, n, false) != 0
    }

    /// (m > 1)
    func mGt1(_ n: Int) -> Bool {
        guard n > 0, n <= count else { return false }
        let k = gobbleVC(0, n, false)
        return k != 0 && gobbleVC(k, n - k, true) != 0
    }

    /// (m = 1)
    func mEq1(_ n: Int) -> Bool {
        guard n > 0, n <= count else { return false }
        let k = gobbleVC(0, n, false)
        return k != 0 && gobbleVC(k, n - k, true) == 0
    }

    /// (*o): the stem ends consonant-vowel-consonant and the last is not w, x or y.
    func oStar(_ n: Int) -> Bool {
        guard n > 0, n <= count else { return false }
        let last = buffer[n - 1]
        if last == cW || last == cX || last == cY { return false }
        var mask = 0
        var cons = false
        for i in 0..<n {
            cons = !isVowel(buffer[i], cons)
            mask = ((mask << 1) | (cons ? 1 : 0)) & 0x7
        }
        return mask == 0x5
    }

    /// (m > 1 and (*S or *T))
    func mGt1AndSOrT(_ n: Int) -> Bool {
        guard n > 0, n <= count else { return false }
        let last = buffer[n - 1]
        return (last == cS || last == cT) && mGt1(n)
    }

    /// (*v*): FTS5 counts any 'y' that is not the first letter as a vowel.
    func hasVowel(_ n: Int) -> Bool {
        var i = 0
        while i < n && i < count {
            if isVowel(buffer[i], i > 0) { return true }
            i += 1
        }
        return false
    }

    // MARK: Editing

    /// True if the word is strictly longer than `suffix` and ends with it
    /// (the generated code's `nBuf>N && 0==memcmp(...)`).
    func ends(_ suffix: StaticString) -> Bool {
        let k = suffix.utf8CodeUnitCount
        guard count > k else { return false }
        let p = suffix.utf8Start
        var i = 0
        let base = count - k
        while i < k {
            if buffer[base + i] != p[i] { return false }
            i += 1
        }
        return true
    }

    /// Replaces the last `suffixLength` bytes with `replacement`.
    mutating func replace(_ suffixLength: Int, with replacement: StaticString) {
        let start = count - suffixLength
        let k = replacement.utf8CodeUnitCount
        let p = replacement.utf8Start
        for i in 0..<k {
            let j = start + i
            if j < buffer.count { buffer[j] = p[i] } else { buffer.append(p[i]) }
        }
        count = start + k
    }

    mutating func append(_ c: UInt8) {
        if count < buffer.count { buffer[count] = c } else { buffer.append(c) }
        count += 1
    }

    /// A rule: if the word ends with `suffix` (and is longer than it), the
    /// rule is the one chosen for this step; the stem is changed only if
    /// `condition` holds for it. Returns whether the suffix matched.
    mutating func rule(
        _ suffix: StaticString, _ replacement: StaticString,
        _ condition: (Stemmer, Int) -> Bool
    ) -> Bool {
        guard ends(suffix) else { return false }
        let k = suffix.utf8CodeUnitCount
        if condition(self, count - k) {
            replace(k, with: replacement)
        }
        return true
    }

    // MARK: Steps

    mutating func run() {
        guard count >= PorterStemmer.minTokenBytes else { return }

        // Step 1.
        step1A()
        if step1B() {
            if !step1B2() {
                let c = at(count - 1)
                if !isVowel(c, false) && c != cL && c != cS && c != cZ
                    && count >= 2 && c == at(count - 2)
                {
                    count -= 1
                } else if mEq1(count) && oStar(count) {
                    append(cE)
                }
            }
        }

        // Step 1C.
        if at(count - 1) == cY && hasVowel(count - 1) {
            buffer[count - 1] = cI
        }

        // Steps 2 through 4.
        step2()
        step3()
        step4()

        // Step 5a.
        if count > 0 && at(count - 1) == cE {
            if mGt1(count - 1) || (mEq1(count - 1) && !oStar(count - 1)) {
                count -= 1
            }
        }

        // Step 5b.
        if count > 1 && at(count - 1) == cL && at(count - 2) == cL && mGt1(count - 1) {
            count -= 1
        }
    }

    mutating func step1A() {
        let n = count
        guard n >= 2, at(n - 1) == cS else { return }
        if at(n - 2) == cE {
            if (n > 4 && at(n - 4) == cS && at(n - 3) == cS) || (n > 3 && at(n - 3) == cI) {
                count = n - 2
            } else {
                count = n - 1
            }
        } else if at(n - 2) != cS {
            count = n - 1
        }
    }

    /// Returns true if "ed" or "ing" was removed.
    mutating func step1B() -> Bool {
        switch at(count - 2) {
        case cE:
            if ends("eed") {
                if mGt0(count - 3) { replace(3, with: "ee") }
            } else if ends("ed") {
                if hasVowel(count - 2) {
                    count -= 2
                    return true
                }
            }
        case cN:
            if ends("ing") {
                if hasVowel(count - 3) {
                    count -= 3
                    return true
                }
            }
        default:
            break
        }
        return false
    }

    /// at -> ate, bl -> ble, iz -> ize. Returns true if one applied.
    mutating func step1B2() -> Bool {
        switch at(count - 2) {
        case cA:
            if ends("at") { replace(2, with: "ate"); return true }
        case cB:
            if ends("bl") { replace(2, with: "ble"); return true }
        case cI:
            if ends("iz") { replace(2, with: "ize"); return true }
        default:
            break
        }
        return false
    }

    mutating func step2() {
        let m0: (Stemmer, Int) -> Bool = { s, n in s.mGt0(n) }
        switch at(count - 2) {
        case cA:
            if rule("ational", "ate", m0) { return }
            if rule("tional", "tion", m0) { return }
        case cC:
            if rule("enci", "ence", m0) { return }
            if rule("anci", "ance", m0) { return }
        case cE:
            if rule("izer", "ize", m0) { return }
        case cG:
            if rule("logi", "log", m0) { return }
        case cL:
            if rule("bli", "ble", m0) { return }
            if rule("alli", "al", m0) { return }
            if rule("entli", "ent", m0) { return }
            if rule("eli", "e", m0) { return }
            if rule("ousli", "ous", m0) { return }
        case cO:
            if rule("ization", "ize", m0) { return }
            if rule("ation", "ate", m0) { return }
            if rule("ator", "ate", m0) { return }
        case cS:
            if rule("alism", "al", m0) { return }
            if rule("iveness", "ive", m0) { return }
            if rule("fulness", "ful", m0) { return }
            if rule("ousness", "ous", m0) { return }
        case cT:
            if rule("aliti", "al", m0) { return }
            if rule("iviti", "ive", m0) { return }
            if rule("biliti", "ble", m0) { return }
        default:
            break
        }
    }

    mutating func step3() {
        let m0: (Stemmer, Int) -> Bool = { s, n in s.mGt0(n) }
        switch at(count - 2) {
        case cA:
            if rule("ical", "ic", m0) { return }
        case cS:
            if rule("ness", "", m0) { return }
        case cT:
            if rule("icate", "ic", m0) { return }
            if rule("iciti", "ic", m0) { return }
        case cU:
            if rule("ful", "", m0) { return }
        case cV:
            if rule("ative", "", m0) { return }
        case cZ:
            if rule("alize", "al", m0) { return }
        default:
            break
        }
    }

    mutating func step4() {
        let m1: (Stemmer, Int) -> Bool = { s, n in s.mGt1(n) }
        switch at(count - 2) {
        case cA:
            if rule("al", "", m1) { return }
        case cC:
            if rule("ance", "", m1) { return }
            if rule("ence", "", m1) { return }
        case cE:
            if rule("er", "", m1) { return }
        case cI:
            if rule("ic", "", m1) { return }
        case cL:
            if rule("able", "", m1) { return }
            if rule("ible", "", m1) { return }
        case cN:
            if rule("ant", "", m1) { return }
            if rule("ement", "", m1) { return }
            if rule("ment", "", m1) { return }
            if rule("ent", "", m1) { return }
        case cO:
            if rule("ion", "", { s, n in s.mGt1AndSOrT(n) }) { return }
            if rule("ou", "", m1) { return }
        case cS:
            if rule("ism", "", m1) { return }
        case cT:
            if rule("ate", "", m1) { return }
            if rule("iti", "", m1) { return }
        case cU:
            if rule("ous", "", m1) { return }
        case cV:
            if rule("ive", "", m1) { return }
        case cZ:
            if rule("ize", "", m1) { return }
        default:
            break
        }
    }
}
