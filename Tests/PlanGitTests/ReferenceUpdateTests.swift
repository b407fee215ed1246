import Foundation
import PlanGit
import Testing

@Suite struct ReferenceUpdateTests {
    private let signature = Signature(name: "Writer", email: "writer@example.com")

    private func detachedCommit(_ fixture: Fixture, parent: ObjectID?, content: String) throws -> ObjectID {
        try fixture.repository.commit(updating: parent, changes: ["file.txt": bytes(content)],
                                      message: content, author: signature, committer: signature)
    }

    @Test func firstCommitCreatesTheBranchOnlyWhenAbsent() throws {
        let fixture = try Fixture()
        let first = try detachedCommit(fixture, parent: nil, content: "one")
        try fixture.repository.updateReference("refs/heads/main", to: first, expected: nil, message: "commit (initial): one")
        #expect(try fixture.repository.headCommit() == first)

        let rival = try detachedCommit(fixture, parent: nil, content: "rival root")
        #expect(throws: GitError.referenceMoved(reference: "refs/heads/main", expected: nil, actual: first)) {
            try fixture.repository.updateReference("refs/heads/main", to: rival, expected: nil, message: "rival")
        }
        #expect(try fixture.repository.headCommit() == first)
    }

    @Test func compareAndSwapMovesWhenExpectedMatches() throws {
        let fixture = try Fixture()
        let first = try fixture.commit(["a": "1"], message: "one")
        let second = try detachedCommit(fixture, parent: first, content: "two")
        try fixture.repository.updateReference("refs/heads/main", to: second, expected: first, message: "commit: two")
        #expect(try fixture.repository.referenceTarget("refs/heads/main") == second)
    }

    @Test func compareAndSwapRefusesAStaleExpectationAndLeavesTheBranch() throws {
        let fixture = try Fixture()
        let first = try fixture.commit(["a": "1"], message: "one")
        let second = try fixture.commit(["a": "2"], message: "two")
        let stale = try detachedCommit(fixture, parent: first, content: "based on one")
        #expect(throws: GitError.referenceMoved(reference: "refs/heads/main", expected: first, actual: second)) {
            try fixture.repository.updateReference("refs/heads/main", to: stale, expected: first, message: "stale")
        }
        #expect(try fixture.repository.referenceTarget("refs/heads/main") == second)
        #expect(try runGit(["rev-parse", "main"], in: fixture.path) == second.hex + "\n")
    }

    @Test func expectingAMissingBranchToExistIsRefused() throws {
        let fixture = try Fixture()
        let first = try fixture.commit(["a": "1"], message: "one")
        let second = try detachedCommit(fixture, parent: first, content: "two")
        #expect(throws: GitError.referenceMoved(reference: "refs/heads/other", expected: first, actual: nil)) {
            try fixture.repository.updateReference("refs/heads/other", to: second, expected: first, message: "x")
        }
        #expect(try fixture.repository.referenceTarget("refs/heads/other") == nil)
    }

    @Test func updatingHeadMovesTheCheckedOutBranch() throws {
        let fixture = try Fixture()
        let first = try fixture.commit(["a": "1"], message: "one")
        let second = try detachedCommit(fixture, parent: first, content: "two")
        try fixture.repository.updateReference("HEAD", to: second, expected: first, message: "commit: two")
        #expect(try fixture.repository.referenceTarget("refs/heads/main") == second)
        #expect(try fixture.repository.currentBranch() == "main")
    }

    @Test func updatingAnUnbornHeadCreatesTheBranch() throws {
        let fixture = try Fixture()
        let first = try detachedCommit(fixture, parent: nil, content: "one")
        try fixture.repository.updateReference("HEAD", to: first, expected: nil, message: "commit (initial): one")
        #expect(try fixture.repository.referenceTarget("refs/heads/main") == first)
        #expect(try fixture.repository.currentBranch() == "main")
        #expect(try runGit(["symbolic-ref", "HEAD"], in: fixture.path) == "refs/heads/main\n")
        #expect(try runGit(["reflog", "show", "--format=%gs", "HEAD"], in: fixture.path) == "commit (initial): one\n")
    }

    /// After `git gc` / `git pack-refs` the branch lives in .git/packed-refs; the
    /// compare-and-swap must see it there.
    @Test func compareAndSwapWorksOnPackedReferences() throws {
        let fixture = try Fixture()
        let first = try fixture.commit(["a": "1"], message: "one")
        let second = try fixture.commit(["a": "2"], message: "two")
        try fixture.repository.createBranch("topic", at: first)
        try runGit(["pack-refs", "--all", "--prune"], in: fixture.path)
        #expect(!FileManager.default.fileExists(atPath: fixture.path + "/.git/refs/heads/main"))

        let third = try detachedCommit(fixture, parent: second, content: "three")
        #expect(throws: GitError.referenceMoved(reference: "refs/heads/main", expected: first, actual: second)) {
            try fixture.repository.updateReference("refs/heads/main", to: third, expected: first, message: "stale")
        }
        #expect(throws: GitError.referenceMoved(reference: "refs/heads/main", expected: nil, actual: second)) {
            try fixture.repository.updateReference("refs/heads/main", to: third, expected: nil, message: "absent?")
        }
        try fixture.repository.updateReference("refs/heads/main", to: third, expected: second, message: "commit: three")
        #expect(try runGit(["rev-parse", "main"], in: fixture.path) == third.hex + "\n")
        try fixture.repository.deleteReference("refs/heads/topic", expected: first)
        #expect(try fixture.repository.branches() == ["main"])
        #expect(try runGit(["for-each-ref", "--format=%(refname)", "refs/heads"], in: fixture.path) == "refs/heads/main\n")
    }

    @Test func reflogRecordsTheMessage() throws {
        let fixture = try Fixture()
        try fixture.commit(["a": "1"], message: "one")
        try fixture.commit(["a": "2"], message: "two")
        let reflog = try runGit(["reflog", "show", "--format=%gs", "refs/heads/main"], in: fixture.path)
        #expect(reflog == "commit: two\ncommit: one\n")
    }

    @Test func aHeldLockIsReportedAsLocked() throws {
        let fixture = try Fixture()
        let first = try fixture.commit(["a": "1"], message: "one")
        let second = try detachedCommit(fixture, parent: first, content: "two")
        let lock = fixture.path + "/.git/refs/heads/main.lock"
        #expect(FileManager.default.createFile(atPath: lock, contents: Data()))
        #expect {
            try fixture.repository.updateReference("refs/heads/main", to: second, expected: first, message: "x")
        } throws: { error in
            guard case GitError.locked(let message) = error else { return false }
            return message.contains("main.lock")
        }
        try FileManager.default.removeItem(atPath: lock)
        try fixture.repository.updateReference("refs/heads/main", to: second, expected: first, message: "x")
        #expect(try fixture.repository.referenceTarget("refs/heads/main") == second)
    }

    @Test func invalidReferenceNamesAreRejected() throws {
        let fixture = try Fixture()
        let first = try fixture.commit(["a": "1"], message: "one")
        #expect(throws: GitError.invalidReferenceName("refs/heads/a..b")) {
            try fixture.repository.updateReference("refs/heads/a..b", to: first, expected: nil, message: "x")
        }
    }

    @Test func deleteReferenceChecksTheExpectedTarget() throws {
        let fixture = try Fixture()
        let first = try fixture.commit(["a": "1"], message: "one")
        let second = try fixture.commit(["a": "2"], message: "two")
        try fixture.repository.createBranch("topic", at: first)
        #expect(throws: GitError.referenceMoved(reference: "refs/heads/topic", expected: second, actual: first)) {
            try fixture.repository.deleteReference("refs/heads/topic", expected: second)
        }
        try fixture.repository.deleteReference("refs/heads/topic", expected: first)
        #expect(try fixture.repository.branches() == ["main"])
    }

    /// Many threads, each with its own handle, race to move main from the same commit:
    /// exactly one may win and the branch must end at the winner's commit.
    @Test(arguments: 1...4)
    func racingWritersHaveExactlyOneWinner(round: Int) async throws {
        let fixture = try Fixture()
        let base = try fixture.commit(["file.txt": "base"], message: "base")
        let contenders = 8
        let candidates = try (0..<contenders).map {
            try detachedCommit(fixture, parent: base, content: "round \(round) writer \($0)")
        }
        let path = fixture.path
        let outcomes = await withTaskGroup(of: (ObjectID, String?).self) { group in
            for candidate in candidates {
                group.addTask {
                    do {
                        let repository = try Repository.open(at: path)
                        try repository.updateReference("refs/heads/main", to: candidate, expected: base, message: "race")
                        return (candidate, nil)
                    } catch let error as GitError {
                        switch error {
                        case .referenceMoved, .locked: return (candidate, "lost")
                        default: return (candidate, "unexpected: \(error)")
                        }
                    } catch {
                        return (candidate, "unexpected: \(error)")
                    }
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        let winners = outcomes.filter { $0.1 == nil }.map(\.0)
        let unexpected = outcomes.compactMap(\.1).filter { $0 != "lost" }
        #expect(unexpected.isEmpty)
        #expect(winners.count == 1)
        #expect(try fixture.repository.referenceTarget("refs/heads/main") == winners.first)
    }

    /// Creating a branch that must not exist yet is just as exclusive.
    @Test(arguments: 1...3)
    func racingCreatorsHaveExactlyOneWinner(round: Int) async throws {
        let fixture = try Fixture()
        let candidates = try (0..<8).map { try detachedCommit(fixture, parent: nil, content: "root \(round) \($0)") }
        let path = fixture.path
        let wins = await withTaskGroup(of: Int.self) { group in
            for candidate in candidates {
                group.addTask {
                    guard let repository = try? Repository.open(at: path) else { return 0 }
                    do {
                        try repository.updateReference("refs/heads/fresh", to: candidate, expected: nil, message: "create")
                        return 1
                    } catch {
                        return 0
                    }
                }
            }
            return await group.reduce(0, +)
        }
        #expect(wins == 1)
        let target = try #require(try fixture.repository.referenceTarget("refs/heads/fresh"))
        #expect(candidates.contains(target))
    }

    /// The same race between processes: our handle against `git update-ref` with the same old value.
    @Test func racingAgainstGitUpdateRefHasOneWinner() async throws {
        let fixture = try Fixture()
        let base = try fixture.commit(["file.txt": "base"], message: "base")
        let ours = try detachedCommit(fixture, parent: base, content: "ours")
        let theirs = try detachedCommit(fixture, parent: base, content: "theirs")
        let path = fixture.path
        async let gitWon: Bool = {
            (try? runGit(["update-ref", "refs/heads/main", theirs.hex, base.hex], in: path)) != nil
        }()
        let weWon: Bool
        do {
            try fixture.repository.updateReference("refs/heads/main", to: ours, expected: base, message: "ours")
            weWon = true
        } catch GitError.referenceMoved, GitError.locked {
            weWon = false
        }
        let theyWon = await gitWon
        #expect(weWon != theyWon)
        #expect(try fixture.repository.referenceTarget("refs/heads/main") == (weWon ? ours : theirs))
    }
}
