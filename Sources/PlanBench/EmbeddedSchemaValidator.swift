import PlanDocument
import PlanSchema

/// Validates workspace documents against the schemas embedded in planbench
/// (`Schemas/<kind>.schema.json`), compiled once per process.
///
/// Formats are asserted: a `lastReviewed` of `2026-13-45` is an error, not
/// an annotation.
public struct EmbeddedSchemaValidator: SchemaValidating {
    let validators: [DocumentKind: Validator]

    /// Compiled on first use; `nil` if an embedded schema does not compile,
    /// which a test guards against.
    public static let shared: EmbeddedSchemaValidator? = try? EmbeddedSchemaValidator(schemas: EmbeddedResources.schemas)

    /// Compiles every kind's schema from `schemas` (file name -> JSON text),
    /// registering all of them so they may `$ref` each other by `$id`.
    public init(schemas: [String: String]) throws {
        var registry = SchemaRegistry()
        var parsed: [String: Node] = [:]
        for (name, text) in schemas {
            let node = try JSONReader().read(text)
            parsed[name] = node
            if let id = node["$id"]?.string { registry.register(node, uri: id) }
        }
        var validators: [DocumentKind: Validator] = [:]
        for kind in DocumentKind.allCases {
            guard let schema = parsed[kind.schemaFileName] else { continue }
            validators[kind] = try Validator(
                schema: schema, registry: registry, options: ValidationOptions(formatAssertion: true),
                baseURI: schema["$id"]?.string ?? "urn:planbench:\(kind.rawValue)")
        }
        self.validators = validators
    }

    public func validate(_ document: Node, kind: DocumentKind) -> [SchemaProblem] {
        guard let validator = validators[kind] else { return [] }
        let result = validator.validate(document)
        guard !result.isValid else { return [] }
        var seen = Set<String>()
        return result.errors.compactMap { error in
            // anyOf/oneOf report the same location more than once; keep the first.
            let key = "\(error.instanceLocation)\u{1F}\(error.message)"
            guard seen.insert(key).inserted else { return nil }
            let at = error.instanceLocation.isRoot ? "" : "\(error.instanceLocation): "
            return SchemaProblem(pointer: error.instanceLocation, position: error.position, message: at + error.message)
        }
    }
}
