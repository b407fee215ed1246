// Large arrays are checked on several threads, each walking its own copy of
// the compiled schemas; the copies must number every subschema as the
// original does, dynamic anchors included.
import PlanDocument
import Testing
@testable import PlanSchema

@Suite struct ParallelItemsTests {
    /// The list's `$dynamicRef` resolves, through the dynamic scope, to the
    /// root's `a0`, a schema the keywords never reach, compiled only with
    /// its resource's dynamic anchors; so are nine others next to it that
    /// want strings instead of integers.
    static let schema: Node = {
        var defs: [(String, Node)] = (0..<10).map { i in
            ("a\(i)", ["$dynamicAnchor": Node(.string("a\(i)")), "items": ["type": i == 0 ? "integer" : "string"]])
        }
        defs.append(("list", [
            "$id": "list", "$dynamicRef": "#a0",
            "$defs": ["fallback": ["$dynamicAnchor": "a0", "items": true]],
        ]))
        return [
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": "https://planbench.example/root",
            "$ref": "list",
            "$defs": Node(.mapping(.init(uniqueKeysWithValues: defs))),
        ]
    }()

    @Test func isValidAgreesWithValidateOnTwoThousandItemsThroughDynamicAnchors() throws {
        let integers = Node(.sequence((0..<2_000).map { Node(.integer($0)) }))
        let strings = Node(.sequence((0..<2_000).map { Node(.string("s\($0)")) }))
        // Each compilation numbers the schemas afresh: try several.
        for _ in 0..<20 {
            let validator = try Validator(schema: Self.schema)
            #expect(validator.validate(integers).isValid)
            #expect(validator.isValid(integers))
            #expect(!validator.validate(strings).isValid)
            #expect(!validator.isValid(strings))
        }
    }

    @Test func compilingTwiceNumbersEverySchemaTheSame() throws {
        func locations() throws -> [String] {
            var compiler = Compiler(registry: SchemaRegistry(), options: ValidationOptions())
            _ = try compiler.compileRoot(Self.schema, uri: "https://planbench.example/root")
            return compiler.schemas.map(\.absoluteLocation)
        }
        let first = try locations()
        for _ in 0..<20 { #expect(try locations() == first) }
    }
}
