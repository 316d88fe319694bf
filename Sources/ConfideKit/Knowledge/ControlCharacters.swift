/// Control characters in knowledge text: an escape sequence in a title or a passage could drive
/// the terminal of whoever reads it (a window title, a clipboard write, a screen clear), so
/// `import` refuses them and `index --check` flags them, each at its `file:line`. Tab is
/// ordinary text, and line endings are what split the lines.
public enum ControlCharacters {
    public static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value == 0x09 { return false }
        return value < 0x20 || (value >= 0x7F && value <= 0x9F)
    }

    /// `U+001B`, the way a message names the character.
    public static func name(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    /// The first control character of `text`, if any.
    public static func first(in text: String) -> Unicode.Scalar? {
        text.unicodeScalars.first(where: isControl)
    }

    /// One problem for each line of `text` that holds a control character.
    public static func problems(in text: String, file: String) -> [KnowledgeProblem] {
        TextLines.split(text).compactMap { line in
            first(in: line.text).map { KnowledgeProblem(file: file, line: line.number, message: message(for: $0)) }
        }
    }

    public static func message(for scalar: Unicode.Scalar) -> String {
        "a control character (\(name(scalar))) in the text, which could drive a reader's terminal; remove it"
    }
}

extension ControlCharacters {
    /// The knowledge folder's control characters: in every article file and data file, and in
    /// the files' names (for `index --check`).
    @Sendable public static func problems(in folder: KnowledgeFolder) -> [KnowledgeProblem] {
        let names = ((try? folder.articleFiles()) ?? []) + ["lexicon.txt", "safety.txt"] + SafetyBank.fileNames(in: folder)
        var problems: [KnowledgeProblem] = []
        for name in names {
            if let scalar = first(in: name) {
                problems.append(KnowledgeProblem(file: name, line: 1, message: "a control character (\(self.name(scalar))) in the file name, which could drive a reader's terminal; rename it"))
            }
            guard let bytes = try? FileSystem.readRegularFile(folder.fullPath(name)) else { continue }
            problems += self.problems(in: String(decoding: bytes, as: UTF8.self), file: name)
        }
        return problems
    }
}
