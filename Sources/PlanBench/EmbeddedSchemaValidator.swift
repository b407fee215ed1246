import PlanDocument
import PlanSchema

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
    private let compiled = Locked<[DocumentKind: Validator]>([:])

    /// The validator for the schemas compiled into planbench, or why they cannot
    /// be used. A failure is never read as "no schemas": every check throws it
    /// (see ``DocumentChecker/standard(schemas:)``), so nothing is saved unchecked.
    public static let shared: Result<EmbeddedSchemaValidator, PlanBenchError> = load(EmbeddedResources.schemas)

    /// Reads `texts` (file name -> JSON text) as ``init(schemas:)`` does, as a result.
    static func load(_ texts: [String: String]) -> Result<EmbeddedSchemaValidator, PlanBenchError> {
        Result { try EmbeddedSchemaValidator(schemas: texts) }
            .mapError { $0 as? PlanBenchError ?? .schemasUnavailable("\($0)") }
    }

    /// Reads every kind's schema from `schemas` (file name -> JSON text),
    /// registering all of them so they may `$ref` each other by `$id`.
    ///
    /// - Throws: ``PlanBenchError/schemasUnavailable(_:)`` naming the schema that
    ///   is not valid JSON, or a document kind that has no schema.
    public init(schemas texts: [String: String]) throws {
        var registry = SchemaRegistry()
        var schemas: [DocumentKind: Node] = [:]
        for (name, text) in texts.sorted(by: { $0.key < $1.key }) {
            let node: Node
            do {
                node = try JSONReader().read(text)
            } catch {
                throw PlanBenchError.schemasUnavailable("\(name) is not valid JSON (\(error))")
            }
            if let id = node["$id"]?.string { registry.register(node, uri: id) }
            if let kind = DocumentKind.allCases.first(where: { $0.schemaFileName == name }) { schemas[kind] = node }
        }
        if let missing = DocumentKind.allCases.first(where: { schemas[$0] == nil }) {
            throw PlanBenchError.schemasUnavailable("\(missing.schemaFileName) is missing")
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
