// Merging a branch into the current one, document by document, with the
// structural three-way merge. A conflicted merge commits nothing: the work
// tree gets valid documents (OURS' value at each conflict) and the state of
// the merge is kept in .planbench/merge.yaml until --continue or --abort.
import Foundation
import PlanDocument
import PlanGit
import PlanMerge

/// What `merge` did.
public enum MergeOutcome {
    case upToDate
    case fastForward(to: ObjectID)
    case merged(commit: ObjectID, documents: [String], warnings: [Diagnostic])
    case conflicted(MergeState)
}

/// The steps of a conflicted merge, in order. A test hook can stop the
/// process after any of them to prove that an interruption leaves either no
/// merge recorded or a complete one.
public enum MergeStep: String, Sendable, CaseIterable {
    /// One merged document is in the work tree (reported after each).
    case documentWritten = "merge-document-written"
    /// `.planbench/merge.yaml` records the merge.
    case stateRecorded = "merge-state-recorded"
    /// A clean merge (or a fast-forward) moved the branch; the work tree is not yet updated.
    case branchMoved = "merge-branch-moved"
    /// `merge --continue` committed; its record is not yet deleted.
    case continueCommitted = "merge-continue-committed"
}

/// A merge in progress, as recorded in `.planbench/merge.yaml`.
public struct MergeState: Sendable {
    public struct Document: Sendable {
        public var path: String
        public var conflicts: [MergeConflict]
        public var isResolved: Bool
        /// The merged document has no conflicts but does not pass its checks
        /// (both sides added a task with the same id): fix it, then resolve it.
        public var isInvalid: Bool = false
    }

    public var branch: String
    public var ours: ObjectID
    public var theirs: ObjectID
    public var base: ObjectID?
    /// Every document the merge wrote into the work tree (conflicted or not).
    public var writtenPaths: [String]
    public var documents: [Document]

    public var unresolved: [Document] { documents.filter { !$0.isResolved } }

    var node: Node {
        let documents = documents.map { document -> Node in
            var entry = MergeResult.describe(document.conflicts)
            entry["path"] = Node(.string(document.path))
            entry["resolved"] = Node(.bool(document.isResolved))
            if document.isInvalid { entry["invalid"] = Node(.bool(true)) }
            return entry
        }
        return [
            "branch": Node(.string(branch)), "ours": Node(.string(ours.hex)), "theirs": Node(.string(theirs.hex)),
            "base": base.map { Node(.string($0.hex)) } ?? .null,
            "written": Node(.sequence(writtenPaths.map { Node(.string($0)) })),
            "documents": Node(.sequence(documents)),
        ]
    }
}

extension Workspace {
    /// Where the merge in progress is recorded.
    /// - Throws: ``PlanBenchError/stateFolderLink(link:)``.
    func mergeStatePath() throws -> String {
        try FileManagerHelpers.localStatePath("merge.yaml", root: root)
    }

