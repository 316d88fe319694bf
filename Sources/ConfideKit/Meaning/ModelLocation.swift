/// Where the meaning model is: `--model DIR`, else `CONFIDE_MODEL`, else the installed one
/// (`PREFIX/share/confide/model`, beside the installed binary's `bin`), else the build folder's
/// (`.build/model`, which `make model` fills, two levels above `.build/<triple>/<config>/confide`).
/// confide never fetches it: the set-up does, and checks its hash.
public struct ModelLocation: Sendable, Equatable {
    /// The folder to load, or nil when none was given and none of the defaults holds a model.
    public var folder: String?
    /// Given by the person (option or environment): failing to load it deserves a warning.
    public var isExplicit: Bool
    /// The folders looked in, for the message that says how to get the model.
    public var tried: [String]
    /// `--model none` (or `CONFIDE_MODEL=none`): words only, by choice.
    public var isOff = false

    /// The value of `--model` or `CONFIDE_MODEL` that turns the model off.
    public static let off = "none"

    public static func resolve(option: String?, environment: [String: String], executable: String?) -> ModelLocation {
        if option == off || (option == nil && environment["CONFIDE_MODEL"] == off) {
            return ModelLocation(folder: nil, isExplicit: false, tried: [], isOff: true)
        }
        if let option, !option.isEmpty { return ModelLocation(folder: FileSystem.absolute(option), isExplicit: true, tried: [option]) }
        if let variable = environment["CONFIDE_MODEL"], !variable.isEmpty {
            return ModelLocation(folder: FileSystem.absolute(variable), isExplicit: true, tried: [variable])
        }
        var tried: [String] = []
        if let executable {
            let binary = FileSystem.parentDirectory(of: executable)
            let candidates = [
                FileSystem.join(FileSystem.parentDirectory(of: binary), "share/confide/model"),
                FileSystem.join(FileSystem.parentDirectory(of: binary), "model"),
                FileSystem.join(FileSystem.parentDirectory(of: FileSystem.parentDirectory(of: binary)), "model"),
            ]
            for candidate in candidates where !tried.contains(candidate) {
                tried.append(candidate)
                if FileSystem.exists(FileSystem.join(candidate, SentenceEncoder.weightsFile)) {
                    return ModelLocation(folder: candidate, isExplicit: false, tried: tried)
                }
            }
        }
        return ModelLocation(folder: nil, isExplicit: false, tried: tried)
    }

    public static let offLine = "the meaning model is off (--model none); answers match words only"

    /// One line on getting meaning-level answers, for `help`, `index` and `--explain`.
    public static let howToGet = "answers match words only; for answers by meaning, `make model` (or `make install`) fetches the model, or point --model DIR / CONFIDE_MODEL at an all-MiniLM-L6-v2 folder"
}
