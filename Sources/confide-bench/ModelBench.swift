import CBLAS
import ConfideKit

#if canImport(Glibc)
import Glibc
#endif

/// The meaning model's costs, in the table "Meaning model": a question's vector in-process,
/// passages embedded per second into a real index on one processor and on all, loading the
/// model, and the whole `confide ask` process with and without it (time and peak memory).
/// Then the matrix products of one 20-token forward pass on OpenBLAS against a plain Swift
/// loop: the measurement behind using BLAS at all.
struct ModelBench {
    let shipped: String
    let confide: String
    let model: String
    let work: String
    let environment: [String]
    /// The bench's 20 fixed questions, for the whole-process rows.
    let questions: [String]

    /// Questions as people write them, by their length in model tokens ([CLS] and [SEP]
    /// included); each must be within one token of its length, or the bench stops.
    static let questionsByLength: [(tokens: Int, texts: [String])] = [
        (10, [
            "why does my partner keep rejecting my advances",
            "is it normal to feel unwanted after rejection",
            "how can i raise my low desire again",
        ]),
        (20, [
            "my wife says no almost every time i try to start sex and i feel so unwanted now",
            "how do i stop taking it personally when my husband is not in the mood for sex tonight",
            "we want sex at different times and i do not know how to talk to him about it",
        ]),
        (60, [
            "we have been together for almost nine years and lately my husband turns me down almost every time i reach for him. he says he is just tired from work, but i lie awake afterwards feeling ugly, lonely and unwanted. how do i talk to him about it without starting another big fight?",
            "my girlfriend used to want sex all the time, but since the baby she almost never does. when i try to start something she pulls away, and i end up feeling rejected and angry. is this normal, and what can we do so that we both feel close to each other again?",
            "i have a much higher sex drive than my partner and every single time i ask and she says no, i feel a sting of rejection that lasts for days afterwards. i know she really loves me, but how do i stop taking it so personally and stop quietly resenting her for it?",
        ]),
    ]

    /// What the targets are judged on.
    struct Results {
        var question20p50 = 0.0
        var passagesPerSecondAll = 0.0
        var peakKilobytesWithModel = 0
        var askExplainP50 = 0.0
        var askExplainMax = 0.0
    }

    struct Line {
        var label: String
        var ran: String
        var first: String
        var second: String
    }

