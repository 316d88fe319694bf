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
            Output.out(HelpText.overview())
            return 0
        }
        guard let command = Commands.named(topic) else {
            throw UsageError(message: "no help on '\(topic.prefix(40))' (topics: \(Commands.specs.map(\.name).joined(separator: ", ")))", command: "help")
        }
        Output.out(HelpText.render(command.spec))
        return 0
    }
}

/// `--help` text, generated from the commands' specs.
enum HelpText {
    static func render(_ spec: CommandSpec) -> String {
        var out = "OVERVIEW: \(spec.abstract)\n\nUSAGE: \(spec.usage)\n"
        if let discussion = spec.discussion {
            out += "\n" + TextWrap.wrap(discussion, width: 80) + "\n"
        }
        if !spec.arguments.isEmpty {
            out += "\nARGUMENTS:\n"
            for argument in spec.arguments { out += row(argument.synopsis, argument.help) }
        }
        let visible = spec.options.filter { !$0.isHidden }
        if !visible.isEmpty {
            out += "\nOPTIONS:\n"
            for option in visible { out += row(option.synopsis, option.help) }
        }
        out += "\nGLOBAL OPTIONS (before or after the command):\n"
        for option in GlobalOptions.specs { out += row(option.synopsis + (option.short.map { ", -\($0)" } ?? ""), option.help) }
        return out
    }

    static func overview() -> String {
        var out = """
            confide: a private companion for questions about desire, sexual rejection and intimacy.
            It answers from a folder of articles, quoting and citing them. Nothing leaves this machine.
            It is not therapy and not an emergency service: in the US, call or text 988 in a crisis,
            or 911 in immediate danger.

            USAGE: confide [COMMAND] [OPTIONS]
                   confide                 (answers each line you type, or each line of piped input)

            COMMANDS:

            """
        for spec in Commands.specs { out += row(spec.name, spec.abstract) }
        out += "\nGLOBAL OPTIONS (before or after the command):\n"
        for option in GlobalOptions.specs { out += row(option.synopsis + (option.short.map { ", -\($0)" } ?? ""), option.help) }
        out += "\nSee 'confide help COMMAND' for more on a command.\n"
        return out
    }

    private static func row(_ name: String, _ help: String) -> String {
        let padded = name.count < 22 ? name + String(repeating: " ", count: 22 - name.count) : name + "\n" + String(repeating: " ", count: 24)
        return "  " + padded + TextWrap.wrap(help, width: 80, indent: String(repeating: " ", count: 24), firstIndent: "").dropFirst(0) + "\n"
    }
}
