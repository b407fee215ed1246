import PlanDocument
import Testing
@testable import PlanSchema

@Suite struct ValidatorTests {
    static let planSchema: Node = [
        "$id": "https://planbench.example/plan",
        "type": "object",
        "required": ["id", "status"],
        "properties": [
            "id": ["type": "string", "pattern": "^[a-z][a-z0-9-]*$"],
            "status": ["enum": ["draft", "review", "final"]],
            "sections": ["type": "array", "items": ["$ref": "#/$defs/section"]],
        ],
        "$defs": [
            "section": [
                "type": "object",
                "required": ["title"],
                "properties": ["title": ["type": "string", "minLength": 1], "weight": ["type": "integer"]],
            ]
        ],
    ]

    @Test func reportsLocationsPositionsAndExpectedVersusFound() throws {
        let validator = try Validator(schema: Self.planSchema)
        let yaml = "id: isr\nstatus: dratf\nsections:\n  - title: Watch\n    weight: 2.5\n"
        let result = validator.validate(try YAMLReader().read(yaml))
        #expect(!result.isValid)
        let status = try #require(result.errors.first { $0.instanceLocation == JSONPointer("/status") })
        #expect(status.keywordLocation == JSONPointer("/properties/status/enum"))
        #expect(status.absoluteKeywordLocation == "https://planbench.example/plan#/properties/status/enum")
        #expect(status.position == SourcePosition(line: 2, column: 9))
        #expect(status.message.contains("\"draft\"") && status.message.contains("\"dratf\""))
        let weight = try #require(result.errors.first { $0.instanceLocation == JSONPointer("/sections/0/weight") })
        #expect(weight.keywordLocation == JSONPointer("/properties/sections/items/$ref/properties/weight/type"))
        #expect(weight.absoluteKeywordLocation == "https://planbench.example/plan#/$defs/section/properties/weight/type")
        #expect(weight.message == "expected integer, found number 2.5")
        #expect(weight.position == SourcePosition(line: 5, column: 13))
    }

