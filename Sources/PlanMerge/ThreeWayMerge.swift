// The entry point of the merge and the value- and mapping-level rules.
import OrderedCollections
import PlanDocument

/// Three-way merge of document trees.
///
/// Mappings merge key by key; sequences whose items carry an identity
/// (`id`, else `actor`, else `name`) merge item by item with their order
/// merged separately; other sequences merge by diff3 over their elements;
/// prose merges word by word. Identical changes on both sides collapse.
///
/// ```swift
/// let result = ThreeWayMerge.merge(base: base, ours: ours, theirs: theirs)
/// result.merged      // OURS' value wherever a conflict is left
/// result.conflicts   // each with kind, pointer, path, base/ours/theirs
/// ```
///
/// The merge is symmetric: swapping ours and theirs yields
/// `merge(base:ours:theirs:).swapped()`. Parallel inserts at one place are
/// ordered by their names or content, not by side, to keep it so.
public enum ThreeWayMerge {
    public static func merge(base: Node, ours: Node, theirs: Node) -> MergeResult {
        var engine = MergeEngine()
        let tree = engine.merge(base, ours, theirs, path: "")
        return MergeResult(tree: tree, conflicts: engine.conflicts)
    }
}

/// The state of one merge: the conflicts found so far, in document order.
struct MergeEngine {
    var conflicts: [MergeConflict] = []

    mutating func merge(_ base: Node, _ ours: Node, _ theirs: Node, path: String) -> MergedTree {
        if ours == theirs { return .node(ours) }
        if base == ours { return .node(theirs) }
        if base == theirs { return .node(ours) }
        switch (base.content, ours.content, theirs.content) {
        case (.mapping(let b), .mapping(let o), .mapping(let t)):
            return mergeMapping(b, o, t, path: path)
        case (.sequence(let b), .sequence(let o), .sequence(let t)):
            if let index = ItemIdentity.index([b, o, t]) {
                return mergeIdentifiedItems(index, path: path)
            }
            return mergeAnonymousItems(b, o, t, path: path)
        case (.string(let b), .string(let o), .string(let t))
        where TextTokens.containsWhitespace(b) || TextTokens.containsWhitespace(o) || TextTokens.containsWhitespace(t):
            return mergeText(b, o, t, path: path)
        default:
            return conflict(.modifyModify, path: path, base: base, ours: ours, theirs: theirs)
        }
    }

    /// Records a conflict and returns the place holding each side's value.
    mutating func conflict(_ kind: MergeConflict.Kind, path: String, base: Node?, ours: Node?, theirs: Node?)
        -> MergedTree
    {
        let index = record(kind, path: path, base: base, ours: ours, theirs: theirs)
        return .choice(
            .init(
                conflict: index, ours: ours.map { [.node($0)] } ?? [], base: base.map { [.node($0)] } ?? [],
                theirs: theirs.map { [.node($0)] } ?? []))
    }

    mutating func record(_ kind: MergeConflict.Kind, path: String, base: Node?, ours: Node?, theirs: Node?) -> Int {
        conflicts.append(
            MergeConflict(kind: kind, pointer: .root, theirsPointer: .root, path: path, base: base, ours: ours, theirs: theirs))
        return conflicts.count - 1
    }

    // MARK: Text

    private mutating func mergeText(_ base: String, _ ours: String, _ theirs: String, path: String) -> MergedTree {
        let outcome = TextMerge.merge(base: base, ours: ours, theirs: theirs)
        guard outcome.hasConflicts else { return .node(Node(.string(outcome.text(taking: .ours)))) }
        let index = record(.text, path: path, base: Node(.string(base)), ours: Node(.string(ours)), theirs: Node(.string(theirs)))
        return .choice(
            .init(
                conflict: index,
                ours: [.node(Node(.string(outcome.text(taking: .ours))))],
                base: [.node(Node(.string(outcome.text(taking: .base))))],
                theirs: [.node(Node(.string(outcome.text(taking: .theirs))))]))
    }

    // MARK: Mappings

