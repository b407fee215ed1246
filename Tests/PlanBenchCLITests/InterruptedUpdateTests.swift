import Foundation
import PlanBench
import PlanGit
import Testing

#if canImport(Glibc)
    @preconcurrency import Glibc
#endif

/// A command killed or failing after its commit moved the branch: the work tree
/// and index are brought up to date by the next command, never saved backwards,
/// and a retry never makes an empty commit.
@Suite struct InterruptedUpdateTests {
    static let unpinnedCitation = "    citations:\n      - edition: jus-2015\n        section: IV.A.1\n"

    /// A workspace with plans a and b; branch `other` retitles b, main retitles a
    /// (a clean, non-fast-forward merge).
    func mergeWorkspace(_ scratch: ScratchDirectory) throws -> String {
        #expect(planbench(["init", "ws"], in: scratch.path).status == 0)
        let ws = scratch.file("ws")
        for id in ["a", "b"] { #expect(planbench(["new", "plan", id, "--title", "Plan \(id)"], in: ws).status == 0) }
        #expect(planbench(["save", "-m", "Plans"], in: ws).status == 0)
        #expect(try git(["checkout", "-q", "-b", "other"], in: ws).status == 0)
        try scratch.write("ws/plans/b.yaml", try scratch.read("ws/plans/b.yaml").replacingOccurrences(of: "title: Plan b", with: "title: Theirs B"))
        #expect(planbench(["save", "-m", "Their title"], in: ws).status == 0)
        #expect(try git(["checkout", "-q", "main"], in: ws).status == 0)
        try scratch.write("ws/plans/a.yaml", try scratch.read("ws/plans/a.yaml").replacingOccurrences(of: "title: Plan a", with: "title: Ours A"))
        #expect(planbench(["save", "-m", "Our title"], in: ws).status == 0)
        return ws
    }

    func killed(_ arguments: [String], after step: String, in ws: String) throws -> RunResult {
        try runProcess(
            try planbenchExecutable(), ["-C", ws] + arguments,
            environment: ["PLANBENCH_AUTHOR": "K <k@example.org>", "PLANBENCH_CRASH_AFTER": step, "HOME": "/nonexistent"])
    }

    func commitCount(_ ws: String) throws -> Int {
        Int(try git(["rev-list", "--count", "HEAD"], in: ws).stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
    }

    @Test func aCleanMergeKilledAfterTheBranchMovedIsFinishedNotReverted() throws {
        let scratch = ScratchDirectory()
        let ws = try mergeWorkspace(scratch)
        let kill = try killed(["merge", "other"], after: MergeStep.branchMoved.rawValue, in: ws)
        #expect(kill.status == 9 || kill.status == 137, "the hook should kill the merge: \(kill.status) \(kill.stderr)")
        #expect(try git(["show", "-s", "--format=%p", "HEAD"], in: ws).stdout.split(separator: " ").count == 2, "the merge commit landed")

        // The save the old message advised must not commit the pre-merge files.
        let save = planbench(["save", "-m", "After the kill"], in: ws)
        #expect(save.status == 0, "\(save.stderr)")
        #expect(save.stderr.contains("interrupted `merge other`"), "\(save.stderr)")
        #expect(save.stdout.contains("Nothing to save"), "\(save.stdout)")
        #expect(try git(["show", "HEAD:plans/b.yaml"], in: ws).stdout.contains("title: Theirs B"))
        #expect(try scratch.read("ws/plans/b.yaml").contains("title: Theirs B"))
        #expect(try git(["status", "--porcelain"], in: ws).stdout.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: ws + "/.git/refs/heads/main.lock"))
        #expect(!FileManager.default.fileExists(atPath: ws + "/.git/index.lock"))
    }

    @Test func aFastForwardKilledAfterTheBranchMovedIsFinished() throws {
        let scratch = ScratchDirectory()
        #expect(planbench(["init", "ws"], in: scratch.path).status == 0)
        let ws = scratch.file("ws")
        #expect(try git(["checkout", "-q", "-b", "other"], in: ws).status == 0)
        #expect(planbench(["new", "plan", "c", "--title", "Plan c"], in: ws).status == 0)
        #expect(planbench(["save", "-m", "Plan c"], in: ws).status == 0)
        #expect(try git(["checkout", "-q", "main"], in: ws).status == 0)
        let kill = try killed(["merge", "other"], after: MergeStep.branchMoved.rawValue, in: ws)
        #expect(kill.status == 9 || kill.status == 137)
        #expect(!FileManager.default.fileExists(atPath: ws + "/plans/c.yaml"))
        let status = planbench(["status"], in: ws)
        #expect(status.status == 0, "\(status.stderr)")
        #expect(FileManager.default.fileExists(atPath: ws + "/plans/c.yaml"))
        #expect(try git(["status", "--porcelain"], in: ws).stdout.isEmpty)
    }

    /// A plan in a new workspace whose citation has no fingerprint yet (the save pins it).
    func unpinnedWorkspace(_ scratch: ScratchDirectory) throws -> String {
        #expect(planbench(["init", "ws"], in: scratch.path).status == 0)
        let ws = scratch.file("ws")
        #expect(planbench(["new", "plan", "p", "--title", "Plan p"], in: ws).status == 0)
        #expect(planbench(["save", "-m", "Plan p"], in: ws).status == 0)
        try scratch.write("ws/plans/p.yaml", try scratch.read("ws/plans/p.yaml").replacingOccurrences(of: "    citations: []\n", with: Self.unpinnedCitation))
        return ws
    }

    @Test func aSaveKilledBeforeItWrotePinnedCitationsIsFinishedAndNeverCommittedTwice() throws {
        let scratch = ScratchDirectory()
        let ws = try unpinnedWorkspace(scratch)
        let kill = try killed(["save", "-m", "Cite"], after: SaveStep.referenceMoved.rawValue, in: ws)
        #expect(kill.status == 9 || kill.status == 137)
        let count = try commitCount(ws)
        #expect(try git(["show", "HEAD:plans/p.yaml"], in: ws).stdout.contains("fingerprint: sha256:"))
        let retry = planbench(["save", "-m", "Cite again"], in: ws)
        #expect(retry.status == 0, "\(retry.stderr)")
        #expect(try commitCount(ws) == count, "a retry must not make an empty commit")
        #expect(try scratch.read("ws/plans/p.yaml").contains("fingerprint: sha256:"))
        #expect(try git(["status", "--porcelain"], in: ws).stdout.isEmpty)
    }

    @Test func aSaveWhoseOnlyChangeIsDeletedFingerprintsCommitsNothing() throws {
        let scratch = ScratchDirectory()
        let ws = try unpinnedWorkspace(scratch)
        #expect(planbench(["save", "-m", "Cite"], in: ws).status == 0)
        let count = try commitCount(ws)
        let pinned = try scratch.read("ws/plans/p.yaml")
        let unpinned = pinned.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.contains("fingerprint:") }.joined(separator: "\n")
        try scratch.write("ws/plans/p.yaml", unpinned)
        let save = planbench(["save", "-m", "Nothing really"], in: ws)
        #expect(save.status == 0, "\(save.stderr)")
        #expect(save.stdout.contains("Nothing to save"), "\(save.stdout)")
        #expect(try commitCount(ws) == count)
        #expect(try scratch.read("ws/plans/p.yaml") == pinned, "the fingerprints are put back")
        #expect(try git(["status", "--porcelain"], in: ws).stdout.isEmpty)
    }

    @Test func anEditDuringTheSaveIsNotOverwrittenByThePinnedRewrite() throws {
        let scratch = ScratchDirectory()
        let ws = try unpinnedWorkspace(scratch)
        let workspace = try Workspace.open(at: ws)
        let author = try AuthorResolution.parse("E <e@example.org>")
        let edited = try scratch.read("ws/plans/p.yaml").replacingOccurrences(of: "title: Plan p", with: "title: Edited meanwhile")
        let outcome = try workspace.save(message: "Cite", author: author) { step in
            if step == .referenceMoved { try? scratch.write("ws/plans/p.yaml", edited) }
        }
        #expect(try scratch.read("ws/plans/p.yaml") == edited)
        #expect(outcome.keptEdits == ["plans/p.yaml"])
        #expect(try git(["show", "HEAD:plans/p.yaml"], in: ws).stdout.contains("fingerprint: sha256:"))
    }

    /// A lock file planbench did not make (git's, here made by hand) stops the
    /// index update after the commit landed: the save says so, exit 3, and the
    /// next command finishes once the lock is gone; a retry commits nothing.
    @Test func aSaveWhoseIndexUpdateFailsSaysTheCommitLanded() throws {
        let scratch = ScratchDirectory()
        let ws = try unpinnedWorkspace(scratch)
        let count = try commitCount(ws)
        try scratch.write("ws/.git/index.lock", "")
        let save = planbench(["save", "-m", "Cite"], in: ws)
        #expect(save.status == 3, "\(save.stdout)\(save.stderr)")
        #expect(save.stderr.contains("committed"), "\(save.stderr)")
        #expect(save.stderr.contains("index.lock"), "\(save.stderr)")
        #expect(save.stderr.contains("do not save before then"), "\(save.stderr)")
        #expect(try commitCount(ws) == count + 1)
        try FileManager.default.removeItem(atPath: ws + "/.git/index.lock")
        let retry = planbench(["save", "-m", "Cite again"], in: ws)
        #expect(retry.status == 0, "\(retry.stderr)")
        #expect(retry.stderr.contains("interrupted `save`"), "\(retry.stderr)")
        #expect(try commitCount(ws) == count + 1, "no empty commit")
        #expect(try scratch.read("ws/plans/p.yaml").contains("fingerprint: sha256:"))
        #expect(try git(["status", "--porcelain"], in: ws).stdout.isEmpty)
    }

    @Test func aContinueKilledAfterItsCommitLeavesNoMergeInProgress() throws {
        let scratch = ScratchDirectory()
        let ws = try mergeWorkspace(scratch)
        // A conflict on a as well: both sides retitle it.
        #expect(try git(["checkout", "-q", "other"], in: ws).status == 0)
        try scratch.write("ws/plans/a.yaml", try scratch.read("ws/plans/a.yaml").replacingOccurrences(of: "title: Plan a", with: "title: Theirs A"))
        #expect(planbench(["save", "-m", "Their a"], in: ws).status == 0)
        #expect(try git(["checkout", "-q", "main"], in: ws).status == 0)
        #expect(planbench(["merge", "other"], in: ws).status == 1)
        #expect(planbench(["resolve", "plans/a.yaml", "--take", "ours"], in: ws).status == 0)
        let kill = try killed(["merge", "--continue"], after: MergeStep.continueCommitted.rawValue, in: ws)
        #expect(kill.status == 9 || kill.status == 137)
        #expect(FileManager.default.fileExists(atPath: ws + "/.planbench/merge.yaml"))
        let status = planbench(["status"], in: ws)
        #expect(status.stderr.contains("was committed"), "\(status.stderr)")
        #expect(!FileManager.default.fileExists(atPath: ws + "/.planbench/merge.yaml"))
        #expect(planbench(["conflicts"], in: ws).stderr.contains("no merge in progress"))
        #expect(try git(["status", "--porcelain"], in: ws).stdout.isEmpty)
        let save = planbench(["save", "-m", "after"], in: ws)
        #expect(save.status == 0, "\(save.stderr)")
    }

    @Test func temporaryFilesOfDeadProcessesAreSweptAndLiveOnesKept() throws {
        let scratch = ScratchDirectory()
        #expect(planbench(["init", "ws"], in: scratch.path).status == 0)
        let ws = scratch.file("ws")
        // A process that has exited: its pid names no live process (pids are not reused this soon).
        let finished = Process()
        finished.executableURL = URL(fileURLWithPath: "/bin/true")
        try finished.run()
        finished.waitUntilExit()
        let dead = finished.processIdentifier
        #expect(kill(dead, 0) != 0 && errno == ESRCH)
        let live = getpid()
        let files = [
            "plans/.planbench-tmp-\(dead)-1", "reviews/.planbench-tmp-\(dead)-2", ".planbench-tmp-\(dead)-3",
            "plans/.planbench-tmp-\(live)-4", "plans/planbench-tmp-\(dead)-5", "plans/.planbench-tmp-x-6",
        ]
        for file in files {
            try FileManager.default.createDirectory(atPath: (ws + "/" + file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try scratch.write("ws/" + file, "left by a killed save\n")
        }
        #expect(planbench(["status"], in: ws).status == 0)
        let left = files.filter { FileManager.default.fileExists(atPath: ws + "/" + $0) }
        #expect(left == ["plans/.planbench-tmp-\(live)-4", "plans/planbench-tmp-\(dead)-5", "plans/.planbench-tmp-x-6"])
    }

    @Test func libgit2TemporaryObjectsOfKilledWritesAreSweptOnceOld() throws {
        let scratch = ScratchDirectory()
        #expect(planbench(["init", "ws"], in: scratch.path).status == 0)
        let objects = scratch.file("ws/.git/objects/")
        // A kill between libgit2's write of a loose object and its rename leaves the
        // temporary file; git's own (tmp_obj_*) are git gc's business.
        let old = Int(Date().timeIntervalSince1970) - Repository.abandonedObjectAge - 60
        let files = ["tmp_object_git2_old": old, "tmp_object_git2_fresh": Int(Date().timeIntervalSince1970), "tmp_obj_gitsown": old]
        for (name, time) in files {
            try scratch.write("ws/.git/objects/" + name, "half an object")
            var times = [timespec(tv_sec: time, tv_nsec: 0), timespec(tv_sec: time, tv_nsec: 0)]
            #expect(utimensat(AT_FDCWD, objects + name, &times, 0) == 0)
        }
        #expect(planbench(["status"], in: scratch.file("ws")).status == 0)
        let left = files.keys.sorted().filter { FileManager.default.fileExists(atPath: objects + $0) }
        #expect(left == ["tmp_obj_gitsown", "tmp_object_git2_fresh"])
        #expect(try git(["fsck", "--strict"], in: scratch.file("ws")).status == 0)
    }
}
