import ConfideKit

#if canImport(Glibc)
import Glibc
#endif

/// `make bench`: speed, memory and scale of confide against the sqlite3 shell on the same index,
/// then the meaning model's costs (`ModelBench`), in one run. Not a test: it prints figures.

// `confide-bench --measure PROGRAM ARGS...`: run one program and print "ms peak-kB status".
if CommandLine.arguments.count > 2, CommandLine.arguments[1] == "--measure" {
    let environment = Program.environment()
    let measured = Processes.run(Array(CommandLine.arguments.dropFirst(2)), environment: environment)
    print("\(measured.milliseconds) \(measured.peakKilobytes) \(measured.status)")
    exit(0)
}

let repository = FileSystem.absolute(".")
let shipped = FileSystem.join(repository, "Knowledge")
let confide = FileSystem.join(repository, ".build/release/confide")
let sqlite3 = ["/usr/bin/sqlite3", "/usr/local/bin/sqlite3"].first(where: FileSystem.exists) ?? "sqlite3"
let work = "/tmp/confide-bench"
// `confide-bench [SIZE...]`: the shipped articles and these sizes, then the meaning model;
// `confide-bench model`: the meaning model only.
let chosenSizes = CommandLine.arguments.dropFirst().compactMap { Int($0) }
let sizes = chosenSizes.isEmpty ? [10, 1_000, 10_000] : chosenSizes
let modelOnly = CommandLine.arguments.dropFirst().contains("model")
let environment = ["PATH=/usr/bin:/bin", "HOME=\(work)/home", "NO_COLOR=1"]

let questions = [
    "why do I take it personally when my partner says no", "he keeps turning me down and i feel unwanted",
    "what is responsive desire", "how often should couples have sex", "is scheduling sex unromantic",
    "am i bad in bed", "why do i get anxious during sex", "what happens in the first couples therapy session",
    "do virtual sessions work", "my partner never initiates", "how do i say no without hurting them",
    "should i stop initiating", "feel unwantd", "rejection", "sensate focus", "i feel like im too much",
    "my wife takes every no personally how can i help", "is it normal to cry after being turned down",
    "what can i do to want sex more", "will the therapist take sides",
]

func milliseconds(_ body: () throws -> Void) rethrows -> Double {
    let started = Processes.now()
    try body()
    return Processes.now() - started
}

func format(_ value: Double, _ digits: Int = 1) -> String {
    if digits == 0 { return String(Int(value.rounded())) }
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let rounded = (value * scale).rounded() / scale
    var text = String(rounded)
    if let dot = text.firstIndex(of: ".") {
        let decimals = text.distance(from: dot, to: text.endIndex) - 1
        if decimals < digits { text += String(repeating: "0", count: digits - decimals) }
    }
    return text
}

func ratio(_ mine: Double, _ floor: Double) -> String { floor > 0 ? format(mine / floor, 2) + "\u{00D7}" : "-" }

struct Row {
    var label: String
    var cells: [String]
}

guard FileSystem.exists(confide) else {
    Output.fail("no release build at \(confide); run `make bench`, which builds it")
}
try FileSystem.makeDirectory(work + "/home", mode: 0o700)
let corpus = try Corpus(shippedKnowledge: shipped)
var rows: [Row] = []

