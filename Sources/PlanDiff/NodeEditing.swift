// Pointer-addressed mutation of a document tree, shared by the edit applier
// and the JSON Patch applier. Payloads are taken out of their parent before
// mutation, so copy-on-write storage stays uniquely referenced and an edit
// deep in a large document costs its depth, not the document's size.
import OrderedCollections
import PlanDocument

extension Node {
    /// Runs `body` on the node at `pointer`.
    mutating func modify<R>(
        at pointer: JSONPointer, _ body: (inout Node) throws(DiffError) -> R
    ) throws(DiffError) -> R {
        try modify(tokens: pointer.tokens[...], full: pointer, body)
    }

    private mutating func modify<R>(
        tokens: ArraySlice<String>, full: JSONPointer, _ body: (inout Node) throws(DiffError) -> R
    ) throws(DiffError) -> R {
        guard let token = tokens.first else { return try body(&self) }
        let rest = tokens.dropFirst()
        switch content {
        case .mapping(var m):
            guard let index = m.index(forKey: token) else { throw .pathNotFound(full) }
            content = .null
            defer { content = .mapping(m) }
            return try m.values[index].modify(tokens: rest, full: full, body)
        case .sequence(var s):
            guard let index = Int(token), token == String(index), s.indices.contains(index) else {
                throw .invalidIndex(full)
            }
            content = .null
            defer { content = .sequence(s) }
            return try s[index].modify(tokens: rest, full: full, body)
        default:
            throw .notAContainer(full)
        }
    }

    /// Inserts `value` at `pointer`: a new key of a mapping (or, when
    /// `overwrite`, a replaced one), or an item of a sequence at an index or
    /// at `-` (the end).
    ///
    /// A new mapping key goes at `keyIndex` among the mapping's keys when
    /// given (clamped to the end), else at the end.
    mutating func insert(_ value: Node, at pointer: JSONPointer, overwrite: Bool, keyIndex: Int? = nil) throws(DiffError) {
        guard let parent = pointer.parent, let token = pointer.tokens.last else {
            self = value
            return
        }
        try modify(at: parent) { (container: inout Node) throws(DiffError) in
            switch container.content {
            case .mapping(var m):
                guard overwrite || m[token] == nil else { throw .alreadyExists(pointer) }
                container.content = .null
                if let keyIndex, m[token] == nil {
                    m.updateValue(value, forKey: token, insertingAt: min(max(keyIndex, 0), m.count))
                } else {
                    m[token] = value
                }
                container.content = .mapping(m)
            case .sequence(var s):
                let index: Int
                if token == "-" {
                    index = s.count
                } else {
                    guard let i = Int(token), token == String(i), i >= 0, i <= s.count else {
                        throw .invalidIndex(pointer)
                    }
                    index = i
                }
                container.content = .null
                s.insert(value, at: index)
                container.content = .sequence(s)
            default:
                throw .notAContainer(pointer)
            }
        }
    }

    /// Removes and returns the node at `pointer`.
    @discardableResult
    mutating func remove(at pointer: JSONPointer) throws(DiffError) -> Node {
        guard let parent = pointer.parent, let token = pointer.tokens.last else {
            throw .pathNotFound(pointer)  // the root cannot be removed
        }
        return try modify(at: parent) { (container: inout Node) throws(DiffError) -> Node in
            switch container.content {
            case .mapping(var m):
                guard m[token] != nil else { throw .pathNotFound(pointer) }
                container.content = .null
                let removed = m.removeValue(forKey: token)!
                container.content = .mapping(m)
                return removed
            case .sequence(var s):
                guard let i = Int(token), token == String(i), s.indices.contains(i) else {
                    throw .invalidIndex(pointer)
                }
                container.content = .null
                let removed = s.remove(at: i)
                container.content = .sequence(s)
                return removed
            default:
                throw .notAContainer(pointer)
            }
        }
    }

    /// The node at `pointer`, or an error that says why there is none.
    func value(at pointer: JSONPointer) throws(DiffError) -> Node {
        guard let node = node(at: pointer) else { throw .pathNotFound(pointer) }
        return node
    }
}
