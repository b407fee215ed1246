import Foundation
import Testing
@testable import PlanBenchCLI

@Suite struct WorkspaceCommandTests {
    @Test func initCreatesACleanWorkspaceWithOneCommit() throws {
        let scratch = ScratchDirectory()
        let result = planbench(["init", "ws"], in: scratch.path)
        #expect(result.status == 0, "\(result.stderr)")
        for path in ["planbench.yaml", "guidelines/jus-2015.yaml", ".gitattributes", "plans", "reviews"] {
            #expect(FileManager.default.fileExists(atPath: scratch.file("ws/\(path)")), "\(path) missing")
        }
        let log = try git(["log", "--format=%s"], in: scratch.file("ws"))
        #expect(log.stdout.split(separator: "\n").count == 1)
        let status = try git(["status", "--porcelain"], in: scratch.file("ws"))
        #expect(status.stdout.isEmpty, "work tree not clean after init: \(status.stdout)")
        #expect(result.stdout.contains("git config merge.planbench.driver"))
    }

    @Test func initRefusesANonEmptyDirectory() throws {
        let scratch = ScratchDirectory()
        try scratch.write("ws/notes.txt", "mine\n")
        let result = planbench(["init", "ws"], in: scratch.path)
        #expect(result.status == 2)
        #expect(result.stderr.contains("is not empty: it holds notes.txt"))
        #expect(try scratch.read("ws/notes.txt") == "mine\n")
        #expect(!FileManager.default.fileExists(atPath: scratch.file("ws/.git")))
    }

    @Test func newCiteSaveShowAndLog() throws {
        let scratch = ScratchDirectory()
        #expect(planbench(["init", "ws"], in: scratch.path).status == 0)
        let ws = scratch.file("ws")
        #expect(planbench(["new", "plan", "isr-2027", "--title", "ISR 2027"], in: ws).status == 0)
        #expect(planbench(["cite", "isr-2027", "overview", "IV.A.1"], in: ws).status == 0)
        let save = planbench(["save", "-m", "Start ISR 2027", "--format", "json"], in: ws)
        #expect(save.status == 0, "\(save.stderr)")
        #expect(save.stdout.contains("\"plans/isr-2027.yaml\""))
        let shown = planbench(["show", "isr-2027@HEAD"], in: ws)
        #expect(shown.stdout.contains("section: IV.A.1"))
        #expect(shown.stdout.contains("fingerprint: sha256:"))
        let log = planbench(["-C", ws, "log", "isr-2027", "--format", "json"], in: scratch.path)
        #expect(log.status == 0, "\(log.stderr)")
        let entries = try JSONSerialization.jsonObject(with: Data(log.stdout.utf8)) as? [[String: Any]]
        #expect(entries?.count == 1)
        #expect(entries?.first?["message"] as? String == "Start ISR 2027")
        #expect(entries?.first?["email"] as? String == "test@example.org")
        #expect((entries?.first?["paths"] as? [String]) == ["plans/isr-2027.yaml"])
        #expect((entries?.first?["date"] as? String)?.contains("T") == true)
        #expect(try git(["status", "--porcelain"], in: ws).stdout.isEmpty)
    }

    /// A citation anchored in one section and reused by alias in another is
    /// saved with one fingerprint line under the anchor.
    @Test func saveFingerprintsACitationReusedByAliasOnce() throws {
        let scratch = ScratchDirectory()
        #expect(planbench(["init", "ws"], in: scratch.path).status == 0)
        let ws = scratch.file("ws")
        #expect(planbench(["new", "plan", "isr", "--title", "ISR"], in: ws).status == 0)
        var text = try scratch.read("ws/plans/isr.yaml")
        text = text.replacingOccurrences(of: "    citations: []\n", with: "    citations:\n      - &shared\n        edition: jus-2015\n        section: IV.A.1\n")
        text += "  - id: second\n    title: Second\n    prose: Reuses the first citation.\n    citations:\n      - *shared\n    roles: []\n    tasks: []\n"
        try scratch.write("ws/plans/isr.yaml", text)
        let save = planbench(["save", "-m", "Shared citation"], in: ws)
        #expect(save.status == 0, "\(save.stderr)")
        let saved = try scratch.read("ws/plans/isr.yaml")
        #expect(saved.components(separatedBy: "fingerprint: sha256:").count == 2)
        #expect(saved.contains("      - &shared\n        edition: jus-2015\n        section: IV.A.1\n        fingerprint: sha256:"))
        #expect(saved.contains("      - *shared\n"))
    }

