import Foundation
import Testing
@testable import ConfideKit

/// The pieces a message is read in, and the bank's vectors kept as a cache.
@Suite struct MeaningSafetyPiecesTests {
    @Test func aShortMessageIsReadWholeBySentenceAndByClause() {
        let pieces = MeaningSafety.pieces(of: "We argued again, then he grabbed me. I just want to know why he won't touch me", limit: 48)
        #expect(pieces.first == "We argued again, then he grabbed me. I just want to know why he won't touch me")
        #expect(pieces.contains("We argued again, then he grabbed me."))
        #expect(pieces.contains("then he grabbed me."))
        #expect(pieces.contains("I just want to know why he won't touch me"))
    }

    /// A pasted essay is covered to its last word by at most `limit` windows.
    @Test func aLongMessageIsCoveredToItsEndWithinTheLimit() {
        let words = (0..<5_000).map { "w\($0)" }
        let pieces = MeaningSafety.pieces(of: words.joined(separator: " "), limit: 48)
        #expect(pieces.count <= 48)
        #expect(pieces.last?.hasSuffix("w4999") == true)
        #expect(pieces.first?.hasPrefix("w0 ") == true)
        #expect(pieces.allSatisfy { $0.split(separator: " ").count <= MeaningSafety.windowWords })
    }

    @Test func nothingToReadIsNoPiece() {
        #expect(MeaningSafety.pieces(of: "   \n ", limit: 48).isEmpty)
    }
}

@Suite(.enabled(if: ModelFixture.shouldRun, ModelFixture.skipReason))
struct SafetyBankTests {
    static let bank = """
        expect\ttext
        crisis\tI have written the letters and chosen the day
        crisis\tI keep thinking everyone would be better off without me
        coercion\tHe keeps going after I say no and I just wait for it to end
        coercion\tShe says she will send my photos to everyone if I refuse
        none\tMy partner turned me down again and I feel unwanted
        none\tHow often do couples usually have sex
        """

    /// A temporary folder whose `knowledge` folder holds `bank` as its safety bank.
    static func knowledgeHoldingTheBank() -> (TemporaryDirectory, KnowledgeFolder) {
        let directory = TemporaryDirectory()
        directory.write("knowledge/\(SafetyBank.fileName)", bank)
        return (directory, KnowledgeFolder(path: directory.file("knowledge")))
    }

    /// Made once and kept; read back when nothing changed; made again when the cache is damaged.
    @Test func theVectorsAreACache() throws {
        let encoder = try ModelFixture.load()
        let (directory, folder) = Self.knowledgeHoldingTheBank()
        let cache = directory.file("bank.vectors")
        let made = try #require(SafetyBank.load(from: folder, encoder: encoder, cachePath: cache))
        #expect(made.count == 6 && made.vectors.count == 6 * encoder.dimensions)
        let written = try FileSystem.readBytes(cache)
        let read = try #require(SafetyBank.load(from: folder, encoder: encoder, cachePath: cache))
        #expect(read.vectors.array == made.vectors.array)
        // Read where it lies: the floats start on an aligned offset of the file, after the key.
        #expect((written.count - made.vectors.count * 4) % 16 == 0)
        #expect(Int(bitPattern: read.vectors.floats) % 16 == 0)
        try FileSystem.write(Array(written.prefix(100)), to: cache, replace: true)
        let rebuilt = try #require(SafetyBank.load(from: folder, encoder: encoder, cachePath: cache))
        #expect(zip(rebuilt.vectors.array, made.vectors.array).allSatisfy { abs($0 - $1) < 1e-6 })
        // A cache of the right length whose key differs (another bank, another model) is not used.
        var stale = written
        stale[0] ^= 0x20
        try FileSystem.write(stale, to: cache, replace: true)
        let remade = try #require(SafetyBank.load(from: folder, encoder: encoder, cachePath: cache))
        #expect(zip(remade.vectors.array, made.vectors.array).allSatisfy { abs($0 - $1) < 1e-6 })
        #expect(try FileSystem.readBytes(cache).first == written.first, "the stale cache was not written again")
        // Written again whole: the same length and key; the floats equal to rounding (a batch's
        // make-up, which the processors share out differently each time, moves the last bits).
        let again = try FileSystem.readBytes(cache)
        #expect(again.count == written.count)
        let keyLength = written.count - made.vectors.count * 4
        #expect(Array(again.prefix(keyLength)) == Array(written.prefix(keyLength)))
        #expect(zip(VectorCoding.decode(Array(again[keyLength...])), made.vectors.array).allSatisfy { abs($0 - $1) < 1e-6 })
    }

