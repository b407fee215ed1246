import Foundation
import PlanDocument
import Testing
@testable import PlanBench

/// A tiny in-memory workspace state for checking documents.
struct MemorySource: DocumentSource {
    var files: [String: String]

    func bytes(at path: String) throws -> [UInt8]? { files[path].map { Array($0.utf8) } }

    func paths(in folder: String) throws -> [String] {
        files.keys.filter { $0.hasPrefix(folder + "/") && !$0.dropFirst(folder.count + 1).contains("/") }.sorted()
    }
}

let testConfig = """
    kind: workspace
    name: test
    defaultEdition: ed
    parties:
      - {id: japan, name: Japan}
      - {id: united-states, name: United States}
    actors:
      - {id: sdf, name: SDF, party: japan}
      - {id: us-forces, name: US Forces, party: united-states}

    """

let testEdition = """
    kind: guideline-edition
    id: ed
    title: Test edition
    approved: 2015-04-27
    supersedes: null
    sections:
      - id: IV
        title: Four
        text: Part four.
        textSource: summary
        sections:
          - id: IV.A
            title: Air defense
            text: The SDF defend the airspace.
            textSource: summary
            roles:
              - {actor: sdf, responsibility: primary, scope: air defense}
              - {actor: us-forces, responsibility: support-and-supplement, scope: air defense}
          - id: IV.B
            title: Other
            text: Something else.
            textSource: summary

    """

func plan(roles: String = "", citations: String = "      - {edition: ed, section: IV.A}\n", extra: String = "") -> String {
    """
    id: p
    title: P
    status: draft
    parties: [japan, united-states]
    edition: ed
    reviewCycle: P1Y
    lastReviewed: 2026-01-01
    classification: UNCLASSIFIED
    sections:
      - id: s1
        title: S1
        prose: Text.
        citations:
    \(citations)    roles:
    \(roles.isEmpty ? "      []\n" : roles)\(extra)
    """
}

func check(_ planText: String, edition: String = testEdition) -> [Diagnostic] {
    let source = MemorySource(files: ["planbench.yaml": testConfig, "guidelines/ed.yaml": edition, "plans/p.yaml": planText])
    let context = CheckContext(source: source)
    return DocumentChecker(schemas: nil).check(path: "plans/p.yaml", context: context).diagnostics
}

@Suite struct DomainCheckTests {
    @Test func aConsistentPlanHasNoFindings() {
        let diagnostics = check(plan(roles: "      - {actor: sdf, responsibility: primary}\n      - {actor: us-forces, responsibility: support-and-supplement}\n"))
        #expect(diagnostics.isEmpty, "\(diagnostics)")
    }

    @Test func givingTheUnitedStatesPrimaryAirDefenseIsARoleContradiction() throws {
        let diagnostics = check(plan(roles: "      - {actor: us-forces, responsibility: primary}\n"))
        let finding = try #require(diagnostics.first { $0.code == "role-contradiction" })
        #expect(finding.severity == .warning)
        #expect(finding.message.contains("IV.A"))
        #expect(finding.position.line == 16)
        #expect(!diagnostics.hasErrors)
    }

    @Test func swappingSupportAndPrimaryForTheSameActorIsAContradiction() {
        let diagnostics = check(plan(roles: "      - {actor: sdf, responsibility: support-and-supplement}\n"))
        #expect(diagnostics.contains { $0.code == "role-contradiction" })
    }

    @Test func citingASectionThatDoesNotExistIsAnError() throws {
        let diagnostics = check(plan(citations: "      - {edition: ed, section: IV.Z}\n"))
        let error = try #require(diagnostics.first { $0.code == "unknown-section" })
        #expect(error.isError)
        #expect(error.message.contains("IV.Z"))
        #expect(error.position == SourcePosition(line: 14, column: 32))
    }

    @Test func unknownActorsAndDuplicateIDsAreErrors() {
        let text = plan(roles: "      - {actor: navy, responsibility: primary}\n", extra: "  - id: s1\n    title: again\n")
        let codes = Set(check(text).filter(\.isError).map(\.code))
        #expect(codes == ["unknown-actor", "duplicate-id"])
    }

    @Test func aPlanIDMustMatchItsFileName() {
        let text = plan().replacingOccurrences(of: "id: p\n", with: "id: q\n")
        #expect(check(text).contains { $0.code == "id-mismatch" })
    }

    @Test func fingerprintsIgnoreLayoutButNotWords() {
        let a: Node = ["title": "Air", "text": "The SDF  defend\nthe airspace.", "roles": [["actor": "sdf", "responsibility": "primary"]]]
        var reflowed = a
        reflowed["text"] = "The SDF defend the airspace."
        var reworded = a
        reworded["text"] = "The SDF defend the sea."
        var reassigned = a
        reassigned["roles"] = [["actor": "us-forces", "responsibility": "primary"]]
        #expect(Fingerprint.of(section: a) == Fingerprint.of(section: reflowed))
        #expect(Fingerprint.of(section: a) != Fingerprint.of(section: reworded))
        #expect(Fingerprint.of(section: a) != Fingerprint.of(section: reassigned))
        #expect(Fingerprint.of(section: a).hasPrefix("sha256:"))
        #expect(Fingerprint.of(section: a).count == 71)
    }

