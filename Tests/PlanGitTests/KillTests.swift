import Foundation
@testable import PlanGit
import Testing

@Suite struct KillTests {
    /// A child process saves in a loop and is killed with SIGKILL at an arbitrary
    /// moment (after its first save); the branch must point at a complete commit of
    /// the chain, and git must find the repository sound.
    @Test(arguments: [7, 40, 110])
    func killedWriterLeavesACompleteCommit(delayMilliseconds: Int) async throws {
        let fixture = try Fixture()
        let base = try fixture.commit(["plans/a.yaml": "n: 0\n"], message: "base")
        let path = fixture.path
        await #expect(processExitsWith: .signal(SIGKILL)) { [path = path as String, delayMilliseconds = delayMilliseconds as Int] in
            let repository = try Repository.open(at: path)
            let signature = Signature(name: "k", email: "k@k")
            var head = try repository.resolve("main")
            var step = 1
            while true {
                let next = try repository.commit(
                    updating: head,
                    changes: ["plans/a.yaml": Array("n: \(step)\n".utf8), "plans/s\(step % 7).yaml": Array("\(step)".utf8)],
                    message: "step \(step)", author: signature, committer: signature)
                try repository.updateReference("refs/heads/main", to: next, expected: head, message: "commit: step \(step)")
                head = next
                if step == 1 {
                    Thread.detachNewThread {
                        usleep(useconds_t(delayMilliseconds * 1000))
                        kill(getpid(), SIGKILL)
                    }
                }
                step += 1
            }
        }
        let repository = try Repository.open(at: fixture.path)
        let head = try #require(try repository.headCommit())
        let history = try repository.log(from: head)
        #expect(history.count >= 2)
        #expect(history.last?.id == base)
        // The number in the file matches the commit's position in the chain.
        #expect(try fixture.text(at: "plans/a.yaml", in: head) == "n: \(history.count - 1)\n")
        #expect(try runGit(["fsck", "--strict"], in: fixture.path).contains("error") == false)

        // A kill inside the reference update leaves main.lock behind; the lock record
        // shows a planbench process made it and died, so the next writer clears it.
        let next = try fixture.repository.commit(updating: head, changes: ["after": bytes("x")], message: "after",
                                                 author: Signature(name: "a", email: "a@a"),
                                                 committer: Signature(name: "a", email: "a@a"))
        try fixture.repository.updateReference("refs/heads/main", to: next, expected: head, message: "after")
        #expect(try fixture.repository.headCommit() == next)
        #expect(!FileManager.default.fileExists(atPath: fixture.path + "/.git/refs/heads/main.lock"))
    }

    /// A killed writer's lock is cleared whenever the kill left one (made certain
    /// here by killing a process that holds the section with the lock made).
    @Test func aLockLeftByAKilledWriterIsClearedByTheNext() async throws {
        let fixture = try Fixture()
        let base = try fixture.commit(["plans/a.yaml": "n: 0\n"], message: "base")
        let path = fixture.path
        await #expect(processExitsWith: .signal(SIGKILL)) { [path = path as String] in
            let repository = try Repository.open(at: path)
            repository.withLockRecord(["refs/heads/main.lock"]) {
                FileManager.default.createFile(atPath: path + "/.git/refs/heads/main.lock", contents: Data())
                kill(getpid(), SIGKILL)
            }
        }
        #expect(FileManager.default.fileExists(atPath: path + "/.git/refs/heads/main.lock"))
        let next = try fixture.repository.commit(
            updating: base, changes: ["plans/a.yaml": bytes("n: 1\n")], message: "next",
            author: Signature(name: "a", email: "a@a"), committer: Signature(name: "a", email: "a@a"))
        try fixture.repository.updateReference("refs/heads/main", to: next, expected: base, message: "next")
        #expect(try fixture.repository.headCommit() == next)
        #expect(!FileManager.default.fileExists(atPath: path + "/.git/refs/heads/main.lock"))
    }

    /// A lock file no planbench process recorded (git's, or one made by hand) is
    /// never deleted: the writer reports it.
    @Test func aLockNoPlanbenchRecordedIsReported() throws {
        let fixture = try Fixture()
        let base = try fixture.commit(["plans/a.yaml": "n: 0\n"], message: "base")
        let lock = fixture.path + "/.git/refs/heads/main.lock"
        FileManager.default.createFile(atPath: lock, contents: Data())
        let next = try fixture.repository.commit(
            updating: base, changes: ["plans/a.yaml": bytes("n: 1\n")], message: "next",
            author: Signature(name: "a", email: "a@a"), committer: Signature(name: "a", email: "a@a"))
        #expect(throws: GitError.self) {
            try fixture.repository.updateReference("refs/heads/main", to: next, expected: base, message: "next")
        }
        #expect(FileManager.default.fileExists(atPath: lock))
    }

    /// Several PlanGit processes wait for a start signal, then race to move main from
    /// the same commit; each writes whether it won. Exactly one may win.
    @Test func racingProcessesHaveExactlyOneWinner() async throws {
        let fixture = try Fixture()
        let base = try fixture.commit(["file.txt": "base"], message: "base")
        let signature = Signature(name: "p", email: "p@p")
        let contenders = 4
        var candidates: [String] = []
        for index in 0..<contenders {
            candidates.append(try fixture.repository.commit(
                updating: base, changes: ["file.txt": bytes("process \(index)")], message: "process \(index)",
                author: signature, committer: signature).hex)
        }
        let path = fixture.path
        let results = path + "/.git/race-results"
        try FileManager.default.createDirectory(atPath: results, withIntermediateDirectories: true)
        let go = path + "/.git/race-go"
        // A plain thread, not a task: waiting for exit tests may occupy the cooperative pool.
        Thread.detachNewThread {
            usleep(400_000)
            FileManager.default.createFile(atPath: go, contents: Data())
        }
        await withTaskGroup(of: Void.self) { group in
            for index in 0..<contenders {
                let candidate = candidates[index]
                group.addTask {
                    await #expect(processExitsWith: .success) {
                        [path = path as String, go = go as String, results = results as String,
                         candidate = candidate as String, base = base.hex as String, index = index as Int] in
                        let repository = try Repository.open(at: path)
                        var waited = 0
                        while !FileManager.default.fileExists(atPath: go) && waited < 20_000 {
                            usleep(1_000)
                            waited += 1
                        }
                        var outcome = "won"
                        do {
                            try repository.updateReference("refs/heads/main", to: ObjectID(hex: candidate)!,
                                                           expected: ObjectID(hex: base)!, message: "race")
                        } catch GitError.referenceMoved {
                            outcome = "moved"
                        } catch GitError.locked {
                            outcome = "locked"
                        }
                        try Data((candidate + " " + outcome).utf8).write(to: URL(fileURLWithPath: results + "/\(index)"))
                    }
                }
            }
        }
        let outcomes = try (0..<contenders).map { index in
            try String(contentsOfFile: results + "/\(index)", encoding: .utf8).split(separator: " ").map(String.init)
        }
        let winners = outcomes.filter { $0[1] == "won" }
        #expect(outcomes.count == contenders)
        #expect(winners.count == 1)
        #expect(try fixture.repository.referenceTarget("refs/heads/main")?.hex == winners.first?[0])
    }
}
