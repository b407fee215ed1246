// Writing commits: a new tree from the parent's tree plus changes, then the commit
// object. No reference moves here; see updateReference(_:to:expected:message:).
import CLibGit2

extension Repository {
    /// Writes a commit whose tree is `parent`'s tree with `changes` applied, and
    /// returns its id without moving any reference.
    ///
    /// Blobs, trees and the commit are all written to the object database before this
    /// returns; moving the branch afterwards with `updateReference` is what publishes
    /// the commit. Unchanged subtrees are shared with the parent, so the cost is
    /// proportional to the changes, not to the size of the tree.
    ///
    /// ```swift
    /// let id = try repository.commit(
    ///     updating: head,
    ///     changes: ["plans/isr.yaml": newBytes, "plans/old.yaml": nil],
    ///     message: "Revise ISR plan", author: me, committer: me)
    /// ```
    ///
    /// - Parameters:
    ///   - parent: The first parent, whose tree the changes apply to; nil for a root commit.
    ///   - changes: Path (`plans/isr.yaml`, `/`-separated, relative) to new contents, or
    ///     nil to delete the file. Deleting an absent file is a no-op; intermediate
    ///     directories are created, and removed when they become empty.
    ///   - message: The commit message; a trailing newline is added when missing.
    ///   - extraParents: Further parents after `parent`, e.g. the other side of a merge.
    /// - Returns: The id of the new commit.
    /// - Throws: `GitError.invalidPath`, `.pathConflict` (a file where a directory
    ///   is needed or the reverse), `.notAFile` (deleting a directory),
    ///   `.objectNotFound` for an unknown parent.
    public func commit(
        updating parent: ObjectID?,
        changes: [String: [UInt8]?],
        message: String,
        author: Signature,
        committer: Signature,
        extraParents: [ObjectID] = [],
        sign: CommitSigner? = nil
    ) throws -> ObjectID {
        let baseTree = try parent.map { try treeID(ofCommit: $0) } ?? writeEmptyTree()
        let tree = try applying(changes, to: baseTree)
        return try writeCommit(
            tree: tree,
            parents: (parent.map { [$0] } ?? []) + extraParents,
            message: message,
            author: author,
            committer: committer,
            sign: sign)
    }

    /// Writes a commit object for an existing tree, moving no reference.
    ///
    /// Use this when the tree comes from elsewhere (for example a merge result).
    ///
    /// With `sign`, the commit is signed the way `git commit -S` signs: the commit
    /// object's text is built first (`git_commit_create_buffer`), `sign` returns an
    /// armored signature of exactly those bytes, and the commit is written with the
    /// signature in its `gpgsig` header (`git_commit_create_with_signature`), so
    /// `git verify-commit` checks it.
    public func writeCommit(
        tree: ObjectID,
        parents: [ObjectID],
        message: String,
        author: Signature,
        committer: Signature,
        sign: CommitSigner? = nil
    ) throws -> ObjectID {
        var treeOID = tree.oid
        var treeObject: OpaquePointer?
        let status = git_tree_lookup(&treeObject, pointer, &treeOID)
        if status == GIT_ENOTFOUND.rawValue { throw GitError.objectNotFound(tree) }
        try check(status)
        defer { git_tree_free(treeObject) }

        var parentObjects: [OpaquePointer?] = []
        defer { parentObjects.forEach { git_commit_free($0) } }
        for parent in parents {
            parentObjects.append(try lookupCommit(parent))
        }

        let text = message.hasSuffix("\n") ? message : message + "\n"
        var commitOID = git_oid()
        guard let sign else {
            try author.withGitSignature { (authorSignature) throws(GitError) in
                try committer.withGitSignature { (committerSignature) throws(GitError) in
                    let created = parentObjects.withUnsafeMutableBufferPointer { buffer in
                        git_commit_create(
                            &commitOID, pointer, nil, authorSignature, committerSignature,
                            nil, text, treeObject, buffer.count, buffer.baseAddress)
                    }
                    try check(created)
                }
            }
            return ObjectID(commitOID)
        }
        var buffer = git_buf()
        defer { git_buf_dispose(&buffer) }
        try author.withGitSignature { (authorSignature) throws(GitError) in
            try committer.withGitSignature { (committerSignature) throws(GitError) in
                let created = parentObjects.withUnsafeMutableBufferPointer { parents in
                    git_commit_create_buffer(
                        &buffer, pointer, authorSignature, committerSignature,
                        nil, text, treeObject, parents.count, parents.baseAddress)
                }
                try check(created)
            }
        }
        let content = Array(UnsafeRawBufferPointer(start: buffer.ptr, count: buffer.size))
        let signature = try sign(content)
        try check(git_commit_create_with_signature(&commitOID, pointer, buffer.ptr, signature, "gpgsig"))
        return ObjectID(commitOID)
    }

    /// The id of a commit's root tree.
    public func treeID(ofCommit commit: ObjectID) throws -> ObjectID {
        let tree = try lookupTree(ofCommit: commit)
        defer { git_tree_free(tree) }
        return ObjectID(git_tree_id(tree))
    }

