import PlanGit

/// planbench's version, printed by `planbench --version`, and the versions of the
/// parts it runs on, printed by `planbench version` for bug reports.
public enum PlanBenchVersion {
    public static let current = "0.1.0"

    /// The linked libgit2's version, e.g. `"1.5.1"`.
    public static var libgit2: String { libgit2Version }

    /// Whether the linked libgit2 is thread-safe (planbench relies on it).
    public static var libgit2Threads: Bool { libgit2SupportsThreads }

    /// The CA bundle libgit2 verifies HTTPS remotes against, and whether this process
    /// has parsed it yet (planbench parses it only before fetch, push or clone).
    public static var certificateBundle: (path: String?, loaded: Bool) { libgit2CertificateBundle }
}
