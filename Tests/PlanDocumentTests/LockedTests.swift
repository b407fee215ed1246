import Dispatch
import PlanDocument
import Testing

@Suite struct LockedTests {
    /// Threads changing one value at once through the lock lose no change.
    /// Under `Tools/test --sanitize thread` the contended critical sections
    /// also raise no race report: with Synchronization's `Mutex`, whose
    /// contended lock is taken where ThreadSanitizer cannot see on Linux,
    /// this same test was reported as a race.
    @Test func contendedChangesAreNeitherLostNorReportedAsRaces() {
        let counts = Locked<[Int: Int]>([:])
        DispatchQueue.concurrentPerform(iterations: 8) { worker in
            for i in 0..<20_000 { counts.withLock { $0[(i + worker) % 64, default: 0] += 1 } }
        }
        #expect(counts.withLock { $0.values.reduce(0, +) } == 160_000)
        #expect(counts.withLock { $0.count } == 64)
    }

    /// The value comes back out, and an error thrown inside leaves the lock
    /// free for the next caller.
    @Test func returnsWhatTheBodyReturnsAndUnlocksOnAThrow() {
        struct Refused: Error {}
        let name = Locked("draft")
        #expect(throws: Refused.self) { try name.withLock { (_: inout String) throws(Refused) in throw Refused() } }
        #expect(name.withLock { value in value += " 2"; return value.count } == 7)
        #expect(name.withLock { $0 } == "draft 2")
    }
}
