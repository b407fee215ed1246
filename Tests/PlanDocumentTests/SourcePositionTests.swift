import Testing
import PlanDocument

@Suite struct SourcePositionTests {
    @Test func keepsLinesAndColumnsAndClampsBeyondThirtyTwoBits() {
        var position = SourcePosition(line: 12, column: 40)
        #expect(position.line == 12 && position.column == 40)
        #expect(position.description == "12:40")
        position.line = Int(Int32.max) + 5
        position.column = Int(Int32.min) - 5
        #expect(position.line == Int(Int32.max))
        #expect(position.column == Int(Int32.min))
        #expect(!SourcePosition.unknown.isKnown && SourcePosition(line: 1, column: 1).isKnown)
    }
}
