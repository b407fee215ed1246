import Foundation
import PlanDocument
import PlanGit

/// The steps of a save, in order. A test hook can stop the process after any
/// of them to prove that a crash leaves the branch at the old or new commit.
public enum SaveStep: String, Sendable, CaseIterable {
    case checked = "checked"
    case objectsWritten = "objects-written"
    case referenceMoved = "reference-moved"
    case workTreeUpdated = "work-tree-updated"
    case indexUpdated = "index-updated"
}

/// What a save did.
public struct SaveOutcome: Sendable {
    /// The new commit, or `nil` when there was nothing to save.
    public var commit: ObjectID?
    public var changes: [DocumentChange]
    /// Warnings found (errors block a save and are thrown instead).
    public var diagnostics: [Diagnostic]
    /// Documents whose citations were pinned (rewritten in the work tree).
    public var pinned: [String]
    /// Documents edited while the save ran: they keep that edit, and the commit
    /// holds the version the save read (pinned where needed).
    public var keptEdits: [String] = []
}

extension Workspace {
    /// Validates and commits changed documents on the current branch.
    ///
    /// Every document in the commit is parsed, validated against its schema
    /// and checked against the workspace rules, as it will be committed; if
    /// any has an error nothing is written. Objects are written before the
    /// branch moves, and the branch moves by compare-and-swap, so a crash
    /// leaves it at the old or the new commit, and a concurrent save either
    /// lands its own commit on top or, if it committed the same changes,
    /// leaves nothing to do.
    ///
    /// - Parameters:
    ///   - paths: Workspace-relative paths to save; `nil` saves every changed document.
    ///   - onStep: Called after each ``SaveStep`` (a crash-test hook).
    /// - Throws: ``PlanBenchError/commitRefused(_:)`` with every problem found.
    public func save(
        message: String, paths: [String]? = nil, author: Signature, attempts: Int = 8,
        onStep: (SaveStep) -> Void = { _ in }
    ) throws -> SaveOutcome {
        guard !mergeInProgress else {
            throw PlanBenchError.mergeState("a merge is in progress: resolve it with `planbench conflicts` and `planbench merge --continue`, or `planbench merge --abort`")
        }
        // A merge the git program left to finish: the save commits it, with the
        // merged-in heads as further parents, once no document holds conflict markers.
        let gitMerge = try gitMerge()
        var extraParents: [ObjectID] = []
        if let gitMerge {
            extraParents = gitMerge.heads.compactMap(ObjectID.init(hex:))
            let marked = try gitMerge.unmerged.filter { path in
                (try workTree.bytes(at: path)).map { $0.firstRange(of: Array("<<<<<<< ".utf8)) != nil } ?? false
            }
            guard marked.isEmpty else {
                throw PlanBenchError.mergeState("git merge in progress: \(marked.joined(separator: ", ")) still \(marked.count == 1 ? "holds" : "hold") conflict markers; edit \(marked.count == 1 ? "it" : "them") to keep one version, then planbench save -m MSG commits the merge (or git merge --abort gives it up)")
            }
        }
        let outcome = try commitOnBranch(message: message, author: author, attempts: attempts, extraParents: extraParents, onStep: onStep) { parent in
            var pending = try pendingChanges(paths: paths, parent: parent)
            if let parent, let config = pending.changes[WorkspaceLayout.configFile] {
                try refuseUnsignedSignerChange(from: parent, to: config ?? [])
            }
            if let parent { try refuseApprovalByHand(pending.changes, parents: [parent] + extraParents) }
            // The merge commit carries everything git merged, other files included.
            if let gitMerge {
                for change in try gitMergeChanges(gitMerge, documentsOnly: false) where DocumentKind.forPath(change.path) == nil {
                    pending.changes[change.path] = try workTree.bytes(at: change.path)
                    pending.candidates.append(change.path)
                }
            }
            return pending
        }
        if gitMerge != nil, outcome.commit != nil { try gitCall { try repository.cleanUpGitMergeState() } }
        return outcome
    }

