import Foundation
import PlanBench
import PlanGit
import PlanIndex
import Testing

#if canImport(Glibc)
    @preconcurrency import Glibc
#endif

/// The workspace index: incremental, rebuilt when it cannot be trusted, safe
/// under concurrent updaters and kills, and the commands that read it.
@Suite struct IndexTests {
    func example(_ scratch: ScratchDirectory) throws -> String {
        let result = planbench(["init", "--example", "ws"], in: scratch.path)
        try #require(result.status == 0, "\(result.stderr)")
        return scratch.file("ws")
    }

    func json(_ text: String) throws -> [[String: Any]] {
        try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
    }

    /// Commits a change to a file with plain git (a branch moved behind planbench's back).
    func gitCommit(_ ws: String, file: String, replacing old: String, with new: String, message: String) throws {
        let path = ws + "/" + file
        let text = try String(contentsOfFile: path, encoding: .utf8)
        try #require(text.contains(old))
        try text.replacingOccurrences(of: old, with: new).write(toFile: path, atomically: true, encoding: .utf8)
        #expect(try git(["-c", "user.name=Plain Git", "-c", "user.email=plain@example.org", "commit", "-qam", message], in: ws).status == 0)
    }

    // MARK: Incremental

    @Test func anUpdateReadsOnlyNewCommitsAndParsesOnlyNewBlobs() throws {
        let scratch = ScratchDirectory()
        let ws = try example(scratch)
        let workspace = try Workspace.open(at: ws)
        let (_, first) = try workspace.updateIndex()
        #expect(first.outcome == .rebuilt(reason: "there was none"))
        #expect(first.commitsAdded == 17)
        #expect(first.documentsParsed > 10)

        try gitCommit(ws, file: "plans/isr-peacetime.yaml", replacing: "state: in-progress", with: "state: done", message: "isr task done")
        let (_, second) = try Workspace.open(at: ws).updateIndex()
        #expect(second.outcome == .updated)
        #expect(second.commitsAdded == 1)
        #expect(second.documentsParsed == 1)

        // Back to a version already seen: a new commit, no blob to parse.
        #expect(try git(["-c", "user.name=Plain Git", "-c", "user.email=plain@example.org", "revert", "--no-edit", "HEAD"], in: ws).status == 0)
        let (_, third) = try Workspace.open(at: ws).updateIndex()
        #expect(third.commitsAdded == 1)
        #expect(third.documentsParsed == 0)

        let (_, fourth) = try Workspace.open(at: ws).updateIndex()
        #expect(fourth.outcome == .current)
    }

    @Test func aSaveKeepsAnExistingIndexCurrentAndReadersSayNothing() throws {
        let scratch = ScratchDirectory()
        let ws = try example(scratch)
        #expect(planbench(["index", "rebuild"], in: ws).status == 0)
        let path = ws + "/plans/isr-peacetime.yaml"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        try text.replacingOccurrences(of: "state: in-progress", with: "state: blocked").write(toFile: path, atomically: true, encoding: .utf8)
        #expect(planbench(["save", "-m", "Block the ISR task"], in: ws).status == 0)
        let status = planbench(["index", "status", "--format", "json"], in: ws)
        let report = try #require(JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any])
        #expect(report["current"] as? Bool == true)
        let log = planbench(["log", "--section", "IV.A.1", "-n", "1"], in: ws)
        #expect(log.status == 0)
        #expect(log.stderr.isEmpty, "no update was needed: \(log.stderr)")
        #expect(log.stdout.contains("Block the ISR task"))
    }

    // MARK: Never a wrong answer

    @Test func aDeletedIndexIsRebuiltWithOneLine() throws {
        let scratch = ScratchDirectory()
        let ws = try example(scratch)
        let before = planbench(["search", "ballistic", "--format", "json"], in: ws)
        #expect(before.stderr.contains("index: rebuilt"))
        for suffix in ["", "-wal", "-shm"] { unlink(ws + "/.planbench/index.sqlite" + suffix) }
        let after = planbench(["search", "ballistic", "--format", "json"], in: ws)
        #expect(after.status == 0)
        #expect(after.stderr.split(separator: "\n").count == 1)
        #expect(after.stderr.contains("index: rebuilt") && after.stderr.contains("there was none"))
        #expect(after.stdout == before.stdout)
    }

