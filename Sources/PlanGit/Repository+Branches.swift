// Branches and tags by short name.
import CLibGit2

extension Repository {
    /// Local branch names (`main`, `feature/isr`), sorted.
    public func branches() throws -> [String] {
        try referenceNames(withPrefix: Self.branchPrefix).map { String($0.dropFirst(Self.branchPrefix.count)) }
    }

    /// Creates a local branch at `commit`, writing a reflog entry.
    ///
    /// - Throws: `GitError.referenceExists` when the branch exists (it is not moved;
    ///   use `updateReference` to move it), `.invalidReferenceName`, `.objectNotFound`.
    public func createBranch(_ name: String, at commit: ObjectID) throws {
        let target = try lookupCommit(commit)
        defer { git_commit_free(target) }
        var branch: OpaquePointer?
        let status = git_branch_create(&branch, pointer, name, target, 0)
        switch status {
        case GIT_EEXISTS.rawValue: throw GitError.referenceExists(Self.branchPrefix + name)
        case GIT_EINVALIDSPEC.rawValue: throw GitError.invalidReferenceName(name)
        default: try check(status)
        }
        git_reference_free(branch)
    }

    /// Deletes a local branch that is not checked out.
    ///
    /// - Throws: `GitError.referenceNotFound`; a libgit2 error for the current branch.
    public func deleteBranch(_ name: String) throws {
        var branch: OpaquePointer?
        let status = git_branch_lookup(&branch, pointer, name, GIT_BRANCH_LOCAL)
        if status == GIT_ENOTFOUND.rawValue { throw GitError.referenceNotFound(Self.branchPrefix + name) }
        if status == GIT_EINVALIDSPEC.rawValue { throw GitError.invalidReferenceName(name) }
        try check(status)
        defer { git_reference_free(branch) }
        try check(git_branch_delete(branch))
    }

    /// Tag names (`v1.0`), sorted.
    public func tags() throws -> [String] {
        try referenceNames(withPrefix: Self.tagPrefix).map { String($0.dropFirst(Self.tagPrefix.count)) }
    }

    /// Creates a tag at `target`: annotated (a tag object with `message` and
    /// `tagger`) when a message is given, lightweight otherwise.
    ///
    /// - Returns: The id `refs/tags/<name>` points to: the tag object for an
    ///   annotated tag, `target` for a lightweight one. `resolve(name)` gives the commit.
    /// - Throws: `GitError.referenceExists`, `.invalidReferenceName`, `.objectNotFound`.
    @discardableResult
    public func createTag(_ name: String, at target: ObjectID, message: String? = nil, tagger: Signature? = nil) throws -> ObjectID {
        var oid = target.oid
        var object: OpaquePointer?
        let found = git_object_lookup(&object, pointer, &oid, GIT_OBJECT_ANY)
        if found == GIT_ENOTFOUND.rawValue { throw GitError.objectNotFound(target) }
        try check(found)
        defer { git_object_free(object) }

        var tagOID = git_oid()
        let status: Int32
        if let message {
            let signature = try tagger ?? defaultSignature()
            let text = message.hasSuffix("\n") ? message : message + "\n"
            status = try signature.withGitSignature { (cSignature) throws(GitError) -> Int32 in
                git_tag_create(&tagOID, pointer, name, object, cSignature, text, 0)
            }
        } else {
            status = git_tag_create_lightweight(&tagOID, pointer, name, object, 0)
        }
        switch status {
        case GIT_EEXISTS.rawValue: throw GitError.referenceExists(Self.tagPrefix + name)
        case GIT_EINVALIDSPEC.rawValue: throw GitError.invalidReferenceName(name)
        default: try check(status)
        }
        return ObjectID(tagOID)
    }
}