    @Test func textOutputNamesFileLineColumnAndPath() throws {
        let validator = try Validator(schema: Self.planSchema)
        let json = "{\n  \"id\": \"Bad Id\",\n  \"status\": \"final\"\n}"
        let text = validator.validate(try JSONReader().read(json)).text(fileName: "plan.json")
        #expect(text == "plan.json:2:9: /id: expected a string matching /^[a-z][a-z0-9-]*$/, found \"Bad Id\"\n")
        let valid = validator.validate(try JSONReader().read(#"{"id": "ok", "status": "final"}"#))
        #expect(valid.text(fileName: "plan.json") == "plan.json: valid\n")
    }

    @Test func basicOutputIsTheStandardShape() throws {
        let validator = try Validator(schema: ["properties": ["~a/b": ["type": "number"]]])
        let result = validator.validate(["~a/b": "x"])
        let output = result.basicOutput
        #expect(output["valid"] == false)
        let error = try #require(output["errors"]?[0])
        #expect(error["keywordLocation"]?.string == "/properties/~0a~1b/type")
        #expect(error["instanceLocation"]?.string == "/~0a~1b")
        #expect(error["absoluteKeywordLocation"]?.string == "urn:planbench:schema#/properties/~0a~1b/type")
        #expect(error["error"]?.string == "expected number, found string \"x\"")
        #expect(validator.validate(["~a/b": 1]).rendered(.flag, fileName: "x", pretty: false) == #"{"valid":true}"#)
    }

    @Test func anyOfReportsTheClosestAlternativeOnly() throws {
        let schema: Node = [
            "anyOf": [
                ["type": "string"],
                ["type": "object", "required": ["kind", "name"], "properties": ["kind": ["const": "task"], "name": ["type": "string"]]],
                ["type": "object", "required": ["kind"], "properties": ["kind": ["const": "role"]]],
            ]
        ]
        let validator = try Validator(schema: schema)
        let result = validator.validate(["kind": "task", "name": 7])
        #expect(!result.isValid)
        #expect(result.errors.map(\.keyword) == ["anyOf", "type"])
        #expect(result.errors[1].keywordLocation == JSONPointer("/anyOf/1/properties/name/type"))
        let text = result.text(fileName: "t.yaml")
        #expect(text.contains("closest alternative:\n"))
        #expect(text.contains("  /name: expected string, found number 7"))
    }

    @Test func flagModeAgreesAndStopsAtOneError() throws {
        let validator = try Validator(schema: Self.planSchema, options: .init(collectsErrors: false))
        let result = validator.validate(["id": 1, "status": "x"])
        #expect(!result.isValid)
        #expect(result.errors.count == 1)
        #expect(!validator.isValid(["id": 1]))
        #expect(validator.isValid(["id": "a", "status": "draft"]))
    }

    @Test func formatAssertsOnlyWhenAsked() throws {
        let schema: Node = ["format": "date"]
        #expect(try Validator(schema: schema).isValid("2021-02-30"))
        let asserting = try Validator(schema: schema, options: .init(formatAssertion: true))
        #expect(!asserting.isValid("2021-02-30"))
        #expect(asserting.isValid("2024-02-29"))
    }

    @Test func draftSevenIgnoresSiblingsOfRef() throws {
        let schema: Node = ["definitions": ["s": ["type": "string"]], "$ref": "#/definitions/s", "maxLength": 1]
        #expect(try Validator(schema: schema, options: .init(draft: .draft7)).isValid("long"))
        #expect(try !Validator(schema: schema, options: .init(draft: .draft2020_12)).isValid("long"))
    }

    @Test func registeredSchemasResolveByURI() throws {
        var registry = SchemaRegistry()
        registry.register(["$defs": ["id": ["type": "string"]]], uri: "https://example.com/common.json")
        let validator = try Validator(schema: ["$ref": "https://example.com/common.json#/$defs/id"], registry: registry)
        #expect(validator.isValid("x"))
        #expect(!validator.isValid(1))
        // The bundled meta-schema validates schemas.
        let meta = try Validator(schema: ["$ref": "https://json-schema.org/draft/2020-12/schema"])
        #expect(meta.isValid(Self.planSchema))
        #expect(!meta.isValid(["type": "strin"]))
    }

    @Test func badSchemasFailAtCompileTimeWithTheirLocation() {
        #expect(throws: SchemaError.unresolvedReference(reference: "#/$defs/missing", location: "urn:planbench:schema#")) {
            try Validator(schema: ["$ref": "#/$defs/missing"])
        }
        #expect(throws: SchemaError.invalidKeyword(keyword: "minimum", location: "urn:planbench:schema#/properties/n", expected: "a number")) {
            try Validator(schema: ["properties": ["n": ["minimum": "3"]]])
        }
        #expect {
            try Validator(schema: ["pattern": "(unclosed"])
        } throws: { error in
            guard case .invalidPattern(let pattern, _, _) = error as? SchemaError else { return false }
            return pattern == "(unclosed"
        }
        #expect {
            try Validator(schema: ["$schema": "https://example.com/unknown-meta"])
        } throws: { error in
            guard case .unknownMetaSchema = error as? SchemaError else { return false }
            return true
        }
    }

    @Test func refCycleWithoutProgressEndsWithADepthError() throws {
        let schema: Node = ["$defs": ["a": ["$ref": "#/$defs/b"], "b": ["$ref": "#/$defs/a"]], "$ref": "#/$defs/a"]
        let validator = try Validator(schema: schema, options: .init(maximumDepth: 1_000))
        let result = validator.validate(1)
        #expect(!result.isValid)
        #expect(result.errors.first?.message.contains("deeper than 1000") == true)
    }

    /// As deep as the JSON reader allows (10,000 arrays: 20,000 levels of
    /// evaluation), or under ThreadSanitizer 1,500 (3,000 levels, within
    /// ThreadSanitizerLimit): either way far past a worker thread's stack.
    @Test func validatesDeepInstancesOnAnyThread() async throws {
        let depth = ThreadSanitizerLimit.maximumDepth == nil ? JSONReader().maximumDepth : 1_500
        let text = String(repeating: "[", count: depth) + "1" + String(repeating: "]", count: depth)
        let instance = try JSONReader().read(text)
        let validator = try Validator(schema: ["type": ["array", "integer"], "items": ["$ref": "#"]])
        #expect(validator.isValid(instance))
        let strict = try Validator(schema: ["type": "array", "items": ["$ref": "#"]])
        let result = strict.validate(instance)
        #expect(!result.isValid)
        #expect(result.errors.first?.instanceLocation.tokens.count == depth)
        // From concurrent tasks too (small worker stacks).
        let verdicts = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<4 { group.addTask { validator.isValid(instance) } }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(verdicts == [true, true, true, true])
    }

    @Test func hugeNumbersCompareWithoutTrapping() throws {
        let instance = try JSONReader().read("[1e400, -1e400, 123456789012345678901234567890, 9223372036854775807]")
        let validator = try Validator(schema: ["items": ["type": "integer", "maximum": 9223372036854775807, "multipleOf": 7]])
        let result = validator.validate(instance)
        #expect(!result.isValid)
        #expect(try Validator(schema: ["items": ["type": "number"]]).isValid(instance))
        #expect(try Validator(schema: ["const": 1]).isValid(1.0))
    }

    @Test func minLengthCountsCodePoints() throws {
        let validator = try Validator(schema: ["minLength": 2, "maxLength": 2])
        #expect(!validator.isValid("💩"))
        #expect(validator.isValid("💩💩"))
        #expect(validator.isValid("e\u{301}"))
    }

    @Test func patternsFollowECMAScript() throws {
        #expect(try Validator(schema: ["pattern": "^\\p{L}+$"]).isValid("Größe"))
        #expect(try !Validator(schema: ["pattern": "^\\d+$"]).isValid("৪২"))
        #expect(try !Validator(schema: ["pattern": "^abc$"]).isValid("abc\n"))
        #expect(try Validator(schema: ["pattern": "b"]).isValid("abc"))
    }

    @Test func largeArraysSplitAcrossThreadsGiveTheSameVerdict() throws {
        let schema: Node = ["items": ["$ref": "#/$defs/item"], "$defs": ["item": ["type": "object", "required": ["n"], "properties": ["n": ["type": "integer"]]]]]
        let flag = try Validator(schema: schema, options: .init(collectsErrors: false))
        let full = try Validator(schema: schema)
        var items = (0..<2_000).map { Node(.mapping(["n": Node(.integer($0))])) }
        let valid = Node(.sequence(items))
        #expect(flag.isValid(valid))
        items[1_777] = ["n": "x"]
        let invalid = Node(.sequence(items))
        let quick = flag.validate(invalid)
        #expect(!quick.isValid)
        #expect(quick.errors.count == 1)
        #expect(full.validate(invalid).errors.map(\.instanceLocation) == [JSONPointer("/1777/n")])
    }

    @Test func deepItemInsideALargeArrayFallsBackToTheLargeStack() throws {
        let tree: Node = ["anyOf": [["type": "integer"], ["type": "array", "items": ["$ref": "#"]]]]
        let validator = try Validator(schema: tree, options: .init(collectsErrors: false))
        // Two levels of evaluation per array (3,000 under ThreadSanitizer, within ThreadSanitizerLimit).
        let levels = ThreadSanitizerLimit.maximumDepth == nil ? 5_000 : 1_500
        let deep = try JSONReader().read(String(repeating: "[", count: levels) + "1" + String(repeating: "]", count: levels))
        var items = Array(repeating: Node(.integer(1)), count: 1_000)
        items[600] = deep
        #expect(validator.isValid(Node(.sequence(items))))
        items[999] = "no"
        #expect(!validator.isValid(Node(.sequence(items))))
    }

    @Test func threadsOfALargeArrayCheckWalkTablesOfTheirOwn() throws {
        let schema: Node = [
            "items": ["$ref": "#/$defs/item"],
            "$defs": ["item": ["enum": ["one item kind", "another item kind"], "title": "a title long enough to be a heap string"]],
        ]
        let validator = try Validator(schema: schema, options: .init(collectsErrors: false))
        let replica = try #require(validator.replicas.borrow())
        defer { validator.replicas.giveBack(replica) }
        #expect(replica.nodes.count == validator.table.nodes.count)
        // No object is shared: not the nodes, not the keywords, not the enum's values.
        for (own, copy) in zip(validator.table.nodes, replica.nodes) {
            #expect(own !== copy)
            for (a, b) in zip(own.keywords, copy.keywords) {
                #expect(a !== b)
                if case .enumeration(let mine) = a.check, case .enumeration(let theirs) = b.check {
                    #expect(mine == theirs)
                    mine.withUnsafeBufferPointer { m in
                        theirs.withUnsafeBufferPointer { t in #expect(m.baseAddress != t.baseAddress) }
                    }
                }
            }
        }
        let items = (0..<2_000).map { Node(.string($0 == 1_500 ? "a third kind" : "one item kind")) }
        #expect(!validator.isValid(Node(.sequence(items))))
        #expect(validator.isValid(Node(.sequence(Array(items[..<1_500])))))
    }
}