    @Test func aWALLeftBesideADeletedIndexIsNotReplayedIntoTheNewOne() throws {
        let scratch = ScratchDirectory()
        let ws = try example(scratch)
        #expect(planbench(["index", "rebuild"], in: ws).status == 0)
        // A save's update stays in the WAL (connections close without a checkpoint).
        try gitCommit(ws, file: "plans/isr-peacetime.yaml", replacing: "state: in-progress", with: "state: done", message: "isr task done")
        #expect(planbench(["index", "update"], in: ws).status == 0)
        let file = ws + "/.planbench/index.sqlite"
        var wal = stat()
        try #require(stat(file + "-wal", &wal) == 0 && wal.st_size > 0, "the update wrote no WAL to leave behind")
        let expected = planbench(["search", "boarding", "--format", "json"], in: ws).stdout
        // Deleted as a user might: the database file only.
        unlink(file)
        let result = planbench(["search", "boarding", "--format", "json"], in: ws)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("there was none"), "\(result.stderr)")
        #expect(result.stdout == expected)
        let check = planbench(["sql", "PRAGMA integrity_check", "--format", "json"], in: ws)
        #expect(check.stdout.contains("\"ok\""), "\(check.stdout) \(check.stderr)")
    }

    @Test(arguments: ["garbage", "truncated", "zeroed pages"])
    func aDamagedIndexIsRebuilt(damage: String) throws {
        let scratch = ScratchDirectory()
        let ws = try example(scratch)
        let expected = planbench(["search", "boarding", "--format", "json"], in: ws).stdout
        let file = ws + "/.planbench/index.sqlite"
        // The rebuild copied its WAL into the database: the file alone is the index.
        var wal = stat()
        #expect(stat(file + "-wal", &wal) != 0 || wal.st_size == 0, "the rebuild left \(wal.st_size) bytes of WAL")
        for suffix in ["-wal", "-shm"] { unlink(file + suffix) }
        var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: file)))
        switch damage {
        case "garbage": bytes = Array("this is not a database at all, just text".utf8) + Array(repeating: 7, count: 5000)
        case "truncated": bytes = Array(bytes.prefix(bytes.count / 3))
        default: for i in 100..<min(bytes.count, 40_000) { bytes[i] = 0 }
        }
        try Data(bytes).write(to: URL(fileURLWithPath: file))
        let result = planbench(["search", "boarding", "--format", "json"], in: ws)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("index: rebuilt"), "\(result.stderr)")
        #expect(result.stdout == expected)
    }

    @Test func aRewrittenHistoryOrAnotherBranchIsDetected() throws {
        let scratch = ScratchDirectory()
        let ws = try example(scratch)
        #expect(planbench(["index", "rebuild"], in: ws).status == 0)
        // History rewritten: the indexed tip is no longer on the branch.
        #expect(try git(["reset", "-q", "--hard", "HEAD~2"], in: ws).status == 0)
        try gitCommit(ws, file: "plans/isr-peacetime.yaml", replacing: "title: ", with: "title: Rewritten ", message: "Rewritten history")
        let rewritten = planbench(["log", "--section", "IV.A.1", "-n", "1", "--format", "json"], in: ws)
        #expect(rewritten.stderr.contains("index: rebuilt") && rewritten.stderr.contains("no longer on main"), "\(rewritten.stderr)")
        #expect(try json(rewritten.stdout).first?["message"] as? String == "Rewritten history")
        let count = planbench(["sql", "SELECT count(*) AS n FROM commits", "--format", "json"], in: ws)
        let expectedCount = try git(["rev-list", "--count", "HEAD"], in: ws).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try json(count.stdout).first?["n"] as? Int == Int(expectedCount))

        // Another branch checked out.
        #expect(try git(["checkout", "-q", "-b", "older", "HEAD~5"], in: ws).status == 0)
        let other = planbench(["sql", "SELECT count(*) AS n FROM commits", "--format", "json"], in: ws)
        #expect(other.stderr.contains("branch older is checked out"), "\(other.stderr)")
        let olderCount = try git(["rev-list", "--count", "HEAD"], in: ws).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try json(other.stdout).first?["n"] as? Int == Int(olderCount))
    }

    @Test func anIndexOfAnotherSchemaVersionIsRebuilt() throws {
        let scratch = ScratchDirectory()
        let ws = try example(scratch)
        #expect(planbench(["index", "rebuild"], in: ws).status == 0)
        let store = try IndexStore.open(at: ws + "/.planbench/index.sqlite")
        try store.update { writer in try writer.setTip(nil, branch: "main", producer: "test") }
        // Pretend an older extractor wrote it.
        _ = try store.update { writer in try writer.overrideMetaForTesting("extractor", "0") }
        let result = planbench(["search", "ballistic"], in: ws)
        #expect(result.status == 0)
        #expect(result.stderr.contains("index: rebuilt") && result.stderr.contains("another planbench"), "\(result.stderr)")
    }

    // MARK: Concurrency, with real processes

    @Test func concurrentUpdatersAndKilledUpdatesNeverCorruptIt() throws {
        let executable = try planbenchExecutable()
        let scratch = ScratchDirectory()
        let ws = try example(scratch)
        let environment = ["HOME": "/nonexistent", "PATH": "/usr/bin:/bin", "PLANBENCH_AUTHOR": "Test <t@example.org>"]
        // Four processes build the missing index at once.
        let processes = (0..<4).map { i -> Process in
            let process = Process()
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = i % 2 == 0 ? ["-C", ws, "search", "boarding", "--format", "json"] : ["-C", ws, "log", "--section", "IV.A.1", "--format", "json"]
            process.environment = environment.merging(sanitizerEnvironment) { mine, _ in mine }
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            return process
        }
        for process in processes { try process.run() }
        for process in processes { process.waitUntilExit() }
        #expect(processes.allSatisfy { $0.terminationStatus == 0 })
        let commits = try runProcess(executable, ["-C", ws, "sql", "SELECT count(*) AS n, count(DISTINCT id) AS d FROM commits", "--format", "json"], environment: environment)
        let counts = try json(commits.stdout).first
        #expect(counts?["n"] as? Int == 17 && counts?["d"] as? Int == 17)

        // kill -9 in the middle of rebuilds, at several moments.
        let expected = try runProcess(executable, ["-C", ws, "search", "boarding", "--format", "json"], environment: environment).stdout
        for delay in [5_000, 20_000, 50_000, 90_000, 150_000] as [useconds_t] {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = ["-C", ws, "index", "rebuild"]
            process.environment = environment.merging(sanitizerEnvironment) { mine, _ in mine }
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            usleep(delay)
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let after = try runProcess(executable, ["-C", ws, "search", "boarding", "--format", "json"], environment: environment)
            #expect(after.status == 0, "after a kill at \(delay) µs: \(after.stderr)")
            #expect(after.stdout == expected, "after a kill at \(delay) µs")
            let check = try runProcess(executable, ["-C", ws, "sql", "PRAGMA integrity_check"], environment: environment)
            #expect(check.stdout.contains("ok"), "after a kill at \(delay) µs: \(check.stdout)")
        }
    }

    // MARK: Search

    @Test func searchRanksTitlesFirstAndEachFilterNarrows() throws {
        let scratch = ScratchDirectory()
        let ws = try example(scratch)
        let hits = try json(planbench(["search", "ballistic missile", "--format", "json"], in: ws).stdout)
        try #require(hits.count >= 2)
        #expect(hits.first?["planSection"] as? String == "bmd-armed-attack")
        let ranks = hits.compactMap { $0["rank"] as? Double }
        #expect(ranks == ranks.sorted(by: >))
        #expect((hits.first?["snippet"] as? String)?.contains("[ballistic] [missile]") == true)
        #expect(hits.first?["path"] as? String == "plans/air-missile-defense.yaml")
        #expect((hits.first?["line"] as? Int ?? 0) > 1)

        // Prefix queries and diacritics.
        #expect(try json(planbench(["search", "evacuat*", "--format", "json"], in: ws).stdout).contains { $0["plan"] as? String == "noncombatant-evacuation" })
        #expect(try json(planbench(["search", "évacuation", "--format", "json"], in: ws).stdout).contains { $0["plan"] as? String == "noncombatant-evacuation" })

        // Filters.
        let status = try json(planbench(["search", "defense", "--status", "draft", "--format", "json"], in: ws).stdout)
        #expect(!status.isEmpty && status.allSatisfy { ["island-defense", "space-cooperation"].contains($0["plan"] as? String ?? "") })
        let edition = try json(planbench(["search", "support", "--edition", "jus-1997", "--format", "json"], in: ws).stdout)
        #expect(!edition.isEmpty && edition.allSatisfy { $0["plan"] as? String == "rear-area-support-1997" })
        let section = try json(planbench(["search", "defense", "--section", "IV.A.2", "--format", "json"], in: ws).stdout)
        let citing = try json(planbench(["sql", "SELECT plan || '/' || plan_section AS s FROM head_citations WHERE guideline_section = 'IV.A.2'", "--format", "json"], in: ws).stdout).compactMap { $0["s"] as? String }
        #expect(!section.isEmpty && section.allSatisfy { hit in hit["planSection"] is NSNull || citing.contains("\(hit["plan"] as? String ?? "")/\(hit["planSection"] as? String ?? "")") })
        let actor = try json(planbench(["search", "defense", "--actor", "acm", "--format", "json"], in: ws).stdout)
        let acm = try json(planbench(["sql", "SELECT DISTINCT plan || '/' || plan_section AS s FROM head_role_assignments WHERE actor = 'acm' UNION SELECT plan || '/' || plan_section FROM head_tasks WHERE owner = 'acm'", "--format", "json"], in: ws).stdout).compactMap { $0["s"] as? String }
        #expect(!actor.isEmpty && actor.allSatisfy { hit in hit["planSection"] is NSNull || acm.contains("\(hit["plan"] as? String ?? "")/\(hit["planSection"] as? String ?? "")") })
        #expect(try json(planbench(["search", "defense", "-n", "2", "--format", "json"], in: ws).stdout).count == 2)
        // A finding note.
        #expect(try json(planbench(["search", "hand-over", "--format", "json"], in: ws).stdout).contains { ($0["path"] as? String)?.hasPrefix("reviews/") == true })
    }

    @Test func searchAtAnOlderRevision() throws {
        let scratch = ScratchDirectory()
        let ws = try example(scratch)
        try gitCommit(ws, file: "plans/isr-peacetime.yaml", replacing: "title: ", with: "title: Zanzibar ", message: "a new word")
        #expect(try !json(planbench(["search", "zanzibar", "--format", "json"], in: ws).stdout).isEmpty)
        #expect(try json(planbench(["search", "zanzibar", "--rev", "HEAD~1", "--format", "json"], in: ws).stdout).isEmpty)
    }

    // MARK: log --section

    @Test func logBySectionFollowsTheCrosswalk() throws {
        let scratch = ScratchDirectory()
        let ws = try example(scratch)
        // 1997 section V (rear area support) became 2015 IV.B.
        let entries = try json(planbench(["log", "--section", "IV.B", "--format", "json"], in: ws).stdout)
        let touched = entries.flatMap { ($0["touched"] as? [[String: Any]]) ?? [] }.compactMap { $0["plan"] as? String }
        #expect(touched.contains("rear-area-support-1997"))
        // And the other way: 1997 V finds 2015 plans citing IV.B.
        let back = try json(planbench(["log", "--section", "V", "--edition", "jus-1997", "--format", "json"], in: ws).stdout)
        #expect(Set(back.compactMap { $0["id"] as? String }) == Set(entries.compactMap { $0["id"] as? String }))
        // --since cuts older commits.
        let dates = entries.compactMap { $0["date"] as? String }.sorted()
        if let last = dates.last {
            let since = try json(planbench(["log", "--section", "IV.B", "--since", String(last.prefix(10)), "--format", "json"], in: ws).stdout)
            #expect(!since.isEmpty && since.count < entries.count)
        }
        // A change to a section citing nothing under IV.B is not listed.
        try gitCommit(ws, file: "plans/isr-peacetime.yaml", replacing: "state: in-progress", with: "state: done", message: "isr only")
        let after = try json(planbench(["log", "--section", "IV.B", "-n", "1", "--format", "json"], in: ws).stdout)
        #expect(after.first?["message"] as? String != "isr only")
        #expect(planbench(["log", "--section", "XIV.Z"], in: ws).status == 2)
    }

    // MARK: Blame

    @Test func blameIsStructural() throws {
        let scratch = ScratchDirectory()
        let ws = try example(scratch)
        let before = try json(planbench(["blame", "isr-peacetime", "--format", "json"], in: ws).stdout)
        // Re-flow every folded paragraph and move the last section first: nothing changes structurally.
        let path = ws + "/plans/isr-peacetime.yaml"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let reflowed = Self.reflowingProse(text)
        #expect(reflowed != text)
        try reflowed.write(toFile: path, atomically: true, encoding: .utf8)
        #expect(try git(["-c", "user.name=Reflow", "-c", "user.email=r@example.org", "commit", "-qam", "Re-flow prose"], in: ws).status == 0)
        let after = try json(planbench(["blame", "isr-peacetime", "--format", "json"], in: ws).stdout)
        #expect(after.map { $0["commit"] as? String } == before.map { $0["commit"] as? String })

        // A task changes: only that section's tasks move to the new commit.
        try gitCommit(ws, file: "plans/isr-peacetime.yaml", replacing: "state: in-progress", with: "state: done", message: "Task done")
        let head = try git(["rev-parse", "HEAD"], in: ws).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let changed = try json(planbench(["blame", "isr-peacetime", "--format", "json"], in: ws).stdout).filter { $0["commit"] as? String == head }
        #expect(changed.count == 1)
        #expect(changed.first?["field"] as? String == "tasks")
        #expect(planbench(["blame", "no-such-plan"], in: ws).status == 2)
    }

    /// The text with each multi-line block scalar's lines re-wrapped at a different width.
    static func reflowingProse(_ text: String) -> String {
        var lines = text.components(separatedBy: "\n")
        var index = 0
        var out: [String] = []
        while index < lines.count {
            let line = lines[index]
            out.append(line)
            index += 1
            guard line.hasSuffix("prose: |") || line.hasSuffix("prose: >") else { continue }
            let indent = String(lines[index].prefix { $0 == " " })
            var words: [Substring] = []
            while index < lines.count, lines[index].hasPrefix(indent), !lines[index].trimmingCharacters(in: .whitespaces).isEmpty {
                words += lines[index].split(separator: " ")
                index += 1
            }
            if line.hasSuffix("|") { out[out.count - 1] = String(line.dropLast()) + ">" }
            var current = indent
            for word in words {
                if current.count + word.count > 50 && current != indent { out.append(current); current = indent }
                current += (current == indent ? "" : " ") + word
            }
            out.append(current)
        }
        lines = out
        return lines.joined(separator: "\n")
    }

    // MARK: SQL

    @Test(arguments: [
        "DELETE FROM plans", "INSERT INTO meta VALUES ('x', 'y')", "DROP TABLE commits", "UPDATE commits SET author = 'x'",
        "CREATE TABLE x(a)", "PRAGMA user_version = 3", "ATTACH DATABASE '/tmp/x.sqlite' AS x",
    ])
    func sqlRefusesWrites(statement: String) throws {
        let scratch = ScratchDirectory()
        let ws = try example(scratch)
        let result = planbench(["sql", statement], in: ws)
        #expect(result.status == 2)
        #expect(result.stderr.contains("refused") || result.stderr.contains("invalid query"), "\(result.stderr)")
        #expect(try json(planbench(["sql", "SELECT count(*) AS n FROM head_plans", "--format", "json"], in: ws).stdout).first?["n"] as? Int == 10)
    }
}

