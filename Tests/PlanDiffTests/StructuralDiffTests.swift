import PlanDocument
import Testing
@testable import PlanDiff

@Suite struct StructuralDiffTests {
    static let plan = """
        id: isr-peacetime
        title: Bilateral ISR in peacetime
        sections:
          - id: concept
            title: Concept
            prose: The SDF and U.S. forces share ISR over the waters surrounding Japan.
            roles:
              - actor: sdf
                responsibility: primary
              - actor: usfj
                responsibility: support
          - id: isr
            title: Collection
          - id: amd
            title: Air and missile defense
          - id: logistics
            title: Logistics
        """

    func read(_ text: String) throws -> Node { try YAMLReader().read(text) }

    @Test func movedSectionIsOneMove() throws {
        let a = try read(Self.plan)
        var b = a
        var sections = try #require(b["sections"]?.sequence)
        sections.append(sections.remove(at: 0))  // concept to the end
        b["sections"] = Node(.sequence(sections))

        let edits = StructuralDiff.diff(a, b)
        #expect(edits.count == 1)
        let move = try #require(edits.first)
        #expect(move.kind == .move)
        #expect(move.from == JSONPointer("/sections/0"))
        #expect(move.pointer == JSONPointer("/sections/3"))
        #expect(move.readablePath == "sections[concept]")
        #expect(move.positions == Edit.Positions(old: 0, new: 3))
        #expect(try StructuralDiff.apply(edits, to: a) == b)
    }

    @Test func movedAndEditedSectionIsAMovePlusItsChanges() throws {
        let a = try read(Self.plan)
        var b = a
        var sections = try #require(b["sections"]?.sequence)
        var amd = sections.remove(at: 2)
        amd["title"] = "Air and missile defence"
        sections.insert(amd, at: 0)
        b["sections"] = Node(.sequence(sections))

        let edits = StructuralDiff.diff(a, b)
        #expect(edits.map(\.kind) == [.move, .text])
        #expect(edits[1].pointer == JSONPointer("/sections/0/title"))
        #expect(edits[1].readablePath == "sections[amd].title")
        #expect(try StructuralDiff.apply(edits, to: a) == b)
    }

    @Test func reversedSectionsNeedOneMoveFewerThanTheirCount() throws {
        let a = try read(Self.plan)
        var b = a
        b["sections"] = Node(.sequence(try #require(a["sections"]?.sequence).reversed()))
        let edits = StructuralDiff.diff(a, b)
        #expect(edits.count == 3)
        #expect(edits.allSatisfy { $0.kind == .move })
        #expect(try StructuralDiff.apply(edits, to: a) == b)
        #expect(try JSONPatch(edits: edits).apply(to: a) == b)
    }

    @Test func rolesAreMatchedByActor() throws {
        let a = try read(Self.plan)
        var b = a
        b = try Self.set(b, "/sections/0/roles/1/responsibility", "cooperate")
        let edits = StructuralDiff.diff(a, b)
        #expect(edits.count == 1)
        #expect(edits.first?.readablePath == "sections[concept].roles[usfj].responsibility")
        #expect(edits.first?.pointer == JSONPointer("/sections/0/roles/1/responsibility"))
        #expect(edits.first?.oldValue == "support")
        #expect(edits.first?.newValue == "cooperate")
    }

    @Test func proseChangeIsWordLevel() throws {
        let a = try read(Self.plan)
        let b = try Self.set(
            a, "/sections/0/prose", "The SDF and U.S. forces jointly share ISR over the waters around Japan.")
        let edits = StructuralDiff.diff(a, b)
        let edit = try #require(edits.first)
        #expect(edits.count == 1)
        #expect(edit.kind == .text)
        #expect(edit.segments.filter { $0.kind == .insert }.map(\.text) == ["jointly ", "around"])
        #expect(edit.segments.filter { $0.kind == .delete }.map(\.text) == ["surrounding"])
    }

    @Test func addedAndRemovedSectionsKeepTheirIdentity() throws {
        let a = try read(Self.plan)
        var b = a
        var sections = try #require(b["sections"]?.sequence)
        sections.remove(at: 1)
        sections.insert(["id": "ms", "title": "Maritime security"], at: 2)
        b["sections"] = Node(.sequence(sections))
        let edits = StructuralDiff.diff(a, b)
        #expect(edits.map(\.kind) == [.remove, .add])
        #expect(edits.map(\.readablePath) == ["sections[isr]", "sections[ms]"])
        #expect(edits[0].pointer == JSONPointer("/sections/1"))
        #expect(edits[1].pointer == JSONPointer("/sections/2"))
        #expect(try StructuralDiff.apply(edits, to: a) == b)
    }

    @Test func sequencesWithoutIdentityAreAlignedNotComparedByPosition() throws {
        let a: Node = ["tags": ["one", "two", "three", "four"]]
        let b: Node = ["tags": ["zero", "one", "two", "three", "four"]]
        let edits = StructuralDiff.diff(a, b)
        #expect(edits.count == 1)
        #expect(edits.first?.kind == .add)
        #expect(edits.first?.pointer == JSONPointer("/tags/0"))
        #expect(edits.first?.readablePath == "tags[0]")
    }

    @Test func keysWithSlashesAndTildesAreEscapedInPointersAndQuotedInPaths() throws {
        let a: Node = ["a/b": ["c~d": 1]]
        let b: Node = ["a/b": ["c~d": 2]]
        let edit = try #require(StructuralDiff.diff(a, b).first)
        #expect(edit.pointer.description == "/a~1b/c~0d")
        #expect(edit.readablePath == #"["a/b"]["c~d"]"#)
    }

    @Test func reorderedAndInsertedKeysKeepTheNewKeyOrder() throws {
        let a: Node = ["id": "isr", "title": "ISR", "prose": "Text here", "status": "draft"]
        let b: Node = ["id": "isr", "status": "draft", "title": "ISR", "owner": "sdf", "prose": "Text here"]
        let edits = StructuralDiff.diff(a, b)
        let result = try StructuralDiff.apply(edits, to: a)
        #expect(result == b)
        #expect(result.mapping.map { Array($0.keys) } == ["id", "status", "title", "owner", "prose"])
        #expect(edits.filter(\.isKeyReorder).map(\.readablePath) == ["status"])
        #expect(edits.first { $0.kind == .add }?.keyIndex == 3)
        // JSON has no key order: the patch only adds the key.
        #expect(JSONPatch(edits: edits).operations == [.add(path: JSONPointer("/owner"), value: "sdf")])
        #expect(TextRenderer(useColor: false).render(edits).contains("> status key moved from #4 to #2\n"))
    }

    @Test func integerAndNumberAreDifferentValues() throws {
        let edits = StructuralDiff.diff(["n": 1], ["n": 1.0])
        #expect(edits.map(\.kind) == [.replace])
    }

    @Test func applyRefusesEditsMadeAgainstAnotherVersion() throws {
        let a: Node = ["title": "Concept"]
        let edits = StructuralDiff.diff(a, ["title": "Outline"])
        let error = #expect(throws: DiffError.self) {
            try StructuralDiff.apply(edits, to: ["title": "Something else"])
        }
        #expect(error == .valueMismatch(JSONPointer("/title"), expected: "Concept", found: "Something else"))
        #expect(error?.description.contains("recompute the diff") == true)
    }

    static func set(_ node: Node, _ pointer: String, _ value: Node) throws -> Node {
        try JSONPatch(operations: [.replace(path: JSONPointer(pointer), value: value)]).apply(to: node)
    }
}
