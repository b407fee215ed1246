// The repository handle: opening, creating, discovering, and its configuration.
import CLibGit2
import FoundationEssentials

/// An open git repository.
///
/// Owns a libgit2 `git_repository` handle and frees it in `deinit`. libgit2 handles
/// must not be used from two threads at once, so this class is deliberately not
/// `Sendable`: a task that needs the repository opens its own `Repository` on the
/// same path (opening is cheap, and libgit2 coordinates writers through lock files).
/// Every value a method returns (`ObjectID`, `CommitInfo`, byte arrays) is copied out
/// of libgit2 at once, so nothing outlives the handle.
///
/// ```swift
/// let repository = try Repository.create(at: "/tmp/work", initialBranch: "main")
/// let commit = try repository.commit(updating: nil, changes: ["plans/isr.yaml": bytes],
///                                    message: "Add ISR plan", author: me, committer: me)
/// try repository.updateReference("refs/heads/main", to: commit, expected: nil, message: "commit (initial)")
/// ```
public final class Repository {
    /// The `git_repository *`; valid for the life of this object.
    let pointer: OpaquePointer

    /// Takes ownership of an open `git_repository *`.
    init(pointer: OpaquePointer) {
        self.pointer = pointer
    }

    deinit {
        git_repository_free(pointer)
    }

    // MARK: Opening

    /// Creates a new repository (with a work tree unless `bare`), making directories as needed.
    ///
    /// Re-initialising an existing repository is harmless, as with `git init`; HEAD is
    /// left alone in that case.
    ///
    /// - Parameters:
    ///   - path: The work-tree root (or, when `bare`, the git directory).
    ///   - initialBranch: The branch HEAD points to before the first commit.
    ///   - bare: Whether to create a repository without a work tree (e.g. a shared remote).
    public static func create(at path: String, initialBranch: String = "main", bare: Bool = false) throws -> Repository {
        ensureLibgit2()
        var options = git_repository_init_options()
        try check(git_repository_init_options_init(&options, UInt32(GIT_REPOSITORY_INIT_OPTIONS_VERSION)))
        options.flags = GIT_REPOSITORY_INIT_MKPATH.rawValue
        if bare {
            options.flags |= GIT_REPOSITORY_INIT_BARE.rawValue
        }
        var repository: OpaquePointer?
        let status = initialBranch.withCString { branch in
            options.initial_head = branch
            return git_repository_init_ext(&repository, path, &options)
        }
        try check(status)
        return Repository(pointer: repository!)
    }

    /// Opens the repository whose work tree (or git directory) is exactly `path`.
    ///
    /// - Throws: `GitError.repositoryNotFound` when `path` is not a repository;
    ///   use `discover(from:)` to search upward from a subdirectory.
    public static func open(at path: String) throws -> Repository {
        try open(path, flags: GIT_REPOSITORY_OPEN_NO_SEARCH.rawValue)
    }

    /// Opens the repository containing `path`, walking up through parent directories
    /// as `git` does; `workDirectory` then names the work-tree root.
    public static func discover(from path: String) throws -> Repository {
        try open(path, flags: 0)
    }

    private static func open(_ path: String, flags: UInt32) throws -> Repository {
        ensureLibgit2()
        var repository: OpaquePointer?
        let status = git_repository_open_ext(&repository, path, flags, nil)
        if status == GIT_ENOTFOUND.rawValue {
            throw GitError.repositoryNotFound(path: path)
        }
        try check(status)
        return Repository(pointer: repository!)
    }

    // MARK: Locations

    /// The work-tree root without a trailing slash; nil for a bare repository.
    public var workDirectory: String? {
        git_repository_workdir(pointer).map { Self.trimmingSlash(String(cString: $0)) }
    }

    /// The git directory (usually `<work tree>/.git`) without a trailing slash.
    public var gitDirectory: String {
        Self.trimmingSlash(String(cString: git_repository_path(pointer)))
    }

    /// Whether the repository has no work tree.
    public var isBare: Bool { git_repository_is_bare(pointer) == 1 }

    private static func trimmingSlash(_ path: String) -> String {
        path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
    }

    // MARK: Configuration

    /// The value of a configuration key (`user.name`, `remote.origin.url`) as git would
    /// see it from this repository (local, then global and system files); nil when unset.
    public func configValue(_ key: String) throws -> String? {
        var config: OpaquePointer?
        try check(git_repository_config_snapshot(&config, pointer))
        defer { git_config_free(config) }
        var value: UnsafePointer<CChar>?
        let status = git_config_get_string(&value, config, key)
        if status == GIT_ENOTFOUND.rawValue { return nil }
        try check(status)
        return value.map { String(cString: $0) }
    }

    /// Sets a key in this repository's own configuration file (`.git/config`).
    public func setConfigValue(_ value: String, for key: String) throws {
        var config: OpaquePointer?
        try check(git_repository_config(&config, pointer))
        defer { git_config_free(config) }
        try check(git_config_set_string(config, key, value))
    }

    /// The signature git would use for a commit made now: `user.name` and `user.email`
    /// from the configuration, the current time and the local UTC offset.
    ///
    /// - Throws: `GitError.identityNotConfigured` naming the missing key.
    public func defaultSignature() throws -> Signature {
        guard let name = try configValue("user.name"), !name.isEmpty else {
            throw GitError.identityNotConfigured(missing: "user.name")
        }
        guard let email = try configValue("user.email"), !email.isEmpty else {
            throw GitError.identityNotConfigured(missing: "user.email")
        }
        return try Signature.now(name: name, email: email)
    }
}

/// A handle must stay on one thread at a time; this makes the compiler say so rather
/// than letting anyone declare it `Sendable` by mistake.
@available(*, unavailable, message: "open one Repository per task instead of sharing one")
extension Repository: Sendable {}
