import Foundation
import PlanGit
import Testing

@Suite struct ConcurrencyTests {
    /// Separate handles on separate threads write objects and move different branches
    /// at once; every branch ends where its writer put it and git finds no damage.
    @Test func parallelWritersOnDifferentBranches() async throws {
        let fixture = try Fixture()
        let base = try fixture.commit(["shared.txt": "base"], message: "base")
        let writers = 6
        let commitsEach = 15
        for writer in 0..<writers {
            try fixture.repository.createBranch("writer-\(writer)", at: base)
        }
        let path = fixture.path
        let heads = try await withThrowingTaskGroup(of: (Int, ObjectID).self) { group in
            for writer in 0..<writers {
                group.addTask {
                    let repository = try Repository.open(at: path)
                    let signature = Signature(name: "w\(writer)", email: "w\(writer)@example.com")
                    var head = base
                    for step in 0..<commitsEach {
                        let next = try repository.commit(
                            updating: head,
                            changes: ["writers/\(writer).txt": bytes("step \(step)"), "shared.txt": bytes("by \(writer)")],
                            message: "writer \(writer) step \(step)", author: signature, committer: signature)
                        try repository.updateReference("refs/heads/writer-\(writer)", to: next, expected: head,
                                                       message: "commit: step \(step)")
                        head = next
                    }
                    return (writer, head)
                }
            }
            return try await group.reduce(into: [Int: ObjectID]()) { $0[$1.0] = $1.1 }
        }
        for writer in 0..<writers {
            let head = try #require(heads[writer])
            #expect(try fixture.repository.referenceTarget("refs/heads/writer-\(writer)") == head)
            #expect(try fixture.repository.log(from: head).count == commitsEach + 1)
            #expect(try fixture.text(at: "writers/\(writer).txt", in: head) == "step \(commitsEach - 1)")
        }
        #expect(try runGit(["fsck", "--strict", "--no-dangling"], in: fixture.path) == "")
    }

    /// Unexpected libgit2 failures keep libgit2's own message.
    @Test func libgit2FailuresCarryTheirMessage() throws {
        let fixture = try Fixture()
        try fixture.commit(["a": "1"], message: "one")
        do {
            try fixture.repository.deleteBranch("main")
            Issue.record("deleting the checked-out branch should fail")
        } catch let error as GitError {
            guard case .libgit2(let code, _, let message) = error else {
                Issue.record("expected a libgit2 error, got \(error)")
                return
            }
            #expect(code < 0)
            #expect(message.contains("current HEAD"))
            #expect(error.description.contains(message))
        }
    }
}
