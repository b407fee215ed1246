// The merge's working result: a document tree whose conflicting places hold
// every side's alternative, so any resolution can be written out later.
import OrderedCollections
import PlanDocument

/// A merged value, possibly with undecided places.
indirect enum MergedTree: Sendable, Equatable {
    /// A settled value.
    case node(Node)
    /// A mapping whose entries may be undecided; an entry whose choice yields
    /// nothing is absent.
    case mapping([Entry])
    /// A sequence whose elements may be undecided regions of any length.
    case sequence([MergedTree])
    /// An undecided place: the elements each version puts here (zero or one
    /// for a mapping value or the document itself, any number in a sequence).
    case choice(Choice)

    struct Entry: Sendable, Equatable {
        var key: String
        var value: MergedTree
    }

    struct Choice: Sendable, Equatable {
        /// Index of the conflict in ``MergeResult/conflicts``.
        var conflict: Int
        var ours: [MergedTree]
        var base: [MergedTree]
        var theirs: [MergedTree]

        func alternative(_ side: MergeSide) -> [MergedTree] {
            switch side {
            case .ours: ours
            case .base: base
            case .theirs: theirs
            }
        }
    }

    /// Ours and theirs exchanged at every choice.
    func swapped() -> MergedTree {
        switch self {
        case .node: self
        case .mapping(let entries): .mapping(entries.map { Entry(key: $0.key, value: $0.value.swapped()) })
        case .sequence(let items): .sequence(items.map { $0.swapped() })
        case .choice(let c):
            .choice(Choice(conflict: c.conflict, ours: c.theirs.map { $0.swapped() }, base: c.base.map { $0.swapped() },
                           theirs: c.ours.map { $0.swapped() }))
        }
    }

    /// True when no choice is left anywhere below.
    var isSettled: Bool {
        switch self {
        case .node: true
        case .mapping(let entries): entries.allSatisfy { $0.value.isSettled }
        case .sequence(let items): items.allSatisfy(\.isSettled)
        case .choice: false
        }
    }
}

/// Writes a ``MergedTree`` out as a document, taking one side at each choice.
struct Materializer {
    /// The side taken at each conflict; conflicts not listed take `fallback`.
    var choices: [Int: MergeSide]
    var fallback: MergeSide
    /// Where each conflict landed in the written document.
    private(set) var pointers: [Int: JSONPointer] = [:]

    init(choices: [Int: MergeSide] = [:], fallback: MergeSide) {
        self.choices = choices
        self.fallback = fallback
    }

    mutating func document(_ tree: MergedTree) -> Node {
        materialize(tree, pointer: { _ in .root }, offset: 0).first ?? .null
    }

    private mutating func materialize(_ tree: MergedTree, pointer: (Int) -> JSONPointer, offset: Int) -> [Node] {
        switch tree {
        case .node(let node):
            return [node]
        case .mapping(let entries):
            var mapping = OrderedDictionary<String, Node>(minimumCapacity: entries.count)
            let here = pointer(offset)
            for entry in entries {
                let key = entry.key
                if let value = materialize(entry.value, pointer: { _ in here.appending(key) }, offset: 0).first {
                    mapping[key] = value
                }
            }
            return [Node(.mapping(mapping))]
        case .sequence(let items):
            var out: [Node] = []
            out.reserveCapacity(items.count)
            let here = pointer(offset)
            for item in items {
                out += materialize(item, pointer: { here.appending($0) }, offset: out.count)
            }
            return [Node(.sequence(out))]
        case .choice(let choice):
            let side = choices[choice.conflict] ?? fallback
            let alternative = choice.alternative(side)
            if !alternative.isEmpty || pointers[choice.conflict] == nil {
                pointers[choice.conflict] = pointer(offset)
            }
            var out: [Node] = []
            for item in alternative {
                out += materialize(item, pointer: pointer, offset: offset + out.count)
            }
            return out
        }
    }
}