    /// Beside the very file it was made from (the same stamp: device, inode, size, time), the
    /// cache is the bank: its text is not read. As for articles, an edit that keeps the stamp
    /// (same size, the time put back) is not seen.
    @Test func theCacheIsTheBankWhileTheFileKeepsItsStamp() throws {
        let encoder = try ModelFixture.load()
        let (directory, folder) = Self.knowledgeHoldingTheBank()
        let cache = directory.file("bank.vectors")
        let made = try #require(SafetyBank.load(from: folder, encoder: encoder, cachePath: cache))
        #expect(made.kinds == [.crisis, .crisis, .coercion, .coercion, nil, nil])
        let path = folder.fullPath(SafetyBank.fileName)
        let before = try #require(FileSystem.status(path))
        // The same length, the first label swapped, in place; then the time put back.
        let swapped = Self.bank.replacingOccurrences(of: "crisis\tI have", with: "none\tI have  ")
        #expect(swapped.utf8.count == Self.bank.utf8.count)
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.write(contentsOf: Data(swapped.utf8))
        try handle.close()
        var times = [timespec(tv_sec: Int(before.modified / 1_000_000_000), tv_nsec: Int(before.modified % 1_000_000_000)),
                     timespec(tv_sec: Int(before.modified / 1_000_000_000), tv_nsec: Int(before.modified % 1_000_000_000))]
        #expect(utimensat(AT_FDCWD, path, &times, 0) == 0)
        let trusted = try #require(SafetyBank.load(from: folder, encoder: encoder, cachePath: cache))
        #expect(trusted.kinds[0] == .crisis, "the bank was read although its stamp had not changed")
        // Any change of stamp (here the time) has the bank read again, and its new kinds kept.
        times[1].tv_sec += 1
        #expect(utimensat(AT_FDCWD, path, &times, 0) == 0)
        let reread = try #require(SafetyBank.load(from: folder, encoder: encoder, cachePath: cache))
        #expect(reread.kinds[0] == nil)
        #expect(try #require(SafetyBankCache.open(cache, dimensions: encoder.dimensions)).kindCodes.first == 2)
    }

    /// A copied bank (the same bytes under another stamp) keeps the vectors: they are not made
    /// again, and the cache is written with the copy's stamp.
    @Test func aCopiedBankKeepsItsVectorsAndTakesTheNewStamp() throws {
        let encoder = try ModelFixture.load()
        let (directory, folder) = Self.knowledgeHoldingTheBank()
        let path = folder.fullPath(SafetyBank.fileName)
        let cache = directory.file("bank.vectors")
        // A cache of this bank's bytes, made beside another file, whose vectors are a pattern
        // no model gives: if they come back, nothing was embedded.
        let codes: [UInt8] = [0, 0, 1, 1, 2, 2]
        let pattern = (0..<(6 * encoder.dimensions)).map { Float($0 % 7) / 8 }
        pattern.withUnsafeBufferPointer {
            SafetyBankCache.write(to: cache, identity: encoder.identity, contentHash: SafetyBank.contentHash(of: SafetyBank.read(from: folder)),
                                  stamp: "0:0:0:0", kindCodes: codes, vectors: $0)
        }
        let bank = try #require(SafetyBank.load(from: folder, encoder: encoder, cachePath: cache))
        #expect(bank.vectors.array == pattern)
        let rewritten = try #require(SafetyBankCache.open(cache, dimensions: encoder.dimensions))
        let stamp = try #require(SafetyBank.stamp(of: [SafetyBank.fileName], in: folder))
        #expect(rewritten.stamp == stamp)
        #expect(rewritten.vectors.array == pattern && rewritten.kindCodes == codes)
        // A cache made by another model, or of other bytes, is not used.
        for (identity, hash) in [("another-model", SafetyBank.contentHash(of: SafetyBank.read(from: folder))), (encoder.identity, "0000:1")] {
            pattern.withUnsafeBufferPointer {
                SafetyBankCache.write(to: cache, identity: identity, contentHash: hash, stamp: "0:0:0:0", kindCodes: codes, vectors: $0)
            }
            let remade = try #require(SafetyBank.load(from: folder, encoder: encoder, cachePath: cache))
            #expect(remade.vectors.array != pattern)
        }
    }

