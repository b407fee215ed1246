import PlanDocument
import PlanReview
import Testing

/// The record's round trip and what a sign-off vouches for.
@Suite struct ReviewRecordTests {
    static func record() -> ReviewRecord {
        var record = ReviewRecord(
            id: "q4", type: .periodic, edition: "jus-2015", editionFingerprint: "sha256:00", baseline: "abc",
            scope: ["isr-peacetime"], opened: "2026-11-26", due: "2026-12-26")
        record.add(
            computed: [ComputedFinding(
                kind: .uncoveredSection, target: .init(edition: "jus-2015", guidelineSection: "IV.B.3"), evidence: .init(),
                severity: .low, owner: nil, note: "no plan cites IV.B.3")],
            commit: "abc", by: "A <a@example.org>", at: "2026-11-26T10:00:00+09:00")
        return record
    }

    @Test func recordRoundTripsThroughItsNode() throws {
        let record = Self.record()
        #expect(try ReviewRecord(node: record.node) == record)
    }

    @Test func disposingAFindingChangesTheSignedContent() throws {
        var record = Self.record()
        let before = record.signedContent
        try record.dispose(record.findings[0].id, .accept, rationale: "left to 2027", by: "A <a@example.org>", at: "2026-11-27T10:00:00+09:00")
        #expect(record.signedContent != before)
        #expect(record.state == .open)
    }
}
