// Private copies of a validator's compiled schemas for the threads of one
// parallel `items` check.
//
// Walking a schema retains and releases its objects (schema and keyword
// nodes, the boxes of their checks, their arrays) at every visit. Two
// threads walking one table write the same reference counts from two CPUs,
// and the cache lines holding them bounce between the CPUs: on the 20 MB
// benchmark instance each of two threads validated at 60% of the speed of
// one thread alone, so two threads gained little. With a table each, the
// parallel part of that check went from 85-105 ms to 60-80 ms.
import PlanDocument

final class TableReplicas: Sendable {
    private let spare = Locked<[SchemaTable]>([])
    private let compile: @Sendable () -> SchemaTable?

    /// - Parameter compile: builds a table with the same schema indices as the
    ///   validator's own, sharing no objects with it; nil when it cannot.
    init(compile: @escaping @Sendable () -> SchemaTable?) {
        self.compile = compile
    }

    /// A table no other thread is using, compiled on first need; nil when
    /// compiling failed (the caller then shares its own table).
    func borrow() -> SchemaTable? {
        if let table = spare.withLock({ $0.popLast() }) { return table }
        return compile()
    }

    /// Returns a borrowed table for the next parallel check.
    func giveBack(_ table: SchemaTable) {
        spare.withLock { $0.append(table) }
    }
}

extension Node {
    /// The same value with no storage shared with `self`: every string,
    /// array and mapping is built anew, so objects compiled from the copy
    /// share no reference counts with those compiled from the original.
    func unsharedCopy() -> Node {
        switch content {
        case .null, .bool, .integer, .number:
            return self
        case .string(let text):
            return Node(.string(Self.unsharedString(text)), at: position)
        case .sequence(let items):
            return Node(.sequence(items.map { $0.unsharedCopy() }), at: position)
        case .mapping(let members):
            var copy: Node = [:]
            for (key, value) in members { copy[Self.unsharedString(key)] = value.unsharedCopy() }
            copy.position = position
            return copy
        }
    }

    private static func unsharedString(_ text: String) -> String {
        String(decoding: Array(text.utf8), as: UTF8.self)
    }
}
