import Foundation
import Testing

/// A merge writes only what the other side changed: comments, flow lists and
/// folded prose that neither side touched keep their bytes.
@Suite struct MergeKeepsBytesTests {
    func example(_ scratch: ScratchDirectory) throws -> String {
        let result = planbench(["init", "--example", "ws"], in: scratch.path)
        try #require(result.status == 0, "\(result.stderr)")
        return scratch.file("ws")
    }

    /// Comments a planner adds on main before merging the U.S. review branch.
    func comment(_ ws: String) throws -> String {
        let path = ws + "/plans/disaster-relief.yaml"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        try #require(text.contains("status: approved\n"))
        let commented = "# Reviewed with J6 in October\n" + text.replacingOccurrences(of: "status: approved\n", with: "status: approved  # TODO: confirm with J6\n")
        try commented.write(toFile: path, atomically: true, encoding: .utf8)
        #expect(planbench(["save", "-m", "Comment the disaster relief plan"], in: ws).status == 0)
        return commented
    }

    /// Every line of `before` that the branch did not change is still in `after`.
    func expectKept(_ before: String, _ after: String, changedByBranch: Set<String>) {
        let afterLines = Set(after.split(separator: "\n").map(String.init))
        let lost = before.split(separator: "\n").map(String.init).filter { !afterLines.contains($0) && !changedByBranch.contains($0) }
        #expect(lost.isEmpty, "lines lost by the merge: \(lost)")
        #expect(after.contains("# Reviewed with J6 in October") && after.contains("status: approved  # TODO: confirm with J6"))
    }

    @Test func planbenchMergeKeepsCommentsAndLayout() throws {
        let scratch = ScratchDirectory()
        let ws = try example(scratch)
        let before = try comment(ws)
        let result = planbench(["merge", "draft/us-review"], in: ws)
        #expect(result.status == 0, "\(result.stderr)")
        let after = try String(contentsOfFile: ws + "/plans/disaster-relief.yaml", encoding: .utf8)
        #expect(after == (try git(["show", "HEAD:plans/disaster-relief.yaml"], in: ws).stdout))
        // The branch changed dr-t1's due date and the support-requests prose, and added dr-t6.
        let changed = Set(before.split(separator: "\n").map(String.init).filter { $0.contains("due: 2027-01-31") || $0.hasPrefix("      ") })
        expectKept(before, after, changedByBranch: changed)
        #expect(after.contains("dr-t6") && after.contains("due: 2026-12-15"))
    }

    @Test func gitMergeThroughTheDriverKeepsCommentsAndLayout() throws {
        let executable = try planbenchExecutable()
        let scratch = ScratchDirectory()
        let ws = try example(scratch)
        let before = try comment(ws)
        #expect(try git(["config", "merge.planbench.driver", "\(executable) merge-file %O %A %B"], in: ws).status == 0)
        let merged = try git(["-c", "user.name=T", "-c", "user.email=t@example.org", "merge", "--no-edit", "draft/us-review"], in: ws)
        #expect(merged.status == 0, "\(merged.stdout)\(merged.stderr)")
        let after = try String(contentsOfFile: ws + "/plans/disaster-relief.yaml", encoding: .utf8)
        let changed = Set(before.split(separator: "\n").map(String.init).filter { $0.contains("due: 2027-01-31") || $0.hasPrefix("      ") })
        expectKept(before, after, changedByBranch: changed)
    }
}
