@testable import PlanBench
import PlanDocument
import Testing

/// Plan facts are stored encoded (in the index and the cache file) and read back
/// by the review checks, coverage and review due.
@Suite struct PlanFactsTests {
    static let plan = """
        id: isr
        title: ISR cooperation
        status: approved
        parties: [japan, united-states, 7]
        edition: jus-2015
        owners:
          - name: A
            party: japan
          - name: B
        reviewCycle: P6M
        lastReviewed: 2025-05-27
        sections:
          - id: s1
            citations:
              - section: IV.A.1
                fingerprint: sha256:abc
              - edition: jus-1997
                section: III
              - note: a citation without a section is left out
            roles:
              - actor: sdf
                responsibility: primary
              - actor: usf
            tasks:
              - id: t1
                due: 2026-01-31
                state: open
                owner: sdf
              - title: no id
          - title: a section without an id
        """

    func facts() throws -> PlanFacts {
        PlanFacts(plan: try DocumentReading.parse(Array(Self.plan.utf8), path: "plans/isr.yaml"))
    }

    @Test func factsMirrorThePlan() throws {
        let facts = try facts()
        #expect(facts.id == "isr")
        #expect(facts.parties == ["japan", "united-states"])
        #expect(facts.ownerParties == ["japan"])
        let node = try DocumentReading.parse(Array(Self.plan.utf8), path: "plans/isr.yaml")
        #expect(facts.ownersLine == node["owners"]?.position.line)
        #expect(facts.editionLine == 5)
        #expect(facts.lastReviewed == "2025-05-27" && facts.lastReviewedLine == 11)
        #expect(facts.sections.count == 2)
        #expect(facts.sections[1].id == nil)
        let section = facts.sections[0]
        #expect(section.citations.map(\.section) == ["IV.A.1", "III"])
        #expect(section.citations[0].fingerprint == "sha256:abc" && section.citations[0].line == 15)
        #expect(section.citations[1].edition == "jus-1997")
        #expect(section.roles.count == 2 && section.roles[1].responsibility == nil && section.roles[1].line == 23)
        #expect(section.tasks.count == 2 && section.tasks[0].line == 26 && section.tasks[1].id == nil)
        #expect(facts.citedSections(of: "jus-2015") == ["IV.A.1"])
    }

    @Test func theEncodingRoundTrips() throws {
        let facts = try facts()
        #expect(PlanFacts(encoded: facts.encoded) == facts)
        #expect(PlanFacts(encoded: PlanFacts().encoded) == PlanFacts())
    }

    @Test func damagedBytesDoNotDecode() throws {
        let bytes = try facts().encoded
        #expect(PlanFacts(encoded: []) == nil)
        #expect(PlanFacts(encoded: [PlanFacts.encodingVersion + 1] + bytes.dropFirst()) == nil)
        #expect(PlanFacts(encoded: bytes + [0]) == nil)
        // Every truncation fails rather than reading past the end.
        for length in 1..<bytes.count {
            #expect(PlanFacts(encoded: Array(bytes.prefix(length))) == nil)
        }
        // A huge count or length is refused, not allocated.
        #expect(PlanFacts(encoded: [PlanFacts.encodingVersion, 0xff, 0xff, 0xff, 0xff, 0x0f]) == nil)
    }
}
