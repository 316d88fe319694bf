import ConfideKit

struct HelpCommand: Command {
    static let spec = CommandSpec(
        name: "help",
        abstract: "Show help for confide or for one command.",
        arguments: [ArgumentSpec(name: "COMMAND", help: "The command to explain.", isOptional: true)]
    )

    var topic: String?

    init(_ arguments: ParsedArguments) throws(UsageError) {
        topic = arguments.positionals.first
    }

    func run(_ context: Context) throws -> Int32 {
        guard let topic else {
            Output.out(HelpText.overview(modelOption: context.arguments.value("model"), width: context.terminal.helpWidth))
            return 0
        }
        if topic == "safety" {
            Output.out(HelpText.safety(width: context.terminal.helpWidth))
            return 0
        }
        guard let command = Commands.named(topic) else {
            throw UsageError(message: "no help on '\(topic.prefix(40))' (topics: \((Commands.specs.map(\.name) + ["safety"]).joined(separator: ", ")))", command: "help")
        }
        Output.out(HelpText.render(command.spec, width: context.terminal.helpWidth))
        return 0
    }
}

/// `--help` text, generated from the commands' specs.
enum HelpText {
    static func render(_ spec: CommandSpec, width: Int) -> String {
        var out = TextWrap.wrap("OVERVIEW: \(spec.abstract)", width: width, indent: "  ", firstIndent: "") + "\n\n"
        out += TextWrap.wrap("USAGE: \(spec.usage)", width: width, indent: "         ", firstIndent: "") + "\n"
        if !spec.forms.isEmpty {
            out += "\n" + Columns.render(spec.forms.map { ($0.line, $0.help) }, width: width, nameWidth: 32)
        }
        if let discussion = spec.discussion {
            out += "\n" + TextWrap.wrap(discussion, width: width) + "\n"
        }
        if !spec.arguments.isEmpty {
            out += "\nARGUMENTS:\n" + Columns.render(spec.arguments.map { ($0.synopsis, $0.help) }, width: width)
        }
        let visible = spec.options.filter { !$0.isHidden }
        if !visible.isEmpty {
            out += "\nOPTIONS:\n" + Columns.render(visible.map { (synopsis($0), $0.help) }, width: width)
        }
        out += "\nGLOBAL OPTIONS (before or after the command):\n" + Columns.render(GlobalOptions.specs.map { (synopsis($0), $0.help) }, width: width)
        return out
    }

    private static func synopsis(_ option: OptionSpec) -> String {
        option.synopsis + (option.short.map { ", -\($0)" } ?? "")
    }

    static func safety(width: Int) -> String {
        // Paragraphs re-flow to the width; the indented list of numbers keeps its lines.
        var out: [String] = []
        var paragraph: [Substring] = []
        func flush() {
            guard !paragraph.isEmpty else { return }
            out.append(paragraph[0].hasPrefix("  ") ? paragraph.joined(separator: "\n") : TextWrap.wrap(paragraph.joined(separator: " "), width: width))
            paragraph = []
        }
        for line in safetyText.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.isEmpty { flush() } else { paragraph.append(line) }
        }
        flush()
        return out.joined(separator: "\n\n") + "\n"
    }

    static let safetyText = """
        confide is not therapy, and it is not an emergency service.

        It is a way to read, privately, what a couples therapist has written about desire,
        rejection and intimacy. It cannot know you, assess risk, or respond to an emergency.

        Every question is checked, before anything else, for signs of suicidal thoughts or
        self-harm, and of sexual coercion, assault or a partner's violence. When it sees them,
        confide shows where to find real help first, even off the record and in --json:

          988 Suicide & Crisis Lifeline: call or text 988
          Crisis Text Line: text HOME to 741741
          RAINN National Sexual Assault Hotline: 800-656-4673
          National Domestic Violence Hotline: 800-799-7233, or text START to 88788
          In immediate danger: call 911

        These are United States numbers. The signs and the numbers live in the knowledge folder's
        safety.txt, so a practice elsewhere can change them ('confide index --check' checks it).
        A check like this can miss things: if you are in danger, please reach out to a person now.

        """

    /// The one line on meaning-level answers, when no model is found (help does not load it).
    static func meaningLine(modelOption: String?, width: Int) -> String {
        let location = ModelLocation.resolve(option: modelOption, environment: ["CONFIDE_MODEL": FileSystem.environment("CONFIDE_MODEL") ?? ""], executable: FileSystem.executablePath())
        // A named folder is not loaded just for help: only whether its weights file is there.
        if let folder = location.folder, FileSystem.exists(FileSystem.join(folder, SentenceEncoder.weightsFile)) { return "" }
        let reason = location.isOff ? ModelLocation.offLine : (location.folder.map { "no meaning model in \($0); " } ?? "") + ModelLocation.howToGet
        return "\n" + TextWrap.wrap("Meaning: " + reason + ".", width: width) + "\n"
    }

    static func overview(modelOption: String? = nil, width: Int) -> String {
        var out = TextWrap.wrap("confide: a private companion for questions about desire, sexual rejection and intimacy. It answers from a folder of articles, quoting and citing them. Nothing leaves this machine. It is not therapy and not an emergency service: in the US, call or text 988 in a crisis, or 911 in immediate danger.", width: width) + "\n\n"
        out += "USAGE: confide [COMMAND] [OPTIONS]\n"
        out += TextWrap.wrap("With no command, confide answers each line you type, or each line of piped input.", width: width) + "\n"
        out += "\nCOMMANDS:\n" + Columns.render(Commands.specs.map { ($0.name, $0.abstract) }, width: width)
        out += "\nGLOBAL OPTIONS (before or after the command):\n" + Columns.render(GlobalOptions.specs.map { (synopsis($0), $0.help) }, width: width)
        out += "\n" + TextWrap.wrap("See 'confide help COMMAND' for more on a command, and 'confide help safety' for what confide is not.", width: width) + "\n"
        out += meaningLine(modelOption: modelOption, width: width)
        return out
    }
}