    @Test func blobIDsMatchGit() {
        // `printf abc | git hash-object --stdin`, and the empty blob.
        #expect(Fingerprint.blobID(of: Array("abc".utf8)) == "f2ba8f84ab5c1bce84a7b441cb1959cfc7093b7f")
        #expect(Fingerprint.blobID(of: []) == "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391")
    }

    @Test func sha256MatchesAKnownVector() {
        #expect(Fingerprint.sha256Hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func aChangedSectionMakesExactlyItsCitationsSuspect() throws {
        let original = CheckContext(source: MemorySource(files: ["guidelines/ed.yaml": testEdition])).edition("ed")!
        let pinnedA = original.fingerprint(of: "IV.A")!
        let pinnedB = original.fingerprint(of: "IV.B")!
        let citations = "      - {edition: ed, section: IV.A, fingerprint: \"\(pinnedA)\"}\n      - {edition: ed, section: IV.B, fingerprint: \"\(pinnedB)\"}\n"
        #expect(check(plan(citations: citations)).isEmpty)
        let changed = testEdition.replacingOccurrences(of: "The SDF defend the airspace.", with: "The SDF defend the airspace and the sea.")
        let findings = check(plan(citations: citations), edition: changed)
        #expect(findings.map(\.code) == ["suspect-citation"])
        #expect(findings.first?.message.contains("IV.A") == true)
        #expect(findings.first?.severity == .warning)
    }

    @Test func pinningInsertsFingerprintLinesAndKeepsComments() throws {
        let text = """
            id: p
            # a comment the author wants kept
            edition: ed
            sections:
              - id: s1
                citations:
                  - edition: ed
                    section: IV.A
                  - {edition: ed, section: IV.B, fingerprint: "sha256:0000000000000000000000000000000000000000000000000000000000000000"}

            """
        let context = CheckContext(source: MemorySource(files: ["guidelines/ed.yaml": testEdition]))
        let pinned = try #require(CitationPinner.pin(text: text, plan: try YAMLReader().read(text), context: context))
        #expect(pinned.contains("# a comment the author wants kept"))
        let expected = context.edition("ed")!.fingerprint(of: "IV.A")!
        #expect(pinned.contains("        section: IV.A\n        fingerprint: \(expected)\n"))
        // Already-pinned citations are left alone, even when suspect.
        #expect(pinned.contains("sha256:0000000000000000000000000000000000000000000000000000000000000000"))
        let reread = try YAMLReader().read(pinned)
        #expect(reread["sections"]?[0]?["citations"]?[0]?["fingerprint"]?.string == expected)
    }

    /// A citation anchored in one section and reused by alias in another is
    /// one piece of text: it gets one fingerprint line, which the alias then
    /// carries too.
    @Test func pinningWritesAnAliasedCitationOnce() throws {
        let text = """
            id: p
            edition: ed
            sections:
              - id: s1
                citations:
                  - &shared
                    edition: ed
                    section: IV.A
              - id: s2
                citations:
                  - *shared

            """
        let context = CheckContext(source: MemorySource(files: ["guidelines/ed.yaml": testEdition]))
        let pinned = try #require(CitationPinner.pin(text: text, plan: try YAMLReader().read(text), context: context))
        let expected = context.edition("ed")!.fingerprint(of: "IV.A")!
        #expect(pinned.components(separatedBy: "fingerprint:").count == 2)
        let reread = try YAMLReader().read(pinned)
        #expect(reread["sections"]?[0]?["citations"]?[0]?["fingerprint"]?.string == expected)
        #expect(reread["sections"]?[1]?["citations"]?[0]?["fingerprint"]?.string == expected)
    }

    @Test func crosswalkEntriesMustNameExistingSections() {
        let crosswalk = """
            kind: crosswalk
            id: crosswalk-ed-ed
            from: ed
            to: ed
            entries:
              - {from: IV.A, to: [IV.B], relation: renumbered, note: ok}
              - {from: IV.Q, to: [IV.A], relation: rewritten, note: bad source}
              - {from: IV.B, to: [V.Z], relation: split, note: bad target}

            """
        let source = MemorySource(files: ["planbench.yaml": testConfig, "guidelines/ed.yaml": testEdition, "guidelines/crosswalk-ed-ed.yaml": crosswalk])
        let result = DocumentChecker(schemas: nil).check(path: "guidelines/crosswalk-ed-ed.yaml", context: CheckContext(source: source))
        #expect(result.kind == .crosswalk)
        #expect(result.diagnostics.map(\.message).sorted() == ["section IV.Q does not exist in ed", "section V.Z does not exist in ed"])
    }
}
