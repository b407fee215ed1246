// The one way planbench spreads independent work (parsing documents, reading
// files) over the processors.
import Dispatch
import Foundation
import PlanDocument

/// Maps work over indices on all cores, results in index order.
public enum ParallelMap {
    /// `body` for every index, on Dispatch's worker threads in contiguous
    /// chunks (each computed by one worker and stored whole), the results in
    /// index order.
    ///
    /// Task-locals do not reach the worker threads: read what `body` needs
    /// from them (the invocation's directory, say) before the call.
    ///
    /// - Parameters:
    ///   - minimumCount: fewer indices than this run on the caller's thread,
    ///     where starting workers would cost more than the work (parsing a few
    ///     small documents); 0 for work that is worth a thread per index
    ///     (reading three large files at once).
    /// - Returns: `indices.map(body)`.
    public static func map<T: Sendable>(
        _ indices: Range<Int>, minimumCount: Int = 65, _ body: @escaping @Sendable (Int) -> T
    ) -> [T] {
        let count = indices.count
        guard count >= max(minimumCount, 2) else { return indices.map(body) }
        let chunks = min(count, ProcessInfo.processInfo.activeProcessorCount * 4)
        let parts = Locked<[[T]]>(Array(repeating: [], count: chunks))
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            let start = indices.lowerBound + count * chunk / chunks
            let end = indices.lowerBound + count * (chunk + 1) / chunks
            let part = (start..<end).map(body)
            parts.withLock { $0[chunk] = part }
        }
        return parts.withLock { $0.flatMap { $0 } }
    }
}
