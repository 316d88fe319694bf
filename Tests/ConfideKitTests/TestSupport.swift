import Foundation
@testable import ConfideKit

/// A fresh directory under the system's temporary folder, removed when the value goes away.
final class TemporaryDirectory {
    let path: String

    init() {
        let base = FileManager.default.temporaryDirectory.path
        path = base + "/confide-test-" + String(UInt64.random(in: 0...UInt64.max), radix: 36)
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    func file(_ name: String) -> String { path + "/" + name }

    @discardableResult
    func write(_ name: String, _ text: String) -> String {
        let full = file(name)
        try! FileManager.default.createDirectory(atPath: FileSystem.parentDirectory(of: full), withIntermediateDirectories: true)
        try! text.write(toFile: full, atomically: false, encoding: .utf8)
        return full
    }
}

enum Fixtures {
    /// The project's shipped knowledge folder.
    static var shippedKnowledge: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Knowledge").path
    }

    static func article(slug: String, title: String, related: String = "", body: String) -> String {
        """
        ---
        title: \(title)
        slug: \(slug)
        summary: A short test article about \(title.lowercased()).
        related: \(related)
        ---

        \(body)
        """
    }

    static let declines = article(slug: "declines", title: "When a Partner Declines", related: "desire-gaps", body: """
        An opening paragraph about reaching for a partner and hearing no. It can sting more than expected.

        ## Why it stings

        A decline often lands as a verdict on your worth. The sting usually comes from an older fear. Your partner's no is mostly about their evening.

        > "A no describes a moment, not a person."

        ## Frequently Asked Questions

        ### Why does rejection hurt so much?

        Rejection hurts because reaching out exposes what you want. A calm talk later helps more than guessing.

        ### Should I stop initiating?

        Stopping altogether tends to add distance rather than remove hurt. Talk about how each of you likes to be asked.
        """)

    static let desireGaps = article(slug: "desire-gaps", title: "Different Levels of Desire", related: "declines, Some Future Article", body: """
        Couples often want sex at different rates, and that difference is common in long relationships.

        ## Spontaneous and responsive desire

        Some people feel desire out of the blue. Others feel it only once closeness has begun, which is called responsive desire.
        """)

    /// A knowledge folder with the two small articles above.
    static func smallFolder(in directory: TemporaryDirectory) -> String {
        directory.write("knowledge/declines.md", declines)
        directory.write("knowledge/desire-gaps.md", desireGaps)
        return directory.file("knowledge")
    }
}

/// Runs a long stretch of synchronous work (a whole evaluation list through the model) on a
/// thread of its own, so that it does not hold one of the few threads every async test of the
/// run shares: the pseudo-terminal tests waiting on them would time out on a two-core machine.
func offThePool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try body() }) }.start()
    }
}