    /// A new data folder starts from the seed the set-up left beside the model, when it was
    /// made by this model from these bytes; a seed of another bank is passed over.
    @Test func aNewCacheStartsFromAMatchingSeed() throws {
        let encoder = try ModelFixture.load()
        let (directory, folder) = Self.knowledgeHoldingTheBank()
        let seed = directory.file("seed.vectors")
        let codes: [UInt8] = [0, 0, 1, 1, 2, 2]
        let pattern = (0..<(6 * encoder.dimensions)).map { Float($0 % 5) / 8 }
        for (hash, used) in [("0000:1", false), (SafetyBank.contentHash(of: SafetyBank.read(from: folder)), true)] {
            pattern.withUnsafeBufferPointer {
                SafetyBankCache.write(to: seed, identity: encoder.identity, contentHash: hash, stamp: "seed", kindCodes: codes, vectors: $0)
            }
            let cache = directory.file("cache-\(used).vectors")
            let bank = try #require(SafetyBank.load(from: folder, encoder: encoder, cachePath: cache, seeds: [directory.file("missing.vectors"), seed]))
            #expect((bank.vectors.array == pattern) == used)
            let kept = try #require(SafetyBankCache.open(cache, dimensions: encoder.dimensions))
            #expect((kept.vectors.array == pattern) == used)
            let stamp = try #require(SafetyBank.stamp(of: [SafetyBank.fileName], in: folder))
            #expect(kept.stamp == stamp)
        }
        // The seed is only read.
        #expect(try #require(SafetyBankCache.open(seed, dimensions: encoder.dimensions)).stamp == "seed")
    }

    /// A plan told without a crisis word is nearer the crisis examples than the ordinary ones,
    /// and an ordinary message of rejection is not.
    @Test func meaningSeparatesAPlanFromOrdinaryHurt() throws {
        let encoder = try ModelFixture.load()
        let directory = TemporaryDirectory()
        directory.write("knowledge/\(SafetyBank.fileName)", Self.bank)
        let bank = try #require(SafetyBank.load(from: KnowledgeFolder(path: directory.file("knowledge")), encoder: encoder, cachePath: nil))
        let safety = MeaningSafety(bank: bank, encoder: encoder)
        let plan = safety.signal(for: "he said no again. anyway i've given my cat to my sister and picked a date, it won't matter soon")
        let ordinary = safety.signal(for: "he said no again and I feel so rejected, how do I stop taking it personally")
        #expect(plan.crisis > ordinary.crisis)
        #expect(ordinary.crisis < 0.05, "\(ordinary)")
    }

