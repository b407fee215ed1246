import Dispatch

/// Drops `value` on a background queue, so tearing down a large tree (hundreds
/// of thousands of allocations) is off the path to a command's exit: the
/// executable usually exits first and the system reclaims the memory, and
/// in-process callers (tests) get it back a moment later.
///
/// Pass the last reference (`consume` a local): a copy kept by the caller would
/// make the caller's thread do the freeing after all.
func releaseInBackground<Value: Sendable>(_ value: consuming Value) {
    let doomed = value
    DispatchQueue.global(qos: .utility).async { withExtendedLifetime(doomed) {} }
}
