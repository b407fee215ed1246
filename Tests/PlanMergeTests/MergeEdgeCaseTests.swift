import PlanDocument
import Testing

@testable import PlanMerge

/// Shapes that plans rarely have but documents may: scalars at the root,
/// type changes, duplicate ids, deletions on both sides.
@Suite struct MergeEdgeCaseTests {
    @Test func reportsAConflictOnAScalarDocument() throws {
        let result = ThreeWayMerge.merge(base: "a", ours: "b", theirs: "c")
        let conflict = try #require(result.conflicts.first)
        #expect(conflict.kind == .modifyModify)
        #expect(conflict.pointer == .root)
        #expect(conflict.description.hasPrefix("(document)"))
        #expect(result.merged == "b")
    }

    @Test func reportsATypeChangeOnBothSides() {
        let base: Node = ["x": "text"]
        let result = ThreeWayMerge.merge(base: base, ours: ["x": ["a"]], theirs: ["x": ["k": 1]])
        #expect(result.conflicts.map(\.kind) == [.modifyModify])
        #expect(result.merged == ["x": ["a"]])
    }

    @Test func mergesListsWithDuplicateIdsAsAnonymousLists() {
        let base: Node = ["xs": [["id": "a", "v": 1], ["id": "a", "v": 2], ["id": "b", "v": 3]]]
        let ours: Node = ["xs": [["id": "a", "v": 1], ["id": "a", "v": 2], ["id": "b", "v": 4]]]
        let theirs: Node = ["xs": [["id": "a", "v": 9], ["id": "a", "v": 2], ["id": "b", "v": 3]]]
        let result = ThreeWayMerge.merge(base: base, ours: ours, theirs: theirs)
        #expect(result.isClean)
        #expect(result.merged == ["xs": [["id": "a", "v": 9], ["id": "a", "v": 2], ["id": "b", "v": 4]]])
    }

    @Test func deletesWhatBothSidesDeletedAndWhatOneDeletedUntouched() {
        let base: Node = ["xs": [["id": "a"], ["id": "b"], ["id": "c"]], "k": 1, "j": 2]
        let ours: Node = ["xs": [["id": "a"], ["id": "c"]], "j": 2]
        let theirs: Node = ["xs": [["id": "a"]], "k": 1, "j": 3]
        let result = ThreeWayMerge.merge(base: base, ours: ours, theirs: theirs)
        #expect(result.isClean)
        #expect(result.merged == ["xs": [["id": "a"]], "j": 3])
    }

    @Test func keepsANestedConflictInsideAMovedItem() throws {
        let base: Node = ["xs": [["id": "a", "v": 1], ["id": "b"], ["id": "c"]]]
        let ours: Node = ["xs": [["id": "b"], ["id": "c"], ["id": "a", "v": 2]]]
        let theirs: Node = ["xs": [["id": "a", "v": 3], ["id": "b"], ["id": "c"]]]
        let result = ThreeWayMerge.merge(base: base, ours: ours, theirs: theirs)
        let conflict = try #require(result.conflicts.first)
        #expect(result.conflicts.count == 1)
        #expect(conflict.path == "xs[a].v")
        #expect(conflict.pointer == "/xs/2/v")
        #expect(result.merged == ours)
        #expect(result.document(fallback: .theirs) == ["xs": [["id": "b"], ["id": "c"], ["id": "a", "v": 3]]])
    }

    @Test func resolvesConflictsOneByOne() throws {
        let base: Node = ["a": 1, "b": 1]
        let result = ThreeWayMerge.merge(base: base, ours: ["a": 2, "b": 2], theirs: ["a": 3, "b": 3])
        #expect(result.conflicts.map(\.path) == ["a", "b"])
        #expect(result.document(resolving: [1: .theirs]) == ["a": 2, "b": 3])
        #expect(result.document(resolving: [0: .base], fallback: .theirs) == ["a": 1, "b": 3])
    }

    @Test func keysItemsByActorWhenTheyHaveNoId() {
        let base: Node = ["roles": [["actor": "sdf", "scope": "x"], ["actor": "usf", "scope": "y"], ["actor": "jcg", "scope": "w"]]]
        let ours: Node = ["roles": [["actor": "jcg", "scope": "w"], ["actor": "sdf", "scope": "x"], ["actor": "usf", "scope": "y"]]]
        let theirs: Node = ["roles": [
            ["actor": "sdf", "scope": "x2"], ["actor": "usf", "scope": "y"], ["actor": "jcg", "scope": "w"], ["actor": "mof", "scope": "z"],
        ]]
        let result = ThreeWayMerge.merge(base: base, ours: ours, theirs: theirs)
        #expect(result.isClean)
        #expect(result.merged == ["roles": [
            ["actor": "jcg", "scope": "w"], ["actor": "sdf", "scope": "x2"], ["actor": "usf", "scope": "y"], ["actor": "mof", "scope": "z"],
        ]])
    }
}
