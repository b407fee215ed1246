// Who made a commit or tag, and when, as a Swift value.
import CLibGit2
import FoundationEssentials

/// An author, committer or tagger: name, email, moment and the UTC offset it was made in.
///
/// git stores times as whole seconds plus a minute offset from UTC; `date` is rounded
/// down to whole seconds when written.
public struct Signature: Hashable, Sendable, CustomStringConvertible {
    public var name: String
    public var email: String
    public var date: Date
    /// Minutes east of UTC, e.g. `540` for Japan Standard Time, `-300` for US Eastern.
    public var timeZoneOffsetMinutes: Int

    public init(name: String, email: String, date: Date = Date(), timeZoneOffsetMinutes: Int = 0) {
        self.name = name
        self.email = email
        self.date = date
        self.timeZoneOffsetMinutes = timeZoneOffsetMinutes
    }

    /// A signature for this moment in the machine's local time zone, as `git commit` makes.
    public static func now(name: String, email: String) throws -> Signature {
        ensureLibgit2()
        var signature: UnsafeMutablePointer<git_signature>?
        try check(git_signature_now(&signature, name, email))
        defer { git_signature_free(signature) }
        return Signature(signature!)
    }

    /// Seconds since 1970-01-01 UTC, as git stores them.
    public var secondsSince1970: Int64 {
        Int64(date.timeIntervalSince1970.rounded(.down))
    }

    /// `Name <email>`, as git prints it.
    public var description: String { "\(name) <\(email)>" }

    init(_ signature: UnsafePointer<git_signature>) {
        let value = signature.pointee
        name = value.name.map { String(cString: $0) } ?? ""
        email = value.email.map { String(cString: $0) } ?? ""
        date = Date(timeIntervalSince1970: Double(value.when.time))
        timeZoneOffsetMinutes = Int(value.when.offset)
    }

    /// Calls `body` with a temporary libgit2 signature; it is freed when `body` returns.
    func withGitSignature<R>(_ body: (UnsafePointer<git_signature>) throws(GitError) -> R) throws(GitError) -> R {
        ensureLibgit2()
        var signature: UnsafeMutablePointer<git_signature>?
        try check(git_signature_new(&signature, name, email, git_time_t(secondsSince1970), Int32(timeZoneOffsetMinutes)))
        defer { git_signature_free(signature) }
        return try body(signature!)
    }
}
