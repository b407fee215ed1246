import OrderedCollections
import PlanDocument
import PropertyBased
import Testing

@testable import PlanMerge

/// The swap and identity laws on arbitrary small trees (3,000 cases), not shaped like
/// plans: lists of scalars, lists of mappings with and without ids, mixed
/// kinds, and random edits anywhere.
@Suite struct GenericTreeLawTests {
    static let words: [Node] = ["a", "b", "c", "two words", "x y z", 1, 2, 2.5, true, nil]

    static func tree(_ rng: inout any SeededRandomNumberGenerator, depth: Int) -> Node {
        switch depth >= 3 ? 0 : Int.random(in: 0..<5, using: &rng) {
        case 0, 1:
            return words[Int.random(in: 0..<words.count, using: &rng)]
        case 2:
            // A list of items with ids.
            let count = Int.random(in: 0...4, using: &rng)
            return Node(.sequence((0..<count).map { i in
                ["id": Node(.string("i\(i)")), "v": tree(&rng, depth: depth + 1)]
            }))
        case 3:
            return Node(.sequence((0..<Int.random(in: 0...4, using: &rng)).map { _ in tree(&rng, depth: depth + 1) }))
        default:
            var m = OrderedDictionary<String, Node>()
            for k in ["k", "l", "m", "n"] where Bool.random(using: &rng) { m[k] = tree(&rng, depth: depth + 1) }
            return Node(.mapping(m))
        }
    }

    /// One random edit somewhere in the tree.
    static func edit(_ node: Node, _ rng: inout any SeededRandomNumberGenerator, fresh: inout Int) -> Node {
        var node = node
        switch node.content {
        case .mapping(var m) where !m.isEmpty && Int.random(in: 0..<3, using: &rng) > 0:
            let key = m.keys[Int.random(in: 0..<m.count, using: &rng)]
            switch Int.random(in: 0..<4, using: &rng) {
            case 0: m.removeValue(forKey: key)
            case 1:
                // Few new names, so both sides sometimes add the same key.
                m[["p", "q"][Int.random(in: 0..<2, using: &rng)]] = words[Int.random(in: 0..<words.count, using: &rng)]
            default: m[key] = edit(m[key]!, &rng, fresh: &fresh)
            }
            node.content = .mapping(m)
        case .sequence(var s) where Int.random(in: 0..<4, using: &rng) > 0:
            let isIdentified = s.first?["id"] != nil
            switch Int.random(in: 0..<5, using: &rng) {
            case 0 where !s.isEmpty: s.remove(at: Int.random(in: 0..<s.count, using: &rng))
            case 1:
                let id = Node(.string("n\(Int.random(in: 1...2, using: &rng))"))
                if isIdentified && s.contains(where: { $0["id"] == id }) { return node }
                let item: Node = isIdentified ? ["id": id, "v": words[Int.random(in: 0..<words.count, using: &rng)]] : words[Int.random(in: 0..<words.count, using: &rng)]
                s.insert(item, at: Int.random(in: 0...s.count, using: &rng))
            case 2 where s.count > 1:
                let item = s.remove(at: Int.random(in: 0..<s.count, using: &rng))
                s.insert(item, at: Int.random(in: 0...s.count, using: &rng))
            default:
                if !s.isEmpty {
                    let i = Int.random(in: 0..<s.count, using: &rng)
                    s[i] = edit(s[i], &rng, fresh: &fresh)
                    if isIdentified, s[i]["id"] == nil || Set(s.compactMap { $0["id"] }).count != s.count {
                        return node  // keep ids unique and present
                    }
                }
            }
            node.content = .sequence(s)
        case .string(let text) where text.contains(" ") && Bool.random(using: &rng):
            node.content = .string(text.replacing("y", with: "Y\(fresh)") + " w\(fresh)")
            fresh += 1
        default:
            node = words[Int.random(in: 0..<words.count, using: &rng)]
        }
        return node
    }

    static let scenarios = Generator<(Node, Node, Node), Shrink.None<(Node, Node, Node)>> { rng in
        let items = Node(.sequence((0..<Int.random(in: 2...5, using: &rng)).map { i in
            ["id": Node(.string("i\(i)")), "v": words[Int.random(in: 0..<words.count, using: &rng)]]
        }))
        let base: Node = ["root": tree(&rng, depth: 0), "items": items, "list": tree(&rng, depth: 1)]
        var ours = base
        var theirs = base
        var fresh = 0
        func change(_ doc: Node, _ rng: inout any SeededRandomNumberGenerator, fresh: inout Int) -> Node {
            // Half the edits go to the list of items with ids (while it is one): moves,
            // inserts, deletes, changes.
            guard Bool.random(using: &rng), var items = doc["items"]?.sequence, items.allSatisfy({ $0["id"] != nil }) else {
                return edit(doc, &rng, fresh: &fresh)
            }
            switch Int.random(in: 0..<4, using: &rng) {
            case 0 where items.count > 1:
                let item = items.remove(at: Int.random(in: 0..<items.count, using: &rng))
                items.insert(item, at: Int.random(in: 0...items.count, using: &rng))
            case 1 where !items.isEmpty:
                items.remove(at: Int.random(in: 0..<items.count, using: &rng))
            case 2 where !items.isEmpty:
                let i = Int.random(in: 0..<items.count, using: &rng)
                items[i]["v"] = Node(.string("two words w\(fresh)"))
                fresh += 1
            default:
                let id = Node(.string("n\(Int.random(in: 1...2, using: &rng))"))
                if !items.contains(where: { $0["id"] == id }) {
                    items.insert(["id": id, "v": words[Int.random(in: 0..<words.count, using: &rng)]], at: Int.random(in: 0...items.count, using: &rng))
                }
            }
            var copy = doc
            copy["items"] = Node(.sequence(items))
            return copy
        }
        for _ in 0..<Int.random(in: 0...6, using: &rng) { ours = change(ours, &rng, fresh: &fresh) }
        for _ in 0..<Int.random(in: 0...6, using: &rng) { theirs = change(theirs, &rng, fresh: &fresh) }
        return (base, ours, theirs)
    }

    @Test func lawsHoldOnArbitraryTrees() async {
        var conflicted = 0
        var kinds: Set<MergeConflict.Kind> = []
        await propertyCheck(count: 3_000, input: Self.scenarios) { scenario in
            let (b, x, y) = scenario
            let forward = ThreeWayMerge.merge(base: b, ours: x, theirs: y)
            if !forward.isClean { conflicted += 1 }
            kinds.formUnion(forward.conflicts.map(\.kind))
            let backward = ThreeWayMerge.merge(base: b, ours: y, theirs: x)
            #expect(backward == forward.swapped(), "base \(JSONWriter.write(b))\nours \(JSONWriter.write(x))\ntheirs \(JSONWriter.write(y))")
            #expect(forward.document(fallback: .theirs) == backward.merged)
            #expect(ThreeWayMerge.merge(base: b, ours: b, theirs: x) == ThreeWayMerge.merge(base: x, ours: x, theirs: x))
            #expect(ThreeWayMerge.merge(base: b, ours: x, theirs: b).merged == x)
            #expect(ThreeWayMerge.merge(base: b, ours: y, theirs: y).merged == y)
        }
        // The generator must reach both clean merges and conflicts of many kinds.
        #expect(conflicted > 150 && conflicted < 2_850, "\(conflicted) of 3000 conflicted")
        #expect(kinds.count >= 5, "conflict kinds seen: \(kinds.map(\.rawValue).sorted())")
    }
}