    /// Merges `branch` into the current branch.
    ///
    /// Documents changed on one side only take that side; documents changed on
    /// both are merged structurally. A clean result is validated like a save and
    /// committed with both parents; a conflicted one is left in the work tree.
    ///
    /// A conflicted merge writes every merged document first and records the
    /// merge (atomically) last, so `--continue` never commits a work tree the
    /// merge did not finish writing: an interruption leaves no merge recorded
    /// or a complete one.
    ///
    /// - Parameter onStep: Called after each ``MergeStep`` (a crash-test hook).
    public func merge(branch: String, label: String? = nil, author: Signature, onStep: (MergeStep) -> Void = { _ in }) throws -> MergeOutcome {
        let label = label ?? branch
        // Before any work: a conflicted merge must be able to record its state.
        let statePath = try mergeStatePath()
        try finishInterruptedUpdates()
        try FileManagerHelpers.ensureStateFolder(for: statePath)
        guard !mergeInProgress else {
            throw PlanBenchError.mergeState("a merge is already in progress: `planbench conflicts`, then `planbench merge --continue` or `--abort`")
        }
        guard try changedDocuments().isEmpty else {
            throw PlanBenchError.mergeState("the work tree has unsaved document changes; save them (planbench save) before merging")
        }
        let current = try self.branch()
        guard let ours = try head() else { throw PlanBenchError.noBranch }
        let theirs = try resolve(branch)
        let base = try gitCall { try repository.mergeBase(ours, theirs) }
        if let base, base == theirs { return .upToDate }
        if base == ours {
            // Local edits to files the fast-forward changes are refused first (changing
            // nothing); then the update is recorded, the branch moves, and a safe
            // checkout from ours to theirs follows (finished by the next command if
            // this one is interrupted).
            let changed = Set(try gitCall { try repository.changedPaths(from: repository.treeID(ofCommit: ours), to: repository.treeID(ofCommit: theirs)) })
            let edited = try gitCall { try repository.status() }.map(\.path).filter(changed.contains)
            guard edited.isEmpty else { throw PlanBenchError.git("\(GitError.checkoutConflict(paths: edited))") }
            let reference = "refs/heads/\(current)"
            let journal = try recordUpdate(WorkTreeUpdate(
                reference: reference, old: ours, new: theirs, command: "merge \(SystemFailure.truncated(branch))", files: [], isCheckout: true))
            do {
                try gitCall { try repository.updateReference(reference, to: theirs, expected: ours, message: "planbench merge \(label): fast-forward") }
            } catch {
                journal.finish()
                throw error
            }
            onStep(.branchMoved)
            do {
                try gitCall { try repository.updateWorkTree(from: ours, to: theirs) }
            } catch {
                journal.release()
                throw PlanBenchError.incomplete(done: "the branch \(current) was fast-forwarded to \(theirs.shortHex)", problem: SystemFailure.describe(error))
            }
            journal.finish()
            return .fastForward(to: theirs)
        }
        let oursSource = RevisionSource(repository: repository, commit: ours)
        let theirsSource = RevisionSource(repository: repository, commit: theirs)
        let baseTree = try base.map { commit in try gitCall { try repository.treeID(ofCommit: commit) } }
        let theirsChanged = try gitCall { try repository.changedPaths(from: baseTree, to: repository.treeID(ofCommit: theirs)) }
        let oursChanged = Set(try gitCall { try repository.changedPaths(from: baseTree, to: repository.treeID(ofCommit: ours)) })

        var changes: [String: [UInt8]?] = [:]
        var conflicted: [MergeState.Document] = []
        // Changed on both sides and merged without conflicts: checked before the merge stops.
        var problems: [Diagnostic] = []
        for path in theirsChanged {
            let theirsBytes = try theirsSource.bytes(at: path)
            let oursBytes = try oursSource.bytes(at: path)
            if !oursChanged.contains(path) || oursBytes == theirsBytes {
                if oursBytes != theirsBytes { changes[path] = theirsBytes }
                continue
            }
            // Changed on both sides.
            guard DocumentKind.forPath(path) != nil else {
                throw PlanBenchError.mergeState("\(path) changed on both branches and is not a planbench document; merge it with git")
            }
            do {
                let versions = try mergeVersions(of: path, base: base, ours: ours, theirs: theirs)
                let merged = Self.merge(versions)
                // Deleted on one side and changed on the other keeps the changed one.
                // Written over our version's text: what neither side changed keeps its bytes.
                changes[path] = merged.document.map { document in
                    guard let oursNode = versions.ours, let oursBytes else { return YAMLWriter.bytes(of: document) }
                    return DocumentEditing.bytes(of: document, replacing: oursNode, in: oursBytes, path: path)
                }
                if !merged.conflicts.isEmpty {
                    conflicted.append(.init(path: path, conflicts: merged.conflicts, isResolved: false))
                }
            } catch PlanBenchError.invalidDocuments(let found) {
                problems += found
            }
        }
        if !problems.isEmpty { throw PlanBenchError.invalidDocuments(problems) }
        let message = "Merge branch '\(label)' into \(current)"
        if conflicted.isEmpty {
            do {
                let result = try commitDocuments(
                    changes, onto: ours, reference: "refs/heads/\(current)", message: message, author: author,
                    extraParents: [theirs], workTree: .holdsParent, command: "merge \(SystemFailure.truncated(branch))",
                    onStep: { step in if step == .referenceMoved { onStep(.branchMoved) } })
                _ = try complete(result, branch: current, command: "merge \(SystemFailure.truncated(branch))")
                return .merged(commit: result.commit, documents: result.contents.keys.sorted(), warnings: result.diagnostics)
            } catch PlanBenchError.commitRefused(let found) {
                conflicted = Self.invalidMerged(found, among: changes)
                guard !conflicted.isEmpty else { throw PlanBenchError.commitRefused(found) }
            }
        } else {
            // Stopping on conflicts elsewhere, the rest is checked as its commit would
            // be, so an invalid clean merge is listed now, not found only at --continue.
            let stopped = Set(conflicted.map(\.path))
            let rest = changes.filter { !stopped.contains($0.key) }
            conflicted += Self.invalidMerged(try prepare(rest, parent: ours).diagnostics, among: rest)
        }
        // Conflicts: write every merged document, then record the state; commit nothing.
        let state = MergeState(
            branch: label, ours: ours, theirs: theirs, base: base, writtenPaths: changes.keys.sorted(),
            documents: conflicted.sorted { $0.path < $1.path })
        do {
            for path in state.writtenPaths {
                if let bytes = changes[path] ?? nil {
                    try FileManagerHelpers.writeAtomically(bytes, to: root + "/" + path, root: root)
                } else {
                    try? FileManager.default.removeItem(atPath: root + "/" + path)
                }
                onStep(.documentWritten)
            }
            try writeMergeState(state)
        } catch {
            // The documents matched `ours` before the merge (checked above): put them back.
            try? repository.checkout(paths: state.writtenPaths, from: ours)
            throw error
        }
        onStep(.stateRecorded)
        return .conflicted(state)
    }

