// Finding schemas by URI: walks each document once, keyword by keyword, and
// records every `$id`, `$anchor` and `$dynamicAnchor` with the base URI and
// draft in force at each subschema.
import PlanDocument

/// Where a subschema lives: which document, and the JSON Pointer inside it.
struct SchemaLocation: Hashable, Sendable {
    var document: Int
    var pointer: JSONPointer
}

/// The vocabularies a meta-schema turns on (2020-12 `$vocabulary`).
struct Vocabularies: OptionSet, Sendable, Hashable {
    let rawValue: UInt8
    static let core = Vocabularies(rawValue: 1)
    static let applicator = Vocabularies(rawValue: 2)
    static let unevaluated = Vocabularies(rawValue: 4)
    static let validation = Vocabularies(rawValue: 8)
    static let formatAssertion = Vocabularies(rawValue: 16)
    static let all: Vocabularies = [.core, .applicator, .unevaluated, .validation]

    init(rawValue: UInt8) { self.rawValue = rawValue }

    static let byURI: [String: Vocabularies] = [
        "https://json-schema.org/draft/2020-12/vocab/core": .core,
        "https://json-schema.org/draft/2020-12/vocab/applicator": .applicator,
        "https://json-schema.org/draft/2020-12/vocab/unevaluated": .unevaluated,
        "https://json-schema.org/draft/2020-12/vocab/validation": .validation,
        "https://json-schema.org/draft/2020-12/vocab/format-assertion": .formatAssertion,
        "https://json-schema.org/draft/2020-12/vocab/format-annotation": [],
        "https://json-schema.org/draft/2020-12/vocab/meta-data": [],
        "https://json-schema.org/draft/2020-12/vocab/content": [],
    ]
}

/// What is known about one subschema's surroundings.
struct Scope: Sendable {
    var base: String
    var draft: Draft
    var vocabularies: Vocabularies
    /// The resource (by absolute URI) the subschema belongs to.
    var resource: String
    /// The pointer from the resource root to this subschema.
    var pointerInResource: JSONPointer
}

struct SchemaIndex {
    var registry: SchemaRegistry
    var defaultDraft: Draft
    var documents: [Node] = []
    var documentByURI: [String: Int] = [:]
    var resources: [String: SchemaLocation] = [:]
    var anchors: [String: SchemaLocation] = [:]
    var dynamicAnchors: [String: [String: SchemaLocation]] = [:]
    var scopes: [SchemaLocation: Scope] = [:]
    private var indexedRegistry = false

    init(registry: SchemaRegistry, defaultDraft: Draft) {
        self.registry = registry
        self.defaultDraft = defaultDraft
    }

    /// Adds a document under `uri` and indexes all of it.
    mutating func add(_ node: Node, uri: String) throws(SchemaError) -> Int {
        if let existing = documentByURI[uri] { return existing }
        let id = documents.count
        documents.append(node)
        documentByURI[uri] = id
        // The retrieval URI names the document even when its `$id` says otherwise.
        resources[uri] = SchemaLocation(document: id, pointer: .root)
        let scope = Scope(base: uri, draft: defaultDraft, vocabularies: .all, resource: uri, pointerInResource: .root)
        try walk(node, SchemaLocation(document: id, pointer: .root), scope, isResourceRoot: true)
        return id
    }

    func node(at location: SchemaLocation) -> Node? {
        documents[location.document].node(at: location.pointer)
    }

    /// Finds the subschema an absolute URI (with optional fragment) names,
    /// indexing registered documents on demand.
    mutating func locate(_ uri: String) throws(SchemaError) -> SchemaLocation? {
        let reference = URIReference(uri)
        let resource = reference.withoutFragment.description
        let fragment = URIReference.percentDecoded(reference.fragment ?? "")
        if resources[resource] == nil, let document = registry.schema(for: resource) {
            _ = try add(document, uri: resource)
        }
        if resources[resource] == nil && !indexedRegistry {
            indexedRegistry = true
            // Looking for an embedded `$id`: a registered document that does not
            // compile is skipped here; it fails when referenced by its own URI.
            for uri in registry.uris where documentByURI[uri] == nil {
                _ = try? add(registry.schema(for: uri)!, uri: uri)
            }
        }
        if fragment.isEmpty { return resources[resource] }
        if fragment.hasPrefix("/") {
            guard var location = resources[resource] else { return nil }
            location.pointer.tokens += JSONPointer(fragment).tokens
            return node(at: location) == nil ? nil : location
        }
        return anchors[resource + "#" + fragment]
    }

    /// The scope of any location, also one the keyword walk never reached
    /// (a `$ref` into an unknown keyword): found from the nearest indexed parent.
    func scope(of location: SchemaLocation) -> Scope {
        if let scope = scopes[location] { return scope }
        var parent = location
        var rest: [String] = []
        while let last = parent.pointer.tokens.popLast() {
            rest.insert(last, at: 0)
            if var scope = scopes[parent] {
                scope.pointerInResource.tokens += rest
                return scope
            }
        }
        let uri = documentByURI.first { $0.value == location.document }?.key ?? ""
        return Scope(
            base: uri, draft: defaultDraft, vocabularies: .all, resource: uri, pointerInResource: location.pointer)
    }

