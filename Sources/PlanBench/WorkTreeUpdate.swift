// Bringing the work tree and index in line with a commit that moved the branch,
// recorded first, so that an interruption between the two is finished by the next
// command and never saved backwards.
import Foundation
import PlanDocument
import PlanGit

/// An update of the work tree and index to the commit a command moved the branch to.
///
/// The rule every command that moves the checked-out branch follows: it records the
/// update in `.git/planbench-updates/<pid>-<random>.yaml` before the branch moves,
/// holds an exclusive `flock` on that file while it works (the kernel drops it when
/// the process dies), and deletes the file once the work tree and index match the
/// commit. A file that no process holds is the update of a command that died or
/// failed half-way; every command finishes it before doing anything else
/// (``Workspace/finishInterruptedUpdates()``), so the work tree never keeps the old
/// files under a branch that moved (a save would commit them: the commit undone).
struct WorkTreeUpdate {
    struct File {
        var path: String
        /// The blob id of what the work tree held when the command read it (nil:
        /// absent). The commit's version replaces only that, never a later edit.
        var expected: String?
        /// Whether the commit's version goes to the work tree (else the index only).
        var write: Bool
    }

    /// The full name of the branch (`refs/heads/main`).
    var reference: String
    var old: ObjectID?
    var new: ObjectID
    /// The command, for messages (`save`, `merge other`).
    var command: String
    var files: [File]
    /// The update is a safe checkout from `old` to `new` (a fast-forward) rather
    /// than the writing of `files`.
    var isCheckout: Bool = false

    static let format = "planbench work-tree update 1 (planbench \(PlanBenchVersion.current))"
    static let formatPrefix = "planbench work-tree update 1 "

    var node: Node {
        [
            "format": Node(.string(Self.format)), "reference": Node(.string(reference)),
            "old": old.map { Node(.string($0.hex)) } ?? .null, "new": Node(.string(new.hex)),
            "command": Node(.string(command)), "checkout": Node(.bool(isCheckout)),
            "files": Node(.sequence(files.map { file in
                ["path": Node(.string(file.path)), "expected": file.expected.map { Node(.string($0)) } ?? .null,
                 "write": Node(.bool(file.write))]
            })),
        ]
    }

    /// Reads a recorded update; nil when the record is damaged or of another format
    /// (a record is complete before the branch moves, so a damaged one never moved it).
    init?(bytes: [UInt8]) {
        guard let node = try? YAMLReader().read(bytes),
            node["format"]?.string?.hasPrefix(Self.formatPrefix) == true,
            let reference = node["reference"]?.string, let new = node["new"]?.string.flatMap(ObjectID.init(hex:)),
            let files = node["files"]?.sequence
        else { return nil }
        self.reference = reference
        self.new = new
        old = node["old"]?.string.flatMap(ObjectID.init(hex:))
        command = node["command"]?.string ?? "planbench"
        isCheckout = node["checkout"]?.bool ?? false
        var parsed: [File] = []
        for entry in files {
            guard let path = entry["path"]?.string else { return nil }
            parsed.append(File(path: path, expected: entry["expected"]?.string, write: entry["write"]?.bool ?? false))
        }
        self.files = parsed
    }

    init(reference: String, old: ObjectID?, new: ObjectID, command: String, files: [File], isCheckout: Bool = false) {
        self.reference = reference
        self.old = old
        self.new = new
        self.command = command
        self.files = files
        self.isCheckout = isCheckout
    }
}

/// A recorded ``WorkTreeUpdate`` held by this process (an exclusive `flock` on its
/// file) until it is finished or left for the next command.
final class WorkTreeJournal {
    let path: String
    private var descriptor: Int32

    private init(path: String, descriptor: Int32) {
        self.path = path
        self.descriptor = descriptor
    }

    deinit { if descriptor >= 0 { close(descriptor) } }

    /// Records `update` in a new file in `folder`, held by this process.
    /// - Throws: ``PlanBenchError/io(path:message:)`` naming the file and what to do.
    static func record(_ update: WorkTreeUpdate, in folder: String) throws -> WorkTreeJournal {
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw PlanBenchError.io(path: folder, message: SystemFailure.explain(error, doing: "cannot create the folder"))
        }
        let path = folder + "/\(getpid())-\(UInt64.random(in: 0...UInt64.max)).yaml"
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o644)
        guard descriptor >= 0 else {
            throw PlanBenchError.io(path: path, message: SystemFailure.explain(errno: errno, doing: "cannot create"))
        }
        let journal = WorkTreeJournal(path: path, descriptor: descriptor)
        _ = flock(descriptor, LOCK_EX)
        let bytes = Array(YAMLWriter.write(update.node).utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else {
                let code = errno
                journal.finish()
                throw PlanBenchError.io(path: path, message: SystemFailure.explain(errno: code, doing: "cannot write"))
            }
            offset += written
        }
        return journal
    }

    /// The journal at `path` when no live process holds it, with its update (nil
    /// when damaged); nil when another process holds it or it is gone.
    static func claim(_ path: String) -> (journal: WorkTreeJournal, update: WorkTreeUpdate?)? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard descriptor >= 0 else { return nil }
        let journal = WorkTreeJournal(path: path, descriptor: descriptor)
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else { return nil }
        var status = stat()
        // Deleted by its owner while this process waited: that update is done.
        guard fstat(descriptor, &status) == 0, status.st_nlink > 0 else { return nil }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 14)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            bytes += buffer[..<count]
        }
        return (journal, WorkTreeUpdate(bytes: bytes))
    }

    /// The update is done (or never happened): deletes the record and lets it go.
    func finish() {
        unlink(path)
        release()
    }

    /// Lets the record go without deleting it: the next command finishes the update.
    func release() {
        if descriptor >= 0 { close(descriptor) }
        descriptor = -1
    }
}

