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

    /// The name a temporary file of ``writeAtomically(_:to:root:)`` starts with;
    /// the process id follows, so an abandoned one can be told from a live one's.
    static let temporaryPrefix = ".planbench-tmp-"

    /// Where, in the state folder, ``writeAtomically(_:to:root:)`` makes its
    /// temporary files: one small folder for every command to sweep, instead
    /// of listing every document folder each time.
    static let temporaryFolder = "tmp"

    /// Recorded in ``temporaryFolder`` once the document folders have been
    /// swept of the temporary files that versions before it left there.
    static let documentFoldersSweptMarker = "document-folders-swept"

    /// Writes `bytes` to `path` (in the workspace at `root`) through a
    /// temporary file in `.planbench/tmp/` and a rename, so a reader (or a
    /// crash) never sees a half-written file. The rename needs both on one
    /// file system, as the workspace's folders are.
    ///
    /// - Throws: ``PlanBenchError/io(path:message:)`` naming the file, what failed and what to do;
    ///   ``PlanBenchError/stateFolderLink(link:)`` when `.planbench` (or `tmp` in it) is a link.
    static func writeAtomically(_ bytes: [UInt8], to path: String, root: String) throws {
        let directory = (path as NSString).deletingLastPathComponent
        let temporaryDirectory = try localStatePath(temporaryFolder, root: root)
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw PlanBenchError.io(path: directory, message: SystemFailure.explain(error, doing: "cannot create the folder"))
        }
        do {
            try FileManager.default.createDirectory(atPath: temporaryDirectory, withIntermediateDirectories: true)
        } catch {
            throw PlanBenchError.io(
                path: path, message: SystemFailure.explain(error, doing: "cannot write (through a temporary file in .planbench/tmp/)"))
        }
        let temporary = temporaryDirectory + "/" + temporaryPrefix + "\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
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

    /// Deletes the temporary files of ``writeAtomically(_:to:root:)`` that killed
    /// processes left: only those named after a process that no longer exists.
    ///
    /// They are all in `.planbench/tmp/`, one folder to list. Versions before
    /// it made them beside the file they replaced; the workspace root, the
    /// document folders and the state folder are swept of those once, and
    /// ``documentFoldersSweptMarker`` records that they were.
    static func removeAbandonedTemporaryFiles(under root: String) {
        guard let temporaryDirectory = try? localStatePath(temporaryFolder, root: root) else { return }
        removeAbandonedTemporaryFiles(in: temporaryDirectory)
        let marker = temporaryDirectory + "/" + documentFoldersSweptMarker
        guard !exists(marker) else { return }
        let state = "/" + WorkspaceLayout.stateFolder
        for folder in ["", "/" + WorkspaceLayout.plansFolder, "/" + WorkspaceLayout.guidelinesFolder,
            "/" + WorkspaceLayout.reviewsFolder, state, state + "/cache", state + "/cache/trees"]
        {
            removeAbandonedTemporaryFiles(in: root + folder)
        }
        // Not recorded when it cannot be (a read-only workspace): swept again next time.
        try? FileManager.default.createDirectory(atPath: temporaryDirectory, withIntermediateDirectories: true)
        let descriptor = open(marker, O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o666)
        if descriptor >= 0 { close(descriptor) }
    }

    private static func removeAbandonedTemporaryFiles(in folder: String) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        for name in names where name.hasPrefix(temporaryPrefix) {
            let pidText = name.dropFirst(temporaryPrefix.count).prefix { $0 != "-" }
            guard let pid = Int32(pidText), pid > 0, kill(pid, 0) != 0, errno == ESRCH else { continue }
            unlink(folder + "/" + name)
        }
    }
}
