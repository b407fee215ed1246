import PlanDocument

/// A schema compiled once, ready to validate any number of instances.
///
/// Compilation resolves every `$ref` (in the schema, or in the registry) and
/// checks keyword shapes, so a bad schema fails here with a ``SchemaError``
/// rather than halfway through validating. The validator is an immutable
/// value: share it across tasks freely.
///
/// ```swift
/// let validator = try Validator(schema: schema, registry: SchemaRegistry())
/// let result = validator.validate(plan)
/// for error in result.errors { print(error.position, error.message) }
/// ```
public struct Validator: Sendable {
    let schemas: [CompiledSchema]
    let resources: [CompiledResource]
    let root: Int
    public let options: ValidationOptions
    /// The absolute URI the schema was compiled under.
    public let baseURI: String

    /// The base URI given to a schema without `$id` when none is passed.
    public static let defaultBaseURI = "urn:planbench:schema"

    /// Compiles `schema`.
    /// - Parameters:
    ///   - registry: schemas that `$ref` may name by URI; meta-schemas are preloaded.
    ///   - baseURI: the URI the schema is known by when it has no `$id` (its file URI, say).
    /// - Throws: ``SchemaError`` naming the keyword and its location.
    public init(
        schema: Node, registry: SchemaRegistry = SchemaRegistry(), options: ValidationOptions = .init(),
        baseURI: String? = nil
    ) throws {
        var options = options
        if let declared = schema["$schema"]?.string, let draft = Draft(metaSchemaURI: declared) {
            options.draft = draft
        }
        let uri = SchemaRegistry.normalized(baseURI ?? Self.defaultBaseURI)
        var compiler = Compiler(registry: registry, options: options)
        let root = try compiler.compileRoot(schema, uri: uri)
        self.schemas = compiler.schemas
        self.resources = compiler.resources
        self.root = root
        self.options = options
        self.baseURI = uri
    }

    /// Validates one instance.
    /// - Complexity: proportional to the instance size times the schema's
    ///   branching (`anyOf`, `oneOf`, `contains` revisit values).
    public func validate(_ instance: Node) -> ValidationResult {
        var evaluator = Evaluator(schemas: schemas, resources: resources, options: options)
        var none: Annotations? = nil
        let valid = evaluator.evaluate(root, instance, &none)
        return ValidationResult(isValid: valid, errors: valid ? [] : evaluator.errors)
    }

    /// Whether `instance` is valid, stopping at the first failure.
    public func isValid(_ instance: Node) -> Bool {
        var quick = options
        quick.collectsErrors = false
        var evaluator = Evaluator(schemas: schemas, resources: resources, options: quick)
        var none: Annotations? = nil
        return evaluator.evaluate(root, instance, &none)
    }
}
