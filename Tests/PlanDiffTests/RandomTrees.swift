// Random document trees and random edits of them, for the property tests.
import PlanDocument
import PropertyBased

enum RandomTrees {
    static let keys = ["a", "b", "c", "id", "title", "prose", "x/y", "t~1"]
    static let words = ["plan", "ISR", "the", "SDF", "U.S.", "forces", "and", "", "support", "Japan's", "1997", "(b)"]

    /// A pair of trees: a random tree and a random edit of it (a few
    /// changes, additions, removals and reorders), so diffs are small and
    /// interesting rather than "replace everything".
    static let pair = Generator<(Node, Node), Shrink.None<(Node, Node)>> { rng in
        let a = tree(&rng, depth: 0)
        var b = a
        let count = Int.random(in: 0...4, using: &rng)
        for _ in 0..<count { mutate(&b, &rng, depth: 0) }
        if Int.random(in: 0..<8, using: &rng) == 0 { b = tree(&rng, depth: 0) }  // sometimes unrelated
        return (a, b)
    }

    static func tree(_ rng: inout any SeededRandomNumberGenerator, depth: Int) -> Node {
        let choice = depth >= 4 ? Int.random(in: 0..<6, using: &rng) : Int.random(in: 0..<9, using: &rng)
        switch choice {
        case 0: return .null
        case 1: return Node(.bool(Bool.random(using: &rng)))
        case 2: return Node(.integer(Int.random(in: -3...3, using: &rng)))
        case 3: return Node(.number(Double(Int.random(in: -4...4, using: &rng)) / 2))
        case 4: return Node(.string(words.randomElement(using: &rng)!))
        case 5: return Node(.string(prose(&rng)))
        case 6:
            var entries: [(String, Node)] = []
            for key in keys.shuffled(using: &rng).prefix(Int.random(in: 0...4, using: &rng)) {
                entries.append((key, tree(&rng, depth: depth + 1)))
            }
            return Node(.mapping(.init(uniqueKeysWithValues: entries)))
        case 7:
            return Node(.sequence((0..<Int.random(in: 0...5, using: &rng)).map { _ in tree(&rng, depth: depth + 1) }))
        default:
            return keyedSequence(&rng, depth: depth)
        }
    }

    static func keyedSequence(_ rng: inout any SeededRandomNumberGenerator, depth: Int) -> Node {
        let ids = ["isr", "amd", "ms", "ap", "te", "ls"].shuffled(using: &rng).prefix(Int.random(in: 1...6, using: &rng))
        let key = identityKeys.randomElement(using: &rng)!
        return Node(.sequence(ids.map { id in item(id, key: key, &rng, depth: depth) }))
    }

    /// Sections by `id`, roles by `actor`, owners by `name`.
    static let identityKeys = ["id", "actor", "name"]

    static func item(_ id: String, key: String = "id", _ rng: inout any SeededRandomNumberGenerator, depth: Int) -> Node {
        var entries: [(String, Node)] = [(key, Node(.string(id)))]
        if Bool.random(using: &rng) { entries.append(("title", Node(.string(prose(&rng))))) }
        if Bool.random(using: &rng) { entries.append(("body", tree(&rng, depth: depth + 2))) }
        return Node(.mapping(.init(uniqueKeysWithValues: entries)))
    }

    static func prose(_ rng: inout any SeededRandomNumberGenerator) -> String {
        var text = ""
        for i in 0..<Int.random(in: 1...12, using: &rng) {
            if i > 0 { text += Int.random(in: 0..<6, using: &rng) == 0 ? "\n" : " " }
            text += words.randomElement(using: &rng)!
            if Int.random(in: 0..<5, using: &rng) == 0 { text += [",", ".", ";"].randomElement(using: &rng)! }
        }
        return text
    }

    /// Applies one random change somewhere in `node`.
    static func mutate(_ node: inout Node, _ rng: inout any SeededRandomNumberGenerator, depth: Int) {
        switch node.content {
        case .mapping(var m) where !m.isEmpty && Int.random(in: 0..<3, using: &rng) > 0:
            let index = Int.random(in: 0..<m.count, using: &rng)
            switch Int.random(in: 0..<7, using: &rng) {
            case 0: m.remove(at: index)
            case 1: m[keys.randomElement(using: &rng)!] = tree(&rng, depth: depth + 1)
            case 2:
                let key = keys.randomElement(using: &rng)!
                if m[key] == nil { m.updateValue(tree(&rng, depth: depth + 1), forKey: key, insertingAt: index) }
            case 3: m.shuffle(using: &rng)
            default: mutate(&m.values[index], &rng, depth: depth + 1)
            }
            node.content = .mapping(m)
        case .sequence(var s) where !s.isEmpty && Int.random(in: 0..<3, using: &rng) > 0:
            let index = Int.random(in: 0..<s.count, using: &rng)
            let key = identityKeys.first { key in s.allSatisfy { $0[key]?.string != nil } }
            switch Int.random(in: 0..<6, using: &rng) {
            case 0: s.remove(at: index)
            case 1:
                if let key {
                    let newItem = item("new\(Int.random(in: 0...99, using: &rng))", key: key, &rng, depth: depth)
                    if !s.contains(where: { $0[key] == newItem[key] }) { s.insert(newItem, at: index) }
                } else {
                    s.insert(tree(&rng, depth: depth + 1), at: index)
                }
            case 2:
                let moved = s.remove(at: index)
                s.insert(moved, at: Int.random(in: 0...s.count, using: &rng))
            case 3: s.shuffle(using: &rng)
            default: mutate(&s[index], &rng, depth: depth + 1)
            }
            node.content = .sequence(s)
        case .string(let text) where text.contains(" "):
            var parts = text.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
            parts[Int.random(in: 0..<parts.count, using: &rng)] = words.randomElement(using: &rng)!
            node.content = .string(parts.joined(separator: " "))
        default:
            node = tree(&rng, depth: depth)
        }
    }
}

/// Equality up to the order of mapping keys, which a JSON Patch does not
/// carry (JSON objects have none); scalars must match exactly, integer and
/// number apart, sequences item by item.
func isEquivalent(_ x: Node, _ y: Node) -> Bool {
    switch (x.content, y.content) {
    case (.mapping(let a), .mapping(let b)):
        guard a.count == b.count else { return false }
        return a.allSatisfy { key, value in b[key].map { isEquivalent(value, $0) } ?? false }
    case (.sequence(let a), .sequence(let b)):
        return a.count == b.count && zip(a, b).allSatisfy { isEquivalent($0, $1) }
    default:
        return x == y
    }
}
