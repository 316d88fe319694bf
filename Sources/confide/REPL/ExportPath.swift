import ConfideKit

/// Where `/export` writes a conversation, and in which format. Without a name it goes into the
/// data folder's `exports/` (private, like the history), never silently into the folder confide
/// was started from (under `make run`, a source checkout, one `git add .` from being
/// committed). A name may start with `~/`; a name ending in `.json` gets JSON.
struct ExportPath: Equatable {
    var path: String
    var format: HistoryExport.Format

    static func format(of name: String) -> HistoryExport.Format {
        name.lowercased().hasSuffix(".json") ? .json : .markdown
    }

    /// A given name, with `~` expanded and made absolute.
    static func given(_ name: String, home: String?) -> ExportPath {
        var path = name
        if let home, path == "~" || path.hasPrefix("~/") {
            path = home + path.dropFirst()
        }
        return ExportPath(path: FileSystem.absolute(path), format: format(of: name))
    }

    static func folder(in dataDirectory: String) -> String {
        FileSystem.join(dataDirectory, "exports")
    }

    /// The first free default name for conversation `id` in the exports folder: a second
    /// export of the same conversation is numbered rather than refused.
    static func defaultPath(for id: Int64, in dataDirectory: String) -> ExportPath {
        let folder = folder(in: dataDirectory)
        var name = "confide-conversation-\(id).md"
        var copy = 2
        while FileSystem.exists(FileSystem.join(folder, name)) {
            name = "confide-conversation-\(id)-\(copy).md"
            copy += 1
        }
        return ExportPath(path: FileSystem.join(folder, name), format: .markdown)
    }
}
