#if canImport(Glibc)
import Glibc
#endif

/// The safety bank's vectors, (N, C) row-major floats: either the cache file's bytes mapped
/// read-only where they lie, or an array made now. Every process that checks a message reads
/// all of them; mapping the page-cached file costs a few page faults where reading it meant
/// megabytes copied twice (into a buffer, then into floats), and the bank grows with every
/// writer.
public final class BankVectors: @unchecked Sendable {
    /// The floats (count of them), valid while this object lives.
    public let floats: UnsafePointer<Float>
    public let count: Int
    private let mapping: (base: UnsafeMutableRawPointer, length: Int)?
    private let owned: UnsafeMutablePointer<Float>?

    public init(_ values: [Float]) {
        let buffer = UnsafeMutablePointer<Float>.allocate(capacity: max(values.count, 1))
        values.withUnsafeBufferPointer { if let base = $0.baseAddress { buffer.update(from: base, count: values.count) } }
        floats = UnsafePointer(buffer)
        count = values.count
        owned = buffer
        mapping = nil
    }

    /// The floats of `path` after its first `offset` bytes, when the file begins with exactly
    /// `prefix` and holds exactly `count` little-endian floats after `offset` (which must keep
    /// them aligned); nil otherwise (a missing, stale or damaged cache is made again).
    public init?(mapping path: String, prefix: [UInt8], offset: Int, count: Int) {
        #if _endian(little)
        guard offset % MemoryLayout<Float>.alignment == 0, offset >= prefix.count else { return nil }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var info = stat()
        let length = offset + count * MemoryLayout<Float>.size
        guard fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, Int(info.st_size) == length, length > 0 else { return nil }
        // MAP_POPULATE: every page is read by the first message anyway; faulting them in one
        // call is cheaper than one fault a page.
        guard let base = mmap(nil, length, PROT_READ, MAP_PRIVATE | MAP_POPULATE, descriptor, 0), base != MAP_FAILED else { return nil }
        guard memcmp(base, prefix, prefix.count) == 0 else {
            munmap(base, length)
            return nil
        }
        floats = UnsafePointer((base + offset).assumingMemoryBound(to: Float.self))
        self.count = count
        mapping = (base, length)
        owned = nil
        #else
        return nil
        #endif
    }

    deinit {
        if let mapping { munmap(mapping.base, mapping.length) }
        owned?.deallocate()
    }

    public var array: [Float] { Array(UnsafeBufferPointer(start: floats, count: count)) }
}
