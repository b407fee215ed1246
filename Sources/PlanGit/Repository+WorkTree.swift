// The index and work tree: status, keeping the index in step with commits, checkout.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CLibGit2

/// `open(2)`, named apart from `Repository.open(at:)`, which shadows it inside the type.
private func openFile(_ path: String, _ flags: Int32, _ mode: mode_t = 0) -> Int32 {
    open(path, flags, mode)
}

extension Repository {
    /// Changed, staged and untracked files in the work tree relative to HEAD, sorted by
    /// path, honouring `.gitignore`. A clean work tree gives an empty array.
    ///
    /// Untracked directories are listed file by file. On an unborn branch every file
    /// is untracked (or staged as added).
    public func status() throws -> [StatusEntry] {
        guard !isBare else { throw GitError.bareRepository }
        var options = git_status_options()
        try check(git_status_options_init(&options, UInt32(GIT_STATUS_OPTIONS_VERSION)))
        options.show = GIT_STATUS_SHOW_INDEX_AND_WORKDIR
        options.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED.rawValue
            | GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS.rawValue
            | GIT_STATUS_OPT_EXCLUDE_SUBMODULES.rawValue
            | GIT_STATUS_OPT_SORT_CASE_SENSITIVELY.rawValue
        var list: OpaquePointer?
        try check(git_status_list_new(&list, pointer, &options))
        defer { git_status_list_free(list) }

        var entries: [StatusEntry] = []
        for index in 0..<git_status_list_entrycount(list) {
            guard let entry = git_status_byindex(list, index)?.pointee else { continue }
            let flags = entry.status.rawValue
            let delta = entry.index_to_workdir ?? entry.head_to_index
            guard let delta else { continue }
            let file = delta.pointee.new_file.path ?? delta.pointee.old_file.path
            guard let file else { continue }
            entries.append(StatusEntry(
                path: String(cString: file),
                staged: Self.change(flags, added: GIT_STATUS_INDEX_NEW, modified: GIT_STATUS_INDEX_MODIFIED,
                                    deleted: GIT_STATUS_INDEX_DELETED, renamed: GIT_STATUS_INDEX_RENAMED,
                                    typeChanged: GIT_STATUS_INDEX_TYPECHANGE),
                unstaged: Self.change(flags, added: nil, modified: GIT_STATUS_WT_MODIFIED,
                                      deleted: GIT_STATUS_WT_DELETED, renamed: GIT_STATUS_WT_RENAMED,
                                      typeChanged: GIT_STATUS_WT_TYPECHANGE),
                isUntracked: flags & GIT_STATUS_WT_NEW.rawValue != 0,
                isConflicted: flags & GIT_STATUS_CONFLICTED.rawValue != 0))
        }
        return entries.sorted { $0.path < $1.path }
    }

    /// Makes the index agree with `commit` for `paths`, so that after a commit written
    /// with `commit(updating:...)` the committed files no longer show as changed.
    ///
    /// `commit(updating:...)` writes objects only; the index is the user's staging
    /// area, so it is updated separately, for the saved paths only (other staged work
    /// is left alone). A path whose work-tree file already has the committed content
    /// is staged from the file, recording its size and time so later status checks
    /// are cheap; otherwise the committed blob is staged as is (status then reports
    /// the work-tree file as modified, which it is). A path absent from `commit` is
    /// removed from the index.
    ///
    /// The index is read, changed and written under `index.lock` (see
    /// ``withLockedIndex(_:)``), so two writers at once never drop each other's entries.
    ///
    /// - Throws: `GitError.bareRepository`; `.locked` if another process holds `index.lock`.
    public func updateIndex(paths: [String], from commit: ObjectID) throws {
        guard let workDirectory else { throw GitError.bareRepository }
        for path in paths { try Self.validate(path) }
        let tree = try lookupTree(ofCommit: commit)
        defer { git_tree_free(tree) }
        try withLockedIndex { index in
            for path in paths {
                guard let entry = try Self.entry(at: path, in: tree), entry.kind == .file else {
                    let removed = git_index_remove_bypath(index, path)
                    if removed != GIT_ENOTFOUND.rawValue { try check(removed) }
                    continue
                }
                // A path a git merge left conflicted (stages 1-3) is resolved by the commit.
                let unconflicted = git_index_conflict_remove(index, path)
                if unconflicted != GIT_ENOTFOUND.rawValue { try check(unconflicted) }
                var indexEntry = git_index_entry()
                indexEntry.mode = entry.fileMode.rawValue
                indexEntry.id = entry.id.oid
                if let file = Self.unchangedFileStatus(workDirectory + "/" + path, hasContent: entry.id, in: pointer) {
                    Self.record(file, in: &indexEntry)
                }
                let added = path.withCString { cPath in
                    indexEntry.path = cPath
                    return git_index_add(index, &indexEntry)
                }
                try check(added)
            }
        }
    }