extension Workspace {
    /// Where updates in progress are recorded (per work tree: inside its git directory).
    var updatesFolder: String { repository.gitDirectory + "/planbench-updates" }

    /// Records `update` before the branch moves (see ``WorkTreeUpdate``).
    func recordUpdate(_ update: WorkTreeUpdate) throws -> WorkTreeJournal {
        try WorkTreeJournal.record(update, in: updatesFolder)
    }

    /// Writes the commit's version of each file the update names, where the work
    /// tree still holds what the command read, then brings the index in line with
    /// `indexCommit` (the branch's tip).
    ///
    /// - Returns: The paths whose work-tree file changed since the command read it:
    ///   they keep that edit (the commit holds another version).
    func apply(_ update: WorkTreeUpdate, indexCommit: ObjectID, afterWriting: () -> Void = {}) throws -> [String] {
        if update.isCheckout {
            try gitCall { try repository.updateWorkTree(from: update.old, to: update.new) }
            afterWriting()
            return []
        }
        var kept: [String] = []
        for file in update.files.sorted(by: { $0.path < $1.path }) where file.write {
            let target = try gitCall { try repository.blob(at: file.path, in: update.new) }
            let current = try workTree.bytes(at: file.path)
            if current == target { continue }
            // Compared just before the file is replaced: an edit made during the
            // command (or since it was interrupted) is kept, never overwritten.
            guard current.map(Fingerprint.blobID(of:)) == file.expected else {
                kept.append(file.path)
                continue
            }
            let full = root + "/" + file.path
            if let target {
                try FileManagerHelpers.writeAtomically(target, to: full, root: root)
            } else {
                do {
                    try FileManager.default.removeItem(atPath: full)
                } catch {
                    throw PlanBenchError.io(path: file.path, message: SystemFailure.explain(error, doing: "cannot delete"))
                }
            }
        }
        afterWriting()
        try syncIndex(paths: update.files.map(\.path), commit: indexCommit)
        return kept
    }

    /// Finishes what interrupted commands left: the work-tree updates of commits
    /// that moved the branch, and the record of a merge whose commit landed.
    ///
    /// Every command that writes calls this first (the CLI does so on opening the
    /// workspace). An update whose commit never became the branch's tip (the
    /// command died before it moved the branch, or the branch was reset since) is
    /// dropped; one whose commit is the tip, or in the tip's history, is finished
    /// for the files the tip still holds in that version.
    ///
    /// - Returns: One line per thing finished, for the user.
    /// - Throws: When an update cannot be finished (the record stays for the next
    ///   command); the message names the file and what to do.
    @discardableResult
    public func finishInterruptedUpdates() throws -> [String] {
        guard !interruptedUpdatesFinished else { return [] }
        var notes: [String] = []
        let folder = updatesFolder
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        for name in names.sorted() where name.hasSuffix(".yaml") {
            guard let (journal, recorded) = WorkTreeJournal.claim(folder + "/" + name) else { continue }
            guard var update = recorded else {
                journal.finish()
                continue
            }
            let tip = try gitCall { try repository.referenceTarget(update.reference) }
            guard let tip, tip != update.old else {
                journal.finish()
                continue
            }
            if tip != update.new {
                guard !update.isCheckout, try gitCall({ try repository.isAncestor(update.new, of: tip) }) else {
                    journal.finish()
                    continue
                }
                // Later commits landed: only files they left as this commit made them.
                update.files = try update.files.filter { file in
                    try gitCall { try repository.blob(at: file.path, in: tip) == repository.blob(at: file.path, in: update.new) }
                }
            }
            let kept: [String]
            do {
                kept = try apply(update, indexCommit: tip)
            } catch {
                journal.release()
                throw PlanBenchError.incomplete(
                    done: "`\(update.command)` committed \(update.new.shortHex) but was interrupted before the work tree and index were updated",
                    problem: SystemFailure.describe(error))
            }
            journal.finish()
            let written = update.files.filter(\.write).map(\.path).filter { !kept.contains($0) }
            var note = "finished what an interrupted `\(update.command)` left: the work tree and index now match commit \(update.new.shortHex)"
            if !written.isEmpty && !update.isCheckout { note += " (wrote \(SystemFailure.list(written)))" }
            if !kept.isEmpty {
                note += "; \(SystemFailure.list(kept)) changed since, and keep\(kept.count == 1 ? "s" : "") your version (`planbench diff HEAD` shows how it differs from the commit)"
            }
            notes.append(note)
        }
        if let note = try clearCommittedMergeState() { notes.append(note) }
        FileManagerHelpers.removeAbandonedTemporaryFiles(under: root)
        repository.removeAbandonedTemporaryObjects()
        interruptedUpdatesFinished = true
        return notes
    }

    /// Deletes `.planbench/merge.yaml` when the merge it records was committed
    /// (the branch's tip has exactly the recorded parents: `merge --continue` was
    /// interrupted after its commit).
    func clearCommittedMergeState() throws -> String? {
        guard let path = try? mergeStatePath(), FileManagerHelpers.exists(path),
            let state = try? mergeState(), let tip = try head(),
            let parents = try? gitCall({ try repository.commitInfo(for: tip).parents }),
            parents == [state.ours, state.theirs]
        else { return nil }
        try? FileManager.default.removeItem(atPath: path)
        return "the merge of \(state.branch) was committed as \(tip.shortHex) by a `merge --continue` that was interrupted; its record \(WorkspaceLayout.stateFolder)/merge.yaml is cleared"
    }
}
