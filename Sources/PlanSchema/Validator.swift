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
    let table: SchemaTable
    let root: Int
    /// Tables for the other threads of a parallel `items` check.
    let replicas: TableReplicas
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
        self.table = Self.table(of: compiler)
        self.root = root
        let layout = TableLayout(compiler)
        self.replicas = TableReplicas { [registry, options] in
            // Compiling is deterministic, so the copy numbers its schemas as
            // the original does; checked schema by schema, and refused (the
            // check then shares the original table) if it ever did not.
            var again = Compiler(registry: registry.unsharedCopy(), options: options)
            guard let sameRoot = try? again.compileRoot(schema.unsharedCopy(), uri: uri),
                sameRoot == root, TableLayout(again) == layout
            else { return nil }
            return Self.table(of: again)
        }
        self.options = options
        self.baseURI = uri
    }

    /// What the indices of a compiled table stand for: the location of every
    /// schema, and the resources with their dynamic anchors, by index.
    private struct TableLayout: Equatable, Sendable {
        var schemaLocations: [String]
        var resources: [String]
        var dynamicAnchors: [[String: Int]]

        init(_ compiler: Compiler) {
            schemaLocations = compiler.schemas.map(\.absoluteLocation)
            resources = compiler.resources.map(\.uri)
            dynamicAnchors = compiler.resources.map(\.dynamicAnchors)
        }
    }

    private static func table(of compiler: Compiler) -> SchemaTable {
        SchemaTable(
            nodes: compiler.schemas.map(SchemaNode.init), resources: compiler.resources,
            shortcuts: shortcuts(for: compiler.schemas))
    }

    /// Validates one instance.
    /// - Complexity: proportional to the instance size times the schema's
    ///   branching (`anyOf`, `oneOf`, `contains` revisit values).
    public func validate(_ instance: Node) -> ValidationResult {
        run(instance, options: options).result
    }

    /// Whether `instance` is valid, stopping at the first failure.
    public func isValid(_ instance: Node) -> Bool {
        var quick = options
        quick.collectsErrors = false
        return run(instance, options: quick).result.isValid
    }

    /// Validates, and counts the path tokens written into error locations
    /// (``Evaluator/locationTokens``).
    func run(_ instance: Node, options: ValidationOptions) -> (result: ValidationResult, locationTokens: Int) {
        var evaluator = Evaluator(table: table, replicas: replicas, options: options)
        evaluator.stackGuard = StackGuard()
        var none: Annotations? = nil
        let valid = evaluator.evaluate(root, instance, &none)
        if evaluator.needsLargeStack {
            let outcome = Outcome()
            let (table, root, replicas) = (self.table, self.root, self.replicas)
            let ran = LargeStack.run {
                var deep = Evaluator(table: table, replicas: replicas, options: options)
                // The large stack is guarded too, where its end is known: a
                // build whose frames outgrow it before the maximum depth
                // (AddressSanitizer's do) gets an error, never a crash.
                if LargeStack.stackBase() != nil { deep.stackGuard = StackGuard() }
                deep.isOnLargeStack = true
                var none: Annotations? = nil
                outcome.isValid = deep.evaluate(root, instance, &none)
                if deep.needsLargeStack {
                    outcome.isValid = false
                    outcome.errors = [Self.largeStackExhausted(levels: deep.inlineDepth, instance: instance)]
                    return
                }
                outcome.errors = deep.undecided.map { [$0] } ?? deep.validationErrors()
                if deep.undecided != nil { outcome.isValid = false }
                outcome.locationTokens = deep.locationTokens
            }
            guard ran else { return (Self.noLargeStack(inlineLimit: evaluator.inlineDepth, instance: instance), 0) }
            return (ValidationResult(isValid: outcome.isValid, errors: outcome.isValid ? [] : outcome.errors), outcome.locationTokens)
        }
        // A pattern that could not be decided voids the verdict, whatever it was.
        if let undecided = evaluator.undecided {
            return (ValidationResult(isValid: false, errors: [undecided]), evaluator.locationTokens)
        }
        return (ValidationResult(isValid: valid, errors: valid ? [] : evaluator.validationErrors()), evaluator.locationTokens)
    }

    /// The verdict when evaluation goes deeper than the caller's stack allows
    /// and no thread with a large stack can be made: a failure that says so,
    /// never a crash on the caller's stack.
    private static func noLargeStack(inlineLimit: Int, instance: Node) -> ValidationResult {
        let message = "validation nests deeper than \(inlineLimit) levels, which needs a thread with a "
            + "\(LargeStack.size >> 30) GiB stack, and the system refused to make one (a memory limit such as "
            + "`ulimit -v`?); raise the limit, or check a shallower instance"
        let error = ValidationError(
            instanceLocation: .root, keywordLocation: .root, absoluteKeywordLocation: "",
            keyword: "depth", message: message, position: instance.position)
        return ValidationResult(isValid: false, errors: [error])
    }

    /// The verdict when evaluation outgrows even the large stack before the
    /// maximum depth: a failure that says so, like the maximum depth's own.
    private static func largeStackExhausted(levels: Int, instance: Node) -> ValidationError {
        let message = "validation nests deeper than \(levels) levels, all that a \(LargeStack.size >> 30) GiB stack "
            + "holds in this build; the instance is too deep or a `$ref` cycle never reaches a keyword that consumes the instance"
        return ValidationError(
            instanceLocation: .root, keywordLocation: .root, absoluteKeywordLocation: "",
            keyword: "depth", message: message, position: instance.position)
    }

    /// Follows chains of schemas that hold a single `$ref` and nothing else,
    /// within one resource (so the dynamic scope is the same either way).
    static func shortcuts(for schemas: [CompiledSchema]) -> [Int] {
        var result = Array(schemas.indices)
        for start in schemas.indices {
            var current = start
            var hops = 0
            while hops < 16, schemas[current].keywords.count == 1, !schemas[current].needsAnnotations,
                case .ref(let target) = schemas[current].keywords[0].check,
                schemas[target].resource == schemas[start].resource
            {
                current = target
                hops += 1
            }
            result[start] = current
        }
        return result
    }

    /// Carries a result back from the large-stack thread, which the caller
    /// joins before reading it.
    private final class Outcome: @unchecked Sendable {
        var isValid = false
        var errors: [ValidationError] = []
        var locationTokens = 0
    }
}