    /// Commits what `changes` computes for the branch's current commit,
    /// retrying from the new commit when another writer moves the branch
    /// first; then brings the work tree and index in line with the commit.
    ///
    /// - Parameters:
    ///   - changes: Called with the parent commit (again on every retry): the
    ///     documents to commit (nil: delete) and the paths it looked at.
    ///   - writeAll: Write every committed document to the work tree (for
    ///     changes computed from the parent, not read from the work tree);
    ///     otherwise only documents the save rewrote (pinned citations).
    ///   - allowEmpty: Commit even when nothing changes (an approval is a signed
    ///     commit that may leave the tree as it was).
    ///   - sign: Signs the commit object's text (signed approvals and sign-offs).
    func commitOnBranch(
        message: String, author: Signature, attempts: Int = 8, writeAll: Bool = false, extraParents: [ObjectID] = [],
        allowEmpty: Bool = false, sign: CommitSigner? = nil,
        command: String = "save", onStep: (SaveStep) -> Void = { _ in },
        changes build: (ObjectID?) throws -> (changes: [String: [UInt8]?], candidates: [String])
    ) throws -> SaveOutcome {
        try finishInterruptedUpdates()
        let branch = try branch()
        let reference = "refs/heads/\(branch)"
        var lastLock: String?
        for attempt in 1...attempts {
            let parent = try head()
            let (changes, candidates) = try build(parent)
            if changes.isEmpty && !(allowEmpty && parent != nil) {
                // Files that only looked changed (a save killed before it updated the
                // index) match HEAD; bring the index up to date so git agrees.
                if let parent, !candidates.isEmpty { try syncIndex(paths: candidates, commit: parent) }
                return SaveOutcome(commit: nil, changes: [], diagnostics: [], pinned: [])
            }
            let result: CommitResult
            do {
                result = try commitDocuments(
                    changes, onto: parent, reference: reference, message: message, author: author,
                    extraParents: extraParents, sign: sign, allowEmpty: allowEmpty,
                    workTree: writeAll ? .holdsParent : .holdsChanges, command: command, onStep: onStep)
            } catch GitError.referenceMoved {
                // Another save landed first; start again from its commit.
                backOff(attempt)
                continue
            } catch GitError.locked(let message) {
                // Another writer holds the branch's lock file; wait for it. A lock
                // left by a killed planbench is cleared by the next one (PlanGit's lock
                // record); any other is named for the user to check and delete.
                lastLock = message
                backOff(attempt)
                continue
            } catch let unchanged as UnchangedTree {
                // Only pinning changed (fingerprint lines deleted and put back): the
                // tree is the parent's, so nothing is committed; the work tree gets the
                // pinned text back where it still holds what was read.
                if let parent {
                    for (path, bytes) in unchanged.rewritten.sorted(by: { $0.key < $1.key }) {
                        guard try workTree.bytes(at: path) == changes[path] ?? nil else { continue }
                        try FileManagerHelpers.writeAtomically(bytes, to: root + "/" + path, root: root)
                    }
                    try syncIndex(paths: candidates, commit: parent)
                }
                return SaveOutcome(commit: nil, changes: [], diagnostics: unchanged.diagnostics, pinned: [])
            }
            let kept = try complete(result, branch: branch, command: command, onStep: onStep)
            return SaveOutcome(
                commit: result.commit, changes: result.documentChanges, diagnostics: result.diagnostics,
                pinned: result.rewritten.keys.filter { !kept.contains($0) }.sorted(), keptEdits: kept)
        }
        if let lastLock {
            throw PlanBenchError.git("\(lastLock); nothing was committed. If no git or planbench is running, delete .git/\(reference).lock and save again")
        }
        throw PlanBenchError.concurrentUpdate(branch: branch, attempts: attempts)
    }

    /// Brings the work tree and index in line with a commit that moved the branch,
    /// through its recorded update, and deletes the record.
    ///
    /// - Returns: Paths edited while the command ran, which keep that edit.
    /// - Throws: ``PlanBenchError/incomplete(done:problem:)``: the commit landed,
    ///   the record stays, and the next command finishes the update.
    func complete(_ result: CommitResult, branch: String, command: String, onStep: (SaveStep) -> Void = { _ in }) throws -> [String] {
        guard let journal = result.journal, let update = result.update else { return [] }
        do {
            let kept = try apply(update, indexCommit: result.commit, afterWriting: { onStep(.workTreeUpdated) })
            onStep(.indexUpdated)
            journal.finish()
            return kept
        } catch {
            journal.release()
            throw PlanBenchError.incomplete(
                done: "`\(command)` committed \(result.commit.shortHex) on \(branch)", problem: SystemFailure.describe(error))
        }
    }

