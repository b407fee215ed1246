import PlanDocument
import Testing

@testable import PlanMerge

/// Conflicts shown to people (git-style markers) and to tools (JSON).
@Suite struct ConflictRenderingTests {
    let base: Node = ["id": "p", "tasks": [["id": "t1", "state": "open"], ["id": "t2", "state": "open"]]]

    @Test func marksOnlyTheConflictingLinesInGitStyle() throws {
        let ours = base.setting("/tasks/1/state", to: "done").setting("/id", to: "q")
        let theirs = base.setting("/tasks/1/state", to: "blocked")
        let result = ThreeWayMerge.merge(base: base, ours: ours, theirs: theirs)
        #expect(result.markedYAML(labels: ("a", "o", "b")) == """
            id: q
            tasks:
              - id: t1
                state: open
              - id: t2
            <<<<<<< a
                state: done
            ||||||| o
                state: open
            =======
                state: blocked
            >>>>>>> b

            """)
    }

    @Test func writesTheMergedDocumentUnmarkedWhenClean() throws {
        let ours = base.setting("/tasks/1/state", to: "done")
        let result = ThreeWayMerge.merge(base: base, ours: ours, theirs: base.setting("/id", to: "q"))
        #expect(result.markedYAML() == YAMLWriter.write(result.merged))
        #expect(!result.markedYAML().contains("<<<<<<<"))
    }

    @Test func marksAnItemOneSideDeleted() throws {
        let ours = base.setting("/tasks", to: [["id": "t1", "state": "open"]])
        let theirs = base.setting("/tasks/1/state", to: "blocked")
        let text = ThreeWayMerge.merge(base: base, ours: ours, theirs: theirs).markedYAML()
        #expect(text.contains("<<<<<<< ours\n||||||| base\n  - id: t2\n    state: open\n=======\n  - id: t2\n    state: blocked\n>>>>>>> theirs\n"))
    }

    @Test func describesConflictsAsJSON() throws {
        let ours = base.setting("/tasks/1/state", to: "done")
        let theirs = base.setting("/tasks/1/state", to: "blocked")
        let result = ThreeWayMerge.merge(base: base, ours: ours, theirs: theirs)
        let json = try YAMLReader().read(result.conflictsJSON())
        let conflict = try #require(json["conflicts"]?[0])
        #expect(conflict["kind"] == "modify-modify")
        #expect(conflict["path"] == "tasks[t2].state")
        #expect(conflict["pointer"] == "/tasks/1/state")
        #expect(conflict["base"] == "open")
        #expect(conflict["ours"] == "done")
        #expect(conflict["theirs"] == "blocked")
        #expect(conflict["message"]?.string?.isEmpty == false)
    }

    @Test func leavesOutTheValueOfAVersionThatHasNone() throws {
        let ours = base.setting("/tasks", to: [["id": "t1", "state": "open"]])
        let theirs = base.setting("/tasks/1/state", to: "blocked")
        let json = ThreeWayMerge.merge(base: base, ours: ours, theirs: theirs).conflictsJSON(pretty: false)
        let conflict = try #require(try YAMLReader().read(json)["conflicts"]?[0])
        #expect(conflict["kind"] == "delete-modify")
        #expect(conflict["ours"] == nil)
        #expect(conflict["theirs"] == ["id": "t2", "state": "blocked"])
    }
}

/// The building blocks: alignment, diff3 chunks, order merge, text merge.
@Suite struct MergeAlgorithmTests {
    @Test(arguments: [
        ([1, 2, 3, 4], [1, 3, 4, 5]),
        ([], [1, 2]),
        ([5, 5, 5], [5, 5]),
        ([1, 2, 3, 4, 5, 6], [6, 5, 4, 3, 2, 1]),
    ])
    func alignsAlongALongestCommonSubsequence(_ a: [Int], _ b: [Int]) {
        let matches = SequenceAlignment.matches(a, b)
        let pairs = matches.enumerated().compactMap { i, j in j.map { (i, $0) } }
        #expect(pairs.allSatisfy { a[$0.0] == b[$0.1] })
        #expect(zip(pairs, pairs.dropFirst()).allSatisfy { $0.0 < $1.0 && $0.1 < $1.1 })
        #expect(pairs.count == lcsLength(a, b))
    }

    func lcsLength(_ a: [Int], _ b: [Int]) -> Int {
        var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in stride(from: a.count - 1, through: 0, by: -1) {
            for j in stride(from: b.count - 1, through: 0, by: -1) {
                table[i][j] = a[i] == b[j] ? table[i + 1][j + 1] + 1 : max(table[i + 1][j], table[i][j + 1])
            }
        }
        return table[0][0]
    }

    @Test func splitsThreeVersionsIntoStableAndChangedChunks() {
        let chunks = Diff3.chunks(base: [1, 2, 3, 4, 5], ours: [1, 9, 3, 4, 5], theirs: [1, 2, 3, 4, 8])
        #expect(chunks.map(\.kind) == [.stable, .oursChanged, .stable, .theirsChanged])
        let conflict = Diff3.chunks(base: [1, 2, 3], ours: [1, 7, 3], theirs: [1, 8, 3])
        #expect(conflict.map(\.kind) == [.stable, .conflict, .stable])
    }

    @Test func ordersParallelInsertsByNameWhicheverSideMadeThem() {
        let forward = OrderMerge.resolve(base: ["a"], ours: ["a", "x"], theirs: ["a", "b"])
        let backward = OrderMerge.resolve(base: ["a"], ours: ["a", "b"], theirs: ["a", "x"])
        #expect(forward == ["a", "b", "x"])
        #expect(backward == forward)
        // One side reorders, the other inserts: both apply, the insert after its predecessor.
        #expect(OrderMerge.resolve(base: ["a", "b"], ours: ["b", "a"], theirs: ["a", "c", "b"]) == ["b", "a", "c"])
        // Both reorder the same names differently: undecided.
        #expect(OrderMerge.resolve(base: ["a", "b", "c"], ours: ["b", "a", "c"], theirs: ["a", "c", "b"]) == nil)
    }

    @Test func mergesLinesAndWordsOfProse() {
        let base = "First line stays.\nSecond line has one word.\nThird line.\n"
        let ours = "First line stays.\nSecond line has two words.\nThird line.\n"
        let theirs = "First line stays.\nSecond line has one word.\nThird line changed.\n"
        let outcome = TextMerge.merge(base: base, ours: ours, theirs: theirs)
        #expect(!outcome.hasConflicts)
        #expect(outcome.text(taking: .ours) == "First line stays.\nSecond line has two words.\nThird line changed.\n")
        let words = TextMerge.merge(base: "a b c d e", ours: "a B c d e", theirs: "a b c D e")
        #expect(words.text(taking: .ours) == "a B c D e")
    }

    @Test func mergesKeysBothSidesStartedAsLists() {
        let base: Node = ["id": "s"]
        let ours: Node = ["id": "s", "citations": [["section": "IV.A"]]]
        let theirs: Node = ["id": "s", "citations": [["section": "V.B"]]]
        let result = ThreeWayMerge.merge(base: base, ours: ours, theirs: theirs)
        #expect(result.isClean)
        #expect(result.merged["citations"] == [["section": "IV.A"], ["section": "V.B"]])
    }
}
