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

    /// Makes the folder that will hold `statePath` (in `.planbench/`), so a
    /// command that must record state finds out before it changes anything.
    /// - Throws: ``PlanBenchError/io(path:message:)`` naming the folder and what to do.
    static func ensureStateFolder(for statePath: String) throws {
        let folder = (statePath as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw PlanBenchError.io(
                path: WorkspaceLayout.stateFolder,
                message: SystemFailure.explain(error, doing: "cannot create the folder where planbench records a merge in progress"))
        }
    }

    /// The name a temporary file of ``writeAtomically(_:to:)`` starts with; the
    /// process id follows, so an abandoned one can be told from a live one's.
    static let temporaryPrefix = ".planbench-tmp-"

    /// Writes `bytes` to `path` through a temporary file and a rename, so a
    /// reader (or a crash) never sees a half-written file.
    ///
    /// - Throws: ``PlanBenchError/io(path:message:)`` naming the file, what failed and what to do.
    static func writeAtomically(_ bytes: [UInt8], to path: String) throws {
        let directory = (path as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw PlanBenchError.io(path: directory, message: SystemFailure.explain(error, doing: "cannot create the folder"))
        }
        let temporary = directory + "/" + temporaryPrefix + "\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o666)
        guard descriptor >= 0 else {
            throw PlanBenchError.io(path: path, message: SystemFailure.explain(errno: errno, doing: "cannot write"))
        }
        var failure: Int32?
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else {
                failure = errno
                break
            }
            offset += written
        }
        if close(descriptor) != 0 && failure == nil { failure = errno }
        if failure == nil && rename(temporary, path) != 0 { failure = errno }
        if let failure {
            unlink(temporary)
            throw PlanBenchError.io(path: path, message: SystemFailure.explain(errno: failure, doing: "cannot write"))
        }
    }

    /// Deletes the temporary files of ``writeAtomically(_:to:)`` that killed
    /// processes left in the workspace's folders: only those named after a process
    /// that no longer exists.
    ///
    /// Every command runs this on opening the workspace, and `plans/` holds one
    /// entry per plan: names are compared with the prefix in the directory
    /// entry's own bytes, and only a match becomes a `String` (making 10,000 of
    /// them was a measurable part of a search).
    static func removeAbandonedTemporaryFiles(under root: String) {
        let prefix = Array(temporaryPrefix.utf8CString.dropLast())
        for folder in ["", "/plans", "/guidelines", "/reviews", "/" + WorkspaceLayout.stateFolder] {
            guard let directory = opendir(root + folder) else { continue }
            var names: [String] = []
            while let entry = readdir(directory) {
                let name = withUnsafeBytes(of: &entry.pointee.d_name) { bytes -> String? in
                    let characters = bytes.bindMemory(to: CChar.self)
                    guard strncmp(characters.baseAddress!, prefix, prefix.count) == 0 else { return nil }
                    return String(cString: characters.baseAddress!)
                }
                if let name { names.append(name) }
            }
            closedir(directory)
            for name in names {
                let pidText = name.dropFirst(temporaryPrefix.count).prefix { $0 != "-" }
                guard let pid = Int32(pidText), pid > 0, kill(pid, 0) != 0, errno == ESRCH else { continue }
                unlink(root + folder + "/" + name)
            }
        }
    }
}
