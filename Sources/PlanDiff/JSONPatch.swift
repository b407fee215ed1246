// RFC 6902 JSON Patch: the portable form of a diff, for tools that do not
// know planbench. Built from edits one operation per edit, so a moved
// section is one `move`, not a remove and an add of its whole content.
import PlanDocument

/// An RFC 6902 JSON Patch document.
///
/// ```swift
/// let patch = JSONPatch(edits: StructuralDiff.diff(a, b))
/// print(JSONWriter.write(patch.node, pretty: true))
/// try patch.apply(to: a)   // b
/// ```
public struct JSONPatch: Sendable, Equatable {
    /// One RFC 6902 operation.
    public enum Operation: Sendable, Equatable {
        case add(path: JSONPointer, value: Node)
        case remove(path: JSONPointer)
        case replace(path: JSONPointer, value: Node)
        case move(from: JSONPointer, path: JSONPointer)
        case copy(from: JSONPointer, path: JSONPointer)
        case test(path: JSONPointer, value: Node)

        /// The `op` member's value.
        public var name: String {
            switch self {
            case .add: "add"
            case .remove: "remove"
            case .replace: "replace"
            case .move: "move"
            case .copy: "copy"
            case .test: "test"
            }
        }
    }

    public var operations: [Operation]

    public init(operations: [Operation]) {
        self.operations = operations
    }

    /// The patch that performs `edits`: one operation per edit; a text change
    /// becomes a `replace` of the whole string. Mapping keys that only change
    /// place are left out: JSON objects have no order.
    public init(edits: [Edit]) {
        operations = edits.filter { !$0.isKeyReorder }.map { edit in
            switch edit.kind {
            case .add: .add(path: edit.pointer, value: edit.newValue ?? .null)
            case .remove: .remove(path: edit.pointer)
            case .replace, .text: .replace(path: edit.pointer, value: edit.newValue ?? .null)
            case .move: .move(from: edit.from ?? edit.pointer, path: edit.pointer)
            }
        }
    }

    /// The patch as a JSON array of operation objects.
    public var node: Node {
        Node(.sequence(operations.map { operation in
            var members: [(String, Node)] = [("op", Node(.string(operation.name)))]
            switch operation {
            case .add(let path, let value), .replace(let path, let value), .test(let path, let value):
                members.append(("path", Node(.string(path.description))))
                members.append(("value", value))
            case .remove(let path):
                members.append(("path", Node(.string(path.description))))
            case .move(let from, let path), .copy(let from, let path):
                members.append(("from", Node(.string(from.description))))
                members.append(("path", Node(.string(path.description))))
            }
            return Node(.mapping(.init(uniqueKeysWithValues: members)))
        }))
    }

    /// Reads a patch from its JSON form (already parsed into a tree).
    /// - Throws: ``DiffError/malformedPatch(_:)`` naming the bad operation.
    public init(node: Node) throws {
        guard let items = node.sequence else { throw DiffError.malformedPatch("a patch is an array of operations") }
        operations = try items.enumerated().map { (index, item) throws(DiffError) -> Operation in
            func pointer(_ member: String) throws(DiffError) -> JSONPointer {
                guard let text = item[member]?.string, text.isEmpty || text.hasPrefix("/") else {
                    throw .malformedPatch("operation \(index) needs a JSON Pointer in \"\(member)\"")
                }
                return JSONPointer(text)
            }
            func value() throws(DiffError) -> Node {
                guard let v = item["value"] else { throw .malformedPatch("operation \(index) needs a \"value\"") }
                return v
            }
            switch item["op"]?.string {
            case "add": return .add(path: try pointer("path"), value: try value())
            case "remove": return .remove(path: try pointer("path"))
            case "replace": return .replace(path: try pointer("path"), value: try value())
            case "move": return .move(from: try pointer("from"), path: try pointer("path"))
            case "copy": return .copy(from: try pointer("from"), path: try pointer("path"))
            case "test": return .test(path: try pointer("path"), value: try value())
            case let other:
                throw .malformedPatch("operation \(index) has op \(other.map { "\"\($0)\"" } ?? "missing"); use add, remove, replace, move, copy or test")
            }
        }
    }

    /// Applies the patch with RFC 6902 semantics: operations in order, the
    /// whole patch failing if one does.
    public func apply(to document: Node) throws -> Node {
        var result = document
        for operation in operations {
            switch operation {
            case .add(let path, let value):
                try result.insert(value, at: path, overwrite: true)
            case .remove(let path):
                try result.remove(at: path)
            case .replace(let path, let value):
                try result.modify(at: path) { (node: inout Node) throws(DiffError) in node = value }
            case .move(let from, let path):
                try result.move(from: from, to: path)
            case .copy(let from, let path):
                try result.insert(try result.value(at: from), at: path, overwrite: true)
            case .test(let path, let value):
                guard try result.value(at: path).isJSONEqual(to: value) else { throw DiffError.testFailed(path) }
            }
        }
        return result
    }
}
