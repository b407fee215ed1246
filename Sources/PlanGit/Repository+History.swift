// Walking history: log with a path filter, merge bases, ancestry.
import CLibGit2

extension Repository {
    /// The commits reachable from `start`, newest first, optionally only those that
    /// changed given paths.
    ///
    /// Order is topological with commit time breaking ties, like `git log --topo-order`.
    /// Unlike `git log -- <path>` (which simplifies history around merges), a commit
    /// is kept when its diff against its first parent touches a path; so a merge that
    /// brings in a change to `plans/isr.yaml` is listed along with the original commit.
    ///
    /// - Parameters:
    ///   - start: The newest commit to list.
    ///   - excluded: Leave out these commits and everything reachable from them, as in
    ///     `git log main..topic` (`log(from: topic, excluding: [main])`): what a branch adds.
    ///   - paths: Keep only commits that changed one of these. A path matches itself
    ///     and, as a directory, everything under it (`"plans"` and `"plans/"` both
    ///     match `plans/isr.yaml`). Empty keeps every commit.
    ///   - limit: At most this many commits (after filtering); nil for all.
    ///   - earlierPaths: Called for each commit kept by the path filter: paths to
    ///     follow from then on, in older commits, as well (what a rename commit says
    ///     the followed file was called before it). Nil follows nothing.
    /// - Complexity: One tree diff per commit visited; unchanged subtrees are skipped
    ///   by id, so the cost follows the size of each change.
    public func log(
        from start: ObjectID, excluding excluded: [ObjectID] = [], paths: [String] = [], limit: Int? = nil,
        earlierPaths: ((CommitInfo) -> [String])? = nil
    ) throws -> [CommitInfo] {
        if let limit, limit <= 0 { return [] }
        var filters = paths.map { path in path.hasSuffix("/") ? String(path.dropLast()) : path }
        var result: [CommitInfo] = []
        try walkCommits(from: start, excluding: excluded, sorting: GIT_SORT_TOPOLOGICAL.rawValue | GIT_SORT_TIME.rawValue) { id in
            let info = try commitInfo(for: id)
            if !filters.isEmpty && !info.changedPaths.contains(where: { Self.path($0, matchesAnyOf: filters) }) {
                return true
            }
            result.append(info)
            if !filters.isEmpty, let earlierPaths {
                for path in earlierPaths(info) where !filters.contains(path) { filters.append(path) }
            }
            return limit.map { result.count < $0 } ?? true
        }
        return result
    }

    /// The commits reachable from `start` that `keep` accepts, newest first in
    /// ``log(from:excluding:paths:limit:earlierPaths:)``'s order, without any
    /// diff: for callers that already know which commits changed what (the
    /// workspace index). `changedPaths` is empty.
    /// - Complexity: Reads every reachable commit's header (the topological sort
    ///   needs them all), and nothing else.
    public func log(from start: ObjectID, limit: Int? = nil, keeping keep: (ObjectID) throws -> Bool) throws -> [CommitInfo] {
        if let limit, limit <= 0 { return [] }
        var result: [CommitInfo] = []
        try walkCommits(from: start, excluding: [], sorting: GIT_SORT_TOPOLOGICAL.rawValue | GIT_SORT_TIME.rawValue) { id in
            guard try keep(id) else { return true }
            result.append(try commitHeader(for: id))
            return limit.map { result.count < $0 } ?? true
        }
        return result
    }

    /// Walks the commits reachable from `tip` and not from `excluded`, in
    /// libgit2's `sorting` order, until `body` returns false. The one revision
    /// walk of this module: history listings and the index's walk both use it.
    func walkCommits(
        from tip: ObjectID, excluding excluded: [ObjectID], sorting: UInt32, _ body: (ObjectID) throws -> Bool
    ) throws {
        var walker: OpaquePointer?
        try check(git_revwalk_new(&walker, pointer))
        defer { git_revwalk_free(walker) }
        try check(git_revwalk_sorting(walker, sorting))
        var tipOID = tip.oid
        let pushed = git_revwalk_push(walker, &tipOID)
        if pushed == GIT_ENOTFOUND.rawValue { throw GitError.objectNotFound(tip) }
        try check(pushed)
        for commit in excluded {
            var oid = commit.oid
            let hidden = git_revwalk_hide(walker, &oid)
            if hidden == GIT_ENOTFOUND.rawValue { throw GitError.objectNotFound(commit) }
            try check(hidden)
        }
        var oid = git_oid()
        while true {
            let status = git_revwalk_next(&oid, walker)
            if status == GIT_ITEROVER.rawValue { break }
            try check(status)
            guard try body(ObjectID(oid)) else { break }
        }
    }

