import PlanDocument
import Testing
@testable import PlanSchema

/// A failed `anyOf`/`oneOf` keeps a bounded number of its closest
/// alternative's errors, so the errors of nested alternatives (a recursive
/// schema on a deep value) grow with the instance, not with its square.
@Suite struct NestedAlternativeErrorTests {
    /// `{"a": {"a": ... {"a": "leaf"}}}`, `depth` objects deep.
    static func chain(depth: Int) throws -> (Node, Int) {
        let text = String(repeating: "{\"a\":", count: depth) + "\"leaf\"" + String(repeating: "}", count: depth)
        return (try JSONReader().read(text), text.utf8.count)
    }

    /// Each object is three levels of evaluation (the alternative, its
    /// object branch, the property's `$ref`): under ThreadSanitizer, which
    /// stops at 4,000 levels (ThreadSanitizerLimit), the chains are a fifth
    /// as deep as elsewhere (at most 1,000 objects, 3,000 levels), in the same
    /// ratio, and still far past a worker thread's stack.
    static func depths(_ wanted: [Int]) -> [Int] {
        ThreadSanitizerLimit.maximumDepth == nil ? wanted : wanted.map { $0 / 5 }
    }

    static func schema(_ keyword: String) -> Node {
        [
            "$id": "https://planbench.example/tree",
            "$defs": [
                "node": [
                    keyword: [
                        ["type": "object", "required": ["a"], "properties": ["a": ["$ref": "#/$defs/node"]]],
                        ["type": "integer"],
                    ]
                ]
            ],
            "$ref": "#/$defs/node",
        ]
    }

    @Test(arguments: ["anyOf", "oneOf"])
    func errorsOfARecursiveAlternativeGrowLinearlyWithDepth(keyword: String) throws {
        let validator = try Validator(schema: Self.schema(keyword))
        var sizes: [Int] = []
        let depths = Self.depths([2_500, 5_000])
        for depth in depths {
            let (instance, bytes) = try Self.chain(depth: depth)
            let result = validator.validate(instance)
            #expect(!result.isValid)
            #expect(result.errors.count <= Evaluator.branchErrorLimit + 1)
            let text = result.text(fileName: "deep.json")
            let basic = result.rendered(.basic, fileName: "deep.json", pretty: false)
            // Each kept error spells out its path once: linear in the depth.
            #expect(text.utf8.count < 64 * bytes, "text output \(text.utf8.count) bytes for a \(bytes)-byte instance")
            #expect(basic.utf8.count < 1_024 * bytes, "basic output \(basic.utf8.count) bytes for a \(bytes)-byte instance")
            sizes.append(basic.utf8.count)
            // The cause, at the bottom, is among what is kept.
            let deepest = try #require(result.errors.map(\.instanceLocation.tokens.count).max())
            #expect(deepest == depth)
            #expect(result.errors[0].keyword == keyword)
            #expect(result.errors[0].message.contains("more, nearer the top, are left out"))
        }
        #expect(sizes[1] < 5 * sizes[0] / 2, "basic output: \(sizes[0]) bytes at depth \(depths[0]), \(sizes[1]) at \(depths[1])")
    }

    /// Four times as deep, at most about four times the work of recording error
    /// locations and four times the output (quadratic would be sixteen): every
    /// level's failed alternatives are recorded, and most are dropped a level up.
    @Test(arguments: ["anyOf", "oneOf"])
    func workOfARecursiveAlternativeGrowsLinearlyWithDepth(keyword: String) throws {
        let validator = try Validator(schema: Self.schema(keyword))
        var measured: [(tokens: Int, text: Int, basic: Int)] = []
        let depths = Self.depths([1_000, 4_000])
        for depth in depths {
            let (instance, _) = try Self.chain(depth: depth)
            let (result, tokens) = validator.run(instance, options: validator.options)
            #expect(!result.isValid)
            let text = result.text(fileName: "deep.json").utf8.count
            let basic = result.rendered(.basic, fileName: "deep.json", pretty: false).utf8.count
            measured.append((tokens, text, basic))
            // A bounded number of location tokens per level of the instance.
            #expect(tokens < 200 * depth, "\(tokens) location tokens at depth \(depth)")
        }
        let (shallow, deep) = (measured[0], measured[1])
        #expect(deep.tokens < 5 * shallow.tokens, "location tokens: \(shallow.tokens) at depth \(depths[0]), \(deep.tokens) at \(depths[1])")
        #expect(deep.text < 5 * shallow.text, "text output: \(shallow.text) bytes at depth \(depths[0]), \(deep.text) at \(depths[1])")
        #expect(deep.basic < 5 * shallow.basic, "basic output: \(shallow.basic) bytes at depth \(depths[0]), \(deep.basic) at \(depths[1])")
    }

    @Test func aFewErrorsAreKeptWhole() throws {
        let validator = try Validator(schema: Self.schema("anyOf"))
        let (instance, _) = try Self.chain(depth: 3)
        let result = validator.validate(instance)
        #expect(result.errors.map(\.keyword) == ["anyOf", "anyOf", "anyOf", "anyOf", "type"])
        #expect(!result.errors[0].message.contains("left out"))
    }
}
