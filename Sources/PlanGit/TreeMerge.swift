// The result of libgit2's file-level three-way merge of two commits.

/// What merging two commits file by file produced.
///
/// `tree` is always written: cleanly merged files hold the merged content, and each
/// conflicted path holds our version (or is absent when we deleted it). A caller that
/// resolves the conflicts (for plans, with the structural merge) applies its
/// resolutions with `Repository.writeTree(from:applying:)` and commits the result
/// with both parents.
public struct TreeMerge: Hashable, Sendable {
    /// A file both sides changed in ways git's line merge could not reconcile.
    public struct Conflict: Hashable, Sendable {
        public var path: String
        /// The blob in the merge base; nil when the file did not exist there.
        public var ancestor: ObjectID?
        /// Our blob; nil when we deleted the file.
        public var ours: ObjectID?
        /// Their blob; nil when they deleted the file.
        public var theirs: ObjectID?

        public init(path: String, ancestor: ObjectID?, ours: ObjectID?, theirs: ObjectID?) {
            self.path = path
            self.ancestor = ancestor
            self.ours = ours
            self.theirs = theirs
        }
    }

    public var tree: ObjectID
    /// Conflicted files, sorted by path; empty for a clean merge.
    public var conflicts: [Conflict]

    public var isClean: Bool { conflicts.isEmpty }

    public init(tree: ObjectID, conflicts: [Conflict]) {
        self.tree = tree
        self.conflicts = conflicts
    }
}
