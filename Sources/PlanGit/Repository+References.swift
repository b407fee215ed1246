// Moving references safely: compare-and-swap, so concurrent writers never lose updates.
import CLibGit2

extension Repository {
    /// Points a reference at `new` only if it still points at `expected`.
    ///
    /// This is the one way PlanGit moves a branch. Callers first write every object
    /// (`commit(updating:...)`), then swap the reference, so a process killed at any
    /// point leaves the branch at either the old or the new commit, never at a commit
    /// whose objects are missing. libgit2 takes `<ref>.lock`, re-reads the current
    /// value under the lock and compares it with `expected`, so two writers racing
    /// from the same `expected` cannot both win. A reflog entry with `message` is
    /// written (for branches and HEAD), as `git commit` would.
    ///
    /// - Parameters:
    ///   - name: A full reference name (`refs/heads/main`) or a symbolic one such as
    ///     `HEAD`, in which case the branch it points to moves.
    ///   - new: The commit (or other object) the reference should point to.
    ///   - expected: What the reference must point to now; `nil` means it must not
    ///     exist yet (the first commit on a branch).
    ///   - message: The reflog line, e.g. `"commit: Add ISR plan"`.
    /// - Throws: `GitError.referenceMoved` when the reference is not at `expected`
    ///   (it is left untouched); `.locked` when another process holds the lock;
    ///   `.invalidReferenceName`.
    public func updateReference(_ name: String, to new: ObjectID, expected: ObjectID?, message: String) throws {
        let target = try directReferenceName(for: name)
        var newOID = new.oid
        // An all-zero expected id asks libgit2 to check, under the lock, that the
        // reference does not exist; a plain non-forced create would check before locking.
        var expectedOID = expected?.oid ?? git_oid()
        var reference: OpaquePointer?
        let status = withLockRecord([target + ".lock"]) {
            git_reference_create_matching(&reference, pointer, target, &newOID, 1, &expectedOID, message)
        }
        switch status {
        case GIT_EMODIFIED.rawValue, GIT_ENOTFOUND.rawValue, GIT_EEXISTS.rawValue:
            throw GitError.referenceMoved(reference: target, expected: expected, actual: try referenceTarget(target))
        case GIT_EINVALIDSPEC.rawValue:
            throw GitError.invalidReferenceName(name)
        default:
            try check(status)
        }
        git_reference_free(reference)
    }

    /// Deletes a reference only if it still points at `expected`.
    ///
    /// - Throws: `GitError.referenceMoved` when it points elsewhere or is already gone.
    public func deleteReference(_ name: String, expected: ObjectID) throws {
        var reference: OpaquePointer?
        let status = git_reference_lookup(&reference, pointer, name)
        if status == GIT_ENOTFOUND.rawValue {
            throw GitError.referenceMoved(reference: name, expected: expected, actual: nil)
        }
        try check(status)
        defer { git_reference_free(reference) }
        let actual = git_reference_target(reference).map { ObjectID($0) }
        guard actual == expected else {
            throw GitError.referenceMoved(reference: name, expected: expected, actual: actual)
        }
        // git_reference_delete re-checks the value it read under the lock and fails
        // with GIT_EMODIFIED if the reference moved since the lookup above.
        let deleted = withLockRecord([name + ".lock", "packed-refs.lock"]) { git_reference_delete(reference) }
        if deleted == GIT_EMODIFIED.rawValue {
            throw GitError.referenceMoved(reference: name, expected: expected, actual: try referenceTarget(name))
        }
        try check(deleted)
    }

    /// All reference names starting with `prefix` (e.g. `refs/heads/`), sorted.
    public func referenceNames(withPrefix prefix: String = "refs/") throws -> [String] {
        var iterator: OpaquePointer?
        try check(git_reference_iterator_glob_new(&iterator, pointer, prefix + "*"))
        defer { git_reference_iterator_free(iterator) }
        var names: [String] = []
        var name: UnsafePointer<CChar>?
        while true {
            let status = git_reference_next_name(&name, iterator)
            if status == GIT_ITEROVER.rawValue { break }
            try check(status)
            if let name { names.append(String(cString: name)) }
        }
        return names.sorted()
    }

    /// Follows symbolic references (HEAD -> refs/heads/main) to the name of the direct
    /// reference that should move; a name that does not exist yet is returned as is.
    func directReferenceName(for name: String) throws -> String {
        var current = name
        for _ in 0..<10 {
            var reference: OpaquePointer?
            let status = git_reference_lookup(&reference, pointer, current)
            if status == GIT_ENOTFOUND.rawValue { return current }
            if status == GIT_EINVALIDSPEC.rawValue { throw GitError.invalidReferenceName(current) }
            try check(status)
            defer { git_reference_free(reference) }
            guard git_reference_type(reference) == GIT_REFERENCE_SYMBOLIC,
                  let target = git_reference_symbolic_target(reference)
            else { return current }
            current = String(cString: target)
        }
        throw GitError.invalidReferenceName(name)
    }
}

/// One line of a reference's log: how and why it moved.
public struct ReflogEntry: Hashable, Sendable {
    /// Where the reference pointed before; nil when this entry created it.
    public var old: ObjectID?
    public var new: ObjectID
    /// Who moved it (git's configured identity at the time) and when.
    public var committer: Signature
    public var message: String

    public init(old: ObjectID?, new: ObjectID, committer: Signature, message: String) {
        self.old = old
        self.new = new
        self.committer = committer
        self.message = message
    }
}

extension Repository {
    /// The log of a reference (`refs/heads/main`, `HEAD`), newest entry first; empty when
    /// it has none. Useful to show or undo recent saves.
    public func reflog(_ name: String) throws -> [ReflogEntry] {
        var log: OpaquePointer?
        let status = git_reflog_read(&log, pointer, name)
        if status == GIT_EINVALIDSPEC.rawValue { throw GitError.invalidReferenceName(name) }
        try check(status)
        defer { git_reflog_free(log) }
        var entries: [ReflogEntry] = []
        for index in 0..<git_reflog_entrycount(log) {
            guard let entry = git_reflog_entry_byindex(log, index) else { continue }
            entries.append(ReflogEntry(
                old: ObjectID(git_reflog_entry_id_old(entry)).nonZero,
                new: ObjectID(git_reflog_entry_id_new(entry)),
                committer: Signature(git_reflog_entry_committer(entry)),
                message: git_reflog_entry_message(entry).map { String(cString: $0) } ?? ""))
        }
        return entries
    }
}
