import Foundation
import Testing

/// Reviewing revisions: branches, three-dot ranges, ids after `--`.
@Suite struct HistoryNavigationTests {
    func example(_ scratch: ScratchDirectory) throws -> String {
        let result = planbench(["init", "--example", "ws"], in: scratch.path)
        try #require(result.status == 0, "\(result.stderr)")
        return scratch.file("ws")
    }

    @Test func logShowsABranch() throws {
        let scratch = ScratchDirectory()
        let ws = try example(scratch)
        let result = planbench(["log", "draft/us-review", "-n", "1", "--format", "json"], in: ws)
        #expect(result.status == 0, "\(result.stderr)")
        let commits = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]] ?? []
        let tip = try git(["rev-parse", "draft/us-review"], in: ws).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(commits.first?["id"] as? String == tip)
        let ofPlan = planbench(["log", "maritime-security", "--rev", "draft/boarding-support", "--format", "json"], in: ws)
        let ids = (try JSONSerialization.jsonObject(with: Data(ofPlan.stdout.utf8)) as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
        #expect(ids.first == (try git(["rev-parse", "draft/boarding-support"], in: ws).stdout.trimmingCharacters(in: .whitespacesAndNewlines)))
    }

    @Test func threeDotDiffShowsOnlyTheBranchsChangesWithResolvedCommits() throws {
        let scratch = ScratchDirectory()
        let ws = try example(scratch)
        let result = planbench(["diff", "main...draft/us-review", "--format", "json"], in: ws)
        #expect(result.status == 0, "\(result.stderr)")
        let json = try #require(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let base = try git(["merge-base", "main", "draft/us-review"], in: ws).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(json["oldCommit"] as? String == base)
        #expect(json["newCommit"] as? String == (try git(["rev-parse", "draft/us-review"], in: ws).stdout.trimmingCharacters(in: .whitespacesAndNewlines)))
        let paths = (json["documents"] as? [[String: Any]] ?? []).compactMap { $0["path"] as? String }
        #expect(paths == ["plans/disaster-relief.yaml"], "main's later plans must not show as deletions")
        // Two tips compared directly would show main's later work reversed.
        let tips = planbench(["diff", "main", "draft/us-review", "--format", "json"], in: ws)
        #expect(tips.stdout.contains("\"deleted\""))
    }

    @Test func documentsAfterTheTerminatorAreIdsOrPathsThatExist() throws {
        let scratch = ScratchDirectory()
        let ws = try example(scratch)
        let byID = planbench(["diff", "HEAD~5", "HEAD", "--", "maritime-security"], in: ws)
        #expect(byID.status == 0 && byID.stdout.contains("plans/maritime-security.yaml"))
        let missing = planbench(["diff", "HEAD~5", "HEAD", "--", "plans/nosuch.yaml"], in: ws)
        #expect(missing.status == 2 && missing.stderr.contains("no document \"plans/nosuch.yaml\""))
    }

    func commit(_ message: String, in ws: String) throws -> String {
        try git(["log", "--format=%H", "--grep", message], in: ws).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func aGuidelineEditIsGroupedUnderItsSectionWithThePlansItMadeSuspect() throws {
        let scratch = ScratchDirectory()
        let ws = try example(scratch)
        let transcribed = try commit("Transcribe Guidelines IV.A.1 in full", in: ws)
        let result = planbench(["diff", transcribed + "~1", transcribed, "--by-guideline"], in: ws)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("== IV.A.1  Intelligence, Surveillance, and Reconnaissance\n  guidelines/jus-2015.yaml"))
        #expect(!result.stdout.contains("(no Guideline section)"))
        #expect(result.stdout.contains("citations made suspect: plans/isr-peacetime.yaml: concept; plans/isr-peacetime.yaml: collection-coordination"))
        let json = planbench(["diff", transcribed + "~1", transcribed, "--format", "json"], in: ws)
        #expect(json.stdout.contains("\"suspectCitations\""))
    }

    @Test func anAddedPlanIsGroupedByWhatItCites() throws {
        let scratch = ScratchDirectory()
        let ws = try example(scratch)
        let added = try commit("Add the bilateral logistic support plan", in: ws)
        let result = planbench(["diff", added + "~1", added, "--by-guideline"], in: ws)
        #expect(result.status == 0)
        for section in ["IV.A.6", "IV.B.6", "IV.B.7", "IV.C.2.c.iii", "IV.D.5", "V.A.8"] {
            #expect(result.stdout.contains("== \(section) "), "missing group \(section)")
        }
        #expect(!result.stdout.contains("(no Guideline section)"), "\(result.stdout)")
    }
}

/// The HTML diff reads as a review page: revisions at the top, a section per
/// document with its title, added plans as one item, places named by plan
/// section titles, re-wrapped prose left out.
@Suite struct HTMLDiffPageTests {
    @Test func thePageHasOneSectionPerDocumentAndReadableLocations() throws {
        let scratch = ScratchDirectory()
        #expect(planbench(["init", "--example", "ws"], in: scratch.path).status == 0)
        let ws = scratch.file("ws")
        // Re-wrap one paragraph (same words, other line breaks) and change one word elsewhere.
        let path = ws + "/plans/maritime-security.yaml"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let rewrapped = text.replacingOccurrences(of: "schedule each half-year, covering patrols, port visits and bilateral exercises in the\n", with: "schedule each half-year,\n      covering patrols, port visits and bilateral exercises in the\n")
            .replacingOccurrences(of: "Exchange route survey data for the main approach routes", with: "Exchange route survey data for all approach routes")
        try #require(rewrapped != text)
        try rewrapped.write(toFile: path, atomically: true, encoding: .utf8)
        #expect(planbench(["save", "-m", "Re-wrap and reword"], in: ws).status == 0)
        let result = planbench(["diff", "HEAD~13", "HEAD", "--format", "html"], in: ws)
        #expect(result.status == 0, "\(result.stderr)")
        let html = result.stdout
        let head = try git(["rev-parse", "HEAD"], in: ws).stdout.prefix(12)
        #expect(html.contains("<code>\(head)</code>") && html.contains("Test Author"), "the revisions with commit and author")
        #expect(html.contains("Maritime Security and Defense of Maritime Areas <span class=\"file\">plans/maritime-security.yaml</span>"))
        #expect(html.components(separatedBy: "<section class=\"document\">").count - 1 >= 5, "a section per document")
        // An added plan is one item with its whole text folded away, not a row per field.
        let cyber = try #require(html.range(of: "plans/cyber-defense.yaml</span>").map { String(html[$0.upperBound...].prefix(600)) })
        #expect(cyber.contains("Added, 3 sections.") && cyber.contains("<details>") && !cyber.contains("<table>"))
        #expect(html.contains("Content-Security-Policy"))
        let last = planbench(["diff", "HEAD~1", "HEAD", "--format", "html"], in: ws).stdout
        #expect(last.contains("Section sloc-operations \u{201C}Minesweeping and Escort when Another Country Is Attacked\u{201D} \u{203A} tasks \u{203A} ms-t4 \u{203A} title"), "\(last)")
        #expect(!last.contains("[\"plans/"), "no raw document paths as locations")
        #expect(last.contains("1 paragraph was only re-wrapped"))
        #expect(!last.contains("Section presence"), "the re-wrapped prose is not shown as a change")
    }
}
