import PlanDocument

/// Why a schema could not be compiled.
///
/// Instance problems are never thrown: they are ``ValidationError`` values in
/// a ``ValidationResult``. These errors mean the schema itself (or the set of
/// registered schemas) needs fixing.
public enum SchemaError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A keyword's value has the wrong shape, e.g. `"minimum": "3"`.
    case invalidKeyword(keyword: String, location: String, expected: String)
    /// A `$ref` or `$dynamicRef` names a schema that is neither in the document
    /// nor registered.
    case unresolvedReference(reference: String, location: String)
    /// A `pattern` or `patternProperties` key is not a regular expression this
    /// validator understands.
    case invalidPattern(pattern: String, location: String, reason: String)
    /// A valid `pattern` or `patternProperties` key that uses what planbench's
    /// pattern matcher does not run (a backreference, a lookbehind, ...): the
    /// matcher bounds the work of every match, and nothing else at hand can.
    case unsupportedPattern(pattern: String, location: String, feature: String)
    /// `$schema` names a meta-schema that is not registered.
    case unknownMetaSchema(uri: String, location: String)
    /// The meta-schema requires a vocabulary this validator does not implement.
    case unsupportedVocabulary(uri: String, metaSchema: String)
    /// A schema document is not an object or a boolean.
    case notASchema(location: String)

    public var description: String {
        switch self {
        case .invalidKeyword(let keyword, let location, let expected):
            "\(location): `\(keyword)` must be \(expected)"
        case .unresolvedReference(let reference, let location):
            "\(location): cannot resolve `\(reference)`; register the schema it names (e.g. --register URI=PATH) or fix the reference"
        case .invalidPattern(let pattern, let location, let reason):
            "\(location): `\(pattern)` is not a supported ECMA-262 regular expression (\(reason))"
        case .unsupportedPattern(let pattern, let location, let feature):
            "\(location): `\(pattern)` uses \(feature), which planbench refuses: it runs patterns only where it can "
                + "bound their work (linear in the text, or stopped at a step limit with an error), and a pattern like "
                + "this can backtrack for hours on a short value; rewrite it without that (for a backreference, spell "
                + "out the repeated text or check it outside the schema)"
        case .unknownMetaSchema(let uri, let location):
            "\(location): `$schema` names \(uri), which is not known; register it or use https://json-schema.org/draft/2020-12/schema"
        case .unsupportedVocabulary(let uri, let metaSchema):
            "meta-schema \(metaSchema) requires the vocabulary \(uri), which this validator does not implement"
        case .notASchema(let location):
            "\(location): a schema must be an object or a boolean"
        }
    }
}