    /// A piece's margin is over its ordinary neighbours, or over the floor when even they are
    /// far: nearness to nothing is not a sign.
    @Test func aMarginIsOverTheOrdinaryNeighboursOrTheFloor() {
        let near = MeaningSafety.Nearness(crisis: 0.3, coercion: 0.2, ordinary: 0.25)
        #expect(near.margins(floor: 0.4) == (0.3 - 0.4, 0.2 - 0.4))
        #expect(near.margins(floor: -1) == (0.3 - 0.25, 0.2 - 0.25))
        let ordinary = MeaningSafety.Nearness(crisis: 0.6, coercion: 0.5, ordinary: 0.55)
        #expect(ordinary.margins(floor: 0.4) == (0.6 - 0.55, 0.5 - 0.55))
    }

    /// With the shipped bank: questions about nothing the bank speaks of raise no signal at
    /// all (without the floor, a difference of two small cosines once gave such questions a
    /// full notice), while a plain statement of a plan does.
    @Test func aQuestionFarFromEveryExampleRaisesNothing() throws {
        let encoder = try ModelFixture.load()
        let bank = try #require(ModelFixture.shippedBank)
        let safety = MeaningSafety(bank: bank, encoder: encoder)
        let tiers = Companion.standardSafetyTiers
        for question in ["how often should the oil be changed in an old diesel car", "what's a good ratio of flour to water for a sourdough starter"] {
            let signal = safety.signal(for: question)
            #expect(signal.crisis < tiers.footerCrisis && signal.coercion < tiers.footerCoercion, "\(question): \(signal.crisis), \(signal.coercion)")
        }
        let plan = safety.signal(for: "i have saved up enough pills and i've written the letters, friday is the day")
        #expect(plan.crisis >= tiers.noticeCrisis, "\(plan.crisis)")
    }

    @Test func aMalformedBankIsAProblemNotACrash() {
        let directory = TemporaryDirectory()
        directory.write("knowledge/\(SafetyBank.fileName)", "kind\ttext\ncrisis\tx\n")
        let read = SafetyBank.read(from: KnowledgeFolder(path: directory.file("knowledge")))
        #expect(read.count == 1 && read.first?.problem != nil)
    }

    /// A practice adds examples in a file of its own (`safety-bank-NAME.tsv`): read after the
    /// shipped file, as one bank; a new file is seen at once (the stamp names every file); a
    /// file that does not parse is left out and the others still serve.
    @Test func aPracticesOwnFileJoinsTheBank() throws {
        let encoder = try ModelFixture.load()
        let (directory, folder) = Self.knowledgeHoldingTheBank()
        let cache = directory.file("bank.vectors")
        #expect(try #require(SafetyBank.load(from: folder, encoder: encoder, cachePath: cache)).count == 6)
        directory.write("knowledge/safety-bank-practice.tsv", "expect\ttext\ncoercion\tHe took my phone so I could not call my sister\n")
        directory.write("knowledge/safety-bank.tsv.orig", "expect\ttext\ncrisis\tnot a bank file\n")
        #expect(SafetyBank.fileNames(in: folder) == ["safety-bank.tsv", "safety-bank-practice.tsv"])
        let joined = try #require(SafetyBank.load(from: folder, encoder: encoder, cachePath: cache))
        #expect(joined.kinds == [.crisis, .crisis, .coercion, .coercion, nil, nil, .coercion])
        directory.write("knowledge/safety-bank-broken.tsv", "kind\ttext\ncrisis\tx\n")
        let kept = try #require(SafetyBank.load(from: folder, encoder: encoder, cachePath: cache))
        #expect(kept.count == 7)
        // index --check names the broken file, and a text given twice across two files.
        directory.write("knowledge/safety-bank-practice.tsv", "expect\ttext\nnone\thow often do couples usually   have sex\n")
        let problems = safetyBankProblems(in: folder)
        #expect(problems.contains { $0.file == "safety-bank-broken.tsv" && $0.isFatal })
        #expect(problems.contains { $0.file == "safety-bank-practice.tsv" && $0.line == 2 && $0.message == "the same text as safety-bank.tsv line 7" && !$0.isFatal })
    }
}
