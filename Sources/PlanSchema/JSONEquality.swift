import PlanDocument

extension Node {
    /// JSON Schema's equality for `const`, `enum` and `uniqueItems`.
    ///
    /// Like ``Node/isJSONEqual(to:)`` (`1 == 1.0`, key order ignored) but
    /// strings compare code point by code point: Swift's `String ==` treats
    /// canonically equivalent strings ("é" and "e" + combining acute) as
    /// equal, which JSON Schema does not.
    func isSchemaEqual(to other: Node) -> Bool {
        switch (content, other.content) {
        case (.string(let a), .string(let b)):
            guard a.utf8.count == b.utf8.count else { return false }
            let direct = a.utf8.withContiguousStorageIfAvailable { pa in
                b.utf8.withContiguousStorageIfAvailable { pb in pa.elementsEqual(pb) }
            }
            if let direct, let equal = direct { return equal }
            return a.utf8.elementsEqual(b.utf8)
        case (.integer(let a), .integer(let b)):
            return a == b
        case (.integer, .number), (.number, .integer), (.number, .number):
            return number == other.number
        case (.sequence(let a), .sequence(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.isSchemaEqual(to: $1) }
        case (.mapping(let a), .mapping(let b)):
            guard a.count == b.count else { return false }
            for (key, value) in a {
                guard let index = b.index(forKey: key), b.keys[index].utf8.elementsEqual(key.utf8),
                    value.isSchemaEqual(to: b.values[index])
                else { return false }
            }
            return true
        case (.null, .null):
            return true
        case (.bool(let a), .bool(let b)):
            return a == b
        default:
            return false
        }
    }
}
