import PlanDocument
import Testing
@testable import PlanDiff

@Suite struct EditionComparisonTests {
    static let old = """
        kind: guideline-edition
        id: jus-1997
        sections:
          - id: I
            title: The Aim of the Guidelines
            text: The aim of these Guidelines is to create a solid basis.
          - id: IV
            title: Bilateral Actions in Response to an Armed Attack
            text: Armed attack.
          - id: V
            title: Cooperation in Situations in Areas Surrounding Japan
            text: Situations in areas surrounding Japan.
            sections:
              - id: V.1
                title: When a situation is anticipated
                text: Anticipated.
          - id: VI
            title: Bilateral Programs
            text: Programs.
          - id: VII
            title: Timely and Appropriate Review
            text: Review.
        """
    static let new = """
        kind: guideline-edition
        id: jus-2015
        sections:
          - id: I
            title: Defense Cooperation and the Aim of the Guidelines
            text: The aim of these Guidelines is to create a strong basis.
          - id: IV
            title: Seamlessly Ensuring Japan's Peace and Security
            text: Seamless.
            sections:
              - id: IV.B
                title: Responses to Emerging Threats
                text: Emerging threats.
              - id: IV.C
                title: Actions in Response to an Armed Attack against Japan
                text: Armed attack.
          - id: V
            title: Cooperation for Regional and Global Peace and Security
            text: Regional.
          - id: VI
            title: Space and Cyberspace Cooperation
            text: Space.
          - id: VIII
            title: Processes for Review
            text: Review.
        """
    static let crosswalk = """
        kind: crosswalk
        id: crosswalk-jus-1997-jus-2015
        from: jus-1997
        to: jus-2015
        entries:
          - {from: I, to: [I], relation: same}
          - {from: IV, to: [IV.C], relation: renumbered}
          - {from: V, to: [IV.B, V], relation: split, note: areas surrounding Japan no longer a geographic concept}
          - {from: VI, to: [], relation: dropped}
          - {from: VII, to: [VIII], relation: rewritten}
        """

    func compare(crosswalk: String = crosswalk) throws -> EditionComparison {
        let r = YAMLReader()
        return try EditionComparison.compare(old: r.read(Self.old), new: r.read(Self.new), crosswalk: r.read(crosswalk))
    }

    @Test func reportsEachRelationAndInfersTheRest() throws {
        let result = try compare()
        #expect(result.fromEdition == "jus-1997" && result.toEdition == "jus-2015")
        #expect(result.changes.map(\.relation) == [.same, .renumbered, .split, .dropped, .rewritten, .added])
        #expect(result.changes[2].to == ["IV.B", "V"])
        #expect(result.changes[5].to == ["VI"])
        #expect(result.changes[5].note == "not in the crosswalk")
        // IV (2015) is covered through its child IV.C; V.1 through its parent V.
        #expect(!result.changes.contains { $0.to == ["IV"] || $0.from == ["V.1"] })
    }

    @Test func sameSectionCarriesItsTextChange() throws {
        let same = try #require(try compare().changes.first)
        #expect(same.isTextChanged)
        #expect(same.textSegments.filter { $0.kind != .equal } == [TextSegment(.delete, "solid"), TextSegment(.insert, "strong")])
        let renumbered = try compare().changes[1]
        #expect(!renumbered.isTextChanged)
    }

    @Test func mergedEntriesWithOneTargetBecomeOneChange() throws {
        let crosswalk = Self.crosswalk + """

              - {from: VI, to: [VIII], relation: merged}
              - {from: VII, to: [VIII], relation: merged}
            """
        let merged = try compare(crosswalk: crosswalk).changes.filter { $0.relation == .merged }
        #expect(merged.count == 1)
        #expect(merged.first?.from == ["VI", "VII"])
    }

    @Test func unknownSectionIsAnError() throws {
        let bad = Self.crosswalk.replacingOccurrences(of: "to: [VIII]", with: "to: [IX]")
        #expect(throws: EditionComparisonError.unknownSection(id: "IX", edition: "jus-2015", entry: 4)) {
            try compare(crosswalk: bad)
        }
    }

    @Test func textReportNamesRelationsAndShowsTextChanges() throws {
        let text = try compare().renderText(useColor: false)
        #expect(text.hasPrefix("jus-1997 -> jus-2015: 6 changes\n"))
        #expect(text.contains("split       V -> IV.B, V"))
        #expect(text.contains("[-solid-]{+strong+}"))
    }
}

extension String {
    func replacingOccurrences(of target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
