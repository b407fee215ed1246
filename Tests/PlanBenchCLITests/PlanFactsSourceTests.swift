import Foundation
import PlanBench
import PlanDocument
import PlanGit
import Testing

/// `review open`, `coverage` and `review due` read plan facts from the index when
/// there is one and parse the plans when there is none: the answers must be the same.
@Suite struct PlanFactsSourceTests {
    static let today = "2026-11-26"

    /// A generated workspace of 150 plans with a short history (Tools/gen-workspace).
    func generated(_ scratch: ScratchDirectory) throws -> String {
        let python = try requireProgram("/usr/bin/python3", package: "python3")
        _ = try requireProgram("/usr/bin/git", package: "git")
        let ws = scratch.file("plain")
        let made = try runProcess(
            python, [repositoryRoot + "/Tools/gen-workspace", "--plans", "150", "--commits", "6", "--seed", "11", "--today", Self.today, ws],
            environment: ProcessInfo.processInfo.environment)
        try #require(made.status == 0, "gen-workspace: \(made.stderr)")
        return ws
    }

    /// The outputs compared: coverage of the work tree (with one plan edited and not
    /// saved), review due, and the record `review open` commits (opened with a fixed
    /// author and date, so the two workspaces' records can be compared byte for byte).
    func outputs(_ ws: String) throws -> [String] {
        // An unsaved edit: the plan's first pinned citation no longer matches its section.
        let edited = ws + "/plans/plan-00001.yaml"
        let text = try String(contentsOfFile: edited, encoding: .utf8)
        let pin = try #require(text.range(of: "fingerprint: sha256:"))
        try (text.replacingCharacters(in: pin.upperBound..<text.index(pin.upperBound, offsetBy: 4), with: "0000"))
            .write(toFile: edited, atomically: true, encoding: .utf8)
        var results: [String] = []
        for arguments in [["coverage", "--format", "json"], ["review", "due", "--today", Self.today, "--format", "json"]] {
            let result = planbench(arguments, in: ws)
            try #require(result.status == 0 || result.status == 1, "planbench \(arguments.joined(separator: " ")): \(result.stderr)")
            results.append("exit \(result.status)\n\(result.stdout)")
        }
        // Restore the plan: a review reads what is committed and refuses nothing here.
        try text.write(toFile: edited, atomically: true, encoding: .utf8)
        let author = Signature(
            name: "Test Author", email: "test@example.org", date: Date(timeIntervalSince1970: 1_795_000_000), timeZoneOffsetMinutes: 540)
        let workspace = try Workspace.open(at: ws)
        let (record, outcome) = try workspace.openReview(
            id: "q4", type: .periodic, edition: nil, plans: nil, due: nil, today: Self.today, author: author)
        #expect(outcome.commit != nil)
        results.append(String(decoding: YAMLWriter.bytes(of: record.node), as: UTF8.self))
        // After the review: review due also lists it.
        let due = planbench(["review", "due", "--today", "2027-01-30", "--format", "json"], in: ws)
        results.append("exit \(due.status)\n\(due.stdout)")
        return results
    }

    @Test func reviewOpenCoverageAndReviewDueGiveTheSameAnswersWithAndWithoutAnIndex() throws {
        let scratch = ScratchDirectory()
        let plain = try generated(scratch)
        let indexed = scratch.file("indexed")
        try FileManager.default.copyItem(atPath: plain, toPath: indexed)
        let rebuilt = planbench(["index", "rebuild"], in: indexed)
        try #require(rebuilt.status == 0, "\(rebuilt.stderr)")

        let fromGit = try outputs(plain)
        let fromIndex = try outputs(indexed)
        #expect(fromGit.count == fromIndex.count)
        for (git, index) in zip(fromGit, fromIndex) {
            #expect(git == index)
        }
        // The edited plan shows in coverage (a suspect citation), so the work tree was read.
        #expect(fromGit[0].contains("\"suspect\" : true") || fromGit[0].contains("\"suspect\": true"))
        // The review found what the generator planted.
        let record = try DocumentReading.parse(Array(fromGit[2].utf8), path: "reviews/q4.yaml")
        let kinds = Set((record["findings"]?.sequence ?? []).compactMap { $0["kind"]?.string })
        #expect(kinds.isSuperset(of: ["uncovered-section", "review-overdue", "task-overdue", "role-contradiction"]))

        // Without an index the plans were parsed and their facts cached; with one, the
        // facts came from the index (no cache file) and it holds every plan's.
        #expect(FileManager.default.fileExists(atPath: plain + "/.planbench/cache/plan-facts.bin"))
        #expect(!FileManager.default.fileExists(atPath: indexed + "/.planbench/cache/plan-facts.bin"))
        let counted = planbench(
            ["sql", "SELECT count(*) AS n FROM head_documents h JOIN plan_facts f ON f.blob = h.blob WHERE h.kind = 'plan'", "--format", "json"],
            in: indexed)
        try #require(counted.status == 0, "\(counted.stderr)")
        #expect(counted.stdout.contains("150"), "\(counted.stdout)")
    }
}
