// Process-wide libgit2 setup and the one place C status codes become Swift errors.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CLibGit2
import CLibGit2Startup

/// libgit2 must be initialised once before any other call; a global `let` gives a
/// lazy, thread-safe one-time initialisation (Swift runs global initialisers under
/// `swift_once`). The library is never shut down: it lives as long as the process.
///
/// The system CA bundle is not parsed here (it cost every command ~6 ms and 3 MB
/// on the reference machine); `ensureCertificatesForNetwork()` loads it before the
/// operations that may speak HTTPS.
private let libgit2Initialized: Bool = {
    planbench_libgit2_init_deferring_certificates()
    // libgit2 caches parsed trees only up to 4 KB by default. A save looks the
    // parent's `plans/` tree up several times (pending changes, file modes, the
    // update, the index), and with 10,000 plans that tree is ~400 KB: each lookup
    // inflated and parsed it again (a third of a save's time). Trees up to 64 MB
    // stay cached; the cache's total stays bounded by libgit2's 256 MB default.
    planbench_libgit2_set_tree_cache_limit(64 << 20)
    return true
}()

/// Initialises libgit2 the first time it is called; cheap afterwards.
@inline(__always)
func ensureLibgit2() {
    _ = libgit2Initialized
}

/// Loads the CA bundle whose parsing `ensureLibgit2()` deferred. Fetch, push and
/// clone call it first, so HTTPS remotes are verified as usual.
func ensureCertificatesForNetwork() throws(GitError) {
    ensureLibgit2()
    try check(planbench_load_deferred_certificates())
}

/// What became of the CA bundle libgit2 asked for at start-up: its path (nil when
/// its TLS backend asked for none) and whether it has been parsed yet.
public var libgit2CertificateBundle: (path: String?, loaded: Bool) {
    ensureLibgit2()
    let path = planbench_deferred_certificate_file().map { String(cString: $0) }
    return (path, planbench_certificates_loaded() != 0)
}

/// Converts a libgit2 status code into a Swift error.
///
/// libgit2's error message is thread-local and is overwritten by the next failing
/// call, so this reads `git_error_last()` immediately, on the calling thread. Every
/// C call in PlanGit funnels its status through here; callers then translate the
/// codes they expect (`GIT_ENOTFOUND`, `GIT_EMODIFIED`, ...) into specific cases.
///
/// - Returns: `code` when it is not negative (some calls return counts or booleans).
/// - Throws: `GitError.locked` for `GIT_ELOCKED`, otherwise `GitError.libgit2`.
@discardableResult
func check(_ code: Int32) throws(GitError) -> Int32 {
    guard code < 0 else { return code }
    // Some failures of the operating system (a full disk while writing an object)
    // reach here without a libgit2 message; errno then still says what happened,
    // when it is one of the failures of the environment (errno is not cleared by
    // successful calls, so other values may be stale).
    let systemError = errno
    let environmentErrors = [ENOSPC, EDQUOT, EROFS, EACCES, EPERM, EIO, EMFILE, ENFILE]
    var message = environmentErrors.contains(systemError) ? String(cString: strerror(systemError)) : "unknown error"
    var errorClass: Int32 = 0
    if let last = git_error_last() {
        if let text = last.pointee.message {
            message = String(cString: text)
        }
        errorClass = last.pointee.klass
    }
    if code == GIT_ELOCKED.rawValue {
        throw .locked(message: message)
    }
    throw .libgit2(code: code, class: errorClass, message: message)
}

/// The libgit2 version this process linked, e.g. `"1.5.1"`.
public var libgit2Version: String {
    ensureLibgit2()
    var major: Int32 = 0, minor: Int32 = 0, revision: Int32 = 0
    git_libgit2_version(&major, &minor, &revision)
    return "\(major).\(minor).\(revision)"
}

/// Whether the linked libgit2 was built thread-safe; `Repository` relies on it so
/// that separate handles can be used from separate threads at once.
public var libgit2SupportsThreads: Bool {
    ensureLibgit2()
    return git_libgit2_features() & Int32(GIT_FEATURE_THREADS.rawValue) != 0
}
