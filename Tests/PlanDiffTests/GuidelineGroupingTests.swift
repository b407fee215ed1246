import PlanDocument
import Testing
@testable import PlanDiff

@Suite struct GuidelineGroupingTests {
    static let old: Node = [
        "id": "p", "title": "Plan",
        "sections": [
            ["id": "isr", "prose": "ISR in peacetime and more",
             "citations": [["edition": "jus-2015", "section": "IV.A.1"]],
             "roles": [["actor": "sdf", "responsibility": "primary"]]],
            ["id": "amd", "prose": "Air and missile defense",
             "citations": [["edition": "jus-2015", "section": "IV.A.2"], ["edition": "jus-2015", "section": "IV.A.10"]]],
            ["id": "notes", "prose": "No citations here"],
        ],
    ]

    func groups(_ new: Node) -> [String?: [String]] {
        let edits = StructuralDiff.diff(Self.old, new)
        let result = GuidelineGrouping.group(edits, old: Self.old, new: new)
        return Dictionary(uniqueKeysWithValues: result.map { ($0.section, $0.edits.map(\.readablePath)) })
    }

    static func patched(_ ops: [JSONPatch.Operation]) throws -> Node {
        try JSONPatch(operations: ops).apply(to: old)
    }

    @Test func proseChangeGoesUnderEveryCitedSection() throws {
        let new = try Self.patched([.replace(path: JSONPointer("/sections/1/prose"), value: "Air and missile defence together")])
        #expect(groups(new) == ["IV.A.2": ["sections[amd].prose"], "IV.A.10": ["sections[amd].prose"]])
    }

    @Test func roleChangeGoesUnderTheCitedSection() throws {
        let new = try Self.patched([.replace(path: JSONPointer("/sections/0/roles/0/responsibility"), value: "support")])
        #expect(groups(new) == ["IV.A.1": ["sections[isr].roles[sdf].responsibility"]])
    }

    @Test func addedAndRemovedCitationsGoUnderTheirSections() throws {
        let new = try Self.patched([
            .remove(path: JSONPointer("/sections/1/citations/1")),
            .add(path: JSONPointer("/sections/0/citations/-"), value: ["edition": "jus-2015", "section": "IV.B.2"]),
        ])
        let g = groups(new)
        #expect(g["IV.A.10"] == ["sections[amd].citations[1]"])
        #expect(g["IV.A.2"] == ["sections[amd].citations[1]"])
        #expect(g["IV.B.2"] == ["sections[isr].citations[1]"])
        #expect(g["IV.A.1"] == ["sections[isr].citations[1]"])
    }

    @Test func editsOutsideCitingSectionsAreUnassignedAndLast() throws {
        let new = try Self.patched([
            .replace(path: JSONPointer("/title"), value: "Plan two"),
            .replace(path: JSONPointer("/sections/2/prose"), value: "Still no citations here"),
            .replace(path: JSONPointer("/sections/0/prose"), value: "ISR in peacetime and less"),
        ])
        let edits = StructuralDiff.diff(Self.old, new)
        let result = GuidelineGrouping.group(edits, old: Self.old, new: new)
        #expect(result.map(\.section) == ["IV.A.1", nil])
        #expect(result.last?.edits.map(\.readablePath) == ["title", "sections[notes].prose"])
    }

    @Test func removedSectionIsListedUnderWhatItCited() throws {
        let new = try Self.patched([.remove(path: JSONPointer("/sections/1"))])
        #expect(groups(new) == ["IV.A.2": ["sections[amd]"], "IV.A.10": ["sections[amd]"]])
    }

    @Test func guidelineOrderIsNumericAndRoman() {
        let ids = ["IV.A.10", "II", "IV.A.2", "IV.C.2.b.iv", "III.B", "IV.C.2.b.iii", "V", "IV", "IV.D", "IV.C", "IV.C.2.c", "IV.C.2.b.ix"]
        #expect(ids.sorted(by: GuidelineGrouping.precedesInGuidelineOrder)
            == ["II", "III.B", "IV", "IV.A.2", "IV.A.10", "IV.C", "IV.C.2.b.iii", "IV.C.2.b.iv", "IV.C.2.b.ix", "IV.C.2.c", "IV.D", "V"])
    }
}

@Suite struct GroupedRenderingTests {
    @Test func textAndJSONShowGroupsInGuidelineOrder() throws {
        let old = GuidelineGroupingTests.old
        let new = try GuidelineGroupingTests.patched([
            .replace(path: JSONPointer("/sections/1/prose"), value: "Air and missile defence together"),
            .replace(path: JSONPointer("/title"), value: "Draft"),
        ])
        let edits = StructuralDiff.diff(old, new)
        let groups = GuidelineGrouping.group(edits, old: old, new: new)
        let text = TextRenderer(useColor: false).render(groups: groups)
        let ia2 = try #require(text.range(of: "Guideline IV.A.2 (1 change)\n  ~ sections[amd].prose\n"))
        let ia10 = try #require(text.range(of: "Guideline IV.A.10 (1 change)\n"))
        let none = try #require(text.range(of: "(no guideline section) (1 change)\n  ~ title: \"Plan\" -> \"Draft\"\n"))
        #expect(ia2.lowerBound < ia10.lowerBound && ia10.lowerBound < none.lowerBound)

        let json = try YAMLReader().read(JSONRenderer.render(edits, groups: groups))
        #expect(json["groups"]?.sequence?.map { $0["section"] } == ["IV.A.2", "IV.A.10", .null])
        let proseIndex = try #require(edits.firstIndex { $0.readablePath == "sections[amd].prose" })
        #expect(json["groups"]?[0]?["edits"] == [Node(.integer(proseIndex))])
    }
}
