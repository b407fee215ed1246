// The answer of a three-way merge.
import PlanDocument

/// A merged document and the conflicts left in it.
///
/// ```swift
/// let result = ThreeWayMerge.merge(base: base, ours: ours, theirs: theirs)
/// if result.isClean { save(result.merged) } else { record(result.conflicts) }
/// ```
///
/// Equality compares ``merged`` and ``conflicts``.
public struct MergeResult: Sendable, Equatable {
    /// The merged document; at each conflict it holds OURS' value.
    public private(set) var merged: Node
    /// The conflicts, in document order.
    public private(set) var conflicts: [MergeConflict]
    let tree: MergedTree

    init(tree: MergedTree, conflicts pending: [MergeConflict]) {
        self.tree = tree
        var ours = Materializer(fallback: .ours)
        merged = ours.document(tree)
        var conflicts = pending
        if !conflicts.isEmpty {
            var theirs = Materializer(fallback: .theirs)
            _ = theirs.document(tree)
            for i in conflicts.indices {
                conflicts[i].pointer = ours.pointers[i] ?? .root
                conflicts[i].theirsPointer = theirs.pointers[i] ?? .root
            }
        }
        self.conflicts = conflicts
    }

    public var isClean: Bool { conflicts.isEmpty }

    /// The result the merge gives with ours and theirs exchanged: conflict
    /// sides swap and the merged document holds THEIRS' values.
    public func swapped() -> MergeResult {
        MergeResult(tree: tree.swapped(), conflicts: conflicts.map { $0.swapped() })
    }

    /// The document with each conflict resolved to the given side (index into
    /// ``conflicts``); conflicts not listed take `fallback`.
    public func document(resolving choices: [Int: MergeSide] = [:], fallback: MergeSide = .ours) -> Node {
        var materializer = Materializer(choices: choices, fallback: fallback)
        return materializer.document(tree)
    }

    public static func == (lhs: MergeResult, rhs: MergeResult) -> Bool {
        lhs.merged == rhs.merged && lhs.conflicts == rhs.conflicts
    }
}
