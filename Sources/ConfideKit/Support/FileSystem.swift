#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A failed file operation, with the path and the system's reason.
public struct FileSystemError: Error, CustomStringConvertible, Sendable {
    public let path: String
    public let code: Int32
    var reasonOverride: String?

    public var reason: String { reasonOverride ?? String(cString: strerror(code)) }

    public init(path: String, code: Int32 = errno) {
        self.path = path
        self.code = code
    }

    public var description: String { "\(path): \(reason)" }
}

/// The few file operations confide needs, straight on the C library: start-up stats every
/// knowledge file, so this stays cheap.
public enum FileSystem {
    public struct Status: Sendable, Equatable {
        public var size: Int64
        /// Modification time in nanoseconds since the epoch.
        public var modified: Int64
        public var mode: UInt32
        public var isDirectory: Bool
        public var isRegular: Bool
        /// The file type bits (S_IFIFO, S_IFSOCK, ...).
        public var kind: mode_t
        public var device: UInt64
        public var inode: UInt64

        init(_ info: stat) {
            let kind = info.st_mode & S_IFMT
            self.kind = kind
            device = UInt64(info.st_dev)
            inode = UInt64(info.st_ino)
            size = Int64(info.st_size)
            modified = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
            mode = UInt32(info.st_mode & 0o7777)
            isDirectory = kind == S_IFDIR
            isRegular = kind == S_IFREG
        }
    }

