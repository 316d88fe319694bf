import Foundation
import Testing
@testable import ConfideKit

/// The real meaning model for the tests: CONFIDE_MODEL (which `make test` sets), else the build
/// folder's `.build/model`. Tests that need it are skipped, with a visible reason, only when it
/// is absent and CI is not set; under CI its absence fails them.
enum ModelFixture {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    static var folder: String {
        if let named = ProcessInfo.processInfo.environment["CONFIDE_MODEL"], !named.isEmpty { return named }
        return packageRoot + "/.build/model"
    }

    static var isPresent: Bool { FileManager.default.fileExists(atPath: folder + "/model.safetensors") }

    /// Whether the tests that need the model run: always under CI, else when it is there.
    static var shouldRun: Bool { isPresent || !(ProcessInfo.processInfo.environment["CI"] ?? "").isEmpty }

    static let skipReason: Comment = "the meaning model is absent (run `make model`, or `make test` which fetches it)"

    /// Loaded once for every test.
    static let encoder: Result<SentenceEncoder, ModelError> = Result { () throws(ModelError) in try SentenceEncoder(folder: folder) }

    static func load() throws -> SentenceEncoder { try encoder.get() }

    /// The shipped safety bank with its vectors, embedded once for every test (and kept, as
    /// confide keeps it, in a cache keyed by the model and the bank's bytes, under `.build`):
    /// embedding thousands of examples in a debug build is most of a minute.
    static let shippedBank: SafetyBank? = {
        guard let encoder = try? load() else { return nil }
        let cache = packageRoot + "/.build/test-cache"
        try? FileManager.default.createDirectory(atPath: cache, withIntermediateDirectories: true)
        return SafetyBank.load(from: KnowledgeFolder(path: packageRoot + "/Knowledge"), encoder: encoder, cachePath: cache + "/safety-bank.vectors")
    }()

    static func fixture(_ name: String) throws -> JSON {
        let path = packageRoot + "/Tests/ConfideKitTests/Fixtures/model/" + name
        let text = try String(contentsOfFile: path, encoding: .utf8)
        return try #require(JSONParser.parse(text), "\(name) is not JSON")
    }
}
