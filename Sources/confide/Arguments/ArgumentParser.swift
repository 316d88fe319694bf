import ConfideKit

/// What the person typed, sorted by a command's spec.
struct ParsedArguments: Equatable {
    var command: String = ""
    var flags: Set<String> = []
    var values: [String: [String]] = [:]
    var positionals: [String] = []

    func has(_ flag: String) -> Bool { flags.contains(flag) }
    func value(_ option: String) -> String? { values[option]?.last }
}

/// A mistake in the command line: says what was wrong and what would be right. Exit code 2.
struct UsageError: Error, Equatable, CustomStringConvertible {
    var message: String
    /// The command whose usage line to show ("" for confide itself).
    var command: String

    var description: String { message }
}

/// The hand-written parser. Global options may come before or after the command; `--` ends
/// options; `--name=value` and `--name value` both work; `-` alone is an argument (stdin).
struct ArgumentParser {
    let commands: [CommandSpec]

    func parse(_ arguments: [String]) throws(UsageError) -> ParsedArguments {
        var result = ParsedArguments()
        var spec: CommandSpec?
        var optionsEnded = false
        var index = 0

        func options() -> [OptionSpec] { GlobalOptions.specs + (spec?.options ?? []) }

        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if optionsEnded || argument == "-" || !argument.hasPrefix("-") {
                if spec == nil && result.command.isEmpty && !optionsEnded {
                    guard let found = commands.first(where: { $0.name == argument }) else {
                        throw unknownCommand(argument)
                    }
                    spec = found
                    result.command = argument
                } else {
                    result.positionals.append(argument)
                }
                continue
            }
            if argument == "--" {
                optionsEnded = true
                continue
            }

            // An option: --name, --name=value, -x.
            var name: String
            var inlineValue: String?
            let option: OptionSpec?
            if argument.hasPrefix("--") {
                let body = argument.dropFirst(2)
                if let equals = body.firstIndex(of: "=") {
                    name = String(body[..<equals])
                    inlineValue = String(body[body.index(after: equals)...])
                } else {
                    name = String(body)
                }
                option = options().first { $0.long == name }
            } else {
                let letters = argument.dropFirst()
                option = letters.count == 1 ? options().first { $0.short == letters.first } : nil
                name = option?.long ?? String(letters)
            }
            guard let option else { throw unknownOption(argument, command: result.command) }
            name = option.long
            if option.valueName != nil {
                let value: String
                if let inlineValue {
                    value = inlineValue
                } else if index < arguments.count, !arguments[index].hasPrefix("--") {
                    value = arguments[index]
                    index += 1
                } else {
                    throw UsageError(message: "--\(name) needs a value: --\(name) \(option.valueName!)", command: result.command)
                }
                guard !value.isEmpty else {
                    throw UsageError(message: "--\(name) needs a value that is not empty: --\(name) \(option.valueName!)", command: result.command)
                }
                result.values[name, default: []].append(value)
            } else {
                guard inlineValue == nil else {
                    throw UsageError(message: "--\(name) takes no value (remove '=\(inlineValue!)')", command: result.command)
                }
                result.flags.insert(name)
            }
        }
        return result
    }

    /// Checks the positional arguments against the command's declared ones.
    func validate(_ parsed: ParsedArguments) throws(UsageError) {
        guard let spec = commands.first(where: { $0.name == parsed.command }) else { return }
        let required = spec.arguments.filter { !$0.isOptional }
        if parsed.positionals.count < required.count {
            let missing = required[parsed.positionals.count]
            throw UsageError(message: "missing \(missing.name): \(missing.help.lowercasedFirst)", command: spec.name)
        }
        let accepts = spec.arguments.contains(where: \.isRepeating) ? Int.max : spec.arguments.count
        if parsed.positionals.count > accepts {
            let extra = parsed.positionals[accepts]
            throw UsageError(message: "unexpected argument '\(extra.prefix(40))'", command: spec.name)
        }
    }

    private func unknownCommand(_ word: String) -> UsageError {
        let names = commands.map(\.name).filter { !$0.isEmpty }
        if let close = names.first(where: { EditDistance.between($0, word, limit: 2) <= 2 }) {
            return UsageError(message: "unknown command '\(word.prefix(40))'; did you mean '\(close)'?", command: "")
        }
        return UsageError(message: "unknown command '\(word.prefix(40))' (commands: \(names.joined(separator: ", "))); to ask a question, use: confide ask \(word.prefix(40))...", command: "")
    }

    private func unknownOption(_ option: String, command: String) -> UsageError {
        let known = (GlobalOptions.specs + (commands.first { $0.name == command }?.options ?? [])).map { "--" + $0.long }
        var message = "unknown option '\(option.prefix(40))'"
        if !command.isEmpty { message += " for '\(command)'" }
        if let close = known.first(where: { EditDistance.between($0, String(option.prefix(40)), limit: 2) <= 2 }) {
            message += "; did you mean '\(close)'?"
        } else if command == "ask" {
            message += "; to ask about a word that starts with '-', put it after '--': confide ask -- \(option.prefix(40))"
        } else {
            message += " (options: \(known.joined(separator: ", ")))"
        }
        return UsageError(message: message, command: command)
    }
}

extension String {
    var lowercasedFirst: String {
        guard let first else { return self }
        return first.lowercased() + dropFirst()
    }
}
