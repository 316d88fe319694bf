import Foundation
import Testing

/// Contract 1-3: version, help, usage errors, and where global options may go.
@Suite("confide: help, version and usage errors")
struct HelpAndUsageTests {
    @Test("--version prints 'confide <version>' and exits 0")
    func version() async throws {
        let confide = try ConfideProcess()
        defer { confide.remove() }
        let result = try await confide.run(["--version"], globals: false)
        #expect(result.status == 0, "\(result)")
        #expect(result.out.wholeMatch(of: /confide [0-9A-Za-z.+\-]+\n/) != nil, "\(result)")
        #expect(result.err.isEmpty, "\(result)")
    }

    @Test("--help exits 0 and lists ask, articles and read")
    func help() async throws {
        let confide = try ConfideProcess()
        defer { confide.remove() }
        let result = try await confide.run(["--help"], globals: false)
        #expect(result.status == 0, "\(result)")
        for command in ["ask", "articles", "read"] {
            #expect(result.out.contains(command), "--help does not mention '\(command)':\n\(result)")
        }
        #expect(result.err.isEmpty, "\(result)")
    }

    @Test("help for ask, both ways, shows 'USAGE: confide ask'", arguments: [["help", "ask"], ["ask", "--help"], ["ask", "-h"]])
    func helpForAsk(_ arguments: [String]) async throws {
        let confide = try ConfideProcess()
        defer { confide.remove() }
        let result = try await confide.run(arguments, globals: false)
        #expect(result.status == 0, "\(result)")
        #expect(result.out.contains("USAGE: confide ask"), "\(result)")
    }

    struct UsageCase: Sendable, CustomTestStringConvertible {
        var arguments: [String]
        /// Text stderr must contain besides the "confide:" and "Usage:" lines.
        var mentions: String?
        var testDescription: String { "confide " + arguments.map { $0.contains(" ") || $0.isEmpty ? "\"\($0)\"" : $0 }.joined(separator: " ") }
    }

    static let usageCases: [UsageCase] = [
        UsageCase(arguments: ["ask"]),
        UsageCase(arguments: ["ask", "   "]),
        UsageCase(arguments: ["ask", ""]),
        UsageCase(arguments: ["--no-such-option"], mentions: "--no-such-option"),
        UsageCase(arguments: ["frobnicate"], mentions: "frobnicate"),
        UsageCase(arguments: ["read"]),
        UsageCase(arguments: ["ask", "--json", "--knowledge"], mentions: "--knowledge"),
        UsageCase(arguments: ["ask", "--jsn", "hi"], mentions: "--json"),
    ]

    @Test("usage errors exit 2 with 'confide:' and a Usage: line on stderr", arguments: usageCases)
    func usageError(_ usage: UsageCase) async throws {
        let confide = try ConfideProcess()
        defer { confide.remove() }
        let result = try await confide.run(usage.arguments, globals: false)
        #expect(result.status == 2, "\(result)")
        #expect(result.err.hasPrefix("confide:"), "stderr does not start with 'confide:':\n\(result)")
        #expect(result.errLines.contains { $0.hasPrefix("Usage:") }, "no 'Usage:' line on stderr:\n\(result)")
        #expect(result.out.isEmpty, "a usage error printed to stdout:\n\(result)")
        #expect(!result.looksLikeCrash, "\(result)")
        if let mentions = usage.mentions {
            #expect(result.err.contains(mentions), "stderr does not mention '\(mentions)':\n\(result)")
        }
    }

    @Test("a usage error with the global options given still exits 2 and touches nothing")
    func usageErrorWritesNothing() async throws {
        let confide = try ConfideProcess()
        defer { confide.remove() }
        let result = try await confide.run(["ask", "--jsn", "hi"])
        #expect(result.status == 2, "\(result)")
        #expect(!FileManager.default.fileExists(atPath: confide.dataDir.path), "a usage error created the data dir")
    }

    @Test("global options work before or after the command, with the same JSON")
    func globalOptionsAnywhere() async throws {
        let confide = try ConfideProcess()
        defer { confide.remove() }
        let question = "why do I take it personally when my partner says no"
        let knowledge = confide.knowledge.path
        let data = confide.dataDir.path
        // Run one first so both compared runs find the same, already built index.
        let warm = try await confide.run(["ask", "--json", question])
        #expect(warm.status == 0, "\(warm)")

        async let before = confide.run(["--knowledge", knowledge, "--data-dir", data, "ask", "--json", question], globals: false)
        async let after = confide.run(["ask", question, "--json", "--data-dir", data, "--knowledge", knowledge], globals: false)
        async let mixed = confide.run(["--data-dir=\(data)", "ask", "--json", question, "--knowledge=\(knowledge)"], globals: false)
        let results = try await [before, after, mixed]
        for result in results {
            #expect(result.status == 0, "\(result)")
            _ = try result.jsonObject()
        }
        #expect(results[0].sameAnswer(as: results[1]), "different JSON:\n\(results[0])\n\(results[1])")
        #expect(results[0].sameAnswer(as: results[2]), "different JSON:\n\(results[0])\n\(results[2])")
        #expect(results[0].sameAnswer(as: warm), "different JSON:\n\(results[0])\n\(warm)")
    }

    @Test("with --data-dir, nothing is written under HOME or the XDG folders")
    func dataDirKeepsHomeClean() async throws {
        let confide = try ConfideProcess()
        defer { confide.remove() }
        let result = try await confide.run(["ask", "--json", "why does a no hurt so much"])
        #expect(result.status == 0, "\(result)")
        let fm = FileManager.default
        for folder in [confide.home, confide.cacheHome, confide.dataHome] {
            let contents = (try? fm.contentsOfDirectory(atPath: folder.path)) ?? []
            #expect(contents.isEmpty, "\(folder.path) has \(contents)")
        }
        #expect(fm.fileExists(atPath: confide.dataDir.appendingPathComponent("index.sqlite3").path), "no index in --data-dir")
    }
}
