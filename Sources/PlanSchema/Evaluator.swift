// Runs compiled schemas against an instance. One evaluator serves one
// `validate` call: it carries the dynamic scope for `$dynamicRef`, the paths
// for error locations, and the errors found.
import Dispatch
import PlanDocument
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Which properties and items of the current instance some subschema has
/// evaluated, for `unevaluatedProperties` and `unevaluatedItems`.
struct Annotations {
    var properties: Set<String> = []
    var allProperties = false
    /// Items `0..<itemCount` were evaluated (by `prefixItems` or `items`).
    var itemCount = 0
    var allItems = false
    /// Items matched by `contains`.
    var indices: Set<Int> = []

    mutating func merge(_ other: Annotations) {
        properties.formUnion(other.properties)
        allProperties = allProperties || other.allProperties
        itemCount = max(itemCount, other.itemCount)
        allItems = allItems || other.allItems
        indices.formUnion(other.indices)
    }

    func hasEvaluated(property name: String) -> Bool { allProperties || properties.contains(name) }
    func hasEvaluated(item index: Int) -> Bool { allItems || index < itemCount || indices.contains(index) }
}

struct Evaluator: Sendable {
    /// The compiled schemas, behind one immutable object whose nodes the
    /// evaluator borrows without reference counting (`nodeReferences`). A
    /// worker of a split `items` check has a copy of its own (TableReplicas).
    private(set) var table: SchemaTable
    /// Tables for other threads when an `items` check is split.
    let replicas: TableReplicas
    var schemas: [SchemaNode] { table.nodes }
    var resources: [CompiledResource] { table.resources }
    let collectsErrors: Bool
    /// The caller's ``ValidationOptions/maximumDepth``, or less where the
    /// build cannot nest that deep on any stack (``ThreadSanitizerLimit``).
    let maximumDepth: Int
    /// When set, evaluation stops once this thread's stack runs low: to be
    /// redone on a large stack, or, on the large stack itself, for good.
    var stackGuard: StackGuard?
    /// Whether this is the rerun on the large stack, whose depth cannot be
    /// carried to other threads' smaller stacks.
    var isOnLargeStack = false
    /// Set when evaluation hit ``stackGuard``; the result is void.
    private(set) var needsLargeStack = false
    /// The levels evaluation went through before ``stackGuard`` stopped it.
    private(set) var inlineDepth = 0
    /// Set when a pattern could not be decided within its step limit. The
    /// verdict is then void wherever it happened (under `not`, in an `anyOf`
    /// branch): evaluation stops, and this error is the whole result.
    private(set) var undecided: ValidationError?

    private var dynamicScope: [Int] = []
    /// Open scopes whose errors no one will read (`if`, `not`, `contains`,
    /// and `anyOf`/`oneOf` branches in flag mode); `fail` records nothing there.
    private var droppingScopes = 0
    private var depth = 0
    /// The errors found, with locations that ``validationErrors()`` spells out.
    var errors: [Failure] = []
    private var instancePath = SharedPath()
    private var keywordPath = SharedPath()

    init(table: SchemaTable, replicas: TableReplicas, options: ValidationOptions) {
        self.table = table
        self.replicas = replicas
        self.collectsErrors = options.collectsErrors
        self.maximumDepth = min(options.maximumDepth, ThreadSanitizerLimit.maximumDepth ?? .max)
    }

    // MARK: - Schemas

    /// Evaluates schema `index` against `instance`; records what it evaluated
    /// into `annotations` when the caller asks for them (non-nil).
    mutating func evaluate(_ index: Int, _ instance: Node, _ annotations: inout Annotations?) -> Bool {
        // Without error paths to keep, a schema that is only a `$ref` is skipped.
        table.nodeReferences[collectsErrors ? index : table.shortcuts[index]]._withUnsafeGuaranteedRef { schema in
            evaluate(schema, instance, &annotations)
        }
    }

    private mutating func evaluate(_ schema: SchemaNode, _ instance: Node, _ annotations: inout Annotations?) -> Bool {
        if let constant = schema.constant {
            if !constant { fail(schema, "false", "no value is allowed here (the schema is `false`)", instance) }
            return constant
        }
        if needsLargeStack || undecided != nil { return false }
        depth += 1
        defer { depth -= 1 }
        // The maximum first: a stack that runs out at the maximum depth or
        // beyond cannot change the verdict, which is this failure either way.
        guard depth <= maximumDepth else {
            let maximumDepth = maximumDepth
            fail(
                schema, "depth",
                "validation nests deeper than \(maximumDepth) levels; the instance is too deep or a `$ref` cycle never reaches a keyword that consumes the instance",
                instance)
            return false
        }
        if let stackGuard, stackGuard.isExhausted(atDepth: depth) {
            needsLargeStack = true
            inlineDepth = depth - 1
            return false
        }
        let entersResource = dynamicScope.last != schema.resource
        if entersResource { dynamicScope.append(schema.resource) }
        defer { if entersResource { dynamicScope.removeLast() } }

        var local: Annotations? = annotations != nil || schema.needsAnnotations ? Annotations() : nil
        var valid = true
        for position in 0..<schema.keywordReferences.count {
            let ok = schema.keywordReferences[position]._withUnsafeGuaranteedRef { keyword in
                if collectsErrors { keywordPath.append(keyword.name) }
                return check(keyword, in: schema, instance, &local)
            }
            if collectsErrors { keywordPath.removeLast() }
            if !ok {
                valid = false
                if !collectsErrors || needsLargeStack || undecided != nil { return false }
            }
        }
        if valid, annotations != nil, let local { annotations!.merge(local) }
        return valid
    }

