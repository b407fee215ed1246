import Foundation
import Testing

/// A merge that is clean by structure but whose result breaks a check stays
/// in progress with the result in the work tree and the problems listed.
@Suite struct MergeInvalidResultTests {
    func addTask(_ id: String, before anchor: String, in file: String) throws {
        let text = try String(contentsOfFile: file, encoding: .utf8)
        let task = "      - id: \(id)\n        title: New task\n        owner: sdf\n        due: 2027-06-30\n        state: open\n"
        try #require(text.contains(anchor))
        try text.replacingOccurrences(of: anchor, with: task + anchor).write(toFile: file, atomically: true, encoding: .utf8)
    }

    @Test func bothSidesAddingTheSameTaskIdLeaveTheMergeInProgress() throws {
        let scratch = ScratchDirectory()
        #expect(planbench(["init", "--example", "ws"], in: scratch.path).status == 0)
        let ws = scratch.file("ws")
        let file = ws + "/plans/maritime-security.yaml"
        #expect(try git(["checkout", "-q", "-b", "side"], in: ws).status == 0)
        try addTask("sp-new", before: "      - id: ms-t1\n", in: file)
        #expect(planbench(["save", "-m", "Side adds sp-new"], in: ws).status == 0)
        #expect(try git(["checkout", "-q", "main"], in: ws).status == 0)
        try addTask("sp-new", before: "      - id: ms-t2\n", in: file)
        #expect(planbench(["save", "-m", "Main adds sp-new"], in: ws).status == 0)
        let head = try git(["rev-parse", "HEAD"], in: ws).stdout

        let merge = planbench(["merge", "side"], in: ws)
        #expect(merge.status == 1)
        #expect(merge.stdout.contains("does not pass its checks"))
        #expect(merge.stdout.contains("task id \"sp-new\" is used twice"))
        #expect(try git(["rev-parse", "HEAD"], in: ws).stdout == head, "nothing committed")
        let merged = try String(contentsOfFile: file, encoding: .utf8)
        #expect(merged.components(separatedBy: "- id: sp-new").count == 3, "the merged result is in the work tree")
        let conflicts = planbench(["conflicts", "--format", "json"], in: ws)
        #expect(conflicts.status == 1 && conflicts.stdout.contains("\"problems\""))
        // Taking a side does not make an invalid result valid.
        #expect(planbench(["resolve", "plans/maritime-security.yaml", "--take", "theirs"], in: ws).status == 1)

        // Fix it by hand, resolve, continue.
        let fixed = try String(contentsOfFile: file, encoding: .utf8)
        try fixed.replacingOccurrences(of: "- id: sp-new", with: "- id: sp-main", options: [], range: fixed.range(of: "- id: sp-new"))
            .write(toFile: file, atomically: true, encoding: .utf8)
        #expect(planbench(["resolve", "plans/maritime-security.yaml", "--format", "json"], in: ws).stdout.replacingOccurrences(of: " ", with: "").contains("\"remaining\":0"))
        let done = planbench(["merge", "--continue", "--format", "json"], in: ws)
        #expect(done.status == 0, "\(done.stderr)")
        #expect(done.stdout.replacingOccurrences(of: " ", with: "").contains("\"outcome\":\"merged\""))
        #expect(try git(["rev-list", "--parents", "-n", "1", "HEAD"], in: ws).stdout.split(separator: " ").count == 3)
    }