    /// The merge in progress.
    /// - Throws: ``PlanBenchError/mergeState(_:)`` when there is none or its record is damaged.
    public func mergeState() throws -> MergeState {
        do {
            return try readMergeState()
        } catch let damage as DamagedMergeState {
            throw PlanBenchError.mergeState("\(damage.reason); `planbench merge --abort` deletes the damaged record and lists the documents that differ from the last commit")
        }
    }

    /// `.planbench/merge.yaml` cannot be read as a merge record.
    private struct DamagedMergeState: Error {
        var reason: String
    }

    private func readMergeState() throws -> MergeState {
        let path = try mergeStatePath()
        let record = "\(WorkspaceLayout.stateFolder)/merge.yaml"
        var status = stat()
        guard lstat(path, &status) == 0 else { throw PlanBenchError.mergeState("no merge in progress") }
        guard status.st_mode & S_IFMT == S_IFREG else {
            throw DamagedMergeState(reason: "\(record) is not a regular file")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PlanBenchError.io(path: record, message: SystemFailure.explain(errno: errno, doing: "cannot read"))
        }
        let node: Node
        do {
            node = try YAMLReader().read(Array(data))
        } catch {
            throw DamagedMergeState(reason: "\(record) is damaged (\(SystemFailure.truncated("\(error)")))")
        }
        func id(_ key: String) throws -> ObjectID {
            guard let hex = node[key]?.string, let id = ObjectID(hex: hex) else {
                throw DamagedMergeState(reason: data.isEmpty ? "\(record) is empty" : "\(record) is damaged: it lacks \(key)")
            }
            return id
        }
        let ours = try id("ours")
        let theirs = try id("theirs")
        let base = node["base"]?.string.flatMap(ObjectID.init(hex:))
        // Conflicts are recomputed from the three commits, so they carry full values.
        var documents: [MergeState.Document] = []
        for entry in node["documents"]?.sequence ?? [] {
            guard let path = entry["path"]?.string else { continue }
            let conflicts = try conflicts(in: path, base: base, ours: ours, theirs: theirs)
            documents.append(.init(
                path: path, conflicts: conflicts, isResolved: entry["resolved"]?.bool ?? false,
                isInvalid: entry["invalid"]?.bool ?? false))
        }
        return MergeState(
            branch: node["branch"]?.string ?? "?", ours: ours, theirs: theirs, base: base,
            writtenPaths: (node["written"]?.sequence ?? []).compactMap(\.string), documents: documents)
    }