for size in modelOnly ? [] : [0] + sizes {
    let label = size == 0 ? "shipped (5)" : String(size)
    let knowledge = size == 0 ? shipped : "\(work)/knowledge-\(size)"
    if size > 0 && !FileSystem.exists(FileSystem.join(knowledge, "article-\(size - 1).md")) {
        print("generating \(size) articles ...")
        try corpus.write(count: size, to: knowledge)
    }
    let data = "\(work)/data-\(size)"
    for suffix in ["", "-wal", "-shm"] { FileSystem.remove("\(data)/index.sqlite3\(suffix)") }
    try FileSystem.makeDirectory(data, mode: 0o700)
    let indexPath = "\(data)/index.sqlite3"
    let folder = KnowledgeFolder(path: knowledge)

    // Index build from scratch, in-process.
    var passages = 0
    let build = try milliseconds {
        let index = try KnowledgeIndex(path: indexPath, folder: folder)
        try index.refresh()
        passages = try index.passageCount
    }
    let indexBytes = FileSystem.status(indexPath)?.size ?? 0

    // Start-up with nothing changed (one stat a file), and after one file changed.
    let index = try KnowledgeIndex(path: indexPath, folder: folder)
    let unchanged = try (0..<5).map { _ in try milliseconds { _ = try index.refresh() } }.percentile(0.5)
    var changed = 0.0
    if size > 0 {
        let file = FileSystem.join(knowledge, "article-0.md")
        let original = try FileSystem.readBytes(file)
        try FileSystem.write(original + Array("\nOne more paragraph, changed for the benchmark.\n".utf8), to: file, replace: true)
        changed = try milliseconds { _ = try index.refresh() }
        try FileSystem.write(original, to: file, replace: true)
        _ = try index.refresh()
    }

    // In-process latency: retrieval and excerpts, 1,000 questions (the fixed 20 and 980 made
    // of the corpus's own sentences).
    let companion = Companion(index: index)
    var random = Corpus.Random(state: 7)
    let inProcessQuestions = (0..<1000).map { number in number < questions.count ? questions[number] : corpus.sentence(&random) }
    let latencies = try inProcessQuestions.map { question in try milliseconds { _ = try companion.answer(question) } }

    // Whole-process: confide ask, release build, and the sqlite3 shell running the same FTS5
    // expression on the same index file.
    var confideTimes: [Double] = [], floorTimes: [Double] = [], peak = 0, floorPeak = 0
    for question in questions {
        let run = Processes.measure([confide, "--knowledge", knowledge, "--data-dir", data, "--private", "ask", question], environment: environment)
        confideTimes.append(run.milliseconds)
        peak = max(peak, run.peakKilobytes)
        // The expression confide searches first (its rarest words), as the sqlite3 shell's query.
        let (plan, frequencies) = try companion.plan(for: question)
        let pattern = companion.searchPatterns(for: plan, frequencies: frequencies, passageCount: try index.passageCount).first?.rawPattern ?? "\"\""
        let sql = """
            SELECT p.file, p.line, p.body FROM passage_text JOIN passages p ON p.id = passage_text.rowid \
            WHERE passage_text MATCH '\(pattern.replacingOccurrences("'", "''"))' ORDER BY rank LIMIT 3;
            """
        let floor = Processes.measure([sqlite3, indexPath, sql], environment: environment)
        floorTimes.append(floor.milliseconds)
        floorPeak = max(floorPeak, floor.peakKilobytes)
    }

    rows.append(Row(label: label, cells: [
        String(passages), format(build / 1000, 2), format(Double(passages) / max(build / 1000, 0.0001), 0), format(Double(indexBytes) / 1_048_576, 1),
        format(unchanged, 2), size > 0 ? format(changed, 1) : "-",
        format(confideTimes.percentile(0.5)), format(confideTimes.max() ?? 0), format(floorTimes.percentile(0.5)), format(floorTimes.max() ?? 0),
        ratio(confideTimes.percentile(0.5), floorTimes.percentile(0.5)),
        format(Double(peak) / 1024, 1), format(Double(floorPeak) / 1024, 1),
        format(latencies.percentile(0.5), 2), format(latencies.percentile(0.99), 2),
    ]))
    print("done: \(label)")
}

if !rows.isEmpty {
    let header = ["articles", "passages", "build s", "passages/s", "index MB", "unchanged ms", "one changed ms",
                  "ask p50 ms", "ask max ms", "sqlite3 p50 ms", "sqlite3 max ms", "ask/sqlite3", "ask RSS MB", "sqlite3 RSS MB",
                  "in-process p50 ms", "in-process p99 ms"]
    print("")
    print("| " + header.joined(separator: " | ") + " |")
    print("|" + header.map { _ in " ---: |" }.joined())
    for row in rows { print("| " + ([row.label] + row.cells).joined(separator: " | ") + " |") }
}

// The meaning model: make bench passes CONFIDE_MODEL; otherwise the build folder's.
let model = FileSystem.environment("CONFIDE_MODEL") ?? FileSystem.join(repository, ".build/model")
if FileSystem.isDirectory(model) {
    print("")
    try ModelBench(shipped: shipped, confide: confide, model: model, work: work, environment: environment, questions: questions).run()
} else if modelOnly {
    Output.fail("no meaning model at \(model); `make model` fetches it")
} else {
    print("")
    print("Meaning model: not measured, no model at \(model) (`make model` fetches it).")
}

enum Output {
    static func fail(_ message: String) -> Never {
        print("confide-bench: \(message)")
        exit(1)
    }
}

extension String {
    func replacingOccurrences(_ target: String, _ replacement: String) -> String {
        split(separator: Character(target), omittingEmptySubsequences: false).joined(separator: replacement)
    }
}

enum Program {
    static func environment() -> [String] {
        var result: [String] = []
        var pointer = environ
        while let entry = pointer.pointee {
            result.append(String(cString: entry))
            pointer += 1
        }
        return result
    }
}
