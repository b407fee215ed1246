// Git lock files (`index.lock`, `refs/heads/<branch>.lock`, `HEAD.lock`) that a killed
// planbench process left behind: recognised and cleared by the next one.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How long after a section recorded its intent a lock file it names may have been
/// made and still count as that section's (the sections take milliseconds; a checkout
/// of thousands of files, seconds).
private let lockRecordWindow: Int = 30

extension Repository {
    /// The file in the git directory that records which git lock files the
    /// planbench process inside a locking section may create.
    var lockRecordPath: String { gitDirectory + "/planbench-locks" }

    /// Runs `body`, during which libgit2 (or this module) may create the lock files
    /// `locks` (paths relative to the git directory), inside the locking section.
    ///
    /// The rule that makes a stale lock safe to clear: a planbench process creates
    /// git lock files only inside this section. The section holds an exclusive
    /// `flock` on `.git/planbench-locks` (the kernel releases it when the process
    /// dies, however it dies) and writes into that file, before `body` runs, the
    /// lock paths it may create and the time; it empties the file when `body`
    /// returns or throws. So a process that gets the `flock` and finds the file not
    /// empty knows that the previous holder died inside the section, and that no
    /// other planbench process is in one now. It deletes a recorded lock file only
    /// when that file was last modified from one second before the recorded time to
    /// ``lockRecordWindow`` seconds after it: a lock file made by git, or by
    /// anything else, is never deleted, unless git made that very file in that very
    /// window after the planbench process died (the git program does not know this
    /// record, so no rule can tell those apart). Any other lock file is reported as
    /// before, naming it. Without a writable git directory the section just runs
    /// `body` (nothing could be locked there anyway).
    func withLockRecord<T, E: Error>(_ locks: [String], _ body: () throws(E) -> T) throws(E) -> T {
        let descriptor = Glibc.open(lockRecordPath, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o644)
        guard descriptor >= 0 else { return try body() }
        defer { close(descriptor) }
        while flock(descriptor, LOCK_EX) != 0 && errno == EINTR {}
        clearStaleLocks(recordedIn: descriptor)
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        let text = locks.map { "\($0) \(now.tv_sec)\n" }.joined()
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
        // A record that could not be written (disk full) clears nothing later: the
        // locks are then reported, never guessed at.
        if written != bytes.count { _ = ftruncate(descriptor, 0) }
        defer { _ = ftruncate(descriptor, 0) }
        return try body()
    }

    /// Deletes the lock files that a dead holder of the section recorded (see
    /// ``withLockRecord(_:_:)`` for the rule), then empties the record.
    private func clearStaleLocks(recordedIn descriptor: Int32) {
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_size > 0, status.st_size < 1 << 16 else { return }
        var buffer = [UInt8](repeating: 0, count: Int(status.st_size))
        let count = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return }
        let text = String(decoding: buffer[..<count], as: UTF8.self)
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count == 2, let recorded = Int(fields[1]) else { continue }
            let name = fields[0]
            let file = gitDirectory + "/" + name
            var fileStatus = stat()
            guard lstat(file, &fileStatus) == 0, fileStatus.st_mode & S_IFMT == S_IFREG else { continue }
            if Self.isScratchIndex(name) {
                // Named after the dead process and a random number: nobody else makes it.
                unlink(file)
            } else if Self.isLockPath(name) {
                let modified = Int(fileStatus.st_mtim.tv_sec)
                if modified >= recorded - 1 && modified <= recorded + lockRecordWindow { unlink(file) }
            }
        }
        _ = ftruncate(descriptor, 0)
    }

    /// Whether a recorded path names a lock file inside the git directory (the
    /// record is never trusted to name anything else).
    private static func isLockPath(_ path: Substring) -> Bool {
        path.hasSuffix(".lock") && !path.hasPrefix("/") && !path.split(separator: "/").contains("..")
    }

    /// Whether a recorded path is the scratch index of ``withLockedIndex(_:)``.
    private static func isScratchIndex(_ path: Substring) -> Bool {
        path.hasPrefix(scratchIndexPrefix) && !path.contains("/")
    }

    /// The name the scratch index of ``withLockedIndex(_:)`` starts with.
    static let scratchIndexPrefix = "index.planbench-"
}

extension Repository {
    /// How long a temporary object file may stay untouched before it counts as a dead
    /// writer's (libgit2 writes a loose object in one go, in milliseconds to seconds).
    public static let abandonedObjectAge: Int = 15 * 60

    /// Deletes the temporary object files that libgit2 writers killed before their
    /// rename left in `objects/` (`tmp_object_git2_*`), once untouched for
    /// ``abandonedObjectAge`` seconds; returns how many it deleted.
    ///
    /// No record tells whose they are (libgit2 names them at random, and object
    /// writes are too many to put each in a locking section), so age is the rule:
    /// a live writer renames its file long before. Deleting one is harmless to the
    /// repository even if the rule were wrong: an object becomes real only by its
    /// rename, and a writer whose file vanished fails its write. git's own
    /// `tmp_obj_*` files are left to `git gc`.
    @discardableResult
    public func removeAbandonedTemporaryObjects(now: Int? = nil) -> Int {
        let folder = gitDirectory + "/objects"
        guard let directory = opendir(folder) else { return 0 }
        defer { closedir(directory) }
        var clock = timespec()
        clock_gettime(CLOCK_REALTIME, &clock)
        let cutoff = (now ?? Int(clock.tv_sec)) - Self.abandonedObjectAge
        let prefix = Array("tmp_object_git2_".utf8)
        var removed = 0
        while let entry = readdir(directory) {
            let matches = withUnsafeBytes(of: entry.pointee.d_name) { name in
                name.count > prefix.count && zip(name, prefix).allSatisfy { $0 == $1 }
            }
            guard matches else { continue }
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            let path = folder + "/" + name
            var status = stat()
            guard lstat(path, &status) == 0, status.st_mode & S_IFMT == S_IFREG, Int(status.st_mtim.tv_sec) < cutoff else { continue }
            if unlink(path) == 0 { removed += 1 }
        }
        return removed
    }
}