    /// Evaluates a subschema reached through `tokens` of the current keyword,
    /// at the same instance location.
    private mutating func inPlace(
        _ index: Int, _ instance: Node, _ annotations: inout Annotations?, _ token: String? = nil
    ) -> Bool {
        if collectsErrors, let token { keywordPath.append(token) }
        let ok = evaluate(index, instance, &annotations)
        if collectsErrors, token != nil { keywordPath.removeLast() }
        return ok
    }

    /// Evaluates a subschema against a child instance (a member or an item).
    private mutating func child(
        _ index: Int, _ instance: Node, instanceToken: @autoclosure () -> String, schemaToken: String? = nil
    ) -> Bool {
        if collectsErrors {
            instancePath.append(instanceToken())
            if let schemaToken { keywordPath.append(schemaToken) }
        }
        var none: Annotations? = nil
        let ok = evaluate(index, instance, &none)
        if collectsErrors {
            instancePath.removeLast()
            if schemaToken != nil { keywordPath.removeLast() }
        }
        return ok
    }

    /// Evaluates without keeping any errors (for `not`, `if`, `contains`).
    private mutating func quietly(_ body: (inout Evaluator) -> Bool) -> Bool {
        let mark = errors.count
        let ok = withErrorsDropped(body)
        if errors.count > mark { errors.removeSubrange(mark...) }
        return ok
    }

    /// Runs `body` in a scope whose errors are dropped as they occur.
    private mutating func withErrorsDropped<T>(_ body: (inout Evaluator) -> T) -> T {
        droppingScopes += 1
        defer { droppingScopes -= 1 }
        return body(&self)
    }

    // MARK: - Errors

    /// Records an error; `message` is only built when it is kept. Nothing is
    /// recorded inside `withErrorsDropped`, where it would be dropped anyway:
    /// an `if` that does not hold or a failing `anyOf` branch in flag mode
    /// built its message all the same: a tenth of the CPU time of checking
    /// the 20 MB benchmark instance (every task's `if: {status: {const: blocked}}`).
    private mutating func fail(
        _ schema: SchemaNode, _ keyword: String, _ message: @autoclosure () -> String, _ instance: Node
    ) {
        if droppingScopes > 0 { return }
        guard collectsErrors else {
            if errors.isEmpty {
                errors.append(
                    Failure(
                        instanceLocation: .root, keywordLocation: .root,
                        absoluteKeywordLocation: schema.absoluteLocation, keyword: keyword, message: message(),
                        position: instance.position))
            }
            return
        }
        let keywordLocation: SharedPath.Location
        var absolute = schema.absoluteLocation
        if keyword != "false" && keyword != "depth" {
            // The keyword being checked is the last token; a companion keyword
            // (maxContains for contains) takes its place.
            keywordLocation = keywordPath.snapshot(endingWith: keyword)
            absolute += "/" + JSONPointer.escape(keyword)
        } else {
            keywordLocation = keywordPath.snapshot()
        }
        errors.append(
            Failure(
                instanceLocation: instancePath.snapshot(), keywordLocation: keywordLocation,
                absoluteKeywordLocation: absolute, keyword: keyword, message: message(),
                position: instance.position))
    }

    /// The errors found, their locations spelled out.
    func validationErrors() -> [ValidationError] {
        errors.map { failure in
            ValidationError(
                instanceLocation: JSONPointer(tokens: instancePath.tokens(of: failure.instanceLocation)),
                keywordLocation: JSONPointer(tokens: keywordPath.tokens(of: failure.keywordLocation)),
                absoluteKeywordLocation: failure.absoluteKeywordLocation, keyword: failure.keyword,
                message: failure.message, position: failure.position)
        }
    }

    /// The work that recording and spelling out error locations costs, in
    /// path tokens (tests hold it linear in the instance for nested alternatives).
    var locationTokens: Int {
        instancePath.entryCount + keywordPath.entryCount
            + errors.reduce(0) { $0 + $1.instanceLocation.count + $1.keywordLocation.count }
    }