    /// A document's base, ours and theirs versions (`nil` where absent),
    /// through the parsed-tree cache.
    private func mergeVersions(of path: String, base: ObjectID?, ours: ObjectID, theirs: ObjectID) throws
        -> (base: Node?, ours: Node?, theirs: Node?)
    {
        (try base.flatMap { try cachedDocument(at: path, in: $0) },
         try cachedDocument(at: path, in: ours), try cachedDocument(at: path, in: theirs))
    }

    /// The documents among `changes` that a merge's check found errors in: a
    /// merge that breaks a check (both sides added the same task id in
    /// different sections) stops on them as on conflicts, with its result in
    /// the work tree, until they are fixed and resolved.
    private static func invalidMerged(_ diagnostics: [Diagnostic], among changes: [String: [UInt8]?]) -> [MergeState.Document] {
        Set(diagnostics.errors.map(\.file)).filter { changes[$0] != nil }.sorted()
            .map { .init(path: $0, conflicts: [], isResolved: false, isInvalid: true) }
    }

    /// The merge of one document's versions: the structural merge when both
    /// sides have it (`resolving` picks the side taken at conflicts); when one
    /// side deleted it, the other side's version and a delete/modify conflict.
    private static func merge(_ versions: (base: Node?, ours: Node?, theirs: Node?), resolving side: MergeSide = .ours)
        -> (document: Node?, conflicts: [MergeConflict])
    {
        if versions.base == nil, let ours = versions.ours, let theirs = versions.theirs, ours != theirs {
            // The same id created on both sides: two different documents, never merged
            // into one silently (two parties drafting "isr-2027" each wrote their own).
            let conflict = MergeConflict(
                kind: .addAdd, pointer: .root, theirsPointer: .root, path: "(document created on both sides)",
                base: nil, ours: ours, theirs: theirs)
            return (side == .theirs ? theirs : ours, [conflict])
        }
        guard let ours = versions.ours, let theirs = versions.theirs else {
            let conflict = MergeConflict(
                kind: .deleteModify, pointer: .root, theirsPointer: .root, path: "(document)",
                base: versions.base, ours: versions.ours, theirs: versions.theirs)
            return (versions.ours ?? versions.theirs, [conflict])
        }
        let result = ThreeWayMerge.merge(base: versions.base ?? Node(.mapping([:])), ours: ours, theirs: theirs)
        return (side == .ours ? result.merged : result.document(fallback: side), result.conflicts)
    }

    private func conflicts(in path: String, base: ObjectID?, ours: ObjectID, theirs: ObjectID) throws -> [MergeConflict] {
        Self.merge(try mergeVersions(of: path, base: base, ours: ours, theirs: theirs)).conflicts
    }

    func writeMergeState(_ state: MergeState) throws {
        try FileManagerHelpers.writeAtomically(Array(YAMLWriter.write(state.node).utf8), to: try mergeStatePath(), root: root)
    }

