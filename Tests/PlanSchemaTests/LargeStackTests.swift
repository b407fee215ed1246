import Testing
@testable import PlanSchema

@Suite struct LargeStackTests {
    /// The stack left below the caller comes from pthread_getattr_np (through
    /// CSystemShims on Linux): known, and within the thread's stack.
    @Test func knowsTheStackLeftOnThisThreadAndOnALargeOne() throws {
        #if os(Linux) || os(macOS)
        let here = try #require(LargeStack.remainingBytes())
        #expect(here > 0)
        nonisolated(unsafe) var onLargeStack: Int? = nil
        #expect(LargeStack.run { onLargeStack = LargeStack.remainingBytes() })
        let there = try #require(onLargeStack)
        #expect(there > LargeStack.size - (1 << 20) && there <= LargeStack.size)
        #endif
    }
}
