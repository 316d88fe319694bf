#if canImport(Glibc)
import Glibc
#endif

/// `vocab.txt`: one token a line, its id the line number. Looked up by bytes in an open-addressed
/// table (no String per token), because loading 30,522 Strings into a Dictionary is a cost every
/// process would pay at start-up and WordPiece looks up many substrings of every word.
public struct WordPieceVocabulary: Sendable {
    private let bytes: [UInt8]
    /// Where each token's bytes start in `bytes`; one more entry marks the end.
    private let starts: [Int32]
    /// Open addressing: token id + 1, or 0 for an empty slot.
    private let slots: [Int32]
    private let mask: Int

    public var count: Int { starts.count - 1 }

    /// Every token's bytes end to end, to fingerprint the vocabulary.
    var fingerprintBytes: [UInt8] { bytes }

    public init(contentsOf path: String) throws(ModelError) {
        let data: [UInt8]
        do {
            data = try FileSystem.readBytes(path)
        } catch {
            if error.code == ENOENT { throw .missing(folder: FileSystem.parentDirectory(of: path), file: FileSystem.lastComponent(path)) }
            throw .unreadable(file: path, reason: error.reason)
        }
        try self.init(data: data, file: path)
    }

    init(data: [UInt8], file: String) throws(ModelError) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(data.count)
        var starts: [Int32] = [0]
        var lineStart = 0
        for index in 0...data.count where index == data.count || data[index] == UInt8(ascii: "\n") {
            var end = index
            if end > lineStart, data[end - 1] == UInt8(ascii: "\r") { end -= 1 }
            if index == data.count && end == lineStart { break }
            bytes.append(contentsOf: data[lineStart..<end])
            starts.append(Int32(bytes.count))
            lineStart = index + 1
        }
        guard starts.count > 100, bytes.count < Int(Int32.max) else { throw .damaged(file: file, reason: "it holds \(starts.count - 1) tokens") }
        var size = 1
        while size < (starts.count - 1) * 2 { size <<= 1 }
        var slots = [Int32](repeating: 0, count: size)
        let mask = size - 1
        bytes.withUnsafeBufferPointer { buffer in
            for id in 0..<(starts.count - 1) {
                let token = UnsafeBufferPointer(rebasing: buffer[Int(starts[id])..<Int(starts[id + 1])])
                var slot = Int(truncatingIfNeeded: Self.hash(token)) & mask
                // The first of two equal lines keeps the token, as a Python dict read in order would not;
                // BERT vocabularies have no duplicates, so this only needs to be deterministic.
                while slots[slot] != 0 {
                    let other = Int(slots[slot] - 1)
                    if Self.equal(token, UnsafeBufferPointer(rebasing: buffer[Int(starts[other])..<Int(starts[other + 1])])) { break }
                    slot = (slot + 1) & mask
                }
                if slots[slot] == 0 { slots[slot] = Int32(id + 1) }
            }
        }
        self.bytes = bytes
        self.starts = starts
        self.slots = slots
        self.mask = mask
    }

    private static func hash(_ token: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in token {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }

    private static func equal(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard a.count == b.count else { return false }
        for index in 0..<a.count where a[index] != b[index] { return false }
        return true
    }

    /// The id of the token spelled by `token`'s bytes.
    public func id(of token: UnsafeBufferPointer<UInt8>) -> Int32? {
        bytes.withUnsafeBufferPointer { buffer in
            var slot = Int(truncatingIfNeeded: Self.hash(token)) & mask
            while slots[slot] != 0 {
                let id = Int(slots[slot] - 1)
                if Self.equal(token, UnsafeBufferPointer(rebasing: buffer[Int(starts[id])..<Int(starts[id + 1])])) { return Int32(id) }
                slot = (slot + 1) & mask
            }
            return nil
        }
    }

    public func id(of token: String) -> Int32? {
        var copy = token
        return copy.withUTF8 { id(of: $0) }
    }

    public func token(_ id: Int32) -> String {
        guard id >= 0, Int(id) < count else { return "" }
        return String(decoding: bytes[Int(starts[Int(id)])..<Int(starts[Int(id) + 1])], as: UTF8.self)
    }
}
