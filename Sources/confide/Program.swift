import ConfideKit

#if canImport(Glibc)
import Glibc
#endif

/// Parses the command line, runs the command, and turns every outcome into an exit status:
/// 0 done, 1 failed (one line on stderr), 2 usage error (with the usage line).
enum Program {
    static func run(_ arguments: [String], environment: [String: String], healing: Bool = true) -> Int32 {
        let parser = ArgumentParser(commands: Commands.specs)
        let parsed: ParsedArguments
        do {
            parsed = try parser.parse(arguments)
            if parsed.has("version") {
                Output.line("confide \(Commands.version)")
                return 0
            }
            if parsed.has("help") {
                let width = Terminal(noColorOption: true, environment: environment).helpWidth
                if let command = Commands.named(parsed.command) {
                    Output.out(HelpText.render(command.spec, width: width))
                } else {
                    Output.out(HelpText.overview(modelOption: parsed.value("model"), width: width))
                }
                return 0
            }
            try parser.validate(parsed)
        } catch {
            return usageFailure(error)
        }

        let context = Context(arguments: parsed, environment: environment)
        do {
            let command: any Command = try Commands.named(parsed.command)?.make(parsed) ?? ChatLoop(parsed)
            return try command.run(context)
        } catch let error as UsageError {
            return usageFailure(error)
        } catch let error as CommandFailure {
            Output.error("confide: \(error.description)")
            return 1
        } catch let error as DatabaseError {
            // A damaged index found while answering is rebuilt, and the command run once more.
            if healing, context.healDamagedIndex(error) {
                return run(arguments, environment: environment, healing: false)
            }
            Output.error("confide: \(context.describe(error))")
            return 1
        } catch {
            Output.error("confide: \(error)")
            return 1
        }
    }

    static func usageFailure(_ error: UsageError) -> Int32 {
        let spec = Commands.named(error.command)?.spec
        Output.error("confide: \(error.message)")
        Output.error("Usage: \(spec?.usage ?? "confide [COMMAND] [OPTIONS]")")
        Output.error("See 'confide help\(error.command.isEmpty ? "" : " " + error.command)'.")
        return 2
    }

    static func environment() -> [String: String] {
        var result: [String: String] = [:]
        var pointer = environ
        while let entry = pointer.pointee {
            let text = String(cString: entry)
            if let equals = text.firstIndex(of: "=") {
                result[String(text[..<equals])] = String(text[text.index(after: equals)...])
            }
            pointer += 1
        }
        return result
    }
}
