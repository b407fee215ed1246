import PlanDocument
import PropertyBased
import Testing

@testable import PlanMerge

/// The laws of a three-way merge, each checked on thousands of random plans
/// and edits (10,500 cases per run in all).
@Suite struct MergeLawTests {
    @Test func mergingWithAnUntouchedSideGivesTheOtherSide() async {
        await propertyCheck(count: 2_500, input: RandomPlans.anyEdits) { scenario in
            let x = scenario.ours
            let b = scenario.base
            #expect(ThreeWayMerge.merge(base: b, ours: b, theirs: x) == ThreeWayMerge.merge(base: x, ours: x, theirs: x))
            let left = ThreeWayMerge.merge(base: b, ours: b, theirs: x)
            let right = ThreeWayMerge.merge(base: b, ours: x, theirs: b)
            #expect(left.isClean && left.merged == x)
            #expect(right.isClean && right.merged == x)
        }
    }

    @Test func mergingTheSameChangeTwiceGivesThatChange() async {
        await propertyCheck(count: 2_000, input: RandomPlans.anyEdits) { scenario in
            let x = scenario.theirs
            let result = ThreeWayMerge.merge(base: scenario.base, ours: x, theirs: x)
            #expect(result.isClean && result.merged == x)
        }
    }

    @Test func swappingSidesSwapsConflictSidesAndNothingElse() async {
        await propertyCheck(count: 3_000, input: RandomPlans.anyEdits) { scenario in
            let (b, x, y) = (scenario.base, scenario.ours, scenario.theirs)
            let forward = ThreeWayMerge.merge(base: b, ours: x, theirs: y)
            let backward = ThreeWayMerge.merge(base: b, ours: y, theirs: x)
            #expect(backward == forward.swapped(), "\(scenario)")
            #expect(backward.conflicts.map(\.kind) == forward.conflicts.map(\.kind))
            if forward.isClean { #expect(backward.merged == forward.merged) }
            // The merged document holds OURS' value at each value conflict (regions of
            // anonymous lists, whose paths end in an index, hold several elements).
            for conflict in forward.conflicts where conflict.kind == .modifyModify || conflict.kind == .addAdd {
                let isListRegion = conflict.path.hasSuffix("]") && !conflict.path.split(separator: "[").last!.contains("=")
                if let ours = conflict.ours, !isListRegion {
                    #expect(forward.merged.node(at: conflict.pointer) == ours, "\(conflict) in \(scenario)")
                }
            }
            // Resolving every conflict to one side gives a document without that side's losses.
            #expect(forward.document(fallback: .theirs) == backward.merged)
        }
    }

    @Test func aCleanMergeContainsEveryChangeOfBothSides() async {
        await propertyCheck(count: 3_000, input: RandomPlans.disjointEdits) { scenario in
            let result = ThreeWayMerge.merge(base: scenario.base, ours: scenario.ours, theirs: scenario.theirs)
            let expected = RandomPlans.apply(scenario.theirsEdits, to: scenario.ours)
            #expect(result.isClean, "\(result.conflicts) in \(scenario)")
            #expect(result.merged == expected, "\(scenario)\nmerged:\n\(YAMLWriter.write(result.merged))expected:\n\(YAMLWriter.write(expected))")
        }
    }
}
