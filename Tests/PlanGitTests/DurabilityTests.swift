import Foundation
import PlanGit
import Testing

/// What a crash (or kill) between steps leaves behind.
@Suite struct DurabilityTests {
    /// A writer that dies after writing objects but before moving the branch leaves
    /// the branch at the old commit and a repository git considers healthy.
    @Test func dyingBeforeTheReferenceMovesLeavesTheOldCommit() throws {
        let fixture = try Fixture()
        let old = try fixture.commit(["plans/a.yaml": "old\n"], message: "old")
        do {
            let writer = try Repository.open(at: fixture.path)
            let signature = Signature(name: "w", email: "w@w")
            _ = try writer.commit(updating: old, changes: ["plans/a.yaml": bytes("new\n")], message: "never published",
                                  author: signature, committer: signature)
            // The process "dies" here: the handle goes away without updateReference.
        }
        let reopened = try Repository.open(at: fixture.path)
        #expect(try reopened.headCommit() == old)
        #expect(try fixture.text(at: "plans/a.yaml", in: reopened.headCommit()!) == "old\n")
        #expect(try runGit(["fsck", "--strict", "--no-dangling"], in: fixture.path) == "")
    }

    /// Every object a commit needs is stored before `commit` returns, so the branch
    /// can be moved by any process afterwards (here `git update-ref`).
    @Test func objectsAreCompleteBeforeTheReferenceMoves() throws {
        let fixture = try Fixture()
        let old = try fixture.commit(["a.txt": "a"], message: "old")
        let signature = Signature(name: "w", email: "w@w")
        let new = try fixture.repository.commit(updating: old, changes: ["dir/b.txt": bytes("b")], message: "new",
                                                author: signature, committer: signature)
        #expect(try runGit(["cat-file", "-e", new.hex + "^{tree}"], in: fixture.path) == "")
        try runGit(["update-ref", "refs/heads/main", new.hex, old.hex], in: fixture.path)
        #expect(try runGit(["fsck", "--strict", "--no-dangling"], in: fixture.path) == "")
        #expect(try fixture.text(at: "dir/b.txt", in: fixture.repository.resolve("main")) == "b")
    }

    /// A lock file left by a killed process blocks writers with an actionable error
    /// instead of corrupting the reference.
    @Test func staleLockIsReportedWithAdvice() throws {
        let fixture = try Fixture()
        let old = try fixture.commit(["a.txt": "a"], message: "old")
        let signature = Signature(name: "w", email: "w@w")
        let new = try fixture.repository.commit(updating: old, changes: ["a.txt": bytes("b")], message: "new",
                                                author: signature, committer: signature)
        try Data().write(to: URL(fileURLWithPath: fixture.path + "/.git/refs/heads/main.lock"))
        do {
            try fixture.repository.updateReference("refs/heads/main", to: new, expected: old, message: "x")
            Issue.record("expected the held lock to stop the update")
        } catch let error as GitError {
            guard case .locked = error else {
                Issue.record("expected .locked, got \(error)")
                return
            }
            #expect(error.description.contains("remove the stale .lock file"))
        }
        #expect(try fixture.repository.headCommit() == old)
    }

    @Test func reflogListsSavesNewestFirst() throws {
        let fixture = try Fixture()
        let first = try fixture.commit(["a": "1"], message: "one")
        let second = try fixture.commit(["a": "2"], message: "two")
        let log = try fixture.repository.reflog("refs/heads/main")
        #expect(log.map(\.message) == ["commit: two", "commit: one"])
        #expect(log.map(\.new) == [second, first])
        #expect(log.map(\.old) == [first, nil])
        #expect(log.first?.committer.name == "Test Author")
        #expect(try fixture.repository.reflog("refs/heads/none").isEmpty)
    }

    @Test func libgit2IsThreadSafe() {
        #expect(libgit2Version.hasPrefix("1."))
        #expect(libgit2SupportsThreads)
    }
}
