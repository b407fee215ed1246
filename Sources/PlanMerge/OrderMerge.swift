// Merging the order of uniquely named things (item ids, mapping keys),
// separately from their content: a reorder by one side is applied, parallel
// inserts both land, and only inconsistent reorders by both stay undecided.

enum OrderMerge {
    /// One place in the merged order.
    enum Entry: Equatable {
        /// A name, with the side whose change put it here (`nil`: both, or the base).
        case item(String, from: MergeSide?)
        /// A region both sides reordered inconsistently: each side's order.
        case region(base: [String], ours: [String], theirs: [String])
    }

    struct Outcome {
        var entries: [Entry]
        /// Names of the base that a side kept but moved.
        var movedByOurs: Set<String>
        var movedByTheirs: Set<String>
    }

    /// Merges three orders of unique names.
    static func merge(base: [String], ours: [String], theirs: [String]) -> Outcome {
        if ours == theirs || base == theirs {
            return Outcome(entries: ours.map { .item($0, from: nil) }, movedByOurs: base == theirs ? moved(base, ours) : [], movedByTheirs: [])
        }
        if base == ours {
            return Outcome(entries: theirs.map { .item($0, from: nil) }, movedByOurs: [], movedByTheirs: moved(base, theirs))
        }
        var table = SymbolTable<String>()
        let bs = table.symbols(for: base)
        let os = table.symbols(for: ours)
        let ts = table.symbols(for: theirs)
        let toOurs = SequenceAlignment.matches(bs, os)
        let toTheirs = SequenceAlignment.matches(bs, ts)
        let chunks = Diff3.chunks(
            baseCount: bs.count, oursCount: os.count, theirsCount: ts.count, toOurs: toOurs, toTheirs: toTheirs
        ) { Diff3.kindOf($0, base: bs, ours: os, theirs: ts) }

        var entries: [Entry] = []
        for chunk in chunks {
            let b = Array(base[chunk.base])
            let o = Array(ours[chunk.ours])
            let t = Array(theirs[chunk.theirs])
            func tagged(_ names: [String]) -> [Entry] {
                let inOurs = Set(o)
                let inTheirs = Set(t)
                return names.map { name in
                    switch (inOurs.contains(name), inTheirs.contains(name)) {
                    case (true, false): .item(name, from: .ours)
                    case (false, true): .item(name, from: .theirs)
                    default: .item(name, from: nil)
                    }
                }
            }
            switch chunk.kind {
            case .stable: entries += b.map { .item($0, from: nil) }
            case .oursChanged, .bothSame: entries += tagged(o)
            case .theirsChanged: entries += tagged(t)
            case .conflict:
                if let resolved = resolve(base: b, ours: o, theirs: t) {
                    entries += tagged(resolved)
                } else {
                    entries.append(.region(base: b, ours: o, theirs: t))
                }
            }
        }
        let oursSet = Set(ours)
        let theirsSet = Set(theirs)
        var movedByOurs: Set<String> = []
        var movedByTheirs: Set<String> = []
        for (i, name) in base.enumerated() {
            if toOurs[i] == nil && oursSet.contains(name) { movedByOurs.insert(name) }
            if toTheirs[i] == nil && theirsSet.contains(name) { movedByTheirs.insert(name) }
        }
        entries = followingMovedPredecessors(
            entries, base: base, ours: ours, theirs: theirs, movedByOurs: movedByOurs, movedByTheirs: movedByTheirs)
        if !isConsistent(entries, base: base, ours: ours, theirs: theirs, movedByOurs: movedByOurs, movedByTheirs: movedByTheirs) {
            entries = [.region(base: base, ours: ours, theirs: theirs)]
        }
        return Outcome(entries: entries, movedByOurs: movedByOurs, movedByTheirs: movedByTheirs)
    }

