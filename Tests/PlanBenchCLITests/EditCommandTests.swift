import Foundation
import Testing

@Suite struct EditCommandTests {
    /// Writes an editor script and returns the EDITOR value that runs it.
    func editor(_ script: String, in scratch: ScratchDirectory) throws -> String {
        try scratch.write("editor.sh", "#!/bin/sh\n" + script)
        chmod(scratch.file("editor.sh"), 0o755)
        return scratch.file("editor.sh")
    }

    func makeWorkspace(_ scratch: ScratchDirectory) -> String {
        #expect(planbench(["init", "ws"], in: scratch.path).status == 0)
        let ws = scratch.file("ws")
        #expect(planbench(["new", "plan", "isr", "--title", "ISR"], in: ws).status == 0)
        #expect(planbench(["save", "-m", "ISR"], in: ws).status == 0)
        return ws
    }

    @Test func aValidEditIsCommitted() throws {
        let scratch = ScratchDirectory()
        let ws = makeWorkspace(scratch)
        let editor = try editor("sed -i 's/^title: ISR$/title: ISR revised/' \"$1\"\n", in: scratch)
        let result = planbench(["edit", "isr", "-m", "Retitle"], in: ws, environment: ["EDITOR": editor])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try git(["log", "-1", "--format=%s"], in: ws).stdout == "Retitle\n")
        #expect(try git(["show", "HEAD:plans/isr.yaml"], in: ws).stdout.contains("title: ISR revised"))
    }

    @Test func anInvalidEditReopensWithTheErrorsThenCommitsTheFix() throws {
        let scratch = ScratchDirectory()
        let ws = makeWorkspace(scratch)
        // First pass breaks the YAML; second pass sees the header and fixes it.
        let script = """
            if grep -q '^# planbench: ' "$1"; then
              grep '^# planbench: ' "$1" > \(scratch.file("header.txt"))
              sed -i 's/^title: \\[broken$/title: Fixed/' "$1"
            else
              sed -i 's/^title: ISR$/title: [broken/' "$1"
            fi

            """
        let result = planbench(["edit", "isr"], in: ws, environment: ["EDITOR": try editor(script, in: scratch)])
        #expect(result.status == 0, "\(result.stderr)")
        let header = try scratch.read("header.txt")
        #expect(header.contains("problem"))
        #expect(try git(["show", "HEAD:plans/isr.yaml"], in: ws).stdout.contains("title: Fixed"))
        #expect(!(try git(["show", "HEAD:plans/isr.yaml"], in: ws).stdout.contains("# planbench:")))
    }

    @Test(arguments: ["exit 1\n", ": > \"$1\"\n"])
    func anAbortedEditChangesNothing(script: String) throws {
        let scratch = ScratchDirectory()
        let ws = makeWorkspace(scratch)
        let before = try git(["rev-parse", "HEAD"], in: ws).stdout
        let original = try scratch.read("ws/plans/isr.yaml")
        let result = planbench(["edit", "isr"], in: ws, environment: ["EDITOR": try editor("sed -i 's/ISR/CHANGED/' \"$1\"\n" + script, in: scratch)])
        #expect(result.status == 1)
        #expect(try git(["rev-parse", "HEAD"], in: ws).stdout == before)
        #expect(try scratch.read("ws/plans/isr.yaml") == original)
    }

    @Test func anEditorThatReturnsTheSameInvalidTextStopsInsteadOfLooping() throws {
        let scratch = ScratchDirectory()
        let ws = makeWorkspace(scratch)
        let before = try git(["rev-parse", "HEAD"], in: ws).stdout
        // Breaks the title on every pass, like a script with no one at the keyboard.
        let counter = scratch.file("runs")
        let script = "echo x >> \(counter)\nsed -i 's/^title: ISR$/title: [broken/' \"$1\"\n"
        let result = planbench(["edit", "isr"], in: ws, environment: ["EDITOR": try editor(script, in: scratch)])
        #expect(result.status == 1)
        #expect(result.stderr.contains("the editor returned the same invalid text again"))
        #expect(try scratch.read("runs").split(separator: "\n").count == 2)
        #expect(try git(["rev-parse", "HEAD"], in: ws).stdout == before)
    }

    @Test func unsavedChangesAreAnnouncedAndCommittedWithTheEdit() throws {
        let scratch = ScratchDirectory()
        let ws = makeWorkspace(scratch)
        let path = scratch.file("ws/plans/isr.yaml")
        try (try scratch.read("ws/plans/isr.yaml")).replacingOccurrences(of: "classification: UNCLASSIFIED", with: "classification: UNCLASSIFIED//TRAINING")
            .write(toFile: path, atomically: true, encoding: .utf8)
        let editor = try editor("sed -i 's/^title: ISR$/title: ISR revised/' \"$1\"\n", in: scratch)
        let result = planbench(["edit", "isr", "-m", "Retitle"], in: ws, environment: ["EDITOR": editor])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("plans/isr.yaml has unsaved changes; they are in the copy you edit"))
        #expect(result.stdout.contains("with the changes that were not saved before"))
        let committed = try git(["show", "HEAD:plans/isr.yaml"], in: ws).stdout
        #expect(committed.contains("title: ISR revised") && committed.contains("UNCLASSIFIED//TRAINING"))
    }
}