    /// Runs `body` on the index as it is on disk and installs the result, holding
    /// `index.lock` from before the read until the new index replaces the old one.
    ///
    /// `git_index_write` takes the lock only for the write, so a read-modify-write
    /// through it loses whatever another writer stored in between. Here the lock is
    /// created first (`O_EXCL`, git's protocol, so `git add` and other planbench
    /// processes wait for it too); the index is read through a scratch hard link
    /// (sharing the real file's time, so libgit2 smudges racily clean entries
    /// exactly as a write of the repository's own index would), changed, written to
    /// the scratch path, moved onto the lock file and renamed over the index. While
    /// `body` runs, the scratch index is the repository's index.
    ///
    /// - Throws: `GitError.locked` when `index.lock` exists (another writer; the
    ///   caller retries); any error of `body`, leaving the index as it was.
    private func withLockedIndex(_ body: (OpaquePointer) throws -> Void) throws {
        let scratchName = Self.scratchIndexPrefix + "\(getpid())-\(UInt64.random(in: 0...UInt64.max))"
        try withLockRecord(["index.lock", scratchName]) { () throws -> Void in
            try withLockedIndex(scratchName: scratchName, body)
        }
    }

    private func withLockedIndex(scratchName: String, _ body: (OpaquePointer) throws -> Void) throws {
        let indexPath = gitDirectory + "/index"
        let lockPath = indexPath + ".lock"
        let lock = openFile(lockPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
        guard lock >= 0 else {
            let code = errno
            if code == EEXIST { throw GitError.locked(message: "failed to create locked file '\(lockPath)': it exists") }
            throw Self.fileError("could not create", lockPath, code: code)
        }
        close(lock)
        var installed = false
        defer { if !installed { unlink(lockPath) } }

        let scratch = gitDirectory + "/" + scratchName
        defer { unlink(scratch) }
        if link(indexPath, scratch) != 0 {
            let code = errno
            // No index yet: the scratch index starts empty. A file system without hard
            // links gets a copy (racily clean entries are then judged by the copy's time).
            if code != ENOENT { try Self.copyFile(indexPath, to: scratch) }
        }
        var index: OpaquePointer?
        try check(git_index_open(&index, scratch))
        defer { git_index_free(index) }
        try check(git_repository_set_index(pointer, index))
        // The repository opens its own index again when next asked for it.
        defer { git_repository_set_index(pointer, nil) }
        try check(git_index_set_caps(index, GIT_INDEX_CAPABILITY_FROM_OWNER.rawValue))

        try body(index!)
        try check(git_index_write(index))
        guard rename(scratch, lockPath) == 0, rename(lockPath, indexPath) == 0 else {
            throw Self.fileError("could not replace", indexPath)
        }
        installed = true
    }

    /// Copies a file byte for byte (the scratch index where hard links are not available).
    private static func copyFile(_ source: String, to destination: String) throws {
        let input = openFile(source, O_RDONLY | O_CLOEXEC)
        guard input >= 0 else { throw fileError("could not read", source) }
        defer { close(input) }
        let output = openFile(destination, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
        guard output >= 0 else { throw fileError("could not create", destination) }
        defer { close(output) }
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(input, $0.baseAddress, $0.count) }
            if count == 0 { return }
            guard count > 0 else { throw fileError("could not read", source) }
            let written = buffer.withUnsafeBytes { write(output, $0.baseAddress, count) }
            guard written == count else { throw fileError("could not write", destination) }
        }
    }

