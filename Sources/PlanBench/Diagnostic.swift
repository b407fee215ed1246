import PlanDocument

/// One problem found in a document, reported as `file:line:column: severity: message`.
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable, Codable {
        /// Blocks a save.
        case error
        /// Reported, but does not block a save; a review acts on it.
        case warning
    }

    /// Workspace-relative path of the document.
    public var file: String
    public var position: SourcePosition
    public var severity: Severity
    public var message: String
    /// The JSON Pointer of the node concerned, when there is one.
    public var pointer: JSONPointer?
    /// A short machine-readable name of the check (`schema`, `syntax`, `unknown-section`, ...).
    public var code: String

    public init(
        file: String, position: SourcePosition, severity: Severity = .error, code: String, message: String,
        pointer: JSONPointer? = nil
    ) {
        self.file = file
        self.position = position
        self.severity = severity
        self.code = code
        self.message = message
        self.pointer = pointer
    }

    public var isError: Bool { severity == .error }

    public var description: String {
        let location = position.isKnown ? "\(file):\(position.line):\(position.column)" : file
        return "\(location): \(severity.rawValue): \(message)"
    }

    /// The diagnostic as a JSON object for `--format json`.
    public var json: Node {
        var node: Node = [
            "file": .init(.string(file)), "line": .init(.integer(position.line)),
            "column": .init(.integer(position.column)), "severity": .init(.string(severity.rawValue)),
            "code": .init(.string(code)), "message": .init(.string(message)),
        ]
        if let pointer { node["pointer"] = .init(.string(pointer.description)) }
        return node
    }
}

extension Diagnostic {
    /// A diagnostic for a document that could not be read at all.
    public init(file: String, documentError: DocumentError) {
        self.init(file: file, position: documentError.position, code: "syntax", message: documentError.message)
    }
}

extension Array where Element == Diagnostic {
    public var hasErrors: Bool { contains { $0.isError } }
    public var errors: [Diagnostic] { filter(\.isError) }
    public var warnings: [Diagnostic] { filter { !$0.isError } }

    /// Sorted by file, then position, so output is stable.
    public var sortedForDisplay: [Diagnostic] {
        sorted {
            ($0.file, $0.position.line, $0.position.column, $0.message)
                < ($1.file, $1.position.line, $1.position.column, $1.message)
        }
    }
}
