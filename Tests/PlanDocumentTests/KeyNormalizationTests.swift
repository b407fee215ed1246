// Keys that are one text in two Unicode normalization forms: different code
// points, equal by Swift's `String ==`. A mapping cannot hold both, so both
// readers refuse the pair as a duplicate and say why.
import Testing
@testable import PlanDocument

@Suite struct KeyNormalizationTests {
    static let composed = "caf\u{E9}"  // é as one code point (NFC)
    static let decomposed = "cafe\u{301}"  // e + combining acute (NFD)

    /// A JSON object with `count` members, the last two the two spellings.
    static func jsonObject(count: Int) -> String {
        let fillers = (0..<(count - 2)).map { "\"k\($0)\": \($0)" }
        return "{" + (fillers + ["\"\(composed)\": 1", "\"\(decomposed)\": 2"]).joined(separator: ", ") + "}"
    }

    @Test(arguments: [2, 8, 15, 16, 40])
    func jsonReaderRefusesKeysThatDifferOnlyInNormalization(count: Int) throws {
        let text = Self.jsonObject(count: count)
        let error = try #require(throws: DocumentError.self) { try JSONReader().read(text) }
        #expect(error.message.contains("another Unicode normalization form"))
        #expect(error.message.contains("U+00E9") && error.message.contains("U+0065 U+0301"))
        // At the second spelling's opening quote.
        let column = text.unicodeScalars.count - "\"\(Self.decomposed)\": 2}".unicodeScalars.count + 1
        #expect(error.position == SourcePosition(line: 1, column: column))
    }

    @Test func yamlReaderRefusesKeysThatDifferOnlyInNormalization() throws {
        let text = "\(Self.composed): 1\n\(Self.decomposed): 2\n"
        let error = try #require(throws: DocumentError.self) { try YAMLReader().read(text) }
        #expect(error.message.contains("another Unicode normalization form"))
        #expect(error.position == SourcePosition(line: 1, column: 1))
    }

    /// Mappings with the same keys share one key list; a list spelled in
    /// the other form is another list, so each mapping keeps its keys' code
    /// points as written.
    @Test(arguments: ["yaml", "json"])
    func readersKeepEachMappingsSpellingOfItsKeys(format: String) throws {
        let node = format == "yaml"
            ? try YAMLReader().read("- {\(Self.composed): 1}\n- {\(Self.decomposed): 2}\n")
            : try JSONReader().read("[{\"\(Self.composed)\": 1}, {\"\(Self.decomposed)\": 2}]")
        let first = try #require(node[0]?.mapping?.keys.first)
        let second = try #require(node[1]?.mapping?.keys.first)
        #expect(Array(first.unicodeScalars) == Array(Self.composed.unicodeScalars))
        #expect(Array(second.unicodeScalars) == Array(Self.decomposed.unicodeScalars))
    }

    @Test func exactKeyLookupComparesCodePoints() throws {
        let node = try JSONReader().read("{\"\(Self.composed)\": 1}")
        let members = try #require(node.mapping)
        #expect(members.hasExactKey(Self.composed))
        #expect(!members.hasExactKey(Self.decomposed))
        #expect(members[exactKey: Self.decomposed] == nil)
        #expect(members[exactKey: Self.composed] == 1)
    }
}
