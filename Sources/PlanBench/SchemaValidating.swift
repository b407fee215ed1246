import PlanDocument

/// Validates a document against its kind's JSON Schema. The workspace layer
/// depends on this protocol, not on the validator, so checks can run with
/// any schema set (the embedded one by default).
public protocol SchemaValidating: Sendable {
    /// Problems found, each at the node it concerns.
    func validate(_ document: Node, kind: DocumentKind) -> [SchemaProblem]
}

/// One schema violation.
public struct SchemaProblem: Sendable, Hashable {
    public var pointer: JSONPointer
    public var position: SourcePosition
    public var message: String

    public init(pointer: JSONPointer, position: SourcePosition, message: String) {
        self.pointer = pointer
        self.position = position
        self.message = message
    }
}