    /// Whether `regex` matches `text`; nil when the pattern cannot be decided,
    /// after recording that as ``undecided`` (in any scope: a dropped error
    /// under `not` would turn "could not tell" into a verdict).
    /// - Parameters:
    ///   - keywordTokens: where the pattern is, from `schema`: `["pattern"]`,
    ///     `["patternProperties", source]`.
    ///   - member: the key tested, when the text is a property name.
    private mutating func test(
        _ regex: ECMARegex, _ text: String, _ schema: SchemaNode, _ keywordTokens: [String], _ instance: Node,
        member: String? = nil
    ) -> Bool? {
        switch regex.test(text) {
        case .match: return true
        case .noMatch: return false
        case .tooManySteps(let limit):
            guard undecided == nil else { return nil }
            let absolute = schema.absoluteLocation + keywordTokens.map { "/" + JSONPointer.escape($0) }.joined()
            let what = member == nil ? "this value" : "the property name \"\(Self.truncated(text))\""
            let message = "pattern /\(regex.source)/ at \(absolute) needs more than \(limit) steps on \(what) "
                + "(\(text.unicodeScalars.count) characters), so the value is neither accepted nor rejected; "
                + "simplify the pattern (a lookahead that scans the rest of the text, such as `(?=.*x)`, costs a pass "
                + "per position) or check a shorter value"
            undecided = ValidationError(
                instanceLocation: collectsErrors ? JSONPointer(tokens: instancePath.tokens + (member.map { [$0] } ?? [])) : .root,
                keywordLocation: collectsErrors ? JSONPointer(tokens: keywordPath.tokens.dropLast() + keywordTokens) : .root,
                absoluteKeywordLocation: absolute, keyword: keywordTokens[0], message: message,
                position: instance.position)
            return nil
        }
    }

    /// The first 40 characters of `text`, marked when cut.
    static func truncated(_ text: String) -> String {
        text.unicodeScalars.count <= 40 ? text : String(String.UnicodeScalarView(text.unicodeScalars.prefix(40))) + "..."
    }

    // MARK: - Keywords

    /// Whether `names` holds `name` code point by code point. A set matches
    /// canonically equivalent names; the names of one schema are distinct
    /// even so, so the one member found is checked.
    static func contains(_ names: Set<String>, _ name: String) -> Bool {
        guard let index = names.firstIndex(of: name) else { return false }
        return names[index].hasSameCodePoints(as: name)
    }

    /// The keyword's name is read only on the way to an error: copying it up
    /// front retained a heap string (`additionalProperties`) on every visit.
    private mutating func check(
        _ keyword: KeywordNode, in schema: SchemaNode, _ instance: Node, _ annotations: inout Annotations?
    ) -> Bool {
        switch keyword.check {
        case .type(let types):
            if Self.matches(types, instance) { return true }
            let expected = types.names.joined(separator: " or ")
            fail(schema, keyword.name, "expected \(expected), found \(Self.describe(instance))", instance)
            return false

        case .const(let value):
            if instance.isSchemaEqual(to: value) { return true }
            fail(schema, keyword.name, "expected \(Self.brief(value)), found \(Self.describe(instance))", instance)
            return false

        case .enumeration(let options):
            if options.contains(where: { instance.isSchemaEqual(to: $0) }) { return true }
            let list = options.prefix(8).map(Self.brief).joined(separator: ", ") + (options.count > 8 ? ", ..." : "")
            fail(schema, keyword.name, "expected one of \(list); found \(Self.describe(instance))", instance)
            return false

        case .minimum(let bound):
            guard let order = Self.compare(instance, bound), order < 0 else { return true }
            fail(schema, keyword.name, "expected a number at least \(Self.brief(bound.node)), found \(Self.brief(instance))", instance)
            return false
        case .maximum(let bound):
            guard let order = Self.compare(instance, bound), order > 0 else { return true }
            fail(schema, keyword.name, "expected a number at most \(Self.brief(bound.node)), found \(Self.brief(instance))", instance)
            return false
        case .minLength(let limit):
            guard case .string(let s) = instance.content else { return true }
            if s.utf8.count >= limit * 4 || s.unicodeScalars.count >= limit { return true }
            fail(schema, keyword.name, "expected at least \(limit) characters, found \(s.unicodeScalars.count) in \(Self.brief(instance))", instance)
            return false
        case .maxLength(let limit):
            guard case .string(let s) = instance.content else { return true }
            if s.utf8.count <= limit || s.unicodeScalars.count <= limit { return true }
            fail(schema, keyword.name, "expected at most \(limit) characters, found \(s.unicodeScalars.count)", instance)
            return false
        case .pattern(let regex):
            guard case .string(let s) = instance.content else { return true }
            guard let found = test(regex, s, schema, [keyword.name], instance) else { return false }
            if found { return true }
            fail(schema, keyword.name, "expected a string matching /\(regex.source)/, found \(Self.brief(instance))", instance)
            return false
        case .minItems(let limit):
            guard case .sequence(let items) = instance.content, items.count < limit else { return true }
            fail(schema, keyword.name, "expected at least \(limit) items, found \(items.count)", instance)
            return false
        case .maxItems(let limit):
            guard case .sequence(let items) = instance.content, items.count > limit else { return true }
            fail(schema, keyword.name, "expected at most \(limit) items, found \(items.count)", instance)
            return false
        case .required(let names):
            guard case .mapping(let members) = instance.content else { return true }
            var valid = true
            for key in names where !members.hasExactKey(key) {
                fail(schema, keyword.name, "missing required property \"\(key)\"", instance)
                valid = false
                if !collectsErrors { return false }
            }
            return valid
        case .prefixItems(let prefix):
            guard case .sequence(let items) = instance.content else { return true }
            var valid = true
            for i in 0..<min(prefix.count, items.count) {
                if !child(prefix[i], items[i], instanceToken: String(i), schemaToken: String(i)) {
                    valid = false
                    if !collectsErrors { return false }
                }
            }
            if valid, annotations != nil {
                annotations!.itemCount = max(annotations!.itemCount, min(prefix.count, items.count))
            }
            return valid
        case .itemsAfter(let after, let subschema):
            guard case .sequence(let items) = instance.content else { return true }
            let valid = checkItems(items, from: after, against: subschema, annotations)
            if valid { annotations?.allItems = true }
            return valid
        case .properties(let table):
            guard case .mapping(let members) = instance.content else { return true }
            var valid = true
            if members.count <= table.count {
                var hint = 0
                let keys = members.keys
                let values = members.values
                for i in 0..<keys.count {
                    let key = keys[i]
                    guard let (subschema, place) = table.lookUp(key, hint: hint) else { continue }
                    hint = place + 1
                    if !child(subschema, values[i], instanceToken: key, schemaToken: key) {
                        valid = false
                        if !collectsErrors { return false }
                    }
                    annotations?.properties.insert(key)
                }
            } else {
                for (key, subschema) in table {
                    guard let i = members.index(forExactKey: key) else { continue }
                    if !child(subschema, members.values[i], instanceToken: key, schemaToken: key) {
                        valid = false
                        if !collectsErrors { return false }
                    }
                    annotations?.properties.insert(key)
                }
            }
            return valid
        case .closedProperties(let table, let additional):
            guard case .mapping(let members) = instance.content else { return true }
            var valid = true
            var hint = 0
            // Members by index, each value handed on in place: iterating
            // (key, value) pairs copied every value (a retain and a release of
            // its storage per member).
            let keys = members.keys
            let values = members.values
            for i in 0..<keys.count {
                let key = keys[i]
                let ok: Bool
                if let (subschema, place) = table.lookUp(key, hint: hint) {
                    hint = place + 1
                    ok = child(subschema, values[i], instanceToken: key, schemaToken: key)
                } else {
                    if collectsErrors { keywordPath.replaceLast(with: "additionalProperties") }
                    ok = child(additional, values[i], instanceToken: key)
                    if !ok, schemas[additional].constant == false, collectsErrors, droppingScopes == 0 {
                        errors.removeLast()
                        instancePath.append(key)
                        fail(schema, "additionalProperties", "property \"\(key)\" is not allowed here", values[i])
                        instancePath.removeLast()
                    }
                    if collectsErrors { keywordPath.replaceLast(with: keyword.name) }
                }
                if !ok {
                    valid = false
                    if !collectsErrors { return false }
                }
                annotations?.properties.insert(key)
            }
            return valid
        case .allOf(let subschemas):
            var valid = true
            for (i, subschema) in subschemas.enumerated() where !inPlace(subschema, instance, &annotations, String(i)) {
                valid = false
                if !collectsErrors { return false }
            }
            return valid
        case .anyOf(let subschemas):
            return checkAnyOf(subschemas, schema, keyword.name, instance, &annotations)
        case .oneOf(let subschemas):
            return checkOneOf(subschemas, schema, keyword.name, instance, &annotations)
        case .conditional(let condition, let then, let otherwise):
            var conditionAnnotations: Annotations? = annotations == nil ? nil : Annotations()
            let holds = quietly { $0.evaluate(condition, instance, &conditionAnnotations) }
            if holds, let conditionAnnotations { annotations?.merge(conditionAnnotations) }
            guard let branch = holds ? then : otherwise else { return true }
            if collectsErrors {
                keywordPath.replaceLast(with: holds ? "then" : "else")
            }
            let ok = evaluate(branch, instance, &annotations)
            if collectsErrors { keywordPath.replaceLast(with: keyword.name) }
            return ok

        case .ref(let target):
            return evaluate(target, instance, &annotations)
        default:
            return checkRarely(keyword, in: schema, instance, &annotations)
        }
    }

