/// Why the meaning model could not be used. Every case names the file; what would put it right
/// (`ModelLocation.howToGet`) is said beside it.
public enum ModelError: Error, CustomStringConvertible, Sendable, Equatable {
    /// No folder, or a folder without the files a sentence-transformers model has.
    case missing(folder: String, file: String)
    /// A file that is there but cannot be read.
    case unreadable(file: String, reason: String)
    /// A file that is not what it should be: truncated, damaged, or another kind of model.
    case damaged(file: String, reason: String)
    /// A model of a kind this code does not run (another pooling, activation, data type).
    case unsupported(file: String, reason: String)

    /// The model is simply not there (as opposed to there and unusable).
    public var isMissing: Bool {
        if case .missing = self { return true }
        return false
    }

    public var description: String {
        switch self {
        case .missing(let folder, let file):
            return "no meaning model in \(folder) (\(file) is missing)"
        case .unreadable(let file, let reason):
            return "the meaning model's \(file) cannot be read (\(reason))"
        case .damaged(let file, let reason):
            return "the meaning model's \(file) is damaged (\(reason))"
        case .unsupported(let file, let reason):
            return "the meaning model in \(file) is of a kind confide cannot run (\(reason)); all-MiniLM-L6-v2 is the one it ships with"
        }
    }
}
