import PlanDocument
import PlanReview
import Testing

private let by = "Test Author <test@example.org>"
private let at = "2026-11-26T10:00:00+09:00"
private let commitA = String(repeating: "a", count: 40)
private let commitB = String(repeating: "b", count: 40)

private func computed(_ kind: Finding.Kind, plan: String? = nil, section: String? = nil, guideline: String? = nil, note: String = "n") -> ComputedFinding {
    ComputedFinding(
        kind: kind, target: .init(plan: plan, planSection: section, edition: "jus-2015", guidelineSection: guideline),
        evidence: .init(location: "plans/x.yaml:3"), severity: .medium, owner: nil, note: note)
}

private func record(_ findings: [ComputedFinding] = []) -> ReviewRecord {
    var r = ReviewRecord(
        id: "q4", type: .periodic, edition: "jus-2015", editionFingerprint: "sha256:" + String(repeating: "0", count: 64),
        baseline: commitA, scope: ["p1", "p2"], opened: "2026-11-26", due: "2026-12-26")
    r.add(computed: findings, commit: commitA, by: by, at: at)
    return r
}

@Suite struct StableFindingIDTests {
    @Test func sameKindAndTargetGiveTheSameIDWhateverTheWording() {
        let a = computed(.suspectCitation, plan: "p1", section: "s", guideline: "IV.A.1", note: "first wording")
        var b = computed(.suspectCitation, plan: "p1", section: "s", guideline: "IV.A.1", note: "other wording")
        b.evidence.location = "plans/x.yaml:99"
        #expect(a.stableID == b.stableID)
        #expect(a.stableID.hasPrefix("F-") && a.stableID.count == 12)
    }

    @Test func differentTargetsOrKindsGiveDifferentIDs() {
        let ids = [
            computed(.suspectCitation, plan: "p1", section: "s", guideline: "IV.A.1"),
            computed(.suspectCitation, plan: "p1", section: "t", guideline: "IV.A.1"),
            computed(.roleContradiction, plan: "p1", section: "s", guideline: "IV.A.1"),
            computed(.uncoveredSection, guideline: "IV.A.1"),
        ].map(\.stableID)
        #expect(Set(ids).count == ids.count)
    }
}

@Suite struct ReviewLifecycleTests {
    @Test func stateFollowsDispositionsAndDecision() throws {
        var r = record([computed(.uncoveredSection, guideline: "IV.B.3")])
        let id = r.findings[0].id
        #expect(r.state == .open)
        try r.decide(.adequate, rationale: nil, nextReview: nil, by: by, at: at)
        #expect(r.state == .open, "an open finding keeps the review open")
        try r.dispose(id, .accept, rationale: "fine", by: by, at: at)
        #expect(r.state == .awaitingConcurrence)
        _ = try r.addFinding(target: .init(plan: "p1"), kind: .other, severity: .low, owner: nil, note: "x", evidence: .init(), by: by, at: at)
        #expect(r.state == .open, "a new finding sends the review back to open")
    }

    @Test func disposalsAppendToTheLogAndNeverRewriteIt() throws {
        var r = record([computed(.taskOverdue, plan: "p1", section: "s")])
        let id = r.findings[0].id
        try r.dispose(id, .remediate(owner: "japan", deadline: "2027-01-31"), rationale: "redo", by: by, at: at)
        let afterFirst = r.findings[0].log
        try r.dispose(id, .accept, rationale: "ok after all", by: "Other <o@example.org>", at: "2026-11-27T09:00:00+09:00")
        #expect(Array(r.findings[0].log.prefix(afterFirst.count)) == afterFirst)
        #expect(r.findings[0].log.map(\.action) == ["found", "remediate", "accept"])
        #expect(r.findings[0].log.last?.by == "Other <o@example.org>")
        #expect(r.findings[0].status == .accepted && r.findings[0].rationale == "ok after all")
    }

