/// Why a document could not be read.
public enum DocumentError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The text is not well-formed YAML or JSON.
    case syntax(message: String, position: SourcePosition)
    /// Aliases would copy more nodes into the document than the reader
    /// allows (the "billion laughs" attack); the position is the alias that
    /// went over.
    case aliasExpansionLimit(limit: Int, position: SourcePosition)
    /// The document holds more nodes than the reader allows, aliases expanded.
    case tooManyNodes(limit: Int, position: SourcePosition)
    /// The document nests deeper than the reader allows.
    case nestingTooDeep(limit: Int, position: SourcePosition)
    /// A YAML feature that has no place in a JSON data model (a non-scalar
    /// key, an unknown explicit tag, binary data).
    case unsupported(message: String, position: SourcePosition)
    /// The bytes are not valid UTF-8.
    case invalidUTF8(offset: Int)
    /// The file holds no document at all.
    case empty

    /// Where the problem is; `.unknown` when the reader could not tell.
    public var position: SourcePosition {
        switch self {
        case .syntax(_, let p), .aliasExpansionLimit(_, let p), .tooManyNodes(_, let p), .nestingTooDeep(_, let p),
            .unsupported(_, let p):
            p
        case .invalidUTF8, .empty: .unknown
        }
    }

    /// The message without the position, for `file:line:column: message` lines.
    public var message: String {
        switch self {
        case .syntax(let message, _):
            return message
        case .aliasExpansionLimit(let limit, _):
            return "aliases copy more than \(limit) nodes into the document, the most allowed for its size; refusing to expand them (write the repeated content out, or use fewer nested aliases)"
        case .tooManyNodes(let limit, _):
            return "the document holds more than \(limit) values (mappings, sequences and scalars), the most planbench reads; split it into smaller documents"
        case .nestingTooDeep(let limit, _):
            return "document nests deeper than \(limit) levels"
        case .unsupported(let message, _):
            return message
        case .invalidUTF8(let offset):
            return "invalid UTF-8 at byte \(offset); save the file as UTF-8"
        case .empty:
            return "the file holds no document; write at least a mapping such as `id: ...`"
        }
    }

    public var description: String {
        position.isKnown ? "\(position): \(message)" : message
    }
}
