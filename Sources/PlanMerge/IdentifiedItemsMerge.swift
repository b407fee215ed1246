// Merging sequences whose items carry an identity (sections, tasks, roles):
// content item by item, order separately.
import PlanDiff
import PlanDocument

extension MergeEngine {
    /// What happened to one item across the three versions.
    private enum Fate {
        /// Kept by both sides (its content merges recursively).
        case kept
        /// Gone: deleted by both, or by one side while the other left it alone.
        case deleted
        /// Added by one side, or by both alike.
        case added(Node)
        /// Needs a decision; `nil` values are versions without the item.
        case conflicted(MergeConflict.Kind)
    }

    /// Merges the items of three versions of a sequence, indexed by ``ItemIdentity/index(_:)``.
    mutating func mergeIdentifiedItems(
        _ index: (key: String, names: [[String]], items: [[String: Node]]), path: String
    ) -> MergedTree {
        let key = index.key
        let (bNames, oNames, tNames) = (index.names[0], index.names[1], index.names[2])
        let (b, o, t) = (index.items[0], index.items[1], index.items[2])
        let order = OrderMerge.merge(base: bNames, ours: oNames, theirs: tNames)

        func fate(of name: String) -> Fate {
            switch (b[name], o[name], t[name]) {
            case (_?, _?, _?): return .kept
            case (let bv?, let ov?, nil):
                if ov != bv { return .conflicted(.deleteModify) }
                return order.movedByOurs.contains(name) ? .conflicted(.moveDelete) : .deleted
            case (let bv?, nil, let tv?):
                if tv != bv { return .conflicted(.deleteModify) }
                return order.movedByTheirs.contains(name) ? .conflicted(.moveDelete) : .deleted
            case (nil, let ov?, let tv?):
                return ov == tv ? .added(ov) : .conflicted(.addAdd)
            case (nil, let ov?, nil): return .added(ov)
            case (nil, nil, let tv?): return .added(tv)
            case (_, nil, nil): return .deleted
            }
        }

        // Where each item landed; items the order merge dropped but a side
        // still needs (deleted by one side, changed by the other) go back
        // after their predecessor on the side that kept them.
        var appearances: [String: Int] = [:]
        var listed: Set<String> = []
        for entry in order.entries {
            switch entry {
            case .item(let name, _): appearances[name, default: 0] += 1; listed.insert(name)
            case .region(_, let ro, let rt): listed.formUnion(ro); listed.formUnion(rt)
            }
        }
        var entries = order.entries
        var missing: [(key: String, side: [String])] = []
        for name in oNames where !listed.contains(name) && t[name] == nil { missing.append((name, oNames)) }
        for name in tNames where !listed.contains(name) && o[name] == nil { missing.append((name, tNames)) }
        if !missing.isEmpty {
            let present = entries.compactMap { if case .item(let n, _) = $0 { n } else { nil } }
            let placed = Placement.insert(missing, into: present)
            let missingSide = Dictionary(missing.map { ($0.key, o[$0.key] != nil ? MergeSide.ours : .theirs) }) { a, _ in a }
            var rebuilt: [OrderMerge.Entry] = []
            var cursor = 0
            // Walk the placed names alongside the original entries, keeping regions where they were.
            for entry in entries {
                if case .item(let name, _) = entry {
                    while cursor < placed.count && placed[cursor] != name {
                        rebuilt.append(.item(placed[cursor], from: missingSide[placed[cursor]]))
                        appearances[placed[cursor], default: 0] += 1
                        cursor += 1
                    }
                    cursor += 1
                }
                rebuilt.append(entry)
            }
            while cursor < placed.count {
                rebuilt.append(.item(placed[cursor], from: missingSide[placed[cursor]]))
                appearances[placed[cursor], default: 0] += 1
                cursor += 1
            }
            entries = rebuilt
        }

        // Build the merged items in document order, so conflicts are numbered in that order.
        var merged: [String: MergedTree] = [:]
        var conflictOf: [String: Int] = [:]
        var seenOnce: Set<String> = []
        // The path syntax `diff` prints: `sections[isr].tasks[t1]` (one syntax for both).
        let itemPath = { (name: String) in path + PathComponent.readable([.item(name)]) }

        func content(_ name: String) -> MergedTree {
            if let tree = merged[name] { return tree }
            let tree = merge(b[name]!, o[name]!, t[name]!, path: itemPath(name))
            merged[name] = tree
            return tree
        }
        func conflictIndex(_ name: String, _ kind: MergeConflict.Kind) -> Int {
            if let index = conflictOf[name] { return index }
            let index = record(kind, path: itemPath(name), base: b[name], ours: o[name], theirs: t[name])
            conflictOf[name] = index
            return index
        }
        /// One side's version of an item, as placed inside that side's alternative.
        func version(_ name: String, _ side: MergeSide) -> MergedTree? {
            switch side {
            case .base: return b[name].map { .node($0) }
            case .ours: guard let ov = o[name] else { return nil }
                return t[name] != nil && b[name] != nil ? content(name) : .node(ov)
            case .theirs: guard let tv = t[name] else { return nil }
                return o[name] != nil && b[name] != nil ? content(name) : .node(tv)
            }
        }

        var items: [MergedTree] = []
        items.reserveCapacity(entries.count)
        for entry in entries {
            switch entry {
            case .item(let name, let from):
                let count = appearances[name] ?? 0
                let itemFate = fate(of: name)
                if case .deleted = itemFate { continue }
                if count > 1 || { if case .conflicted = itemFate { true } else { false } }() {
                    let kind: MergeConflict.Kind
                    if case .conflicted(let k) = itemFate { kind = k } else { kind = .moveMove }
                    let first = seenOnce.insert(name).inserted
                    let c = conflictIndex(name, kind)
                    // With several appearances each is one side's place; a single
                    // appearance holds every side's version.
                    let sides: Set<MergeSide> = count > 1 ? (from.map { [$0] } ?? [.ours, .theirs]) : [.ours, .theirs]
                    items.append(
                        .choice(
                            .init(
                                conflict: c,
                                ours: sides.contains(.ours) ? version(name, .ours).map { [$0] } ?? [] : [],
                                base: first ? version(name, .base).map { [$0] } ?? [] : [],
                                theirs: sides.contains(.theirs) ? version(name, .theirs).map { [$0] } ?? [] : [])))
                    continue
                }
                switch itemFate {
                case .kept: items.append(content(name))
                case .added(let node): items.append(.node(node))
                case .deleted, .conflicted: break
                }
            case .region(let rb, let ro, let rt):
                let c = record(
                    .moveMove, path: path, base: Node(.sequence(rb.map { Node(.string($0)) })),
                    ours: Node(.sequence(ro.map { Node(.string($0)) })), theirs: Node(.sequence(rt.map { Node(.string($0)) })))
                // Merge the content of the items every version keeps in base order, so
                // their conflicts are numbered the same whichever side is ours.
                for name in rb where o[name] != nil && t[name] != nil { _ = content(name) }
                func alternative(_ names: [String], _ side: MergeSide) -> [MergedTree] {
                    names.compactMap { name in
                        if side != .base, case .deleted = fate(of: name) { return nil }
                        return version(name, side)
                    }
                }
                items.append(
                    .choice(.init(conflict: c, ours: alternative(ro, .ours), base: alternative(rb, .base), theirs: alternative(rt, .theirs))))
            }
        }
        return .sequence(items)
    }
}
