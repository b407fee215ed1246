import Foundation
import Testing

/// The adequacy review on the example workspace, through the commands users run.
/// "Today" is the corpus date, so the overdue rules give the same answer every day.
private let today = "2026-11-26"
private let japanSigner = "Sato Hanako <h.sato@example.mod.go.jp>"
private let usSigner = "Emily Carter <emily.carter@example.mil>"

private func run(_ arguments: [String], in ws: String, author: String? = nil, today date: String = today) -> RunResult {
    var environment = ["PLANBENCH_TODAY": date]
    if let author { environment["PLANBENCH_AUTHOR"] = author }
    return planbench(arguments, in: ws, environment: environment)
}

private func json(_ result: RunResult) throws -> [String: Any] {
    try #require(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "not JSON: \(result.stdout)\(result.stderr)")
}

private func findings(_ record: [String: Any]) -> [[String: Any]] { record["findings"] as? [[String: Any]] ?? [] }

/// `kind target` for each finding, e.g. `task-overdue noncombatant-evacuation/planning task neo-t2`.
private func labels(_ record: [String: Any]) -> [String] {
    findings(record).map { finding in
        let target = finding["target"] as? [String: String] ?? [:]
        let parts = ["plan", "planSection", "edition", "guidelineSection", "actor", "task", "party"].compactMap { key in target[key].map { "\(key)=\($0)" } }
        return "\(finding["kind"] as? String ?? "?") " + parts.joined(separator: " ")
    }.sorted()
}

private func exampleWorkspace(_ scratch: ScratchDirectory) throws -> String {
    let result = planbench(["init", "--example", "ws"], in: scratch.path)
    try #require(result.status == 0, "\(result.stderr)")
    return scratch.file("ws")
}

