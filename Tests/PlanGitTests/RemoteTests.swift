import Foundation
import PlanGit
import Testing

@Suite struct RemoteTests {
    /// A bare "server" repository and a workspace with `origin` pointing at it.
    private func setUp() throws -> (server: Fixture, local: Fixture) {
        let server = try Fixture(bare: true)
        let local = try Fixture()
        try local.repository.addRemote(name: "origin", url: server.path)
        return (server, local)
    }

    @Test func remotesAreConfigured() throws {
        let (server, local) = try setUp()
        #expect(try local.repository.remotes() == ["origin": server.path])
        #expect(throws: GitError.remoteExists("origin")) {
            try local.repository.addRemote(name: "origin", url: "/elsewhere")
        }
        #expect(try runGit(["remote", "get-url", "origin"], in: local.path) == server.path + "\n")
    }

    @Test func pushThenCloneCarriesHistory() throws {
        let (server, local) = try setUp()
        let first = try local.commit(["plans/a.yaml": "a"], message: "one")
        let second = try local.commit(["plans/a.yaml": "b"], message: "two")
        try local.repository.push(remote: "origin", refspecs: ["refs/heads/main:refs/heads/main"])
        #expect(try server.repository.referenceTarget("refs/heads/main") == second)

        let scratch = try ScratchDirectory()
        let clone = try Repository.clone(from: "file://" + server.path, to: scratch.path + "/clone")
        #expect(try clone.headCommit() == second)
        #expect(try clone.log(from: second).map(\.id) == [second, first])
        #expect(FileManager.default.contents(atPath: scratch.path + "/clone/plans/a.yaml") == Data("b".utf8))
        #expect(try clone.status().isEmpty)
    }

    /// libgit2 starts without parsing the CA bundle (see CLibGit2Startup); network
    /// operations must load it first, or HTTPS remotes could not be verified.
    @Test func networkOperationsLoadTheDeferredCertificateBundle() throws {
        let (server, local) = try setUp()
        try local.commit(["a": "1"], message: "one")
        try local.repository.push(remote: "origin", refspecs: ["refs/heads/main:refs/heads/main"])
        let bundle = libgit2CertificateBundle
        let debianBundle = "/etc/ssl/certs/ca-certificates.crt"
        if FileManager.default.fileExists(atPath: debianBundle) {
            // Debian's libgit2 (mbed TLS) asks for this file at start-up.
            #expect(bundle.path == debianBundle)
        }
        #expect(bundle.loaded == (bundle.path != nil))
        _ = server
    }

    @Test func fetchUpdatesRemoteTrackingBranchesOnly() throws {
        let (server, local) = try setUp()
        let first = try local.commit(["a": "1"], message: "one")
        try local.repository.push(remote: "origin", refspecs: ["refs/heads/main:refs/heads/main"])

        let other = try Repository.clone(from: server.path, to: try ScratchDirectory().path + "-other")
        defer { try? FileManager.default.removeItem(atPath: other.workDirectory!) }
        let signature = Signature(name: "o", email: "o@o")
        let second = try other.commit(updating: first, changes: ["a": bytes("2")], message: "two",
                                      author: signature, committer: signature)
        try other.updateReference("refs/heads/main", to: second, expected: first, message: "commit: two")
        try other.push(remote: "origin", refspecs: ["refs/heads/main:refs/heads/main"])

        // Our own push recorded origin/main at `first`; the fetch moves it to the other clone's commit.
        #expect(try local.repository.referenceTarget("refs/remotes/origin/main") == first)
        let updates = try local.repository.fetch(remote: "origin")
        #expect(updates == [ReferenceUpdate(name: "refs/remotes/origin/main", old: first, new: second)])
        #expect(try local.repository.referenceTarget("refs/remotes/origin/main") == second)
        #expect(try local.repository.headCommit() == first)
        #expect(try local.repository.isAncestor(first, of: second))
        #expect(try local.repository.fetch(remote: "origin").isEmpty)
    }

    @Test func nonFastForwardPushIsRejected() throws {
        let (server, local) = try setUp()
        let base = try local.commit(["a": "1"], message: "one")
        try local.repository.push(remote: "origin", refspecs: ["refs/heads/main:refs/heads/main"])
        let signature = Signature(name: "o", email: "o@o")
        let diverged = try local.repository.commit(updating: nil, changes: ["a": bytes("unrelated")], message: "root",
                                                   author: signature, committer: signature)
        try local.repository.createBranch("diverged", at: diverged)
        #expect {
            try local.repository.push(remote: "origin", refspecs: ["refs/heads/diverged:refs/heads/main"])
        } throws: { error in
            guard case GitError.pushRejected = error else { return false }
            return "\(error)".contains("fetch and merge first")
        }
        #expect(try server.repository.referenceTarget("refs/heads/main") == base)
        try local.repository.push(remote: "origin", refspecs: ["+refs/heads/diverged:refs/heads/main"])
        #expect(try server.repository.referenceTarget("refs/heads/main") == diverged)
    }

    @Test func unknownRemoteIsNamed() throws {
        let local = try Fixture()
        #expect(throws: GitError.remoteNotFound("upstream")) { try local.repository.fetch(remote: "upstream") }
        #expect(throws: GitError.remoteNotFound("upstream")) {
            try local.repository.push(remote: "upstream", refspecs: ["refs/heads/main"])
        }
    }

    @Test func fetchCanPruneDeletedBranches() throws {
        let (server, local) = try setUp()
        let head = try local.commit(["a": "1"], message: "one")
        try local.repository.createBranch("topic", at: head)
        try local.repository.push(remote: "origin", refspecs: ["refs/heads/main:refs/heads/main", "refs/heads/topic:refs/heads/topic"])
        try local.repository.fetch(remote: "origin")
        #expect(try local.repository.referenceNames(withPrefix: "refs/remotes/") == ["refs/remotes/origin/main", "refs/remotes/origin/topic"])
        try server.repository.deleteReference("refs/heads/topic", expected: head)
        try local.repository.fetch(remote: "origin", prune: true)
        #expect(try local.repository.referenceNames(withPrefix: "refs/remotes/") == ["refs/remotes/origin/main"])
    }
}
