// Turning names (revisions, references, HEAD) into commit ids.
import CLibGit2

extension Repository {
    /// Resolves a revision expression to the commit it names.
    ///
    /// Accepts anything `git rev-parse` does for a single object: `HEAD`, `HEAD~2`,
    /// `main^`, branch and tag names (annotated tags peel to their commit), full or
    /// short ids.
    ///
    /// - Throws: `GitError.revisionNotFound` ("unknown revision 'HEAD~9'"),
    ///   `.ambiguousRevision` for a short id matching several objects, or
    ///   `.notACommit` when the revision names a tree or blob.
    public func resolve(_ revision: String) throws -> ObjectID {
        var object: OpaquePointer?
        let status = git_revparse_single(&object, pointer, revision)
        switch status {
        case GIT_ENOTFOUND.rawValue, GIT_EINVALIDSPEC.rawValue, GIT_EUNBORNBRANCH.rawValue:
            throw GitError.revisionNotFound(revision)
        case GIT_EAMBIGUOUS.rawValue:
            throw GitError.ambiguousRevision(revision)
        default:
            try check(status)
        }
        defer { git_object_free(object) }
        var commit: OpaquePointer?
        let peeled = git_object_peel(&commit, object, GIT_OBJECT_COMMIT)
        if peeled < 0 {
            throw GitError.notACommit(revision)
        }
        defer { git_object_free(commit) }
        return ObjectID(git_object_id(commit))
    }

    /// The commit HEAD points to; nil on an unborn branch (a new repository).
    public func headCommit() throws -> ObjectID? {
        try referenceTarget("HEAD")
    }

    /// The short name of the branch HEAD is on (`"main"`), also before its first
    /// commit; nil when HEAD is detached.
    public func currentBranch() throws -> String? {
        var head: OpaquePointer?
        try check(git_reference_lookup(&head, pointer, "HEAD"))
        defer { git_reference_free(head) }
        guard git_reference_type(head) == GIT_REFERENCE_SYMBOLIC,
              let target = git_reference_symbolic_target(head).map({ String(cString: $0) }),
              target.hasPrefix(Self.branchPrefix)
        else { return nil }
        return String(target.dropFirst(Self.branchPrefix.count))
    }

    /// The object a reference points to, following symbolic references (`HEAD`);
    /// nil when the reference, or the branch a symbolic one names, does not exist.
    ///
    /// - Parameter name: A full reference name (`refs/heads/main`, `refs/tags/v1`, `HEAD`).
    public func referenceTarget(_ name: String) throws -> ObjectID? {
        var oid = git_oid()
        let status = git_reference_name_to_id(&oid, pointer, name)
        switch status {
        case GIT_ENOTFOUND.rawValue, GIT_EUNBORNBRANCH.rawValue:
            return nil
        case GIT_EINVALIDSPEC.rawValue:
            throw GitError.invalidReferenceName(name)
        default:
            try check(status)
            return ObjectID(oid)
        }
    }

    static let branchPrefix = "refs/heads/"
    static let tagPrefix = "refs/tags/"
}