    private mutating func walk(
        _ node: Node, _ location: SchemaLocation, _ inherited: Scope, isResourceRoot: Bool
    ) throws(SchemaError) {
        guard case .mapping(let members) = node.content else {
            scopes[location] = inherited
            return
        }
        var scope = inherited
        // `$schema` may switch drafts for an embedded resource.
        let hasID = members["$id"]?.string != nil
        if let metaSchema = members["$schema"]?.string, isResourceRoot || hasID {
            (scope.draft, scope.vocabularies) = try dialect(of: metaSchema, location: location)
        }
        let ignoresSiblings = scope.draft == .draft7 && members["$ref"] != nil
        if let id = members["$id"]?.string, !ignoresSiblings {
            if scope.draft == .draft7 && id.hasPrefix("#") {
                anchors[scope.resource + id] = location
            } else {
                let resolved = URIReference(id).resolved(against: URIReference(scope.base))
                let uri = resolved.withoutFragment.description
                scope.base = uri
                scope.resource = uri
                scope.pointerInResource = .root
                if resources[uri] == nil { resources[uri] = location }
                if scope.draft == .draft7, let fragment = resolved.fragment, !fragment.isEmpty {
                    anchors[uri + "#" + fragment] = location
                }
            }
        }
        if isResourceRoot && resources[scope.resource] == nil { resources[scope.resource] = location }
        if scope.draft == .draft2020_12 {
            if let anchor = members["$anchor"]?.string { anchors[scope.resource + "#" + anchor] = location }
            if let anchor = members["$dynamicAnchor"]?.string {
                anchors[scope.resource + "#" + anchor] = location
                dynamicAnchors[scope.resource, default: [:]][anchor] = location
            }
        }
        scopes[location] = scope
        if ignoresSiblings { return }

        func child(_ tokens: String...) -> SchemaLocation {
            SchemaLocation(document: location.document, pointer: JSONPointer(tokens: location.pointer.tokens + tokens))
        }
        for (key, value) in members {
            switch Self.subschemaShape(of: key, draft: scope.draft) {
            case .single:
                try walkChild(value, child(key), scope, [key])
            case .map:
                guard case .mapping(let entries) = value.content else { continue }
                for (name, entry) in entries where key != "dependencies" || entry.sequence == nil {
                    try walkChild(entry, child(key, name), scope, [key, name])
                }
            case .array:
                if case .sequence(let items) = value.content {
                    for (i, item) in items.enumerated() {
                        try walkChild(item, child(key, String(i)), scope, [key, String(i)])
                    }
                } else if key == "items" {
                    try walkChild(value, child(key), scope, [key])
                }
            case nil:
                continue
            }
        }
    }

    /// Walks a subschema `tokens` below a schema whose scope is `parent`.
    private mutating func walkChild(
        _ node: Node, _ location: SchemaLocation, _ parent: Scope, _ tokens: [String]
    ) throws(SchemaError) {
        var scope = parent
        scope.pointerInResource.tokens += tokens
        try walk(node, location, scope, isResourceRoot: false)
    }

    enum Shape { case single, map, array }

    static func subschemaShape(of keyword: String, draft: Draft) -> Shape? {
        switch keyword {
        case "additionalProperties", "contains", "propertyNames", "not", "if", "then", "else":
            return .single
        case "additionalItems" where draft == .draft7:
            return .single
        case "unevaluatedItems", "unevaluatedProperties", "contentSchema":
            return draft == .draft2020_12 ? .single : nil
        case "items":
            return draft == .draft7 ? .array : .single
        case "properties", "patternProperties", "$defs", "definitions":
            return .map
        case "dependentSchemas":
            return draft == .draft2020_12 ? .map : nil
        case "dependencies":
            return .map
        case "allOf", "anyOf", "oneOf":
            return .array
        case "prefixItems":
            return draft == .draft2020_12 ? .array : nil
        default:
            return nil
        }
    }

    /// The draft and vocabularies a `$schema` value selects.
    func dialect(of metaSchema: String, location: SchemaLocation) throws(SchemaError) -> (Draft, Vocabularies) {
        let uri = SchemaRegistry.normalized(metaSchema)
        if let draft = Draft(metaSchemaURI: uri) { return (draft, .all) }
        guard let document = registry.schema(for: uri) else {
            throw .unknownMetaSchema(uri: metaSchema, location: location.pointer.description)
        }
        var draft = Draft.draft2020_12
        if let parent = document["$schema"]?.string, let known = Draft(metaSchemaURI: parent) { draft = known }
        guard draft == .draft2020_12, let declared = document["$vocabulary"]?.mapping else { return (draft, .all) }
        var vocabularies: Vocabularies = []
        for (vocabulary, required) in declared {
            if let known = Vocabularies.byURI[vocabulary] {
                vocabularies.formUnion(known)
            } else if required.bool == true {
                throw .unsupportedVocabulary(uri: vocabulary, metaSchema: uri)
            }
        }
        return (draft, vocabularies)
    }
}
