#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension FileSystemError {
    /// A failure with confide's own reason rather than the system's.
    public init(path: String, reason: String, code: Int32 = EINVAL) {
        self.init(path: path, code: code)
        self.reasonOverride = reason
    }
}

/// Reading a data file without trusting what kind of file it is, and writing one without
/// ever leaving it half written or writing through a link.
extension FileSystem {
    /// The largest knowledge file confide reads (an article, `lexicon.txt`, `safety.txt`,
    /// `safety-bank.tsv`): 4 MiB, some hundred times the longest article. A larger one is
    /// named and left out (documented in Knowledge/README.md).
    public static let knowledgeFileLimit = 4 * 1024 * 1024

    /// Why `status` is not a regular file of at most `limit` bytes, or nil when it is.
    public static func oddity(of status: Status, limit: Int) -> String? {
        if status.isDirectory { return "a folder, not a file" }
        if !status.isRegular {
            switch status.kind {
            case S_IFIFO: return "a FIFO (named pipe), not a regular file"
            case S_IFSOCK: return "a socket, not a regular file"
            case S_IFCHR, S_IFBLK: return "a device, not a regular file"
            default: return "not a regular file"
            }
        }
        if status.size > Int64(limit) { return "larger than the limit of \(limit / (1024 * 1024)) MB (\(status.size) bytes)" }
        return nil
    }

    /// The bytes of a regular file of at most `limit` bytes. Anything else (a FIFO, a device, a
    /// socket, a link to one, a folder, a larger file) is refused with the reason, without
    /// blocking: the file is opened non-blocking and checked by its descriptor before a read,
    /// and the read stops at `limit` however much the file grows meanwhile.
    public static func readRegularFile(_ path: String, limit: Int = knowledgeFileLimit) throws(FileSystemError) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY)
        guard descriptor >= 0 else {
            // A socket cannot be opened at all.
            if errno == ENXIO { throw FileSystemError(path: path, reason: "a socket or device, not a regular file", code: ENXIO) }
            throw FileSystemError(path: path)
        }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw FileSystemError(path: path) }
        if let why = oddity(of: Status(info), limit: limit) { throw FileSystemError(path: path, reason: why) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Int(info.st_size))
        var chunk = [UInt8](repeating: 0, count: 65536)
        while bytes.count <= limit {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw FileSystemError(path: path)
            }
            if count == 0 { return bytes }
            bytes.append(contentsOf: chunk[0..<count])
        }
        throw FileSystemError(path: path, reason: "larger than the limit of \(limit / (1024 * 1024)) MB")
    }

    /// Puts `bytes` at `path` whole or not at all: written to a new temporary file in the same
    /// folder (private from its first byte, then given exactly `mode`: only ever this new
    /// file's mode, never another's through a link), flushed to disk, then
    /// renamed over `path`. A full disk or `kill -9` leaves the old file as it was. The rename
    /// replaces a symbolic link at `path` itself and never writes through it. Without
    /// `replace`, an existing `path` (a link included) is refused.
    public static func writeAtomically(_ bytes: [UInt8], to path: String, mode: mode_t = 0o644, replace: Bool = false) throws(FileSystemError) {
        var existing = stat()
        let exists = lstat(path, &existing) == 0
        if exists && !replace { throw FileSystemError(path: path, code: EEXIST) }
        if exists && (existing.st_mode & S_IFMT) == S_IFDIR { throw FileSystemError(path: path, code: EISDIR) }
        let folder = parentDirectory(of: path)
        var template = Array(join(folder, ".\(lastComponent(path)).tmp-XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else { throw FileSystemError(path: path) }
        let temporary = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var finished = false
        defer {
            if !finished { _ = unlink(temporary) }
        }
        _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
        // mkstemp makes 0600; the new file gets the mode asked for, by its descriptor.
        guard fchmod(descriptor, mode) == 0 else {
            let code = errno
            close(descriptor)
            throw FileSystemError(path: path, code: code)
        }
        var offset = 0
        while offset < bytes.count {
            let count = bytes[offset...].withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                let code = errno
                close(descriptor)
                throw FileSystemError(path: path, code: code)
            }
            offset += count
        }
        if fsync(descriptor) != 0 || close(descriptor) != 0 { throw FileSystemError(path: path) }
        if !replace {
            // link(2) fails when the name was taken meanwhile, where rename would replace it.
            guard link(temporary, path) == 0 else { throw FileSystemError(path: path) }
        } else {
            guard rename(temporary, path) == 0 else { throw FileSystemError(path: path) }
            finished = true
        }
        syncDirectory(folder)
    }

    /// Flushes a folder's entries, so that a rename into it survives a crash.
    static func syncDirectory(_ path: String) {
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        fsync(descriptor)
        close(descriptor)
    }
}

extension FileSystem {
    /// `base`, or `base-2`, `base-3`, ... : the first name that no file (with any of
    /// `suffixes`) has yet, so that two files moved aside in the same second both survive.
    public static func unusedName(_ base: String, suffixes: [String] = [""]) -> String {
        var candidate = base
        var number = 1
        var info = stat()
        while suffixes.contains(where: { lstat(candidate + $0, &info) == 0 }) {
            number += 1
            candidate = "\(base)-\(number)"
        }
        return candidate
    }

    /// Moves `path` (and its `-wal` and `-shm`) aside to `path.<label>-<time>`, under a name
    /// nothing has yet; returns the new name. Nothing is deleted.
    public static func moveAside(_ path: String, label: String) -> String? {
        let moved = unusedName(path + "." + label + "-" + Clock.stamp(Clock.now()), suffixes: ["", "-wal", "-shm"])
        var movedAny = false
        for suffix in ["", "-wal", "-shm"] where exists(path + suffix) {
            // link + unlink, not rename: rename would replace a file that appeared meanwhile.
            if link(path + suffix, moved + suffix) == 0 {
                unlink(path + suffix)
                movedAny = true
            } else if errno != EEXIST, rename(path + suffix, moved + suffix) == 0 {
                // A file system without hard links.
                movedAny = true
            }
        }
        return movedAny ? moved : nil
    }
}
