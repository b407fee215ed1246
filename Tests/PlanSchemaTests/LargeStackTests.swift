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

    /// Whether `message` is the error of a `$ref` cycle stopped at `limit`
    /// levels, or, in an AddressSanitizer build, whose debug frames fill the
    /// 1 GiB stack first (at 35,180 levels), the error that says so.
    static func isTheDepthError(_ message: String?, limit: Int) -> Bool {
        guard let message else { return false }
        if message.contains("validation nests deeper than \(limit) levels") { return true }
        return dlsym(nil, "__asan_init") != nil && message.contains("all that a 1 GiB stack holds in this build")
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
        // Three levels of evaluation per array: 9,000 levels, or 3,000 under
        // ThreadSanitizer, which stops at 4,000 (ThreadSanitizerLimit); either
        // way far more than a 1 MiB stack holds, so the large stack takes over.
        let depth = ThreadSanitizerLimit.maximumDepth == nil ? 3_000 : 1_000
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
        #expect(Self.isTheDepthError(results[0].errors.first?.message, limit: ThreadSanitizerLimit.maximumDepth ?? 50_000))
        #expect(results[1].isValid)
        #expect(!results[2].isValid)
        #expect(results[2].errors.first?.instanceLocation.tokens.count == depth)
    }

    /// A ThreadSanitizer build cannot nest deeper than its shadow call stack
    /// allows, however large the stack: there a `$ref` cycle stops at
    /// ``ThreadSanitizerLimit/maximumDepth`` with the depth error (before the
    /// limit, the whole process died inside the sanitizer); in every other
    /// build there is no such limit and the cycle stops at the options' depth.
    @Test func aThreadSanitizerBuildStopsAtItsOwnDepthLimit() throws {
        let underThreadSanitizer = dlsym(nil, "__tsan_init") != nil
        #expect((ThreadSanitizerLimit.maximumDepth != nil) == underThreadSanitizer)
        let cycle = try Validator(schema: ["$ref": "#"])
        let result = cycle.validate(1)
        #expect(!result.isValid)
        #expect(result.errors.map(\.keyword) == ["depth"])
        #expect(Self.isTheDepthError(result.errors.first?.message, limit: underThreadSanitizer ? 4_000 : 50_000), "\(result.errors)")
        // A smaller limit of the caller's own still applies.
        let shallow = try Validator(schema: ["$ref": "#"], options: .init(maximumDepth: 300))
        #expect(shallow.validate(1).errors.first?.message.contains("deeper than 300 levels") == true)
    }

    /// A `$ref` cycle allowed to nest further than even the large stack holds
    /// stops with a depth error that says so, never a crash. (The large stack
    /// had no guard: a debug build died of SIGSEGV here, and an
    /// AddressSanitizer build, whose frames are larger, already at the
    /// default maximum depth on the fuzzer's saved schema input.)
    @Test func evaluationDeeperThanTheLargeStackHoldsFailsWithAnError() throws {
        let cycle = try Validator(schema: ["$ref": "#"], options: .init(maximumDepth: 100_000_000))
        let result = cycle.validate(1)
        #expect(!result.isValid)
        #expect(result.errors.map(\.keyword) == ["depth"])
        let message = try #require(result.errors.first?.message)
        if let limit = ThreadSanitizerLimit.maximumDepth {
            // Under ThreadSanitizer its own, lower limit comes first.
            #expect(message.contains("deeper than \(limit) levels"), "\(message)")
        } else {
            #expect(message.contains("all that a 1 GiB stack holds in this build"), "\(message)")
        }
        #expect(!cycle.isValid(1))
    }
}
