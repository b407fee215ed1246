import Foundation
import Testing

/// Editing plans from the command line (issue 17): each command's work, and
/// each refusal leaving the file and the history as they were.
@Suite struct EditingCommandTests {
    static let today = "2026-11-26"

    func run(_ arguments: [String], in ws: String, author: String? = nil) -> RunResult {
        var environment = ["PLANBENCH_TODAY": Self.today]
        if let author { environment["PLANBENCH_AUTHOR"] = author }
        return planbench(arguments, in: ws, environment: environment)
    }

    func example(_ scratch: ScratchDirectory) throws -> String {
        let result = planbench(["init", "--example", "ws"], in: scratch.path)
        try #require(result.status == 0, "\(result.stderr)")
        return scratch.file("ws")
    }

    func commitCount(_ ws: String) throws -> Int {
        Int(try git(["rev-list", "--count", "HEAD"], in: ws).stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
    }

    func json(_ result: RunResult) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "not JSON: \(result.stdout)\(result.stderr)")
    }

    /// Runs a command that must be refused (exit 2 unless said otherwise) and
    /// checks that it wrote nothing and committed nothing.
    func expectRefused(
        _ arguments: [String], in ws: String, saying text: String, status: Int32 = 2, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: ws + "/plans").sorted()
        let before = try files.map { try Data(contentsOf: URL(fileURLWithPath: ws + "/plans/" + $0)) }
        let commits = try commitCount(ws)
        let result = run(arguments, in: ws)
        #expect(result.status == status, "\(arguments): \(result.stdout)\(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stderr.contains(text), "\(arguments): expected \"\(text)\" in: \(result.stderr)", sourceLocation: sourceLocation)
        let after = try files.map { try Data(contentsOf: URL(fileURLWithPath: ws + "/plans/" + $0)) }
        #expect(before == after, "\(arguments) changed a file", sourceLocation: sourceLocation)
        #expect(try commitCount(ws) == commits, "\(arguments) committed", sourceLocation: sourceLocation)
    }

    // MARK: Refusals

    @Test func unknownIDsAreRefusedWithTheClosestValidOne() throws {
        let scratch = ScratchDirectory()
        let ws = try example(scratch)
        try expectRefused(["section", "add", "maritime-securty", "x", "--title", "X"], in: ws, saying: "did you mean \"maritime-security\"?")
        try expectRefused(["section", "move", "maritime-security", "ship-inspektion", "--first"], in: ws, saying: "did you mean \"ship-inspection\"?")
        try expectRefused(["section", "add", "maritime-security", "x", "--title", "X", "--after", "ship-inspektion"], in: ws, saying: "(--after); did you mean \"ship-inspection\"?")
        try expectRefused(["section", "rename", "maritime-security", "ship-inspection", "presence"], in: ws, saying: "already has a section \"presence\"")
        try expectRefused(["section", "add", "maritime-security", "presence", "--title", "Again"], in: ws, saying: "already has a section \"presence\"")
        try expectRefused(["section", "add", "maritime-security", "bad id", "--title", "X"], in: ws, saying: "invalid section id")
        try expectRefused(["uncite", "maritime-security", "ship-inspection", "IV.B.3"], in: ws, saying: "does not cite IV.B.3; did you mean \"IV.B.2\"?")
        try expectRefused(["role", "set", "maritime-security", "ship-inspection", "us-force", "support"], in: ws, saying: "unknown actor \"us-force\"; did you mean \"us-forces\"?")
        try expectRefused(["role", "remove", "maritime-security", "ship-inspection", "acm"], in: ws, saying: "gives acm no role")
        try expectRefused(["task", "add", "maritime-security", "ship-inspection", "ms-t1", "--title", "T", "--owner", "jcg"], in: ws, saying: "already has a task \"ms-t1\"")
        try expectRefused(["task", "add", "maritime-security", "ship-inspection", "ms-t9", "--title", "T", "--owner", "jgc"], in: ws, saying: "did you mean \"jcg\"?")
        try expectRefused(["task", "add", "maritime-security", "ship-inspection", "ms-t9", "--title", "T", "--owner", "jcg", "--due", "2027-02-30"], in: ws, saying: "is not a date")
        try expectRefused(["task", "set", "maritime-security", "ms-t7", "--state", "done"], in: ws, saying: "has no task \"ms-t7\"")
        try expectRefused(["task", "list", "--owner", "sfd"], in: ws, saying: "did you mean \"sdf\"?")
        try expectRefused(["rebase-edition", "rear-area-support-1997", "--to", "jus-2016"], in: ws, saying: "did you mean \"jus-2015\"?")
        try expectRefused(["rebase-edition", "maritime-security", "--to", "jus-1997"], in: ws, saying: "no crosswalk from jus-2015 to jus-1997")
        // A role that would make the plan invalid (the schema's enum) never reaches the file.
        try expectRefused(["role", "set", "maritime-security", "ship-inspection", "jcg", "boss"], in: ws, saying: "primary, support-and-supplement")
    }

    @Test func removingASectionWithOpenTasksNeedsForce() throws {
        let scratch = ScratchDirectory()
        let ws = try example(scratch)
        try expectRefused(["section", "remove", "noncombatant-evacuation", "planning"], in: ws, saying: "has tasks not done: neo-t2 (blocked)")
        let forced = run(["section", "remove", "noncombatant-evacuation", "planning", "--force", "--format", "json"], in: ws)
        #expect(forced.status == 0, "\(forced.stderr)")
        let report = try json(forced)
        #expect((report["summary"] as? String)?.contains("not done (--force)") == true)
        #expect((report["patch"] as? [[String: Any]])?.first?["op"] as? String == "remove")
        let text = try String(contentsOfFile: ws + "/plans/noncombatant-evacuation.yaml", encoding: .utf8)
        #expect(!text.contains("id: planning"))
    }

    @Test func aRoleThatContradictsTheCitedSectionsIsReportedAtOnce() throws {
        let scratch = ScratchDirectory()
        let ws = try example(scratch)
        // air-missile-defense/bmd-armed-attack cites IV.C.2.b.ii: the Self-Defense Forces have primary responsibility.
        let wrong = run(["role", "set", "air-missile-defense", "bmd-armed-attack", "us-forces", "primary", "--format", "json"], in: ws)
        #expect(wrong.status == 0, "\(wrong.stderr)")
        let warnings = try json(wrong)["warnings"] as? [[String: Any]] ?? []
        #expect(warnings.contains { ($0["code"] as? String) == "role-contradiction" && ($0["message"] as? String ?? "").contains("us-forces primary") })
        // Setting it right reports nothing and changes only that line.
        let before = try String(contentsOfFile: ws + "/plans/air-missile-defense.yaml", encoding: .utf8)
        let right = run(["role", "set", "air-missile-defense", "bmd-armed-attack", "us-forces", "support-and-supplement"], in: ws)
        #expect(right.status == 0 && !right.stderr.contains("warning"), "\(right.stderr)")
        let after = try String(contentsOfFile: ws + "/plans/air-missile-defense.yaml", encoding: .utf8)
        let changed = zip(before.split(separator: "\n"), after.split(separator: "\n")).filter { $0 != $1 }
        #expect(changed.count == 1 && changed[0].1.contains("responsibility: support-and-supplement"))
    }

    @Test(arguments: [
        (["status", "isr-peacetime", "in-review", "--by", "x"], "--by x goes with superseded only"),
        (["status", "space-cooperation", "superseded"], "names the plan that replaces it"),
        (["status", "space-cooperation", "superseded", "--by", "spac-cooperation"], "did you mean \"space-cooperation\"?"),
        (["status", "space-cooperation", "superseded", "--by", "space-cooperation"], "cannot supersede itself"),
        (["status", "space-cooperation", "draft"], "already draft"),
        (["status", "cyber-defense", "approved"], "only through the two-party approval"),
        (["status", "isr-peacetime", "draft"], "goes back to in-review"),
    ])
    func disallowedTransitionsAreRefused(arguments: [String], message: String) throws {
        let scratch = ScratchDirectory()
        let ws = try example(scratch)
        try expectRefused(arguments, in: ws, saying: message)
    }

    @Test func aStatusChangeThatCannotBeSavedLeavesTheFileAsItWas() throws {
        let scratch = ScratchDirectory()
        let ws = try example(scratch)
        let path = ws + "/plans/space-cooperation.yaml"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        // An unsaved edit that makes the plan invalid: an actor planbench.yaml does not declare.
        try text.replacingOccurrences(of: "owner: sdf", with: "owner: jsdf").write(toFile: path, atomically: true, encoding: .utf8)
        try expectRefused(["status", "space-cooperation", "in-review"], in: ws, saying: "nothing was committed", status: 1)
        try expectRefused(["task", "add", "space-cooperation", "resiliency", "sp-t9", "--title", "T", "--owner", "sdf", "--save", "-m", "x"], in: ws, saying: "nothing was committed", status: 1)
    }

    @Test func statusChangesAreCommittedWithWhoAndWhenAndSupersededPlansLeaveCoverage() throws {
        let scratch = ScratchDirectory()
        let ws = try example(scratch)
        let author = "Yamamoto Aiko <a.yamamoto@example.mod.go.jp>"
        let submitted = run(["status", "space-cooperation", "in-review"], in: ws, author: author)
        #expect(submitted.status == 0, "\(submitted.stderr)")
        let log = try git(["log", "-1", "--format=%an <%ae>|%s", "--", "plans/space-cooperation.yaml"], in: ws).stdout
        #expect(log.trimmingCharacters(in: .newlines) == "\(author)|Status of space-cooperation: draft -> in-review")
        #expect(run(["status", "space-cooperation", "draft"], in: ws).status == 0)
        #expect(run(["status", "isr-peacetime", "in-review", "-m", "Revise ISR for 2027"], in: ws).status == 0)

        let coverage = { (ws: String) throws -> [[String: Any]] in
            try JSONSerialization.jsonObject(with: Data(self.run(["coverage", "--format", "json"], in: ws).stdout.utf8)) as? [[String: Any]] ?? []
        }
        let before = try coverage(ws)
        let superseded = run(["status", "isr-peacetime", "superseded", "--by", "air-missile-defense"], in: ws)
        #expect(superseded.status == 0, "\(superseded.stderr)")
        let text = try String(contentsOfFile: ws + "/plans/isr-peacetime.yaml", encoding: .utf8)
        #expect(text.contains("status: superseded\nsupersededBy: air-missile-defense\n"))
        try expectRefused(["status", "isr-peacetime", "draft"], in: ws, saying: "is superseded")
        try expectRefused(["status", "maritime-security", "superseded", "--by", "isr-peacetime"], in: ws, saying: "is itself superseded (by air-missile-defense)")
        let citing = { (sections: [[String: Any]], section: String) -> [String] in
            let found = sections.first { $0["section"] as? String == section }
            return (found?["plans"] as? [[String: Any]] ?? []).compactMap { $0["plan"] as? String }
        }
        #expect(citing(before, "IV.A.1").contains("isr-peacetime"))
        #expect(!citing(try coverage(ws), "IV.A.1").contains("isr-peacetime"))
        #expect(run(["validate"], in: ws).status == 0)
    }

    @Test func renameMovesTheFileUpdatesReferencesAndHistoryFollows() throws {
        let scratch = ScratchDirectory()
        let ws = try example(scratch)
        // An open review naming the plan, and a plan it supersedes.
        #expect(run(["review", "open", "q4", "--plans", "isr-peacetime", "space-cooperation"], in: ws).status == 0)
        #expect(run(["status", "space-cooperation", "superseded", "--by", "isr-peacetime"], in: ws).status == 0)
        let historyBefore = try json(RunResult(status: 0, stdout: "{\"log\":" + run(["log", "isr-peacetime", "--format", "json"], in: ws).stdout + "}", stderr: ""))["log"] as? [[String: Any]] ?? []
        #expect(historyBefore.count >= 2)

        try expectRefused(["rename", "isr-peacetime", "maritime-security"], in: ws, saying: "a plan maritime-security already exists")
        try expectRefused(["rename", "isr-peacetme", "isr-2027"], in: ws, saying: "did you mean \"isr-peacetime\"?")
        try expectRefused(["rename", "isr-peacetime", "isr peacetime"], in: ws, saying: "invalid plan id")

        let renamed = run(["rename", "isr-peacetime", "isr-bilateral", "--format", "json"], in: ws)
        #expect(renamed.status == 0, "\(renamed.stderr)")
        let report = try json(renamed)
        #expect(report["updated"] as? [String] == ["plans/space-cooperation.yaml", "reviews/q4.yaml"])
        #expect(report["closedReviewsNamingOldId"] as? [String] == ["2026-05-isr-annual"])
        #expect(!FileManager.default.fileExists(atPath: ws + "/plans/isr-peacetime.yaml"))
        let plan = try String(contentsOfFile: ws + "/plans/isr-bilateral.yaml", encoding: .utf8)
        #expect(plan.hasPrefix("id: isr-bilateral\n"))
        #expect(try String(contentsOfFile: ws + "/plans/space-cooperation.yaml", encoding: .utf8).contains("supersededBy: isr-bilateral"))
        let review = try String(contentsOfFile: ws + "/reviews/q4.yaml", encoding: .utf8)
        #expect(review.contains("isr-bilateral") && !review.contains("plan: isr-peacetime"))
        #expect(try String(contentsOfFile: ws + "/reviews/2026-05-isr-annual.yaml", encoding: .utf8).contains("isr-peacetime"))
        // One commit; the history of the plan follows the rename.
        let last = try git(["show", "--stat", "--format=%B", "HEAD"], in: ws).stdout
        #expect(last.contains("Renamed-from: plans/isr-peacetime.yaml"))
        let history = run(["log", "isr-bilateral", "--format", "json"], in: ws).stdout
        let ids = (try JSONSerialization.jsonObject(with: Data(history.utf8)) as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
        #expect(ids.count == historyBefore.count + 1)
        #expect(Array(ids.dropFirst()) == historyBefore.compactMap { $0["id"] as? String })
        #expect(run(["validate"], in: ws).status == 0)
        // diff compares the plan across the rename (by its new or its old id), as one modified document.
        for name in ["isr-bilateral", "isr-peacetime"] {
            let diff = try json(run(["diff", "HEAD~3", "HEAD", "--format", "json", "--", name], in: ws))
            let documents = diff["documents"] as? [[String: Any]] ?? []
            #expect(documents.count == 1)
            #expect(documents.first?["path"] as? String == "plans/isr-bilateral.yaml")
            #expect(documents.first?["change"] as? String == "modified")
            #expect(documents.first?["renamedFrom"] as? String == "plans/isr-peacetime.yaml")
        }
        let whole = run(["diff", "HEAD~1", "HEAD"], in: ws).stdout
        #expect(whole.contains("plans/isr-bilateral.yaml (modified, renamed from plans/isr-peacetime.yaml)"), "\(whole)")
        #expect(!whole.contains("plans/isr-peacetime.yaml (deleted)"))
        // A refresh of the open review keeps its findings about the plan under the new id.
        let refreshed = run(["review", "refresh", "q4", "--format", "json"], in: ws)
        #expect(refreshed.status == 0, "\(refreshed.stderr)")
        let findings = try json(refreshed)["findings"] as? [[String: Any]] ?? []
        #expect(!findings.contains { ($0["target"] as? [String: Any])?["plan"] as? String == "isr-peacetime" })
        #expect(findings.filter { ($0["status"] as? String) == "resolved" }.isEmpty, "renaming resolved nothing")
    }

    @Test func blameFollowsARename() throws {
        let scratch = ScratchDirectory()
        let ws = try example(scratch)
        func head() throws -> String { try git(["rev-parse", "HEAD"], in: ws).stdout.trimmingCharacters(in: .whitespacesAndNewlines) }
        func blame(_ plan: String) throws -> [String: String] {
            let result = run(["blame", plan, "--format", "json"], in: ws)
            try #require(result.status == 0, "\(result.stderr)")
            let entries = try #require(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
            var byField: [String: String] = [:]
            for entry in entries {
                let name = ((entry["planSection"] as? String).map { $0 + "." } ?? "") + (entry["field"] as? String ?? "?")
                byField[name] = entry["commit"] as? String ?? "(none)"
            }
            return byField
        }
        // Create, edit, rename, edit again: one commit each.
        #expect(run(["new", "plan", "port-access", "--title", "Access to ports"], in: ws).status == 0)
        #expect(run(["save", "-m", "Draft port access"], in: ws).status == 0)
        let created = try head()
        let edited = run(["section", "add", "port-access", "berthing", "--title", "Berthing", "--prose", "Berths are assigned by the port authority.", "--save", "-m", "Add berthing"], in: ws)
        #expect(edited.status == 0, "\(edited.stderr)")
        let addedBerthing = try head()
        // The index exists before the rename (it is then brought up to date, not rebuilt).
        _ = try blame("port-access")
        let renamed = run(["rename", "port-access", "harbour-access"], in: ws)
        #expect(renamed.status == 0, "\(renamed.stderr)")
        let rename = try head()
        let again = run(["section", "add", "harbour-access", "pilots", "--title", "Pilots", "--after", "berthing", "--save", "-m", "Add pilots"], in: ws)
        #expect(again.status == 0, "\(again.stderr)")
        let addedPilots = try head()
        for attempt in ["updated", "rebuilt"] {
            if attempt == "rebuilt" { #expect(run(["index", "rebuild"], in: ws).status == 0) }
            let fields = try blame("harbour-access")
            #expect(fields["title"] == created, "\(attempt): \(fields)")
            #expect(fields["berthing.title"] == addedBerthing && fields["berthing.prose"] == addedBerthing, "\(attempt): \(fields)")
            #expect(fields["pilots.title"] == addedPilots, "\(attempt): \(fields)")
            // The rename changed only the id, which blame does not list: no field is charged to it.
            #expect(!fields.values.contains(rename), "\(attempt): \(fields)")
            #expect(fields["overview.title"] == created && fields["status"] == created, "\(attempt): \(fields)")
            #expect(!fields.values.contains("(none)"), "\(attempt): \(fields)")
        }
        // A new plan under the old id starts its own history.
        #expect(run(["new", "plan", "port-access", "--title", "Access to ports again"], in: ws).status == 0)
        #expect(run(["save", "-m", "A new port access plan"], in: ws).status == 0)
        let reused = try head()
        #expect(try blame("port-access").values.allSatisfy { $0 == reused })
    }

    @Test func renamingASectionUpdatesOpenReviewsInTheSameCommitAndLeavesClosedOnesAlone() throws {
        let scratch = ScratchDirectory()
        let ws = try example(scratch)
        // An open review with a person's finding on isr-peacetime/collection-coordination, and a
        // comment put in its record by hand (kept byte for byte); the closed review 2026-05-isr-annual
        // names the same section.
        #expect(run(["review", "open", "q4", "--plans", "isr-peacetime"], in: ws).status == 0)
        let added = run(["review", "add-finding", "q4", "--plan", "isr-peacetime", "--section", "collection-coordination", "--severity", "medium", "--note", "Who tasks the assets at night?"], in: ws)
        #expect(added.status == 0, "\(added.stderr)")
        let openPath = ws + "/reviews/q4.yaml", closedPath = ws + "/reviews/2026-05-isr-annual.yaml"
        var record = try String(contentsOfFile: openPath, encoding: .utf8)
        record = record.replacingOccurrences(of: "\nfindings:\n", with: "\n# Findings as of the November meeting\nfindings:\n")
        try record.write(toFile: openPath, atomically: true, encoding: .utf8)
        #expect(run(["save", "-m", "Note on the q4 record"], in: ws).status == 0)
        let closedBefore = try Data(contentsOf: URL(fileURLWithPath: closedPath))
        let openBefore = try String(contentsOfFile: openPath, encoding: .utf8)
        try #require(openBefore.contains("planSection: collection-coordination"))
        let commits = try commitCount(ws)

        // In the work tree first: the plan and the open review change together, nothing is committed.
        let edited = run(["section", "rename", "isr-peacetime", "collection-coordination", "collection", "--format", "json"], in: ws)
        #expect(edited.status == 0, "\(edited.stderr)")
        let report = try json(edited)
        #expect(report["updated"] as? [String] == ["reviews/q4.yaml"])
        let notes = report["notes"] as? [String] ?? []
        #expect(notes.contains { $0.contains("2026-05-isr-annual is closed") }, "\(notes)")
        #expect(try commitCount(ws) == commits)
        let openAfter = try String(contentsOfFile: openPath, encoding: .utf8)
        // Only the section ids of its findings about that section changed: every other byte is kept.
        let mentions = openBefore.components(separatedBy: "planSection: collection-coordination\n").count - 1
        #expect(mentions >= 1)
        #expect(openAfter == openBefore.replacingOccurrences(of: "planSection: collection-coordination\n", with: "planSection: collection\n"))
        #expect(openAfter.contains("# Findings as of the November meeting\n"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: closedPath)) == closedBefore)
        let status = try git(["status", "--porcelain"], in: ws).stdout
        #expect(status.contains("reviews/q4.yaml") && status.contains("plans/isr-peacetime.yaml") && !status.contains("2026-05-isr-annual"), "\(status)")
        // A refresh of the review matches the finding under the section's new id: nothing resolved, nothing new about it.
        #expect(run(["save", "-m", "Rename the section"], in: ws).status == 0)
        let refreshed = try json(run(["review", "refresh", "q4", "--format", "json"], in: ws))
        let findings = refreshed["findings"] as? [[String: Any]] ?? []
        #expect(!findings.contains { ($0["target"] as? [String: Any])?["planSection"] as? String == "collection-coordination" })
        #expect(findings.filter { ($0["status"] as? String) == "resolved" }.isEmpty, "renaming resolved nothing")

        // With --save: one commit holding the plan and the open review; the closed review untouched.
        let before = try commitCount(ws)
        let saved = run(["section", "rename", "isr-peacetime", "collection", "tasking", "--save", "-m", "Rename collection to tasking"], in: ws)
        #expect(saved.status == 0, "\(saved.stderr)")
        #expect(try commitCount(ws) == before + 1)
        let files = try git(["show", "--name-only", "--format=", "HEAD"], in: ws).stdout.split(separator: "\n").map(String.init).sorted()
        #expect(files == ["plans/isr-peacetime.yaml", "reviews/q4.yaml"], "\(files)")
        #expect(try git(["status", "--porcelain"], in: ws).stdout.isEmpty)
        #expect(try String(contentsOfFile: openPath, encoding: .utf8).contains("planSection: tasking\n"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: closedPath)) == closedBefore)
        #expect(run(["validate"], in: ws).status == 0)
    }

    @Test func rebaseEditionMovesThe1997PlanThroughTheCrosswalk() throws {
        let scratch = ScratchDirectory()
        let ws = try example(scratch)
        let path = ws + "/plans/rear-area-support-1997.yaml"
        let original = try String(contentsOfFile: path, encoding: .utf8)
        let result = run(["rebase-edition", "rear-area-support-1997", "--to", "jus-2015", "--format", "json"], in: ws)
        #expect(result.status == 0, "\(result.stderr)")
        let report = try json(result)
        let citations = report["citations"] as? [[String: Any]] ?? []
        let actions = citations.map { "\($0["planSection"] as? String ?? "") \($0["from"] as? String ?? "") \($0["action"] as? String ?? "")" }
        #expect(actions == [
            "scope V choose", "rear-area-support V choose", "rear-area-support VI choose", "transition IV.1 suspect",
            "defense-of-japan IV.2.(1) suspect",
        ])
        let scope = try #require(citations.first)
        #expect((scope["commands"] as? [String])?.first == "planbench cite rear-area-support-1997 scope IV.B --edition jus-2015")
        #expect((scope["commands"] as? [String])?.last == "planbench uncite rear-area-support-1997 scope V --edition jus-1997")
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains("edition: jus-2015\nowners:"))
        #expect(text.contains("      - edition: jus-2015\n        section: IV.C.1\n"))
        #expect(text.contains("      - edition: jus-1997\n        section: V\n"))
        // Only the edition and the two renumbered citations changed.
        let changed = zip(original.split(separator: "\n"), text.split(separator: "\n")).filter { $0 != $1 }
        #expect(changed.count == 5 && original.split(separator: "\n").count == text.split(separator: "\n").count)
        // The rewritten sections are suspect until reviewed; the hint re-pins them.
        let warnings = (report["warnings"] as? [[String: Any]] ?? []).filter { $0["code"] as? String == "suspect-citation" }
        #expect(warnings.count == 2)
        #expect(run(["save", "-m", "Move the rear-area plan to the 2015 Guidelines"], in: ws).status == 0)
        #expect(run(["cite", "rear-area-support-1997", "transition", "--refresh"], in: ws).status == 0)
        // Choosing for the split section with the listed commands.
        #expect(run(["cite", "rear-area-support-1997", "scope", "IV.B", "--edition", "jus-2015"], in: ws).status == 0)
        #expect(run(["uncite", "rear-area-support-1997", "scope", "V", "--edition", "jus-1997", "--save", "-m", "Scope cites IV.B"], in: ws).status == 0)
        let validate = run(["validate", "--format", "json"], in: ws)
        let problems = try JSONSerialization.jsonObject(with: Data(validate.stdout.utf8)) as? [[String: Any]] ?? []
        let suspect = problems.filter { $0["file"] as? String == "plans/rear-area-support-1997.yaml" && $0["code"] as? String == "suspect-citation" }
        #expect(suspect.count == 1, "defense-of-japan stays suspect until reviewed")
        try expectRefused(["rebase-edition", "rear-area-support-1997", "--to", "jus-2015"], in: ws, saying: "already implements jus-2015")
    }

    @Test func taskListSpansTheWorkspace() throws {
        let scratch = ScratchDirectory()
        let ws = try example(scratch)
        let overdue = run(["task", "list", "--overdue", "--format", "json"], in: ws)
        #expect(overdue.status == 0, "\(overdue.stderr)")
        let tasks = try JSONSerialization.jsonObject(with: Data(overdue.stdout.utf8)) as? [[String: Any]] ?? []
        #expect(tasks.map { "\($0["plan"] as? String ?? "")/\($0["id"] as? String ?? "")" } == ["noncombatant-evacuation/neo-t2", "noncombatant-evacuation/neo-t3"])
        #expect(run(["task", "set", "noncombatant-evacuation", "neo-t2", "--state", "done", "--save", "-m", "NEO routes agreed"], in: ws).status == 0)
        let after = run(["task", "list", "--overdue"], in: ws).stdout
        #expect(!after.contains("neo-t2") && after.contains("neo-t3"))
        let mine = run(["task", "list", "--owner", "jcg", "--format", "json"], in: ws).stdout
        let owners = Set((try JSONSerialization.jsonObject(with: Data(mine.utf8)) as? [[String: Any]] ?? []).compactMap { $0["owner"] as? String })
        #expect(owners == ["jcg"])
    }

    @Test func saveCommitsAtOnceAndMNeedsSave() throws {
        let scratch = ScratchDirectory()
        let ws = try example(scratch)
        let count = try commitCount(ws)
        let saved = run(["task", "add", "maritime-security", "ship-inspection", "ms-t9", "--title", "Night boarding procedure", "--owner", "jcg", "--save", "-m", "Night boarding task", "--format", "json"], in: ws)
        #expect(saved.status == 0, "\(saved.stderr)")
        #expect(try json(saved)["commit"] is String)
        #expect(try commitCount(ws) == count + 1)
        #expect(try git(["status", "--porcelain"], in: ws).stdout.isEmpty)
        let due = try String(contentsOfFile: ws + "/plans/maritime-security.yaml", encoding: .utf8)
        #expect(due.contains("id: ms-t9"))
        try expectRefused(["task", "set", "maritime-security", "ms-t9", "--state", "done", "-m", "x"], in: ws, saying: "-m is the message of --save")
        try expectRefused(["task", "set", "maritime-security", "ms-t9"], in: ws, saying: "nothing to set")
    }

    @Test func aMovedSectionTakesItsCommentsAndARenamedOneKeepsThem() throws {
        let scratch = ScratchDirectory()
        let ws = try example(scratch)
        let path = ws + "/plans/maritime-security.yaml"
        var text = try String(contentsOfFile: path, encoding: .utf8)
        text = text.replacingOccurrences(of: "\n  - id: ship-inspection\n", with: "\n  # Boarding rules: see annex C\n  - id: ship-inspection  # J3 owns this\n")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        #expect(run(["section", "move", "maritime-security", "ship-inspection", "--first"], in: ws).status == 0)
        let moved = try String(contentsOfFile: path, encoding: .utf8)
        #expect(moved.contains("sections:\n  # Boarding rules: see annex C\n  - id: ship-inspection  # J3 owns this\n"))
        #expect(run(["section", "rename", "maritime-security", "ship-inspection", "boarding"], in: ws).status == 0)
        let renamed = try String(contentsOfFile: path, encoding: .utf8)
        #expect(renamed == moved.replacingOccurrences(of: "  - id: ship-inspection  # J3 owns this\n", with: "  - id: boarding\n"))
    }

    /// The README's "Drafting from the command line" blocks: each `planbench` line as a command.
    static func readmeTour() throws -> [[[String]]] {
        let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("README.md")
        let text = try String(contentsOf: readme, encoding: .utf8)
        let start = try #require(text.range(of: "## Drafting from the command line\n"))
        let section = text[start.upperBound...]
        let body = section.range(of: "\n## ").map { section[..<$0.lowerBound] } ?? section
        var blocks: [[[String]]] = []
        var current: [[String]]?
        for line in body.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("```sh") { current = [] } else if line.hasPrefix("```") {
                if let current { blocks.append(current) }
                current = nil
            } else if current != nil, line.hasPrefix("planbench ") {
                current!.append(Array(Self.words(String(line)).dropFirst()))
            }
        }
        return blocks
    }

    /// Shell words: double-quoted strings kept whole, `#` after a space starts a comment.
    static func words(_ line: String) -> [String] {
        var words: [String] = []
        var word = ""
        var inWord = false, quoted = false
        var previous: Character = " "
        for c in line {
            if quoted {
                if c == "\"" { quoted = false } else { word.append(c) }
            } else if c == "\"" {
                quoted = true
                inWord = true
            } else if c == "#" && previous == " " {
                break
            } else if c == " " {
                if inWord { words.append(word) }
                word = ""
                inWord = false
            } else {
                word.append(c)
                inWord = true
            }
            previous = c
        }
        if inWord { words.append(word) }
        return words
    }

    @Test func theReadmeTourDraftsAPlanToInReviewWithoutAnEditor() throws {
        let scratch = ScratchDirectory()
        let ws = try example(scratch)
        let blocks = try Self.readmeTour()
        try #require(blocks.count == 2 && blocks[0].count >= 10)
        let environment = ["PLANBENCH_TODAY": Self.today, "EDITOR": "/bin/false", "VISUAL": "/bin/false"]
        for (n, block) in blocks.enumerated() {
            for arguments in block {
                let result = planbench(arguments, in: ws, environment: environment)
                #expect(result.status == 0, "planbench \(arguments.joined(separator: " ")): \(result.stderr)")
                if arguments.contains("primary") {
                    #expect(result.stderr.contains("warning: section concept gives us-forces primary responsibility, but jus-2015 IV.A.4 says us-forces has cooperate"))
                }
            }
            if n == 0 {
                let plan = try String(contentsOfFile: ws + "/plans/asset-protection.yaml", encoding: .utf8)
                #expect(plan.contains("status: in-review"))
                #expect(try git(["status", "--porcelain"], in: ws).stdout.isEmpty, "everything committed")
                let validate = run(["validate", "plans/asset-protection.yaml"], in: ws)
                #expect(validate.status == 0 && !validate.stderr.contains("warning"), "\(validate.stderr)")
            }
        }
        #expect(FileManager.default.fileExists(atPath: ws + "/plans/mutual-asset-protection.yaml"))
        #expect(try git(["status", "--porcelain"], in: ws).stdout.isEmpty, "everything committed")
    }
}