    /// The keywords most schemas never use, kept out of ``check(_:in:_:_:)``
    /// so the hot path stays small.
    @inline(never)
    private mutating func checkRarely(
        _ keyword: KeywordNode, in schema: SchemaNode, _ instance: Node, _ annotations: inout Annotations?
    ) -> Bool {
        switch keyword.check {
        case .exclusiveMinimum(let bound):
            guard let order = Self.compare(instance, bound), order <= 0 else { return true }
            fail(schema, keyword.name, "expected a number greater than \(Self.brief(bound.node)), found \(Self.brief(instance))", instance)
            return false
        case .exclusiveMaximum(let bound):
            guard let order = Self.compare(instance, bound), order >= 0 else { return true }
            fail(schema, keyword.name, "expected a number less than \(Self.brief(bound.node)), found \(Self.brief(instance))", instance)
            return false
        case .multipleOf(let bound):
            guard !Self.isMultiple(instance, of: bound) else { return true }
            fail(schema, keyword.name, "expected a multiple of \(Self.brief(bound.node)), found \(Self.brief(instance))", instance)
            return false

        case .format(let format):
            guard format.accepts(instance) else {
                fail(schema, keyword.name, "expected a valid \(format.rawValue), found \(Self.brief(instance))", instance)
                return false
            }
            return true

        case .content(let base64, let json):
            guard case .string(let text) = instance.content else { return true }
            var bytes = Array(text.utf8)
            if base64 {
                guard let decoded = Base64.decode(bytes) else {
                    fail(schema, "contentEncoding", "expected base64 text, found \(Self.brief(instance))", instance)
                    return false
                }
                bytes = decoded
            }
            if json, (try? JSONReader().read(bytes)) == nil {
                fail(schema, "contentMediaType", "expected a JSON document, found \(Self.brief(instance))", instance)
                return false
            }
            return true

        case .uniqueItems:
            guard case .sequence(let items) = instance.content, let (i, j) = Self.firstDuplicate(items) else { return true }
            fail(schema, keyword.name, "expected unique items, but items \(i) and \(j) are equal (\(Self.brief(items[j])))", instance)
            return false

        case .minProperties(let limit):
            guard case .mapping(let members) = instance.content, members.count < limit else { return true }
            fail(schema, keyword.name, "expected at least \(limit) properties, found \(members.count)", instance)
            return false
        case .maxProperties(let limit):
            guard case .mapping(let members) = instance.content, members.count > limit else { return true }
            fail(schema, keyword.name, "expected at most \(limit) properties, found \(members.count)", instance)
            return false
        case .dependentRequired(let dependencies):
            return checkDependentRequired(dependencies, schema, keyword.name, instance)
        case .dependentSchemas(let dependencies):
            return checkDependentSchemas(dependencies, instance, &annotations)
        case .dependencies(let required, let schemasByName):
            let a = checkDependentRequired(required, schema, keyword.name, instance)
            if !a && !collectsErrors { return false }
            let b = checkDependentSchemas(schemasByName, instance, &annotations)
            return a && b

        case .tupleItems(let prefix):
            guard case .sequence(let items) = instance.content else { return true }
            var valid = true
            for i in 0..<min(prefix.count, items.count) {
                if !child(prefix[i], items[i], instanceToken: String(i), schemaToken: String(i)) {
                    valid = false
                    if !collectsErrors { return false }
                }
            }
            return valid
        case .itemsAll(let subschema):
            guard case .sequence(let items) = instance.content else { return true }
            return checkItems(items, from: 0, against: subschema, annotations)
        case .contains(let subschema, let minimum, let maximum):
            guard case .sequence(let items) = instance.content else { return true }
            var count = 0
            var matched: [Int] = []
            for (i, item) in items.enumerated() {
                let ok = quietly { $0.child(subschema, item, instanceToken: String(i)) }
                if ok {
                    count += 1
                    matched.append(i)
                    if annotations == nil, count >= minimum, maximum == nil { break }
                }
            }
            if count < minimum {
                let what = minimum == 1 ? "at least one item" : "at least \(minimum) items"
                fail(schema, keyword.name, "expected \(what) matching the `contains` schema, found \(count)", instance)
                return false
            }
            if let maximum, count > maximum {
                fail(schema, "maxContains", "expected at most \(maximum) items matching the `contains` schema, found \(count)", instance)
                return false
            }
            annotations?.indices.formUnion(matched)
            return true

        case .patternProperties(let patterns):
            guard case .mapping(let members) = instance.content else { return true }
            var valid = true
            for (key, value) in members {
                for (regex, subschema) in patterns {
                    guard let found = test(regex, key, schema, [keyword.name, regex.source], value, member: key) else {
                        return false
                    }
                    guard found else { continue }
                    if !child(subschema, value, instanceToken: key, schemaToken: regex.source) {
                        valid = false
                        if !collectsErrors { return false }
                    }
                    annotations?.properties.insert(key)
                }
            }
            return valid
        case .additionalProperties(let subschema, let known, let patterns):
            guard case .mapping(let members) = instance.content else { return true }
            var valid = true
            for (key, value) in members where !Self.contains(known, key) {
                var matched = false
                for regex in patterns {
                    guard let found = test(regex, key, schema, ["patternProperties", regex.source], value, member: key) else {
                        return false
                    }
                    if found { matched = true; break }
                }
                if matched { continue }
                if !child(subschema, value, instanceToken: key) {
                    if schemas[subschema].constant == false, collectsErrors, droppingScopes == 0 {
                        errors.removeLast()
                        instancePath.append(key)
                        fail(schema, keyword.name, "property \"\(key)\" is not allowed here", value)
                        instancePath.removeLast()
                    }
                    valid = false
                    if !collectsErrors { return false }
                }
                annotations?.properties.insert(key)
            }
            return valid
        case .propertyNames(let subschema):
            guard case .mapping(let members) = instance.content else { return true }
            var valid = true
            for key in members.keys {
                let ok = quietly { $0.child(subschema, Node(.string(key), at: members[key]!.position), instanceToken: key) }
                if !ok {
                    fail(schema, keyword.name, "property keyword.name \"\(key)\" does not match the `propertyNames` schema", instance)
                    valid = false
                    if !collectsErrors { return false }
                }
            }
            return valid

        case .not(let subschema):
            var none: Annotations? = nil
            let matched = quietly { $0.evaluate(subschema, instance, &none) }
            guard matched else { return true }
            fail(schema, keyword.name, "expected a value that does not match the `not` schema, found \(Self.brief(instance))", instance)
            return false
        case .dynamicRef(let target, let anchor):
            var resolved = target
            if let anchor {
                for resource in dynamicScope {
                    if let found = table.resources[resource].dynamicAnchors[anchor] {
                        resolved = found
                        break
                    }
                }
            }
            return evaluate(resolved, instance, &annotations)

        case .unevaluatedProperties(let subschema):
            guard case .mapping(let members) = instance.content else { return true }
            let seen = annotations ?? Annotations()
            var valid = true
            for (key, value) in members where !seen.hasEvaluated(property: key) {
                if !child(subschema, value, instanceToken: key) {
                    if schemas[subschema].constant == false, collectsErrors, droppingScopes == 0 {
                        errors.removeLast()
                        instancePath.append(key)
                        fail(schema, keyword.name, "property \"\(key)\" is not allowed here (not evaluated by any other keyword)", value)
                        instancePath.removeLast()
                    }
                    valid = false
                    if !collectsErrors { return false }
                }
            }
            if valid { annotations?.allProperties = true }
            return valid
        case .unevaluatedItems(let subschema):
            guard case .sequence(let items) = instance.content else { return true }
            let seen = annotations ?? Annotations()
            var valid = true
            for (i, item) in items.enumerated() where !seen.hasEvaluated(item: i) {
                if !child(subschema, item, instanceToken: String(i)) {
                    valid = false
                    if !collectsErrors { return false }
                }
            }
            if valid { annotations?.allItems = true }
            return valid
        default:
            preconditionFailure("check() handles \(keyword.name)")
        }
    }

