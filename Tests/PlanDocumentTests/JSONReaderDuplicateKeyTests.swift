// Duplicate object keys are refused at every mapping size: small mappings are
// checked pair by pair, larger ones through the dictionary (JSONReader.makeMapping).
import Testing
@testable import PlanDocument

@Suite struct JSONReaderDuplicateKeyTests {
    /// An object with `count` distinct keys `k0`...; with `duplicateAt`, the
    /// key at that place repeats `k0` instead.
    static func object(count: Int, duplicateAt: Int?) -> String {
        let members = (0..<count).map { i in "\"k\(i == duplicateAt ? 0 : i)\": \(i)" }
        return "{" + members.joined(separator: ", ") + "}"
    }

    @Test(arguments: [2, 8, 9, 15, 16, 40])
    func refusesARepeatedKeyAtTheSecondOccurrence(count: Int) throws {
        let text = Self.object(count: count, duplicateAt: count - 1)
        let error = try #require(throws: DocumentError.self) { try JSONReader().read(text) }
        #expect(error.message.contains("duplicate key \"k0\""))
        // The repeated key is the last member: its opening quote's column.
        let column = text.utf8.count - "\"k0\": \(count - 1)}".utf8.count + 1
        #expect(error.position == SourcePosition(line: 1, column: column))
    }

    @Test(arguments: [2, 8, 9, 15, 16, 40])
    func keepsDistinctKeysOfEqualLength(count: Int) throws {
        let node = try JSONReader().read(Self.object(count: count, duplicateAt: nil))
        #expect(node.mapping?.count == count)
        #expect(node["k\(count - 1)"]?.integer == count - 1)
    }

    @Test func tellsKeysOfEqualLengthApartByContent() throws {
        let node = try JSONReader().read(#"{"ab": 1, "ba": 2, "\u00e9x": 3, "x\u00e9": 4, "abc": 5}"#)
        #expect(node.mapping.map { Array($0.keys) } == ["ab", "ba", "éx", "xé", "abc"])
    }
}
