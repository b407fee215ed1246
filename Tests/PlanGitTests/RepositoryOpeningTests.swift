import Foundation
import PlanGit
import Testing

@Suite struct RepositoryOpeningTests {
    @Test func createMakesAnUnbornMainBranch() throws {
        let fixture = try Fixture()
        let repository = fixture.repository
        #expect(try repository.currentBranch() == "main")
        #expect(try repository.headCommit() == nil)
        #expect(repository.workDirectory == fixture.path)
        #expect(repository.gitDirectory == fixture.path + "/.git")
        #expect(!repository.isBare)
        #expect(try repository.branches().isEmpty)
    }

    @Test func createHonoursTheInitialBranchName() throws {
        let scratch = try ScratchDirectory()
        let repository = try Repository.create(at: scratch.path + "/nested/dir", initialBranch: "trunk")
        #expect(try repository.currentBranch() == "trunk")
        #expect(try runGit(["symbolic-ref", "HEAD"], in: scratch.path + "/nested/dir") == "refs/heads/trunk\n")
    }

    @Test func openFindsAnExistingRepository() throws {
        let fixture = try Fixture()
        let first = try fixture.commit(["a.txt": "one"], message: "First")
        let reopened = try Repository.open(at: fixture.path)
        #expect(try reopened.headCommit() == first)
        #expect(reopened.workDirectory == fixture.path)
    }

    @Test func createOnAnExistingRepositoryKeepsItsHistory() throws {
        let fixture = try Fixture()
        let head = try fixture.commit(["a.txt": "a"], message: "First")
        let again = try Repository.create(at: fixture.path, initialBranch: "other")
        #expect(try again.currentBranch() == "main")
        #expect(try again.headCommit() == head)
    }

    @Test func openRefusesAPlainDirectory() throws {
        let scratch = try ScratchDirectory()
        #expect(throws: GitError.repositoryNotFound(path: scratch.path)) {
            try Repository.open(at: scratch.path)
        }
    }

    @Test func openDoesNotSearchUpward() throws {
        let fixture = try Fixture()
        try fixture.scratch.write("x", to: "plans/deep/file.txt")
        #expect(throws: GitError.self) {
            try Repository.open(at: fixture.path + "/plans/deep")
        }
    }

    @Test func discoverWalksUpToTheWorkTreeRoot() throws {
        let fixture = try Fixture()
        try fixture.scratch.write("x", to: "plans/deep/file.txt")
        let found = try Repository.discover(from: fixture.path + "/plans/deep")
        #expect(found.workDirectory == fixture.path)
    }

    @Test func discoverAcceptsAFilePath() throws {
        let fixture = try Fixture()
        try fixture.scratch.write("x", to: "plans/isr.yaml")
        let found = try Repository.discover(from: fixture.path + "/plans/isr.yaml")
        #expect(found.workDirectory == fixture.path)
    }

    @Test func discoverFailsOutsideAnyRepository() throws {
        let scratch = try ScratchDirectory()
        // The scratch directory lives in the system temp directory, which is not in a repository.
        #expect(throws: GitError.self) {
            try Repository.discover(from: scratch.path)
        }
    }

    @Test func bareRepositoryHasNoWorkTree() throws {
        let fixture = try Fixture(bare: true)
        #expect(fixture.repository.isBare)
        #expect(fixture.repository.workDirectory == nil)
        #expect(fixture.repository.gitDirectory == fixture.path)
        #expect(throws: GitError.bareRepository) { try fixture.repository.status() }
    }

    @Test func defaultSignatureComesFromConfiguration() throws {
        let fixture = try Fixture()
        let signature = try fixture.repository.defaultSignature()
        #expect(signature.name == "Test Author")
        #expect(signature.email == "author@example.com")
        #expect(abs(signature.date.timeIntervalSinceNow) < 120)
    }

    @Test func signatureNowUsesTheLocalOffset() throws {
        let signature = try Signature.now(name: "N", email: "n@example.com")
        #expect(abs(signature.date.timeIntervalSinceNow) < 120)
        #expect(signature.timeZoneOffsetMinutes == TimeZone.current.secondsFromGMT(for: signature.date) / 60)
        #expect(signature.description == "N <n@example.com>")
        #expect(throws: GitError.self) { try Signature.now(name: "", email: "n@example.com") }
    }

    @Test func configurationRoundTrips() throws {
        let fixture = try Fixture()
        #expect(try fixture.repository.configValue("planbench.nothing") == nil)
        try fixture.repository.setConfigValue("yes", for: "planbench.flag")
        #expect(try fixture.repository.configValue("planbench.flag") == "yes")
        #expect(try runGit(["config", "planbench.flag"], in: fixture.path) == "yes\n")
    }

    @Test func identityErrorSaysWhatToSet() {
        let error = GitError.identityNotConfigured(missing: "user.email")
        #expect(error.description.contains("user.email is missing"))
        #expect(error.description.contains("git config --global"))
    }
}
