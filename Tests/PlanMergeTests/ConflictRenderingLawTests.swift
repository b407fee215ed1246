import PlanDocument
import PropertyBased
import Testing

@testable import PlanMerge

/// The marked text holds every side exactly: keeping one side of every
/// marked block gives that side's resolution of the merge.
@Suite struct ConflictRenderingLawTests {
    /// The text with each marked block replaced by one of its parts.
    static func resolve(_ marked: String, taking side: MergeSide) -> String {
        var out = ""
        var part: MergeSide?
        for line in TextTokens.lines(marked) {
            if line.hasPrefix("<<<<<<< ") { part = .ours; continue }
            if line.hasPrefix("||||||| ") { part = .base; continue }
            if line == "=======\n" { part = .theirs; continue }
            if line.hasPrefix(">>>>>>> ") { part = nil; continue }
            if part == nil || part == side { out += line }
        }
        return out
    }

    @Test func keepingOneSideOfEveryMarkedBlockGivesThatSidesResolution() async {
        await propertyCheck(count: 500, input: RandomPlans.anyEdits) { scenario in
            let result = ThreeWayMerge.merge(base: scenario.base, ours: scenario.ours, theirs: scenario.theirs)
            let marked = result.markedYAML()
            #expect(marked.contains("<<<<<<< ours\n") == !result.isClean)
            #expect(Self.resolve(marked, taking: .ours) == YAMLWriter.write(result.merged))
            #expect(Self.resolve(marked, taking: .theirs) == YAMLWriter.write(result.document(fallback: .theirs)))
        }
    }
}
