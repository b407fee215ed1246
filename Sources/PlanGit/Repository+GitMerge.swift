// A merge that the `git` program started (`git merge`, `git pull`) and left
// for the user to finish: its other heads and the paths still conflicted.
import CLibGit2

extension Repository {
    /// The commits being merged in (MERGE_HEAD); empty when no git merge is in progress.
    public func gitMergeHeads() throws -> [ObjectID] {
        var ids: [ObjectID] = []
        let status = withUnsafeMutablePointer(to: &ids) { pointer in
            git_repository_mergehead_foreach(self.pointer, { oid, payload in
                guard let oid, let payload else { return 0 }
                payload.assumingMemoryBound(to: [ObjectID].self).pointee.append(ObjectID(oid.pointee))
                return 0
            }, pointer)
        }
        if status == GIT_ENOTFOUND.rawValue { return [] }
        try check(status)
        return ids
    }

    /// Paths with conflict entries (stages 1-3) in the index, as a git merge leaves them.
    public func unmergedPaths() throws -> [String] {
        var index: OpaquePointer?
        try check(git_repository_index(&index, pointer))
        defer { git_index_free(index) }
        try check(git_index_read(index, 1))
        guard git_index_has_conflicts(index) == 1 else { return [] }
        var iterator: OpaquePointer?
        try check(git_index_conflict_iterator_new(&iterator, index))
        defer { git_index_conflict_iterator_free(iterator) }
        var paths: [String] = []
        while true {
            var ancestor: UnsafePointer<git_index_entry>?
            var ours: UnsafePointer<git_index_entry>?
            var theirs: UnsafePointer<git_index_entry>?
            let status = git_index_conflict_next(&ancestor, &ours, &theirs, iterator)
            if status == GIT_ITEROVER.rawValue { break }
            try check(status)
            if let path = (ours ?? theirs ?? ancestor)?.pointee.path { paths.append(String(cString: path)) }
        }
        return paths
    }

    /// Removes MERGE_HEAD, MERGE_MSG and the rest of a finished git merge's state.
    public func cleanUpGitMergeState() throws {
        try check(git_repository_state_cleanup(pointer))
    }
}
