#if canImport(Glibc)
import Glibc
#endif

/// The folder of Markdown articles: which files are articles, and reading them.
public struct KnowledgeFolder: Sendable {
    public let path: String

    public init(path: String) {
        self.path = path
    }

    /// Article files are the `*.md` files at the top of the folder, except `README.md` and names
    /// that start with `_` or `.` (drafts and notes).
    public static func isArticleFile(_ name: String) -> Bool {
        name.hasSuffix(".md") && name != "README.md" && !name.hasPrefix("_") && !name.hasPrefix(".")
    }

    public func articleFiles() throws(KnowledgeFolderError) -> [String] {
        guard FileSystem.isDirectory(path) else { throw .missing(path) }
        do {
            return try FileSystem.contents(ofDirectory: path).filter(Self.isArticleFile)
        } catch {
            throw .unreadable(path, error.reason)
        }
    }

    public func fullPath(_ file: String) -> String { FileSystem.join(path, file) }

    /// Parses one file; a problem in it is returned, never thrown, so one broken file cannot
    /// stop the others from loading.
    public func load(_ file: String) -> LoadedFile {
        let bytes: [UInt8]
        do {
            bytes = try FileSystem.readRegularFile(fullPath(file))
        } catch {
            return LoadedFile(file: file, hash: "", article: nil, problems: [KnowledgeProblem(file: file, line: 1, message: "cannot be read: \(error.reason)")])
        }
        return load(file, bytes: bytes)
    }

    public func load(_ file: String, bytes: [UInt8]) -> LoadedFile {
        let hash = ContentHash.of(bytes)
        do {
            let result = try ArticleParser().parse(bytes: bytes, file: file)
            return LoadedFile(file: file, hash: hash, article: result.article, problems: result.warnings)
        } catch {
            return LoadedFile(file: file, hash: hash, article: nil, problems: [error])
        }
    }

    /// The data files beside the articles (`lexicon.txt`, `safety.txt`, `safety-bank.tsv`)
    /// that are there but cannot be read as they are (a FIFO, a device, a socket or a link to
    /// one, a folder, a file over the size limit): each is left out, and named here. One stat
    /// each, so that every run can say so.
    public func oddDataFiles(named names: [String]) -> [KnowledgeProblem] {
        names.compactMap { name in
            var info = stat()
            guard lstat(fullPath(name), &info) == 0 else { return nil }
            guard let status = FileSystem.status(fullPath(name)) else {
                return KnowledgeProblem(file: name, line: 1, message: "cannot be read: a link to nothing")
            }
            return FileSystem.oddity(of: status, limit: FileSystem.knowledgeFileLimit).map { KnowledgeProblem(file: name, line: 1, message: "cannot be read: \($0)") }
        }
    }

    /// Every article that loads, with every problem found (used by `read` and the checker).
    public func loadAll() throws(KnowledgeFolderError) -> [LoadedFile] {
        try articleFiles().map(load)
    }
}

public struct LoadedFile: Sendable {
    public var file: String
    public var hash: String
    public var article: Article?
    public var problems: [KnowledgeProblem]
}

public enum KnowledgeFolderError: Error, CustomStringConvertible, Equatable {
    case missing(String)
    case unreadable(String, String)

    public var description: String {
        switch self {
        case .missing(let path):
            return "the knowledge folder \(path) does not exist (give one with --knowledge DIR or CONFIDE_KNOWLEDGE)"
        case .unreadable(let path, let reason):
            return "cannot read the knowledge folder \(path): \(reason)"
        }
    }
}
