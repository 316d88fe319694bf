/// A command's declared interface: from it come both the parser's rules and `--help`.
struct CommandSpec: Sendable {
    var name: String
    var abstract: String
    var arguments: [ArgumentSpec] = []
    var options: [OptionSpec] = []
    var discussion: String? = nil
    /// Ways to use it, each a command line and what it does (help shows them as two columns).
    var forms: [Form] = []
    /// Sub-commands, as in `confide history search`.
    var subcommands: [String] = []

    var usage: String {
        var parts = ["confide"]
        if !name.isEmpty { parts.append(name) }
        for option in options where !option.isHidden { parts.append("[\(option.synopsis)]") }
        for argument in arguments { parts.append(argument.synopsis) }
        return parts.joined(separator: " ")
    }
}

struct Form: Sendable {
    var line: String
    var help: String
    init(_ line: String, _ help: String) {
        self.line = line
        self.help = help
    }
}

struct ArgumentSpec: Sendable {
    var name: String
    var help: String
    var isOptional = false
    var isRepeating = false

    var synopsis: String {
        let base = name + (isRepeating ? "..." : "")
        return isOptional ? "[\(base)]" : base
    }
}

struct OptionSpec: Sendable {
    var long: String
    var short: Character? = nil
    /// The name of the option's value (`DIR`), or nil for a flag.
    var valueName: String? = nil
    var help: String
    var isHidden = false

    var synopsis: String {
        var text = "--" + long
        if let valueName { text += " " + valueName }
        return text
    }

    static func flag(_ long: String, short: Character? = nil, _ help: String) -> OptionSpec {
        OptionSpec(long: long, short: short, valueName: nil, help: help)
    }

    static func value(_ long: String, short: Character? = nil, _ valueName: String, _ help: String) -> OptionSpec {
        OptionSpec(long: long, short: short, valueName: valueName, help: help)
    }
}

/// Options every command accepts, before or after its name.
enum GlobalOptions {
    static let specs: [OptionSpec] = [
        .value("knowledge", "DIR", "The folder of articles (env CONFIDE_KNOWLEDGE; default the installed articles, else ./Knowledge)."),
        .value("data-dir", "DIR", "Keep the index and conversations in DIR (env CONFIDE_DATA_DIR)."),
        .value("model", "DIR", "The meaning model's folder, sentence-transformers layout (env CONFIDE_MODEL; default the installed one, else .build/model); 'none' answers by words only."),
        .flag("no-color", "No colour, even on a terminal (also when NO_COLOR is set)."),
        .flag("private", "Off the record: keep nothing of this session (also CONFIDE_PRIVATE=1)."),
        .flag("help", short: "h", "Show help for confide or for the command."),
        .flag("version", "Show the version."),
    ]
}
