// JSON Schema compares property names code point by code point: "é" (U+00E9)
// and "e" + U+0301 are different names, whatever Swift's `String ==` says,
// and at any number of properties.
import PlanDocument
import Testing
@testable import PlanSchema

@Suite struct PropertyNameMatchingTests {
    static let composed = "caf\u{E9}"
    static let decomposed = "cafe\u{301}"
    /// Two spellings with the same length and code points in another order
    /// (combining marks of different classes), canonically equivalent.
    static let marksAB = "a\u{301}\u{316}"
    static let marksBA = "a\u{316}\u{301}"

    /// A schema whose `properties` has `count` names, `name` among them,
    /// with `name` wanting an integer.
    static func schema(count: Int, name: String, closed: Bool) -> Node {
        var properties: Node = [:]
        for i in 0..<(count - 1) { properties["p\(i)"] = ["type": "string"] }
        properties[name] = ["type": "integer"]
        var schema: Node = ["properties": properties]
        if closed { schema["additionalProperties"] = ["type": "string"] }
        return schema
    }

    @Test(arguments: [1, 8, 9, 20], [false, true])
    func propertiesMatchNamesByCodePoints(count: Int, closed: Bool) throws {
        for (name, other) in [(Self.composed, Self.decomposed), (Self.marksAB, Self.marksBA)] {
            let validator = try Validator(schema: Self.schema(count: count, name: name, closed: closed))
            // The same name: the property's schema applies.
            #expect(!validator.isValid([name: "text"]))
            #expect(!validator.validate([name: "text"]).isValid)
            // The other spelling is another name: the property's schema does not apply.
            #expect(validator.isValid([other: "text"]))
            #expect(validator.validate([other: "text"]).isValid)
        }
    }

    @Test func additionalPropertiesKnowsNamesByCodePoints() throws {
        let validator = try Validator(schema: [
            "properties": [Self.composed: true], "patternProperties": ["^x": true],
            "additionalProperties": false,
        ])
        #expect(validator.isValid([Self.composed: 1]))
        #expect(!validator.isValid([Self.decomposed: 1]))
    }

    @Test func requiredAndDependenciesNameKeysByCodePoints() throws {
        let required = try Validator(schema: ["required": [Node(.string(Self.composed))]])
        #expect(required.isValid([Self.composed: 1]))
        #expect(!required.isValid([Self.decomposed: 1]))
        #expect(!required.validate([Self.decomposed: 1]).isValid)

        let dependent = try Validator(schema: ["dependentRequired": [Self.composed: ["x"]]])
        #expect(!dependent.isValid([Self.composed: 1]))
        #expect(dependent.isValid([Self.decomposed: 1]))
    }

    @Test func constComparesKeysByCodePoints() throws {
        let validator = try Validator(schema: ["const": [Self.composed: 1]])
        #expect(validator.isValid([Self.composed: 1]))
        #expect(!validator.isValid([Self.decomposed: 1]))
    }
}