    /// What the work tree holds for the paths a commit changes when the command
    /// moves the branch, so it knows what it may replace afterwards.
    enum WorkTreeBaseline {
        /// The command does not touch the work tree (a new workspace's history).
        case untouched
        /// The changes were read from the work tree (a save); only files the commit
        /// rewrote (pinned citations) are written back.
        case holdsChanges
        /// The work tree holds the parent commit's files, and the commit's version
        /// of each changed file is written (changes computed from the parent).
        case holdsParent
    }

    /// A commit whose tree equals its parent's: nothing to commit.
    struct UnchangedTree: Error {
        var rewritten: [String: [UInt8]]
        var diagnostics: [Diagnostic]
    }

    /// What ``commitDocuments(_:onto:reference:message:author:onStep:)`` committed.
    struct CommitResult {
        /// The recorded update of the work tree and index, held until it is done.
        var journal: WorkTreeJournal?
        var update: WorkTreeUpdate?
        var commit: ObjectID
        /// What was committed per path (pinned where needed; nil: deleted).
        var contents: [String: [UInt8]?]
        /// Documents whose committed text differs from the given one (pinned citations).
        var rewritten: [String: [UInt8]]
        var diagnostics: [Diagnostic]
        var documentChanges: [DocumentChange]
    }

    /// Checks `changes` as they would be committed on `parent`, writes the
    /// commit and moves `reference` from `parent` to it. The work tree and
    /// index are not touched.
    ///
    /// - Throws: ``PlanBenchError/commitRefused(_:)``; `GitError.referenceMoved`
    ///   or `GitError.locked` when another writer got there first (the caller retries).
    func commitDocuments(
        _ changes: [String: [UInt8]?], onto parent: ObjectID?, reference: String, message: String,
        author: Signature, committer: Signature? = nil, extraParents: [ObjectID] = [], sign: CommitSigner? = nil,
        allowEmpty: Bool = false, workTree baseline: WorkTreeBaseline = .untouched, command: String = "save",
        onStep: (SaveStep) -> Void = { _ in }
    ) throws -> CommitResult {
        var prepared = try prepare(changes, parent: parent)
        guard !prepared.diagnostics.hasErrors else {
            throw PlanBenchError.commitRefused(prepared.diagnostics)
        }
        // A document whose committed text is the parent's (a change undone by
        // pinning) is no change; a commit of none would be empty.
        for (path, bytes) in prepared.contents {
            let before = try parent.flatMap { commit in try gitCall { try repository.blob(at: path, in: commit) } }
            if before == bytes { prepared.contents[path] = .none }
        }
        // An approval may be a signed commit of an unchanged tree: that is its point.
        guard !prepared.contents.isEmpty || !extraParents.isEmpty || allowEmpty else {
            throw UnchangedTree(rewritten: prepared.rewritten, diagnostics: prepared.diagnostics)
        }
        onStep(.checked)
        let commit: ObjectID
        do {
            commit = try repository.commit(
                updating: parent, changes: prepared.contents, message: message, author: author,
                committer: committer ?? author, extraParents: extraParents, sign: sign)
        } catch {
            throw PlanBenchError.git("cannot write the commit into the repository: \(SystemFailure.explainGit("\(error)")); nothing was committed")
        }
        onStep(.objectsWritten)
        var update: WorkTreeUpdate?
        var journal: WorkTreeJournal?
        if baseline != .untouched {
            let files = try prepared.contents.keys.sorted().map { path -> WorkTreeUpdate.File in
                let read = baseline == .holdsChanges
                    ? changes[path] ?? nil
                    : try parent.flatMap { commit in try gitCall { try repository.blob(at: path, in: commit) } }
                return WorkTreeUpdate.File(
                    path: path, expected: read.map(Fingerprint.blobID(of:)),
                    write: baseline == .holdsParent || prepared.rewritten[path] != nil)
            }
            let recorded = WorkTreeUpdate(reference: reference, old: parent, new: commit, command: command, files: files)
            journal = try recordUpdate(recorded)
            update = recorded
        }
        do {
            try repository.updateReference(reference, to: commit, expected: parent, message: "planbench: \(summary(of: message))")
        } catch let error as GitError {
            journal?.finish()
            switch error {
            case .referenceMoved, .locked: throw error
            default: throw PlanBenchError.git("cannot move the branch: \(SystemFailure.explainGit("\(error)")); nothing was committed")
            }
        }
        onStep(.referenceMoved)
        // Large documents were just parsed for the checks (DocumentReading keeps
        // them); keep their trees by blob id so diffs of this commit need not parse.
        for (path, bytes) in prepared.contents {
            guard let bytes, bytes.count >= ParsedTreeCache.minimumSize, DocumentKind.forPath(path) != nil,
                let tree = try? DocumentReading.parse(bytes, path: path)
            else { continue }
            parsedTreeCache.store(tree, for: Fingerprint.blobID(of: bytes), size: bytes.count)
        }
        let documentChanges = prepared.contents.keys.sorted().map { path in
            DocumentChange(
                path: path,
                kind: prepared.contents[path]! == nil ? .deleted : (prepared.existedBefore.contains(path) ? .modified : .added))
        }
        return CommitResult(
            journal: journal, update: update, commit: commit, contents: prepared.contents, rewritten: prepared.rewritten,
            diagnostics: prepared.diagnostics, documentChanges: documentChanges)
    }

