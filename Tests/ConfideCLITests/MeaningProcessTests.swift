import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The meaning model seen from outside: `confide index` fills a vector for every text of the
/// index, resumes after `kill -9`, never embeds an unchanged text again and drops stale
/// vectors; without the model, or with a damaged one, every command still answers by words,
/// with one line that says so. The real binary, the real model, real folders and the real
/// `sqlite3` shell (which the set-up installs) to look inside the index.
@Suite("confide: the meaning model across processes", .enabled(if: RealModel.shouldRun, RealModel.skipReason))
struct MeaningProcessTests {
    // MARK: 1. index fills a vector for every text

    @Test("index with the model gives every text of the index a vector, and says N of N")
    func indexFillsEveryVector() async throws {
        let sandbox = try ConfideProcess()
        defer { sandbox.remove() }
        let knowledge = try SmallKnowledge.write(in: sandbox)
        let confide = sandbox.with(knowledge: knowledge)

        let result = try await confide.run(["index"], environment: RealModel.environment)
        #expect(result.status == 0, "\(result)")
        #expect(result.err.isEmpty, "stderr is not a terminal, so no progress belongs there:\n\(result)")
        let summary = try #require(MeaningSummary(result.out), "no 'Meaning: N of N texts have vectors' line:\n\(result)")
        let expected = SmallKnowledge.articles.reduce(0) { $0 + $1.textCount }
        #expect(summary.texts == expected, "the index holds \(summary.texts) texts; the articles have \(expected) (bodies, FAQ questions, asks)\n\(result)")
        #expect(summary.embedded == summary.texts, "\(result)")
        #expect(summary.embeddedNow == summary.texts, "a fresh index embeds every text now\n\(result)")
        #expect(summary.model == RealModel.folder, "\(result)")

        let database = confide.indexFile
        let texts = try await SQLite.integer(database, "SELECT count(DISTINCT hash) FROM passage_texts")
        let vectors = try await SQLite.integer(database, "SELECT count(*) FROM vectors")
        #expect(texts == expected, "passage_texts names \(texts) distinct texts, not \(expected)")
        #expect(vectors == texts, "\(vectors) vectors for \(texts) texts")
        #expect(try await SQLite.integer(database, SQLite.textsWithoutVector) == 0, "some text of the index has no vector")
        #expect(try await SQLite.integer(database, "SELECT count(DISTINCT model) FROM vectors") == 1)
        // all-MiniLM-L6-v2: 384 float32 values.
        #expect(try await SQLite.text(database, "SELECT group_concat(DISTINCT length(vector)) FROM vectors") == "1536")
    }

    // MARK: 2. kill -9 in the middle of embedding, then resume

    @Test("kill -9 while embedding keeps the committed batches; the next run embeds only the rest")
    func resumeAfterKill() async throws {
        let sandbox = try ConfideProcess()
        defer { sandbox.remove() }
        // The shipped articles: about 950 texts, several seconds of embedding in a debug build.
        let confide = sandbox.with(knowledge: try sandbox.copyOfKnowledge())
        let database = confide.indexFile

        // The race is run by a shell, not by this test's tasks: under a busy test run the
        // cooperative threads can be held by other tests for longer than the whole embedding,
        // and a poll from here then never sees a batch before index is done.
        let script = """
            "$0" --knowledge "$1" --data-dir "$2" index >/dev/null 2>&1 &
            pid=$!
            seen=0
            while kill -0 "$pid" 2>/dev/null; do
              if [ -f "$2/index.sqlite3" ]; then
                seen=$(\(SQLite.shell) -readonly "$2/index.sqlite3" "SELECT count(*) FROM vectors" 2>/dev/null || echo 0)
                [ "${seen:-0}" -gt 0 ] 2>/dev/null && break
              fi
              sleep 0.01
            done
            kill -9 "$pid" 2>/dev/null
            wait "$pid"
            echo "seen=$seen status=$?"
            """
        let race = try await confide.shell(script, [confide.knowledge.path, confide.dataDir.path], environment: RealModel.environment, timeout: .seconds(180))
        let report = race.out.trimmingCharacters(in: .whitespacesAndNewlines)
        let seen = Int(report.split(separator: " ").first?.split(separator: "=").last ?? "") ?? 0
        try #require(seen > 0, "no committed vector was seen while index ran: \(report)\n\(race)")
        try #require(report.hasSuffix("status=137"), "index ended before the kill (a machine too fast for this test?): \(report)")

        let survived = try await SQLite.integer(database, "SELECT count(*) FROM vectors")
        let total = try await SQLite.integer(database, "SELECT count(DISTINCT hash) FROM passage_texts")
        #expect(total > 500, "the lexical index holds only \(total) texts")
        #expect(survived >= seen, "\(seen) vectors were committed before the kill, \(survived) are left after it")
        #expect(survived > 0 && survived < total, "\(survived) of \(total) vectors after kill -9")
        #expect(try await SQLite.text(database, "PRAGMA integrity_check") == "ok")

        let second = try await confide.run(["index"], environment: RealModel.environment, timeout: .seconds(240))
        #expect(second.status == 0, "\(second)")
        #expect(!second.looksLikeCrash && second.err.isEmpty, "\(second)")
        #expect(second.out.hasPrefix("Up to date:"), "the lexical index, committed before embedding, was built again:\n\(second)")
        let resumed = try #require(MeaningSummary(second.out), "\(second)")
        #expect(resumed.texts == total && resumed.embedded == total, "\(second)")
        #expect(resumed.embeddedNow == total - survived, "\(survived) vectors survived of \(total), yet the second run embedded \(resumed.embeddedNow)\n\(second)")
        #expect(try await SQLite.integer(database, "SELECT count(*) FROM vectors") == total)
        #expect(try await SQLite.integer(database, SQLite.textsWithoutVector) == 0)

        let third = try await confide.run(["index"], environment: RealModel.environment)
        #expect(third.status == 0 && third.err.isEmpty, "\(third)")
        let again = try #require(MeaningSummary(third.out), "\(third)")
        #expect(again.embeddedNow == 0 && again.embedded == total && again.texts == total, "\(third)")
    }

