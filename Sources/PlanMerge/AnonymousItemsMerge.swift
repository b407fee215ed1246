// Merging sequences without item identities (citations, plain lists): diff3
// over whole elements, then pairing similar elements inside a conflicting
// chunk so that they merge recursively.
import PlanDocument

extension MergeEngine {
    /// Chunks larger than this (base × side elements) are not paired: the
    /// pairing is quadratic and such chunks are rewrites, not edits.
    static let maximumPairingWork = 40_000

    mutating func mergeAnonymousItems(_ base: [Node], _ ours: [Node], _ theirs: [Node], path: String) -> MergedTree {
        var table = SymbolTable<Node>()
        let bs = table.symbols(for: base)
        let os = table.symbols(for: ours)
        let ts = table.symbols(for: theirs)
        var items: [MergedTree] = []
        for chunk in Diff3.chunks(base: bs, ours: os, theirs: ts) {
            switch chunk.kind {
            case .stable: items += base[chunk.base].map { .node($0) }
            case .oursChanged, .bothSame: items += ours[chunk.ours].map { .node($0) }
            case .theirsChanged: items += theirs[chunk.theirs].map { .node($0) }
            case .conflict:
                items += mergeConflictingElements(
                    Array(base[chunk.base]), Array(ours[chunk.ours]), Array(theirs[chunk.theirs]),
                    baseOffset: chunk.base.lowerBound, path: path)
            }
        }
        return .sequence(items)
    }

    private mutating func mergeConflictingElements(
        _ base: [Node], _ ours: [Node], _ theirs: [Node], baseOffset: Int, path: String
    ) -> [MergedTree] {
        var toOurs = [Int?](repeating: nil, count: base.count)
        var toTheirs = [Int?](repeating: nil, count: base.count)
        if base.count * max(ours.count, theirs.count) <= Self.maximumPairingWork {
            toOurs = SequenceAlignment.matches(count: base.count, ours.count) { Similarity.isSimilar(base[$0], ours[$1]) }
            toTheirs = SequenceAlignment.matches(count: base.count, theirs.count) { Similarity.isSimilar(base[$0], theirs[$1]) }
        }
        let chunks = Diff3.chunks(
            baseCount: base.count, oursCount: ours.count, theirsCount: theirs.count, toOurs: toOurs, toTheirs: toTheirs
        ) { chunk in
            let b = base[chunk.base]
            let o = ours[chunk.ours]
            let t = theirs[chunk.theirs]
            if o.elementsEqual(b) { return t.elementsEqual(b) ? .stable : .theirsChanged }
            if t.elementsEqual(b) { return .oursChanged }
            return o.elementsEqual(t) ? .bothSame : .conflict
        }
        var items: [MergedTree] = []
        for chunk in chunks {
            switch chunk.kind {
            case .stable:
                // Similar, not necessarily equal: merge each triple.
                for (bi, (oi, ti)) in zip(chunk.base, zip(chunk.ours, chunk.theirs)) {
                    items.append(merge(base[bi], ours[oi], theirs[ti], path: path + "[\(baseOffset + bi)]"))
                }
            case .oursChanged, .bothSame: items += ours[chunk.ours].map { .node($0) }
            case .theirsChanged: items += theirs[chunk.theirs].map { .node($0) }
            case .conflict:
                let b = Array(base[chunk.base])
                let o = Array(ours[chunk.ours])
                let t = Array(theirs[chunk.theirs])
                if b.isEmpty && Set(o).isDisjoint(with: Set(t)) {
                    // Parallel inserts at one place: both land, in an order that
                    // does not depend on which side is ours.
                    let oKey = o.map { JSONWriter.write($0) }
                    let tKey = t.map { JSONWriter.write($0) }
                    let (first, second) = oKey.lexicographicallyPrecedes(tKey) ? (o, t) : (t, o)
                    items += (first + second).map { .node($0) }
                    continue
                }
                let kind: MergeConflict.Kind = b.isEmpty ? .addAdd : (o.isEmpty || t.isEmpty ? .deleteModify : .modifyModify)
                func value(_ part: [Node]) -> Node? {
                    part.count == 1 ? part[0] : (part.isEmpty ? nil : Node(.sequence(part)))
                }
                let index = record(
                    kind, path: path + "[\(baseOffset + chunk.base.lowerBound)]",
                    base: value(b), ours: value(o), theirs: value(t))
                items.append(
                    .choice(
                        .init(
                            conflict: index, ours: o.map { .node($0) }, base: b.map { .node($0) },
                            theirs: t.map { .node($0) })))
            }
        }
        return items
    }
}
