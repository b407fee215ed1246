import CLibGit2

/// Everything that can go wrong in the git layer, with a message a user can act on.
///
/// libgit2 reports failures as a status code plus a thread-local message; `check(_:)`
/// turns those into `.libgit2` (or `.locked`) at once, and the repository methods
/// translate the codes they expect (a missing revision, a moved reference) into the
/// specific cases below so callers can `switch` on them.
public enum GitError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No repository at (or above, for discovery) the given path.
    case repositoryNotFound(path: String)
    /// A revision expression (`HEAD~9`, a branch, a tag, a short id) names no object.
    case revisionNotFound(String)
    /// A short id or name matches more than one object.
    case ambiguousRevision(String)
    /// The revision names an object that is not (and does not peel to) a commit.
    case notACommit(String)
    /// No object with this id in the object database.
    case objectNotFound(ObjectID)
    /// A path that should name a file names a directory (or something else) instead.
    case notAFile(path: String)
    /// A path cannot be stored in a tree (empty component, `.git`, `..`, leading slash).
    case invalidPath(String)
    /// Two requested changes (or a change and the existing tree) disagree on whether
    /// a path is a file or a directory, e.g. writing `a/b` while `a` is a file.
    case pathConflict(String)
    /// A reference name is not valid (`refs/heads/a..b`, `refs/heads/x.lock`, ...).
    case invalidReferenceName(String)
    /// The reference does not exist.
    case referenceNotFound(String)
    /// A reference (branch, tag) exists already.
    case referenceExists(String)
    /// Compare-and-swap refused: the reference no longer points where the caller
    /// expected (`nil` meaning "absent"). Someone else moved it; re-read and retry.
    case referenceMoved(reference: String, expected: ObjectID?, actual: ObjectID?)
    /// Another process holds a `*.lock` file for what we tried to write.
    case locked(message: String)
    /// `user.name` / `user.email` are not set in any git configuration.
    case identityNotConfigured(missing: String)
    /// Checking out would overwrite local changes in these work-tree paths.
    case checkoutConflict(paths: [String])
    /// No remote with this name is configured.
    case remoteNotFound(String)
    /// A remote with this name is configured already.
    case remoteExists(String)
    /// The remote refused to update a reference on push (e.g. not a fast-forward).
    case pushRejected(reference: String, reason: String)
    /// The operation needs a work tree but the repository is bare.
    case bareRepository
    /// The remote refused every credential offered (named by their labels, never
    /// their secrets), or none was available.
    case authenticationFailed(url: String, refused: [String])
    /// An SSH server's host key was refused (unknown host, or a key that changed).
    case hostKeyRejected(host: String, reason: String)
    /// Any other libgit2 failure, with its code, error class and message.
    case libgit2(code: Int32, class: Int32, message: String)

    public var description: String {
        switch self {
        case .repositoryNotFound(let path):
            return "no git repository at '\(Self.quoted(path))' (run `planbench init` or `git init` there first)"
        case .revisionNotFound(let revision):
            return "unknown revision '\(Self.quoted(revision))'"
        case .ambiguousRevision(let revision):
            return "ambiguous revision '\(Self.quoted(revision))': use more characters of the id or a full ref name"
        case .notACommit(let revision):
            return "revision '\(Self.quoted(revision))' does not name a commit"
        case .objectNotFound(let id):
            return "object \(id.hex) is not in the repository"
        case .notAFile(let path):
            return "'\(Self.quoted(path))' is a directory, not a file"
        case .invalidPath(let path):
            return "invalid path '\(Self.quoted(path))': use relative paths with '/' separators, no empty, '.', '..' or '.git' components"
        case .pathConflict(let path):
            return "path conflict at '\(Self.quoted(path))': a file and a directory would have the same name"
        case .invalidReferenceName(let name):
            return "invalid reference name '\(Self.quoted(name))'"
        case .referenceNotFound(let name):
            return "reference '\(Self.quoted(name))' does not exist"
        case .referenceExists(let name):
            return "reference '\(Self.quoted(name))' already exists"
        case .referenceMoved(let name, let expected, let actual):
            let was = expected.map { $0.shortHex } ?? "absent"
            let now = actual.map { $0.shortHex } ?? "absent"
            return "reference '\(Self.quoted(name))' moved concurrently (expected \(was), found \(now)); reload and try again"
        case .locked(let message):
            return "another process is writing to the repository (\(message)); retry, or remove the stale .lock file if no git process is running"
        case .identityNotConfigured(let missing):
            return "git identity not set: \(missing) is missing; run `git config --global user.name \"Your Name\"` and `git config --global user.email you@example.com`"
        case .checkoutConflict(let paths):
            return "checkout would overwrite local changes in: \(paths.joined(separator: ", ")); commit or discard them first"
        case .remoteNotFound(let name):
            return "no remote named '\(Self.quoted(name))'; add it with `git remote add \(name) <url>`"
        case .remoteExists(let name):
            return "a remote named '\(Self.quoted(name))' already exists"
        case .pushRejected(let reference, let reason):
            return "the remote rejected '\(Self.quoted(reference))': \(reason); fetch and merge first"
        case .bareRepository:
            return "the repository is bare (it has no work tree)"
        case .authenticationFailed(let url, let refused):
            if refused.isEmpty {
                return "\(url) asked for credentials and none was available"
            }
            return "\(url) refused the credentials offered: \(refused.joined(separator: "; then "))"
        case .hostKeyRejected(let host, let reason):
            return "SSH host key of \(host) refused: \(reason)"
        case .libgit2(let code, let errorClass, let message):
            return "git error \(code) (class \(errorClass)): \(message.count > 600 ? String(message.prefix(600)) + "… (\(message.count) characters)" : message)"
        }
    }

    /// The libgit2 status code behind a `.libgit2` error, for translating expected codes.
    /// A value for a message, cut after 200 characters (a 5,000-character revision
    /// would bury the message).
    static func quoted(_ value: String) -> String {
        value.count > 200 ? String(value.prefix(200)) + "… (\(value.count) characters)" : value
    }

    var libgit2Code: Int32? {
        if case .libgit2(let code, _, _) = self { return code }
        if case .locked = self { return GIT_ELOCKED.rawValue }
        return nil
    }
}