    // MARK: 3. unchanged texts keep their vectors; stale ones go

    @Test("after an edit only the changed text is embedded; a removed article's vectors are removed")
    func onlyChangedTextsAreEmbedded() async throws {
        let sandbox = try ConfideProcess()
        defer { sandbox.remove() }
        let knowledge = try SmallKnowledge.write(in: sandbox)
        let confide = sandbox.with(knowledge: knowledge)
        let database = confide.indexFile
        let total = SmallKnowledge.articles.reduce(0) { $0 + $1.textCount }

        let first = try await confide.run(["index"], environment: RealModel.environment)
        #expect(first.status == 0, "\(first)")
        #expect(MeaningSummary(first.out)?.embeddedNow == total, "\(first)")

        // One paragraph (with no asks) of one article changes.
        var edited = SmallKnowledge.articles[0]
        edited.intro[0].text = "If you are the one who usually reaches first, a quiet evening can start to feel like a test you keep failing, and that is tiring."
        try edited.write(to: knowledge)
        let second = try await confide.run(["index"], environment: RealModel.environment)
        #expect(second.status == 0 && second.err.isEmpty, "\(second)")
        #expect(second.out.contains("updated  \(edited.slug).md"), "\(second)")
        let afterEdit = try #require(MeaningSummary(second.out), "\(second)")
        #expect(afterEdit.embeddedNow == 1, "one paragraph changed, \(afterEdit.embeddedNow) texts were embedded again\n\(second)")
        #expect(afterEdit.texts == total && afterEdit.embedded == total, "\(second)")
        // The old paragraph's vector is gone with it.
        #expect(try await SQLite.integer(database, "SELECT count(*) FROM vectors") == total)
        #expect(try await SQLite.integer(database, SQLite.textsWithoutVector) == 0)

        let removed = SmallKnowledge.articles[2]
        try FileManager.default.removeItem(at: knowledge.appendingPathComponent(removed.slug + ".md"))
        let third = try await confide.run(["index"], environment: RealModel.environment)
        #expect(third.status == 0 && third.err.isEmpty, "\(third)")
        #expect(third.out.contains("removed  \(removed.slug).md"), "\(third)")
        let afterRemoval = try #require(MeaningSummary(third.out), "\(third)")
        let left = total - removed.textCount
        #expect(afterRemoval.embeddedNow == 0 && afterRemoval.texts == left && afterRemoval.embedded == left, "\(third)")
        let texts = try await SQLite.integer(database, "SELECT count(DISTINCT hash) FROM passage_texts")
        let vectors = try await SQLite.integer(database, "SELECT count(*) FROM vectors")
        #expect(texts == left, "\(texts) texts in the index after removing \(removed.slug).md, expected \(left)")
        #expect(vectors == texts, "\(vectors) vectors for \(texts) texts: the removed article's vectors were kept")
    }

    // MARK: 4. no model: words only, one line that says so

    @Test("without the model, index and ask work by words, one line says how to get it, one warning for a bad --model")
    func withoutModel() async throws {
        let sandbox = try ConfideProcess()
        defer { sandbox.remove() }
        let knowledge = try SmallKnowledge.write(in: sandbox)
        let confide = sandbox.with(knowledge: knowledge)
        let empty = sandbox.path("empty-model")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        let noModel: [String: String?] = ["CONFIDE_MODEL": empty.path]

        // index: exit 0, the words index as before, one line on getting the model, one warning.
        for (arguments, environment, named) in [(["--model", "/nonexistent", "index"], [String: String?](), "/nonexistent"), (["index"], noModel, empty.path)] {
            let index = try await confide.run(arguments, environment: environment)
            #expect(index.status == 0, "\(index)")
            #expect(index.out.contains("Updated: 3 articles") || index.out.contains("Up to date: 3 articles"), "\(index)")
            #expect(MeaningSummary(index.out) == nil, "\(index)")
            let lines = index.out.split(separator: "\n").filter { $0.contains("make model") }
            #expect(lines.count == 1 && lines[0].hasPrefix("Meaning: ") && lines[0].contains(named) && lines[0].contains("--model DIR / CONFIDE_MODEL"),
                    "not one line on getting the model:\n\(index)")
            #expect(index.errLines.count == 1 && index.errLines[0].hasPrefix("confide: warning: ") && index.errLines[0].contains(named), "\(index)")
        }
        #expect(try await SQLite.integer(confide.indexFile, "SELECT count(*) FROM vectors") == 0)
        // Off by choice (the sandbox's own CONFIDE_MODEL=none): the line says so, and no warning.
        let off = try await confide.run(["index"])
        #expect(off.status == 0 && off.err.isEmpty, "\(off)")
        #expect(off.out.split(separator: "\n").filter { $0.hasPrefix("Meaning: ") && $0.contains("--model none") }.count == 1, "\(off)")