private func commitCount(_ ws: String) throws -> Int {
    Int(try git(["rev-list", "--count", "HEAD"], in: ws).stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
}

/// The findings `review open` computes on the untouched example: exactly the
/// deliberate defects that Plans/README.md lists by kind.
let exampleDefects: [String] = (
    [
        "I", "II.A", "II.B", "II.C", "II.D", "III.B", "III.C", "IV.A.4", "IV.B.3", "IV.B.4", "IV.B.5", "IV.C.2.c.ii",
        "IV.C.2.c.iv", "IV.C.2.c.v", "IV.D.2", "IV.D.4", "V.A.1", "V.A.2", "V.A.3", "V.A.4", "V.A.6", "V.A.7", "V.B",
        "VII.A", "VII.C", "VIII",
    ].map { "uncovered-section edition=jus-2015 guidelineSection=\($0)" } + [
        "role-contradiction plan=air-missile-defense planSection=bmd-armed-attack edition=jus-2015 guidelineSection=IV.C.2.b.ii actor=us-forces",
        "role-contradiction plan=air-missile-defense planSection=bmd-armed-attack edition=jus-2015 guidelineSection=IV.C.2.b.ii actor=sdf",
        "role-contradiction plan=rear-area-support-1997 planSection=rear-area-support edition=jus-1997 guidelineSection=V actor=japan",
        "suspect-citation plan=isr-peacetime planSection=concept edition=jus-2015 guidelineSection=IV.A.1",
        "suspect-citation plan=isr-peacetime planSection=collection-coordination edition=jus-2015 guidelineSection=IV.A.1",
        "superseded-edition plan=rear-area-support-1997 edition=jus-1997",
        "review-overdue plan=noncombatant-evacuation",
        "task-overdue plan=noncombatant-evacuation planSection=planning task=neo-t2",
        "task-overdue plan=noncombatant-evacuation planSection=exercises task=neo-t3",
    ]
).sorted()

@Suite struct ReviewFindingTests {
    @Test func openOnTheExampleFindsExactlyTheDeliberateDefects() throws {
        let scratch = ScratchDirectory()
        let ws = try exampleWorkspace(scratch)
        let before = try commitCount(ws)
        let result = run(["review", "open", "q4", "--format", "json"], in: ws)
        #expect(result.status == 0, "\(result.stderr)")
        let record = try json(result)
        #expect(labels(record) == exampleDefects)
        #expect(record["state"] as? String == "open")
        #expect((record["baseline"] as? String)?.count == 40)
        #expect((record["scope"] as? [String])?.count == 10)
        #expect(try commitCount(ws) == before + 1, "one commit for the record")
        #expect(try git(["status", "--porcelain"], in: ws).stdout.isEmpty)
        // Every computed finding names its check, its evidence and a stable id.
        for finding in findings(record) {
            #expect((finding["origin"] as? String) == "check:\(finding["kind"] as? String ?? "")")
            #expect((finding["id"] as? String)?.hasPrefix("F-") == true)
            #expect(((finding["evidence"] as? [String: String])?["location"] ?? "").contains(":"))
        }
        // validate and the review use one role rule: the same contradictions.
        let validate = try JSONSerialization.jsonObject(with: Data(run(["validate", "--format", "json"], in: ws).stdout.utf8)) as? [[String: Any]] ?? []
        #expect(validate.filter { $0["code"] as? String == "role-contradiction" }.count == 3)
    }

    /// One defect of each kind, made on a copy of the example and then undone:
    /// the refresh after the change finds exactly it; the refresh after the
    /// fix marks exactly it resolved, by the fixing commit.
    @Test(arguments: [
        ("uncovered-section", "plans/maritime-security.yaml", #"(      - edition: jus-2015\n        section: )IV\.D\.3\n        fingerprint: [^\n]*\n"#, "$1IV.A.3\n"),
        ("role-contradiction", "plans/maritime-security.yaml", #"(      - actor: us-forces\n        responsibility: )support-and-supplement\n"#, "$1primary\n"),
        ("withdrawn-section", "plans/rear-area-support-1997.yaml", #"(      - edition: jus-1997\n        section: V\n        fingerprint: [^\n]*\n)"#, "$1      - edition: jus-1997\n        section: VII\n"),
        ("superseded-edition", "plans/space-cooperation.yaml", #"\nedition: jus-2015\n"#, "\nedition: jus-1997\n"),
        ("review-overdue", "plans/maritime-security.yaml", #"lastReviewed: 2026-03-18"#, "lastReviewed: 2025-03-18"),
        ("task-overdue", "plans/maritime-security.yaml", #"        due: 2026-12-20"#, "        due: 2026-10-20"),
        ("missing-party-owner", "plans/maritime-security.yaml", #"(    email: laura\.chen@example\.mil\n)    party: united-states\n"#, "$1"),
    ])
    func oneDefectIsFoundThenResolved(kind: String, path: String, pattern: String, replacement: String) throws {
        let scratch = ScratchDirectory()
        let ws = try exampleWorkspace(scratch)
        #expect(run(["review", "open", "q4"], in: ws).status == 0)
        let file = ws + "/" + path
        let text = try String(contentsOfFile: file, encoding: .utf8)
        let expression = try NSRegularExpression(pattern: pattern)
        let match = try #require(expression.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)), "the example changed: \(path) has no match for \(pattern)")
        let broken = (text as NSString).replacingCharacters(
            in: match.range, with: expression.replacementString(for: match, in: text, offset: 0, template: replacement))
        try broken.write(toFile: file, atomically: true, encoding: .utf8)
        let introduced = run(["save", "-m", "Introduce a \(kind)"], in: ws)
        try #require(introduced.status == 0, "\(introduced.stderr)")

        var refresh = try json(run(["review", "refresh", "q4", "--format", "json"], in: ws))
        let added = (refresh["refresh"] as? [String: Any])?["added"] as? [String] ?? []
        #expect(added.count == 1, "\(kind): \(labels(refresh).filter { !exampleDefects.contains($0) })")
        let new = findings(refresh).first { added.contains($0["id"] as? String ?? "") }
        #expect(new?["kind"] as? String == kind)
        #expect(((refresh["refresh"] as? [String: Any])?["resolved"] as? [String] ?? []).isEmpty)

        try text.write(toFile: file, atomically: true, encoding: .utf8)
        #expect(run(["save", "-m", "Fix the \(kind)"], in: ws).status == 0)
        let fixCommit = try git(["rev-parse", "HEAD"], in: ws).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        refresh = try json(run(["review", "refresh", "q4", "--format", "json"], in: ws))
        #expect((refresh["refresh"] as? [String: Any])?["resolved"] as? [String] == added)
        let fixed = findings(refresh).first { added.contains($0["id"] as? String ?? "") }
        #expect(fixed?["status"] as? String == "resolved")
        #expect(fixed?["resolvedBy"] as? String == fixCommit)
        #expect(labels(refresh).count == exampleDefects.count + 1, "the resolved finding stays on the record")
    }

    @Test func refreshKeepsDispositionsAndIDs() throws {
        let scratch = ScratchDirectory()
        let ws = try exampleWorkspace(scratch)
        let opened = try json(run(["review", "open", "q4", "--format", "json"], in: ws))
        let suspect = try #require(findings(opened).first { $0["kind"] as? String == "suspect-citation" }?["id"] as? String)
        #expect(run(["review", "dispose", "q4", suspect, "--accept", "--rationale", "Reviewed: the new sentence changes nothing"], in: ws).status == 0)
        let refreshed = try json(run(["review", "refresh", "q4", "--format", "json"], in: ws, today: "2026-11-27"))
        #expect(labels(refreshed) == exampleDefects)
        let finding = findings(refreshed).first { $0["id"] as? String == suspect }
        #expect(finding?["status"] as? String == "accepted")
        #expect((finding?["log"] as? [[String: Any]])?.map { $0["action"] as? String ?? "" } == ["found", "accept"])
    }

    @Test func aNotApplicableSectionOfAClosedReviewIsNotFoundAgainUntilItExpires() throws {
        let scratch = ScratchDirectory()
        let ws = try exampleWorkspace(scratch)
        let opened = try json(run(["review", "open", "q4", "--format", "json"], in: ws))
        for finding in findings(opened) {
            let id = finding["id"] as! String
            let isRefugees = (finding["target"] as? [String: String])?["guidelineSection"] == "IV.B.3"
            let args = isRefugees ? ["--not-applicable", "--until", "2027-06-30"] : ["--accept"]
            #expect(run(["review", "dispose", "q4", id] + args + ["--rationale", "test"], in: ws).status == 0)
        }
        #expect(run(["review", "decide", "q4", "--decision", "adequate-with-actions"], in: ws).status == 0)
        #expect(run(["review", "sign", "q4", "--party", "japan", "--meaning", "concurred"], in: ws, author: japanSigner).status == 0)
        #expect(run(["review", "sign", "q4", "--party", "united-states", "--meaning", "concurred"], in: ws, author: usSigner).status == 0)
        #expect(run(["review", "close", "q4", "--decision", "adequate-with-actions"], in: ws).status == 0)
        let next = try json(run(["review", "open", "q1", "--format", "json"], in: ws, today: "2027-01-10"))
        #expect(!labels(next).contains("uncovered-section edition=jus-2015 guidelineSection=IV.B.3"))
        let later = try json(run(["review", "open", "q3", "--format", "json"], in: ws, today: "2027-07-01"))
        #expect(labels(later).contains("uncovered-section edition=jus-2015 guidelineSection=IV.B.3"))
    }
}

@Suite struct ReviewWorkflowTests {
    /// Opens q4 and disposes every finding; returns the workspace.
    func disposedReview(_ scratch: ScratchDirectory) throws -> String {
        let ws = try exampleWorkspace(scratch)
        let opened = try json(run(["review", "open", "q4", "--format", "json"], in: ws))
        for finding in findings(opened) {
            let result = run(["review", "dispose", "q4", finding["id"] as! String, "--remediate", "--owner", "japan", "--deadline", "2027-03-31", "--rationale", "to fix"], in: ws)
            try #require(result.status == 0, "\(result.stderr)")
        }
        return ws
    }

    @Test func fullReviewClosesWithBothPartiesAndSetsLastReviewed() throws {
        let scratch = ScratchDirectory()
        let ws = try disposedReview(scratch)
        // A comment in a plan survives the close, which sets lastReviewed in place.
        let planPath = ws + "/plans/maritime-security.yaml"
        let plan = try String(contentsOfFile: planPath, encoding: .utf8)
        let commented = "# Owned by the maritime working group\n" + plan.replacingOccurrences(of: "status: approved", with: "status: approved  # confirmed in October")
        try commented.write(toFile: planPath, atomically: true, encoding: .utf8)
        #expect(run(["save", "-m", "Comment the maritime plan"], in: ws).status == 0)
        #expect(run(["review", "decide", "q4", "--decision", "adequate-with-actions", "--rationale", "Remediation under way"], in: ws).status == 0)
        #expect(run(["review", "sign", "q4", "--party", "japan", "--meaning", "concurred"], in: ws, author: japanSigner).status == 0)
        #expect(run(["review", "sign", "q4", "--party", "united-states", "--meaning", "concurred"], in: ws, author: usSigner).status == 0)
        let closed = run(["review", "close", "q4", "--decision", "adequate-with-actions", "--format", "json"], in: ws, today: "2026-11-30")
        #expect(closed.status == 0, "\(closed.stderr)")
        let record = try json(closed)
        #expect(record["state"] as? String == "closed")
        #expect(record["closed"] as? String == "2026-11-30")
        #expect(record["nextReview"] as? String == "2027-11-30")
        #expect((record["signoffs"] as? [[String: Any]])?.allSatisfy { $0["current"] as? Bool == true } == true)
        let after = try String(contentsOfFile: planPath, encoding: .utf8)
        #expect(after == commented.replacingOccurrences(of: "lastReviewed: 2026-03-18", with: "lastReviewed: 2026-11-30"),
            "only the lastReviewed value changes; comments and layout stay")
        // One commit changed the record and all ten plans; git agrees the tree is clean.
        let files = try git(["show", "--name-only", "--format=", "HEAD"], in: ws).stdout.split(separator: "\n")
        #expect(files.count == 11 && files.contains("reviews/q4.yaml"))
        #expect(try git(["status", "--porcelain"], in: ws).stdout.isEmpty)
        #expect(try git(["log", "-1", "--format=%an", "HEAD"], in: ws).stdout.hasPrefix("Test Author"))
    }

    @Test func signIsRefusedForSomeoneWhoIsNotASignerOfThatParty() throws {
        let scratch = ScratchDirectory()
        let ws = try disposedReview(scratch)
        let before = try commitCount(ws)
        let stranger = run(["review", "sign", "q4", "--party", "japan", "--meaning", "reviewed"], in: ws)
        #expect(stranger.status == 2)
        #expect(stranger.stderr.contains("test@example.org is not a signer of japan"))
        #expect(stranger.stderr.contains("Sato Hanako"))
        let otherParty = run(["review", "sign", "q4", "--party", "united-states", "--meaning", "reviewed"], in: ws, author: japanSigner)
        #expect(otherParty.status == 2 && otherParty.stderr.contains("not a signer of united-states"))
        let noParty = run(["review", "sign", "q4", "--party", "france", "--meaning", "reviewed"], in: ws, author: japanSigner)
        #expect(noParty.status == 2 && noParty.stderr.contains("unknown party"))
        #expect(try commitCount(ws) == before, "a refused sign-off commits nothing")
    }

    @Test func concurrenceIsRefusedBeforeEveryFindingIsDisposedAndADecisionProposed() throws {
        let scratch = ScratchDirectory()
        let ws = try exampleWorkspace(scratch)
        #expect(run(["review", "open", "q4"], in: ws).status == 0)
        let early = run(["review", "sign", "q4", "--party", "japan", "--meaning", "concurred"], in: ws, author: japanSigner)
        #expect(early.status == 1)
        #expect(early.stderr.contains("35 findings are not disposed"))
        #expect(early.stderr.contains("no decision is proposed"))
        #expect(run(["review", "sign", "q4", "--party", "japan", "--meaning", "reviewed"], in: ws, author: japanSigner).status == 0)
    }

    @Test func closeIsRefusedWithEveryReasonUntilBothPartiesConcurOnTheCurrentContent() throws {
        let scratch = ScratchDirectory()
        let ws = try exampleWorkspace(scratch)
        let opened = try json(run(["review", "open", "q4", "--format", "json"], in: ws))
        var refused = run(["review", "close", "q4", "--decision", "adequate"], in: ws)
        #expect(refused.status == 1)
        for reason in ["35 findings are not disposed", "no decision is proposed", "party japan has not concurred", "party united-states has not concurred"] {
            #expect(refused.stderr.contains(reason), "missing reason: \(reason)\n\(refused.stderr)")
        }
        for finding in findings(opened) {
            #expect(run(["review", "dispose", "q4", finding["id"] as! String, "--accept", "--rationale", "ok"], in: ws).status == 0)
        }
        #expect(run(["review", "decide", "q4", "--decision", "adequate"], in: ws).status == 0)
        #expect(run(["review", "sign", "q4", "--party", "japan", "--meaning", "concurred"], in: ws, author: japanSigner).status == 0)
        refused = run(["review", "close", "q4", "--decision", "adequate"], in: ws)
        #expect(refused.status == 1 && refused.stderr.contains("party united-states has not concurred") && !refused.stderr.contains("party japan"))
        refused = run(["review", "close", "q4", "--decision", "revise-plans"], in: ws)
        #expect(refused.status == 1 && refused.stderr.contains("proposed decision is adequate"))

        // A change after Japan signed outdates Japan's concurrence: shown, not deleted.
        let first = findings(opened)[0]["id"] as! String
        #expect(run(["review", "dispose", "q4", first, "--reopen"], in: ws).status == 0)
        #expect(run(["review", "dispose", "q4", first, "--accept", "--rationale", "ok, again"], in: ws).status == 0)
        #expect(run(["review", "sign", "q4", "--party", "united-states", "--meaning", "concurred"], in: ws, author: usSigner).status == 0)
        let shown = try json(run(["review", "show", "q4", "--format", "json"], in: ws))
        let signoffs = shown["signoffs"] as? [[String: Any]] ?? []
        #expect(signoffs.map { $0["party"] as? String } == ["japan", "united-states"])
        #expect(signoffs.map { $0["current"] as? Bool } == [false, true])
        #expect(run(["review", "show", "q4"], in: ws).stdout.contains("OUTDATED"))
        refused = run(["review", "close", "q4", "--decision", "adequate"], in: ws)
        #expect(refused.status == 1 && refused.stderr.contains("party japan's concurrence is outdated"))
        #expect(run(["review", "sign", "q4", "--party", "japan", "--meaning", "concurred"], in: ws, author: "Yamamoto Aiko <a.yamamoto@example.mod.go.jp>").status == 0)
        #expect(run(["review", "close", "q4", "--decision", "adequate"], in: ws).status == 0)
    }

    @Test func aClosedRecordNeverChanges() throws {
        let scratch = ScratchDirectory()
        let ws = try exampleWorkspace(scratch)
        // The example's own record is closed.
        let path = ws + "/reviews/2026-05-isr-annual.yaml"
        let original = try String(contentsOfFile: path, encoding: .utf8)
        let before = try commitCount(ws)
        try original.replacingOccurrences(of: "status: accepted", with: "status: resolved").write(toFile: path, atomically: true, encoding: .utf8)
        let edited = run(["save", "-m", "Tamper with a closed review"], in: ws)
        #expect(edited.status == 1)
        #expect(edited.stderr.contains("reviews/2026-05-isr-annual.yaml"))
        #expect(edited.stderr.contains("is closed and cannot change"))
        try FileManager.default.removeItem(atPath: path)
        let deleted = run(["save", "-m", "Delete a closed review"], in: ws)
        #expect(deleted.status == 1 && deleted.stderr.contains("cannot be deleted"))
        #expect(try commitCount(ws) == before)
        try original.write(toFile: path, atomically: true, encoding: .utf8)
        let dispose = run(["review", "dispose", "2026-05-isr-annual", "M-3", "--reopen"], in: ws)
        #expect(dispose.status == 2 && dispose.stderr.contains("is closed"))
    }

    @Test func stepsRefuseToOverwriteUnsavedEditsOfTheRecord() throws {
        let scratch = ScratchDirectory()
        let ws = try exampleWorkspace(scratch)
        #expect(run(["review", "open", "q4"], in: ws).status == 0)
        let path = ws + "/reviews/q4.yaml"
        try (try String(contentsOfFile: path, encoding: .utf8) + "# my notes\n").write(toFile: path, atomically: true, encoding: .utf8)
        let result = run(["review", "decide", "q4", "--decision", "adequate"], in: ws)
        #expect(result.status == 2 && result.stderr.contains("reviews/q4.yaml has unsaved changes"))
        #expect(try String(contentsOfFile: path, encoding: .utf8).hasSuffix("# my notes\n"))
    }

    @Test func personsFindingNamesItsAuthorAndReopensTheReview() throws {
        let scratch = ScratchDirectory()
        let ws = try disposedReview(scratch)
        #expect(run(["review", "decide", "q4", "--decision", "adequate"], in: ws).status == 0)
        #expect(try json(run(["review", "show", "q4", "--format", "json"], in: ws))["state"] as? String == "awaiting-concurrence")
        let added = run(["review", "add-finding", "q4", "--plan", "maritime-security", "--section", "ship-inspection", "--severity", "medium", "--note", "No night boarding procedure", "--format", "json"], in: ws, author: usSigner)
        #expect(added.status == 0, "\(added.stderr)")
        let record = try json(added)
        #expect(record["state"] as? String == "open")
        let finding = findings(record).last
        #expect(finding?["id"] as? String == "M-1")
        #expect(finding?["origin"] as? String == usSigner)
        let unknown = run(["review", "add-finding", "q4", "--plan", "maritime-security", "--section", "nosuch", "--severity", "low", "--note", "x"], in: ws)
        #expect(unknown.status == 2 && unknown.stderr.contains("ship-inspection"))
        let outOfScope = run(["review", "add-finding", "q4", "--plan", "nosuch", "--severity", "low", "--note", "x"], in: ws)
        #expect(outOfScope.status == 2 && outOfScope.stderr.contains("not in review q4's scope"))
    }

    @Test func dueExitsOneWhenSomethingIsOverdue() throws {
        let scratch = ScratchDirectory()
        let ws = try exampleWorkspace(scratch)
        let overdue = run(["review", "due", "--format", "json"], in: ws)
        #expect(overdue.status == 1)
        let report = try json(overdue)
        let items = report["items"] as? [[String: Any]] ?? []
        #expect(items.contains { $0["id"] as? String == "noncombatant-evacuation" && $0["overdue"] as? Bool == true })
        let earlier = run(["review", "due", "--within", "P30D"], in: ws, today: "2025-12-01")
        #expect(earlier.status == 0, "\(earlier.stdout)")
        let soon = run(["review", "due", "--within", "P90D", "--format", "json"], in: ws, today: "2025-12-01")
        #expect(soon.status == 0)
        #expect((try json(soon)["items"] as? [[String: Any]] ?? []).contains { $0["id"] as? String == "noncombatant-evacuation" && $0["overdue"] as? Bool == false })
        let bad = run(["review", "due", "--within", "soon"], in: ws)
        #expect(bad.status == 2 && bad.stderr.contains("ISO 8601 duration"))
    }
}

