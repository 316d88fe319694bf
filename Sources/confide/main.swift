import ConfideKit

#if canImport(Glibc)
import Glibc
#endif

Output.ignoreBrokenPipes()
let status = Program.run(Array(CommandLine.arguments.dropFirst()), environment: Program.environment())
exit(status)
