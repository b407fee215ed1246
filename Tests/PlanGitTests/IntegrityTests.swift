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
}
