// Reading files out of commits: blobs by id or by path, and recursive tree listings.
import CLibGit2

extension Repository {
    /// Stores `bytes` as a blob (or finds the identical one already stored) and returns its id.
    @discardableResult
    public func writeBlob(_ bytes: [UInt8]) throws -> ObjectID {
        var oid = git_oid()
        let status = bytes.withUnsafeBytes { buffer in
            git_blob_create_from_buffer(&oid, pointer, buffer.baseAddress, buffer.count)
        }
        try check(status)
        return ObjectID(oid)
    }

    /// The contents of the blob with this id.
    ///
    /// - Throws: `GitError.objectNotFound` when there is no such blob.
    public func readBlob(_ id: ObjectID) throws -> [UInt8] {
        var oid = id.oid
        var blob: OpaquePointer?
        let status = git_blob_lookup(&blob, pointer, &oid)
        if status == GIT_ENOTFOUND.rawValue { throw GitError.objectNotFound(id) }
        try check(status)
        defer { git_blob_free(blob) }
        return Self.contents(of: blob!)
    }

    /// The contents of the file at `path` (e.g. `plans/isr.yaml`) as of `commit`.
    ///
    /// - Returns: nil when no file exists at that path in that commit.
    /// - Throws: `GitError.notAFile` when the path names a directory;
    ///   `.objectNotFound` when `commit` is not a commit in this repository.
    public func blob(at path: String, in commit: ObjectID) throws -> [UInt8]? {
        guard let id = try blobID(at: path, in: commit) else { return nil }
        return try readBlob(id)
    }

    /// The id of the file at `path` as of `commit` (cheap: reads no file contents);
    /// nil when absent. Comparing ids tells whether a file changed between commits.
    public func blobID(at path: String, in commit: ObjectID) throws -> ObjectID? {
        try Self.validate(path)
        let tree = try lookupTree(ofCommit: commit)
        defer { git_tree_free(tree) }
        guard let entry = try Self.entry(at: path, in: tree) else { return nil }
        guard entry.isFile else { throw GitError.notAFile(path: path) }
        return entry.id
    }

    /// Every file in `commit`, recursively, as full paths mapped to blob ids.
    ///
    /// - Parameter directory: Only list files under this directory (`"plans"` or
    ///   `"plans/"`); the paths returned are still full paths. An absent directory
    ///   gives an empty listing.
    /// - Complexity: O(number of entries listed).
    public func files(in commit: ObjectID, under directory: String = "") throws -> [String: ObjectID] {
        let root = try lookupTree(ofCommit: commit)
        defer { git_tree_free(root) }
        var prefix = directory
        while prefix.hasSuffix("/") { prefix.removeLast() }
        if prefix.isEmpty {
            return try Self.walk(root, prefix: "")
        }
        guard let entry = try Self.entry(at: prefix, in: root), entry.kind == .directory else { return [:] }
        var oid = entry.id.oid
        var subtree: OpaquePointer?
        try check(git_tree_lookup(&subtree, pointer, &oid))
        defer { git_tree_free(subtree) }
        return try Self.walk(subtree!, prefix: prefix + "/")
    }

    // MARK: Internals shared with commit writing

    /// A tree entry copied out of libgit2.
    struct TreeEntry {
        enum Kind { case file, directory, other }
        var id: ObjectID
        var kind: Kind
        var fileMode: git_filemode_t
        var isFile: Bool { kind == .file }
    }

    /// Looks up the commit `id` and returns its root tree; the caller frees it.
    func lookupTree(ofCommit id: ObjectID) throws(GitError) -> OpaquePointer {
        let commit = try lookupCommit(id)
        defer { git_commit_free(commit) }
        var tree: OpaquePointer?
        try check(git_commit_tree(&tree, commit))
        return tree!
    }

    /// The entry at a slash-separated path inside `tree`; nil when absent.
    static func entry(at path: String, in tree: OpaquePointer) throws(GitError) -> TreeEntry? {
        var entry: OpaquePointer?
        let status = git_tree_entry_bypath(&entry, tree, path)
        if status == GIT_ENOTFOUND.rawValue { return nil }
        try check(status)
        defer { git_tree_entry_free(entry) }
        let kind: TreeEntry.Kind
        switch git_tree_entry_type(entry) {
        case GIT_OBJECT_BLOB: kind = .file
        case GIT_OBJECT_TREE: kind = .directory
        default: kind = .other
        }
        return TreeEntry(id: ObjectID(git_tree_entry_id(entry)), kind: kind, fileMode: git_tree_entry_filemode(entry))
    }

    static func contents(of blob: OpaquePointer) -> [UInt8] {
        let size = Int(git_blob_rawsize(blob))
        guard size > 0, let raw = git_blob_rawcontent(blob) else { return [] }
        return Array(UnsafeRawBufferPointer(start: raw, count: size))
    }

    /// Collects every blob under `tree` into a path -> id map, paths prefixed with `prefix`.
    private static func walk(_ tree: OpaquePointer, prefix: String) throws(GitError) -> [String: ObjectID] {
        final class Collector {
            var files: [String: ObjectID] = [:]
            let prefix: String
            init(prefix: String) { self.prefix = prefix }
        }
        let collector = Collector(prefix: prefix)
        let payload = Unmanaged.passUnretained(collector).toOpaque()
        let status = withExtendedLifetime(collector) {
            git_tree_walk(tree, GIT_TREEWALK_PRE, { root, entry, payload in
                guard let entry, let payload, let root else { return 0 }
                let collector = Unmanaged<Collector>.fromOpaque(payload).takeUnretainedValue()
                if git_tree_entry_type(entry) == GIT_OBJECT_BLOB {
                    let path = collector.prefix + String(cString: root) + String(cString: git_tree_entry_name(entry))
                    collector.files[path] = ObjectID(git_tree_entry_id(entry))
                }
                return 0
            }, payload)
        }
        try check(status)
        return collector.files
    }
}