    /// Resolves a conflicted document: `take` picks a side for every conflict
    /// in it and rewrites the document; without `take`, the document as edited
    /// by hand is accepted (it must be valid).
    public func resolve(path: String, take side: MergeSide?) throws {
        var state = try mergeState()
        guard let index = state.documents.firstIndex(where: { $0.path == path }) else {
            throw PlanBenchError.usage("\(path) has no conflicts in this merge (conflicted: \(state.documents.map(\.path).joined(separator: ", ")))")
        }
        if let side {
            let versions = try mergeVersions(of: path, base: state.base, ours: state.ours, theirs: state.theirs)
            let document = versions.ours == nil || versions.theirs == nil || versions.base == nil
                // A delete/modify conflict: the side taken decides whether the document stays.
                ? (side == .ours ? versions.ours : side == .theirs ? versions.theirs : versions.base)
                : Self.merge(versions, resolving: side).document
            if let document {
                let oursBytes = try RevisionSource(repository: repository, commit: state.ours).bytes(at: path)
                let bytes = versions.ours.flatMap { oursNode in
                    oursBytes.map { DocumentEditing.bytes(of: document, replacing: oursNode, in: $0, path: path) }
                } ?? YAMLWriter.bytes(of: document)
                try FileManagerHelpers.writeAtomically(bytes, to: root + "/" + path, root: root)
            } else {
                try? FileManager.default.removeItem(atPath: root + "/" + path)
            }
        }
        // Taking a side resolves conflicts, not broken checks: the document must pass either way.
        if let bytes = try workTree.bytes(at: path) {
            let problems = try check(path: path, bytes: bytes).errors
            if !problems.isEmpty { throw PlanBenchError.invalidDocuments(problems) }
        }
        state.documents[index].isResolved = true
        try writeMergeState(state)
    }

    /// Commits the merge once every conflicted document is resolved.
    public func continueMerge(author: Signature, onStep: (MergeStep) -> Void = { _ in }) throws -> ObjectID {
        try finishInterruptedUpdates()
        let state = try mergeState()
        guard state.unresolved.isEmpty else {
            throw PlanBenchError.mergeState("unresolved: \(state.unresolved.map(\.path).joined(separator: ", ")); run `planbench resolve PATH --take ours|theirs|base`, or edit the document and run `planbench resolve PATH`")
        }
        let current = try branch()
        guard try head() == state.ours else {
            throw PlanBenchError.mergeState("the branch moved since the merge started; run `planbench merge --abort` and merge again")
        }
        var changes: [String: [UInt8]?] = [:]
        for path in state.writtenPaths { changes[path] = try workTree.bytes(at: path) }
        let result = try commitDocuments(
            changes, onto: state.ours, reference: "refs/heads/\(current)",
            message: "Merge branch '\(state.branch)' into \(current)", author: author, extraParents: [state.theirs],
            workTree: .holdsChanges, command: "merge --continue")
        onStep(.continueCommitted)
        _ = try complete(result, branch: current, command: "merge --continue")
        // Interrupted before this, the record is cleared by the next command (the
        // branch's tip then has exactly the recorded parents).
        try? FileManager.default.removeItem(atPath: try mergeStatePath())
        return result.commit
    }

    /// Abandons the merge and restores the documents as they were before it.
    ///
    /// - Throws: ``PlanBenchError/mergeState(_:)`` when the record was damaged: it
    ///   is deleted, and the message lists the documents that differ from the last
    ///   commit (which of them the merge wrote is not known).
    public func abortMerge() throws {
        let state: MergeState
        do {
            state = try readMergeState()
        } catch let damage as DamagedMergeState {
            let path = try mergeStatePath()
            do {
                try FileManager.default.removeItem(atPath: path)
            } catch {
                throw PlanBenchError.io(path: "\(WorkspaceLayout.stateFolder)/merge.yaml", message: SystemFailure.explain(error, doing: "cannot delete the damaged merge record"))
            }
            let changed = try changedDocuments().map(\.path)
            let after = changed.isEmpty
                ? "no document differs from the last commit, so nothing is left to restore"
                : "these documents differ from the last commit: \(SystemFailure.list(changed)); save the ones to keep and restore the others with `git checkout HEAD -- PATH`"
            throw PlanBenchError.mergeState("\(damage.reason), so which documents the merge wrote is not known; the record is deleted and no merge is in progress now; \(after)")
        }
        try gitCall { try repository.checkout(paths: state.writtenPaths, from: state.ours) }
        try? FileManager.default.removeItem(atPath: try mergeStatePath())
    }
}
