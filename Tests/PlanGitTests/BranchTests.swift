import Foundation
import PlanGit
import Testing

@Suite struct BranchTests {
    @Test func branchesAreListedSorted() throws {
        let fixture = try Fixture()
        let head = try fixture.commit(["a": "a"], message: "one")
        try fixture.repository.createBranch("zeta", at: head)
        try fixture.repository.createBranch("review/isr", at: head)
        try fixture.repository.createBranch("alpha", at: head)
        #expect(try fixture.repository.branches() == ["alpha", "main", "review/isr", "zeta"])
        #expect(try runGit(["branch", "--format=%(refname:short)"], in: fixture.path) == "alpha\nmain\nreview/isr\nzeta\n")
    }

    @Test func creatingAnExistingBranchFailsAndLeavesItAlone() throws {
        let fixture = try Fixture()
        let first = try fixture.commit(["a": "1"], message: "one")
        let second = try fixture.commit(["a": "2"], message: "two")
        try fixture.repository.createBranch("topic", at: first)
        #expect(throws: GitError.referenceExists("refs/heads/topic")) {
            try fixture.repository.createBranch("topic", at: second)
        }
        #expect(try fixture.repository.referenceTarget("refs/heads/topic") == first)
        #expect(throws: GitError.invalidReferenceName("bad..name")) {
            try fixture.repository.createBranch("bad..name", at: first)
        }
    }

    @Test func deletingBranches() throws {
        let fixture = try Fixture()
        let head = try fixture.commit(["a": "1"], message: "one")
        try fixture.repository.createBranch("topic", at: head)
        try fixture.repository.deleteBranch("topic")
        #expect(try fixture.repository.branches() == ["main"])
        #expect(throws: GitError.referenceNotFound("refs/heads/topic")) { try fixture.repository.deleteBranch("topic") }
        #expect(throws: GitError.self) { try fixture.repository.deleteBranch("main") }
    }

    @Test func tagsAreLightweightOrAnnotated() throws {
        let fixture = try Fixture()
        let head = try fixture.commit(["a": "1"], message: "one")
        #expect(try fixture.repository.createTag("light", at: head) == head)
        let tagger = Signature(name: "Tagger", email: "tagger@example.com", date: Date(timeIntervalSince1970: 1_600_000_000))
        let annotated = try fixture.repository.createTag("heavy", at: head, message: "Annotated", tagger: tagger)
        #expect(try fixture.repository.referenceTarget("refs/tags/heavy") == annotated)
        #expect(try runGit(["for-each-ref", "--format=%(objecttype) %(refname:short) %(taggername)", "refs/tags"],
                           in: fixture.path) == "tag heavy Tagger\ncommit light \n")
        #expect(throws: GitError.referenceExists("refs/tags/light")) { try fixture.repository.createTag("light", at: head) }
    }

    @Test func referenceNamesCoverNestedRefs() throws {
        let fixture = try Fixture()
        let head = try fixture.commit(["a": "1"], message: "one")
        try fixture.repository.createBranch("a/b/c", at: head)
        try fixture.repository.createTag("v1", at: head)
        #expect(try fixture.repository.referenceNames() == ["refs/heads/a/b/c", "refs/heads/main", "refs/tags/v1"])
        #expect(try fixture.repository.referenceNames(withPrefix: "refs/tags/") == ["refs/tags/v1"])
    }
}
