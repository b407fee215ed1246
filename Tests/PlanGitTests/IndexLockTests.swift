import Foundation
import PlanGit
import Testing

/// Index updates from separate handles at once must not drop each other's entries.
@Suite struct IndexLockTests {
    /// Threads, each with its own handle, stage different files from one commit at
    /// once (retrying while another holds `index.lock`, as a save does); every file
    /// must end staged, so git reports a clean work tree.
    @Test func concurrentIndexUpdatesKeepEveryEntry() throws {
        let fixture = try Fixture()
        let writers = 8
        let rounds = 4
        for round in 0..<rounds {
            var files: [String: String?] = [:]
            for writer in 0..<writers {
                let path = "plans/w\(writer).yaml"
                let text = "writer: \(writer)\nround: \(round)\n"
                try fixture.scratch.write(text, to: path)
                files[path] = text
            }
            let commit = try fixture.commit(files, message: "round \(round)")
            let path = fixture.path
            let failures = Failures()
            let group = DispatchGroup()
            for writer in 0..<writers {
                group.enter()
                Thread.detachNewThread {
                    defer { group.leave() }
                    do {
                        let repository = try Repository.open(at: path)
                        while true {
                            do {
                                try repository.updateIndex(paths: ["plans/w\(writer).yaml"], from: commit)
                                break
                            } catch GitError.locked {
                                usleep(UInt32.random(in: 100...2_000))
                            }
                        }
                    } catch {
                        failures.record("writer \(writer): \(error)")
                    }
                }
            }
            group.wait()
            #expect(failures.messages.isEmpty, "\(failures.messages)")
            #expect(try runGit(["status", "--porcelain"], in: fixture.path) == "", "round \(round)")
        }
        #expect(!fixture.scratch.exists(".git/index.lock"))
    }

    /// A lock held by someone else is reported, and the index is left as it was.
    @Test func aHeldIndexLockIsReportedAndLeftAlone() throws {
        let fixture = try Fixture()
        try fixture.scratch.write("a\n", to: "a.txt")
        let commit = try fixture.commit(["a.txt": "a\n"], message: "a")
        try fixture.scratch.write("", to: ".git/index.lock")
        #expect(throws: GitError.self) {
            try fixture.repository.updateIndex(paths: ["a.txt"], from: commit)
        }
        #expect(fixture.scratch.exists(".git/index.lock"))
        #expect(!fixture.scratch.exists(".git/index"))
        try FileManager.default.removeItem(atPath: fixture.path + "/.git/index.lock")
        try fixture.repository.updateIndex(paths: ["a.txt"], from: commit)
        #expect(try runGit(["status", "--porcelain"], in: fixture.path) == "")
    }
}

/// Failures collected from worker threads.
private final class Failures: @unchecked Sendable {
    // Guarded by `lock`; worker threads append, the test reads after they finish.
    private let lock = NSLock()
    private var list: [String] = []

    func record(_ message: String) {
        lock.lock()
        list.append(message)
        lock.unlock()
    }

    var messages: [String] {
        lock.lock()
        defer { lock.unlock() }
        return list
    }
}
