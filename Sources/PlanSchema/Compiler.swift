// Turns schema documents into the flat table of ``CompiledSchema``s: every
// subschema once, `$ref`s resolved to table indices, keywords checked for
// shape so mistakes surface at compile time rather than during validation.
import PlanDocument

struct Compiler {
    var index: SchemaIndex
    let options: ValidationOptions
    var schemas: [CompiledSchema] = []
    var resources: [CompiledResource] = []
    private var slots: [SchemaLocation: Int] = [:]
    private var pending: [(slot: Int, location: SchemaLocation)] = []
    private var resourceIDs: [String: Int] = [:]
    private var anchorsCompiled = 0

    init(registry: SchemaRegistry, options: ValidationOptions) {
        index = SchemaIndex(registry: registry, defaultDraft: options.draft)
        self.options = options
    }

    /// Compiles the document `root` (known as `uri`) and everything it reaches.
    mutating func compileRoot(_ root: Node, uri: String) throws(SchemaError) -> Int {
        let document = try index.add(root, uri: uri)
        let rootSlot = slot(for: SchemaLocation(document: document, pointer: .root))
        try drain()
        return rootSlot
    }

    /// Compiles pending subschemas, then the `$dynamicAnchor`s of every
    /// resource reached, until nothing new turns up.
    ///
    /// The numbering depends on the schema alone, never on the order a
    /// `Dictionary` happens to list its entries in: the threads of a
    /// parallel check each compile a copy of the table and must find every
    /// subschema at the same index (see ``TableReplicas``). Anchors are
    /// therefore taken in the order of their names.
    private mutating func drain() throws(SchemaError) {
        while true {
            while let (slotIndex, location) = pending.popLast() {
                schemas[slotIndex] = try compile(location)
            }
            guard anchorsCompiled < resources.count else { return }
            while anchorsCompiled < resources.count {
                let uri = resources[anchorsCompiled].uri
                var anchors: [String: Int] = [:]
                let declared = (index.dynamicAnchors[uri] ?? [:]).sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
                for (name, location) in declared { anchors[name] = slot(for: location) }
                resources[anchorsCompiled].dynamicAnchors = anchors
                anchorsCompiled += 1
            }
        }
    }

    private mutating func slot(for location: SchemaLocation) -> Int {
        if let existing = slots[location] { return existing }
        let new = schemas.count
        schemas.append(CompiledSchema(constant: true))
        slots[location] = new
        pending.append((new, location))
        return new
    }

    private mutating func resourceID(_ uri: String) -> Int {
        if let id = resourceIDs[uri] { return id }
        let id = resources.count
        resources.append(CompiledResource(uri: uri, dynamicAnchors: [:]))
        resourceIDs[uri] = id
        return id
    }

    private func child(_ location: SchemaLocation, _ tokens: String...) -> SchemaLocation {
        SchemaLocation(document: location.document, pointer: JSONPointer(tokens: location.pointer.tokens + tokens))
    }

    private mutating func compile(_ location: SchemaLocation) throws(SchemaError) -> CompiledSchema {
        guard let node = index.node(at: location) else {
            throw .unresolvedReference(reference: location.pointer.description, location: "")
        }
        let scope = index.scope(of: location)
        var compiled = CompiledSchema(constant: nil)
        compiled.resource = resourceID(scope.resource)
        compiled.absoluteLocation = scope.resource + "#" + scope.pointerInResource.description
        let here = compiled.absoluteLocation
        switch node.content {
        case .bool(let value):
            compiled.constant = value
            return compiled
        case .mapping(let members):
            var keywords: [Keyword] = []
            var last: [Keyword] = []
            var context = KeywordContext(members: node, location: location, scope: scope, here: here)
            for (name, value) in members {
                if scope.draft == .draft7 && members["$ref"] != nil && name != "$ref" { continue }
                guard let check = try compileKeyword(name, value, &context) else { continue }
                let keyword = Keyword(name: name, check: check)
                switch check {
                case .unevaluatedItems, .unevaluatedProperties:
                    compiled.needsAnnotations = true
                    last.append(keyword)
                default:
                    keywords.append(keyword)
                }
            }
            compiled.keywords = keywords + last
            if compiled.keywords.isEmpty { compiled.constant = true }
            return compiled
        default:
            throw .notASchema(location: here)
        }
    }

    struct KeywordContext {
        /// The schema object the keyword sits in, for sibling keywords.
        var members: Node
        var location: SchemaLocation
        var scope: Scope
        var here: String
    }

    // MARK: - Keywords

