import Foundation
import Testing

/// git merge and git diff with planbench's drivers, without traps.
@Suite struct GitIntegrationTests {
    func example(_ scratch: ScratchDirectory) throws -> (ws: String, executable: String) {
        let executable = try planbenchExecutable()
        #expect(planbench(["init", "--example", "ws"], in: scratch.path).status == 0)
        let ws = scratch.file("ws")
        for line in ["diff.planbench.command", "merge.planbench.driver"] {
            let value = line.hasPrefix("diff") ? "\(executable) git-diff-driver" : "\(executable) merge-file %O %A %B --path %P"
            #expect(try git(["config", line, value], in: ws).status == 0)
        }
        return (ws, executable)
    }

    func gitMerge(_ branch: String, in ws: String) throws -> RunResult {
        try git(["-c", "user.name=T", "-c", "user.email=t@example.org", "merge", "--no-edit", branch], in: ws)
    }

    @Test func aConflictedGitMergeIsSeenByStatusAndFinishedBySave() throws {
        let scratch = ScratchDirectory()
        let (ws, _) = try example(scratch)
        let merge = try gitMerge("draft/boarding-support", in: ws)
        #expect(merge.status != 0)
        // The driver names the real file and says what to do inside a git merge.
        #expect(merge.stderr.contains("plans/maritime-security.yaml: conflict at"), "\(merge.stderr)")
        #expect(!merge.stderr.contains(".merge_file_"))
        #expect(merge.stderr.contains("This is a git merge"))

        let status = planbench(["status"], in: ws)
        #expect(status.stdout.contains("A git merge of"), "\(status.stdout)")
        #expect(status.stdout.contains("plans/maritime-security.yaml"))
        let early = planbench(["save", "-m", "Merge boarding support"], in: ws)
        #expect(early.status != 0 && early.stderr.contains("conflict markers"))

        // Keep main's due date: drop the markers and the branch's line.
        let path = ws + "/plans/maritime-security.yaml"
        var lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let start = try #require(lines.firstIndex { $0.hasPrefix("<<<<<<<") })
        let end = try #require(lines.firstIndex { $0.hasPrefix(">>>>>>>") })
        // Ours ends at the base section (diff3 style) or at the separator.
        let oursEnd = try #require(lines.firstIndex { $0.hasPrefix("|||||||") || $0.hasPrefix("=======") })
        lines.replaceSubrange(start...end, with: Array(lines[(start + 1)..<oursEnd]))
        try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)

        let saved = planbench(["save", "-m", "Merge boarding support"], in: ws)
        #expect(saved.status == 0, "\(saved.stderr)")
        #expect(try git(["rev-list", "--parents", "-n", "1", "HEAD"], in: ws).stdout.split(separator: " ").count == 3, "a merge commit")
        #expect(try git(["status", "--porcelain"], in: ws).stdout.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: ws + "/.git/MERGE_HEAD"))
        let committed = try git(["show", "HEAD:plans/maritime-security.yaml"], in: ws).stdout
        #expect(committed.contains("ms-t5") && committed.contains("due: 2027-04-30"))
    }

    @Test func theDriverReportsAnInvalidCleanMergeAsAConflict() throws {
        let scratch = ScratchDirectory()
        let (ws, _) = try example(scratch)
        let file = ws + "/plans/maritime-security.yaml"
        let task = "      - id: sp-new\n        title: New task\n        owner: sdf\n        due: 2027-06-30\n        state: open\n"
        #expect(try git(["checkout", "-q", "-b", "side"], in: ws).status == 0)
        let text = try String(contentsOfFile: file, encoding: .utf8)
        try text.replacingOccurrences(of: "      - id: ms-t1\n", with: task + "      - id: ms-t1\n").write(toFile: file, atomically: true, encoding: .utf8)
        #expect(planbench(["save", "-m", "side"], in: ws).status == 0)
        #expect(try git(["checkout", "-q", "main"], in: ws).status == 0)
        try text.replacingOccurrences(of: "      - id: ms-t2\n", with: task + "      - id: ms-t2\n").write(toFile: file, atomically: true, encoding: .utf8)
        #expect(planbench(["save", "-m", "main"], in: ws).status == 0)
        let merge = try gitMerge("side", in: ws)
        #expect(merge.status != 0, "git must not commit a document planbench calls invalid")
        #expect(merge.stderr.contains("task id \"sp-new\" is used twice"))
        #expect(merge.stderr.contains("plans/maritime-security.yaml: merged without conflicts, but the result does not pass its checks"))
    }

    @Test func aYAMLErrorFallsBackToALineDiffInGitDiff() throws {
        let scratch = ScratchDirectory()
        let (ws, _) = try example(scratch)
        let path = ws + "/plans/cyber-defense.yaml"
        try (try String(contentsOfFile: path, encoding: .utf8)).replacingOccurrences(of: "title: ", with: "title: [unclosed ")
            .write(toFile: path, atomically: true, encoding: .utf8)
        let diff = try git(["diff"], in: ws)
        #expect(diff.status == 0, "\(diff.stderr)")
        #expect(diff.stdout.contains("line diff: planbench cannot read it"))
        #expect(diff.stdout.contains("+ title: [unclosed"))
    }

    @Test func initPrintsDriverLinesThatWorkAsPrinted() throws {
        let scratch = ScratchDirectory()
        let executable = try planbenchExecutable()
        let result = try runProcess(executable, ["init", "ws"], in: scratch.path, environment: ["PATH": "/usr/bin:/bin", "PLANBENCH_AUTHOR": "T <t@example.org>", "HOME": "/nonexistent"])
        #expect(result.status == 0, "\(result.stderr)")
        let resolved = URL(fileURLWithPath: executable).resolvingSymlinksInPath().path
        #expect(result.stdout.contains("'\(resolved) merge-file %O %A %B --path %P'"), "planbench is not on PATH: the lines name it by path\n\(result.stdout)")
    }
}