    @Test func aResolvedFindingCannotBeAcceptedButCanBeReopened() throws {
        var r = record([computed(.suspectCitation, plan: "p1", section: "s", guideline: "IV.A.1")])
        let id = r.findings[0].id
        _ = try r.refresh(with: [], commit: commitB, today: "2026-11-27", by: by, at: at)
        #expect(r.findings[0].status == .resolved && r.findings[0].resolvedBy == commitB)
        #expect(throws: ReviewError.self) { try r.dispose(id, .accept, rationale: "x", by: by, at: at) }
        try r.dispose(id, .reopen, rationale: nil, by: by, at: at)
        #expect(r.findings[0].status == .open && r.findings[0].resolvedBy == nil)
    }

    @Test func unknownFindingIsRefusedWithTheKnownIDs() {
        var r = record([computed(.uncoveredSection, guideline: "IV.B.3")])
        #expect(throws: ReviewError.unknownFinding("F-nope", known: [r.findings[0].id])) {
            try r.dispose("F-nope", .accept, rationale: "x", by: by, at: at)
        }
    }

    @Test func concurrenceNeedsEveryFindingDisposedAndADecision() throws {
        var r = record([computed(.uncoveredSection, guideline: "IV.B.3")])
        let signOff = ReviewRecord.SignOff(party: "japan", name: "A", email: "a@example.org", meaning: .concurred, at: at, fingerprint: "f")
        #expect(throws: ReviewError.self) { try r.sign(signOff, by: by) }
        var reviewed = signOff
        reviewed.meaning = .reviewed
        try r.sign(reviewed, by: by)
        #expect(r.signoffs.count == 1, "reviewed may be signed at any time")
    }

    @Test func closeListsEveryReason() throws {
        var r = record([computed(.uncoveredSection, guideline: "IV.B.3")])
        let reasons = r.closeBlockers(decision: .adequate, parties: ["japan", "united-states"], fingerprint: "f")
        #expect(reasons.count == 4, "open finding, no decision, two parties without concurrence: \(reasons)")
        try r.dispose(r.findings[0].id, .accept, rationale: "ok", by: by, at: at)
        try r.decide(.adequate, rationale: nil, nextReview: nil, by: by, at: at)
        try r.sign(.init(party: "japan", name: "A", email: "a@x.org", meaning: .concurred, at: at, fingerprint: "old"), by: by)
        try r.sign(.init(party: "united-states", name: "B", email: "b@x.org", meaning: .concurred, at: at, fingerprint: "f"), by: by)
        let left = r.closeBlockers(decision: .adequate, parties: ["japan", "united-states"], fingerprint: "f")
        #expect(left.count == 1 && left[0].contains("japan") && left[0].contains("outdated"))
        #expect(r.closeBlockers(decision: .revisePlans, parties: ["united-states"], fingerprint: "f").contains { $0.contains("proposed decision is adequate") })
    }

    @Test func aClosedRecordRefusesEveryChange() throws {
        var r = record()
        try r.decide(.adequate, rationale: nil, nextReview: nil, by: by, at: at)
        try r.close(on: "2026-11-30", nextReview: "2027-11-30", by: by, at: at)
        #expect(r.state == .closed)
        #expect(throws: ReviewError.closed(review: "q4")) { try r.decide(.revisePlans, rationale: nil, nextReview: nil, by: by, at: at) }
        #expect(throws: ReviewError.closed(review: "q4")) { _ = try r.refresh(with: [], commit: commitB, today: "2026-12-01", by: by, at: at) }
        #expect(throws: ReviewError.closed(review: "q4")) {
            _ = try r.addFinding(target: .init(plan: "p1"), kind: .other, severity: .low, owner: nil, note: "x", evidence: .init(), by: by, at: at)
        }
    }
}

@Suite struct ReviewRefreshTests {
    @Test func refreshAddsNewResolvesGoneAndKeepsDispositions() throws {
        let stays = computed(.roleContradiction, plan: "p1", section: "s", guideline: "IV.C.2.b.ii")
        let goes = computed(.taskOverdue, plan: "p2", section: "t")
        var r = record([stays, goes])
        try r.dispose(stays.stableID, .accept, rationale: "intended", by: by, at: at)
        let person = try r.addFinding(target: .init(plan: "p1"), kind: .other, severity: .low, owner: nil, note: "x", evidence: .init(), by: by, at: at)
        let new = computed(.uncoveredSection, guideline: "IV.B.3")
        let summary = try r.refresh(with: [stays, new], commit: commitB, today: "2026-11-27", by: by, at: at)
        #expect(summary.added == [new.stableID])
        #expect(summary.resolved == [goes.stableID])
        #expect(summary.kept == 1)
        let byID = Dictionary(uniqueKeysWithValues: r.findings.map { ($0.id, $0) })
        #expect(byID[stays.stableID]?.status == .accepted, "a disposition survives a refresh")
        #expect(byID[goes.stableID]?.status == .resolved && byID[goes.stableID]?.resolvedBy == commitB)
        #expect(byID[person]?.status == .open, "a person's finding is never resolved by a check")
        #expect(r.log.last?.action == "refresh")
    }

