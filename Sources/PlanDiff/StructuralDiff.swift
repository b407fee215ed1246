// The structural diff: mappings by key, sequences of identified items by
// identity (so a moved item is a move), other sequences by hashed LCS, long
// strings word by word.
import OrderedCollections
import PlanDocument

/// How ``StructuralDiff`` matches and reports changes.
public struct DiffOptions: Sendable, Equatable {
    /// Keys that name a sequence item, in order of preference. A sequence is
    /// matched by the first key that every item on both sides holds as a
    /// scalar, with values unique on each side; plan sections by `id`, roles
    /// by `actor`, owners by `name`.
    public var identityKeys: [String]

    public init(identityKeys: [String] = ["id", "actor", "name"]) {
        self.identityKeys = identityKeys
    }
}

/// Computes the edits that turn one document tree into another.
///
/// ```swift
/// let edits = StructuralDiff.diff(before, after)
/// try StructuralDiff.apply(edits, to: before)   // == after
/// ```
///
/// The laws (tested on random trees): `diff(a, a)` is empty, and applying
/// `diff(a, b)` to `a` gives `b`, including the new document's mapping key
/// order: added keys carry their index
/// (``Edit/keyIndex``) and reordered keys are moves within their mapping,
/// which a JSON Patch (whose objects have no order) leaves out.
public enum StructuralDiff {
    /// The edits from `old` to `new`, in the order they apply.
    ///
    /// - Complexity: O(n log n) in the size of the trees for typical plans;
    ///   each subtree is compared and hashed a bounded number of times per level.
    public static func diff(_ old: Node, _ new: Node, options: DiffOptions = DiffOptions()) -> [Edit] {
        var differ = Differ(options: options)
        differ.diff(old, new, at: .root, path: [])
        return differ.edits
    }
}

/// A value that holds the two documents and their diff.
public struct DocumentDiff: Sendable, Equatable {
    public var old: Node
    public var new: Node
    public var edits: [Edit]

    public init(from old: Node, to new: Node, options: DiffOptions = DiffOptions()) {
        self.old = old
        self.new = new
        self.edits = StructuralDiff.diff(old, new, options: options)
    }

    public var isEmpty: Bool { edits.isEmpty }
}

private struct Differ {
    let options: DiffOptions
    var edits: [Edit] = []

    init(options: DiffOptions) { self.options = options }

    mutating func diff(_ a: Node, _ b: Node, at pointer: JSONPointer, path: [PathComponent]) {
        if a == b { return }
        switch (a.content, b.content) {
        case (.mapping(let ma), .mapping(let mb)):
            diffMapping(ma, mb, at: pointer, path: path)
        case (.sequence(let sa), .sequence(let sb)):
            if let key = identityKey(sa, sb) {
                diffKeyed(sa, sb, key: key, at: pointer, path: path)
            } else {
                diffAligned(sa, sb, at: pointer, path: path)
            }
        case (.string(let x), .string(let y)) where isProse(x) || isProse(y):
            edits.append(Edit(
                kind: .text, pointer: pointer, path: path, oldValue: a, newValue: b,
                segments: TextDiff.diff(x, y)))
        default:
            edits.append(Edit(kind: .replace, pointer: pointer, path: path, oldValue: a, newValue: b))
        }
    }