    @Test func newAndCiteReportJSONForScripts() throws {
        let scratch = ScratchDirectory()
        #expect(planbench(["init", "ws"], in: scratch.path).status == 0)
        let ws = scratch.file("ws")
        let created = planbench(["new", "plan", "bmd-2027", "--title", "BMD 2027", "--format", "json"], in: ws)
        #expect(created.status == 0, "\(created.stderr)")
        let made = try #require(try JSONSerialization.jsonObject(with: Data(created.stdout.utf8)) as? [String: String])
        #expect(made == ["kind": "plan", "id": "bmd-2027", "path": "plans/bmd-2027.yaml"])
        #expect(FileManager.default.fileExists(atPath: scratch.file("ws/plans/bmd-2027.yaml")))

        let cited = planbench(["cite", "bmd-2027", "overview", "IV.A.1", "--format", "json"], in: ws)
        #expect(cited.status == 0, "\(cited.stderr)")
        let citation = try #require(try JSONSerialization.jsonObject(with: Data(cited.stdout.utf8)) as? [String: String])
        #expect(citation == ["plan": "bmd-2027", "path": "plans/bmd-2027.yaml", "section": "overview", "guidelineSection": "IV.A.1"])
        #expect(try scratch.read("ws/plans/bmd-2027.yaml").contains("section: IV.A.1"))

        let refreshed = planbench(["cite", "bmd-2027", "--refresh", "--format", "json"], in: ws)
        #expect(refreshed.status == 0, "\(refreshed.stderr)")
        let count = try #require(try JSONSerialization.jsonObject(with: Data(refreshed.stdout.utf8)) as? [String: Any])
        #expect(count["plan"] as? String == "bmd-2027")
        #expect(count["refreshed"] as? Int == 0)
    }

    @Test func saveRefusesMalformedYAMLAndChangesNothing() throws {
        let scratch = ScratchDirectory()
        #expect(planbench(["init", "ws"], in: scratch.path).status == 0)
        let ws = scratch.file("ws")
        let before = try git(["rev-parse", "HEAD"], in: ws).stdout
        try scratch.write("ws/plans/bad.yaml", "id: bad\ntitle: [unclosed\nstatus: draft\n")
        try scratch.write("ws/plans/good.yaml", "id: good\n")
        let result = planbench(["save", "-m", "Try"], in: ws)
        #expect(result.status == 1)
        #expect(result.stderr.contains("plans/bad.yaml:2:8: error: the list opened with [ here is not closed"), "\(result.stderr)")
        #expect(result.stderr.contains("nothing was committed"))
        #expect(try git(["rev-parse", "HEAD"], in: ws).stdout == before)
        #expect(try scratch.read("ws/plans/bad.yaml") == "id: bad\ntitle: [unclosed\nstatus: draft\n")
    }

    @Test(arguments: ["../x", "a/b", "", "x y", "..", "plan$"])
    func newRefusesBadIDs(id: String) throws {
        let scratch = ScratchDirectory()
        #expect(planbench(["init", "ws"], in: scratch.path).status == 0)
        let result = planbench(["new", "plan", id, "--title", "T"], in: scratch.file("ws"))
        #expect(result.status == 2)
        #expect(result.stderr.contains("invalid id"))
        let plans = try FileManager.default.contentsOfDirectory(atPath: scratch.file("ws/plans"))
        #expect(plans == [".gitkeep"])
    }

