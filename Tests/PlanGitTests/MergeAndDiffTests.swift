import Foundation
import PlanGit
import Testing

@Suite struct MergeAndDiffTests {
    @Test func changesBetweenCommitsCarryBlobIds() throws {
        let fixture = try Fixture()
        let first = try fixture.commit(["plans/a.yaml": "a", "plans/b.yaml": "b", "notes.txt": "n"], message: "one")
        let second = try fixture.commit(["plans/a.yaml": "a2", "plans/b.yaml": nil, "plans/c.yaml": "c"], message: "two")
        let changes = try fixture.repository.changes(from: first, to: second)
        let files = try fixture.repository.files(in: first)
        #expect(changes.map(\.description) == ["M plans/a.yaml", "D plans/b.yaml", "A plans/c.yaml"])
        #expect(changes[0].oldID == files["plans/a.yaml"])
        #expect(try changes[0].newID.map { try fixture.repository.readBlob($0) } == bytes("a2"))
        #expect(changes[1].newID == nil)
        #expect(changes[2].oldID == nil)
        #expect(try fixture.repository.changes(from: first, to: second, paths: ["plans/c.yaml"]).map(\.path) == ["plans/c.yaml"])
        #expect(try fixture.repository.changes(from: second, to: second).isEmpty)
        #expect(try fixture.repository.changes(from: nil, to: first).map(\.description)
                == ["A notes.txt", "A plans/a.yaml", "A plans/b.yaml"])
        #expect(try runGit(["diff", "--name-status", "--no-renames", first.hex, second.hex], in: fixture.path)
                == "M\tplans/a.yaml\nD\tplans/b.yaml\nA\tplans/c.yaml\n")
    }

    /// base: a.txt (3 lines), b.txt; ours edits line 1 of a.txt; theirs edits line 3 and b.txt.
    @Test func cleanMergeCombinesBothSides() throws {
        let fixture = try Fixture()
        let base = try fixture.commit(["a.txt": "1\n2\n3\n", "b.txt": "b\n"], message: "base")
        try fixture.repository.createBranch("theirs", at: base)
        let theirs = try fixture.commit(["a.txt": "1\n2\nthree\n", "b.txt": "B\n"], message: "theirs", on: "theirs")
        let ours = try fixture.commit(["a.txt": "one\n2\n3\n", "c.txt": "c\n"], message: "ours")
        let merged = try fixture.repository.merge(ours, theirs)
        #expect(merged.isClean)
        let signature = Signature(name: "m", email: "m@m")
        let commit = try fixture.repository.writeCommit(tree: merged.tree, parents: [ours, theirs], message: "Merge",
                                                        author: signature, committer: signature)
        #expect(try fixture.text(at: "a.txt", in: commit) == "one\n2\nthree\n")
        #expect(try fixture.text(at: "b.txt", in: commit) == "B\n")
        #expect(try fixture.text(at: "c.txt", in: commit) == "c\n")
        #expect(try fixture.repository.headCommit() == ours)
    }

    @Test func conflictingMergeReportsBlobsAndKeepsOurSide() throws {
        let fixture = try Fixture()
        let base = try fixture.commit(["plans/a.yaml": "x: 1\n", "gone.txt": "g\n"], message: "base")
        try fixture.repository.createBranch("theirs", at: base)
        let theirs = try fixture.commit(["plans/a.yaml": "x: 3\n", "gone.txt": "edited\n"], message: "theirs", on: "theirs")
        let ours = try fixture.commit(["plans/a.yaml": "x: 2\n", "gone.txt": nil, "ok.txt": "ok\n"], message: "ours")
        let merged = try fixture.repository.merge(ours, theirs)
        #expect(merged.conflicts.map(\.path) == ["gone.txt", "plans/a.yaml"])
        let files = try fixture.repository.files(in: base)
        let plan = try #require(merged.conflicts.last)
        #expect(plan.ancestor == files["plans/a.yaml"])
        #expect(try plan.ours.map { try fixture.repository.readBlob($0) } == bytes("x: 2\n"))
        #expect(try plan.theirs.map { try fixture.repository.readBlob($0) } == bytes("x: 3\n"))
        #expect(merged.conflicts.first?.ours == nil)

        // Resolve on top of the merged tree and commit with both parents.
        let resolved = try fixture.repository.writeTree(from: merged.tree, applying: ["plans/a.yaml": bytes("x: 23\n")])
        let signature = Signature(name: "m", email: "m@m")
        let commit = try fixture.repository.writeCommit(tree: resolved, parents: [ours, theirs], message: "Merge",
                                                        author: signature, committer: signature)
        #expect(try fixture.repository.files(in: commit).keys.sorted() == ["ok.txt", "plans/a.yaml"])
        #expect(try fixture.text(at: "plans/a.yaml", in: commit) == "x: 23\n")
        #expect(try runGit(["fsck", "--strict", "--no-dangling"], in: fixture.path) == "")
    }

    @Test func writeTreeFromNothingBuildsNestedTrees() throws {
        let fixture = try Fixture()
        let tree = try fixture.repository.writeTree(from: nil, applying: ["a/b/c.txt": bytes("c"), "d.txt": bytes("d")])
        #expect(try runGit(["ls-tree", "-r", "--name-only", tree.hex], in: fixture.path) == "a/b/c.txt\nd.txt\n")
    }
}

@Suite struct MergeEdgeCaseTests {
    @Test func renameOnOneSideAndEditOnTheOtherConflictsAtTheOldPath() throws {
        let fixture = try Fixture()
        let text = (1...20).map { "line \($0)\n" }.joined()
        let base = try fixture.commit(["old.txt": text], message: "base")
        try fixture.repository.createBranch("theirs", at: base)
        let theirs = try fixture.commit(["old.txt": text + "more\n"], message: "edit", on: "theirs")
        let ours = try fixture.commit(["old.txt": nil, "new.txt": text], message: "rename")
        let merged = try fixture.repository.merge(ours, theirs)
        #expect(merged.conflicts.map(\.path) == ["old.txt"])
        #expect(merged.conflicts.first?.ours == nil)
        #expect(try fixture.repository.files(in: fixture.repository.writeCommit(
            tree: merged.tree, parents: [ours, theirs], message: "m",
            author: Signature(name: "m", email: "m@m"), committer: Signature(name: "m", email: "m@m"))).keys.sorted()
                == ["new.txt"])
    }

    @Test func mergingAnAncestorChangesNothing() throws {
        let fixture = try Fixture()
        let base = try fixture.commit(["a": "1"], message: "base")
        let ours = try fixture.commit(["a": "2"], message: "ours")
        let merged = try fixture.repository.merge(ours, base)
        #expect(merged.isClean)
        #expect(merged.tree == (try fixture.repository.treeID(ofCommit: ours)))
    }
}

@Suite struct TreeDiffTests {
    @Test func changedPathsComparesTrees() throws {
        let fixture = try Fixture()
        let first = try fixture.commit(["a": "1", "d/b": "2"], message: "one")
        let second = try fixture.commit(["a": "1b", "d/b": nil, "d/c": "3"], message: "two")
        let repository = fixture.repository
        #expect(try repository.changedPaths(from: repository.treeID(ofCommit: first), to: repository.treeID(ofCommit: second))
                == ["a", "d/b", "d/c"])
        #expect(try repository.changedPaths(from: nil, to: repository.treeID(ofCommit: first)) == ["a", "d/b"])
        #expect(try repository.changedPaths(from: repository.treeID(ofCommit: first), to: nil) == ["a", "d/b"])
    }
}
