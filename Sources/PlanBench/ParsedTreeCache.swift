// Parsed documents cached by git blob id under .planbench/cache/, so a diff
// of committed revisions decodes a binary tree instead of parsing megabytes
// of YAML. Blob ids name content, and each entry records the planbench and
// parser versions that made it, so an entry never goes stale; the cache is
// derived data that any failure (a missing, old or damaged entry) bypasses.
import Foundation
import PlanDocument
#if canImport(Glibc)
    @preconcurrency import Glibc
#endif
import PlanGit

struct ParsedTreeCache {
    /// Where entries live; nil (no caching) when a link is on the way there.
    let directory: String?
    let workspaceRoot: String

    /// Only documents this large are worth a cache file; small ones parse
    /// faster than a file can be opened.
    static let minimumSize = 64 * 1024

    /// What made the trees stored here; an entry made by anything else is not used.
    static let producer = "planbench \(PlanBenchVersion.current), parser \(DocumentReading.parserVersion)"

    init(workspaceRoot: String) {
        self.workspaceRoot = workspaceRoot
        directory = try? FileManagerHelpers.localStatePath("cache/trees", root: workspaceRoot)
    }

    private func file(for blob: String) -> String? { directory.map { $0 + "/" + blob + ".pbn" } }

    /// The cached tree of a blob (by hex id), if any.
    ///
    /// The archive is decoded as it is read, 64 KB at a time, so its bytes
    /// never sit in memory next to the tree (a diff holds two such trees).
    /// Strings equal to those of `reference` share its storage. The file is
    /// untrusted: anything but an intact archive of this producer in a regular
    /// file gives `nil`, and the caller parses the blob.
    func tree(for blob: String, sharingStringsWith reference: Node? = nil) -> Node? {
        // No following a link, no waiting on a FIFO someone left in its place.
        guard let file = file(for: blob) else { return nil }
        let descriptor = open(file, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { return nil }
        return try? NodeArchive.decode(
            byteCount: Int(status.st_size), producer: Self.producer, sharingStringsWith: reference
        ) { buffer in
            while true {
                let count = read(descriptor, buffer.baseAddress, buffer.count)
                if count >= 0 || errno != EINTR { return count }
            }
        }
    }

    /// Stores the tree parsed from a blob; failures are ignored (the cache is optional).
    func store(_ tree: Node, for blob: String, size: Int) {
        guard size >= Self.minimumSize, let file = file(for: blob) else { return }
        try? FileManagerHelpers.writeAtomically(NodeArchive.encode(tree, producer: Self.producer), to: file, root: workspaceRoot)
    }
}

extension Workspace {
    var parsedTreeCache: ParsedTreeCache { ParsedTreeCache(workspaceRoot: root) }

    /// The parsed document at `path` in `commit`, through the cache; `nil` when absent.
    ///
    /// - Parameter reference: another version of the document held at the
    ///   same time (the old side of a diff), whose strings a tree from the
    ///   cache shares where equal, so two revisions cost little more memory than one.
    func cachedDocument(at path: String, in commit: ObjectID, sharingStringsWith reference: Node? = nil) throws -> Node? {
        guard let blob = try gitCall({ try repository.blobID(at: path, in: commit) }) else { return nil }
        let cache = parsedTreeCache
        if let tree = cache.tree(for: blob.hex, sharingStringsWith: reference) { return tree }
        let bytes = try gitCall { try repository.readBlob(blob) }
        let tree = try parseOrReport(bytes, path: path)
        cache.store(tree, for: blob.hex, size: bytes.count)
        return tree
    }

    func parseOrReport(_ bytes: [UInt8], path: String) throws -> Node {
        do {
            return try DocumentReading.parse(bytes, path: path)
        } catch {
            throw PlanBenchError.invalidDocuments([Diagnostic(file: path, documentError: error)])
        }
    }
}

/// The parsed-tree cache as seen from outside a workspace object: git runs
/// `planbench merge-file` on temporary copies of blobs, from the work tree
/// root, so their trees can be found by content.
public enum ParsedTreeLookup {
    /// The cached tree for document `bytes`, from the workspace at or above
    /// `directory`; `nil` when not cached or too small to be worth caching.
    public static func tree(for bytes: [UInt8], near directory: String) -> Node? {
        guard bytes.count >= ParsedTreeCache.minimumSize, let cache = cache(near: directory) else { return nil }
        return cache.tree(for: Fingerprint.blobID(of: bytes))
    }

    /// Stores a tree parsed from `bytes` in the workspace at or above `directory`, if any.
    public static func store(_ tree: Node, for bytes: [UInt8], near directory: String) {
        guard bytes.count >= ParsedTreeCache.minimumSize, let cache = cache(near: directory) else { return }
        cache.store(tree, for: Fingerprint.blobID(of: bytes), size: bytes.count)
    }

    /// The cache of the nearest workspace (a folder with planbench.yaml and .git).
    private static func cache(near directory: String) -> ParsedTreeCache? {
        var url = URL(fileURLWithPath: directory).standardizedFileURL
        while true {
            let root = url.path
            if FileManager.default.fileExists(atPath: root + "/" + WorkspaceLayout.configFile),
                FileManager.default.fileExists(atPath: root + "/.git")
            {
                return ParsedTreeCache(workspaceRoot: root)
            }
            let parent = url.deletingLastPathComponent()
            if parent.path == url.path { return nil }
            url = parent
        }
    }
}