    /// Strings of more than one word are diffed word by word; single
    /// tokens (`draft`, `2027-01-31`) are simply replaced.
    private func isProse(_ s: String) -> Bool {
        s.utf8.contains { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\t") }
    }

    // MARK: Sequences of identified items

    func identityKey(_ a: [Node], _ b: [Node]) -> String? {
        guard !(a.isEmpty && b.isEmpty) else { return nil }
        candidates: for key in options.identityKeys {
            for side in [a, b] {
                var seen = Set<String>()
                seen.reserveCapacity(side.count)
                for item in side {
                    guard let identity = Self.identity(of: item, key: key), seen.insert(identity).inserted else {
                        continue candidates
                    }
                }
            }
            return key
        }
        return nil
    }

    static func identity(of item: Node, key: String) -> String? {
        guard let value = item[key] else { return nil }
        switch value.content {
        case .string(let s): return s
        case .integer(let i): return String(i)
        default: return nil
        }
    }

    /// Removes, then adds and moves in the order of the new sequence, then the
    /// changes inside items that stayed (at their new indices).
    ///
    /// Items on the longest run that keeps its relative order stay put; every
    /// other surviving item is one move, placed right after its predecessor in
    /// the new order, so the number of moves is the fewest possible.
    private mutating func diffKeyed(
        _ a: [Node], _ b: [Node], key: String, at pointer: JSONPointer, path: [PathComponent]
    ) {
        let ka = a.map { Self.identity(of: $0, key: key)! }
        let kb = b.map { Self.identity(of: $0, key: key)! }
        var indexInA: [String: Int] = [:]
        for (i, k) in ka.enumerated() { indexInA[k] = i }
        var indexInB: [String: Int] = [:]
        for (j, k) in kb.enumerated() { indexInB[k] = j }

        var working: [String] = []
        working.reserveCapacity(max(ka.count, kb.count))
        for (i, k) in ka.enumerated() {
            if indexInB[k] == nil {
                edits.append(Edit(
                    kind: .remove, pointer: pointer.appending(working.count), path: path + [.item(k)],
                    oldValue: a[i]))
            } else {
                working.append(k)
            }
        }
        for step in Self.placements(of: working, into: kb, isNew: { indexInA[$0] == nil }) {
            switch step {
            case .insert(let k, let j, let index):
                edits.append(Edit(
                    kind: .add, pointer: pointer.appending(index), path: path + [.item(k)], newValue: b[j]))
            case .move(let k, let j, let from, let to):
                edits.append(Edit(
                    kind: .move, pointer: pointer.appending(to), from: pointer.appending(from),
                    path: path + [.item(k)], positions: Edit.Positions(old: indexInA[k]!, new: j)))
            }
        }
        for (j, k) in kb.enumerated() {
            if let i = indexInA[k] {
                diff(a[i], b[j], at: pointer.appending(j), path: path + [.item(k)])
            }
        }
    }

    // MARK: Mappings

    /// Removed keys, then added and reordered keys (so the result keeps the
    /// new key order exactly), then the changes under keys on both sides.
    private mutating func diffMapping(
        _ ma: OrderedDictionary<String, Node>, _ mb: OrderedDictionary<String, Node>,
        at pointer: JSONPointer, path: [PathComponent]
    ) {
        var working: [String] = []
        working.reserveCapacity(ma.count)
        for (key, value) in ma {
            if mb[key] == nil {
                edits.append(Edit(kind: .remove, pointer: pointer.appending(key), path: path + [.key(key)], oldValue: value))
            } else {
                working.append(key)
            }
        }
        let keysB = Array(mb.keys)
        for step in Self.placements(of: working, into: keysB, isNew: { ma[$0] == nil }) {
            switch step {
            case .insert(let key, let j, let index):
                edits.append(Edit(
                    kind: .add, pointer: pointer.appending(key), path: path + [.key(key)],
                    newValue: mb.values[j], keyIndex: index))
            case .move(let key, let j, _, let to):
                edits.append(Edit(
                    kind: .move, pointer: pointer.appending(key), from: pointer.appending(key), path: path + [.key(key)],
                    positions: Edit.Positions(old: ma.index(forKey: key)!, new: j), keyIndex: to))
            }
        }
        for (key, value) in mb {
            if let old = ma[key] {
                diff(old, value, at: pointer.appending(key), path: path + [.key(key)])
            }
        }
    }

    // MARK: Placing items in their new order

    enum Placement {
        /// A new item: its index in the target, and where it is inserted now.
        case insert(String, targetIndex: Int, at: Int)
        /// A surviving item out of order: its index in the target, and the
        /// indices it moves from and to (the latter after its removal).
        case move(String, targetIndex: Int, from: Int, to: Int)
    }

    /// The inserts and moves that turn `working` (surviving items in their
    /// old order) into `target`.
    ///
    /// Items on the longest run that keeps its relative order stay put; every
    /// other surviving item is one move, placed right after its predecessor in
    /// the target order, so the number of moves is the fewest possible.
    static func placements(of working: [String], into target: [String], isNew: (String) -> Bool) -> [Placement] {
        var targetIndex: [String: Int] = [:]
        for (j, k) in target.enumerated() { targetIndex[k] = j }
        let survivors = working.enumerated().map { AlignedPair(old: $0.offset, new: targetIndex[$0.element]!) }
        let stable = Set(SequenceAlignment.longestIncreasing(survivors).map { working[$0.old] })
        guard stable.count != working.count || working.count != target.count else { return [] }

        var working = working
        var steps: [Placement] = []
        var position: [String: Int] = [:]
        func reindex(from start: Int) {
            for i in start..<working.count { position[working[i]] = i }
        }
        reindex(from: 0)
        for (j, k) in target.enumerated() {
            let destination = j == 0 ? 0 : position[target[j - 1]]! + 1
            if isNew(k) {
                working.insert(k, at: destination)
                reindex(from: destination)
                steps.append(.insert(k, targetIndex: j, at: destination))
            } else if !stable.contains(k) {
                let current = position[k]!
                let to = destination > current ? destination - 1 : destination
                guard to != current else { continue }
                working.remove(at: current)
                working.insert(k, at: to)
                reindex(from: min(current, to))
                steps.append(.move(k, targetIndex: j, from: current, to: to))
            }
        }
        return steps
    }

    // MARK: Other sequences

    /// Aligns equal items by hashed LCS; between aligned items, old and new
    /// items are paired in order (and diffed inside), the rest removed or added.
    private mutating func diffAligned(_ a: [Node], _ b: [Node], at pointer: JSONPointer, path: [PathComponent]) {
        let pairs = SequenceAlignment.align(a, b)
        var paired: [(Int, Int)] = []
        var cursor = 0
        var i = 0, j = 0
        for pair in pairs + [AlignedPair(old: a.count, new: b.count)] {
            let gapA = pair.old - i, gapB = pair.new - j
            let common = min(gapA, gapB)
            for t in 0..<common { paired.append((i + t, j + t)) }
            cursor += common
            for t in common..<max(common, gapA) {
                edits.append(Edit(
                    kind: .remove, pointer: pointer.appending(cursor), path: path + [.index(i + t)], oldValue: a[i + t]))
            }
            for t in common..<max(common, gapB) {
                edits.append(Edit(
                    kind: .add, pointer: pointer.appending(cursor), path: path + [.index(j + t)], newValue: b[j + t]))
                cursor += 1
            }
            cursor += 1  // the aligned item itself
            i = pair.old + 1
            j = pair.new + 1
        }
        for (x, y) in paired {
            diff(a[x], b[y], at: pointer.appending(y), path: path + [.index(y)])
        }
    }
}
