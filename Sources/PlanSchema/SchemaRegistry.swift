import PlanDocument

/// JSON Schema drafts this validator implements.
public enum Draft: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case draft2020_12 = "2020-12"
    case draft7 = "7"

    /// The meta-schema URI that names this draft in `$schema`.
    public var metaSchemaURI: String {
        switch self {
        case .draft2020_12: "https://json-schema.org/draft/2020-12/schema"
        case .draft7: "http://json-schema.org/draft-07/schema"
        }
    }

    public var description: String { self == .draft7 ? "draft-07" : "draft 2020-12" }

    /// The draft a `$schema` value names, if it is one of ours.
    init?(metaSchemaURI uri: String) {
        var uri = uri
        if uri.hasSuffix("#") { uri.removeLast() }
        switch uri {
        case "https://json-schema.org/draft/2020-12/schema", "https://json-schema.org/draft/2019-09/schema":
            self = .draft2020_12
        case "http://json-schema.org/draft-07/schema", "http://json-schema.org/draft-06/schema",
            "http://json-schema.org/draft-04/schema":
            self = .draft7
        default:
            return nil
        }
    }
}

/// Schemas known by URI, for `$ref`s that leave the schema being compiled.
///
/// A new registry already holds the draft 2020-12 meta-schema with its
/// vocabulary meta-schemas, and the draft-07 meta-schema, all bundled in the
/// binary: nothing is ever fetched from the network.
///
/// ```swift
/// var registry = SchemaRegistry()
/// registry.register(try JSONReader().read(text), uri: "http://localhost:1234/integer.json")
/// ```
public struct SchemaRegistry: Sendable {
    /// Documents by absolute URI without fragment.
    private(set) var documents: [String: Node]

    public init() {
        documents = Self.bundled
    }

    /// Makes `schema` resolvable as `uri` (an absolute URI; a trailing empty
    /// fragment `#` is ignored). A later registration of the same URI wins.
    public mutating func register(_ schema: Node, uri: String) {
        documents[Self.normalized(uri)] = schema
    }

    /// The schema registered under `uri`, if any.
    public func schema(for uri: String) -> Node? {
        documents[Self.normalized(uri)]
    }

    /// Every registered URI, meta-schemas included.
    public var uris: [String] { documents.keys.sorted() }

    /// The same registry with every document copied (see ``Node/unsharedCopy()``).
    func unsharedCopy() -> SchemaRegistry {
        var copy = self
        copy.documents = documents.mapValues { $0.unsharedCopy() }
        return copy
    }

    static func normalized(_ uri: String) -> String {
        uri.hasSuffix("#") ? String(uri.dropLast()) : uri
    }

    private static let bundled: [String: Node] = {
        var documents: [String: Node] = [:]
        for (uri, json) in BundledMetaSchemas.texts {
            // The texts are generated from the official meta-schemas and read
            // in tests; a failure here is a build defect, not a user error.
            guard let node = try? JSONReader().read(json) else {
                preconditionFailure("bundled meta-schema \(uri) is not valid JSON")
            }
            documents[uri] = node
        }
        return documents
    }()
}
