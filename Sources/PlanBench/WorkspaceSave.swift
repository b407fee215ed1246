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
        onStep: (SaveStep) -> Void = { _ in },
        changes build: (ObjectID?) throws -> (changes: [String: [UInt8]?], candidates: [String])
    ) throws -> SaveOutcome {
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
                    extraParents: extraParents, sign: sign, onStep: onStep)
            } catch GitError.referenceMoved {
                // Another save landed first; start again from its commit.
                backOff(attempt)
                continue
            } catch GitError.locked(let message) {
                // Another writer holds the branch's lock file; wait for it. A lock
                // left by a killed process never goes away: say which file it is.
                lastLock = message
                backOff(attempt)
                continue
            }
            // Pinned documents go to the work tree before the index is synced, so
            // the index records the files as they now are and status stays cheap.
            var toWrite: [String: [UInt8]?] = result.rewritten
            if writeAll { for (path, bytes) in result.contents { toWrite[path] = bytes } }
            for (path, bytes) in toWrite.sorted(by: { $0.key < $1.key }) {
                if let bytes {
                    try FileManagerHelpers.writeAtomically(bytes, to: root + "/" + path)
                } else if FileManager.default.fileExists(atPath: root + "/" + path) {
                    try FileManager.default.removeItem(atPath: root + "/" + path)
                }
            }
            onStep(.workTreeUpdated)
            try syncIndex(paths: Array(result.contents.keys), commit: result.commit)
            onStep(.indexUpdated)
            return SaveOutcome(
                commit: result.commit, changes: result.documentChanges, diagnostics: result.diagnostics,
                pinned: result.rewritten.keys.sorted())
        }
        if let lastLock {
            throw PlanBenchError.git("\(lastLock); nothing was committed. If no git or planbench is running, delete .git/\(reference).lock and save again")
        }
        throw PlanBenchError.concurrentUpdate(branch: branch, attempts: attempts)
    }

    /// What ``commitDocuments(_:onto:reference:message:author:onStep:)`` committed.
    struct CommitResult {
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
        onStep: (SaveStep) -> Void = { _ in }
    ) throws -> CommitResult {
        let prepared = try prepare(changes, parent: parent)
        guard !prepared.diagnostics.hasErrors else {
            throw PlanBenchError.commitRefused(prepared.diagnostics)
        }
        onStep(.checked)
        let commit = try gitCall {
            try repository.commit(
                updating: parent, changes: prepared.contents, message: message, author: author,
                committer: committer ?? author, extraParents: extraParents, sign: sign)
        }
        onStep(.objectsWritten)
        do {
            try repository.updateReference(reference, to: commit, expected: parent, message: "planbench: \(summary(of: message))")
        } catch let error as GitError {
            switch error {
            case .referenceMoved, .locked: throw error
            default: throw PlanBenchError.git("\(error)")
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
            commit: commit, contents: prepared.contents, rewritten: prepared.rewritten,
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

    private struct Prepared {
        var contents: [String: [UInt8]?]
        var rewritten: [String: [UInt8]]
        var diagnostics: [Diagnostic]
        var existedBefore: Set<String>
    }

    /// Pins citations and checks every changed document as it would be committed.
    private func prepare(_ changes: [String: [UInt8]?], parent: ObjectID?) throws -> Prepared {
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
                throw PlanBenchError.git("\(error)")
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
