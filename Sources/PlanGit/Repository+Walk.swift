// Walking history for an index: commits oldest first, and what each commit
// changed against each of its parents, with blob ids.
import CLibGit2

extension Repository {
    /// The commits reachable from `tip` and not from any of `excluded`, in
    /// topological order with parents before children (oldest first).
    ///
    /// An index appends them in this order, so every commit it holds comes
    /// after its parents: `commits(from: newTip, excluding: [indexedTip])` is
    /// exactly what an index of `indexedTip` lacks, when `indexedTip` is an
    /// ancestor of `newTip`.
    /// - Complexity: O(commits listed), plus what libgit2 reads to find the
    ///   boundary of the excluded ones.
    public func commitIDs(from tip: ObjectID, excluding excluded: [ObjectID] = []) throws -> [ObjectID] {
        var result: [ObjectID] = []
        try walkCommits(from: tip, excluding: excluded, sorting: GIT_SORT_TOPOLOGICAL.rawValue | GIT_SORT_REVERSE.rawValue) { id in
            result.append(id)
            return true
        }
        return result
    }

    /// A commit's metadata without the diff that ``commitInfo(for:)`` computes
    /// (`changedPaths` is empty); ``changes(of:paths:)`` gives the differences.
    public func commitHeader(for id: ObjectID) throws -> CommitInfo {
        let commit = try lookupCommit(id)
        defer { git_commit_free(commit) }
        var parents: [ObjectID] = []
        for index in 0..<git_commit_parentcount(commit) {
            parents.append(ObjectID(git_commit_parent_id(commit, index)))
        }
        return CommitInfo(
            id: id,
            parents: parents,
            tree: ObjectID(git_commit_tree_id(commit)),
            author: Signature(git_commit_author(commit)),
            committer: Signature(git_commit_committer(commit)),
            message: git_commit_message(commit).map { String(cString: $0) } ?? "",
            changedPaths: [])
    }

    /// What `commit` changed against each of its parents (one list per parent, in
    /// parent order; one list against the empty tree for a root commit), with the
    /// blob ids on both sides.
    ///
    /// A merge's lists say what it brought in from each side: a file equal to the
    /// one in some parent is absent from that parent's list, so a change made by
    /// the merge itself is one present in every list.
    /// - Parameter paths: Only files equal to or under these paths; empty for all.
    public func changes(of commit: CommitInfo, paths: [String] = []) throws -> [[FileChange]] {
        let filters = paths.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
        let parentTrees: [ObjectID?] = commit.parents.isEmpty ? [nil] : try commit.parents.map { try treeID(ofCommit: $0) }
        return try parentTrees.map { parentTree in
            try diff(fromTree: parentTree, toTree: commit.tree)
                .filter { filters.isEmpty || Self.path($0.path, matchesAnyOf: filters) }
        }
    }
}
