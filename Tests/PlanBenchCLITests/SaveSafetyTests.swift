import Foundation
import PlanBench
import Testing

/// Saves that race or die half-way must never lose a commit or corrupt the repository.
@Suite struct SaveSafetyTests {
    /// Makes a workspace with `count` committed plans and returns its path.
    func workspace(plans count: Int, in scratch: ScratchDirectory) throws -> String {
        #expect(planbench(["init", "ws"], in: scratch.path).status == 0)
        let ws = scratch.file("ws")
        for i in 0..<count {
            #expect(planbench(["new", "plan", "p\(i)", "--title", "Plan \(i)"], in: ws).status == 0)
        }
        if count > 0 { #expect(planbench(["save", "-m", "Plans"], in: ws).status == 0) }
        return ws
    }

    func fsckIsClean(_ ws: String) throws {
        let fsck = try git(["fsck", "--strict", "--no-dangling"], in: ws)
        #expect(fsck.status == 0, "git fsck: \(fsck.stdout)\(fsck.stderr)")
    }

    @Test func concurrentSavesOfDifferentPlansBothLand() throws {
        let executable = try planbenchExecutable()
        let scratch = ScratchDirectory()
        let ws = try workspace(plans: 2, in: scratch)
        for round in 0..<6 {
            for i in 0..<2 {
                let text = try scratch.read("ws/plans/p\(i).yaml")
                try scratch.write("ws/plans/p\(i).yaml", text.replacingOccurrences(of: "title: Plan \(i)", with: "title: Plan \(i) round \(round)").replacingOccurrences(of: "title: Plan \(i) round \(round - 1)", with: "title: Plan \(i) round \(round)"))
            }
            let before = try git(["rev-list", "--count", "HEAD"], in: ws).stdout
            let processes = try (0..<2).map { i -> Process in
                let process = Process()
                process.executableURL = URL(fileURLWithPath: executable)
                process.arguments = ["-C", ws, "save", "-m", "round \(round) plan \(i)", "plans/p\(i).yaml"]
                process.environment = ["PLANBENCH_AUTHOR": "P\(i) <p\(i)@example.org>", "HOME": "/nonexistent"].merging(sanitizerEnvironment) { mine, _ in mine }
                process.standardOutput = FileHandle.nullDevice
                process.standardError = FileHandle.nullDevice
                try process.run()
                return process
            }
            for process in processes {
                process.waitUntilExit()
                #expect(process.terminationStatus == 0)
            }
            let after = try git(["rev-list", "--count", "HEAD"], in: ws).stdout
            #expect(Int(after.trimmingCharacters(in: .whitespacesAndNewlines))! == Int(before.trimmingCharacters(in: .whitespacesAndNewlines))! + 2)
            for i in 0..<2 {
                let committed = try git(["show", "HEAD:plans/p\(i).yaml"], in: ws).stdout
                #expect(committed.contains("Plan \(i) round \(round)"))
            }
        }
        #expect(try git(["status", "--porcelain"], in: ws).stdout.isEmpty)
        try fsckIsClean(ws)
    }

    /// Saves of different plans that update the index at the same moment each stage
    /// their own file: none drops another's entry, so git finds nothing to commit.
    @Test func concurrentSavesOfDifferentPlansLeaveEveryFileStaged() throws {
        let scratch = ScratchDirectory()
        let plans = 6
        let ws = try workspace(plans: plans, in: scratch)
        for round in 0..<3 {
            for i in 0..<plans {
                try scratch.write("ws/plans/p\(i).yaml", try scratch.read("ws/plans/p\(i).yaml") + "# round \(round)\n")
            }
            // Every save commits, then waits for the others before it updates the
            // index, so the index updates overlap.
            let barrier = Barrier(parties: plans)
            let failures = Failures()
            let group = DispatchGroup()
            for i in 0..<plans {
                group.enter()
                Thread.detachNewThread {
                    defer { group.leave() }
                    do {
                        let workspace = try Workspace.open(at: ws)
                        let author = try AuthorResolution.parse("P\(i) <p\(i)@example.org>")
                        _ = try workspace.save(message: "round \(round) plan \(i)", paths: ["plans/p\(i).yaml"], author: author) { step in
                            if step == .workTreeUpdated { barrier.arriveAndWait() }
                        }
                    } catch {
                        barrier.arriveAndWait()
                        failures.record("plan \(i): \(error)")
                    }
                }
            }
            group.wait()
            #expect(failures.messages.isEmpty, "\(failures.messages)")
            #expect(try git(["status", "--porcelain"], in: ws).stdout == "", "round \(round)")
        }
        try fsckIsClean(ws)
    }

    @Test(arguments: SaveStep.allCases)
    func aSaveKilledAfterAnyStepLeavesTheBranchOldOrNew(step: SaveStep) throws {
        let executable = try planbenchExecutable()
        let scratch = ScratchDirectory("kill-\(step.rawValue)")
        let ws = try workspace(plans: 1, in: scratch)
        let old = try git(["rev-parse", "HEAD"], in: ws).stdout
        try scratch.write("ws/plans/p0.yaml", try scratch.read("ws/plans/p0.yaml").replacingOccurrences(of: "title: Plan 0", with: "title: Killed"))
        let result = try runProcess(
            executable, ["-C", ws, "save", "-m", "doomed"],
            environment: ["PLANBENCH_AUTHOR": "K <k@example.org>", "PLANBENCH_CRASH_AFTER": step.rawValue, "HOME": "/nonexistent"])
        #expect(result.status == 9 || result.status == 137 || result.status != 0, "the hook should kill the save")
        let now = try git(["rev-parse", "HEAD"], in: ws).stdout
        let movedSteps: [SaveStep] = [.referenceMoved, .indexUpdated, .workTreeUpdated]
        if movedSteps.contains(step) {
            #expect(now != old)
            #expect(try git(["show", "HEAD:plans/p0.yaml"], in: ws).stdout.contains("title: Killed"))
        } else {
            #expect(now == old)
        }
        try fsckIsClean(ws)
        // The work tree still holds the edit, and a new save finishes the job.
        #expect(try scratch.read("ws/plans/p0.yaml").contains("title: Killed"))
        let retry = planbench(["save", "-m", "retry"], in: ws)
        #expect(retry.status == 0, "\(retry.stderr)")
        #expect(try git(["show", "HEAD:plans/p0.yaml"], in: ws).stdout.contains("title: Killed"))
        #expect(try git(["status", "--porcelain"], in: ws).stdout.isEmpty)
    }

    @Test func aSaveKilledAtRandomMomentsNeverCorruptsTheRepository() throws {
        let executable = try planbenchExecutable()
        let scratch = ScratchDirectory()
        let ws = try workspace(plans: 3, in: scratch)
        var rng = SystemRandomNumberGenerator()
        for round in 0..<8 {
            let old = try git(["rev-parse", "HEAD"], in: ws).stdout
            for i in 0..<3 {
                let text = try scratch.read("ws/plans/p\(i).yaml")
                try scratch.write("ws/plans/p\(i).yaml", text + "# round \(round)\n")
            }
            let process = Process()
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = ["-C", ws, "save", "-m", "round \(round)"]
            process.environment = ["PLANBENCH_AUTHOR": "R <r@example.org>", "HOME": "/nonexistent"].merging(sanitizerEnvironment) { mine, _ in mine }
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            usleep(UInt32.random(in: 0...60_000, using: &rng))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let now = try git(["rev-parse", "HEAD"], in: ws).stdout
            if now != old {
                #expect(try git(["rev-parse", "HEAD~1"], in: ws).stdout == old)
            }
            try fsckIsClean(ws)
            // Stale lock files from the kill must not block the next save forever.
            try? FileManager.default.removeItem(atPath: ws + "/.git/index.lock")
        }
    }
}

/// Errors collected from worker threads.
private final class Failures: @unchecked Sendable {
    // Guarded by `lock`; workers append, the test reads after they finish.
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

/// Releases threads together once `parties` of them have arrived (or after ten
/// seconds, so a thread that never arrives fails the test instead of hanging it).
private final class Barrier: @unchecked Sendable {
    // `arrived` is guarded by `condition`.
    private let condition = NSCondition()
    private let parties: Int
    private var arrived = 0

    init(parties: Int) { self.parties = parties }

    func arriveAndWait() {
        condition.lock()
        defer { condition.unlock() }
        arrived += 1
        condition.broadcast()
        let deadline = Date(timeIntervalSinceNow: 10)
        while arrived < parties, condition.wait(until: deadline) {}
    }
}
