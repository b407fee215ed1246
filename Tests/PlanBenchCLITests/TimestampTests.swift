import Foundation
import PlanBench
import PlanGit
import Testing

/// One way to write a moment: what `log` prints and what a review record
/// holds for the same commit are the same text, UTC included (`+00:00`).
@Suite struct TimestampTests {
    @Test(arguments: [
        (Int64(0), 0, "1970-01-01T00:00:00+00:00"),
        (Int64(1_795_000_000), 540, "2026-11-18T20:06:40+09:00"),
        (Int64(1_795_000_000), -300, "2026-11-18T06:06:40-05:00"),
        (Int64(1_795_000_000), -90, "2026-11-18T09:36:40-01:30"),
    ])
    func writesTheOffsetAlwaysAsHoursAndMinutes(seconds: Int64, offset: Int, expected: String) {
        #expect(Timestamp.iso8601(seconds: seconds, offsetMinutes: offset) == expected)
        let signature = Signature(
            name: "A", email: "a@example.org", date: Date(timeIntervalSince1970: TimeInterval(seconds)),
            timeZoneOffsetMinutes: offset)
        #expect(Timestamp.iso8601(signature) == expected)
    }

    /// A commit made in UTC: `log` prints `+00:00`, as a review record writes
    /// the same moment (it printed `Z`).
    @Test func logPrintsTheDateAReviewRecordHolds() throws {
        let scratch = ScratchDirectory()
        #expect(planbench(["init", "--example", "ws"], in: scratch.path).status == 0)
        let ws = scratch.file("ws")
        // A commit whose author is fixed in UTC, made with git.
        let git = try #require(gitExecutable, "the git program is needed to make a commit with a fixed date")
        let plan = scratch.file("ws/plans/maritime-security.yaml")
        try (String(contentsOfFile: plan, encoding: .utf8) + "# reviewed\n").write(toFile: plan, atomically: true, encoding: .utf8)
        let when = "2026-11-26T10:15:00+00:00"
        let committed = try runProcess(git, ["-C", ws, "commit", "-q", "-am", "utc"], environment: [
            "HOME": "/nonexistent", "GIT_CONFIG_NOSYSTEM": "1", "PATH": "/usr/bin:/bin",
            "GIT_AUTHOR_NAME": "U", "GIT_AUTHOR_EMAIL": "u@example.org", "GIT_AUTHOR_DATE": when,
            "GIT_COMMITTER_NAME": "U", "GIT_COMMITTER_EMAIL": "u@example.org", "GIT_COMMITTER_DATE": when,
        ])
        try #require(committed.status == 0, "\(committed.stderr)")
        let log = planbench(["log", "-n", "1", "--format", "json"], in: ws)
        #expect(log.status == 0, "\(log.stderr)")
        let entries = try #require(try JSONSerialization.jsonObject(with: Data(log.stdout.utf8)) as? [[String: Any]])
        #expect(entries.first?["date"] as? String == "2026-11-26T10:15:00+00:00")
        let text = planbench(["log", "-n", "1"], in: ws)
        #expect(text.stdout.contains("  2026-11-26T10:15:00+00:00  U  utc"), "\(text.stdout)")
    }
}
