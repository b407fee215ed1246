import PlanDocument
import PlanSchema
import Synchronization

/// Validates workspace documents against the schemas embedded in planbench
/// (`Schemas/<kind>.schema.json`), compiled once per process.
///
/// Formats are asserted: a `lastReviewed` of `2026-13-45` is an error, not
/// an annotation.
public final class EmbeddedSchemaValidator: SchemaValidating {
    let registry: SchemaRegistry
    let schemas: [DocumentKind: Node]
    /// Compiled validators, made on first use: a save of one plan compiles
    /// only the plan schema (compiling all of them would double its start-up).
    private let compiled = Mutex<[DocumentKind: Validator]>([:])

    /// `nil` if an embedded schema is not valid JSON, which a test guards against.
    public static let shared: EmbeddedSchemaValidator? = try? EmbeddedSchemaValidator(schemas: EmbeddedResources.schemas)

    /// Reads every kind's schema from `schemas` (file name -> JSON text),
    /// registering all of them so they may `$ref` each other by `$id`.
    public init(schemas texts: [String: String]) throws {
        var registry = SchemaRegistry()
        var schemas: [DocumentKind: Node] = [:]
        for (name, text) in texts {
            let node = try JSONReader().read(text)
            if let id = node["$id"]?.string { registry.register(node, uri: id) }
            if let kind = DocumentKind.allCases.first(where: { $0.schemaFileName == name }) { schemas[kind] = node }
        }
        self.registry = registry
        self.schemas = schemas
    }

    /// The compiled validator for a kind; `nil` when the kind has no schema.
    /// - Throws: the compiler's error when the schema itself is broken.
    func validator(for kind: DocumentKind) throws -> Validator? {
        if let cached = compiled.withLock({ $0[kind] }) { return cached }
        guard let schema = schemas[kind] else { return nil }
        let validator = try Validator(
            schema: schema, registry: registry, options: ValidationOptions(formatAssertion: true),
            baseURI: schema["$id"]?.string ?? "urn:planbench:\(kind.rawValue)")
        compiled.withLock { $0[kind] = validator }
        return validator
    }

    public func validate(_ document: Node, kind: DocumentKind) -> [SchemaProblem] {
        let validator: Validator
        do {
            guard let found = try self.validator(for: kind) else { return [] }
            validator = found
        } catch {
            return [SchemaProblem(pointer: .root, position: .unknown, message: "the embedded \(kind.schemaFileName) does not compile: \(error)")]
        }
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
