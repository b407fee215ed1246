import PlanDocument
import Testing

@testable import PlanMerge

/// Each kind of conflict: where it is reported, what each side had, and that
/// the merged document holds OURS' version.
@Suite struct ConflictKindTests {
    let base = PlanFixtures.plan()

    @Test func reportsModifyModifyOfOneValue() throws {
        let ours = base.setting("/sections/0/tasks/1/state", to: "done")
        let theirs = base.setting("/sections/0/tasks/1/state", to: "blocked")
        let result = ThreeWayMerge.merge(base: base, ours: ours, theirs: theirs)
        let conflict = try #require(result.conflicts.first)
        #expect(result.conflicts.count == 1)
        #expect(conflict.kind == .modifyModify)
        #expect(conflict.pointer == "/sections/0/tasks/1/state")
        #expect(conflict.path == "sections[concept].tasks[t2].state")
        #expect(conflict.base == "open")
        #expect(conflict.ours == "done")
        #expect(conflict.theirs == "blocked")
        #expect(result.merged == ours)
        #expect(result.document(fallback: .theirs) == theirs)
    }

    @Test func reportsDeleteModifyOfAnItem() throws {
        let ours = base.removing("/sections/1")
        let theirs = base.setting("/sections/1/title", to: "Assets and basing")
        let result = ThreeWayMerge.merge(base: base, ours: ours, theirs: theirs)
        let conflict = try #require(result.conflicts.first)
        #expect(result.conflicts.count == 1)
        #expect(conflict.kind == .deleteModify)
        #expect(conflict.path == "sections[assets]")
        #expect(conflict.ours == nil)
        #expect(conflict.theirs == theirs.node(at: "/sections/1"))
        #expect(result.merged == ours)
        #expect(result.document(fallback: .theirs) == theirs)
        #expect(conflict.theirsPointer == "/sections/1")
    }

    @Test func reportsDeleteModifyOfAKey() throws {
        let ours = base.removing("/status")
        let theirs = base.setting("/status", to: "approved")
        let result = ThreeWayMerge.merge(base: base, ours: ours, theirs: theirs)
        #expect(result.conflicts.map(\.kind) == [.deleteModify])
        #expect(result.merged == ours)
        #expect(result.document(fallback: .theirs) == theirs)
    }

    @Test func reportsAddAddOfOneIdWithDifferentContent() throws {
        let ours = base.inserting(["id": "t4", "title": "Plan exercises"], in: "/sections/0/tasks", at: 3)
        let theirs = base.inserting(["id": "t4", "title": "Share maintenance data"], in: "/sections/0/tasks", at: 3)
        let result = ThreeWayMerge.merge(base: base, ours: ours, theirs: theirs)
        let conflict = try #require(result.conflicts.first)
        #expect(result.conflicts.count == 1)
        #expect(conflict.kind == .addAdd)
        #expect(conflict.path == "sections[concept].tasks[t4]")
        #expect(conflict.base == nil)
        #expect(result.merged == ours)
        #expect(result.document(fallback: .theirs) == theirs)
    }

    @Test func collapsesAddAddWithTheSameContent() throws {
        let task: Node = ["id": "t4", "title": "Plan exercises"]
        let ours = base.inserting(task, in: "/sections/0/tasks", at: 3)
        let result = ThreeWayMerge.merge(base: base, ours: ours, theirs: base.inserting(task, in: "/sections/0/tasks", at: 3).setting("/title", to: "ISR"))
        #expect(result.isClean)
        #expect(result.merged == ours.setting("/title", to: "ISR"))
    }

    @Test func reportsMoveMoveToDifferentPlaces() throws {
        let ours = base.moving(in: "/sections", from: 3, to: 0)
        let theirs = base.moving(in: "/sections", from: 3, to: 1)
        let result = ThreeWayMerge.merge(base: base, ours: ours, theirs: theirs)
        let conflict = try #require(result.conflicts.first)
        #expect(result.conflicts.count == 1)
        #expect(conflict.kind == .moveMove)
        #expect(conflict.pointer == "/sections/0")
        #expect(conflict.theirsPointer == "/sections/1")
        #expect(result.merged == ours)
        #expect(result.document(fallback: .theirs) == theirs)
    }