        // ask: the same cited answer by words, by either way of naming a missing model.
        let question = SmallKnowledge.faqQuestion
        let byOption = try await confide.run(["--model", "/nonexistent", "ask", "--json", question])
        let byVariable = try await confide.run(["ask", "--json", question], environment: noModel)
        for result in [byOption, byVariable] {
            #expect(result.status == 0 && !result.looksLikeCrash, "\(result)")
            #expect(result.errLines.count <= 1, "\(result)")
            #expect(!result.err.contains(SmallKnowledge.faqMarker), "the question reached stderr:\n\(result)")
            let citations = try #require(try result.jsonObject()["citations"] as? [[String: Any]], "\(result)")
            let first = try #require(citations.first, "no citation without the model:\n\(result)")
            #expect(first["slug"] as? String == SmallKnowledge.faqSlug, "\(result)")
            #expect(first["source"] as? String == SmallKnowledge.faqAnswerSource, "\(result)")
            let excerpt = try #require(first["excerpt"] as? String, "\(result)")
            #expect(!excerpt.isEmpty && SmallKnowledge.faqAnswer.contains(excerpt), "the excerpt is not quoted from the answer: \(excerpt)")
        }
        #expect(byOption.sameAnswer(as: byVariable), "\(byOption)\n\(byVariable)")

        // A question three passages answer: the same three, quoted from their files, either way;
        // and, as `ask` ranks by words today whether or not the model is there, the same as with
        // it. (When meaning joins the ranking, compare with `--model none` instead.)
        let broad = "how do I talk to my partner about wanting sex more"
        let broadByOption = try await confide.run(["--model", "/nonexistent", "ask", "--json", broad])
        let broadByVariable = try await confide.run(["ask", "--json", broad], environment: noModel)
        let broadWithModel = try await confide.run(["ask", "--json", broad], environment: RealModel.environment)
        let cited = try #require(try broadByOption.jsonObject()["citations"] as? [[String: Any]], "\(broadByOption)")
        #expect(cited.count >= 2, "\(broadByOption)")
        for citation in cited {
            let source = try #require(citation["source"] as? String)
            let parts = source.split(separator: ":")
            let file = try #require(KnowledgeFile(url: knowledge.appendingPathComponent(String(parts[0]))), "cannot read \(source)")
            let paragraph = try #require(file.paragraph(around: Int(parts.last ?? "") ?? 0), "nothing at \(source)")
            let excerpt = normalized((citation["excerpt"] as? String ?? "").replacingOccurrences(of: "\u{2026}", with: " "))
            #expect(!excerpt.isEmpty && normalized(paragraph).contains(String(excerpt.prefix(40))), "the excerpt is not quoted from \(source): \(excerpt)")
        }
        #expect(broadByOption.sameAnswer(as: broadByVariable), "\(broadByOption)\n\(broadByVariable)")
        #expect(broadWithModel.status == 0 && broadByOption.sameAnswer(as: broadWithModel), "\(broadByOption)\n\(broadWithModel)")
        #expect(broadByOption.errLines.count <= 1 && broadByVariable.errLines.count <= 1, "\(broadByOption)\n\(broadByVariable)")

