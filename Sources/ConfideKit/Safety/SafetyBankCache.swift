#if canImport(Glibc)
import Glibc
#endif

/// The safety bank's cache file: what it was made from, each example's kind, and the vectors,
/// mapped where they lie. Every process that checks a message opens it, so it holds all the
/// bank that a check needs: when the bank files' stamps (device, inode, size, modification time
/// to the nanosecond: one stat a file, as for articles) are the ones the cache was made beside,
/// the bank's text is never read, hashed or parsed.
///
///     confide-safety-bank 3\n  model identity\n  content hash of the bank's files\n
///     stamp\n  N\n  ("\n" to a multiple of 16)
///     N kind bytes (0 crisis, 1 coercion, 2 ordinary; 0xFF to a multiple of 16)
///     N × C little-endian floats (aligned where they are mapped)
struct SafetyBankCache {
    static let magic = "confide-safety-bank 3"

    var identity: String
    var contentHash: String
    var stamp: String
    var kindCodes: [UInt8]
    var vectors: BankVectors

    /// The stamp of one bank file as it is now.
    static func stamp(of status: FileSystem.Status) -> String {
        "\(status.device):\(status.inode):\(status.size):\(status.modified)"
    }

    /// The cache at `path` with vectors of `dimensions`, or nil when it is missing, of another
    /// format, or damaged in any way that can be seen (it is then made again).
    static func open(_ path: String, dimensions C: Int) -> SafetyBankCache? {
        #if _endian(little)
        let descriptor = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, info.st_size > 0 else { return nil }
        let length = Int(info.st_size)
        // MAP_POPULATE: every page is read by the first message anyway; faulting them in one
        // call is cheaper than one fault a page.
        guard let base = mmap(nil, length, PROT_READ, MAP_PRIVATE | MAP_POPULATE, descriptor, 0), base != MAP_FAILED else { return nil }
        guard let cache = parse(base, length: length, dimensions: C) else {
            munmap(base, length)
            return nil
        }
        return cache
        #else
        return nil
        #endif
    }

    private static func parse(_ base: UnsafeMutableRawPointer, length: Int, dimensions C: Int) -> SafetyBankCache? {
        let bytes = UnsafeRawBufferPointer(start: base, count: length)
        // The header: five lines within its first 1,024 bytes.
        var lines: [String] = []
        var start = 0
        var index = 0
        while lines.count < 5, index < min(length, 1024) {
            if bytes[index] == UInt8(ascii: "\n") {
                lines.append(String(decoding: bytes[start..<index], as: UTF8.self))
                start = index + 1
            }
            index += 1
        }
        guard lines.count == 5, lines[0] == magic, let count = Int(lines[4]), count > 0, C > 0 else { return nil }
        let kindsOffset = padded(start)
        let floatsOffset = padded(kindsOffset + count)
        guard length == floatsOffset + count * C * MemoryLayout<Float>.size else { return nil }
        let codes = Array(bytes[kindsOffset..<(kindsOffset + count)])
        guard codes.allSatisfy({ $0 <= 2 }) else { return nil }
        let vectors = BankVectors(mapped: base, length: length, floatsAt: floatsOffset, count: count * C)
        return SafetyBankCache(identity: lines[1], contentHash: lines[2], stamp: lines[3], kindCodes: codes, vectors: vectors)
    }

    /// Writes a cache beside `path` and renames it there, so a reader never sees half of one.
    static func write(to path: String, identity: String, contentHash: String, stamp: String, kindCodes: [UInt8], vectors: UnsafeBufferPointer<Float>) {
        var file = Array("\(magic)\n\(identity)\n\(contentHash)\n\(stamp)\n\(kindCodes.count)\n".utf8)
        while file.count % 16 != 0 { file.append(UInt8(ascii: "\n")) }
        file += kindCodes
        while file.count % 16 != 0 { file.append(0xFF) }
        file += VectorCoding.encode(Array(vectors))
        let temporary = path + ".tmp-\(getpid())"
        if (try? FileSystem.write(file, to: temporary, mode: 0o600, replace: true)) != nil {
            if rename(temporary, path) != 0 { _ = FileSystem.remove(temporary) }
        }
    }

    private static func padded(_ offset: Int) -> Int { (offset + 15) / 16 * 16 }
}
