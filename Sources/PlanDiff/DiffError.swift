import PlanDocument

/// Why edits or a patch could not be applied to a document.
public enum DiffError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The pointer names a place that does not exist in the document.
    case pathNotFound(JSONPointer)
    /// The pointer goes through a scalar, which has no members.
    case notAContainer(JSONPointer)
    /// A sequence index is not a number, or is past the end.
    case invalidIndex(JSONPointer)
    /// `add` targets a mapping key that already exists.
    case alreadyExists(JSONPointer)
    /// The document does not hold the value the edit expects to change: the
    /// edits were made against another version of the document.
    case valueMismatch(JSONPointer, expected: Node, found: Node)
    /// A JSON Patch `test` operation failed.
    case testFailed(JSONPointer)
    /// A `move` would put a value inside itself.
    case moveIntoItself(from: JSONPointer, to: JSONPointer)
    /// A JSON Patch document is malformed.
    case malformedPatch(String)

    public var description: String {
        switch self {
        case .pathNotFound(let p):
            return "nothing at \(p.isRoot ? "the document root" : p.description); the edits were made against another version of the document"
        case .notAContainer(let p):
            return "\(p) goes through a scalar value, which has no members; check the path"
        case .invalidIndex(let p):
            return "\(p) does not name an item of its sequence (index not a number, or past the end)"
        case .alreadyExists(let p):
            return "\(p) already exists; an add may not overwrite it (use replace)"
        case .valueMismatch(let p, let expected, let found):
            return "\(p) holds \(JSONWriter.write(found)) where the edit expects \(JSONWriter.write(expected)); recompute the diff against this version"
        case .testFailed(let p):
            return "test failed at \(p): the document does not hold the expected value"
        case .moveIntoItself(let from, let to):
            return "cannot move \(from) into its own descendant \(to)"
        case .malformedPatch(let message):
            return "malformed JSON Patch: \(message)"
        }
    }
}
