// File-level three-way merge of commits, done in memory (no work tree, no refs).
import CLibGit2

extension Repository {
    /// Merges `theirs` into `ours` file by file (git's recursive strategy, line-level
    /// merge for text) without touching the work tree, the index or any reference.
    ///
    /// Renames are not detected: a renamed file shows as deleted at its old path and
    /// added at the new one.
    ///
    /// - Returns: The merged tree (conflicted paths hold our side) and the conflicts.
    /// - Throws: `GitError.objectNotFound` for an unknown commit.
    public func merge(_ ours: ObjectID, _ theirs: ObjectID) throws -> TreeMerge {
        let ourCommit = try lookupCommit(ours)
        defer { git_commit_free(ourCommit) }
        let theirCommit = try lookupCommit(theirs)
        defer { git_commit_free(theirCommit) }
        var options = git_merge_options()
        try check(git_merge_options_init(&options, UInt32(GIT_MERGE_OPTIONS_VERSION)))
        // No rename detection: a conflict then always sits at one path on every side,
        // which is what callers resolve, and what the index needs to write a tree.
        options.flags = 0
        var index: OpaquePointer?
        try check(git_merge_commits(&index, pointer, ourCommit, theirCommit, &options))
        defer { git_index_free(index) }

        var conflicts: [TreeMerge.Conflict] = []
        if git_index_has_conflicts(index) == 1 {
            var iterator: OpaquePointer?
            try check(git_index_conflict_iterator_new(&iterator, index))
            defer { git_index_conflict_iterator_free(iterator) }
            var ancestor: UnsafePointer<git_index_entry>?
            var our: UnsafePointer<git_index_entry>?
            var their: UnsafePointer<git_index_entry>?
            while true {
                let status = git_index_conflict_next(&ancestor, &our, &their, iterator)
                if status == GIT_ITEROVER.rawValue { break }
                try check(status)
                guard let path = (our ?? their ?? ancestor)?.pointee.path else { continue }
                conflicts.append(TreeMerge.Conflict(
                    path: String(cString: path),
                    ancestor: ancestor.map { ObjectID($0.pointee.id) },
                    ours: our.map { ObjectID($0.pointee.id) },
                    theirs: their.map { ObjectID($0.pointee.id) }))
            }
            // Replace each conflict by our side so the index can be written as a tree.
            for conflict in conflicts {
                try check(git_index_conflict_remove(index, conflict.path))
                if let ours = conflict.ours, let mode = try ourMode(of: conflict.path, in: ourCommit) {
                    var entry = git_index_entry()
                    entry.mode = mode
                    entry.id = ours.oid
                    let added = conflict.path.withCString { cPath in
                        entry.path = cPath
                        return git_index_add(index, &entry)
                    }
                    try check(added)
                }
            }
        }
        var tree = git_oid()
        try check(git_index_write_tree_to(&tree, index, pointer))
        return TreeMerge(tree: ObjectID(tree), conflicts: conflicts.sorted { $0.path < $1.path })
    }

    /// Writes a tree that is `base` (a tree id) with `changes` applied, e.g. conflict
    /// resolutions on top of `TreeMerge.tree`; commit it with `writeCommit(tree:...)`.
    ///
    /// - Parameters:
    ///   - base: The tree to start from; nil for the empty tree.
    ///   - changes: Path to new contents, nil to delete (as in `commit(updating:...)`).
    public func writeTree(from base: ObjectID?, applying changes: [String: [UInt8]?]) throws -> ObjectID {
        try applying(changes, to: base ?? writeEmptyTree())
    }

    func lookupCommit(_ id: ObjectID) throws(GitError) -> OpaquePointer {
        var oid = id.oid
        var commit: OpaquePointer?
        let status = git_commit_lookup(&commit, pointer, &oid)
        if status == GIT_ENOTFOUND.rawValue { throw .objectNotFound(id) }
        try check(status)
        return commit!
    }

    private func ourMode(of path: String, in commit: OpaquePointer) throws(GitError) -> UInt32? {
        var tree: OpaquePointer?
        try check(git_commit_tree(&tree, commit))
        defer { git_tree_free(tree) }
        return try Self.entry(at: path, in: tree!)?.fileMode.rawValue
    }
}
