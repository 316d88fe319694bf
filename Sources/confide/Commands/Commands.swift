/// Every command `confide` knows, in the order `--help` lists them.
enum Commands {
    struct Entry: Sendable {
        let spec: CommandSpec
        let make: @Sendable (ParsedArguments) throws -> any Command

        init<C: Command>(_ type: C.Type) {
            spec = C.spec
            make = { arguments in try C(arguments) }
        }
    }

    static let all: [Entry] = [
        Entry(AskCommand.self),
        Entry(ArticlesCommand.self),
        Entry(ReadCommand.self),
        Entry(HistoryCommand.self),
        Entry(ImportCommand.self),
        Entry(IndexCommand.self),
        Entry(EvalCommand.self),
        Entry(HelpCommand.self),
    ]

    static var specs: [CommandSpec] { all.map { $0.spec } }

    static func named(_ name: String) -> Entry? { all.first { $0.spec.name == name } }

    static let version = "0.1.0"
}
