#if canImport(Glibc)
import Glibc
#endif

/// A `.safetensors` file, memory-mapped read-only: an 8-byte little-endian header length, a
/// JSON header (name → dtype, shape, data_offsets), then the raw little-endian tensors. Tensors
/// are used where they lie; pages of the word-embedding table that no question touches are
/// never read, which keeps the resident size down.
public final class SafetensorsFile: @unchecked Sendable {
    public struct Tensor: Sendable {
        public let dtype: String
        public let shape: [Int]
        /// Byte range within the data section.
        let begin: Int
        let end: Int
        public var count: Int { shape.reduce(1, *) }
    }

    public let path: String
    public let tensors: [String: Tensor]
    /// The header's JSON bytes, which name every tensor, its shape and where it lies.
    public let header: [UInt8]
    private let base: UnsafeMutableRawPointer
    private let length: Int
    private let dataStart: Int

    public init(path: String) throws(ModelError) {
        self.path = path
        let name = FileSystem.lastComponent(path)
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            let error = FileSystemError(path: path)
            throw error.code == ENOENT ? .missing(folder: FileSystem.parentDirectory(of: path), file: name) : .unreadable(file: path, reason: error.reason)
        }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw .unreadable(file: path, reason: FileSystemError(path: path).reason) }
        guard (info.st_mode & S_IFMT) == S_IFREG else { throw .damaged(file: path, reason: "not a regular file") }
        length = Int(info.st_size)
        guard length >= 8 else { throw .damaged(file: path, reason: "\(length) bytes, too short for a header") }
        guard let mapped = mmap(nil, length, PROT_READ, MAP_PRIVATE, descriptor, 0), mapped != MAP_FAILED else {
            throw .unreadable(file: path, reason: FileSystemError(path: path).reason)
        }
        base = mapped
        var headerLength = 0
        for byte in 0..<8 { headerLength |= Int(mapped.load(fromByteOffset: byte, as: UInt8.self)) << (8 * byte) }
        guard headerLength > 0, headerLength <= min(100_000_000, length - 8) else {
            munmap(mapped, length)
            throw .damaged(file: path, reason: "its header claims \(headerLength) bytes of a \(length)-byte file")
        }
        dataStart = 8 + headerLength
        header = Array(UnsafeRawBufferPointer(start: mapped + 8, count: headerLength))
        do {
            tensors = try Self.parseHeader(header, dataLength: length - dataStart, file: path)
        } catch {
            munmap(mapped, length)
            throw error
        }
    }

    deinit { munmap(base, length) }

    private static func parseHeader(_ bytes: [UInt8], dataLength: Int, file: String) throws(ModelError) -> [String: Tensor] {
        guard let json = JSONParser.parse(String(decoding: bytes, as: UTF8.self)), case .object(let members) = json else {
            throw .damaged(file: file, reason: "its header is not a JSON object")
        }
        var tensors: [String: Tensor] = [:]
        for (name, value) in members where name != "__metadata__" {
            guard let dtype = value["dtype"]?.stringValue,
                  let shape = value["shape"]?.arrayValue.map({ $0.intValue.map(Int.init) }), !shape.contains(where: { $0 == nil || $0! < 0 }),
                  let offsets = value["data_offsets"]?.arrayValue.compactMap({ $0.intValue.map(Int.init) }), offsets.count == 2
            else { throw .damaged(file: file, reason: "the header's entry for \(name) is malformed") }
            let tensor = Tensor(dtype: dtype, shape: shape.map { $0! }, begin: offsets[0], end: offsets[1])
            let width = dtype == "F32" ? 4 : dtype == "F16" || dtype == "BF16" ? 2 : 0
            guard tensor.begin >= 0, tensor.begin <= tensor.end, tensor.end <= dataLength else {
                throw .damaged(file: file, reason: "\(name) lies beyond the end of the file (truncated?)")
            }
            guard width == 0 || tensor.end - tensor.begin == tensor.count * width else {
                throw .damaged(file: file, reason: "\(name) holds \(tensor.end - tensor.begin) bytes for shape \(tensor.shape)")
            }
            tensors[name] = tensor
        }
        return tensors
    }

    /// The float32 tensor `name` with shape `shape`, where it lies in the file (copied only if
    /// the file placed it off a 4-byte boundary).
    public func floats(_ name: String, shape expected: [Int]) throws(ModelError) -> UnsafePointer<Float> {
        guard let tensor = tensors[name] else { throw .unsupported(file: path, reason: "it has no tensor \(name)") }
        guard tensor.dtype == "F32" else { throw .unsupported(file: path, reason: "\(name) is \(tensor.dtype), not F32") }
        guard tensor.shape == expected else { throw .unsupported(file: path, reason: "\(name) has shape \(tensor.shape), not \(expected)") }
        let start = base + dataStart + tensor.begin
        if Int(bitPattern: start) % MemoryLayout<Float>.alignment == 0 {
            return UnsafePointer(start.assumingMemoryBound(to: Float.self))
        }
        let copy = UnsafeMutablePointer<Float>.allocate(capacity: tensor.count)
        memcpy(copy, start, tensor.count * 4)
        copies.append(copy)
        return UnsafePointer(copy)
    }

    private var copies: [UnsafeMutablePointer<Float>] = []

    /// FNV-1a over every `stride`-th byte of the tensors' data and their length: enough to tell one
    /// set of weights from another (a fine-tune changes every weight) without reading all 90 MB.
    public func sampledFingerprint(stride: Int = 65_536) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ byte: UInt8) {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        for byte in header { mix(byte) }
        var offset = dataStart
        while offset < length {
            for lane in 0..<min(8, length - offset) { mix(base.load(fromByteOffset: offset + lane, as: UInt8.self)) }
            offset += stride
        }
        var size = UInt64(length)
        for _ in 0..<8 { mix(UInt8(truncatingIfNeeded: size)); size >>= 8 }
        return hash
    }
}