    /// Moves the names a side inserted right after an item that the other
    /// side moved, so they follow that item to its new place: "add a task
    /// after t2" still means after t2 once the other side moved t2. diff3
    /// alone leaves them where the item used to be. Names appended at the
    /// end of a list stay at the end.
    private static func followingMovedPredecessors(
        _ entries: [Entry], base: [String], ours: [String], theirs: [String],
        movedByOurs: Set<String>, movedByTheirs: Set<String>
    ) -> [Entry] {
        guard !movedByOurs.isEmpty || !movedByTheirs.isEmpty else { return entries }
        let baseSet = Set(base)
        var count: [String: Int] = [:]
        for entry in entries {
            guard case .item(let name, _) = entry else { return entries }
            count[name, default: 0] += 1
        }
        var runs: [String: [[String]]] = [:]
        for (side, movedByOther) in [(ours, movedByTheirs), (theirs, movedByOurs)] where !movedByOther.isEmpty {
            var i = 0
            while i < side.count {
                guard !baseSet.contains(side[i]), i > 0, movedByOther.contains(side[i - 1]), count[side[i - 1]] == 1 else {
                    i += 1
                    continue
                }
                var run: [String] = []
                while i < side.count && !baseSet.contains(side[i]) {
                    if count[side[i]] == 1 { run.append(side[i]) }
                    i += 1
                }
                // A run at the end of the list was appended, not put after an item: it stays at the end.
                if !run.isEmpty && i < side.count { runs[side[side.firstIndex(of: run[0])! - 1], default: []].append(run) }
            }
        }
        guard !runs.isEmpty else { return entries }
        let relocated = Set(runs.values.joined().joined())
        var result: [Entry] = []
        result.reserveCapacity(entries.count)
        var tags: [String: MergeSide?] = [:]
        for case .item(let name, let from) in entries { tags[name] = from }
        for entry in entries {
            guard case .item(let name, _) = entry, !relocated.contains(name) else { continue }
            result.append(entry)
            for run in (runs[name] ?? []).sorted(by: { $0.lexicographicallyPrecedes($1) }) {
                result += run.map { .item($0, from: tags[$0] ?? nil) }
            }
        }
        return result
    }

    /// Whether every move survives in the merged order: chunk by chunk the
    /// merge may accept moves that together contradict each other (ours puts
    /// b before a, theirs c before b, both keep a before c). A moved name must
    /// still sit between its neighbours on the side that moved it.
    private static func isConsistent(
        _ entries: [Entry], base: [String], ours: [String], theirs: [String],
        movedByOurs: Set<String>, movedByTheirs: Set<String>
    ) -> Bool {
        guard !movedByOurs.isEmpty || !movedByTheirs.isEmpty else { return true }
        var position: [String: Int] = [:]
        var repeated: Set<String> = []
        for (i, entry) in entries.enumerated() {
            guard case .item(let name, _) = entry else { return true }  // already a conflict
            if position.updateValue(i, forKey: name) != nil { repeated.insert(name) }
        }
        let common = Set(base).intersection(ours).intersection(theirs).subtracting(repeated)
        for (side, moved) in [(ours, movedByOurs), (theirs, movedByTheirs)] where !moved.isEmpty {
            for (i, name) in side.enumerated() where moved.contains(name) && common.contains(name) {
                let here = position[name]!
                if let before = side[..<i].last(where: common.contains), position[before]! > here { return false }
                if let after = side[(i + 1)...].first(where: common.contains), position[after]! < here { return false }
            }
        }
        return true
    }

    private static func moved(_ base: [String], _ side: [String]) -> Set<String> {
        guard base != side else { return [] }
        var table = SymbolTable<String>()
        let toSide = SequenceAlignment.matches(table.symbols(for: base), table.symbols(for: side))
        let present = Set(side)
        var result: Set<String> = []
        for (i, name) in base.enumerated() where toSide[i] == nil && present.contains(name) { result.insert(name) }
        return result
    }

    /// Resolves a chunk both sides changed, when at most one of them changed
    /// the relative order of the names all three keep. New names go after
    /// their predecessor on their side; runs both sides put at one place are
    /// ordered by their names, so the result does not depend on which side
    /// is "ours". Returns `nil` for inconsistent reorders.
    static func resolve(base: [String], ours: [String], theirs: [String]) -> [String]? {
        let baseSet = Set(base)
        let oursSet = Set(ours)
        let theirsSet = Set(theirs)
        let common = baseSet.intersection(oursSet).intersection(theirsSet)
        let b = base.filter(common.contains)
        let o = ours.filter(common.contains)
        let t = theirs.filter(common.contains)
        let skeleton: [String]
        if o == b {
            skeleton = t
        } else if t == b || o == t {
            skeleton = o
        } else {
            return nil
        }
        // Runs of names new to a side (not in the base), keyed by the skeleton
        // name they follow (`start` for the start of the chunk).
        let start = "\u{0}start"
        var runs: [String: [[String]]] = [:]
        for side in [ours, theirs] {
            var anchor = start
            var run: [String] = []
            for name in side {
                if common.contains(name) {
                    if !run.isEmpty { runs[anchor, default: []].append(run) }
                    run = []
                    anchor = name
                } else if !baseSet.contains(name) {
                    run.append(name)
                }
            }
            if !run.isEmpty { runs[anchor, default: []].append(run) }
        }
        var result: [String] = []
        var emitted: Set<String> = []
        func emitRuns(after anchor: String) {
            guard let group = runs[anchor] else { return }
            for run in group.sorted(by: { $0.lexicographicallyPrecedes($1) }) {
                for name in run where emitted.insert(name).inserted { result.append(name) }
            }
        }
        emitRuns(after: start)
        for name in skeleton {
            result.append(name)
            emitted.insert(name)
            emitRuns(after: name)
        }
        return result
    }
}