    /// Contents of changed documents (nil: deleted), relative to `parent`.
    func pendingChanges(paths: [String]?, parent: ObjectID?) throws -> (changes: [String: [UInt8]?], candidates: [String]) {
        let candidates: [String]
        if let paths {
            for path in paths where DocumentKind.forPath(path) == nil {
                throw PlanBenchError.notADocument(path: path)
            }
            candidates = paths
        } else {
            candidates = try changedDocuments().map(\.path)
        }
        var changes: [String: [UInt8]?] = [:]
        for path in Set(candidates) {
            let current = try workTree.bytes(at: path)
            let committed = try parent.flatMap { commit in try gitCall { try repository.blob(at: path, in: commit) } }
            if current != committed {
                if current == nil && committed == nil { continue }
                changes[path] = current
            } else if paths != nil, current == nil {
                throw PlanBenchError.documentNotFound(path, revision: nil)
            }
        }
        return (changes, candidates)
    }

    struct Prepared {
        var contents: [String: [UInt8]?]
        var rewritten: [String: [UInt8]]
        var diagnostics: [Diagnostic]
        var existedBefore: Set<String>
    }

    /// Pins citations and checks every changed document as it would be committed.
    func prepare(_ changes: [String: [UInt8]?], parent: ObjectID?) throws -> Prepared {
        let checker = try checker()
        let base: DocumentSource = parent.map { RevisionSource(repository: repository, commit: $0) } ?? EmptySource()
        var contents = changes
        var rewritten: [String: [UInt8]] = [:]
        // Plans parsed for pinning are checked from the same tree unless pinning rewrote them.
        var parsed: [String: Node] = [:]
        // Pin against the state being committed (an edition saved alongside counts).
        let pinningContext = CheckContext(source: OverlaySource(base: base, changes: changes))
        for (path, bytes) in changes {
            guard let bytes, DocumentKind.forPath(path) == .plan,
                let text = String(validating: bytes, as: UTF8.self),
                let plan = try? DocumentReading.parse(bytes, path: path)
            else { continue }
            guard let pinned = CitationPinner.pin(text: text, plan: plan, context: pinningContext) else {
                parsed[path] = plan
                continue
            }
            contents[path] = Array(pinned.utf8)
            rewritten[path] = Array(pinned.utf8)
        }
        var diagnostics: [Diagnostic] = []
        // Approvals are signed commits; a workspace whose signers have no keys approves
        // by hand (status: approved written by people), and an edit does not undo that.
        let approvesWithKeys = (pinningContext.configuration?.signers ?? []).contains { $0.key != nil }
        for (path, bytes) in contents where approvesWithKeys && DocumentKind.forPath(path) == .plan {
            guard let bytes, let outdated = Self.outdatingApprovals(path: path, before: try base.bytes(at: path), after: bytes) else { continue }
            contents[path] = outdated.bytes
            rewritten[path] = outdated.bytes
            parsed[path] = nil
            diagnostics.append(outdated.diagnostic)
        }
        let context = CheckContext(source: OverlaySource(base: base, changes: contents))
        var existedBefore = Set<String>()
        let paths = contents.keys.sorted()
        for (index, path) in paths.enumerated() {
            let before = try base.bytes(at: path)
            if before != nil { existedBefore.insert(path) }
            if let before, DocumentKind.forPath(path) == .review, let refusal = ReviewRules.closedRecordChange(path: path, before: before, after: contents[path] ?? nil) {
                diagnostics.append(refusal)
            }
            if let plan = parsed[path] {
                diagnostics += checker.check(path: path, document: plan, context: context).diagnostics
            } else if let bytes = contents[path] ?? nil {
                diagnostics += checker.check(path: path, bytes: bytes, context: context).diagnostics
            }
            report("checking documents", done: index + 1, total: paths.count)
        }
        diagnostics += try dependentDiagnostics(of: contents, base: base, context: context)
        return Prepared(contents: contents, rewritten: rewritten, diagnostics: diagnostics, existedBefore: existedBefore)
    }