    /// An operating-system failure on `path`; `code` defaults to `errno` read at the call.
    private static func fileError(_ what: String, _ path: String, code: Int32 = errno) -> GitError {
        .libgit2(code: -1, class: Int32(GIT_ERROR_OS.rawValue), message: "\(what) '\(path)': \(String(cString: strerror(code)))")
    }

    /// The file's status when it holds exactly the blob `id` and did not change while
    /// it was hashed (same inode, size and times before and after); otherwise nil.
    ///
    /// Staging from this instead of `git_index_add_bypath` keeps the cheap-status
    /// benefit (size and times recorded) without writing the blob a second time:
    /// libgit2 would store it again through a temporary object file, one more file
    /// created and deleted per save.
    private static func unchangedFileStatus(_ file: String, hasContent id: ObjectID, in repository: OpaquePointer) -> stat? {
        var before = stat()
        guard lstat(file, &before) == 0, before.st_mode & S_IFMT == S_IFREG else { return nil }
        var onDisk = git_oid()
        guard git_repository_hashfile(&onDisk, repository, file, GIT_OBJECT_BLOB, nil) == 0,
              ObjectID(onDisk) == id else { return nil }
        var after = stat()
        guard lstat(file, &after) == 0,
              after.st_ino == before.st_ino, after.st_size == before.st_size,
              after.st_mtim.tv_sec == before.st_mtim.tv_sec, after.st_mtim.tv_nsec == before.st_mtim.tv_nsec,
              after.st_ctim.tv_sec == before.st_ctim.tv_sec, after.st_ctim.tv_nsec == before.st_ctim.tv_nsec
        else { return nil }
        return after
    }

    /// Copies the fields git compares to decide quickly that a file is unchanged.
    private static func record(_ file: stat, in entry: inout git_index_entry) {
        entry.ctime = git_index_time(seconds: Int32(truncatingIfNeeded: file.st_ctim.tv_sec),
                                     nanoseconds: UInt32(truncatingIfNeeded: file.st_ctim.tv_nsec))
        entry.mtime = git_index_time(seconds: Int32(truncatingIfNeeded: file.st_mtim.tv_sec),
                                     nanoseconds: UInt32(truncatingIfNeeded: file.st_mtim.tv_nsec))
        entry.dev = UInt32(truncatingIfNeeded: file.st_dev)
        entry.ino = UInt32(truncatingIfNeeded: file.st_ino)
        entry.uid = file.st_uid
        entry.gid = file.st_gid
        entry.file_size = UInt32(truncatingIfNeeded: file.st_size)
    }

    /// Replaces the whole index with the tree of `commit` (like `git reset --mixed`),
    /// leaving work-tree files alone.
    public func resetIndex(to commit: ObjectID) throws {
        guard !isBare else { throw GitError.bareRepository }
        let tree = try lookupTree(ofCommit: commit)
        defer { git_tree_free(tree) }
        var index: OpaquePointer?
        try check(git_repository_index(&index, pointer))
        defer { git_index_free(index) }
        try check(git_index_read_tree(index, tree))
        try withLockRecord(["index.lock"]) { () throws(GitError) -> Void in try check(git_index_write(index)) }
    }

    /// Switches the work tree, index and HEAD to a branch, refusing to overwrite
    /// local changes (a "safe" checkout, like `git switch`).
    ///
    /// - Throws: `GitError.checkoutConflict` listing the paths whose local changes
    ///   would be lost (nothing is changed then); `.referenceNotFound` for an unknown branch.
    public func checkout(branch: String) throws {
        let reference = Self.branchPrefix + branch
        guard let target = try referenceTarget(reference) else {
            throw GitError.referenceNotFound(reference)
        }
        try checkoutTree(of: target, paths: nil, force: false, baseline: .head)
        try withLockRecord(["HEAD.lock"]) { () throws(GitError) -> Void in try check(git_repository_set_head(pointer, reference)) }
    }

