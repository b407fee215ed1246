import PlanDocument
import PropertyBased
import Testing
@testable import PlanDiff

@Suite struct DiffLawTests {
    @Test func diffOfATreeWithItselfIsEmpty() async {
        await propertyCheck(count: 300, input: RandomTrees.pair) { pair in
            #expect(StructuralDiff.diff(pair.0, pair.0).isEmpty)
            #expect(StructuralDiff.diff(pair.1, pair.1).isEmpty)
        }
    }

    @Test func applyingTheDiffGivesTheNewTree() async throws {
        await propertyCheck(count: 500, input: RandomTrees.pair) { pair in
            let (a, b) = pair
            let edits = StructuralDiff.diff(a, b)
            let result = try StructuralDiff.apply(edits, to: a)
            #expect(result == b, "edits: \(edits)")
            #expect(result.mapping.map { Array($0.keys) } == b.mapping.map { Array($0.keys) })
            #expect(edits.isEmpty == (a == b))
        }
    }

    @Test func jsonPatchTurnsTheOldTreeIntoTheNewOne() async throws {
        await propertyCheck(count: 500, input: RandomTrees.pair) { pair in
            let (a, b) = pair
            let patch = JSONPatch(edits: StructuralDiff.diff(a, b))
            #expect(isEquivalent(try patch.apply(to: a), b))
            // And through its JSON text, as another tool would read it.
            let reread = try JSONPatch(node: try YAMLReader().read(JSONWriter.write(patch.node)))
            #expect(reread == patch)
            #expect(isEquivalent(try reread.apply(to: a), b))
        }
    }

    @Test func permutedIdentifiedItemsAreTheFewestMovesAndNothingElse() async throws {
        let permutations = Generator<([Node], [Int]), Shrink.None<([Node], [Int])>> { rng in
            let count = Int.random(in: 1...12, using: &rng)
            let items = (0..<count).map { i -> Node in ["id": Node(.string("s\(i)")), "title": Node(.string("Section \(i)"))] }
            return (items, Array(0..<count).shuffled(using: &rng))
        }
        await propertyCheck(count: 300, input: permutations) { input in
            let (items, order) = input
            let a: Node = ["sections": Node(.sequence(items))]
            let b: Node = ["sections": Node(.sequence(order.map { items[$0] }))]
            let edits = StructuralDiff.diff(a, b)
            #expect(edits.allSatisfy { $0.kind == .move })
            let stay = SequenceAlignment.longestIncreasing(order.enumerated().map { AlignedPair(old: $0.offset, new: $0.element) })
            #expect(edits.count == order.count - stay.count)
            let applied = try StructuralDiff.apply(edits, to: a)
            let patched = try JSONPatch(edits: edits).apply(to: a)
            #expect(applied == b)
            #expect(patched == b)
        }
    }

    @Test func textSegmentsRebuildBothTexts() async {
        let texts = Generator<(String, String), Shrink.None<(String, String)>> { rng in
            let a = RandomTrees.prose(&rng)
            var node = Node(.string(a))
            RandomTrees.mutate(&node, &rng, depth: 0)
            return (a, node.string ?? RandomTrees.prose(&rng))
        }
        await propertyCheck(count: 500, input: texts) { pair in
            let segments = TextDiff.diff(pair.0, pair.1)
            #expect(TextSegment.oldText(of: segments) == pair.0)
            #expect(TextSegment.newText(of: segments) == pair.1)
            #expect(segments.contains { $0.kind != .equal } == (pair.0 != pair.1))
        }
    }

    @Test func alignmentIsACommonSubsequence() async {
        let sequences = Gen.int(in: 0...5).array(of: 0...40)
        await propertyCheck(count: 500, input: sequences, sequences) { a, b in
            let pairs = SequenceAlignment.align(a, b)
            #expect(pairs.allSatisfy { a[$0.old] == b[$0.new] })
            #expect(zip(pairs, pairs.dropFirst()).allSatisfy { $0.old < $1.old && $0.new < $1.new })
        }
    }
}
