// Parsed documents cached by git blob id under .planbench/cache/, so a diff
// of committed revisions decodes a binary tree instead of parsing megabytes
// of YAML. Blob ids name content, so an entry never goes stale; the cache
// is derived data that any failure simply bypasses.
import Foundation
import PlanDocument
import PlanGit

struct ParsedTreeCache {
    let directory: String

    /// Only documents this large are worth a cache file; small ones parse
    /// faster than a file can be opened.
    static let minimumSize = 64 * 1024

    init(workspaceRoot: String) {
        directory = workspaceRoot + "/" + WorkspaceLayout.stateFolder + "/cache/trees"
    }

    private func file(for blob: ObjectID) -> String { directory + "/" + blob.hex + ".pbn" }

    /// The cached tree of a blob, if any.
    func tree(for blob: ObjectID) -> Node? {
        guard let data = FileManager.default.contents(atPath: file(for: blob)) else { return nil }
        return try? NodeArchive.decode(Array(data))
    }

    /// Stores the tree parsed from a blob; failures are ignored (the cache is optional).
    func store(_ tree: Node, for blob: ObjectID, size: Int) {
        guard size >= Self.minimumSize else { return }
        try? FileManagerHelpers.writeAtomically(NodeArchive.encode(tree), to: file(for: blob))
    }
}

extension Workspace {
    var parsedTreeCache: ParsedTreeCache { ParsedTreeCache(workspaceRoot: root) }

    /// The parsed document at `path` in `commit`, through the cache; `nil` when absent.
    func cachedDocument(at path: String, in commit: ObjectID) throws -> Node? {
        guard let blob = try gitCall({ try repository.blobID(at: path, in: commit) }) else { return nil }
        let cache = parsedTreeCache
        if let tree = cache.tree(for: blob) { return tree }
        let bytes = try gitCall { try repository.readBlob(blob) }
        let tree = try parseOrReport(bytes, path: path)
        cache.store(tree, for: blob, size: bytes.count)
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
