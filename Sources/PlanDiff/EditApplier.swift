// Applying a diff: the inverse check of the diff engine, and the way a
// reviewed change set is replayed onto a document.
import PlanDocument

extension StructuralDiff {
    /// Applies `edits` in order to `document`.
    ///
    /// Every edit checks that the document holds what the edit expects
    /// (the old value of a remove or replace, the old text of a text change),
    /// so edits computed against another version fail loudly instead of
    /// corrupting the document.
    ///
    /// - Throws: ``DiffError`` naming the pointer that did not fit.
    public static func apply(_ edits: [Edit], to document: Node) throws -> Node {
        var result = document
        for edit in edits {
            try apply(edit, to: &result)
        }
        return result
    }

    static func apply(_ edit: Edit, to document: inout Node) throws(DiffError) {
        switch edit.kind {
        case .add:
            guard let value = edit.newValue else { throw .malformedPatch("add at \(edit.pointer) has no value") }
            try document.insert(value, at: edit.pointer, overwrite: false, keyIndex: edit.keyIndex)
        case .remove:
            let removed = try document.value(at: edit.pointer)
            if let expected = edit.oldValue, expected != removed {
                throw .valueMismatch(edit.pointer, expected: expected, found: removed)
            }
            try document.remove(at: edit.pointer)
        case .replace, .text:
            guard let value = edit.newValue else { throw .malformedPatch("replace at \(edit.pointer) has no value") }
            let expected: Node? = edit.kind == .text
                ? (edit.segments.isEmpty ? edit.oldValue : Node(.string(TextSegment.oldText(of: edit.segments))))
                : edit.oldValue
            try document.modify(at: edit.pointer) { (node: inout Node) throws(DiffError) in
                if let expected, expected != node {
                    throw .valueMismatch(edit.pointer, expected: expected, found: node)
                }
                node = value
            }
        case .move:
            guard let from = edit.from else { throw .malformedPatch("move to \(edit.pointer) has no source") }
            if edit.isKeyReorder, let index = edit.keyIndex {
                let value = try document.remove(at: from)
                try document.insert(value, at: edit.pointer, overwrite: false, keyIndex: index)
            } else {
                try document.move(from: from, to: edit.pointer)
            }
        }
    }
}

extension Node {
    /// RFC 6902 move: remove at `from`, then add at `to` (evaluated after the removal).
    mutating func move(from: JSONPointer, to: JSONPointer) throws(DiffError) {
        if from == to { _ = try value(at: from); return }
        if to.tokens.count > from.tokens.count, Array(to.tokens.prefix(from.tokens.count)) == from.tokens {
            throw .moveIntoItself(from: from, to: to)
        }
        let value = try remove(at: from)
        try insert(value, at: to, overwrite: true)
    }
}