    /// Problems a change causes in documents it does not touch: plans that
    /// cite a changed edition, and every document when `planbench.yaml`
    /// changes (actors and parties). Errors in them block the save like the
    /// changed documents' own; of their warnings, only citations that this
    /// change makes suspect are reported (the rest were there before).
    private func dependentDiagnostics(
        of contents: [String: [UInt8]?], base: DocumentSource, context: CheckContext
    ) throws -> [Diagnostic] {
        let configurationChanged = contents.keys.contains(WorkspaceLayout.configFile)
        let editions = contents.keys.filter { DocumentKind.forPath($0) == .guidelineEdition }.map(WorkspaceLayout.idFromPath)
        guard configurationChanged || !editions.isEmpty else { return [] }
        var candidates: [String] = []
        for folder in WorkspaceLayout.folders {
            candidates += try context.source.paths(in: folder).filter { contents[$0] == nil && DocumentKind.forPath($0) != nil }
        }
        let baseContext = CheckContext(source: base)
        let checker = try checker()
        var found: [Diagnostic] = []
        for (index, path) in candidates.enumerated() {
            guard let bytes = try context.source.bytes(at: path) else { continue }
            if !configurationChanged {
                // Only plans can cite an edition, and only by naming it.
                guard DocumentKind.forPath(path) == .plan,
                    editions.contains(where: { id in bytes.firstRange(of: Array(id.utf8)) != nil })
                else { continue }
            }
            let now = checker.check(path: path, bytes: bytes, context: context).diagnostics
            let errors = now.filter(\.isError)
            var suspect = now.filter { $0.code == "suspect-citation" }
            if !suspect.isEmpty {
                let before = Set(checker.check(path: path, bytes: bytes, context: baseContext).diagnostics
                    .filter { $0.code == "suspect-citation" }.compactMap { $0.pointer?.description })
                suspect.removeAll { before.contains($0.pointer?.description ?? "") }
            }
            found += (errors + suspect).map { diagnostic in
                var dependent = diagnostic
                dependent.message += diagnostic.isError
                    ? " (this document is not in the save, but the change makes it invalid)"
                    : " (made suspect by this change)"
                return dependent
            }
            report("checking dependent documents", done: index + 1, total: candidates.count)
        }
        return found
    }

    /// Makes the index match `commit` for `paths`, so `git status` agrees
    /// that they are saved. Retries while another process holds the index lock.
    func syncIndex(paths: [String], commit: ObjectID) throws {
        for attempt in 1...50 {
            do {
                try repository.updateIndex(paths: paths, from: commit)
                return
            } catch GitError.locked {
                backOff(attempt)
            } catch {
                throw PlanBenchError.git(SystemFailure.explainGit("\(error)"))
            }
        }
        throw PlanBenchError.git("the git index stayed locked (.git/index.lock); if no git or planbench is running, delete that file")
    }

    /// A save is never signed, so it may not change the signers of a party that
    /// has keys: `planbench signers add|remove` makes that change, signed.
    func refuseUnsignedSignerChange(from parent: ObjectID, to config: [UInt8]) throws {
        let before = try signers(at: parent)
        guard let node = try? DocumentReading.parse(config, path: WorkspaceLayout.configFile) else { return }
        let after = WorkspaceConfiguration(node).signers
        for party in Set(before.map(\.party) + after.map(\.party)).sorted()
        where before.hasKeys(for: party) && before.filter({ $0.party == party }) != after.filter({ $0.party == party }) {
            throw PlanBenchError.usage("planbench.yaml changes the signers of \(party), whose signers have keys: that change must be signed by one of them; use planbench signers add|remove --signing-key FILE (restore the file with git checkout -- planbench.yaml)")
        }
    }

    func backOff(_ attempt: Int) {
        usleep(UInt32(min(200_000, 1_000 * (1 << min(attempt, 8))) + Int.random(in: 0...2_000)))
    }

    private func summary(of message: String) -> String {
        String(message.prefix { $0 != "\n" })
    }
}
