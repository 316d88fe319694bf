#if canImport(Glibc)
import Glibc
#endif

/// The safety bank's vectors, (N, C) row-major floats: either the cache file's bytes mapped
/// read-only where they lie (`SafetyBankCache`), or an array made now. Every process that
/// checks a message reads all of them; mapping the page-cached file costs a few page faults
/// where reading it meant megabytes copied twice (into a buffer, then into floats), and the
/// bank grows with every writer.
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

    /// `count` floats at `floatsAt` bytes into a read-only mapping of `length` bytes at `base`,
    /// which this object unmaps when it goes (`SafetyBankCache` checks the file first).
    init(mapped base: UnsafeMutableRawPointer, length: Int, floatsAt offset: Int, count: Int) {
        floats = UnsafePointer((base + offset).assumingMemoryBound(to: Float.self))
        self.count = count
        mapping = (base, length)
        owned = nil
    }

    deinit {
        if let mapping { munmap(mapping.base, mapping.length) }
        owned?.deallocate()
    }

    public var array: [Float] { Array(UnsafeBufferPointer(start: floats, count: count)) }
}
