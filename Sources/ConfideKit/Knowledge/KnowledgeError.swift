/// A problem in one knowledge file, located at a line. `isFatal` problems keep the file out of
/// the index; the others are reported by `confide index --check`.
public struct KnowledgeProblem: Error, Sendable, Equatable, CustomStringConvertible, Comparable {
    public var file: String
    public var line: Int
    public var message: String
    public var isFatal: Bool

    public init(file: String, line: Int, message: String, isFatal: Bool = true) {
        self.file = file
        self.line = line
        self.message = message
        self.isFatal = isFatal
    }

    /// `file:line: message`, as compilers print it.
    public var description: String { "\(file):\(line): \(message)" }

    public static func < (lhs: KnowledgeProblem, rhs: KnowledgeProblem) -> Bool {
        (lhs.file, lhs.line, lhs.message) < (rhs.file, rhs.line, rhs.message)
    }
}
