// A value behind a lock, for state that several threads share.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A value that one thread at a time may read or change, as with
/// Synchronization's `Mutex`, but locked through `pthread_mutex`, whose
/// calls ThreadSanitizer intercepts: it sees every critical section ordered
/// after the one before.
///
/// On Linux `Mutex` takes a contended lock inside the Swift runtime's
/// Synchronization library (spinning, then a priority-inheritance futex that
/// the kernel hands over), which no sanitizer instruments: ThreadSanitizer
/// then sees nothing ordering two critical sections of the same lock and
/// reports their accesses to the value as a race. Every shared value in
/// planbench is therefore behind this type, and ThreadSanitizer's reports
/// about them are true ones.
public final class Locked<Value>: @unchecked Sendable {
    // Allocated once and never moved: a pthread mutex must keep its address.
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    // Only touched between pthread_mutex_lock and pthread_mutex_unlock.
    private var value: Value

    public init(_ value: Value) {
        self.value = value
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deinitialize(count: 1)
        mutex.deallocate()
    }

    /// Runs `body` with the value while holding the lock.
    public func withLock<Result, Failure: Error>(_ body: (inout Value) throws(Failure) -> Result) throws(Failure) -> Result {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body(&value)
    }
}
