// What `log` reports about one commit, copied out of libgit2.

/// A commit's metadata and the files it changed relative to its first parent.
public struct CommitInfo: Hashable, Sendable, Identifiable {
    public var id: ObjectID
    /// Parent ids in order; empty for a root commit, two or more for a merge.
    public var parents: [ObjectID]
    public var tree: ObjectID
    public var author: Signature
    public var committer: Signature
    /// The full message, as stored (usually ending with a newline).
    public var message: String
    /// Paths of files added, modified or deleted relative to the first parent (or to
    /// the empty tree for a root commit), sorted. Renames show as a delete and an add.
    public var changedPaths: [String]

    /// The first line of the message.
    public var summary: String {
        String(message.prefix { $0 != "\n" })
    }

    /// Whether the commit has more than one parent.
    public var isMerge: Bool { parents.count > 1 }

    public init(
        id: ObjectID, parents: [ObjectID], tree: ObjectID, author: Signature,
        committer: Signature, message: String, changedPaths: [String]
    ) {
        self.id = id
        self.parents = parents
        self.tree = tree
        self.author = author
        self.committer = committer
        self.message = message
        self.changedPaths = changedPaths
    }
}