    /// Brings the work tree and index from commit `old` to commit `new`, refusing to
    /// overwrite local changes; HEAD and references are not touched.
    ///
    /// Use it after moving the checked-out branch with `updateReference` (a merge or
    /// a fetch fast-forward): files that differ between `old` and `new` are rewritten
    /// unless the user changed them, files added in `new` appear, files deleted in
    /// `new` go; local edits to other files stay.
    ///
    /// - Parameter old: What the work tree was checked out from; nil for an empty tree.
    /// - Throws: `GitError.checkoutConflict` listing locally changed files that `new`
    ///   also changes (nothing is written then).
    public func updateWorkTree(from old: ObjectID?, to new: ObjectID) throws {
        try checkoutTree(of: new, paths: nil, force: false, baseline: old.map { .commit($0) } ?? .emptyTree)
    }

    /// Writes the files at `paths` as they are in `commit` into the work tree and the
    /// index, discarding local changes to them; paths absent from `commit` are deleted.
    public func checkout(paths: [String], from commit: ObjectID) throws {
        guard !paths.isEmpty else { return }
        for path in paths { try Self.validate(path) }
        try checkoutTree(of: commit, paths: paths, force: true, baseline: .head)
    }

    /// What checkout assumes the work tree holds; a file that differs from it is a local change.
    private enum Baseline {
        case head, emptyTree, commit(ObjectID)
    }

    /// Checks out `commit`'s tree over a work tree assumed to hold `baseline`.
    private func checkoutTree(of commit: ObjectID, paths: [String]?, force: Bool, baseline: Baseline) throws {
        guard !isBare else { throw GitError.bareRepository }
        var oid = commit.oid
        var object: OpaquePointer?
        let found = git_object_lookup(&object, pointer, &oid, GIT_OBJECT_COMMIT)
        if found == GIT_ENOTFOUND.rawValue { throw GitError.objectNotFound(commit) }
        try check(found)
        defer { git_object_free(object) }
        var baselineTree: OpaquePointer?
        defer { git_tree_free(baselineTree) }
        switch baseline {
        case .head:
            break  // libgit2's default
        case .commit(let id):
            baselineTree = try lookupTree(ofCommit: id)
        case .emptyTree:
            var empty = try writeEmptyTree().oid
            try check(git_tree_lookup(&baselineTree, pointer, &empty))
        }

        final class Conflicts { var paths: [String] = [] }
        let conflicts = Conflicts()
        var options = git_checkout_options()
        try check(git_checkout_options_init(&options, UInt32(GIT_CHECKOUT_OPTIONS_VERSION)))
        options.checkout_strategy = force
            ? GIT_CHECKOUT_FORCE.rawValue | GIT_CHECKOUT_DISABLE_PATHSPEC_MATCH.rawValue
            : GIT_CHECKOUT_SAFE.rawValue
        options.baseline = baselineTree
        options.notify_flags = GIT_CHECKOUT_NOTIFY_CONFLICT.rawValue
        options.notify_payload = Unmanaged.passUnretained(conflicts).toOpaque()
        options.notify_cb = { _, path, _, _, _, payload in
            if let path, let payload {
                Unmanaged<Conflicts>.fromOpaque(payload).takeUnretainedValue().paths.append(String(cString: path))
            }
            return 0
        }
        let strings = CStrings(paths ?? [])
        defer { strings.deallocate() }
        let status = try withExtendedLifetime(conflicts) { () throws(GitError) -> Int32 in
            try strings.withStrArray { (array) throws(GitError) -> Int32 in
                if paths != nil { options.paths = array.pointee }
                return withLockRecord(["index.lock"]) { git_checkout_tree(pointer, object, &options) }
            }
        }
        if status == GIT_ECONFLICT.rawValue || !conflicts.paths.isEmpty {
            throw GitError.checkoutConflict(paths: conflicts.paths.sorted())
        }
        try check(status)
    }

    private static func change(
        _ flags: UInt32, added: git_status_t?, modified: git_status_t, deleted: git_status_t,
        renamed: git_status_t, typeChanged: git_status_t
    ) -> StatusEntry.Change? {
        if let added, flags & added.rawValue != 0 { return .added }
        if flags & modified.rawValue != 0 { return .modified }
        if flags & deleted.rawValue != 0 { return .deleted }
        if flags & renamed.rawValue != 0 { return .renamed }
        if flags & typeChanged.rawValue != 0 { return .typeChanged }
        return nil
    }
}
