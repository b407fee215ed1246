import PlanDocument
import Testing
@testable import PlanDiff

@Suite struct RendererTests {
    static let old: Node = [
        "title": "ISR",
        "sections": [
            ["id": "concept", "prose": "The SDF leads ISR <in peace>."],
            ["id": "isr", "title": "Collection"],
            ["id": "log", "title": "Logistics"],
            ["id": "amd", "title": "AMD"],
        ],
    ]
    static let new: Node = [
        "title": "ISR&AMD",
        "sections": [
            ["id": "amd", "title": "AMD"],
            ["id": "concept", "prose": "The SDF supports ISR <in peace>."],
            ["id": "log", "title": "Logistics"],
            ["id": "ms", "title": "Maritime"],
        ],
    ]
    var edits: [Edit] { StructuralDiff.diff(Self.old, Self.new) }

    @Test func plainTextShowsMovesAndWordHunksWithoutEscapes() {
        let text = TextRenderer(useColor: false).render(edits)
        #expect(!text.contains("\u{1B}"))
        #expect(text.contains("- sections[isr]\n"))
        #expect(text.contains("> sections[amd] moved from #4 to #1\n"))
        #expect(text.contains("+ sections[ms]\n"))
        #expect(text.contains("~ sections[concept].prose\n    The SDF [-leads-]{+supports+} ISR <in peace>.\n"))
        #expect(text.contains(#"~ title: "ISR" -> "ISR&AMD""#))
    }

    @Test func colourTextMarksChangedWordsAndResets() {
        let text = TextRenderer(useColor: true).render(edits)
        #expect(text.contains("\u{1B}[1;31;48;5;52mleads\u{1B}[0m"))
        #expect(text.contains("\u{1B}[1;32;48;5;22msupports\u{1B}[0m"))
        #expect(!text.contains("[-"))
    }

    @Test func reflowedProseIsNotShownAsAChangeOfWords() {
        let old = "Japan and the United States\nwill cooperate closely in peacetime."
        let reflowed = "Japan and the United States will\ncooperate closely in peacetime."
        let edits = StructuralDiff.diff(["prose": Node(.string(old))], ["prose": Node(.string(reflowed))])
        #expect(edits.map(\.kind) == [.text])
        #expect(TextRenderer(useColor: false).render(edits) == "~ prose (re-flowed: line breaks and spacing only)\n")

        let edited = "Japan and the United States will\ncooperate closely in all phases."
        let text = TextRenderer(useColor: false).render(
            StructuralDiff.diff(["prose": Node(.string(old))], ["prose": Node(.string(edited))]))
        #expect(text.contains("[-peacetime-]{+all phases+}"))
        #expect(!text.contains("[-\n"))
        #expect(text.contains("United States will\n    cooperate closely"))
    }

    @Test func noChangesSaysSo() {
        #expect(TextRenderer(useColor: false).render([]) == "no changes\n")
    }

    @Test func longUnchangedProseIsElided() {
        let long = String(repeating: "word ", count: 100)
        let edits = StructuralDiff.diff(["p": Node(.string(long + "old end"))], ["p": Node(.string(long + "new end"))])
        let text = TextRenderer(useColor: false, context: 20).render(edits)
        #expect(text.contains("…"))
        #expect(text.contains("[-old-]{+new+} end"))
        #expect(text.count < 200)
    }

    @Test func jsonOutputHasTheDocumentedShape() throws {
        let json = JSONRenderer.render(edits, old: "HEAD", new: "working tree")
        let node = try YAMLReader().read(json)
        #expect(node["format"] == "planbench-diff/1")
        #expect(node["old"] == "HEAD")
        #expect(node["summary"]?["move"] == 1)
        let items = try #require(node["edits"]?.sequence)
        #expect(items.count == edits.count)
        let move = try #require(items.first { $0["op"] == "move" })
        #expect(move["from"] == "/sections/2")
        #expect(move["positions"] == ["old": 3, "new": 0])
        let text = try #require(items.first { $0["op"] == "text" })
        #expect(text["segments"]?[1] == ["kind": "delete", "text": "leads"])
        for item in items {
            #expect(item.mapping.map { Set($0.keys) }?.isSubset(of: ["op", "pointer", "from", "path", "oldValue", "newValue", "positions", "keyIndex", "segments"]) == true)
        }
    }

    @Test func patchOutputIsOneOperationPerEditAndApplies() throws {
        let patch = JSONPatch(edits: edits)
        #expect(patch.operations.count == edits.count)
        #expect(patch.operations.contains(.move(from: JSONPointer("/sections/2"), path: JSONPointer("/sections/0"))))
        #expect(isEquivalent(try patch.apply(to: Self.old), Self.new))
    }

    @Test func htmlIsSelfContainedAndEscaped() {
        let html = HTMLRenderer.render(edits, title: "plans/<isr>.yaml", oldLabel: "HEAD", newLabel: "work")
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("<title>plans/&lt;isr&gt;.yaml</title>"))
        #expect(html.contains("&lt;in peace&gt;"))
        #expect(!html.contains("<in peace>"))
        #expect(html.contains("<del>leads</del>"))
        #expect(html.contains("<ins>supports</ins>"))
        #expect(html.contains("ISR&amp;AMD"))
        #expect(!html.contains("http://") && !html.contains("https://") && !html.contains("<script"))
    }
}

@Suite struct DiffOutputTests {
    @Test(arguments: [
        ([:], true, true),
        (["NO_COLOR": "1"], true, false),
        (["NO_COLOR": ""], true, true),
        (["TERM": "dumb"], true, false),
        ([:], false, false),
    ] as [([String: String], Bool, Bool)])
    func colourOnlyOnTerminalsWithoutNoColor(environment: [String: String], isTerminal: Bool, expected: Bool) {
        #expect(DiffOutput.shouldUseColor(environment: environment, isTerminal: isTerminal) == expected)
    }

    @Test func everyFormatRendersTheSameDiff() throws {
        let diff = DocumentDiff(from: RendererTests.old, to: RendererTests.new)
        let patch = try JSONPatch(node: try YAMLReader().read(DiffOutput.render(diff, format: .patch)))
        #expect(isEquivalent(try patch.apply(to: diff.old), diff.new))
        let json = try YAMLReader().read(DiffOutput.render(diff, format: .json, oldLabel: "HEAD", newLabel: "work"))
        #expect(json["edits"]?.sequence?.count == diff.edits.count)
        #expect(json["new"] == "work")
        #expect(DiffOutput.render(diff, format: .text) == TextRenderer(useColor: false).render(diff.edits))
        #expect(DiffOutput.render(diff, format: .html, oldLabel: "HEAD").contains("<th>HEAD</th>"))
    }
}
