// How items of a sequence are recognised across versions.
import PlanDocument

enum ItemIdentity {
    /// The keys that name an item, in order of preference: plans give
    /// sections and tasks an `id`, roles an `actor`, owners a `name`.
    static let candidateKeys = ["id", "actor", "name"]

    /// The key that names every item of all the given sequences uniquely, or
    /// `nil` when the sequences must be merged as anonymous lists.
    static func key(for sequences: [[Node]]) -> String? {
        index(sequences)?.key
    }

    /// Each sequence's item names in order and items by name, under the
    /// first candidate key that names every item uniquely; `nil` when none does.
    static func index(_ sequences: [[Node]]) -> (key: String, names: [[String]], items: [[String: Node]])? {
        guard sequences.contains(where: { !$0.isEmpty }) else { return nil }
        candidates: for key in candidateKeys {
            var allNames: [[String]] = []
            var allItems: [[String: Node]] = []
            for sequence in sequences {
                var names: [String] = []
                var items: [String: Node] = [:]
                names.reserveCapacity(sequence.count)
                items.reserveCapacity(sequence.count)
                for item in sequence {
                    guard let value = item[key], let name = name(of: value), items.updateValue(item, forKey: name) == nil else {
                        continue candidates
                    }
                    names.append(name)
                }
                allNames.append(names)
                allItems.append(items)
            }
            return (key, allNames, allItems)
        }
        return nil
    }

    /// The text of a scalar used as a name.
    static func name(of value: Node) -> String? {
        switch value.content {
        case .string(let s): s
        case .integer(let i): String(i)
        default: nil
        }
    }
}

enum Similarity {
    /// Whether two versions of an anonymous list element are close enough to
    /// be the same element edited, so that they merge recursively instead of
    /// conflicting as a whole.
    static func isSimilar(_ a: Node, _ b: Node) -> Bool {
        switch (a.content, b.content) {
        case (.mapping(let x), .mapping(let y)):
            guard !x.isEmpty || !y.isEmpty else { return true }
            var same = 0
            for (key, value) in x where y[key] == value { same += 1 }
            return same * 2 >= max(x.count, y.count)
        case (.string(let x), .string(let y)):
            let xs = Set(TextTokens.words(x[...]).filter { !$0.allSatisfy(\.isWhitespace) })
            let ys = Set(TextTokens.words(y[...]).filter { !$0.allSatisfy(\.isWhitespace) })
            let union = xs.union(ys).count
            return union > 0 && xs.intersection(ys).count * 2 >= union
        case (.sequence(let x), .sequence(let y)):
            let xs = Set(x)
            let ys = Set(y)
            let union = xs.union(ys).count
            return union == 0 || xs.intersection(ys).count * 2 >= union
        default:
            return false
        }
    }
}
