// Where the documents being checked come from: the work tree, a revision in
// git, or a revision with pending changes laid over it (what a save is about
// to commit). Checks read through this so they judge exactly what would be
// committed, and read only the documents they need.
import Foundation
import PlanDocument

/// Read access to the documents of one state of a workspace.
public protocol DocumentSource {
    /// The bytes of the file at a workspace-relative path, or `nil` when absent.
    func bytes(at path: String) throws -> [UInt8]?
    /// Workspace-relative paths of the files directly inside `folder`.
    func paths(in folder: String) throws -> [String]
}

/// The files on disk under a workspace root.
///
/// Only regular files are documents: a symbolic link (or a folder that is
/// one) is refused with ``PlanBenchError/symbolicLink(path:link:)``, so no
/// command shows, checks or commits a file outside the workspace through it.
public struct WorkTreeSource: DocumentSource {
    public let root: String

    public init(root: String) { self.root = root }

    public func bytes(at path: String) throws -> [UInt8]? {
        try DocumentReading.workTreeContents(of: path, under: root)
    }

    public func paths(in folder: String) throws -> [String] {
        let url = URL(fileURLWithPath: root).appendingPathComponent(folder)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted().map { "\(folder)/\($0)" }
    }
}

/// A base state with some files replaced, added (non-nil) or deleted (nil).
public struct OverlaySource: DocumentSource {
    public let base: DocumentSource
    public let changes: [String: [UInt8]?]

    public init(base: DocumentSource, changes: [String: [UInt8]?]) {
        self.base = base
        self.changes = changes
    }

    public func bytes(at path: String) throws -> [UInt8]? {
        if let change = changes[path] { return change }
        return try base.bytes(at: path)
    }

    public func paths(in folder: String) throws -> [String] {
        var result = Set(try base.paths(in: folder))
        for (path, change) in changes where path.hasPrefix(folder + "/") && !path.dropFirst(folder.count + 1).contains("/") {
            if change == nil { result.remove(path) } else { result.insert(path) }
        }
        return result.sorted()
    }
}

/// An empty state (an unborn branch).
public struct EmptySource: DocumentSource {
    public init() {}
    public func bytes(at path: String) throws -> [UInt8]? { nil }
    public func paths(in folder: String) throws -> [String] { [] }
}
