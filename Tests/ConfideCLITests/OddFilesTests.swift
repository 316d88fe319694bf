import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Odd files in the knowledge folder: a FIFO, a socket, a device, a link to one, a folder with
/// an article's name, a file over the size limit, as an article or in place of `lexicon.txt`,
/// `safety.txt` or `safety-bank.tsv`. None may hang or abort a command: each is named
/// (`file: why`) and everything else loads.
@Suite("confide: odd files in the knowledge folder are named and skipped")
struct OddFilesTests {
    enum Kind: String, CaseIterable, CustomStringConvertible {
        case fifo, socket, linkToDevice, linkToFIFO, device, folder, oversize
        var description: String { rawValue }
    }

    /// Makes an odd file of `kind` at `url`; false when this machine cannot (a device node
    /// needs root).
    static func make(_ kind: Kind, at url: URL, scratch: URL) throws -> Bool {
        switch kind {
        case .fifo:
            guard mkfifo(url.path, 0o644) == 0 else { throw POSIXError(.EIO) }
        case .socket:
            let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_un()
            address.sun_family = sa_family_t(AF_UNIX)
            let path = Array(url.path.utf8CString)
            guard path.count <= MemoryLayout.size(ofValue: address.sun_path) else { return false }
            withUnsafeMutableBytes(of: &address.sun_path) { raw in
                path.withUnsafeBytes { raw.copyMemory(from: $0) }
            }
            let bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
            }
            close(fd)
            guard bound == 0 else { throw POSIXError(.EIO) }
        case .linkToDevice:
            try FileManager.default.createSymbolicLink(atPath: url.path, withDestinationPath: "/dev/zero")
        case .linkToFIFO:
            let target = scratch.appendingPathComponent("fifo-\(UUID().uuidString)")
            guard mkfifo(target.path, 0o644) == 0 else { throw POSIXError(.EIO) }
            try FileManager.default.createSymbolicLink(atPath: url.path, withDestinationPath: target.path)
        case .device:
            // /dev/zero's numbers (1, 5); only root may make a node.
            guard getuid() == 0, mknod(url.path, S_IFCHR | 0o644, makedev(1, 5)) == 0 else { return false }
        case .folder:
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: false)
        case .oversize:
            // Sparse: the size is what is checked, before any read.
            FileManager.default.createFile(atPath: url.path, contents: Data("---\ntitle: Big\nslug: big\n---\n\nwords".utf8))
            guard truncate(url.path, 5 * 1024 * 1024) == 0 else { throw POSIXError(.EIO) }
        }
        return true
    }

    static func makedev(_ major: UInt32, _ minor: UInt32) -> dev_t { dev_t(major << 8 | minor) }

    static let places = ["odd.md", "lexicon.txt", "safety.txt", "safety-bank.tsv"]

    static func expectNamedAndAnswered(_ result: ConfideResult, _ name: String, answers: Bool, sourceLocation: SourceLocation = #_sourceLocation) {
        // A hang guard, not a timing: the runs are given 60 s (a debug build on a busy CI
        // machine took over 20), and a blocked read never ends.
        #expect(!result.timedOut, "hung\n\(result)", sourceLocation: sourceLocation)
        #expect(!result.looksLikeCrash, "\(result)", sourceLocation: sourceLocation)
        #expect((result.out + result.err).contains("\(name):1: cannot be read: "), "the odd file is not named with why\n\(result)", sourceLocation: sourceLocation)
        if answers { #expect(result.status == 0, "\(result)", sourceLocation: sourceLocation) }
    }

    @Test("every odd kind of file, in every place, is named and skipped by every command", arguments: Kind.allCases)
    func oddFileIsNamed(kind: Kind) async throws {
        for place in Self.places {
            let sandbox = try ConfideProcess()
            defer { sandbox.remove() }
            let knowledge = try sandbox.copyOfKnowledge()
            let confide = sandbox.with(knowledge: knowledge)
            let target = knowledge.appendingPathComponent(place)
            try? FileManager.default.removeItem(at: target)
            guard try Self.make(kind, at: target, scratch: sandbox.root) else { continue }
            let timeout = Duration.seconds(60)

            let ask = try await confide.run(["ask", "why does my partner keep saying no"], timeout: timeout)
            Self.expectNamedAndAnswered(ask, place, answers: true)
            #expect(ask.out.contains(".md:"), "no answer beside the odd file\n\(ask)")

            let check = try await confide.run(["index", "--check"], timeout: timeout)
            Self.expectNamedAndAnswered(check, place, answers: false)
            #expect(check.status == 1, "index --check does not count the odd file as an error\n\(check)")

            if place == "odd.md" {
                for command in [["index"], ["articles"], ["read", "different-desires"]] {
                    let result = try await confide.run(command, timeout: timeout)
                    Self.expectNamedAndAnswered(result, place, answers: true)
                }
            }
            // With the meaning model, the safety bank is read too: the odd file is left out and
            // the bank's other files serve (embedded here, so once, for the likeliest to hang).
            if place == "safety-bank.tsv", kind == .fifo, let model = ProcessInfo.processInfo.environment["CONFIDE_MODEL"], !model.isEmpty, model != "none" {
                let meaning = try await confide.run(["ask", "why does my partner keep saying no"], environment: ["CONFIDE_MODEL": model], timeout: .seconds(120))
                #expect(!meaning.timedOut && meaning.status == 0, "\(meaning)")
            }
        }
    }

    @Test("the shipped knowledge files are all well under the size limit")
    func shippedFilesFitTheLimit() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: ConfideProcess.repositoryKnowledge.path)
        for name in names {
            let size = try FileManager.default.attributesOfItem(atPath: ConfideProcess.repositoryKnowledge.appendingPathComponent(name).path)[.size] as? Int ?? 0
            // At most half of confide's limit on a knowledge file (4 MB, SafeFiles): a practice
            // has room to add to any of them. The safety bank grows by files of its own.
            #expect(size < 2 * 1024 * 1024, "\(name) is \(size) bytes")
        }
    }
}