    private mutating func compileKeyword(
        _ name: String, _ value: Node, _ context: inout KeywordContext
    ) throws(SchemaError) -> Check? {
        let draft = context.scope.draft
        let vocabularies = context.scope.vocabularies
        let members = context.members
        let location = context.location
        let here = context.here
        let applies = { (vocabulary: Vocabularies) in draft == .draft7 || vocabularies.contains(vocabulary) }

        func invalid(_ expected: String) -> SchemaError {
            .invalidKeyword(keyword: name, location: here, expected: expected)
        }
        func nonNegative() throws(SchemaError) -> Int {
            guard let n = value.integer, n >= 0 else { throw invalid("a non-negative integer") }
            return n
        }
        func bound() throws(SchemaError) -> Bound {
            switch value.content {
            case .integer(let i): return .integer(i)
            case .number(let d): return .number(d)
            default: throw invalid("a number")
            }
        }
        func sub(_ tokens: String...) -> Int {
            slot(for: SchemaLocation(document: location.document, pointer: JSONPointer(tokens: location.pointer.tokens + tokens)))
        }
        func subArray() throws(SchemaError) -> [Int] {
            guard let items = value.sequence else { throw invalid("an array of schemas") }
            return items.indices.map { sub(name, String($0)) }
        }
        /// The error names the keyword's own location: `#/properties/code/pattern`,
        /// `#/patternProperties/<the pattern>`.
        func regex(_ pattern: String, at tokens: String...) throws(SchemaError) -> ECMARegex {
            do { return try ECMARegex(pattern) } catch {
                let location = here + tokens.map { "/" + JSONPointer.escape($0) }.joined()
                switch error {
                case .invalidPattern(let p, _, let reason): throw .invalidPattern(pattern: p, location: location, reason: reason)
                case .unsupportedPattern(let p, _, let feature):
                    throw .unsupportedPattern(pattern: p, location: location, feature: feature)
                default: throw error
                }
            }
        }

        switch name {
        // Core
        case "$ref":
            guard let reference = value.string else { throw invalid("a URI reference string") }
            let uri = URIReference.resolve(reference, against: context.scope.base)
            guard let target = try index.locate(uri) else {
                throw .unresolvedReference(reference: reference, location: here)
            }
            return .ref(slot(for: target))
        case "$dynamicRef" where draft == .draft2020_12:
            guard let reference = value.string else { throw invalid("a URI reference string") }
            let uri = URIReference.resolve(reference, against: context.scope.base)
            guard let target = try index.locate(uri) else {
                throw .unresolvedReference(reference: reference, location: here)
            }
            let fragment = URIReference(reference).fragment ?? ""
            let declared = index.node(at: target)?["$dynamicAnchor"]?.string
            let anchor = !fragment.isEmpty && !fragment.hasPrefix("/") && declared == fragment ? fragment : nil
            return .dynamicRef(target: slot(for: target), anchor: anchor)

        // Applicators
        case "allOf" where applies(.applicator): return .allOf(try subArray())
        case "anyOf" where applies(.applicator): return .anyOf(try subArray())
        case "oneOf" where applies(.applicator): return .oneOf(try subArray())
        case "not" where applies(.applicator): return .not(sub(name))
        case "if" where applies(.applicator):
            return .conditional(
                if: sub("if"), then: members["then"] == nil ? nil : sub("then"),
                else: members["else"] == nil ? nil : sub("else"))
        case "prefixItems" where draft == .draft2020_12 && applies(.applicator):
            return .prefixItems(try subArray())
        case "items" where applies(.applicator):
            if draft == .draft7 {
                if value.sequence != nil { return .tupleItems(try subArray()) }
                return .itemsAll(sub(name))
            }
            return .itemsAfter(after: members["prefixItems"]?.sequence?.count ?? 0, schema: sub(name))
        case "additionalItems" where draft == .draft7:
            guard let tuple = members["items"]?.sequence else { return nil }
            return .itemsAfter(after: tuple.count, schema: sub(name))
        case "contains" where applies(.applicator):
            var minimum = 1
            var maximum: Int? = nil
            if draft == .draft2020_12 && applies(.validation) {
                if let m = members["minContains"] {
                    guard let n = m.integer, n >= 0 else { throw invalid("with minContains a non-negative integer") }
                    minimum = n
                }
                if let m = members["maxContains"] {
                    guard let n = m.integer, n >= 0 else { throw invalid("with maxContains a non-negative integer") }
                    maximum = n
                }
            }
            return .contains(schema: sub(name), min: minimum, max: maximum)
        case "properties" where applies(.applicator):
            guard let entries = value.mapping else { throw invalid("an object of schemas") }
            var list: [(String, Int)] = []
            for key in entries.keys { list.append((key, sub(name, key))) }
            let table = PropertyTable(list)
            if members["additionalProperties"] != nil && members["patternProperties"] == nil {
                // One pass, one hash per member, for the common closed object.
                return .closedProperties(table, additional: sub("additionalProperties"))
            }
            return .properties(table)
        case "patternProperties" where applies(.applicator):
            guard let entries = value.mapping else { throw invalid("an object of schemas") }
            var list: [(ECMARegex, Int)] = []
            for key in entries.keys { list.append((try regex(key, at: name, key), sub(name, key))) }
            return .patternProperties(list)
        case "additionalProperties" where applies(.applicator):
            if members["properties"]?.mapping != nil && members["patternProperties"] == nil { return nil }
            let known = Set(members["properties"]?.mapping?.keys.map { $0 } ?? [])
            var patterns: [ECMARegex] = []
            for key in members["patternProperties"]?.mapping?.keys.map({ $0 }) ?? [] {
                patterns.append(try regex(key, at: "patternProperties", key))
            }
            return .additionalProperties(schema: sub(name), known: known, patterns: patterns)
        case "propertyNames" where applies(.applicator): return .propertyNames(sub(name))
        case "dependentSchemas" where draft == .draft2020_12 && applies(.applicator):
            guard let entries = value.mapping else { throw invalid("an object of schemas") }
            return .dependentSchemas(entries.keys.map { ($0, sub(name, $0)) })
        case "dependencies" where applies(.applicator):
            // Draft-07's keyword; 2020-12 split it in two but implementations
            // keep it for compatibility, as the optional suite expects.
            guard let entries = value.mapping else { throw invalid("an object") }
            // Draft-07 mixes the two forms; they are evaluated as two keywords.
            var required: [(String, [String])] = []
            var schemas: [(String, Int)] = []
            for (key, entry) in entries {
                if let names = entry.sequence {
                    required.append((key, names.compactMap(\.string)))
                } else {
                    schemas.append((key, sub(name, key)))
                }
            }
            if required.isEmpty { return .dependentSchemas(schemas) }
            if schemas.isEmpty { return .dependentRequired(required) }
            return .dependencies(required: required, schemas: schemas)

        // Unevaluated
        case "unevaluatedItems" where draft == .draft2020_12 && applies(.unevaluated):
            return .unevaluatedItems(sub(name))
        case "unevaluatedProperties" where draft == .draft2020_12 && applies(.unevaluated):
            return .unevaluatedProperties(sub(name))

        // Validation
        case "type" where applies(.validation):
            var set: TypeSet = []
            let names = value.sequence?.compactMap(\.string) ?? value.string.map { [$0] } ?? []
            guard !names.isEmpty || value.sequence != nil else { throw invalid("a type name or an array of them") }
            for typeName in names {
                guard let t = TypeSet(name: typeName) else { throw invalid("one of null, boolean, integer, number, string, array, object") }
                set.formUnion(t)
            }
            return .type(set)
        case "enum" where applies(.validation):
            guard let options = value.sequence else { throw invalid("an array") }
            return .enumeration(options)
        case "const" where applies(.validation): return .const(value)
        case "multipleOf" where applies(.validation):
            let b = try bound()
            guard b.double > 0 else { throw invalid("a number greater than 0") }
            return .multipleOf(b)
        case "maximum" where applies(.validation): return .maximum(try bound())
        case "minimum" where applies(.validation): return .minimum(try bound())
        case "exclusiveMaximum" where applies(.validation): return .exclusiveMaximum(try bound())
        case "exclusiveMinimum" where applies(.validation): return .exclusiveMinimum(try bound())
        case "maxLength" where applies(.validation): return .maxLength(try nonNegative())
        case "minLength" where applies(.validation): return .minLength(try nonNegative())
        case "pattern" where applies(.validation):
            guard let pattern = value.string else { throw invalid("a regular expression string") }
            return .pattern(try regex(pattern, at: name))
        case "maxItems" where applies(.validation): return .maxItems(try nonNegative())
        case "minItems" where applies(.validation): return .minItems(try nonNegative())
        case "uniqueItems" where applies(.validation):
            return value.bool == true ? .uniqueItems : nil
        case "maxProperties" where applies(.validation): return .maxProperties(try nonNegative())
        case "minProperties" where applies(.validation): return .minProperties(try nonNegative())
        case "required" where applies(.validation):
            guard let names = value.sequence?.compactMap(\.string) else { throw invalid("an array of strings") }
            return names.isEmpty ? nil : .required(names)
        case "dependentRequired" where draft == .draft2020_12 && applies(.validation):
            guard let entries = value.mapping else { throw invalid("an object of string arrays") }
            return .dependentRequired(entries.map { ($0.key, $0.value.sequence?.compactMap(\.string) ?? []) })

        // Content: draft-07 asserts it; 2020-12 only annotates.
        case "contentEncoding" where draft == .draft7:
            return value.string == "base64" ? .content(base64: true, json: members["contentMediaType"]?.string == "application/json") : nil
        case "contentMediaType" where draft == .draft7:
            return value.string == "application/json" && members["contentEncoding"] == nil
                ? .content(base64: false, json: true) : nil

        // Format
        case "format":
            let asserts = options.formatAssertion || (draft == .draft2020_12 && vocabularies.contains(.formatAssertion))
            guard asserts, let formatName = value.string, let format = Format(rawValue: formatName) else { return nil }
            return .format(format)

        default:
            return nil
        }
    }
}