        // ask --explain: the Meaning section is the no-model line; one warning, without the question.
        let explained = try await confide.run(["--model", "/nonexistent", "ask", "--explain", question])
        #expect(explained.status == 0 && !explained.looksLikeCrash, "\(explained)")
        #expect(explained.out.split(separator: "\n").contains { $0.hasPrefix("Meaning: no meaning model in /nonexistent") && $0.contains("make model") }, "\(explained)")
        #expect(explained.out.contains(SmallKnowledge.faqAnswerSource), "the answer is missing after the explanation:\n\(explained)")
        #expect(explained.errLines.count == 1, "not exactly one warning:\n\(explained)")
        #expect(explained.errLines.first?.hasPrefix("confide: warning: ") == true, "\(explained)")
        #expect(!explained.err.contains(SmallKnowledge.faqMarker) && !explained.err.contains(question), "the question reached stderr:\n\(explained)")
    }

    @Test("no model where confide looks by default: index says where it looked, and warns of nothing")
    func noDefaultModel() async throws {
        let sandbox = try ConfideProcess()
        defer { sandbox.remove() }
        let knowledge = try SmallKnowledge.write(in: sandbox)
        let confide = sandbox.with(knowledge: knowledge)
        let installed = try InstalledCopy(in: sandbox)

        let index = try await installed.run(confide.globalArguments + ["index"], in: confide)
        #expect(index.status == 0, "\(index)")
        #expect(index.err.isEmpty, "a model that is simply not installed is not a warning:\n\(index)")
        let line = index.out.split(separator: "\n").first { $0.hasPrefix("Meaning: ") }
        #expect(line?.hasPrefix("Meaning: no meaning model (looked in \(installed.prefix.path)/share/confide/model") == true, "\(index)")
        #expect(line?.contains("make model") == true, "\(index)")
    }

    // MARK: 5. a damaged model

    @Test("a truncated model.safetensors: ask still answers, one warning says it is damaged, no crash")
    func damagedModel() async throws {
        let sandbox = try ConfideProcess()
        defer { sandbox.remove() }
        let knowledge = try SmallKnowledge.write(in: sandbox)
        let confide = sandbox.with(knowledge: knowledge)
        let damaged = sandbox.path("damaged-model")
        try FileManager.default.createDirectory(at: damaged, withIntermediateDirectories: true)
        let real = URL(fileURLWithPath: RealModel.folder)
        for name in ["vocab.txt", "config.json"] {
            try FileManager.default.copyItem(at: real.appendingPathComponent(name), to: damaged.appendingPathComponent(name))
        }
        let weights = try FileHandle(forReadingFrom: real.appendingPathComponent("model.safetensors"))
        let head = try #require(try weights.read(upToCount: 2_000_000))
        try weights.close()
        #expect(head.count == 2_000_000)
        try head.write(to: damaged.appendingPathComponent("model.safetensors"))

        func isDamagedWarning(_ line: String) -> Bool {
            line.hasPrefix("confide: warning: ") && line.contains("model.safetensors") && line.contains("damaged")
        }
        let question = SmallKnowledge.faqQuestion

        let ask = try await confide.run(["--model", damaged.path, "ask", "--json", question])
        #expect(ask.status == 0 && !ask.looksLikeCrash, "\(ask)")
        let citations = try #require(try ask.jsonObject()["citations"] as? [[String: Any]], "\(ask)")
        #expect(citations.first?["source"] as? String == SmallKnowledge.faqAnswerSource, "\(ask)")
        // Plain `ask` does not read the model today; should it, it warns once, the same way.
        #expect(ask.errLines.count <= 1 && ask.errLines.allSatisfy(isDamagedWarning), "\(ask)")

        let explained = try await confide.run(["--model", damaged.path, "ask", "--explain", question])
        #expect(explained.status == 0 && !explained.looksLikeCrash, "\(explained)")
        #expect(explained.errLines.count == 1 && explained.errLines.allSatisfy(isDamagedWarning), "\(explained)")
        #expect(!explained.err.contains(SmallKnowledge.faqMarker), "\(explained)")
        #expect(explained.out.split(separator: "\n").contains { $0.hasPrefix("Meaning: ") && $0.contains("damaged") }, "\(explained)")
        #expect(explained.out.contains(SmallKnowledge.faqAnswerSource), "\(explained)")

        let index = try await confide.run(["index"], environment: ["CONFIDE_MODEL": damaged.path])
        #expect(index.status == 0 && !index.looksLikeCrash, "\(index)")
        #expect(index.errLines.count == 1 && index.errLines.allSatisfy(isDamagedWarning), "\(index)")
        #expect(index.out.split(separator: "\n").contains { $0.hasPrefix("Meaning: ") && $0.contains("damaged") && $0.contains("make model") }, "\(index)")
        #expect(try await SQLite.integer(confide.indexFile, "SELECT count(*) FROM vectors") == 0)
    }

    // MARK: 6. help

    @Test("help has a Meaning line when no model is found, and none when one is")
    func helpMeaningLine() async throws {
        let sandbox = try ConfideProcess()
        defer { sandbox.remove() }
        let installed = try InstalledCopy(in: sandbox)
        // The Meaning paragraph, wrapped to the width like all help, read as one line.
        func meaningLines(_ result: ConfideResult) -> [String] {
            result.out.components(separatedBy: "\n\n").filter { $0.hasPrefix("Meaning:") }.map { $0.split(separator: "\n").joined(separator: " ") }
        }

        // Nothing beside the binary, nothing named: the line, once.
        let bare = try await installed.run(["help"], in: sandbox)
        #expect(bare.status == 0 && bare.err.isEmpty, "\(bare)")
        let lines = meaningLines(bare)
        #expect(lines.count == 1 && lines[0].contains("make model") && lines[0].contains("--model DIR / CONFIDE_MODEL"), "\(bare)")

        // The model where `make install` puts it, or named: no line.
        try FileManager.default.createDirectory(at: installed.prefix.appendingPathComponent("share/confide"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: installed.prefix.appendingPathComponent("share/confide/model"), withDestinationURL: URL(fileURLWithPath: RealModel.folder))
        let beside = try await installed.run(["help"], in: sandbox)
        #expect(beside.status == 0 && meaningLines(beside).isEmpty, "\(beside)")
        for (arguments, environment) in [(["--model", RealModel.folder, "help"], [String: String?]()), (["help"], RealModel.environment)] {
            let named = try await sandbox.run(arguments, globals: false, environment: environment)
            #expect(named.status == 0 && named.err.isEmpty && meaningLines(named).isEmpty, "\(named)")
        }

        // A named folder that holds no model is not a model found either.
        for (arguments, environment) in [(["--model", "/nonexistent", "help"], [String: String?]()), (["help", "--model", "/nonexistent"], [:]), (["help"], ["CONFIDE_MODEL": "/nonexistent"])] {
            let result = try await sandbox.run(arguments, globals: false, environment: environment)
            #expect(result.status == 0, "\(result)")
            #expect(meaningLines(result).count == 1, "no Meaning line from confide \(arguments.joined(separator: " ")) \(environment.isEmpty ? "" : "with CONFIDE_MODEL=/nonexistent"), although it holds no model")
        }
    }

    // MARK: 7. safety in two tiers

    @Test("a possible sign gets a calm footer after the answer; a strong one the full notice first; --json says which")
    func safetyTiers() async throws {
        let confide = try ConfideProcess()
        defer { confide.remove() }
        let index = try await confide.run(["index"], environment: RealModel.environment, timeout: .seconds(240))
        #expect(index.status == 0, "\(index)")

        let possible = "everything feels heavy lately and I keep thinking nobody would notice if I was gone for a while, anyway how do I talk to my wife about sex"
        let json = try await confide.run(["--private", "ask", "--json", possible], environment: RealModel.environment)
        #expect(json.status == 0, "\(json)")
        let safety = try #require(try json.jsonObject()["safety"] as? [String: Any], "\(json)")
        #expect(safety["level"] as? String == "footer" && safety["kind"] as? String == "crisis", "\(safety)")
        let text = try await confide.run(["--private", "ask", possible], environment: RealModel.environment)
        let footer = try #require(text.out.range(of: "carry it alone"), "no footer:\n\(text)")
        let lastCitation = try #require(text.out.range(of: ".md:", options: .backwards), "no citation:\n\(text)")
        #expect(lastCitation.lowerBound < footer.lowerBound, "the footer is not after the answer:\n\(text)")
        #expect(text.out.contains("988"), "\(text)")

        let strong = "I'm so tired of all of it, maybe it would be easier for everyone if I wasn't around"
        let notice = try await confide.run(["--private", "ask", "--json", strong], environment: RealModel.environment)
        let strongSafety = try #require(try notice.jsonObject()["safety"] as? [String: Any], "\(notice)")
        #expect(strongSafety["level"] as? String == "notice" && strongSafety["kind"] as? String == "crisis", "\(strongSafety)")
        #expect(!notice.err.contains("tired of all"), "the message reached stderr:\n\(notice)")
    }

    // MARK: 7b. the bank's vectors: said while made, found beside an installed model

    @Test("a bank with no vectors yet is embedded with one line on stderr that names no question, and a practice's own bank file joins it; the next process is silent")
    func embeddingTheBankIsSaid() async throws {
        let sandbox = try ConfideProcess()
        defer { sandbox.remove() }
        let knowledge = try SmallKnowledge.write(in: sandbox)
        try Data("""
            expect\ttext
            crisis\tI have saved up the pills and chosen the day
            crisis\tthey would all be better off without me around
            coercion\tshe keeps on until I give in just so it stops
            none\twhy does my husband never start sex anymore
            none\thow do we talk about wanting different amounts of sex

            """.utf8).write(to: knowledge.appendingPathComponent("safety-bank.tsv"))
        try Data("expect\ttext\ncoercion\the said he would send my pictures to my boss if I said no\n".utf8)
            .write(to: knowledge.appendingPathComponent("safety-bank-practice.tsv"))
        let confide = sandbox.with(knowledge: knowledge)
        let question = "my wife turned me down again, quietly wondering about tomorrow"
        let first = try await confide.run(["--private", "ask", question], environment: RealModel.environment)
        #expect(first.status == 0, "\(first)")
        #expect(first.err.contains("readying the safety check's 6 example messages"), "\(first)")
        #expect(!first.err.contains("wondering") && !first.err.contains("turned me down"), "the question reached stderr:\n\(first)")
        let second = try await confide.run(["--private", "ask", question], environment: RealModel.environment)
        #expect(second.status == 0 && !second.err.contains("readying"), "the bank was embedded again:\n\(second)")
    }

    @Test("installed with the model, the set-up's bank vectors come along: a new user's first question does not embed the bank, and a crisis message gets its notice")
    func installedSeedServesANewUser() async throws {
        let confide = try ConfideProcess()
        defer { confide.remove() }
        let seed = RealModel.folder + "/safety-bank.vectors"
        try #require(FileManager.default.fileExists(atPath: seed), "no bank vectors beside the model: `make test` makes them (scripts/seed-bank-vectors)")
        let prefix = confide.path("prefix")
        let installed = try await confide.shell("\"$1\" install \"$2\" \"$0\" \"$3\"",
                                                [InstallTests.installScript, prefix.path, RealModel.folder])
        try #require(installed.status == 0, "\(installed)")
        let model = prefix.appendingPathComponent("share/confide/model")
        #expect(FileManager.default.contentsEqual(atPath: model.appendingPathComponent("safety-bank.vectors").path, andPath: seed))
        let shipped = try FileManager.default.contentsOfDirectory(atPath: ConfideProcess.repositoryKnowledge.path).filter { $0.hasPrefix("safety-bank") }
        let knowledge = try FileManager.default.contentsOfDirectory(atPath: prefix.appendingPathComponent("share/confide/knowledge").path)
        #expect(!shipped.isEmpty && shipped.allSatisfy(knowledge.contains), "\(shipped) not all in \(knowledge)")

        let binary = prefix.appendingPathComponent("bin/confide").path
        let asked = try await confide.shell("\"$1\" --private ask --json \"$2\"", [binary, "i have saved up enough pills and friday is the day"],
                                            environment: ["CONFIDE_MODEL": nil, "CONFIDE_KNOWLEDGE": nil])
        #expect(asked.status == 0, "\(asked)")
        #expect(!asked.err.contains("readying"), "the installed seed was not used:\n\(asked)")
        let safety = try #require(try asked.jsonObject()["safety"] as? [String: Any], "\(asked)")
        #expect(safety["kind"] as? String == "crisis" && safety["level"] as? String == "notice", "\(safety)")

        let removed = try await confide.shell("\"$1\" uninstall \"$2\"", [InstallTests.installScript, prefix.path])
        #expect(removed.status == 0 && !FileManager.default.fileExists(atPath: model.path), "\(removed)")
    }

    // MARK: 8. the safety check's pieces, for study offline

    @Test("eval --piece-vectors writes the bank's vectors once and each message's piece vectors, without its text; refused with --totals-only")
    func pieceVectors() async throws {
        let confide = try ConfideProcess()
        defer { confide.remove() }
        let list = confide.home.appendingPathComponent("pieces.tsv")
        let message = "we argued about sex again, then he grabbed my throat. I left the room"
        try Data("expect\ttext\ncoercion\t\(message)\nnone\tdead tired tonight\n".utf8).write(to: list)
        let output = confide.home.appendingPathComponent("pieces.jsonl")
        let refused = try await confide.run(["eval", "--totals-only", "--piece-vectors", output.path, list.path], environment: RealModel.environment)
        #expect(refused.status == 2 && refused.err.contains("--totals-only"), "\(refused)")
        #expect(!FileManager.default.fileExists(atPath: output.path))

        let result = try await confide.run(["eval", "--piece-vectors", output.path, list.path], environment: RealModel.environment, timeout: .seconds(240))
        #expect(result.status == 0, "\(result)")
        let text = try String(contentsOf: output, encoding: .utf8)
        #expect(!text.contains("throat") && !text.contains("tired"), "a message's text was written")
        let lines = try text.split(separator: "\n").map { try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
        try #require(lines.count == 3, "\(text.prefix(300))")
        let bank = try #require(lines[0]["bank"] as? [Any])
        #expect(lines[0]["dimensions"] as? Int == 384)
        #expect((lines[0]["vectors"] as? [Double])?.count == bank.count * 384 && bank.count > 100)
        let pieces = try #require(lines[1]["pieces"] as? [[Double]])
        // The whole message, its two sentences and the first sentence's two clauses.
        #expect(pieces.count == 5, "\(pieces.count)")
        #expect(pieces.allSatisfy { $0.count == 384 && abs($0.reduce(0) { $0 + $1 * $1 } - 1) < 0.001 }, "the piece vectors are not unit vectors")
        #expect(lines[1]["expect"] as? String == "coercion" && lines[2]["line"] as? Int == 3)
    }
}

// MARK: - The real model

/// The real meaning model, as in ConfideKitTests' ModelSupport (this target cannot import that
/// one): CONFIDE_MODEL (which `make test` sets), else the build folder's `.build/model`. The
/// tests run when it is there, and always under CI, where its absence fails them.
enum RealModel {
    static var folder: String {
        // Absolute, as confide reports it (the children run in the sandbox, not here).
        if let named = ProcessInfo.processInfo.environment["CONFIDE_MODEL"], !named.isEmpty { return URL(fileURLWithPath: named).standardizedFileURL.path }
        return ConfideProcess.repositoryRoot.appendingPathComponent(".build/model").path
    }

    static var isPresent: Bool { FileManager.default.fileExists(atPath: folder + "/model.safetensors") }

    static var shouldRun: Bool { isPresent || !(ProcessInfo.processInfo.environment["CI"] ?? "").isEmpty }

    static let skipReason: Comment = "the meaning model is absent (run `make model`, or `make test` which fetches it)"

    /// The child's environment naming the model (the sandbox's own has CONFIDE_MODEL=none).
    static var environment: [String: String?] { ["CONFIDE_MODEL": folder] }
}

extension ConfideProcess {
    var indexFile: URL { dataDir.appendingPathComponent("index.sqlite3") }
}

/// `index`'s last line with the model: "Meaning: 955 of 955 texts have vectors (955 embedded
/// now, 209.8 texts/s, model /path)."
struct MeaningSummary: Equatable {
    var embedded: Int
    var texts: Int
    var embeddedNow: Int
    var model: String

    init?(_ output: String) {
        guard let line = output.split(separator: "\n").last(where: { $0.hasPrefix("Meaning: ") }).map(String.init) else { return nil }
        let words = line.split(separator: " ").map(String.init)
        // Meaning: E of T texts have vectors (N embedded now, [R texts/s,] model PATH).
        guard words.count >= 11, words[2] == "of", words[4] == "texts", words[5] == "have", words[6] == "vectors",
              words[8] == "embedded", words[9] == "now,",
              let embedded = Int(words[1]), let texts = Int(words[3]), words[7].hasPrefix("("), let now = Int(words[7].dropFirst()),
              let modelStart = line.range(of: " model "), line.hasSuffix(").") else { return nil }
        self.embedded = embedded
        self.texts = texts
        embeddedNow = now
        model = String(line[modelStart.upperBound...].dropLast(2))
    }
}

/// The `sqlite3` shell on an index file. The set-up installs it (scripts/install-dependencies),
/// so its absence fails the test.
enum SQLite {
    static let shell = "/usr/bin/sqlite3"

    /// Texts of the index that have no vector (of any model: the index holds one).
    static let textsWithoutVector = "SELECT count(*) FROM passage_texts t WHERE NOT EXISTS (SELECT 1 FROM vectors v WHERE v.hash = t.hash)"

    static func query(_ database: URL, _ sql: String, readOnly: Bool = false) async throws -> ConfideResult {
        try #require(FileManager.default.isExecutableFile(atPath: shell), "the sqlite3 shell is missing (scripts/install-dependencies installs it)")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: shell)
        process.arguments = (readOnly ? ["-readonly"] : []) + [database.path, sql]
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("confide-sqlite-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let outURL = folder.appendingPathComponent("out"), errURL = folder.appendingPathComponent("err")
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        try out.close()
        try err.close()
        while process.isRunning { try await Task.sleep(for: .milliseconds(2)) }
        process.waitUntilExit()
        return ConfideResult(
            arguments: process.arguments ?? [], ending: .exited(process.terminationStatus),
            stdout: try Data(contentsOf: outURL), stderr: try Data(contentsOf: errURL), timedOut: false
        )
    }

    static func text(_ database: URL, _ sql: String, sourceLocation: SourceLocation = #_sourceLocation) async throws -> String {
        try #require(FileManager.default.fileExists(atPath: database.path), "no index at \(database.path)", sourceLocation: sourceLocation)
        let result = try await query(database, sql)
        try #require(result.status == 0 && result.err.isEmpty, "sqlite3 \(sql):\n\(result)", sourceLocation: sourceLocation)
        return result.out.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func integer(_ database: URL, _ sql: String, sourceLocation: SourceLocation = #_sourceLocation) async throws -> Int {
        let text = try await text(database, sql, sourceLocation: sourceLocation)
        return try #require(Int(text), "sqlite3 \(sql) gave '\(text)', not a number", sourceLocation: sourceLocation)
    }
}

/// The built binary linked into PREFIX/bin in the sandbox, as `make install` would lay it out,
/// so that where confide looks for a model by default (PREFIX/share/confide/model, PREFIX/model,
/// PREFIX/../model) is all inside the sandbox, away from the build folder's `.build/model`.
struct InstalledCopy {
    let prefix: URL
    let binary: URL

    init(in sandbox: ConfideProcess) throws {
        let bin = sandbox.path("installed/usr/bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        // As /proc/self/exe names it, which is where confide starts looking.
        prefix = bin.resolvingSymlinksInPath().deletingLastPathComponent()
        binary = prefix.appendingPathComponent("bin/confide")
        let built = sandbox.binary.resolvingSymlinksInPath()
        do {
            try FileManager.default.linkItem(at: built, to: binary)
        } catch {
            try FileManager.default.copyItem(at: built, to: binary)
        }
    }

    /// Runs this copy with the sandbox's environment, without its CONFIDE_MODEL=none unless
    /// `environment` sets it.
    func run(_ arguments: [String], in sandbox: ConfideProcess, environment: [String: String?] = ["CONFIDE_MODEL": nil]) async throws -> ConfideResult {
        // The shell's $0 is the built binary; this copy comes first among the arguments.
        try await sandbox.shell("binary=\"$1\"; shift; exec \"$binary\" \"$@\"", [binary.path] + arguments, environment: environment)
    }
}

// MARK: - A small knowledge folder

/// Three short articles, about sixty texts for the model (each paragraph, FAQ question and
/// ask is one), so a debug build embeds them in a second or two.
enum SmallKnowledge {
    struct Paragraph {
        var text: String
        var asks: [String] = []
    }

    struct Article {
        var slug: String
        var title: String
        var intro: [Paragraph]
        var sections: [(heading: String, paragraphs: [Paragraph])]
        var faq: [(question: String, answer: Paragraph)]

        /// Texts the model embeds: every paragraph, FAQ question and ask (all distinct here).
        var textCount: Int {
            let paragraphs = intro + sections.flatMap(\.paragraphs) + faq.map(\.answer)
            return paragraphs.count + paragraphs.reduce(0) { $0 + $1.asks.count } + faq.count
        }

        /// The file, and the 1-based line of each FAQ answer.
        var markdown: (text: String, answerLines: [Int]) {
            var lines = ["---", "title: \(title)", "slug: \(slug)", "summary: A short test article about \(title.lowercased()).", "---", ""]
            func add(_ paragraph: Paragraph) {
                lines.append(paragraph.text)
                if !paragraph.asks.isEmpty { lines += ["<!-- asks:"] + paragraph.asks + ["-->"] }
                lines.append("")
            }
            intro.forEach(add)
            for section in sections {
                lines += ["## \(section.heading)", ""]
                section.paragraphs.forEach(add)
            }
            var answerLines: [Int] = []
            if !faq.isEmpty {
                lines += ["## Frequently Asked Questions", ""]
                for entry in faq {
                    lines += ["### \(entry.question)", ""]
                    answerLines.append(lines.count + 1)
                    add(entry.answer)
                }
            }
            return (lines.joined(separator: "\n"), answerLines)
        }

        func write(to folder: URL) throws {
            try Data(markdown.text.utf8).write(to: folder.appendingPathComponent(slug + ".md"))
        }
    }

    /// A word found nowhere else, to see whether a question reached stderr.
    static let faqMarker = "zyxwlantern"
    static let faqQuestion = "Should I stop reaching for my partner after the \(faqMarker) evening?"
    static let faqAnswer = "Stopping altogether tends to add distance rather than take the sting away. Try talking, away from the bedroom, about how each of you likes to be invited, and what a kind no could sound like."
    static let faqSlug = "reaching-first"
    static var faqAnswerSource: String { "\(faqSlug).md:\(articles[0].markdown.answerLines[0])" }

    static let articles: [Article] = [
        Article(
            slug: faqSlug, title: "Always Being the One Who Reaches First",
            intro: [
                Paragraph(text: "When you are usually the one who reaches for your partner, each evening can start to feel like a small test, and that wears you down."),
                Paragraph(text: "Being the one who initiates is not a flaw in you. In many couples one person simply notices the wish for closeness sooner.", asks: ["why am i always the one who starts things", "is it weird that i always make the first move"]),
            ],
            sections: [
                (heading: "Why it gets heavy", paragraphs: [
                    Paragraph(text: "Every time you reach and hear no, a little hope goes with it. Over months those small losses can add up to a feeling of being unwanted.", asks: ["i feel rejected every single night"]),
                    Paragraph(text: "Your partner may not see the effort at all. From their side, a gentle no can feel like nothing much, a tired evening rather than a verdict."),
                ]),
                (heading: "Sharing the reaching", paragraphs: [
                    Paragraph(text: "It can help to say out loud that you would like to be wanted too, and to ask what would make it easier for your partner to reach for you.", asks: ["how do i get my wife to initiate", "he never makes the first move"]),
                    Paragraph(text: "Small gestures count as reaching: a hand on the back, a text during the day, an invitation to sit closer on the sofa."),
                ]),
            ],
            faq: [
                (question: faqQuestion, answer: Paragraph(text: faqAnswer)),
                (question: "Does it mean my partner does not find me attractive?", answer: Paragraph(text: "Usually it does not. Desire that waits for a reason to start is common, and it says little about how attractive your partner finds you.", asks: ["she never wants me, am i ugly"])),
            ]
        ),
        Article(
            slug: "after-a-baby", title: "Intimacy After a Baby Arrives",
            intro: [
                Paragraph(text: "A new baby changes sleep, bodies and time, so it is no surprise that sex and closeness change too for a while.", asks: ["we have not had sex since the baby was born"]),
            ],
            sections: [
                (heading: "What shifts", paragraphs: [
                    Paragraph(text: "Exhaustion lowers desire for almost everyone. When every spare minute goes to rest, wanting sex can feel out of reach.", asks: ["too tired for sex with a newborn"]),
                    Paragraph(text: "Bodies heal at their own pace after birth. Pain or worry about pain is a real reason to go slowly, and worth raising with a doctor."),
                    Paragraph(text: "Touch can feel different when you are holding a baby all day. Some parents feel touched out and want their body to themselves in the evening.", asks: ["i feel touched out by the end of the day"]),
                ]),
                (heading: "Finding each other again", paragraphs: [
                    Paragraph(text: "Closeness does not have to start with sex. A shared meal, a walk with the pram or ten minutes of talk can remind you that you are a couple as well as parents."),
                    Paragraph(text: "Talk about what each of you misses. Naming it plainly, without blame, often brings more warmth than waiting for the old rhythm to come back.", asks: ["how do we get our spark back after kids"]),
                ]),
            ],
            faq: [
                (question: "When will things go back to normal?", answer: Paragraph(text: "There is no set date. Many couples find a new normal over the first year rather than the old one returning all at once.")),
                (question: "Is it normal to have no desire at all after giving birth?", answer: Paragraph(text: "Yes, a long pause in desire after birth is common. If it troubles you, or comes with low mood, a doctor or midwife can help.", asks: ["zero libido postpartum is that ok"])),
            ]
        ),
        Article(
            slug: "talking-about-sex", title: "Talking About Sex Without a Fight",
            intro: [
                Paragraph(text: "Many couples find it easier to have sex than to talk about it. The talk feels risky because it touches what each of you hopes for.", asks: ["why is it so awkward to talk about sex with my husband"]),
            ],
            sections: [
                (heading: "Choosing the moment", paragraphs: [
                    Paragraph(text: "Bed is rarely the best place for the talk. A calm time, away from the bedroom and not right after a no, gives both of you room to listen."),
                    Paragraph(text: "Start with what you value in your partner and in your closeness, so that what comes next is heard as a wish and not a complaint.", asks: ["how do i bring up sex without it turning into an argument"]),
                ]),
                (heading: "Listening", paragraphs: [
                    Paragraph(text: "Ask what your partner enjoys and what gets in the way for them, and let the answer be as it is before you reply."),
                    Paragraph(text: "If a talk turns into a fight, it is fine to stop and try again another day. One conversation rarely settles it all.", asks: ["every time we talk about sex we fight"]),
                ]),
            ],
            faq: [
                (question: "What if my partner refuses to talk about it?", answer: Paragraph(text: "Let them know why it matters to you and that you are not keeping score. A short, kind start is easier to accept than a long talk.", asks: ["he shuts down whenever i mention our sex life"])),
            ]
        ),
    ]

    /// Writes the three articles into a new folder in the sandbox.
    static func write(in sandbox: ConfideProcess) throws -> URL {
        let folder = sandbox.path("small-knowledge")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for article in articles { try article.write(to: folder) }
        return folder
    }
}
