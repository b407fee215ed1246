// The compiled form of a schema: a flat table of subschemas that refer to
// each other by index, so `$ref` cycles are plain integers and the table is
// an immutable, Sendable value once compiled.
import PlanDocument

/// The JSON types of the `type` keyword as a bit set.
struct TypeSet: OptionSet, Sendable, Hashable {
    let rawValue: UInt8
    static let null = TypeSet(rawValue: 1)
    static let boolean = TypeSet(rawValue: 2)
    static let integer = TypeSet(rawValue: 4)
    static let number = TypeSet(rawValue: 8)
    static let string = TypeSet(rawValue: 16)
    static let array = TypeSet(rawValue: 32)
    static let object = TypeSet(rawValue: 64)

    init(rawValue: UInt8) { self.rawValue = rawValue }

    init?(name: String) {
        switch name {
        case "null": self = .null
        case "boolean": self = .boolean
        case "integer": self = .integer
        case "number": self = .number
        case "string": self = .string
        case "array": self = .array
        case "object": self = .object
        default: return nil
        }
    }

    var names: [String] {
        let all: [(TypeSet, String)] = [
            (.null, "null"), (.boolean, "boolean"), (.integer, "integer"), (.number, "number"),
            (.string, "string"), (.array, "array"), (.object, "object"),
        ]
        return all.filter { contains($0.0) }.map(\.1)
    }
}

/// A number bound kept as written, so integer bounds compare exactly.
enum Bound: Sendable {
    case integer(Int)
    case number(Double)

    var double: Double {
        switch self {
        case .integer(let i): Double(i)
        case .number(let d): d
        }
    }

    var node: Node {
        switch self {
        case .integer(let i): Node(.integer(i))
        case .number(let d): Node(.number(d))
        }
    }
}

/// One compiled keyword and how to check it.
indirect enum Check: Sendable {
    case type(TypeSet)
    case const(Node)
    case enumeration([Node])
    case minimum(Bound), maximum(Bound), exclusiveMinimum(Bound), exclusiveMaximum(Bound)
    case multipleOf(Bound)
    case minLength(Int), maxLength(Int)
    case pattern(ECMARegex)
    case format(Format)
    /// Draft-07 `contentEncoding: base64` and/or `contentMediaType: application/json`.
    case content(base64: Bool, json: Bool)
    case minItems(Int), maxItems(Int), uniqueItems
    case minProperties(Int), maxProperties(Int)
    case required([String])
    case dependentRequired([(String, [String])])
    /// 2020-12 `prefixItems`.
    case prefixItems([Int])
    /// 2020-12 `items`, or draft-07 `additionalItems` (both apply after `after` items).
    case itemsAfter(after: Int, schema: Int)
    /// Draft-07 `items` with a single schema.
    case itemsAll(Int)
    /// Draft-07 `items` with an array of schemas.
    case tupleItems([Int])
    case contains(schema: Int, min: Int, max: Int?)
    case properties(PropertyTable)
    /// `properties` with `additionalProperties` and no `patternProperties`.
    case closedProperties(PropertyTable, additional: Int)
    case patternProperties([(ECMARegex, Int)])
    case additionalProperties(schema: Int, known: Set<String>, patterns: [ECMARegex])
    case propertyNames(Int)
    case dependentSchemas([(String, Int)])
    /// Draft-07 `dependencies` mixing property lists and schemas.
    case dependencies(required: [(String, [String])], schemas: [(String, Int)])
    case allOf([Int]), anyOf([Int]), oneOf([Int])
    case not(Int)
    case conditional(if: Int, then: Int?, else: Int?)
    case ref(Int)
    /// `$dynamicRef`: `target` statically; with `anchor`, the outermost
    /// schema in the dynamic scope that declares that `$dynamicAnchor`.
    case dynamicRef(target: Int, anchor: String?)
    case unevaluatedProperties(Int)
    case unevaluatedItems(Int)
}

struct Keyword: Sendable {
    /// The keyword as written, for error locations.
    var name: String
    var check: Check
}

struct CompiledSchema: Sendable {
    /// `true`/`false` schemas and empty objects skip keyword dispatch.
    var constant: Bool?
    var keywords: [Keyword] = []
    /// The schema resource this subschema belongs to (for the dynamic scope).
    var resource: Int = 0
    /// Absolute URI of this subschema, for `absoluteKeywordLocation`.
    var absoluteLocation: String = ""
    /// Whether evaluating this schema needs to know which properties and items
    /// its subschemas evaluated (it has `unevaluated*`).
    var needsAnnotations = false
}