    @Test func aResolvedFindingThatReproducesIsOpenAgainWithItsID() throws {
        let f = computed(.suspectCitation, plan: "p1", section: "s", guideline: "IV.A.1")
        var r = record([f])
        _ = try r.refresh(with: [], commit: commitB, today: "2026-11-27", by: by, at: at)
        let summary = try r.refresh(with: [f], commit: commitA, today: "2026-11-28", by: by, at: at)
        #expect(summary.reopened == [f.stableID] && summary.added.isEmpty)
        #expect(r.findings.count == 1 && r.findings[0].status == .open)
    }

    @Test func anExpiredNotApplicableIsFoundAgain() throws {
        let f = computed(.uncoveredSection, guideline: "IV.B.3")
        var r = record([f])
        try r.dispose(f.stableID, .notApplicable(until: "2026-12-31"), rationale: "none this year", by: by, at: at)
        var summary = try r.refresh(with: [f], commit: commitB, today: "2026-12-31", by: by, at: at)
        #expect(summary.reopened.isEmpty && r.findings[0].status == .notApplicable, "valid through its until date")
        summary = try r.refresh(with: [f], commit: commitB, today: "2027-01-01", by: by, at: at)
        #expect(summary.reopened == [f.stableID] && r.findings[0].status == .open)
    }
}

@Suite struct ReviewRecordRoundTripTests {
    @Test func recordSurvivesItsDocumentTree() throws {
        var r = record([computed(.taskOverdue, plan: "p1", section: "s"), computed(.uncoveredSection, guideline: "IV.B.3")])
        try r.dispose(r.findings[0].id, .remediate(owner: "japan", deadline: "2027-01-31"), rationale: "x", by: by, at: at)
        try r.dispose(r.findings[1].id, .notApplicable(until: "2027-06-30"), rationale: "y", by: by, at: at)
        r.reviewers = [.init(name: "A", email: "a@x.org", party: "japan", remit: "maritime")]
        try r.decide(.adequateWithActions, rationale: "z", nextReview: "2027-11-30", by: by, at: at)
        try r.sign(.init(party: "japan", name: "A", email: "a@x.org", meaning: .concurred, at: at, fingerprint: "sha256:1"), by: by)
        let text = YAMLWriter.write(r.node)
        let again = try ReviewRecord(node: try YAMLReader().read(text))
        #expect(again == r)
    }

    @Test func signedContentIgnoresLogsSignoffsAndClosingButNotDispositions() throws {
        var r = record([computed(.uncoveredSection, guideline: "IV.B.3")])
        let before = r.signedContent
        try r.sign(.init(party: "japan", name: "A", email: "a@x.org", meaning: .reviewed, at: at, fingerprint: "f"), by: by)
        r.log.append(.init(at: at, by: by, action: "note"))
        #expect(r.signedContent == before)
        try r.dispose(r.findings[0].id, .accept, rationale: "ok", by: by, at: at)
        #expect(r.signedContent != before)
        let disposed = r.signedContent
        try r.decide(.adequate, rationale: nil, nextReview: nil, by: by, at: at)
        #expect(r.signedContent != disposed, "the decision is signed content")
        let decided = r.signedContent
        try r.close(on: "2026-12-01", nextReview: "2027-12-01", by: by, at: at)
        #expect(r.signedContent == decided, "closing must not outdate the concurrences it rests on")
    }

    @Test func aNewerFormatIsRefused() throws {
        var node = record().node
        node["formatVersion"] = Node(.integer(ReviewRecord.formatVersion + 1))
        #expect(throws: ReviewRecordError.self) { try ReviewRecord(node: node) }
    }
}
