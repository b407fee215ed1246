import Testing
@testable import PlanDocument

@Suite struct YAMLReaderTests {
    @Test func keepsKeyOrderAndPositions() throws {
        let node = try YAMLReader().read("b: 1\na:\n  - x\n  - 2.5\n")
        #expect(node.mapping.map { Array($0.keys) } == ["b", "a"])
        #expect(node["a"]?[0]?.string == "x")
        #expect(node["a"]?[1]?.position == SourcePosition(line: 4, column: 5))
        #expect(node["a"]?[1]?.kind == .number)
    }
}