struct CompiledResource: Sendable {
    var uri: String
    /// `$dynamicAnchor` names declared in this resource, by compiled schema.
    var dynamicAnchors: [String: Int]
}

/// The frozen form the evaluator walks: classes, so that visiting a schema or
/// a keyword costs one reference count rather than a copy of its payload.
final class SchemaNode: Sendable {
    let constant: Bool?
    let keywords: [KeywordNode]
    /// `keywords` again, for the evaluator to visit without reference
    /// counting (see ``SchemaTable/nodeReferences``).
    let keywordReferences: [Unmanaged<KeywordNode>]
    let resource: Int
    let absoluteLocation: String
    let needsAnnotations: Bool

    init(_ schema: CompiledSchema) {
        constant = schema.constant
        keywords = schema.keywords.map { KeywordNode(name: $0.name, check: $0.check) }
        keywordReferences = keywords.map { Unmanaged.passUnretained($0) }
        resource = schema.resource
        absoluteLocation = schema.absoluteLocation
        needsAnnotations = schema.needsAnnotations
    }
}

final class KeywordNode: Sendable {
    let name: String
    let check: Check

    init(name: String, check: Check) {
        self.name = name
        self.check = check
    }
}

/// Everything a validation reads, shared by all evaluations of one validator.
final class SchemaTable: Sendable {
    let nodes: [SchemaNode]
    /// `nodes` again, unretained: `nodes` keeps them alive as long as the
    /// table, so the evaluator borrows them with no retain and release per
    /// visit (dropping those took 6% off the CPU time of checking the 20 MB
    /// benchmark instance).
    let nodeReferences: [Unmanaged<SchemaNode>]
    let resources: [CompiledResource]
    /// For each schema, the schema it stands for when it is nothing but a
    /// `$ref` within the same resource (used when no error paths are kept).
    let shortcuts: [Int]

    init(nodes: [SchemaNode], resources: [CompiledResource], shortcuts: [Int]) {
        self.nodes = nodes
        self.nodeReferences = nodes.map { Unmanaged.passUnretained($0) }
        self.resources = resources
        self.shortcuts = shortcuts
    }
}

/// The subschemas of `properties` by name, matched code point by code
/// point as JSON Schema compares strings (never by Swift's `String ==`,
/// which equates canonically equivalent spellings). Small tables are
/// searched linearly: comparing short strings costs less than hashing one.
struct PropertyTable: Sendable, Sequence {
    private let names: [String]
    private let schemas: [Int]
    /// Places in `names` by name. A `Dictionary` matches canonically
    /// equivalent names; a schema's names are distinct even so (they come
    /// from one mapping), so the one place found is checked code point by
    /// code point.
    private let index: [String: Int]?

    init(_ entries: [(String, Int)]) {
        names = entries.map(\.0)
        schemas = entries.map(\.1)
        var places: [String: Int] = [:]
        for (place, name) in names.enumerated() where places[name] == nil { places[name] = place }
        index = entries.count > 8 ? places : nil
    }

    var count: Int { names.count }

    subscript(name: String) -> Int? {
        lookUp(name, hint: 0)?.schema
    }

    /// The subschema for `name` and its place in the table, trying place
    /// `hint` first: documents mostly list members in the schema's order, so
    /// passing the place after the last member found usually hits at once.
    func lookUp(_ name: String, hint: Int) -> (schema: Int, place: Int)? {
        if hint < names.count, Self.same(names[hint], name) { return (schemas[hint], hint) }
        if let index {
            guard let place = index[name], Self.same(names[place], name) else { return nil }
            return (schemas[place], place)
        }
        for i in 0..<names.count where i != hint && Self.same(names[i], name) { return (schemas[i], i) }
        return nil
    }

    /// Code-point equality; most unequal pairs differ in length and are told
    /// apart by that alone.
    @inline(__always)
    static func same(_ a: String, _ b: String) -> Bool {
        a.hasSameCodePoints(as: b)
    }

    func makeIterator() -> Zip2Sequence<[String], [Int]>.Iterator { zip(names, schemas).makeIterator() }
}
