import Foundation
import PlanGit
import Testing

/// Cross-checks with the `git` program that what libgit2 wrote is a valid repository.
@Suite struct IntegrityTests {
    @Test func repositoryPassesGitFsckAfterTypicalUse() throws {
        let fixture = try Fixture()
        var head = try fixture.commit(["plans/isr.yaml": "a: 1\n", "README.md": "hi\n"], message: "Seed")
        for step in 1...5 {
            head = try fixture.commit(["plans/isr.yaml": "a: \(step)\n", "plans/p\(step).yaml": "p\n"], message: "Step \(step)")
        }
        head = try fixture.commit(["plans/p1.yaml": nil], message: "Delete p1")
        try fixture.repository.createBranch("review", at: head)
        try fixture.repository.createTag("v1", at: head, message: "v1", tagger: Signature(name: "t", email: "t@t"))
        try fixture.repository.createTag("light", at: head)
        let fsck = try runGit(["fsck", "--strict", "--no-dangling"], in: fixture.path)
        #expect(fsck == "")
        #expect(try runGit(["rev-list", "--count", "main"], in: fixture.path) == "7\n")
        #expect(try runGit(["log", "--format=%s", "-3", "main"], in: fixture.path) == "Delete p1\nStep 5\nStep 4\n")
    }

    /// Users may run `git gc` in a workspace: packed objects and refs stay readable
    /// and writable through the same handle kind.
    @Test func historySurvivesGitGC() throws {
        let fixture = try Fixture()
        var ids: [ObjectID] = []
        for step in 1...4 {
            ids.append(try fixture.commit(["plans/p.yaml": "v\(step)\n"], message: "v\(step)"))
        }
        try runGit(["gc", "--quiet", "--prune=now"], in: fixture.path)
        let repository = try Repository.open(at: fixture.path)
        #expect(try repository.log(from: repository.resolve("main")).map(\.id) == ids.reversed())
        #expect(try repository.blob(at: "plans/p.yaml", in: ids[1]) == bytes("v2\n"))
        let next = try repository.commit(updating: ids[3], changes: ["plans/p.yaml": bytes("v5\n")], message: "v5",
                                         author: Signature(name: "a", email: "a@a"), committer: Signature(name: "a", email: "a@a"))
        try repository.updateReference("refs/heads/main", to: next, expected: ids[3], message: "commit: v5")
        #expect(try runGit(["fsck", "--strict", "--no-dangling"], in: fixture.path) == "")
        #expect(try runGit(["log", "--format=%s", "-2"], in: fixture.path) == "v5\nv4\n")
    }
}