    @Test func aStaleBranchLockIsNamedAndNothingIsCommitted() throws {
        let scratch = ScratchDirectory()
        #expect(planbench(["init", "ws"], in: scratch.path).status == 0)
        let ws = scratch.file("ws")
        let before = try git(["rev-parse", "HEAD"], in: ws).stdout
        #expect(planbench(["new", "plan", "a", "--title", "A"], in: ws).status == 0)
        try scratch.write("ws/.git/refs/heads/main.lock", "")
        let result = planbench(["save", "-m", "A"], in: ws)
        #expect(result.status == 2)
        #expect(result.stderr.contains("refs/heads/main.lock"))
        #expect(try git(["rev-parse", "HEAD"], in: ws).stdout == before)
    }

    @Test func unknownRevisionIsAnEnvironmentError() throws {
        let scratch = ScratchDirectory()
        #expect(planbench(["init", "ws"], in: scratch.path).status == 0)
        let result = planbench(["show", "jus-2015@HEAD~9"], in: scratch.file("ws"))
        #expect(result.status == 2)
        #expect(result.stderr.contains("HEAD~9"))
    }

    @Test func outsideAWorkspaceSaysHowToMakeOne() throws {
        let scratch = ScratchDirectory()
        let result = planbench(["status"], in: scratch.path)
        #expect(result.status == 2)
        #expect(result.stderr.contains("not a planbench workspace"))
        #expect(result.stderr.contains("planbench init"))
    }

    @Test func dashCWorksBeforeAndAfterTheSubcommand() throws {
        let scratch = ScratchDirectory()
        #expect(planbench(["init", "ws"], in: scratch.path).status == 0)
        #expect(planbench(["-C", "ws", "status"], in: scratch.path).status == 0)
        #expect(planbench(["status", "-C", "ws"], in: scratch.path).status == 0)
        #expect(planbench(["-C", "ws", "guidelines", "show", "IV.A.1"], in: scratch.path).stdout.contains("Intelligence"))
    }

    @Test func statusReportsChangedAndInvalidDocuments() throws {
        let scratch = ScratchDirectory()
        #expect(planbench(["init", "ws"], in: scratch.path).status == 0)
        let ws = scratch.file("ws")
        try scratch.write("ws/plans/broken.yaml", "id: broken\nsections: [\n")
        let result = planbench(["status", "--format", "json"], in: ws)
        #expect(result.status == 1)
        let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        let changes = json?["changes"] as? [[String: Any]]
        #expect(changes?.first?["path"] as? String == "plans/broken.yaml")
        #expect(changes?.first?["valid"] as? Bool == false)
    }

    @Test func authorComesFromTheOptionThenTheEnvironment() throws {
        let scratch = ScratchDirectory()
        #expect(planbench(["init", "ws"], in: scratch.path).status == 0)
        let ws = scratch.file("ws")
        #expect(planbench(["new", "plan", "a", "--title", "A"], in: ws).status == 0)
        #expect(planbench(["save", "-m", "A", "--author", "Opt Ion <opt@example.org>"], in: ws).status == 0)
        #expect(try git(["log", "-1", "--format=%an <%ae>"], in: ws).stdout == "Opt Ion <opt@example.org>\n")
        #expect(planbench(["new", "plan", "b", "--title", "B"], in: ws).status == 0)
        #expect(planbench(["save", "-m", "B"], in: ws, environment: ["PLANBENCH_AUTHOR": "Env Var <env@example.org>"]).status == 0)
        #expect(try git(["log", "-1", "--format=%an <%ae>"], in: ws).stdout == "Env Var <env@example.org>\n")
        #expect(planbench(["new", "plan", "c", "--title", "C"], in: ws).status == 0)
        let bad = planbench(["save", "-m", "C", "--author", "no email"], in: ws)
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("Name <email>"))
    }
}
