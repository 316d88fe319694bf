import Foundation
import Testing

/// An open companion sees the knowledge folder as it is now: an article added, edited,
/// removed or broken while the session is open is seen by the next question, and a removed
/// article is never served again (by an answer, /read or /open).
@Suite("confide: an open companion sees edited articles")
struct LiveKnowledgeTests {
    static let prompt = "confide> "

    static func article(slug: String, word: String) -> String {
        """
        ---
        title: Notes on \(word)
        slug: \(slug)
        summary: About \(word).
        ---

        The \(word) is a way for partners to talk about closeness when one of them says no tonight.

        ## More on the \(word)

        When you try the \(word), each of you says one thing you would like and one thing you would not.

        """
    }

    func ask(_ terminal: PseudoTerminal, _ line: String) async throws -> String {
        terminal.line(line)
        return try await terminal.expect(Self.prompt)
    }

    @Test("added, edited, removed and broken articles are seen before the next question", arguments: [false, true])
    func companionSeesEdits(withModel: Bool) async throws {
        let model = ProcessInfo.processInfo.environment["CONFIDE_MODEL"] ?? ""
        if withModel && (model.isEmpty || model == "none") { return }
        let sandbox = try ConfideProcess()
        defer { sandbox.remove() }
        let knowledge = try sandbox.copyOfKnowledge()
        let confide = sandbox.with(knowledge: knowledge)
        let file = knowledge.appendingPathComponent("zorbling.md")
        let terminal = try confide.terminal(environment: withModel ? ["CONFIDE_MODEL": model] : [:])
        defer { terminal.close() }
        try await terminal.expect(Self.prompt, timeout: .seconds(120))

        let before = try await ask(terminal, "what is the zorbling ritual")
        #expect(!before.contains("zorbling.md:"), "\(terminal.transcript)")

        // Added.
        try Self.article(slug: "zorbling", word: "zorbling ritual").write(to: file, atomically: true, encoding: .utf8)
        let added = try await ask(terminal, "what is the zorbling ritual")
        #expect(added.contains("zorbling.md:"), "an added article is not seen\n\(terminal.transcript)")

        // Edited: the old word goes, a new one comes.
        try Self.article(slug: "zorbling", word: "quindlewick exchange, edited").write(to: file, atomically: true, encoding: .utf8)
        let edited = try await ask(terminal, "what is the quindlewick exchange")
        #expect(edited.contains("zorbling.md:"), "an edited article's new words are not seen\n\(terminal.transcript)")
        let old = try await ask(terminal, "what is the zorbling ritual")
        #expect(!old.contains("zorbling.md:"), "the edited article's old text is still served\n\(terminal.transcript)")
        terminal.line("/open 1")
        _ = try await terminal.expect(Self.prompt)

        // Removed: never served again, by an answer, /read or /open.
        try FileManager.default.removeItem(at: file)
        let removed = try await ask(terminal, "what is the quindlewick exchange")
        #expect(!removed.contains("zorbling.md:"), "a removed article is still served\n\(terminal.transcript)")
        let read = try await ask(terminal, "/read zorbling")
        #expect(!read.contains("quindlewick"), "/read serves a removed article\n\(terminal.transcript)")
        let open = try await ask(terminal, "/open 1")
        #expect(!open.contains("quindlewick"), "/open serves a removed article\n\(terminal.transcript)")

        // Broken: named, and not served.
        try Self.article(slug: "zorbling", word: "zorbling ritual").write(to: file, atomically: true, encoding: .utf8)
        _ = try await ask(terminal, "what is the zorbling ritual")
        try "no front matter at all, zorbling ritual".write(to: file, atomically: true, encoding: .utf8)
        let broken = try await ask(terminal, "what is the zorbling ritual")
        // Its citations were at lines 7 and 11; the warning names line 1.
        #expect(!broken.contains("zorbling.md:7") && !broken.contains("zorbling.md:11"), "a broken article is still served\n\(terminal.transcript)")
        #expect(terminal.screenText.contains("zorbling.md:1:"), "the broken file is not named\n\(terminal.transcript)")

        terminal.line("/quit")
        _ = await terminal.waitForExit()
    }
}