extension IndexTests {
    @Test func reviewDueReadsTheIndexWhenCurrentAndAgreesWithGit() throws {
        let scratch = ScratchDirectory()
        let ws = try example(scratch)
        let fromGit = planbench(["review", "due", "--today", "2026-11-26", "--format", "json"], in: ws)
        #expect(planbench(["index", "rebuild"], in: ws).status == 0)
        #expect(try Workspace.open(at: ws).indexIfCurrent() != nil)
        let fromIndex = planbench(["review", "due", "--today", "2026-11-26", "--format", "json"], in: ws)
        #expect(fromIndex.status == fromGit.status)
        #expect(fromIndex.stdout == fromGit.stdout)
        #expect(fromIndex.stdout.contains("\"plan\""))
    }
}

// MARK: A document's history from the index

extension IndexTests {
    /// What `documentHistory` must equal: the walk of `log(document:)`, without the changed paths it computes.
    func walked(_ workspace: Workspace, _ document: String, limit: Int? = nil) throws -> [CommitInfo] {
        try workspace.log(document: document, limit: limit).map { commit in
            var commit = commit
            commit.changedPaths = []
            return commit
        }
    }

    func expectHistoriesAgree(_ ws: String, _ documents: [String], _ comment: Comment) throws {
        let workspace = try Workspace.open(at: ws)
        try #require(workspace.indexIfCurrent() != nil, "the index must be current, or the walk is compared with itself")
        for document in documents {
            for limit in [nil, 1, 2, 50] as [Int?] {
                let fromIndex = try workspace.documentHistory(document, limit: limit)
                let fromWalk = try walked(workspace, document, limit: limit)
                #expect(fromIndex == fromWalk, "\(comment): \(document), limit \(limit.map(String.init) ?? "none")")
            }
        }
    }

