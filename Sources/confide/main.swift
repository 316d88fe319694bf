import ConfideKit

#if canImport(Glibc)
import Glibc
#endif

// Everything confide creates (index, history, exports) is the owner's alone from the first byte.
umask(0o077)
Output.ignoreBrokenPipes()
let status = Program.run(Array(CommandLine.arguments.dropFirst()), environment: Program.environment())
exit(status)
