import Foundation
import PlanGit
import Testing

@Suite struct WorkTreeTests {
    @Test func statusReportsUntrackedModifiedAndDeletedFiles() throws {
        let fixture = try Fixture()
        try fixture.scratch.write("a", to: "tracked.txt")
        try fixture.scratch.write("b", to: "gone.txt")
        let head = try fixture.commit(["tracked.txt": "a", "gone.txt": "b"], message: "Seed")
        try fixture.repository.updateIndex(paths: ["tracked.txt", "gone.txt"], from: head)
        #expect(try fixture.repository.status().isEmpty)

        try fixture.scratch.write("changed", to: "tracked.txt")
        try FileManager.default.removeItem(atPath: fixture.path + "/gone.txt")
        try fixture.scratch.write("new", to: "drafts/new.yaml")
        let status = try fixture.repository.status()
        #expect(status == [
            StatusEntry(path: "drafts/new.yaml", isUntracked: true),
            StatusEntry(path: "gone.txt", unstaged: .deleted),
            StatusEntry(path: "tracked.txt", unstaged: .modified),
        ])
        #expect(status.map(\.description) == ["?? drafts/new.yaml", " D gone.txt", " M tracked.txt"])
    }

    @Test func statusHonoursGitignore() throws {
        let fixture = try Fixture()
        try fixture.scratch.write(".build/\n*.tmp\n", to: ".gitignore")
        try fixture.scratch.write("x", to: ".build/out.o")
        try fixture.scratch.write("x", to: "scratch.tmp")
        try fixture.scratch.write("x", to: "keep.yaml")
        #expect(try fixture.repository.status().map(\.path) == [".gitignore", "keep.yaml"])
    }

    @Test func updateIndexAfterCommitLeavesGitStatusClean() throws {
        let fixture = try Fixture()
        let files = ["plans/isr.yaml": "isr: 1\n", "plans/deep/x.yaml": "x\n", "README.md": "# hi\n"]
        for (path, text) in files { try fixture.scratch.write(text, to: path) }
        let first = try fixture.commit(files, message: "Seed")
        try fixture.repository.updateIndex(paths: Array(files.keys), from: first)
        #expect(try fixture.repository.status().isEmpty)
        #expect(try runGit(["status", "--porcelain"], in: fixture.path) == "")

        // Save an edit and a deletion the way the workspace will: files first, then commit, then index.
        try fixture.scratch.write("isr: 2\n", to: "plans/isr.yaml")
        try FileManager.default.removeItem(atPath: fixture.path + "/plans/deep/x.yaml")
        let second = try fixture.commit(["plans/isr.yaml": "isr: 2\n", "plans/deep/x.yaml": nil], message: "Edit")
        try fixture.repository.updateIndex(paths: ["plans/isr.yaml", "plans/deep/x.yaml"], from: second)
        #expect(try fixture.repository.status().isEmpty)
        #expect(try runGit(["status", "--porcelain"], in: fixture.path) == "")
        #expect(try runGit(["diff", "--cached", "--name-only", "HEAD"], in: fixture.path) == "")
    }

    @Test func updateIndexStagesCommittedContentEvenWhenTheFileDiffers() throws {
        let fixture = try Fixture()
        try fixture.scratch.write("local edit\n", to: "a.txt")
        let head = try fixture.commit(["a.txt": "committed\n"], message: "Seed")
        try fixture.repository.updateIndex(paths: ["a.txt"], from: head)
        // Index matches HEAD; only the work-tree file differs.
        #expect(try fixture.repository.status() == [StatusEntry(path: "a.txt", unstaged: .modified)])
        #expect(try runGit(["status", "--porcelain"], in: fixture.path) == " M a.txt\n")
    }

    @Test func updateIndexLeavesOtherStagedWorkAlone() throws {
        let fixture = try Fixture()
        try fixture.scratch.write("a", to: "a.txt")
        try fixture.scratch.write("b", to: "b.txt")
        try runGit(["add", "b.txt"], in: fixture.path)
        let head = try fixture.commit(["a.txt": "a"], message: "Seed")
        try fixture.repository.updateIndex(paths: ["a.txt"], from: head)
        #expect(try fixture.repository.status() == [StatusEntry(path: "b.txt", staged: .added)])
    }

    @Test func resetIndexMatchesTheWholeCommit() throws {
        let fixture = try Fixture()
        try fixture.scratch.write("a", to: "a.txt")
        try fixture.scratch.write("b", to: "b.txt")
        try runGit(["add", "b.txt"], in: fixture.path)
        let head = try fixture.commit(["a.txt": "a"], message: "Seed")
        try fixture.repository.resetIndex(to: head)
        #expect(try fixture.repository.status() == [StatusEntry(path: "b.txt", isUntracked: true)])
    }

    @Test func checkoutSwitchesBranchAndFiles() throws {
        let fixture = try Fixture()
        try fixture.scratch.write("base", to: "a.txt")
        let base = try fixture.commit(["a.txt": "base"], message: "base")
        try fixture.repository.updateIndex(paths: ["a.txt"], from: base)
        try fixture.repository.createBranch("side", at: base)
        try fixture.commit(["a.txt": "side", "side.txt": "only on side"], message: "side", on: "side")

        try fixture.repository.checkout(branch: "side")
        #expect(try fixture.repository.currentBranch() == "side")
        #expect(fixture.scratch.read("a.txt") == "side")
        #expect(fixture.scratch.read("side.txt") == "only on side")
        #expect(try fixture.repository.status().isEmpty)

        try fixture.repository.checkout(branch: "main")
        #expect(try fixture.repository.currentBranch() == "main")
        #expect(fixture.scratch.read("a.txt") == "base")
        #expect(!fixture.scratch.exists("side.txt"))
        #expect(try runGit(["status", "--porcelain"], in: fixture.path) == "")
    }

    /// After the current branch moves (a merge committed with `commit` + CAS),
    /// `updateWorkTree(from:to:)` brings the work tree and index up to the new commit.
    @Test func updateWorkTreeFollowsAMovedBranch() throws {
        let fixture = try Fixture()
        try fixture.scratch.write("a", to: "a.txt")
        try fixture.scratch.write("local", to: "untouched-by-merge.txt")
        let base = try fixture.commit(["a.txt": "a", "untouched-by-merge.txt": "committed"], message: "base")
        try fixture.repository.updateIndex(paths: ["a.txt", "untouched-by-merge.txt"], from: base)
        let merged = try fixture.commit(["a.txt": "merged", "new/b.txt": "b"], message: "merge result")
        #expect(fixture.scratch.read("a.txt") == "a")

        try fixture.repository.updateWorkTree(from: base, to: merged)
        #expect(fixture.scratch.read("a.txt") == "merged")
        #expect(fixture.scratch.read("new/b.txt") == "b")
        // A local edit to a file the move did not touch survives.
        #expect(fixture.scratch.read("untouched-by-merge.txt") == "local")
        #expect(try fixture.repository.status() == [StatusEntry(path: "untouched-by-merge.txt", unstaged: .modified)])
        #expect(try fixture.repository.headCommit() == merged)
    }

    @Test func updateWorkTreeRefusesToOverwriteLocalChanges() throws {
        let fixture = try Fixture()
        try fixture.scratch.write("a", to: "a.txt")
        let base = try fixture.commit(["a.txt": "a"], message: "base")
        try fixture.repository.updateIndex(paths: ["a.txt"], from: base)
        let next = try fixture.commit(["a.txt": "next"], message: "next")
        try fixture.scratch.write("my edit", to: "a.txt")
        #expect(throws: GitError.checkoutConflict(paths: ["a.txt"])) {
            try fixture.repository.updateWorkTree(from: base, to: next)
        }
        #expect(fixture.scratch.read("a.txt") == "my edit")
    }

    @Test func updateWorkTreeFromNothingWritesEveryFile() throws {
        let fixture = try Fixture()
        let head = try fixture.commit(["a.txt": "a", "d/b.txt": "b"], message: "base")
        try fixture.scratch.write("untracked", to: "notes.txt")
        try fixture.repository.updateWorkTree(from: nil, to: head)
        #expect(fixture.scratch.read("d/b.txt") == "b")
        #expect(fixture.scratch.read("notes.txt") == "untracked")
        try FileManager.default.removeItem(atPath: fixture.path + "/notes.txt")
        #expect(try fixture.repository.status().isEmpty)
    }

    @Test func checkoutRefusesToOverwriteLocalChanges() throws {
        let fixture = try Fixture()
        try fixture.scratch.write("base", to: "a.txt")
        let base = try fixture.commit(["a.txt": "base"], message: "base")
        try fixture.repository.updateIndex(paths: ["a.txt"], from: base)
        try fixture.repository.createBranch("side", at: base)
        try fixture.commit(["a.txt": "side"], message: "side", on: "side")
        try fixture.scratch.write("precious local edit", to: "a.txt")

        #expect(throws: GitError.checkoutConflict(paths: ["a.txt"])) {
            try fixture.repository.checkout(branch: "side")
        }
        #expect(try fixture.repository.currentBranch() == "main")
        #expect(fixture.scratch.read("a.txt") == "precious local edit")
        #expect(throws: GitError.referenceNotFound("refs/heads/nope")) { try fixture.repository.checkout(branch: "nope") }
    }

    @Test func checkoutPathsDiscardsLocalChanges() throws {
        let fixture = try Fixture()
        try fixture.scratch.write("a", to: "a.txt")
        try fixture.scratch.write("b", to: "b.txt")
        let head = try fixture.commit(["a.txt": "a", "b.txt": "b"], message: "base")
        try fixture.repository.updateIndex(paths: ["a.txt", "b.txt"], from: head)
        try fixture.scratch.write("edit a", to: "a.txt")
        try fixture.scratch.write("edit b", to: "b.txt")
        try fixture.repository.checkout(paths: ["a.txt"], from: head)
        #expect(fixture.scratch.read("a.txt") == "a")
        #expect(fixture.scratch.read("b.txt") == "edit b")
    }

    /// The workspace moves the branch first and then writes the changed paths, so
    /// HEAD already equals the target: deletions must still reach the work tree.
    @Test func checkoutPathsAfterTheBranchMovedAppliesEditsAndDeletions() throws {
        let fixture = try Fixture()
        try fixture.scratch.write("a", to: "a.txt")
        try fixture.scratch.write("b", to: "sub/b.txt")
        let base = try fixture.commit(["a.txt": "a", "sub/b.txt": "b"], message: "base")
        try fixture.repository.updateIndex(paths: ["a.txt", "sub/b.txt"], from: base)
        let next = try fixture.commit(["a.txt": "a2", "sub/b.txt": nil, "c.txt": "c"], message: "next")
        try fixture.repository.checkout(paths: ["a.txt", "sub/b.txt", "c.txt"], from: next)
        #expect(fixture.scratch.read("a.txt") == "a2")
        #expect(fixture.scratch.read("c.txt") == "c")
        #expect(!fixture.scratch.exists("sub/b.txt"))
        #expect(try fixture.repository.status().isEmpty)
        #expect(try runGit(["status", "--porcelain"], in: fixture.path) == "")
    }
}