    func planIDs(_ ws: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: ws + "/plans").filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }.sorted()
    }

    @Test func aDocumentsHistoryFromTheIndexEqualsTheWalkThroughRenamesAndMerges() throws {
        let scratch = ScratchDirectory()
        let ws = try example(scratch)
        #expect(planbench(["index", "rebuild"], in: ws).status == 0)
        let plans = try planIDs(ws)
        try #require(plans.count == 10)
        // A line of history (the example's main branch has no merge).
        #expect(try Workspace.open(at: ws).indexIfCurrent()?.hasMergeCommits() == false)
        try expectHistoriesAgree(ws, plans + ["jus-2015", "2026-05-isr-annual", "plans/isr-peacetime.yaml"], "linear history")

        // A rename, then more changes under the new name: the history follows it back.
        #expect(planbench(["rename", "isr-peacetime", "isr-bilateral"], in: ws).status == 0)
        try gitCommit(ws, file: "plans/isr-bilateral.yaml", replacing: "state: in-progress", with: "state: done", message: "Finish the ISR task")
        #expect(planbench(["index", "update"], in: ws).status == 0)
        try #require(try Workspace.open(at: ws).documentHistory("isr-bilateral").count > 3)
        try expectHistoriesAgree(ws, try planIDs(ws), "after a rename")

        // A merge of the review branch: the walk's order is followed.
        let merge = planbench(["merge", "draft/us-review"], in: ws)
        try #require(merge.status == 0, "\(merge.stderr)")
        #expect(planbench(["index", "update"], in: ws).status == 0)
        #expect(try Workspace.open(at: ws).indexIfCurrent()?.hasMergeCommits() == true)
        try expectHistoriesAgree(ws, try planIDs(ws), "after a merge")

        // Without an index, it is the walk itself.
        for suffix in ["", "-wal", "-shm"] { unlink(ws + "/.planbench/index.sqlite" + suffix) }
        let workspace = try Workspace.open(at: ws)
        #expect(workspace.indexIfCurrent() == nil)
        #expect(try workspace.documentHistory("maritime-security") == walked(workspace, "maritime-security"))
        #expect(throws: PlanBenchError.self) { try workspace.documentHistory("no-such-plan") }
    }

    @Test func readingACurrentIndexWritesNothing() throws {
        let scratch = ScratchDirectory()
        let ws = try example(scratch)
        // The first search builds the index; the second reads it as every later reader does.
        #expect(planbench(["search", "boarding"], in: ws).status == 0)
        #expect(planbench(["search", "ballistic"], in: ws).status == 0)
        let file = ws + "/.planbench/index.sqlite"
        func stamps() -> [String] {
            ["", "-wal"].map { suffix in
                var status = stat()
                guard stat(file + suffix, &status) == 0 else { return "\(suffix): missing" }
                return "\(suffix): \(status.st_size) bytes, modified \(status.st_mtim.tv_sec).\(status.st_mtim.tv_nsec)"
            }
        }
        let before = stamps()
        #expect(!before[0].contains("missing"))
        for arguments in [["search", "boarding"], ["log", "--section", "IV.A.1"], ["blame", "isr-peacetime"], ["sql", "SELECT count(*) FROM commits"], ["index", "update"]] {
            let result = planbench(arguments, in: ws)
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
            #expect(stamps() == before, "\(arguments) wrote to the index")
        }
    }
}