    /// Stopping on a conflict in one document, the merge still lists another document
    /// whose clean merge breaks a check; it is not left for --continue to find.
    @Test func anInvalidCleanMergeIsListedNextToConflictsElsewhere() throws {
        let scratch = ScratchDirectory()
        #expect(planbench(["init", "--example", "ws"], in: scratch.path).status == 0)
        let ws = scratch.file("ws")
        let file = ws + "/plans/maritime-security.yaml"
        let other = ws + "/plans/cyber-defense.yaml"
        func retitle(_ title: String) throws {
            let text = try String(contentsOfFile: other, encoding: .utf8)
            try #require(text.contains("title: Bilateral Cooperation on Cyberspace\n"))
            try text.replacingOccurrences(of: "title: Bilateral Cooperation on Cyberspace\n", with: "title: \(title)\n")
                .write(toFile: other, atomically: true, encoding: .utf8)
        }
        #expect(try git(["checkout", "-q", "-b", "side"], in: ws).status == 0)
        try addTask("sp-new", before: "      - id: ms-t1\n", in: file)
        try retitle("Cyberspace Cooperation (side)")
        #expect(planbench(["save", "-m", "Side adds sp-new and retitles"], in: ws).status == 0)
        #expect(try git(["checkout", "-q", "main"], in: ws).status == 0)
        try addTask("sp-new", before: "      - id: ms-t2\n", in: file)
        try retitle("Cyberspace Cooperation (main)")
        #expect(planbench(["save", "-m", "Main adds sp-new and retitles"], in: ws).status == 0)
        let head = try git(["rev-parse", "HEAD"], in: ws).stdout

        let merge = planbench(["merge", "side"], in: ws)
        #expect(merge.status == 1)
        #expect(merge.stdout.contains("plans/cyber-defense.yaml"), "\(merge.stdout)")
        #expect(merge.stdout.contains("task id \"sp-new\" is used twice"), "\(merge.stdout)")
        #expect(try git(["rev-parse", "HEAD"], in: ws).stdout == head, "nothing committed")
        let conflicts = planbench(["conflicts", "--format", "json"], in: ws)
        #expect(conflicts.status == 1)
        let json = try #require(JSONSerialization.jsonObject(with: Data(conflicts.stdout.utf8)) as? [String: Any])
        let documents = try #require(json["documents"] as? [[String: Any]])
        #expect(documents.compactMap { $0["path"] as? String } == ["plans/cyber-defense.yaml", "plans/maritime-security.yaml"])
        #expect(documents.last?["problems"] != nil)

        // Resolving only the real conflict leaves the invalid document to fix.
        #expect(planbench(["resolve", "plans/cyber-defense.yaml", "--take", "ours"], in: ws).status == 0)
        let early = planbench(["merge", "--continue"], in: ws)
        #expect(early.status != 0)
        #expect(early.stderr.contains("unresolved: plans/maritime-security.yaml"), "\(early.stderr)")
        let merged = try String(contentsOfFile: file, encoding: .utf8)
        try merged.replacingOccurrences(of: "- id: sp-new", with: "- id: sp-main", options: [], range: merged.range(of: "- id: sp-new"))
            .write(toFile: file, atomically: true, encoding: .utf8)
        #expect(planbench(["resolve", "plans/maritime-security.yaml"], in: ws).status == 0)
        let done = planbench(["merge", "--continue"], in: ws)
        #expect(done.status == 0, "\(done.stderr)")
        #expect(try git(["show", "HEAD:plans/cyber-defense.yaml"], in: ws).stdout.contains("title: Cyberspace Cooperation (main)"))
    }

    @Test func everyMergeOutcomeTakesFormatJSON() throws {
        let scratch = ScratchDirectory()
        #expect(planbench(["init", "--example", "ws"], in: scratch.path).status == 0)
        let ws = scratch.file("ws")
        let clean = planbench(["merge", "draft/us-review", "--format", "json"], in: ws)
        #expect(clean.status == 0)
        let json = try #require(JSONSerialization.jsonObject(with: Data(clean.stdout.utf8)) as? [String: Any])
        #expect(json["outcome"] as? String == "merged" && (json["commit"] as? String)?.count == 40)
        let again = planbench(["merge", "draft/us-review", "--format", "json"], in: ws)
        #expect(again.stdout.contains("\"up-to-date\""))
        let conflicted = planbench(["merge", "draft/boarding-support", "--format", "json"], in: ws)
        #expect(conflicted.status == 1 && conflicted.stdout.contains("\"conflicted\""))
        #expect(conflicted.stdout.contains("sections[ship-inspection].tasks[ms-t2].due"), "the path syntax diff prints")
        #expect(conflicted.stdout.contains("\"modify-modify\""))
        let text = planbench(["conflicts"], in: ws)
        #expect(text.stdout.contains("changed differently on both sides") && !text.stdout.contains("modifyModify"))
        let aborted = planbench(["merge", "--abort", "--format", "json"], in: ws)
        #expect(aborted.stdout.contains("\"aborted\""))
    }
}
