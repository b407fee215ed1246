import PlanDocument
import Testing

@testable import PlanMerge

/// The concurrent edits a line merge gets wrong, each merged cleanly here.
@Suite struct MergeScenarioTests {
    let base = PlanFixtures.plan()

    @Test func mergesDisjointEditsInOneSection() throws {
        let ours = base.setting("/sections/0/title", to: "Concept of operations")
        let theirs = base.setting("/sections/0/tasks/1/state", to: "done")
        let result = ThreeWayMerge.merge(base: base, ours: ours, theirs: theirs)
        #expect(result.isClean)
        #expect(result.merged == ours.setting("/sections/0/tasks/1/state", to: "done"))
    }

    @Test func appliesAReorderAgainstAnEdit() throws {
        let ours = base.moving(in: "/sections", from: 3, to: 0)
        let theirs = base.setting("/sections/3/prose", to: "The plan is reviewed every two years.")
        let result = ThreeWayMerge.merge(base: base, ours: ours, theirs: theirs)
        #expect(result.isClean)
        #expect(result.merged == ours.setting("/sections/0/prose", to: "The plan is reviewed every two years."))
    }

    @Test func keepsBothParallelInsertsAtTheEndOfAList() throws {
        let t4: Node = ["id": "t4", "title": "Draft a data policy", "owner": "sdf", "state": "open"]
        let t5: Node = ["id": "t5", "title": "Test the shared picture", "owner": "usf", "state": "open"]
        let ours = base.inserting(t5, in: "/sections/0/tasks", at: 3)
        let theirs = base.inserting(t4, in: "/sections/0/tasks", at: 3)
        let result = ThreeWayMerge.merge(base: base, ours: ours, theirs: theirs)
        #expect(result.isClean)
        let ids = result.merged.node(at: "/sections/0/tasks")?.sequence?.compactMap { $0["id"]?.string }
        // Parallel inserts at one place are ordered by id, whichever side made them.
        #expect(ids == ["t1", "t2", "t3", "t4", "t5"])
        let swapped = ThreeWayMerge.merge(base: base, ours: theirs, theirs: ours)
        #expect(swapped.merged == result.merged)
    }

    @Test func keepsBothParallelInsertsInAnAnonymousList() throws {
        let ours = base.inserting(["edition": "jus-2015", "section": "V.A"], in: "/sections/0/citations", at: 2)
        let theirs = base.inserting(["edition": "jus-2015", "section": "IV.B"], in: "/sections/0/citations", at: 2)
        let result = ThreeWayMerge.merge(base: base, ours: ours, theirs: theirs)
        #expect(result.isClean)
        let sections = result.merged.node(at: "/sections/0/citations")?.sequence?.compactMap { $0["section"]?.string }
        #expect(sections == ["IV.A.1", "IV.A.2", "IV.B", "V.A"])
    }

    @Test func mergesEditsToDifferentSentencesOfOneParagraph() throws {
        let prose = base.node(at: "/sections/0/prose")!.string!
        let oursProse = prose.replacing("share intelligence", with: "share imagery and intelligence")
        let theirsProse = prose.replacing("through the alliance", with: "only through the alliance")
        let ours = base.setting("/sections/0/prose", to: Node(.string(oursProse)))
        let theirs = base.setting("/sections/0/prose", to: Node(.string(theirsProse)))
        let result = ThreeWayMerge.merge(base: base, ours: ours, theirs: theirs)
        #expect(result.isClean)
        let expected = oursProse.replacing("through the alliance", with: "only through the alliance")
        #expect(result.merged.node(at: "/sections/0/prose")?.string == expected)
    }

    @Test func mergesEditsToAdjacentSentences() throws {
        let prose = "One is first. Two is second. Three is third."
        let b: Node = ["prose": Node(.string(prose))]
        let o: Node = ["prose": "One is the first. Two is second. Three is third."]
        let t: Node = ["prose": "One is first. Two is the second. Three is third."]
        let result = ThreeWayMerge.merge(base: b, ours: o, theirs: t)
        #expect(result.isClean)
        #expect(result.merged["prose"]?.string == "One is the first. Two is the second. Three is third.")
    }

    @Test func editsAMovedSection() throws {
        // Ours moves "reporting" to the front; theirs edits its title and a task of "concept".
        let ours = base.moving(in: "/sections", from: 2, to: 0)
        let theirs = base.setting("/sections/2/title", to: "Reporting and alerts")
            .setting("/sections/0/tasks/0/state", to: "done")
        let result = ThreeWayMerge.merge(base: base, ours: ours, theirs: theirs)
        #expect(result.isClean)
        let expected = ours.setting("/sections/0/title", to: "Reporting and alerts")
            .setting("/sections/1/tasks/0/state", to: "done")
        #expect(result.merged == expected)
    }

    @Test func appliesReordersByBothSidesWhenConsistent() throws {
        // Ours moves "review" first; theirs moves "concept" last: both apply.
        let ours = base.moving(in: "/sections", from: 3, to: 0)
        let theirs = base.moving(in: "/sections", from: 0, to: 3)
        let result = ThreeWayMerge.merge(base: base, ours: ours, theirs: theirs)
        #expect(result.isClean)
        let ids = result.merged["sections"]?.sequence?.compactMap { $0["id"]?.string }
        #expect(ids == ["review", "assets", "reporting", "concept"])
    }

    @Test func collapsesIdenticalChanges() throws {
        let ours = base.setting("/status", to: "in-review").removing("/sections/1")
        let result = ThreeWayMerge.merge(base: base, ours: ours, theirs: ours)
        #expect(result.isClean)
        #expect(result.merged == ours)
    }

    @Test func mergesRolesKeyedByActorAndOwnersByName() throws {
        let ours = base.setting("/sections/0/roles/1/scope", to: "Wide-area ISR and space")
        let theirs = base.moving(in: "/sections/0/roles", from: 1, to: 0)
            .setting("/owners/0/email", to: "sato@example.mod.go.jp")
        let result = ThreeWayMerge.merge(base: base, ours: ours, theirs: theirs)
        #expect(result.isClean)
        #expect(result.merged.node(at: "/sections/0/roles/0/scope")?.string == "Wide-area ISR and space")
        #expect(result.merged.node(at: "/owners/0/email")?.string == "sato@example.mod.go.jp")
    }

    @Test func mergesEditsToOneCitationPairedBySimilarity() throws {
        // Both sides change the same anonymous element in different fields.
        let ours = base.setting("/sections/0/citations/0/section", to: "IV.A.3")
        let theirs = base.setting("/sections/0/citations/0/fingerprint", to: "sha256:ab")
            .setting("/sections/0/citations/1/edition", to: "jus-1997")
        let result = ThreeWayMerge.merge(base: base, ours: ours, theirs: theirs)
        #expect(result.isClean)
        #expect(result.merged.node(at: "/sections/0/citations/0") == ["edition": "jus-2015", "section": "IV.A.3", "fingerprint": "sha256:ab"])
        #expect(result.merged.node(at: "/sections/0/citations/1/edition")?.string == "jus-1997")
    }
}

extension JSONPointer: ExpressibleByStringLiteral {
    public init(stringLiteral value: String) { self.init(value) }
}