    func run() throws {
        let loadStarted = Processes.now()
        let encoder: SentenceEncoder
        do { encoder = try SentenceEncoder(folder: model) } catch { Output.fail("meaning model: \(error.description)") }
        let firstLoad = Processes.now() - loadStarted
        var lines: [Line] = []
        var results = Results()
        let loadBefore = Self.loadAverage()
        print("meaning model: \(model) (\(encoder.identity)); load average \(loadBefore)")

        // 1. A question's vector, in-process: tokenizer, forward pass, pooling.
        for (target, texts) in Self.questionsByLength {
            let counts = texts.map { encoder.tokenizer.ids($0).count }
            for (text, count) in zip(texts, counts) where abs(count - target) > 1 {
                Output.fail("a \(target)-token question has \(count) tokens: \(text)")
            }
            for text in texts { for _ in 0..<10 { _ = encoder.vectors(forTokenized: [encoder.tokenizer.ids(text)]) } }
            var cpu: [Double] = []
            let times = (0..<300).map { run in
                let started = Self.threadCPUMilliseconds()
                defer { cpu.append(Self.threadCPUMilliseconds() - started) }
                return milliseconds { _ = encoder.vectors(forTokenized: [encoder.tokenizer.ids(texts[run % texts.count])]) }
            }
            if target == 20 { results.question20p50 = times.percentile(0.5) }
            lines.append(Line(
                label: "question, \(target) tokens",
                ran: "tokenize and encode in-process (`vectors(forTokenized:)`, past the encoder's memory of recent texts), 300 runs over \(texts.count) questions of \(counts.map(String.init).joined(separator: ", ")) tokens, after 30 warm-up runs; this thread's CPU time p50 \(format(cpu.percentile(0.5), 2)) ms",
                first: format(times.percentile(0.5), 2) + " ms", second: format(times.percentile(0.99), 2) + " ms (p99)"))
        }
        print("done: questions")

        // 2. Passages of about 80 tokens into a real index, by the VectorBuilder as `confide
        // index` runs it, on one thread and on every processor.
        let passages = try passageFolder(encoder)
        for threads in [1, 0] {
            let data = "\(work)/data-model-passages"
            for suffix in ["", "-wal", "-shm"] { FileSystem.remove("\(data)/index.sqlite3\(suffix)") }
            try FileSystem.makeDirectory(data, mode: 0o700)
            let index = try KnowledgeIndex(path: "\(data)/index.sqlite3", folder: KnowledgeFolder(path: passages))
            try index.refresh()
            let texts = try index.textsWithoutVectors(model: encoder.identity)
            let tokens = texts.map { encoder.tokenizer.ids($0.text).count }
            let cpuBefore = Self.processCPUSeconds()
            let progress = try VectorBuilder(index: index, encoder: encoder, batchSize: 32, threads: threads).run()
            let cpu = Self.processCPUSeconds() - cpuBefore
            guard progress.done == texts.count else { Output.fail("the vector builder embedded \(progress.done) of \(texts.count) texts") }
            if threads == 0 { results.passagesPerSecondAll = progress.perSecond }
            let processors = threads == 1 ? "one processor" : "\(sysconf(Int32(_SC_NPROCESSORS_ONLN))) processors"
            lines.append(Line(
                label: "passages, \(processors)",
                ran: "`VectorBuilder(threads: \(threads))` into a new index (wall time and this process's CPU time): \(progress.done) passages of \(tokens.min() ?? 0)–\(tokens.max() ?? 0) tokens (mean \(format(Double(tokens.reduce(0, +)) / Double(max(tokens.count, 1)), 1))), batches of 32, each committed",
                first: format(progress.perSecond, 1) + " /s", second: format(progress.seconds, 2) + " s, CPU " + format(cpu, 2) + " s"))
        }
        print("done: passages")

        // 3. Loading the model: the weights file mapped, the vocabulary read, query, key and
        // value copied side by side.
        // Then the first question on each fresh model, which touches every page of the mapped
        // weights (a new process pays this too).
        var loads: [Double] = [], firstQuestions: [Double] = []
        let question20 = Self.questionsByLength[1].texts[0]
        for _ in 0..<10 {
            var fresh: SentenceEncoder?
            loads.append(try milliseconds { fresh = try SentenceEncoder(folder: model) })
            firstQuestions.append(milliseconds { _ = fresh?.vector(for: question20) })
        }
        lines.append(Line(
            label: "model load",
            ran: "`SentenceEncoder(folder:)` in-process, 10 loads after the first (\(format(firstLoad, 1)) ms); the files are in the page cache",
            first: format(loads.percentile(0.5), 1) + " ms", second: format(loads.max() ?? 0, 1) + " ms (max)"))
        lines.append(Line(
            label: "first question on a fresh model",
            ran: "the first `vector(for:)` (20 tokens) after each of those loads: the forward pass plus the first touch of every mapped weight page",
            first: format(firstQuestions.percentile(0.5), 1) + " ms", second: format(firstQuestions.max() ?? 0, 1) + " ms (max)"))
        print("done: model load")

        // 4 and 5. The whole process on the shipped articles, its vectors filled first by
        // `confide index`: ask with the model (it loads the model, embeds the question, scores
        // every stored vector and fuses that with the words ranking), ask by words alone
        // (--model none), and ask --explain with the model.
        let data = "\(work)/data-model"
        for suffix in ["", "-wal", "-shm"] { FileSystem.remove("\(data)/index.sqlite3\(suffix)") }
        try FileSystem.makeDirectory(data, mode: 0o700)
        let base = [confide, "--knowledge", shipped, "--data-dir", data]
        let indexed = Processes.run(base + ["--model", model, "index"], environment: environment)
        guard indexed.status == 0 else { Output.fail("`confide index` failed (status \(indexed.status))") }
        let coverage = try KnowledgeIndex(path: "\(data)/index.sqlite3", folder: KnowledgeFolder(path: shipped)).vectorCoverage(model: encoder.identity)
        guard coverage.isComplete else { Output.fail("`confide index` left \(coverage.texts - coverage.embedded) of \(coverage.texts) texts without a vector") }
        let variants: [(label: String, arguments: [String], shown: String)] = [
            ("ask, model (meaning and words)", ["--private", "--model", model, "ask"], "--model .build/model ask Q"),
            ("ask, words alone", ["--private", "--model", "none", "ask"], "--model none ask Q"),
            ("ask --explain, model", ["--private", "--model", model, "ask", "--explain"], "--model .build/model ask --explain Q"),
        ]
        var times = Array(repeating: [Double](), count: variants.count)
        var peaks = Array(repeating: 0, count: variants.count)
        var failures = Array(repeating: 0, count: variants.count)
        for variant in variants { _ = Processes.measure(base + variant.arguments + [questions[0]], environment: environment) }
        for question in questions {
            for (number, variant) in variants.enumerated() {
                let run = Processes.measure(base + variant.arguments + [question], environment: environment)
                if run.status != 0 { failures[number] += 1 }
                times[number].append(run.milliseconds)
                peaks[number] = max(peaks[number], run.peakKilobytes)
            }
        }
        results.peakKilobytesWithModel = peaks[0]
        results.askExplainP50 = times[0].percentile(0.5)
        results.askExplainMax = times[0].max() ?? 0
        for (number, variant) in variants.enumerated() {
            let failed = failures[number] == 0 ? "" : "; **\(failures[number]) of \(questions.count) runs failed**"
            lines.append(Line(
                label: variant.label,
                ran: "whole process `confide --knowledge Knowledge --data-dir DIR --private \(variant.shown)`, the 20 fixed questions, \(coverage.texts) texts with vectors\(failed)",
                first: format(times[number].percentile(0.5), 1) + " ms", second: format(times[number].max() ?? 0, 1) + " ms (max)"))
        }
        for (number, variant) in variants.enumerated() {
            lines.append(Line(
                label: "peak RSS, \(variant.label)",
                ran: "the same runs: the largest peak resident memory of the 20 (wait4, from a small runner process)",
                first: format(Double(peaks[number]) / 1024, 1) + " MB", second: "-"))
        }
        // Where the model's part of that process goes, in-process on the same index: reading
        // every stored vector, and the first question of a fresh MeaningSearch (which reads
        // them, embeds the question and scores them all).
        let stored = try KnowledgeIndex(path: "\(data)/index.sqlite3", folder: KnowledgeFolder(path: shipped))
        let reads = try (0..<20).map { _ in try milliseconds { _ = try stored.passageVectors(model: encoder.identity) } }
        lines.append(Line(
            label: "stored vectors read",
            ran: "`KnowledgeIndex.passageVectors(model:)` in-process: all \(coverage.texts) vectors of the shipped articles, 20 runs",
            first: format(reads.percentile(0.5), 2) + " ms", second: format(reads.max() ?? 0, 2) + " ms (max)"))
        let searches = try questions.map { question in
            try milliseconds { _ = try MeaningSearch(index: stored, encoder: encoder).nearest(to: question, limit: 5) }
        }
        lines.append(Line(
            label: "meaning search, first question",
            ran: "a new `MeaningSearch(...).nearest(to: Q, limit: 5)` in-process for each of the 20 fixed questions: vectors read, question embedded, every vector scored",
            first: format(searches.percentile(0.5), 2) + " ms", second: format(searches.max() ?? 0, 2) + " ms (max)"))
        print("done: whole process")

        // 6. The safety check by meaning on a pasted essay: every piece (sentences, clauses,
        // windows; at most `maximumPieces`) embedded and compared with the whole bank. Its cost
        // is bounded by the pieces, not the length.
        if let bank = SafetyBank.load(from: KnowledgeFolder(path: shipped), encoder: encoder, cachePath: "\(work)/safety-bank.vectors") {
            let safety = MeaningSafety(bank: bank, encoder: encoder)
            let corpus = try Corpus(shippedKnowledge: shipped)
            var random = Corpus.Random(state: 7)
            for words in [20, 150, 800] {
                var text = ""
                while text.split(separator: " ").count < words { text += corpus.sentence(&random) + " " }
                let pieces = MeaningSafety.pieces(of: text, limit: safety.maximumPieces).count
                _ = safety.signal(for: text)
                let runs = (0..<10).map { _ in milliseconds { _ = safety.signal(for: text + " ") } }
                lines.append(Line(
                    label: "safety by meaning, \(words)-word message",
                    ran: "`MeaningSafety.signal(for:)` in-process: \(pieces) pieces embedded and compared with the \(bank.count) examples of the bank, 10 runs",
                    first: format(runs.percentile(0.5), 1) + " ms", second: format(runs.max() ?? 0, 1) + " ms (max)"))
            }
        }
        print("done: safety")

        print("")
        print("Meaning model (\(encoder.identity), release build; load average \(loadBefore) before, \(Self.loadAverage()) after)")
        print("")
        print("| measure | what ran | p50 / value | p99 / max |")
        print("| --- | --- | ---: | ---: |")
        for line in lines { print("| \(line.label) | \(line.ran) | \(line.first) | \(line.second) |") }

        print("")
        printMatrixProducts(tokens: 20)

        print("")
        print("Targets")
        print("")
        let targets: [(String, String, Bool)] = [
            ("20-token question ≤ 10 ms p50", format(results.question20p50, 2) + " ms", results.question20p50 <= 10),
            ("≥ 40 passages/s on \(sysconf(Int32(_SC_NPROCESSORS_ONLN))) processors", format(results.passagesPerSecondAll, 1) + " /s", results.passagesPerSecondAll >= 40),
            ("peak RSS < 150 MB (ask with the model)", format(Double(results.peakKilobytesWithModel) / 1024, 1) + " MB", results.peakKilobytesWithModel < 150 * 1024),
            ("whole-process ask with the model ≤ 60 ms (p50, shipped articles)",
             format(results.askExplainP50, 1) + " ms (max " + format(results.askExplainMax, 1) + " ms)", results.askExplainP50 <= 60),
        ]
        print("| target | measured | |")
        print("| --- | --- | --- |")
        for (target, measured, held) in targets { print("| \(target) | \(measured) | \(held ? "held" : "**not held**") |") }
    }