    /// The metadata of one commit, with the paths it changed relative to its first parent.
    ///
    /// - Throws: `GitError.objectNotFound` when there is no such commit.
    public func commitInfo(for id: ObjectID) throws -> CommitInfo {
        let commit = try lookupCommit(id)
        defer { git_commit_free(commit) }

        let parentCount = git_commit_parentcount(commit)
        var parents: [ObjectID] = []
        for index in 0..<parentCount {
            parents.append(ObjectID(git_commit_parent_id(commit, index)))
        }
        let message = git_commit_message(commit).map { String(cString: $0) } ?? ""
        let tree = ObjectID(git_commit_tree_id(commit))
        return CommitInfo(
            id: id,
            parents: parents,
            tree: tree,
            author: Signature(git_commit_author(commit)),
            committer: Signature(git_commit_committer(commit)),
            message: message,
            changedPaths: try diff(fromTree: parents.first.map { try treeID(ofCommit: $0) }, toTree: tree).map(\.path))
    }

    /// The files that differ between two commits, sorted by path.
    ///
    /// Renames appear as a deletion and an addition; a file whose mode alone changed
    /// (made executable) counts as modified.
    ///
    /// - Parameters:
    ///   - old: The earlier commit; nil to compare against an empty tree (everything added).
    ///   - new: The later commit.
    ///   - paths: Only report files equal to or under these paths (directory prefix match);
    ///     empty for all.
    public func changes(from old: ObjectID?, to new: ObjectID, paths: [String] = []) throws -> [FileChange] {
        let filters = paths.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
        return try diff(fromTree: old.map { try treeID(ofCommit: $0) }, toTree: try treeID(ofCommit: new))
            .filter { filters.isEmpty || Self.path($0.path, matchesAnyOf: filters) }
    }

    /// Paths of files that differ between two trees (nil meaning the empty tree), sorted.
    ///
    /// Takes tree ids (`treeID(ofCommit:)`, `CommitInfo.tree`); for commits and blob
    /// ids on each side use `changes(from:to:paths:)`.
    public func changedPaths(from old: ObjectID?, to new: ObjectID?) throws -> [String] {
        try diff(fromTree: old, toTree: new).map(\.path)
    }

    /// Differences between two trees (nil meaning the empty tree), sorted by path.
    func diff(fromTree old: ObjectID?, toTree new: ObjectID?) throws -> [FileChange] {
        var oldTree: OpaquePointer?
        var newTree: OpaquePointer?
        defer {
            git_tree_free(oldTree)
            git_tree_free(newTree)
        }
        if let old {
            var oid = old.oid
            try check(git_tree_lookup(&oldTree, pointer, &oid))
        }
        if let new {
            var oid = new.oid
            try check(git_tree_lookup(&newTree, pointer, &oid))
        }
        var diff: OpaquePointer?
        try check(git_diff_tree_to_tree(&diff, pointer, oldTree, newTree, nil))
        defer { git_diff_free(diff) }
        var changes: [FileChange] = []
        for index in 0..<git_diff_num_deltas(diff) {
            guard let delta = git_diff_get_delta(diff, index)?.pointee else { continue }
            let kind: FileChange.Kind
            switch delta.status {
            case GIT_DELTA_ADDED: kind = .added
            case GIT_DELTA_DELETED: kind = .deleted
            default: kind = .modified
            }
            let file = kind == .deleted ? delta.old_file : delta.new_file
            guard let path = file.path else { continue }
            changes.append(FileChange(
                path: String(cString: path),
                kind: kind,
                oldID: kind == .added ? nil : ObjectID(delta.old_file.id),
                newID: kind == .deleted ? nil : ObjectID(delta.new_file.id)))
        }
        return changes.sorted { $0.path < $1.path }
    }

    /// The best common ancestor of two commits; nil when their histories are unrelated.
    public func mergeBase(_ a: ObjectID, _ b: ObjectID) throws -> ObjectID? {
        var out = git_oid()
        var one = a.oid
        var two = b.oid
        let status = git_merge_base(&out, pointer, &one, &two)
        if status == GIT_ENOTFOUND.rawValue { return nil }
        try check(status)
        return ObjectID(out)
    }

    /// Whether `ancestor` is reachable from `descendant` (a commit counts as its own
    /// ancestor, so a fast-forward from `ancestor` to `descendant` is possible).
    public func isAncestor(_ ancestor: ObjectID, of descendant: ObjectID) throws -> Bool {
        if ancestor == descendant { return true }
        var commit = descendant.oid
        var candidate = ancestor.oid
        return try check(git_graph_descendant_of(pointer, &commit, &candidate)) == 1
    }

    /// How many commits each side has that the other lacks, e.g. a branch against its
    /// remote-tracking branch ("ahead 2, behind 1").
    public func aheadBehind(_ local: ObjectID, _ upstream: ObjectID) throws -> (ahead: Int, behind: Int) {
        var ahead = 0
        var behind = 0
        var one = local.oid
        var two = upstream.oid
        let status = git_graph_ahead_behind(&ahead, &behind, pointer, &one, &two)
        if status == GIT_ENOTFOUND.rawValue { throw GitError.objectNotFound(local) }
        try check(status)
        return (ahead, behind)
    }

    static func path(_ path: String, matchesAnyOf filters: [String]) -> Bool {
        filters.contains { filter in
            filter.isEmpty || path == filter || path.hasPrefix(filter + "/")
        }
    }
}
