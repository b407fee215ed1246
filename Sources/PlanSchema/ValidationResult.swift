import PlanDocument

/// How a ``Validator`` reads its schema and judges instances.
public struct ValidationOptions: Sendable, Hashable {
    /// The draft for schemas without `$schema`.
    public var draft: Draft
    /// Whether `format` asserts (fails invalid dates, e-mails, ...) rather than
    /// only annotating, as draft 2020-12 does by default.
    public var formatAssertion: Bool
    /// How many schema evaluations may nest before validation gives up with
    /// a `depth` error instead of exhausting the stack.
    public var maximumDepth: Int
    /// Whether to collect every error with its locations (`false` stops at the
    /// first failure, which is all the `flag` output needs and is faster).
    public var collectsErrors: Bool

    public init(
        draft: Draft = .draft2020_12, formatAssertion: Bool = false, maximumDepth: Int = 50_000,
        collectsErrors: Bool = true
    ) {
        self.draft = draft
        self.formatAssertion = formatAssertion
        self.maximumDepth = maximumDepth
        self.collectsErrors = collectsErrors
    }
}

/// One way an instance fails its schema.
public struct ValidationError: Sendable, Hashable, CustomStringConvertible {
    /// Where in the instance: `/sections/2/status`.
    public var instanceLocation: JSONPointer
    /// The path through the schema that was followed, `$ref`s included:
    /// `/properties/sections/items/$ref/properties/status/enum`.
    public var keywordLocation: JSONPointer
    /// The keyword's absolute URI: `https://example.com/plan#/$defs/section/properties/status/enum`.
    public var absoluteKeywordLocation: String
    /// The keyword that failed, e.g. `enum`.
    public var keyword: String
    /// What was expected and what was found.
    public var message: String
    /// Where the failing instance value was read from (`.unknown` for built trees).
    public var position: SourcePosition

    public init(
        instanceLocation: JSONPointer, keywordLocation: JSONPointer, absoluteKeywordLocation: String,
        keyword: String, message: String, position: SourcePosition
    ) {
        self.instanceLocation = instanceLocation
        self.keywordLocation = keywordLocation
        self.absoluteKeywordLocation = absoluteKeywordLocation
        self.keyword = keyword
        self.message = message
        self.position = position
    }

    public var description: String {
        let at = instanceLocation.isRoot ? "(root)" : instanceLocation.description
        return "\(at): \(message)"
    }
}

/// The verdict on one instance.
public struct ValidationResult: Sendable, Hashable {
    public var isValid: Bool
    /// Empty when valid; with ``ValidationOptions/collectsErrors`` off, at most
    /// one error.
    public var errors: [ValidationError]

    public init(isValid: Bool, errors: [ValidationError]) {
        self.isValid = isValid
        self.errors = errors
    }
}
