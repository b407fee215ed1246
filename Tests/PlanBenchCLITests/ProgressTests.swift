import Foundation
import Testing

@Suite struct ProgressTests {
    /// A workspace with `count` new, valid, unsaved plans.
    private func workspaceWithPlans(_ count: Int, in scratch: ScratchDirectory) throws -> String {
        #expect(planbench(["init", "ws"], in: scratch.path).status == 0)
        let ws = scratch.file("ws")
        #expect(planbench(["new", "plan", "p0", "--title", "Plan"], in: ws).status == 0)
        let template = try scratch.read("ws/plans/p0.yaml")
        for n in 1..<count {
            try scratch.write("ws/plans/p\(n).yaml", template.replacingOccurrences(of: "id: p0", with: "id: p\(n)"))
        }
        return ws
    }

    @Test func longSavesAndValidationsShowProgressOnATerminal() throws {
        let scratch = ScratchDirectory()
        let ws = try workspaceWithPlans(250, in: scratch)
        let save = planbench(["save", "-m", "Many plans"], in: ws, stderrIsTerminal: true)
        #expect(save.status == 0, "\(save.stderr)")
        #expect(save.stderr.contains("\rchecking documents 1/250"))
        // The line is erased when the work is done, so the result starts clean.
        #expect(save.stderr.hasSuffix("\r\u{1B}[K"))
        #expect(save.stdout.contains("Saved 250 documents"))

        let validate = planbench(["validate"], in: ws, stderrIsTerminal: true)
        #expect(validate.status == 0, "\(validate.stderr)")
        #expect(validate.stderr.contains("checking documents 1/"))
        #expect(validate.stderr.hasSuffix("\r\u{1B}[K"))
    }

    @Test func noProgressWhenStandardErrorIsNotATerminalOrTheWorkIsShort() throws {
        let scratch = ScratchDirectory()
        let ws = try workspaceWithPlans(250, in: scratch)
        let save = planbench(["save", "-m", "Many plans"], in: ws)
        #expect(save.status == 0, "\(save.stderr)")
        #expect(!save.stderr.contains("checking documents"))

        try scratch.write("ws/plans/p1.yaml", try scratch.read("ws/plans/p1.yaml") + "# edited\n")
        let small = planbench(["save", "-m", "One plan"], in: ws, stderrIsTerminal: true)
        #expect(small.status == 0, "\(small.stderr)")
        #expect(!small.stderr.contains("checking documents"))
    }
}