    @Test func reportsInconsistentSwapsAsMoveMove() throws {
        let b: Node = ["xs": [["id": "a"], ["id": "b"], ["id": "c"]]]
        let o: Node = ["xs": [["id": "b"], ["id": "a"], ["id": "c"]]]
        let t: Node = ["xs": [["id": "a"], ["id": "c"], ["id": "b"]]]
        let result = ThreeWayMerge.merge(base: b, ours: o, theirs: t)
        #expect(result.conflicts.map(\.kind) == [.moveMove])
        #expect(result.merged == o)
        #expect(result.document(fallback: .theirs) == t)
    }

    @Test func reportsMoveDelete() throws {
        let ours = base.moving(in: "/sections", from: 1, to: 3)
        let theirs = base.removing("/sections/1")
        let result = ThreeWayMerge.merge(base: base, ours: ours, theirs: theirs)
        let conflict = try #require(result.conflicts.first)
        #expect(result.conflicts.count == 1)
        #expect(conflict.kind == .moveDelete)
        #expect(conflict.path == "sections[assets]")
        #expect(conflict.theirs == nil)
        #expect(result.merged == ours)
        #expect(result.document(fallback: .theirs) == theirs)
    }

    @Test func reportsTextConflictTrimmedToTheWordsBothChanged() throws {
        let b: Node = ["prose": "Reports flow to both centres within one hour. Copies go to the staff."]
        let o: Node = ["prose": "Reports flow to both centres within two hours. Copies go to the staff."]
        let t: Node = ["prose": "Reports flow to both centres within thirty minutes. Copies go to all staff."]
        let result = ThreeWayMerge.merge(base: b, ours: o, theirs: t)
        let conflict = try #require(result.conflicts.first)
        #expect(result.conflicts.count == 1)
        #expect(conflict.kind == .text)
        #expect(conflict.ours == o["prose"])
        // The rest of the text merged: theirs' change to the second sentence is kept on both resolutions.
        #expect(result.merged["prose"]?.string == "Reports flow to both centres within two hours. Copies go to all staff.")
        #expect(result.document(fallback: .theirs)["prose"] == "Reports flow to both centres within thirty minutes. Copies go to all staff.")
        let outcome = TextMerge.merge(base: b["prose"]!.string!, ours: o["prose"]!.string!, theirs: t["prose"]!.string!)
        let spans = outcome.pieces.compactMap { piece -> [String]? in
            if case .conflict(let b, let o, let t) = piece { [b, o, t] } else { nil }
        }
        #expect(spans == [["one hour", "two hours", "thirty minutes"]])
    }

    @Test func reportsConflictingAnonymousElements() throws {
        let b: Node = ["tags": ["alpha", "beta"]]
        let o: Node = ["tags": ["alpha", "gamma"]]
        let t: Node = ["tags": ["alpha", "delta"]]
        let result = ThreeWayMerge.merge(base: b, ours: o, theirs: t)
        let conflict = try #require(result.conflicts.first)
        #expect(conflict.kind == .modifyModify)
        #expect(conflict.path == "tags[1]")
        #expect(conflict.pointer == "/tags/1")
        #expect(result.merged == o)
    }

    @Test func swappedResultExchangesSides() throws {
        let ours = base.setting("/sections/0/tasks/1/state", to: "done").removing("/sections/2")
        let theirs = base.setting("/sections/0/tasks/1/state", to: "blocked").setting("/sections/2/title", to: "Reports")
        let result = ThreeWayMerge.merge(base: base, ours: ours, theirs: theirs)
        let reversed = ThreeWayMerge.merge(base: base, ours: theirs, theirs: ours)
        #expect(result.conflicts.count == 2)
        #expect(result.swapped() == reversed)
        #expect(reversed.swapped() == result)
    }
}
