import Foundation
import PlanGit
import Testing

@Suite struct RevisionTests {
    /// Three commits on main: c1 <- c2 <- c3.
    private func history() throws -> (Fixture, [ObjectID]) {
        let fixture = try Fixture()
        let ids = try (1...3).map { try fixture.commit(["file.txt": "v\($0)"], message: "Commit \($0)", time: $0) }
        return (fixture, ids)
    }

    @Test func resolvesRelativeRevisions() throws {
        let (fixture, ids) = try history()
        #expect(try fixture.repository.resolve("HEAD") == ids[2])
        #expect(try fixture.repository.resolve("HEAD~1") == ids[1])
        #expect(try fixture.repository.resolve("HEAD~2") == ids[0])
        #expect(try fixture.repository.resolve("main^^") == ids[0])
        #expect(try fixture.repository.resolve("main") == ids[2])
        #expect(try fixture.repository.resolve("refs/heads/main") == ids[2])
    }

    @Test func resolvesFullAndShortIds() throws {
        let (fixture, ids) = try history()
        #expect(try fixture.repository.resolve(ids[1].hex) == ids[1])
        #expect(try fixture.repository.resolve(ids[1].shortHex) == ids[1])
        #expect(try fixture.repository.resolve(String(ids[0].hex.prefix(10))) == ids[0])
    }

    @Test func resolvesBranchesAndTags() throws {
        let (fixture, ids) = try history()
        try fixture.repository.createBranch("review/isr", at: ids[0])
        try fixture.repository.createTag("v1", at: ids[1])
        let tagObject = try fixture.repository.createTag("v1-annotated", at: ids[1], message: "Release 1",
                                                         tagger: Signature(name: "T", email: "t@example.com"))
        #expect(tagObject != ids[1])
        #expect(try fixture.repository.resolve("review/isr") == ids[0])
        #expect(try fixture.repository.resolve("v1") == ids[1])
        #expect(try fixture.repository.resolve("v1-annotated") == ids[1])
        #expect(try fixture.repository.resolve("refs/tags/v1-annotated") == ids[1])
        #expect(try fixture.repository.tags() == ["v1", "v1-annotated"])
        #expect(try runGit(["cat-file", "-t", "v1-annotated"], in: fixture.path) == "tag\n")
        #expect(try runGit(["rev-parse", "v1-annotated^{commit}"], in: fixture.path) == ids[1].hex + "\n")
    }

    @Test func unknownRevisionIsNamedInTheError() throws {
        let (fixture, _) = try history()
        #expect(throws: GitError.revisionNotFound("HEAD~9")) { try fixture.repository.resolve("HEAD~9") }
        #expect(throws: GitError.revisionNotFound("no-such-branch")) { try fixture.repository.resolve("no-such-branch") }
        #expect(GitError.revisionNotFound("HEAD~9").description == "unknown revision 'HEAD~9'")
    }

    @Test func unbornHeadDoesNotResolve() throws {
        let fixture = try Fixture()
        #expect(throws: GitError.revisionNotFound("HEAD")) { try fixture.repository.resolve("HEAD") }
    }

    @Test func treesAndBlobsAreNotCommits() throws {
        let (fixture, _) = try history()
        #expect(throws: GitError.notACommit("HEAD^{tree}")) { try fixture.repository.resolve("HEAD^{tree}") }
        #expect(throws: GitError.notACommit("HEAD:file.txt")) { try fixture.repository.resolve("HEAD:file.txt") }
    }

    @Test func detachedHeadHasNoCurrentBranch() throws {
        let (fixture, ids) = try history()
        try runGit(["checkout", "--quiet", "--detach", ids[0].hex], in: fixture.path)
        #expect(try fixture.repository.currentBranch() == nil)
        #expect(try fixture.repository.headCommit() == ids[0])
    }
}