    // MARK: - Large arrays

    /// Arrays at least this long are validated on all processors when only
    /// the verdict matters.
    static let parallelThreshold = 512

    static let processorCount: Int = {
        #if canImport(Glibc) || canImport(Darwin)
        max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN)))
        #else
        1
        #endif
    }()

    /// Whether the items of an array may be split across threads: flag mode,
    /// no annotations wanted, and not already on the large-stack rerun (whose
    /// depth could not be carried to worker threads' smaller stacks).
    private func canSplit(_ count: Int, _ annotations: Annotations?) -> Bool {
        count >= Self.parallelThreshold && !collectsErrors && annotations == nil && !isOnLargeStack
    }

    /// Checks `items[start...]` against one subschema: on all processors when
    /// the array is large and only the verdict matters, else one by one.
    private mutating func checkItems(
        _ items: [Node], from start: Int, against subschema: Int, _ annotations: Annotations?
    ) -> Bool {
        if canSplit(items.count - start, annotations) { return validateInParallel(items, from: start, against: subschema) }
        var valid = true
        var i = start
        while i < items.count {
            if !child(subschema, items[i], instanceToken: String(i)) {
                valid = false
                if !collectsErrors { return false }
            }
            i += 1
        }
        return valid
    }

    /// Validates `items[start...]` in chunks that one worker per processor
    /// takes in turn; each chunk stops at its first failure, and the failure
    /// reported is the first in item order, as on one thread.
    private mutating func validateInParallel(_ items: [Node], from start: Int, against subschema: Int) -> Bool {
        let chunks = 8
        let outcomes = ChunkOutcomes(count: chunks)
        let nextChunk = Atomic<Int>(0)
        let template = self
        DispatchQueue.concurrentPerform(iterations: min(chunks, Self.processorCount)) { workerIndex in
            // Every worker walks a table of its own (see TableReplicas). The
            // caller's table too stays out of it: a worker on it ran a third
            // slower than the others in most runs.
            let borrowed = template.replicas.borrow()
            defer { if let borrowed { template.replicas.giveBack(borrowed) } }
            var fresh = template
            if let borrowed { fresh.table = borrowed }
            fresh.errors = []
            // This thread's stack is its own; so is its guard.
            fresh.stackGuard = StackGuard(depth: template.depth)
            while true {
                let chunk = nextChunk.add(1, ordering: .relaxed).oldValue
                guard chunk < chunks else { return }
                var worker = fresh
                let lower = start + (items.count - start) * chunk / chunks
                let upper = start + (items.count - start) * (chunk + 1) / chunks
                for i in lower..<upper {
                    var none: Annotations? = nil
                    if !worker.evaluate(subschema, items[i], &none) {
                        let outcome: ChunkOutcomes.Outcome =
                            if let undecided = worker.undecided { .undecided(undecided) }
                            else if worker.needsLargeStack { .needsLargeStack }
                            else { .failed(worker.errors.first) }
                        outcomes.record(outcome, at: chunk)
                        break
                    }
                }
            }
        }
        for outcome in outcomes.all {
            switch outcome {
            case .passed:
                continue
            case .needsLargeStack:
                needsLargeStack = true
                return false
            case .undecided(let error):
                undecided = error
                return false
            case .failed(let error):
                if errors.isEmpty, let error { errors.append(error) }
                return false
            }
        }
        return true
    }

    private mutating func checkDependentRequired(
        _ dependencies: [(String, [String])], _ schema: SchemaNode, _ name: String, _ instance: Node
    ) -> Bool {
        guard case .mapping(let members) = instance.content else { return true }
        var valid = true
        for (trigger, needed) in dependencies where members.hasExactKey(trigger) {
            for key in needed where !members.hasExactKey(key) {
                fail(schema, name, "property \"\(trigger)\" requires property \"\(key)\", which is missing", instance)
                valid = false
                if !collectsErrors { return false }
            }
        }
        return valid
    }

    private mutating func checkDependentSchemas(
        _ dependencies: [(String, Int)], _ instance: Node, _ annotations: inout Annotations?
    ) -> Bool {
        guard case .mapping(let members) = instance.content else { return true }
        var valid = true
        for (trigger, subschema) in dependencies where members.hasExactKey(trigger) {
            if !inPlace(subschema, instance, &annotations, trigger) {
                valid = false
                if !collectsErrors { return false }
            }
        }
        return valid
    }

    /// Runs each branch, keeping its errors apart; returns which passed.
    private mutating func branches(
        _ subschemas: [Int], _ instance: Node, _ annotations: inout Annotations?, stopAtFirstPass: Bool,
        stopAtSecondPass: Bool
    ) -> (passed: [Int], failures: [[Failure]]) {
        var passed: [Int] = []
        var failures: [[Failure]] = []
        for (i, subschema) in subschemas.enumerated() {
            let mark = errors.count
            var branchAnnotations: Annotations? = annotations == nil ? nil : Annotations()
            let ok = inPlace(subschema, instance, &branchAnnotations, String(i))
            let found = errors.count > mark ? Array(errors[mark...]) : []
            if errors.count > mark { errors.removeSubrange(mark...) }
            if ok {
                passed.append(i)
                if let branchAnnotations { annotations?.merge(branchAnnotations) }
                if stopAtFirstPass && annotations == nil { break }
                if stopAtSecondPass && passed.count > 1 { break }
            } else {
                failures.append(found)
            }
        }
        return (passed, failures)
    }

    private mutating func checkAnyOf(
        _ subschemas: [Int], _ schema: SchemaNode, _ name: String, _ instance: Node,
        _ annotations: inout Annotations?
    ) -> Bool {
        if !collectsErrors && annotations == nil {
            // Flag mode keeps at most one error; a passing branch drops the
            // failed branches' one, a failure reports the keyword itself.
            let passes = withErrorsDropped { evaluator in
                subschemas.contains { evaluator.evaluate($0, instance, &annotations) }
            }
            if passes { return true }
            fail(schema, name, "expected a value matching at least one of \(subschemas.count) alternatives; none matched", instance)
            return false
        }
        let (passed, failures) = branches(subschemas, instance, &annotations, stopAtFirstPass: true, stopAtSecondPass: false)
        if !passed.isEmpty { return true }
        let (closest, left) = Self.bounded(Self.mostRelevant(failures))
        fail(schema, name, "expected a value matching at least one of \(subschemas.count) alternatives; none matched\(Self.omission(left))", instance)
        if collectsErrors { errors += closest }
        return false
    }

    private mutating func checkOneOf(
        _ subschemas: [Int], _ schema: SchemaNode, _ name: String, _ instance: Node,
        _ annotations: inout Annotations?
    ) -> Bool {
        if !collectsErrors && annotations == nil {
            let passes = withErrorsDropped { evaluator in
                var passes = 0
                for subschema in subschemas where evaluator.evaluate(subschema, instance, &annotations) {
                    passes += 1
                    if passes > 1 { break }
                }
                return passes
            }
            if passes == 1 { return true }
            fail(schema, name, "expected a value matching exactly one alternative; \(passes == 0 ? "none" : "several") matched", instance)
            return false
        }
        var scratch: Annotations? = annotations == nil ? nil : Annotations()
        let (passed, failures) = branches(subschemas, instance, &scratch, stopAtFirstPass: false, stopAtSecondPass: true)
        if passed.count == 1 {
            if let scratch { annotations?.merge(scratch) }
            return true
        }
        if passed.isEmpty {
            let (closest, left) = Self.bounded(Self.mostRelevant(failures))
            fail(schema, name, "expected a value matching exactly one of \(subschemas.count) alternatives; none matched\(Self.omission(left))", instance)
            if collectsErrors { errors += closest }
        } else {
            fail(schema, name, "expected a value matching exactly one alternative; it matches alternatives \(passed[0]) and \(passed[1])", instance)
        }
        return false
    }

    /// How many of the closest alternative's errors a failed `anyOf` or
    /// `oneOf` keeps. Alternatives nest (a recursive `anyOf` on a deep value),
    /// and each level would otherwise repeat every error of the levels below
    /// it: errors, and output, quadratic in the depth.
    static let branchErrorLimit = 20

    /// The deepest ``branchErrorLimit`` of `errors` (the ones nearest the
    /// cause), in their order, and how many were left out.
    static func bounded(_ errors: [Failure]) -> (kept: [Failure], left: Int) {
        guard errors.count > branchErrorLimit else { return (errors, 0) }
        let deepest = errors.indices.sorted {
            let (a, b) = (errors[$0].depth, errors[$1].depth)
            return a != b ? a > b : $0 < $1
        }
        let kept = deepest.prefix(branchErrorLimit).sorted().map { errors[$0] }
        return (kept, errors.count - branchErrorLimit)
    }

    /// The note on a failed `anyOf`/`oneOf` whose closest alternative had
    /// more errors than are shown.
    static func omission(_ left: Int) -> String {
        left == 0 ? "" : " (the closest alternative's \(branchErrorLimit) deepest errors follow; \(left) more, nearer the top, are left out: fix these first)"
    }

    /// The errors of the branch that came closest: the one that got deepest
    /// into the instance, and among those the one with the fewest errors. A
    /// branch that failed only on `type` at the top was plainly not meant.
    static func mostRelevant(_ failures: [[Failure]]) -> [Failure] {
        func score(_ errors: [Failure]) -> (Int, Int, Int) {
            let depth = errors.map(\.depth).max() ?? 0
            let wrongKind = errors.contains { ($0.keyword == "type" || $0.keyword == "const") && $0.depth == 0 } ? 0 : 1
            return (wrongKind, depth, -errors.count)
        }
        return failures.max { score($0) < score($1) } ?? []
    }

    // MARK: - Values

    static func matches(_ types: TypeSet, _ instance: Node) -> Bool {
        switch instance.content {
        case .null: types.contains(.null)
        case .bool: types.contains(.boolean)
        case .integer: types.contains(.integer) || types.contains(.number)
        case .number(let d): types.contains(.number) || (types.contains(.integer) && d.isFinite && d.rounded(.towardZero) == d)
        case .string: types.contains(.string)
        case .sequence: types.contains(.array)
        case .mapping: types.contains(.object)
        }
    }

    /// The sign of `instance - bound`, or nil when the instance is no number.
    static func compare(_ instance: Node, _ bound: Bound) -> Int? {
        switch (instance.content, bound) {
        case (.integer(let a), .integer(let b)): return a < b ? -1 : (a > b ? 1 : 0)
        case (.integer(let a), .number(let b)): return compare(Double(a), b)
        case (.number(let a), _): return compare(a, bound.double)
        default: return nil
        }
    }

    private static func compare(_ a: Double, _ b: Double) -> Int { a < b ? -1 : (a > b ? 1 : 0) }

    static func isMultiple(_ instance: Node, of bound: Bound) -> Bool {
        switch (instance.content, bound) {
        case (.integer(let a), .integer(let b)):
            return a % b == 0
        case (.integer, .number), (.number, _):
            guard let x = instance.number else { return true }
            let m = bound.double
            guard x.isFinite else { return false }
            let quotient = x / m
            if !quotient.isFinite {
                // Overflow: an integer is a multiple of any m whose reciprocal is an integer.
                let reciprocal = 1 / m
                return x.rounded() == x && reciprocal.rounded() == reciprocal
            }
            if abs(quotient) >= 9.0e15 { return quotient.rounded() == quotient }
            return abs(quotient - quotient.rounded()) < 1e-9
        default:
            return true
        }
    }

    static func firstDuplicate(_ items: [Node]) -> (Int, Int)? {
        if items.count <= 24 {
            for j in items.indices {
                for i in 0..<j where items[i].isSchemaEqual(to: items[j]) { return (i, j) }
            }
            return nil
        }
        var seen: [Int: [Int]] = [:]
        for (j, item) in items.enumerated() {
            let key = jsonHash(item)
            if let candidates = seen[key], let i = candidates.first(where: { items[$0].isSchemaEqual(to: item) }) {
                return (i, j)
            }
            seen[key, default: []].append(j)
        }
        return nil
    }

    /// A hash consistent with `isJSONEqual`: `1` and `1.0` hash alike, and key
    /// order does not matter.
    static func jsonHash(_ node: Node) -> Int {
        var hasher = Hasher()
        switch node.content {
        case .null: hasher.combine(0)
        case .bool(let b): hasher.combine(b)
        case .integer(let i): hasher.combine(Double(i))
        case .number(let d): hasher.combine(d)
        case .string(let s): hasher.combine(s)
        case .sequence(let items):
            hasher.combine(items.count)
            for item in items { hasher.combine(jsonHash(item)) }
        case .mapping(let members):
            var sum = 0
            for (key, value) in members {
                var pair = Hasher()
                pair.combine(key)
                pair.combine(jsonHash(value))
                sum = sum &+ pair.finalize()
            }
            hasher.combine(sum)
        }
        return hasher.finalize()
    }

    /// A value for a message: its kind, and the value itself when short.
    static func describe(_ node: Node) -> String {
        switch node.content {
        case .null: "null"
        case .bool(let b): "boolean \(b)"
        case .integer, .number: "number \(brief(node))"
        case .string: "string \(brief(node))"
        case .sequence(let items): "an array of \(items.count) item\(items.count == 1 ? "" : "s")"
        case .mapping(let members): "an object with \(members.count) propert\(members.count == 1 ? "y" : "ies")"
        }
    }

    /// Compact JSON text of a value, cut short past 60 characters.
    static func brief(_ node: Node) -> String {
        let text = JSONWriter.write(node)
        return text.count > 60 ? String(text.prefix(57)) + "..." : text
    }
}

/// What each chunk of a parallel `items` check found; each slot is written by
/// one worker and read after `concurrentPerform` returns.
private final class ChunkOutcomes: Sendable {
    /// A failure's locations are the root (workers run in flag mode), the
    /// same in every evaluator.
    enum Outcome: Sendable { case passed, failed(Failure?), needsLargeStack, undecided(ValidationError) }
    private let slots: Locked<[Outcome]>

    init(count: Int) { slots = Locked(Array(repeating: .passed, count: count)) }

    func record(_ outcome: Outcome, at index: Int) {
        slots.withLock { $0[index] = outcome }
    }

    var all: [Outcome] { slots.withLock { $0 } }
}
