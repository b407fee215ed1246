// Owned C string copies for libgit2 calls that take arrays of `char *`.
import CLibGit2

/// NUL-terminated copies of Swift strings that stay valid until `deallocate()`.
///
/// libgit2 takes paths and refspecs as `char **` (`git_strarray`) or inside structs
/// (`git_tree_update.path`); `withCString` cannot keep several strings alive at once,
/// so this copies them into memory the caller frees with `defer`.
struct CStrings {
    let pointers: [UnsafeMutablePointer<CChar>?]

    init(_ strings: [String]) {
        pointers = strings.map { string in
            let utf8 = Array(string.utf8CString)
            let copy = UnsafeMutablePointer<CChar>.allocate(capacity: utf8.count)
            copy.initialize(from: utf8, count: utf8.count)
            return copy
        }
    }

    func deallocate() {
        pointers.forEach { $0?.deallocate() }
    }

    /// Calls `body` with a `git_strarray` viewing these strings.
    func withStrArray<R>(_ body: (UnsafeMutablePointer<git_strarray>) throws(GitError) -> R) throws(GitError) -> R {
        var array = pointers
        return try array.withUnsafeMutableBufferPointer { (buffer) throws(GitError) -> R in
            var strarray = git_strarray(strings: buffer.baseAddress, count: buffer.count)
            return try body(&strarray)
        }
    }
}
