import Foundation

/// File operations the workspace needs, with the guarantees it relies on.
enum FileManagerHelpers {
    static func exists(_ path: String) -> Bool {
        FileManager.default.fileExists(atPath: path)
    }

    /// The absolute path of `relative` inside the workspace's local state
    /// folder (`.planbench/`), once neither that folder nor anything on the way
    /// to `relative` (the file included) is a symbolic link.
    ///
    /// A clone can carry a committed `.planbench` link (`.gitignore`'s
    /// `.planbench/` matches folders only); following it would read merge
    /// state from, and write caches to, wherever it points. Parts that do not
    /// exist yet are fine: they are made as real folders and files.
    ///
    /// - Throws: ``PlanBenchError/stateFolderLink(link:)`` naming the link.
    static func localStatePath(_ relative: String, root: String) throws -> String {
        var partial = WorkspaceLayout.stateFolder
        var components = relative.split(separator: "/").map(String.init)[...]
        while true {
            var status = stat()
            if lstat(root + "/" + partial, &status) != 0 { break }
            if status.st_mode & S_IFMT == S_IFLNK { throw PlanBenchError.stateFolderLink(link: partial) }
            guard let next = components.popFirst() else { break }
            partial += "/" + next
        }
        return root + "/" + WorkspaceLayout.stateFolder + "/" + relative
    }

    /// The file's bytes, or `nil` when it cannot be read.
    static func contents(of path: String) -> [UInt8]? {
        FileManager.default.contents(atPath: path).map { [UInt8]($0) }
    }

    /// Writes `bytes` to `path` through a temporary file and a rename, so a
    /// reader (or a crash) never sees a half-written file.
    static func writeAtomically(_ bytes: [UInt8], to path: String) throws {
        let directory = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let temporary = directory + "/.planbench-tmp-\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0...UInt32.max))"
        do {
            try Data(bytes).write(to: URL(fileURLWithPath: temporary))
            guard rename(temporary, path) == 0 else {
                throw PlanBenchError.io(path: path, message: "cannot replace the file (errno \(errno))")
            }
        } catch let error as PlanBenchError {
            try? FileManager.default.removeItem(atPath: temporary)
            throw error
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw PlanBenchError.io(path: path, message: "cannot write: \(error.localizedDescription)")
        }
    }
}
