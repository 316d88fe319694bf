/// Why the meaning model could not be used. Every case names the file and says what would be
/// right, since the person reading it can only fix it by fetching or pointing at another folder.
public enum ModelError: Error, CustomStringConvertible, Sendable, Equatable {
    /// No folder, or a folder without the files a sentence-transformers model has.
    case missing(folder: String, file: String)
    /// A file that is there but cannot be read.
    case unreadable(file: String, reason: String)
    /// A file that is not what it should be: truncated, damaged, or another kind of model.
    case damaged(file: String, reason: String)
    /// A model of a kind this code does not run (another pooling, activation, data type).
    case unsupported(file: String, reason: String)

    public var description: String {
        switch self {
        case .missing(let folder, let file):
            return "no meaning model in \(folder) (\(file) is missing); `make model` fetches it, or point --model DIR / CONFIDE_MODEL at a sentence-transformers folder"
        case .unreadable(let file, let reason):
            return "the meaning model's \(file) cannot be read (\(reason))"
        case .damaged(let file, let reason):
            return "the meaning model's \(file) is damaged (\(reason)); `make model` fetches a verified copy"
        case .unsupported(let file, let reason):
            return "the meaning model in \(file) is of a kind confide cannot run (\(reason)); all-MiniLM-L6-v2 is the one it ships with"
        }
    }
}
