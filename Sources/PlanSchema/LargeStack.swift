// Deep instances (the readers allow 10,000 levels) need deep recursion in the
// evaluator; rather than risk a 512 KiB worker-thread stack, such rare
// validations rerun on a thread of their own with a large stack.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

#if canImport(Glibc)
import CSystemShims
#endif

enum LargeStack {
    /// Bytes of stack left below the caller, when the platform says.
    static func remainingBytes() -> Int? {
        guard let base = stackBase() else { return nil }
        return currentAddress() - base
    }

    /// An address in the caller's frame on the thread's real stack (stacks
    /// grow down on every platform Swift runs on).
    @inline(__always)
    static func currentAddress() -> Int {
        #if canImport(Glibc)
        // Not a Swift local: AddressSanitizer may move those to a fake stack.
        Int(bitPattern: csystem_frame_address())
        #else
        var marker = 0
        return withUnsafeMutablePointer(to: &marker) { Int(bitPattern: $0) }
        #endif
    }

    #if canImport(Glibc)
    /// Each thread's stack base, found once per thread: on the main thread
    /// glibc answers by reading /proc/self/maps, far too slow to repeat.
    private static let baseKey: pthread_key_t? = {
        var key = pthread_key_t()
        return pthread_key_create(&key, nil) == 0 ? key : nil
    }()

    static func stackBase() -> Int? {
        if let key = baseKey, let cached = pthread_getspecific(key) { return Int(bitPattern: cached) }
        var attributes = pthread_attr_t()
        guard csystem_pthread_getattr_np(pthread_self(), &attributes) == 0 else { return nil }
        defer { pthread_attr_destroy(&attributes) }
        var base: UnsafeMutableRawPointer? = nil
        var size = 0
        guard pthread_attr_getstack(&attributes, &base, &size) == 0, let base else { return nil }
        if let key = baseKey { pthread_setspecific(key, base) }
        return Int(bitPattern: base)
    }
    #elseif canImport(Darwin)
    static func stackBase() -> Int? {
        Int(bitPattern: pthread_get_stackaddr_np(pthread_self())) - pthread_get_stacksize_np(pthread_self())
    }
    #else
    static func stackBase() -> Int? { nil }
    #endif

    /// Bytes of stack for the helper thread; only touched pages cost memory.
    static let size = 1 << 30

    /// Runs `body` on a new thread with a ``size``-byte stack and waits for it.
    /// - Returns: `false`, without running `body`, when no such thread can be
    ///   made (a memory limit such as `ulimit -v`): the caller's own stack is
    ///   too small for the work by definition, so it must not run there.
    @discardableResult
    static func run(_ body: @escaping () -> Void) -> Bool {
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
            Unmanaged<Job>.fromOpaque(context).release()
            return false
        }
        #if canImport(Glibc)
        pthread_join(thread, nil)
        #else
        pthread_join(thread!, nil)
        #endif
        return true
    }

    /// The closure handed to the helper thread. The caller blocks in
    /// `pthread_join` until the thread is done, so nothing it captures is
    /// touched by two threads at once.
    private final class Job: @unchecked Sendable {
        let body: () -> Void
        init(_ body: @escaping () -> Void) { self.body = body }
    }
}

/// Where evaluation stops before overflowing its thread's stack: on a stack
/// it did not size itself (the caller's, a worker's), to be redone on a large
/// stack; on the large stack, for good, with a depth error. It goes by the
/// stack actually left, never by an estimate per level: frames differ
/// several times in size between release, debug and sanitizer builds.
struct StackGuard: Sendable {
    /// Stack kept free below the point where evaluation stops: one more level
    /// and the deepest callee that does not recurse on the schema (a pattern
    /// match, an error message), in any build, sanitizers included.
    static let reserve = 256 * 1024
    /// Levels allowed when the platform does not tell where the stack ends.
    static let blindLevels = 200

    /// The lowest address evaluation may reach, when the platform tells.
    private let floor: Int?
    /// Otherwise, the deepest level evaluation may reach.
    private let depthLimit: Int

    /// A guard for the calling thread, where evaluation is `depth` levels deep.
    init(depth: Int = 0) {
        if let base = LargeStack.stackBase() {
            floor = base + Self.reserve
            depthLimit = .max
        } else {
            floor = nil
            depthLimit = depth + Self.blindLevels
        }
    }

    /// Whether evaluation at `depth` must stop here. Cheap enough for every
    /// level: the stack base is found once per thread, and the frame address
    /// is a register.
    @inline(__always)
    func isExhausted(atDepth depth: Int) -> Bool {
        if let floor { return LargeStack.currentAddress() < floor }
        return depth > depthLimit
    }
}

/// How deep evaluation may nest under ThreadSanitizer, which no stack size
/// lifts: nil in every other build.
///
/// ThreadSanitizer records each thread's calls on a shadow call stack of a
/// fixed 65,536 entries (`kShadowStackSize` in its runtime). A deeper chain of
/// instrumented calls is written past the end unchecked, over the sanitizer's
/// own memory, and the process later dies inside the sanitizer ("SEGV on
/// unknown address ... nested bug in the same thread") or hangs on one of its
/// locks, whatever the stack size. One level of evaluation makes at most 12
/// instrumented calls in a debug build (`contains` without error collection;
/// 5 to 9 for the other keywords), so 4,000 levels stay under 48,000 entries
/// and leave the rest to the frames beneath the evaluation and its deepest
/// callees. A ThreadSanitizer build therefore stops there with the usual
/// depth error instead of corrupting the sanitizer.
enum ThreadSanitizerLimit {
    static let maximumDepth: Int? = isThreadSanitized ? 4_000 : nil

    /// Whether ThreadSanitizer's runtime is in the process: it exports
    /// `__tsan_init` (statically linked and exported on Linux, a library on
    /// Darwin), which no other build defines.
    private static var isThreadSanitized: Bool {
        #if canImport(Glibc)
        // glibc's RTLD_DEFAULT (search the global scope) is the null handle.
        return dlsym(nil, "__tsan_init") != nil
        #elseif canImport(Darwin)
        return dlsym(UnsafeMutableRawPointer(bitPattern: -2), "__tsan_init") != nil
        #else
        return false
        #endif
    }
}