    private mutating func mergeMapping(
        _ base: OrderedDictionary<String, Node>, _ ours: OrderedDictionary<String, Node>,
        _ theirs: OrderedDictionary<String, Node>, path: String
    ) -> MergedTree {
        let keys = mergedKeyOrder(base: base, ours: ours, theirs: theirs)
        var entries: [MergedTree.Entry] = []
        entries.reserveCapacity(keys.count)
        for key in keys {
            let childPath = path.isEmpty ? key : path + "." + key
            let value: MergedTree?
            switch (base[key], ours[key], theirs[key]) {
            case (let b?, let o?, let t?):
                value = merge(b, o, t, path: childPath)
            case (let b?, let o?, nil):
                value = o == b ? nil : conflict(.deleteModify, path: childPath, base: b, ours: o, theirs: nil)
            case (let b?, nil, let t?):
                value = t == b ? nil : conflict(.deleteModify, path: childPath, base: b, ours: nil, theirs: t)
            case (nil, let o?, let t?):
                value = o == t ? .node(o) : mergeAdded(o, t, path: childPath)
            case (nil, let o?, nil):
                value = .node(o)
            case (nil, nil, let t?):
                value = .node(t)
            case (_, nil, nil):
                value = nil
            }
            if let value { entries.append(MergedTree.Entry(key: key, value: value)) }
        }
        return .mapping(entries)
    }

    /// Both sides added one key: lists or mappings merge as if the base had
    /// an empty one (two sides each starting a `citations` list keep both
    /// entries); anything else with different content conflicts.
    private mutating func mergeAdded(_ ours: Node, _ theirs: Node, path: String) -> MergedTree {
        switch (ours.content, theirs.content) {
        case (.sequence, .sequence): return merge(Node(.sequence([])), ours, theirs, path: path)
        case (.mapping, .mapping): return merge(Node(.mapping([:])), ours, theirs, path: path)
        default: return conflict(.addAdd, path: path, base: nil, ours: ours, theirs: theirs)
        }
    }

    /// Key order: merged like item order, except that inconsistent reorders
    /// of keys are not worth a conflict; the order whose keys sort first wins.
    private func mergedKeyOrder(
        base: OrderedDictionary<String, Node>, ours: OrderedDictionary<String, Node>,
        theirs: OrderedDictionary<String, Node>
    ) -> [String] {
        let b = Array(base.keys)
        let o = Array(ours.keys)
        let t = Array(theirs.keys)
        let outcome = OrderMerge.merge(base: b, ours: o, theirs: t)
        var order: [String] = []
        var seen: Set<String> = []
        for entry in outcome.entries {
            switch entry {
            case .item(let key, _):
                if seen.insert(key).inserted { order.append(key) }
            case .region(_, let ro, let rt):
                let (first, second) = ro.lexicographicallyPrecedes(rt) ? (ro, rt) : (rt, ro)
                for key in first + second where seen.insert(key).inserted { order.append(key) }
            }
        }
        // Keys one side deleted and the other changed are not in the merged
        // order; put them back after their predecessor on the side that kept them.
        var missing: [(key: String, side: [String])] = []
        for key in o where !seen.contains(key) && base[key] != nil && theirs[key] == nil { missing.append((key, o)) }
        for key in t where !seen.contains(key) && base[key] != nil && ours[key] == nil { missing.append((key, t)) }
        return Placement.insert(missing, into: order)
    }
}

/// Putting back names that the order merge dropped, after their nearest
/// predecessor on the side that kept them.
enum Placement {
    /// Names put at one place are ordered by name, so the result is the same
    /// whichever side is "ours".
    static func insert(_ missing: [(key: String, side: [String])], into order: [String]) -> [String] {
        guard !missing.isEmpty else { return order }
        let start = "\u{0}start"
        var present = Set(order)
        var after: [String: [String]] = [:]
        for (key, side) in missing {
            guard let index = side.firstIndex(of: key) else { continue }
            var anchor = start
            for candidate in side[..<index].reversed() where present.contains(candidate) {
                anchor = candidate
                break
            }
            after[anchor, default: []].append(key)
            present.insert(key)
        }
        var result: [String] = []
        func emit(_ key: String) {
            result.append(key)
            // A name may appear twice (moved by both sides); what follows it goes after the first.
            guard let followers = after.removeValue(forKey: key) else { return }
            for next in followers.sorted() { emit(next) }
        }
        for next in (after[start] ?? []).sorted() { emit(next) }
        for key in order { emit(key) }
        return result
    }
}
