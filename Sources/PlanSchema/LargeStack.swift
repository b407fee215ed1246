// Deep instances (the readers allow 10,000 levels) need deep recursion in the
// evaluator; rather than risk a 512 KiB worker-thread stack, such rare
// validations rerun on a thread of their own with a large stack.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

enum LargeStack {
    /// Bytes of stack for the helper thread; only touched pages cost memory.
    static let size = 1 << 30

    /// Runs `body` on a new thread with a ``size``-byte stack and waits for it.
    static func run(_ body: @escaping () -> Void) {
        let job = Job(body)
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        pthread_attr_setstacksize(&attributes, size)
        #if canImport(Glibc)
        var thread = pthread_t()
        #else
        var thread: pthread_t? = nil
        #endif
        let context = Unmanaged.passRetained(job).toOpaque()
        let status = pthread_create(&thread, &attributes, { context in
            Unmanaged<Job>.fromOpaque(context!).takeRetainedValue().body()
            return nil
        }, context)
        guard status == 0 else {
            // No thread to be had: run here; the evaluator's depth limit still applies.
            Unmanaged<Job>.fromOpaque(context).release()
            body()
            return
        }
        #if canImport(Glibc)
        pthread_join(thread, nil)
        #else
        pthread_join(thread!, nil)
        #endif
    }

    /// The closure handed to the helper thread. The caller blocks in
    /// `pthread_join` until the thread is done, so nothing it captures is
    /// touched by two threads at once.
    private final class Job: @unchecked Sendable {
        let body: () -> Void
        init(_ body: @escaping () -> Void) { self.body = body }
    }
}