    public static func status(_ path: String) -> Status? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return Status(info)
    }

    public static func exists(_ path: String) -> Bool { access(path, F_OK) == 0 }

    public static func isDirectory(_ path: String) -> Bool { status(path)?.isDirectory ?? false }

    /// The names in a directory (without "." and ".."), sorted.
    public static func contents(ofDirectory path: String) throws(FileSystemError) -> [String] {
        guard let directory = opendir(path) else { throw FileSystemError(path: path) }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafePointer(to: entry.pointee.d_name) { pointer in
                pointer.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    /// A directory entry with its status (following symbolic links, as `status` does).
    public struct Entry: Sendable {
        public var name: String
        public var status: Status
    }

    /// The entries of a directory that `include` accepts, each with its status, sorted by the
    /// bytes of their names (SQLite's BINARY order); entries that vanish before their stat are
    /// left out. One `opendir`, then one `fstatat` relative to it per entry (no path is joined
    /// or walked from the root again), spread over the processors: at 10,000 files the stats
    /// are most of a question's start-up. The names are sorted as bytes in one buffer, since
    /// comparing Strings was a fifth of the time.
    public static func entries(ofDirectory path: String, including include: (String) -> Bool) throws(FileSystemError) -> [Entry] {
        guard let directory = opendir(path) else { throw FileSystemError(path: path) }
        defer { closedir(directory) }
        var names: [String] = []
        var bytes: [CChar] = []
        var starts: [Int] = []
        while let entry = readdir(directory) {
            withUnsafePointer(to: entry.pointee.d_name) { pointer in
                pointer.withMemoryRebound(to: CChar.self, capacity: 256) { name in
                    if name[0] == 0x2E && (name[1] == 0 || (name[1] == 0x2E && name[2] == 0)) { return }
                    let text = String(cString: name)
                    guard include(text) else { return }
                    names.append(text)
                    starts.append(bytes.count)
                    bytes.append(contentsOf: UnsafeBufferPointer(start: name, count: strlen(name) + 1))
                }
            }
        }
        var statuses = [Status](repeating: Status(Glibc.stat()), count: names.count)
        var found = [Bool](repeating: false, count: names.count)
        bytes.withUnsafeBufferPointer { bytes in
            starts.withUnsafeBufferPointer { starts in
                statuses.withUnsafeMutableBufferPointer { statuses in
                    found.withUnsafeMutableBufferPointer { found in
                        let job = StatJob(directory: dirfd(directory), names: bytes.baseAddress!, starts: starts.baseAddress!, statuses: statuses.baseAddress!, found: found.baseAddress!)
                        Parallel.forEachChunk(count: names.count, chunk: 250, minimumPerThread: 500) { job.run($0) }
                    }
                }
            }
        }
        let order = bytes.withUnsafeBufferPointer { buffer in
            names.indices.filter { found[$0] }.sorted { a, b in
                let x = starts[a], y = starts[b]
                return strcmp(buffer.baseAddress! + x, buffer.baseAddress! + y) < 0
            }
        }
        return order.map { Entry(name: names[$0], status: statuses[$0]) }
    }

    /// Stats names relative to an open directory into preallocated results, each thread its own
    /// range of them.
    private final class StatJob: @unchecked Sendable {
        let directory: Int32
        let names: UnsafePointer<CChar>
        let starts: UnsafePointer<Int>
        let statuses: UnsafeMutablePointer<Status>
        let found: UnsafeMutablePointer<Bool>

        init(directory: Int32, names: UnsafePointer<CChar>, starts: UnsafePointer<Int>, statuses: UnsafeMutablePointer<Status>, found: UnsafeMutablePointer<Bool>) {
            self.directory = directory
            self.names = names
            self.starts = starts
            self.statuses = statuses
            self.found = found
        }

        func run(_ range: Range<Int>) {
            var info = Glibc.stat()
            for index in range where fstatat(directory, names + starts[index], &info, 0) == 0 {
                statuses[index] = Status(info)
                found[index] = true
            }
        }
    }

    /// Whether `a` sorts before `b` by their UTF-8 bytes (as `memcmp`, then the shorter
    /// first: SQLite's BINARY order). Not String's `<`, which compares canonical equivalents.
    public static func bytewiseLess(_ a: String, _ b: String) -> Bool {
        var a = a, b = b
        return a.withUTF8 { x in
            b.withUTF8 { y in
                let shared = min(x.count, y.count)
                let order = shared == 0 ? 0 : memcmp(x.baseAddress!, y.baseAddress!, shared)
                return order != 0 ? order < 0 : x.count < y.count
            }
        }
    }

    /// Whether a String's UTF-8 bytes are exactly `bytes`.
    public static func bytesEqual(_ text: String, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var text = text
        return text.withUTF8 { mine in
            mine.count == bytes.count && (mine.count == 0 || memcmp(mine.baseAddress!, bytes.baseAddress!, mine.count) == 0)
        }
    }

    public static func readBytes(_ path: String) throws(FileSystemError) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw FileSystemError(path: path) }
        defer { close(descriptor) }
        do throws(FileSystemError) {
            // A regular file is read in one go into an array of its size (the safety bank's
            // vectors, megabytes, are read by every process); anything else, or a file that
            // grew meanwhile, in chunks.
            var info = stat()
            guard fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, info.st_size > 0 else {
                return try readAll(descriptor: descriptor)
            }
            let size = Int(info.st_size)
            var failure: Int32 = 0
            var bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
                var filled = 0
                while filled < size, let base = buffer.baseAddress {
                    let count = Glibc.read(descriptor, base + filled, size - filled)
                    if count < 0 {
                        if errno == EINTR { continue }
                        failure = errno
                        break
                    }
                    if count == 0 { break }
                    filled += count
                }
                initialized = filled
            }
            if failure != 0 { throw FileSystemError(path: path, code: failure) }
            if bytes.count == size { bytes += try readAll(descriptor: descriptor) }
            return bytes
        } catch {
            throw FileSystemError(path: path, code: error.code)
        }
    }

    /// Writes `bytes` to a new file created with `mode` from the first byte (umask applies on
    /// top, so a private mode stays private). Fails when the file exists unless `replace`.
    public static func write(_ bytes: [UInt8], to path: String, mode: mode_t = 0o644, replace: Bool = false) throws(FileSystemError) {
        let flags = O_WRONLY | O_CREAT | O_CLOEXEC | (replace ? O_TRUNC : O_EXCL)
        let descriptor = open(path, flags, mode)
        guard descriptor >= 0 else { throw FileSystemError(path: path) }
        defer { close(descriptor) }
        var offset = 0
        while offset < bytes.count {
            let count = bytes[offset...].withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw FileSystemError(path: path)
            }
            offset += count
        }
    }

    /// Creates `path` and any missing parents with `mode`.
    public static func makeDirectory(_ path: String, mode: mode_t = 0o755) throws(FileSystemError) {
        if isDirectory(path) { return }
        let parent = parentDirectory(of: path)
        if !parent.isEmpty, parent != path, !isDirectory(parent) {
            try makeDirectory(parent, mode: mode)
        }
        if mkdir(path, mode) != 0 && errno != EEXIST { throw FileSystemError(path: path) }
    }

    public static func parentDirectory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        if slash == path.startIndex { return "/" }
        return String(path[..<slash])
    }

    /// The name after the last slash.
    public static func lastComponent(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }

    public static func join(_ directory: String, _ name: String) -> String {
        directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }

    public static func absolute(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        guard let cwd = getcwd(nil, 0) else { return path }
        defer { free(cwd) }
        return join(String(cString: cwd), path.hasPrefix("./") ? String(path.dropFirst(2)) : path)
    }

    /// The real path of the running executable.
    public static func executablePath() -> String? {
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard count > 0 else { return nil }
        return buffer.withUnsafeBufferPointer { pointer in
            String(decoding: UnsafeRawBufferPointer(start: pointer.baseAddress, count: count), as: UTF8.self)
        }
    }

    public static func environment(_ name: String) -> String? {
        guard let value = getenv(name) else { return nil }
        let text = String(cString: value)
        return text.isEmpty ? nil : text
    }
}

extension FileSystem {
    /// Removes a file; false when there was nothing to remove or it could not be removed.
    @discardableResult
    public static func remove(_ path: String) -> Bool { unlink(path) == 0 }
}

extension FileSystem {
    /// Everything readable from an open descriptor (standard input, say).
    public static func readAll(descriptor: Int32) throws(FileSystemError) -> [UInt8] {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw FileSystemError(path: "standard input")
            }
            if count == 0 { return bytes }
            bytes.append(contentsOf: chunk[0..<count])
        }
    }
}
