import Foundation
import PlanBench
import Testing

/// `planbench review comment`: the CLI counterpart of the desk's comment form.
@Suite struct ReviewCommentCommandTests {
    @Test func commentAppendsToTheFindingsLogInOneCommit() throws {
        let scratch = ScratchDirectory()
        #expect(planbench(["init", "--example", "ws"], in: scratch.path).status == 0)
        let ws = scratch.file("ws")
        let env = ["PLANBENCH_TODAY": "2026-11-26"]
        #expect(planbench(["review", "open", "2026-q4"], in: ws, environment: env).status == 0)
        let finding = try #require(try Workspace.open(at: ws).review("2026-q4").findings.first).id
        let result = planbench(["review", "comment", "2026-q4", finding, "--text", "JSO asked for the draft"], in: ws, environment: env)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Commented on finding \(finding) of review 2026-q4 (1 comment)."))
        let entry = try #require(try Workspace.open(at: ws).review("2026-q4").findings.first { $0.id == finding }?.log.last)
        #expect(entry.action == "comment" && entry.note == "JSO asked for the draft" && entry.by == "Test Author <test@example.org>")
        #expect(planbench(["log", "-n", "1"], in: ws).stdout.contains("Review 2026-q4: comment on \(finding)"))
        // An empty comment or an unknown finding is refused, and nothing is committed.
        #expect(planbench(["review", "comment", "2026-q4", finding, "--text", "  "], in: ws, environment: env).status == 2)
        let unknown = planbench(["review", "comment", "2026-q4", "F-0000000000", "--text", "x"], in: ws, environment: env)
        #expect(unknown.status == 2 && unknown.stderr.contains("no finding F-0000000000"))
        #expect(planbench(["log", "-n", "1"], in: ws).stdout.contains("comment on \(finding)"))
    }
}
