import Foundation
import PlanBench
import Testing

/// A conflicted merge killed part-way leaves either no merge recorded or a
/// complete one: `resolve` and `merge --continue` never lose a change of the
/// other branch.
@Suite struct MergeInterruptionTests {
    /// A workspace where branch `other` changes plan a (as main also does: a
    /// conflict) and plan b (a change main lacks: merged cleanly).
    func workspace(_ scratch: ScratchDirectory) throws -> String {
        #expect(planbench(["init", "ws"], in: scratch.path).status == 0)
        let ws = scratch.file("ws")
        for id in ["a", "b"] {
            #expect(planbench(["new", "plan", id, "--title", "Plan \(id)"], in: ws).status == 0)
        }
        #expect(planbench(["save", "-m", "Plans"], in: ws).status == 0)
        func retitle(_ id: String, _ title: String) throws {
            let text = try scratch.read("ws/plans/\(id).yaml")
            try scratch.write("ws/plans/\(id).yaml", text.replacingOccurrences(of: "title: Plan \(id)", with: "title: \(title)"))
        }
        #expect(try git(["checkout", "-q", "-b", "other"], in: ws).status == 0)
        try retitle("a", "Theirs A")
        try retitle("b", "Theirs B")
        #expect(planbench(["save", "-m", "Their titles"], in: ws).status == 0)
        #expect(try git(["checkout", "-q", "main"], in: ws).status == 0)
        try retitle("a", "Ours A")
        #expect(planbench(["save", "-m", "Our title"], in: ws).status == 0)
        return ws
    }

    @Test(arguments: [MergeStep.documentWritten, .stateRecorded])
    func aMergeKilledAfterAnyStepIsAbsentOrComplete(step: MergeStep) throws {
        let executable = try planbenchExecutable()
        let scratch = ScratchDirectory("merge-kill-\(step.rawValue)")
        let ws = try workspace(scratch)
        let before = try git(["rev-parse", "HEAD"], in: ws).stdout
        let killed = try runProcess(
            executable, ["-C", ws, "merge", "other"],
            environment: ["PLANBENCH_AUTHOR": "K <k@example.org>", "PLANBENCH_CRASH_AFTER": step.rawValue, "HOME": "/nonexistent"])
        #expect(killed.status == 9 || killed.status == 137, "the hook should kill the merge: \(killed.status) \(killed.stderr)")
        #expect(try git(["rev-parse", "HEAD"], in: ws).stdout == before)

        if FileManager.default.fileExists(atPath: ws + "/.planbench/merge.yaml") {
            #expect(step == .stateRecorded)
            #expect(planbench(["resolve", "plans/a.yaml", "--take", "ours"], in: ws).status == 0)
            let done = planbench(["merge", "--continue"], in: ws)
            #expect(done.status == 0, "\(done.stderr)")
            #expect(try git(["show", "HEAD:plans/a.yaml"], in: ws).stdout.contains("title: Ours A"))
            #expect(try git(["show", "HEAD:plans/b.yaml"], in: ws).stdout.contains("title: Theirs B"), "their clean change is kept")
            #expect(try git(["status", "--porcelain"], in: ws).stdout.isEmpty)
        } else {
            #expect(step != .stateRecorded)
            let conflicts = planbench(["conflicts"], in: ws)
            #expect(conflicts.status == 2)
            #expect(conflicts.stderr.contains("no merge in progress"))
            #expect(planbench(["merge", "--continue"], in: ws).status == 2)
            #expect(try git(["rev-parse", "HEAD"], in: ws).stdout == before)
        }
    }

    /// A merge that cannot record its state (here `.planbench` is a file)
    /// leaves the documents as they were and records nothing. (Its documents
    /// are written through temporary files in `.planbench/tmp/`, so it now
    /// stops before the first; one it had written would be put back.)
    @Test func aMergeThatCannotRecordItsStateRestoresTheDocuments() throws {
        let scratch = ScratchDirectory()
        let ws = try workspace(scratch)
        let before = try git(["rev-parse", "HEAD"], in: ws).stdout
        // The saves that made the workspace made the folder (for their temporary files).
        try? FileManager.default.removeItem(atPath: ws + "/.planbench")
        try scratch.write("ws/.planbench", "not a folder\n")
        let merge = planbench(["merge", "other"], in: ws)
        #expect(merge.status != 0, "\(merge.stdout)\(merge.stderr)")
        #expect(!FileManager.default.fileExists(atPath: ws + "/.planbench/merge.yaml"))
        #expect(try git(["rev-parse", "HEAD"], in: ws).stdout == before)
        #expect(try git(["status", "--porcelain"], in: ws).stdout.isEmpty)
        #expect(try scratch.read("ws/plans/b.yaml").contains("title: Plan b"))
    }
}