    /// Returns the id of `base` with `changes` applied (objects written, nothing else).
    ///
    /// libgit2's `git_tree_create_updated` cannot turn a file into a directory (or the
    /// reverse) in one call, and deleting and adding the same entry is undefined, so
    /// removals are applied first and additions second.
    func applying(_ changes: [String: [UInt8]?], to base: ObjectID) throws -> ObjectID {
        for path in changes.keys {
            try Self.validate(path)
        }
        let removals = changes.filter { $0.value == nil }.keys.sorted()
        let additions = changes.compactMap { entry in entry.value.map { (path: entry.key, bytes: $0) } }
            .sorted { $0.path < $1.path }
        try Self.checkDisjoint(additions.map(\.path))

        var tree = base
        // Removals: only files that exist; an absent path is already deleted.
        var removalUpdates: [String] = []
        try withTree(tree) { (root) throws(GitError) in
            for path in removals {
                guard let entry = try Self.entry(at: path, in: root) else { continue }
                guard entry.kind != .directory else { throw .notAFile(path: path) }
                removalUpdates.append(path)
            }
        }
        if !removalUpdates.isEmpty {
            tree = try updateTree(tree, removing: removalUpdates, upserting: [])
        }

        // Additions: write each blob, keep an existing file's mode (e.g. executable).
        let modes = try withTree(tree) { (root) throws(GitError) -> [git_filemode_t] in
            try additions.map { (addition) throws(GitError) -> git_filemode_t in
                try Self.checkNoFileAncestor(of: addition.path, in: root)
                guard let existing = try Self.entry(at: addition.path, in: root) else { return GIT_FILEMODE_BLOB }
                guard existing.kind == .file else { throw .pathConflict(addition.path) }
                return existing.fileMode
            }
        }
        var upserts: [(path: String, id: ObjectID, mode: git_filemode_t)] = []
        for (addition, mode) in zip(additions, modes) {
            upserts.append((addition.path, try writeBlob(addition.bytes), mode))
        }
        if !upserts.isEmpty {
            tree = try updateTree(tree, removing: [], upserting: upserts)
        }
        return tree
    }

    /// Writes (or finds) the empty tree, the base of a root commit.
    func writeEmptyTree() throws(GitError) -> ObjectID {
        var builder: OpaquePointer?
        try check(git_treebuilder_new(&builder, pointer, nil))
        defer { git_treebuilder_free(builder) }
        var oid = git_oid()
        try check(git_treebuilder_write(&oid, builder))
        return ObjectID(oid)
    }

    private func withTree<R>(_ id: ObjectID, _ body: (OpaquePointer) throws(GitError) -> R) throws(GitError) -> R {
        var oid = id.oid
        var tree: OpaquePointer?
        try check(git_tree_lookup(&tree, pointer, &oid))
        defer { git_tree_free(tree) }
        return try body(tree!)
    }

    private func updateTree(
        _ base: ObjectID,
        removing removals: [String],
        upserting upserts: [(path: String, id: ObjectID, mode: git_filemode_t)]
    ) throws(GitError) -> ObjectID {
        // The C strings must outlive the git_tree_create_updated call.
        let strings = CStrings(removals + upserts.map(\.path))
        defer { strings.deallocate() }
        let paths = strings.pointers
        var updates: [git_tree_update] = []
        for (index, _) in removals.enumerated() {
            var update = git_tree_update()
            update.action = GIT_TREE_UPDATE_REMOVE
            update.path = UnsafePointer(paths[index])
            updates.append(update)
        }
        for (index, upsert) in upserts.enumerated() {
            var update = git_tree_update()
            update.action = GIT_TREE_UPDATE_UPSERT
            update.id = upsert.id.oid
            update.filemode = upsert.mode
            update.path = UnsafePointer(paths[removals.count + index])
            updates.append(update)
        }
        return try withTree(base) { (tree) throws(GitError) in
            var oid = git_oid()
            try check(git_tree_create_updated(&oid, pointer, tree, updates.count, updates))
            return ObjectID(oid)
        }
    }

    /// Rejects paths git cannot store or that would escape the tree.
    static func validate(_ path: String) throws(GitError) {
        let components = path.split(separator: "/", omittingEmptySubsequences: false)
        for component in components {
            if component.isEmpty || component == "." || component == ".."
                || component.lowercased() == ".git" || component.utf8.contains(0) {
                throw .invalidPath(path)
            }
        }
    }

    /// Rejects a change set that writes both `a` and `a/b`.
    private static func checkDisjoint(_ sortedPaths: [String]) throws(GitError) {
        let written = Set(sortedPaths)
        for path in sortedPaths {
            var prefix = Substring(path)
            while let slash = prefix.lastIndex(of: "/") {
                prefix = prefix[..<slash]
                if written.contains(String(prefix)) { throw .pathConflict(String(prefix)) }
            }
        }
    }

    /// Rejects writing `a/b` when `a` is a file in `tree`.
    private static func checkNoFileAncestor(of path: String, in tree: OpaquePointer) throws(GitError) {
        var prefix = Substring(path)
        while let slash = prefix.lastIndex(of: "/") {
            prefix = prefix[..<slash]
            if let entry = try entry(at: String(prefix), in: tree) {
                if entry.kind != .directory { throw .pathConflict(String(prefix)) }
                return  // the nearest existing ancestor is a directory, so all above are too
            }
        }
    }
}
