import PlanDocument
import PlanReview
import Testing

@Suite struct ReviewCommentTests {
    private let by = "Test Author <test@example.org>"
    private let at = "2026-11-26T10:00:00+09:00"

    private func record() -> ReviewRecord {
        var r = ReviewRecord(
            id: "q4", type: .periodic, edition: "jus-2015", editionFingerprint: "sha256:" + String(repeating: "0", count: 64),
            baseline: String(repeating: "a", count: 40), scope: ["p1"], opened: "2026-11-26", due: "2026-12-26")
        r.add(
            computed: [ComputedFinding(kind: .uncoveredSection, target: .init(edition: "jus-2015", guidelineSection: "I"), evidence: .init(), severity: .low, owner: nil, note: "n")],
            commit: String(repeating: "a", count: 40), by: by, at: at)
        return r
    }

    @Test func aCommentIsALogEntryAndChangesNothingSigned() throws {
        var r = record()
        let id = r.findings[0].id
        let signedBefore = r.signedContent
        try r.comment(on: id, text: "asked the JSO", by: by, at: at)
        #expect(r.findings[0].log.last == ReviewRecord.LogEntry(at: at, by: by, action: "comment", note: "asked the JSO"))
        #expect(r.findings[0].status == .open && r.state == .open)
        #expect(r.signedContent == signedBefore)
        // It round-trips through the record's document.
        #expect(try ReviewRecord(node: r.node) == r)
    }

    @Test func commentsNeedAnOpenRecordAndAKnownFinding() throws {
        var r = record()
        #expect(throws: ReviewError.self) { try r.comment(on: "F-nope", text: "x", by: by, at: at) }
        r.state = .closed
        #expect(throws: ReviewError.closed(review: "q4")) { try r.comment(on: r.findings[0].id, text: "x", by: by, at: at) }
    }
}
