#if canImport(Glibc)
import Glibc
#endif

/// Where confide reads knowledge and keeps its files, from options, environment and defaults.
public struct Locations: Sendable, Equatable {
    /// The folder of articles; when none was found, where it was last looked for (see
    /// `missingKnowledge`).
    public var knowledge: String
    /// Why no knowledge folder was found, or nil when `knowledge` is one. The history and the
    /// safety check work without it; only answers from the articles need it.
    public var missingKnowledge: Problem?
    /// Where the knowledge folder came from.
    public var knowledgeSource: KnowledgeSource = .named

    public enum KnowledgeSource: Sendable, Equatable {
        /// `--knowledge` or `CONFIDE_KNOWLEDGE`.
        case named
        /// `PREFIX/share/confide/knowledge`, installed beside the binary (`make install`).
        case installed
        /// `./Knowledge` in the current folder, for a binary that has no installed articles.
        case currentFolder
    }
    /// The index (a rebuildable cache).
    public var indexFile: String
    /// Conversations (the person's own data).
    public var dataDirectory: String

    public enum Problem: Error, CustomStringConvertible, Sendable, Equatable {
        case noHome
        case noKnowledge(tried: [String])
        case sharedFolder(String, why: String)

        public var description: String {
            switch self {
            case .noHome:
                return "HOME is not set, so there is nowhere to keep the index; give --data-dir DIR"
            case .noKnowledge(let tried):
                return "no folder of articles found (looked in \(tried.joined(separator: " and "))); give one with --knowledge DIR or CONFIDE_KNOWLEDGE"
            case .sharedFolder(let path, let why):
                return "\(path) is \(why), so confide will not keep conversations or its index there (nor change its permissions); give a new folder of your own, e.g. --data-dir \(FileSystem.join(path, "confide")), which confide makes private"
            }
        }
    }

    /// - Parameters:
    ///   - knowledgeOption: `--knowledge DIR`
    ///   - dataOption: `--data-dir DIR`
    ///   - environment: the process environment
    ///   - executable: the running binary's path, for the installed knowledge beside it
    public static func resolve(knowledgeOption: String?, dataOption: String?, environment: [String: String], executable: String?) throws(Problem) -> Locations {
        func env(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }

        // The installed articles come before ./Knowledge: an installed command run from a
        // folder that happens to hold a Knowledge folder (a notes vault) must not silently
        // answer from it. ./Knowledge is for a binary with nothing installed beside it (a
        // build in a checkout).
        var knowledge = knowledgeOption ?? env("CONFIDE_KNOWLEDGE")
        var source = KnowledgeSource.named
        var missing: Problem?
        if knowledge == nil {
            var tried: [String] = []
            if let executable {
                let prefix = FileSystem.parentDirectory(of: FileSystem.parentDirectory(of: executable))
                let installed = FileSystem.join(prefix, "share/confide/knowledge")
                if FileSystem.isDirectory(installed) {
                    knowledge = installed
                    source = .installed
                } else if !FileSystem.isDirectory("Knowledge") {
                    tried.append(installed)
                }
            }
            if knowledge == nil {
                knowledge = "Knowledge"
                source = .currentFolder
                if !FileSystem.isDirectory("Knowledge") {
                    tried.insert(FileSystem.absolute("Knowledge"), at: 0)
                    missing = .noKnowledge(tried: tried)
                }
            }
        }

        let home = env("HOME")
        let data: String
        let cache: String
        if let directory = dataOption ?? env("CONFIDE_DATA_DIR") {
            data = FileSystem.absolute(directory)
            cache = data
        } else {
            guard let home else { throw .noHome }
            data = FileSystem.join(env("XDG_DATA_HOME") ?? FileSystem.join(home, ".local/share"), "confide")
            cache = FileSystem.join(env("XDG_CACHE_HOME") ?? FileSystem.join(home, ".cache"), "confide")
        }
        for folder in Set([data, cache]) {
            if let why = sharedFolderReason(folder) { throw .sharedFolder(folder, why: why) }
        }
        return Locations(knowledge: FileSystem.absolute(knowledge!), missingKnowledge: missing, knowledgeSource: source, indexFile: FileSystem.join(cache, "index.sqlite3"), dataDirectory: data)
    }

    /// Why an existing folder is not one confide may keep private files in: others can add
    /// or replace files there (world-writable, sticky like /tmp), or it is someone else's.
    /// Such a folder is refused, never chmodded. nil for a missing folder (confide makes it).
    public static func sharedFolderReason(_ path: String) -> String? {
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else { return nil }
        let mode = String(info.st_mode & 0o7777, radix: 8)
        if info.st_mode & S_ISVTX != 0 || info.st_mode & 0o002 != 0 {
            return "a shared folder (mode \(mode): anyone can add files there)"
        }
        if info.st_uid != geteuid() {
            return "owned by someone else (user \(info.st_uid))"
        }
        return nil
    }

    public var cacheDirectory: String { FileSystem.parentDirectory(of: indexFile) }
}
