import PlanDocument

/// Checks documents: syntax, schema, then the rules a schema cannot express
/// (citations that resolve, unique ids, known actors, role consistency,
/// suspect citations).
///
/// Errors block a save; warnings are reported for the review to act on.
public struct DocumentChecker: Sendable {
    public var schemas: (any SchemaValidating)?

    public init(schemas: (any SchemaValidating)?) {
        self.schemas = schemas
    }

    /// The result of checking one document.
    public struct Result: Sendable {
        public var path: String
        public var document: Node?
        public var kind: DocumentKind?
        public var diagnostics: [Diagnostic]
    }

    /// Checks the document at `path` as it is in `context.source`.
    public func check(path: String, context: CheckContext) -> Result {
        let bytes: [UInt8]
        do {
            guard let read = try context.source.bytes(at: path) else {
                return Result(path: path, document: nil, kind: nil, diagnostics: [])
            }
            bytes = read
        } catch {
            return Result(
                path: path, document: nil, kind: nil,
                diagnostics: [Diagnostic(file: path, position: .unknown, code: "io", message: "\(error)")])
        }
        return check(path: path, bytes: bytes, context: context)
    }

    /// Checks `bytes` as the document at `path`.
    public func check(path: String, bytes: [UInt8], context: CheckContext) -> Result {
        // Files planbench does not manage (.gitattributes, folder keepers) are not checked.
        guard DocumentKind.forPath(path) != nil else {
            return Result(path: path, document: nil, kind: nil, diagnostics: [])
        }
        let document: Node
        do {
            document = try DocumentReading.parse(bytes, path: path)
        } catch {
            return Result(path: path, document: nil, kind: nil, diagnostics: [Diagnostic(file: path, documentError: error)])
        }
        return check(path: path, document: document, context: context)
    }

    /// Checks an already parsed document as the document at `path`.
    public func check(path: String, document: Node, context: CheckContext) -> Result {
        guard let kind = DocumentKind.of(document, at: path) else {
            return Result(path: path, document: document, kind: nil, diagnostics: [])
        }
        var diagnostics: [Diagnostic] = []
        if let schemas {
            for problem in schemas.validate(document, kind: kind) {
                diagnostics.append(
                    Diagnostic(
                        file: path, position: problem.position, code: "schema",
                        message: SchemaMessages.message(for: problem, in: document, kind: kind),
                        pointer: problem.pointer))
            }
        } else if document.mapping == nil {
            diagnostics.append(
                Diagnostic(file: path, position: document.position, code: "schema", message: "expected a mapping at the top level"))
        }
        var rules = DocumentRules(path: path, document: document, context: context)
        switch kind {
        case .plan: rules.checkPlan()
        case .guidelineEdition: rules.checkEdition()
        case .crosswalk: rules.checkCrosswalk()
        case .workspace: rules.checkWorkspace()
        case .review: rules.checkReview()
        }
        diagnostics += rules.diagnostics
        return Result(path: path, document: document, kind: kind, diagnostics: diagnostics)
    }
}