    /// This thread's processor time: what a measurement cost, without the time other
    /// processes held the processor (the machine is shared).
    static func threadCPUMilliseconds() -> Double {
        var value = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &value)
        return Double(value.tv_sec) * 1000 + Double(value.tv_nsec) / 1_000_000
    }

    /// This process's processor time, every thread's, user and system.
    static func processCPUSeconds() -> Double {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1_000_000
    }

    /// The 1-, 5- and 15-minute load averages, as /proc/loadavg gives them.
    static func loadAverage() -> String {
        guard let bytes = try? FileSystem.readBytes("/proc/loadavg") else { return "?" }
        return String(decoding: bytes, as: UTF8.self).split(separator: " ").prefix(3).joined(separator: " ")
    }

    // MARK: passages of about 80 tokens

    /// A knowledge folder of 256 passages of 74–86 tokens: runs of consecutive sentences of the
    /// shipped articles' paragraphs, in article order, spread over all of them.
    private func passageFolder(_ encoder: SentenceEncoder) throws -> String {
        let data = "\(work)/data-model-shipped"
        for suffix in ["", "-wal", "-shm"] { FileSystem.remove("\(data)/index.sqlite3\(suffix)") }
        try FileSystem.makeDirectory(data, mode: 0o700)
        let index = try KnowledgeIndex(path: "\(data)/index.sqlite3", folder: KnowledgeFolder(path: shipped))
        try index.refresh()
        var windows: [String] = []
        var seen = Set<String>()
        for article in try index.articles() {
            let sentences = try index.passages(ofArticle: article.slug).flatMap { Self.sentences($0.body) }
            for start in sentences.indices {
                var text = ""
                var end = start
                var count = 0
                while end < sentences.count, count < 74 {
                    text += (text.isEmpty ? "" : " ") + sentences[end]
                    count = encoder.tokenizer.ids(text).count
                    end += 1
                }
                if (74...86).contains(count), seen.insert(text).inserted { windows.append(text) }
            }
        }
        let wanted = 256
        guard windows.count >= wanted else { Output.fail("only \(windows.count) runs of 74–86 tokens in the shipped articles") }
        let chosen = (0..<wanted).map { windows[$0 * windows.count / wanted] }
        let folder = "\(work)/knowledge-model-passages"
        try FileSystem.makeDirectory(folder, mode: 0o755)
        for file in 0..<(wanted / 32) {
            var out = "---\ntitle: Passages \(file)\nslug: passages-\(file)\n---\n"
            for text in chosen[(file * 32)..<(file * 32 + 32)] { out += "\n" + text + "\n" }
            try FileSystem.write(Array(out.utf8), to: FileSystem.join(folder, "passages-\(file).md"), mode: 0o644, replace: true)
        }
        return folder
    }

    /// A paragraph's sentences: split after ., ? or ! (and a closing quote) before a space.
    static func sentences(_ paragraph: String) -> [String] {
        var result: [String] = []
        var current: [Substring] = []
        for word in paragraph.split(separator: " ") {
            current.append(word)
            let trimmed = word.reversed().drop(while: { "\"”’)".contains($0) })
            if let last = trimmed.first, ".?!".contains(last) {
                result.append(current.joined(separator: " "))
                current = []
            }
        }
        if !current.isEmpty { result.append(current.joined(separator: " ")) }
        return result
    }

    // MARK: the matrix products, BLAS against a Swift loop

    /// The four products of each of the 6 layers for `tokens` tokens, with weights as large as
    /// the model's (so they do not sit in the cache either): OpenBLAS `cblas_sgemm` with the
    /// weights (out, in) as the encoder keeps them, against a Swift loop over (in, out) weights
    /// whose inner loop runs over the outputs (the order the compiler vectorises). One thread.
    func printMatrixProducts(tokens T: Int) {
        openblas_set_num_threads(1)
        let shapes = [(384, 1152), (384, 384), (384, 1536), (1536, 384)]
        let layers = 6
        var random = Corpus.Random(state: 11)
        func fill(_ count: Int) -> UnsafeMutablePointer<Float> {
            let pointer = UnsafeMutablePointer<Float>.allocate(capacity: count)
            for i in 0..<count { pointer[i] = Float(Int(random.below(2001)) - 1000) / 20_000 }
            return pointer
        }
        // Per layer and shape: weights (out, in) for BLAS, the same transposed (in, out) for the loop.
        var outIn: [[UnsafeMutablePointer<Float>]] = []
        var inOut: [[UnsafeMutablePointer<Float>]] = []
        var biases: [[UnsafeMutablePointer<Float>]] = []
        for _ in 0..<layers {
            var a: [UnsafeMutablePointer<Float>] = [], b: [UnsafeMutablePointer<Float>] = [], c: [UnsafeMutablePointer<Float>] = []
            for (inputs, outputs) in shapes {
                let weight = fill(inputs * outputs)
                let transposed = UnsafeMutablePointer<Float>.allocate(capacity: inputs * outputs)
                for o in 0..<outputs { for i in 0..<inputs { transposed[i * outputs + o] = weight[o * inputs + i] } }
                a.append(weight); b.append(transposed); c.append(fill(outputs))
            }
            outIn.append(a); inOut.append(b); biases.append(c)
        }
        let inputs = shapes.map { fill(T * $0.0) }
        let blasOut = shapes.map { UnsafeMutablePointer<Float>.allocate(capacity: T * $0.1) }
        let loopOut = shapes.map { UnsafeMutablePointer<Float>.allocate(capacity: T * $0.1) }
        defer { (outIn.flatMap { $0 } + inOut.flatMap { $0 } + biases.flatMap { $0 } + inputs + blasOut + loopOut).forEach { $0.deallocate() } }

        func blas(_ layer: Int, _ shape: Int) {
            let (IC, OC) = shapes[shape]
            let out = blasOut[shape], bias = biases[layer][shape]
            for t in 0..<T { (out + t * OC).update(from: bias, count: OC) }
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(T), Int32(OC), Int32(IC), 1, inputs[shape], Int32(IC), outIn[layer][shape], Int32(IC), 1, out, Int32(OC))
        }
        func loop(_ layer: Int, _ shape: Int) {
            let (IC, OC) = shapes[shape]
            Self.loopProduct(loopOut[shape], inputs[shape], inOut[layer][shape], biases[layer][shape], rows: T, inputs: IC, outputs: OC)
        }
        // The same answers, to float rounding.
        var difference: Float = 0
        for shape in shapes.indices {
            blas(0, shape); loop(0, shape)
            for i in 0..<(T * shapes[shape].1) { difference = max(difference, abs(blasOut[shape][i] - loopOut[shape][i])) }
        }

        let passes = 60
        var blasShape = Array(repeating: [Double](), count: shapes.count), loopShape = blasShape
        var blasPass: [Double] = [], loopPass: [Double] = []
        for pass in 0..<(passes + 3) {
            var blasTimes = Array(repeating: 0.0, count: shapes.count), loopTimes = blasTimes
            for layer in 0..<layers {
                for shape in shapes.indices {
                    blasTimes[shape] += milliseconds { blas(layer, shape) }
                    loopTimes[shape] += milliseconds { loop(layer, shape) }
                }
            }
            guard pass >= 3 else { continue }
            for shape in shapes.indices { blasShape[shape].append(blasTimes[shape]); loopShape[shape].append(loopTimes[shape]) }
            blasPass.append(blasTimes.reduce(0, +)); loopPass.append(loopTimes.reduce(0, +))
        }
        let core = openblas_get_corename().map { String(cString: $0) } ?? "?"
        print("Matrix products of one \(T)-token forward pass, one thread (\(layers) layers, p50 of \(passes) passes; OpenBLAS core \(core); largest difference \(difference))")
        print("")
        print("| product, \(layers) layers | cblas_sgemm ms | Swift loop ms | loop / BLAS |")
        print("| --- | ---: | ---: | ---: |")
        for (shape, (IC, OC)) in shapes.enumerated() {
            let b = blasShape[shape].percentile(0.5), l = loopShape[shape].percentile(0.5)
            print("| (\(T),\(IC))×(\(IC),\(OC)) | \(format(b, 3)) | \(format(l, 3)) | \(ratio(l, b)) |")
        }
        let b = blasPass.percentile(0.5), l = loopPass.percentile(0.5)
        print("| all 24 | \(format(b, 3)) | \(format(l, 3)) | \(ratio(l, b)) |")
    }

    /// out (T, OC) = bias + inp (T, IC) · weight (IC, OC): the inner loop runs over the outputs
    /// of one row, contiguous in both `out` and `weight`, with no bounds or overflow checks.
    @inline(never)
    static func loopProduct(_ out: UnsafeMutablePointer<Float>, _ inp: UnsafePointer<Float>, _ weight: UnsafePointer<Float>, _ bias: UnsafePointer<Float>, rows T: Int, inputs IC: Int, outputs OC: Int) {
        var t = 0
        while t < T {
            let o = out + t &* OC
            let x = inp + t &* IC
            o.update(from: bias, count: OC)
            var i = 0
            while i < IC {
                let a = x[i]
                let w = weight + i &* OC
                var j = 0
                while j < OC {
                    o[j] += a * w[j]
                    j &+= 1
                }
                i &+= 1
            }
            t &+= 1
        }
    }
}
