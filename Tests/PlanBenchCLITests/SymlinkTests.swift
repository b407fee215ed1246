import Foundation
import Testing

/// Symbolic links in a workspace never make planbench read, show, commit or
/// write anything outside it.
@Suite struct SymlinkTests {
    func workspace(_ scratch: ScratchDirectory) throws -> String {
        let result = planbench(["init", "ws"], in: scratch.path)
        try #require(result.status == 0, "\(result.stderr)")
        return scratch.file("ws")
    }

    func head(_ ws: String) throws -> String {
        try git(["rev-parse", "HEAD"], in: ws).stdout
    }

    @Test func showRefusesADocumentThatLinksOutside() throws {
        let scratch = ScratchDirectory()
        let ws = try workspace(scratch)
        try scratch.write("secret.txt", "root:x:0:0:secret\n")
        try FileManager.default.createSymbolicLink(atPath: ws + "/plans/passwd.yaml", withDestinationPath: scratch.file("secret.txt"))
        let show = planbench(["show", "passwd"], in: ws)
        #expect(show.status == 2)
        #expect(!show.stdout.contains("secret"))
        #expect(show.stderr.contains("plans/passwd.yaml is a symbolic link"), "\(show.stderr)")
        #expect(show.stderr.contains("Replace plans/passwd.yaml with a copy"))
    }

    /// A link to a valid plan outside the workspace is not committed as that
    /// plan; save refuses and status reports the same problem.
    @Test func saveAndStatusRefuseALinkedDocument() throws {
        let scratch = ScratchDirectory()
        let ws = try workspace(scratch)
        #expect(planbench(["new", "plan", "linked", "--title", "Linked"], in: ws).status == 0)
        try FileManager.default.moveItem(atPath: ws + "/plans/linked.yaml", toPath: scratch.file("linked.yaml"))
        try FileManager.default.createSymbolicLink(atPath: ws + "/plans/linked.yaml", withDestinationPath: scratch.file("linked.yaml"))
        let before = try head(ws)

        let save = planbench(["save", "-m", "through a link"], in: ws)
        #expect(save.status == 2)
        #expect(save.stderr.contains("plans/linked.yaml is a symbolic link"), "\(save.stderr)")
        #expect(try head(ws) == before)
        let named = planbench(["save", "-m", "through a link", "plans/linked.yaml"], in: ws)
        #expect(named.status == 2)
        #expect(try head(ws) == before)

        let status = planbench(["status"], in: ws)
        #expect(status.status == 1)
        #expect((status.stdout + status.stderr).contains("plans/linked.yaml is a symbolic link"), "\(status.stdout)\(status.stderr)")
    }

    /// A folder that is a link is not read through either.
    @Test func aLinkedFolderIsNotReadThrough() throws {
        let scratch = ScratchDirectory()
        let ws = try workspace(scratch)
        #expect(planbench(["new", "plan", "p", "--title", "P"], in: ws).status == 0)
        #expect(planbench(["save", "-m", "p"], in: ws).status == 0)
        try FileManager.default.moveItem(atPath: ws + "/plans", toPath: scratch.file("elsewhere"))
        try FileManager.default.createSymbolicLink(atPath: ws + "/plans", withDestinationPath: scratch.file("elsewhere"))
        let show = planbench(["show", "plans/p.yaml"], in: ws)
        #expect(show.status == 2)
        #expect(show.stderr.contains("plans/p.yaml lies in plans, which is a symbolic link"), "\(show.stderr)")
        let validate = planbench(["validate", "plans/p.yaml"], in: ws)
        #expect(validate.status != 0)
        #expect((validate.stdout + validate.stderr).contains("which is a symbolic link"))
    }

    /// A committed `.planbench` link does not redirect merge state or caches.
    @Test func aLinkedStateFolderIsRefusedForMergesAndNeverWrittenThrough() throws {
        let scratch = ScratchDirectory()
        let result = planbench(["init", "--example", "ws"], in: scratch.path)
        try #require(result.status == 0, "\(result.stderr)")
        let ws = scratch.file("ws")
        try FileManager.default.createDirectory(atPath: scratch.file("target"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: ws + "/.planbench", withDestinationPath: scratch.file("target"))
        let before = try head(ws)

        let merge = planbench(["merge", "draft/boarding-support"], in: ws)
        #expect(merge.status == 2)
        #expect(merge.stderr.contains(".planbench is a symbolic link"), "\(merge.stderr)")
        #expect(try head(ws) == before)
        #expect(try git(["status", "--porcelain"], in: ws).stdout.isEmpty)
        #expect(planbench(["conflicts"], in: ws).stderr.contains(".planbench is a symbolic link"))

        // Saving and diffing large documents work, without a cache behind the link.
        try scratch.write("ws/plans/big.yaml", ParsedTreeCacheTests.largePlan(title: "Big"))
        let save = planbench(["save", "-m", "big"], in: ws)
        #expect(save.status == 0, "\(save.stderr)")
        #expect(planbench(["diff", "HEAD~1", "HEAD"], in: ws).status == 0)
        // The index is never made behind the link: commands that need it refuse, naming the
        // link; commands that only use it when it is there read git instead.
        let search = planbench(["search", "big"], in: ws)
        #expect(search.status == 2 && search.stderr.contains(".planbench is a symbolic link"), "\(search.stderr)")
        #expect(planbench(["coverage"], in: ws).status == 0)
        #expect(planbench(["index", "status"], in: ws).stdout.contains("there is none yet"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.file("target")).isEmpty)
        #expect(!(try git(["ls-files"], in: ws).stdout.contains(".planbench")))
    }
}
