import Foundation
import PlanDocument
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

    /// Runs `body` on a new thread with a `bytes`-byte stack and waits for it.
    private func onSmallStack(_ bytes: Int, _ body: @escaping @Sendable () -> Void) {
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            body()
            done.signal()
        }
        thread.stackSize = bytes
        thread.start()
        done.wait()
    }

    /// Evaluation stops by the stack actually left, not by an estimate per
    /// level, which sanitizer builds' larger frames outgrow: on threads with
    /// small stacks a `$ref` cycle (the schema the fuzzer found) and a deep
    /// instance finish with the verdicts and errors they have anywhere else.
    @Test(arguments: [256 * 1024, 512 * 1024, 1 << 20])
    func deepEvaluationOnASmallStackFinishesWithTheRightErrors(stackBytes: Int) throws {
        let cycle = try Validator(schema: [
            "$ref": "#/$defs/identifier",
            "$defs": ["identifier": ["$ref": "#/$defs/identifier", "type": "string"]],
        ])
        let depth = 3_000
        let instance = try JSONReader().read(String(repeating: "[", count: depth) + "1" + String(repeating: "]", count: depth))
        let recursive = try Validator(schema: ["anyOf": [["type": "integer"], ["type": "array", "items": ["$ref": "#"]]]])
        let strict = try Validator(schema: ["type": "array", "items": ["$ref": "#"]])
        nonisolated(unsafe) var results: [ValidationResult] = []
        onSmallStack(stackBytes) {
            results = [cycle.validate("id"), recursive.validate(instance), strict.validate(instance)]
        }
        try #require(results.count == 3)
        #expect(results == [cycle.validate("id"), recursive.validate(instance), strict.validate(instance)])
        #expect(results[0].errors.map(\.keyword) == ["depth"])
        #expect(results[0].errors.first?.message.contains("deeper than 50000 levels") == true)
        #expect(results[1].isValid)
        #expect(!results[2].isValid)
        #expect(results[2].errors.first?.instanceLocation.tokens.count == depth)
    }
}
