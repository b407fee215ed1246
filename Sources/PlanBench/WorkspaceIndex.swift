// Keeping the workspace index (.planbench/index.sqlite) in step with git: the
// workspace reads commits and blobs through PlanGit and hands plain values to
// PlanIndex. Only commits not yet indexed are read, and only blobs not yet
// seen are parsed, so an update costs what changed, not the workspace.
import Foundation
import PlanDocument
import PlanGit
import PlanIndex

/// What bringing the index up to date did.
public struct IndexUpdate: Sendable {
    public enum Outcome: Sendable, Equatable {
        /// The index already reflected the branch's tip.
        case current
        /// New commits were added to it.
        case updated
        /// It was made again from git, for this reason.
        case rebuilt(reason: String)
    }
    public var outcome: Outcome
    public var commitsAdded: Int
    /// Document blobs parsed (each blob is parsed once, whatever its number of commits).
    public var documentsParsed: Int
    public var tip: ObjectID?
    public var seconds: Double

    /// The one line a command prints when it had to bring the index up to date.
    public var message: String? {
        let what = "\(commitsAdded) commit\(commitsAdded == 1 ? "" : "s"), \(documentsParsed) document version\(documentsParsed == 1 ? "" : "s") parsed"
        let at = tip.map { " at \($0.shortHex)" } ?? ""
        switch outcome {
        case .current: return nil
        case .updated: return "index: brought up to date\(at) (\(what))"
        case .rebuilt(let reason): return "index: rebuilt\(at), \(reason) (\(what), \(String(format: "%.1f", seconds)) s)"
        }
    }
}

extension Workspace {
    /// The index database's path (never committed: `.planbench/` is ignored).
    public var indexPath: String { root + "/" + WorkspaceLayout.stateFolder + "/index.sqlite" }

    /// Whether an index file exists (never through a `.planbench` link: see
    /// ``FileManagerHelpers/localStatePath(_:root:)``).
    public var hasIndex: Bool {
        (try? FileManagerHelpers.localStatePath("index.sqlite", root: root)) != nil && FileManager.default.fileExists(atPath: indexPath)
    }

    /// The index, brought up to date with the current branch first when it is
    /// missing, damaged, outdated or of another history; `notice` gets one line
    /// saying what was done when anything was.
    public func currentIndex(notice: (String) -> Void = { _ in }) throws -> IndexStore {
        let (store, update) = try updateIndex()
        if let message = update.message { notice(message) }
        return store
    }

    /// The index when it exists and reflects the branch's tip exactly; nil otherwise
    /// (nothing is built or updated: callers fall back to reading git).
    public func indexIfCurrent() -> IndexStore? {
        guard hasIndex, let head = try? head(), let store = try? IndexStore.open(at: indexPath, readOnly: true),
            (try? store.isMigrated()) == true, let state = try? store.state(), state.isCurrentFormat,
            state.tip == head.hex, state.branch == (try? branch())
        else { return nil }
        return store
    }

    /// Runs `body` on the current index; a file found damaged while reading is
    /// rebuilt and `body` run again.
    public func withCurrentIndex<T>(notice: (String) -> Void = { _ in }, _ body: (IndexStore) throws -> T) throws -> T {
        let store = try currentIndex(notice: notice)
        do {
            return try body(store)
        } catch IndexError.damaged(_, let message) {
            let (rebuilt, update) = try updateIndex(rebuilding: "the file was damaged (\(message))")
            if let line = update.message { notice(line) }
            return try body(rebuilt)
        }
    }

    /// After a command moved the branch: brings an existing index up to date
    /// (only the new commits); does nothing when there is no index. Never fails
    /// the command: the index is derived data, and the next reader rebuilds it.
    @discardableResult
    public func refreshIndexIfPresent() -> IndexUpdate? {
        guard hasIndex else { return nil }
        return try? updateIndex().1
    }

    /// Adds the branch's new commits to the index through `store`, a writable store
    /// of this workspace's index that the caller keeps open between updates (the
    /// review desk). While a connection stays open, SQLite neither checkpoints nor
    /// deletes the WAL when an update's pool closes, so such an update writes its
    /// pages to the WAL without an fsync (`synchronous = NORMAL`) and leaves the
    /// copying to SQLite's automatic checkpoint; the update itself is the one
    /// `updateIndex()` makes.
    /// - Returns: What was done; nil when the index needs more than new commits
    ///   (of another branch or history, format or schema), which `updateIndex()` handles.
    public func updateIndex(through store: IndexStore) -> IndexUpdate? {
        let started = Date()
        guard let branch = try? self.branch(), let head = try? self.head() else { return nil }
        return try? IndexStore.withUpdateLock(at: indexPath) { () -> IndexUpdate? in
            guard try store.isMigrated() else { return nil }
            let state = try store.state()
            guard state.isCurrentFormat, state.branch == branch, let tipHex = state.tip, let tip = ObjectID(hex: tipHex) else { return nil }
            let onBranch = try tip == head || gitCall { try repository.isAncestor(tip, of: head) }
            guard onBranch else { return nil }
            return try fill(store, branch: branch, head: head, reason: nil, started: started).1
        }
    }

    /// Brings the index up to date with the current branch.
    /// - Parameter reason: Make it again from nothing, for this reason.
    @discardableResult
    public func updateIndex(rebuilding reason: String? = nil) throws -> (IndexStore, IndexUpdate) {
        let started = Date()
        // A `.planbench` link would put the index wherever it points: refused, naming the link.
        let path = try FileManagerHelpers.localStatePath("index.sqlite", root: root)
        let branch = try? self.branch()
        let head = try head()
        let existed = FileManager.default.fileExists(atPath: path)
        // A current index is returned read-only: reading it writes nothing (see IndexStore.open).
        if reason == nil, existed, let store = try? IndexStore.open(at: path, readOnly: true), (try? store.isMigrated()) == true,
            let state = try? store.state(), state.isCurrentFormat, state.tip == head?.hex, state.branch == branch
        {
            return (store, IndexUpdate(outcome: .current, commitsAdded: 0, documentsParsed: 0, tip: head, seconds: Date().timeIntervalSince(started)))
        }
        try FileManager.default.createDirectory(atPath: root + "/" + WorkspaceLayout.stateFolder, withIntermediateDirectories: true)
        do {
            return try IndexStore.withUpdateLock(at: path) {
                var rebuildReason = reason
                if rebuildReason != nil { IndexStore.remove(at: path) }
                if rebuildReason == nil && !existed { rebuildReason = "there was none" }
                let store: IndexStore
                do {
                    store = try Self.openMigrated(at: path)
                } catch let error as IndexError {
                    IndexStore.remove(at: path)
                    rebuildReason = rebuildReason ?? Self.reason(for: error)
                    store = try Self.openMigrated(at: path)
                }
                var state = try store.state()
                if state.format != nil, !state.isCurrentFormat {
                    IndexStore.remove(at: path)
                    rebuildReason = rebuildReason ?? "it was made by another planbench (\(state.format ?? "?"), extractor \(state.extractorVersion ?? 0))"
                    let fresh = try Self.openMigrated(at: path)
                    state = try fresh.state()
                    return try fill(fresh, branch: branch, head: head, reason: rebuildReason, started: started)
                }
                return try fill(store, branch: branch, head: head, reason: rebuildReason, started: started)
            }
        } catch let error as IndexError {
            throw PlanBenchError.index("\(error)")
        }
    }

    private static func openMigrated(at path: String) throws -> IndexStore {
        let store = try IndexStore.open(at: path)
        if try !store.isMigrated() { try store.migrate() }
        return store
    }

    private static func reason(for error: IndexError) -> String {
        switch error {
        case .damaged: "the file was damaged"
        case .newerSchema: "it was made by a newer planbench"
        default: "it could not be read (\(error))"
        }
    }

    /// Adds to `store` what it lacks of the branch's history, inside one transaction.
    private func fill(_ store: IndexStore, branch: String?, head: ObjectID?, reason: String?, started: Date) throws -> (IndexStore, IndexUpdate) {
        var outcome: IndexUpdate.Outcome = reason.map { .rebuilt(reason: $0) } ?? .updated
        let (commits, documents) = try store.update { writer -> (Int, Int) in
            let state = try writer.state()
            if state.tip == head?.hex, state.branch == branch, state.isCurrentFormat {
                outcome = .current  // another process brought it up to date meanwhile
                return (0, 0)
            }
            var oldTip: ObjectID?
            if let tipHex = state.tip, let tip = ObjectID(hex: tipHex) {
                if state.branch != branch {
                    if case .updated = outcome { outcome = .rebuilt(reason: "branch \(branch ?? "(none)") is checked out, the index was of \(state.branch ?? "(none)")") }
                } else if let head, (try? repository.isAncestor(tip, of: head)) == true {
                    oldTip = tip
                } else if case .updated = outcome {
                    outcome = .rebuilt(reason: "the history it reflected (\(tip.shortHex)) is no longer on \(branch ?? "the branch")")
                }
            }
            if oldTip == nil { try writer.resetHistory() }
            guard let head else {
                try writer.moveTip(to: nil, branch: branch, producer: PlanBenchVersion.current, changes: [])
                return (0, 0)
            }
            let ids = try gitCall { try repository.commitIDs(from: head, excluding: oldTip.map { [$0] } ?? []) }
            var done = 0
            // One new commit on top of the old tip (a save): what it changed against
            // its first parent is what the tip changed, so that diff is not made twice.
            var tipChangesFromCommit: [IndexedChange]?
            for id in ids {
                let info = try gitCall { try repository.commitHeader(for: id) }
                let lists = try gitCall { try repository.changes(of: info) }
                let changes = try lists.map { list in try indexedChanges(list, writer: writer) }
                if ids.count == 1, let oldTip, info.parents.first == oldTip, id == head { tipChangesFromCommit = changes.first }
                try writer.add(IndexedCommit(
                    id: id.hex, parents: info.parents.map(\.hex), author: info.author.name, email: info.author.email,
                    time: info.author.secondsSince1970, utcOffset: info.author.timeZoneOffsetMinutes, message: info.message,
                    changes: changes, renames: Self.moves(in: info.message)))
                done += 1
                report("Indexing commits", done: done, total: ids.count)
            }
            let tipChanges: [IndexedChange]
            if let tipChangesFromCommit {
                tipChanges = tipChangesFromCommit
            } else if let oldTip {
                tipChanges = try indexedChanges(try gitCall { try repository.changes(from: oldTip, to: head) }, writer: writer)
            } else {
                let files = try gitCall { try repository.files(in: head) }
                tipChanges = try indexedChanges(
                    files.sorted { $0.key < $1.key }.map { FileChange(path: $0.key, kind: .added, oldID: nil, newID: $0.value) },
                    writer: writer)
            }
            try writer.moveTip(to: head.hex, branch: branch, producer: PlanBenchVersion.current, changes: tipChanges)
            return (writer.commitsAdded, writer.documentsAdded)
        }
        // A rebuild's WAL holds the whole database: copy it in and cut the file
        // back now rather than leave it to the next update (see IndexStore.open).
        if case .rebuilt = outcome { try store.checkpoint() }
        return (store, IndexUpdate(
            outcome: outcome, commitsAdded: commits, documentsParsed: documents, tip: head, seconds: Date().timeIntervalSince(started)))
    }

    /// The document changes among `changes`, with every new blob parsed into the index.
    private func indexedChanges(_ changes: [FileChange], writer: IndexWriter) throws -> [IndexedChange] {
        var result: [IndexedChange] = []
        for change in changes {
            guard let pathKind = DocumentKind.forPath(change.path) else { continue }
            var kind = pathKind.rawValue
            if let blob = change.newID {
                kind = try indexDocument(blob: blob, path: change.path, writer: writer) ?? kind
            }
            result.append(IndexedChange(path: change.path, kind: kind, oldBlob: change.oldID?.hex, newBlob: change.newID?.hex))
        }
        return result
    }

    /// Parses a blob into the index unless it is there already; returns its kind.
    fileprivate func indexDocument(blob: ObjectID, path: String, writer: IndexWriter) throws -> String? {
        if let kind = try writer.kind(ofBlob: blob.hex) { return kind }
        // A large document this process just committed comes out of DocumentReading's
        // cache (by content): the commit's check parsed the same bytes.
        let bytes = try gitCall { try repository.readBlob(blob) }
        var document = IndexedDocument(blob: blob.hex, path: path, kind: DocumentKind.forPath(path)?.rawValue ?? "", node: nil)
        do {
            let node = try DocumentReading.parse(bytes, path: path)
            document.node = node
            let kind = DocumentKind.of(node, at: path)
            document.kind = kind?.rawValue ?? document.kind
            if kind == .plan { document.planFacts = PlanFacts(plan: node).encoded }
            if kind == .guidelineEdition {
                let edition = EditionIndex(document: node)
                for id in edition.order { document.sectionFingerprints[id] = edition.fingerprint(of: id) }
            }
        } catch {
            document.error = "\(error)"
        }
        try writer.add(document)
        return document.kind
    }
}

extension Workspace {
    /// The sections a `--section G` option stands for: G in `edition` (default: the
    /// workspace's default edition when it has G, else the edition at the tip that
    /// has it), the sections below it, and their counterparts across crosswalks.
    public func equivalentSections(of section: String, edition: String?, in store: IndexStore) throws -> [SectionReference] {
        let editions = try store.editions(containing: section)
        let defaultEdition = CheckContext(source: workTree).configuration?.defaultEdition
        let chosen = edition ?? (editions.contains(defaultEdition ?? "") ? defaultEdition : editions.first)
        guard let chosen, editions.contains(chosen) else {
            throw PlanBenchError.usage("no Guideline section \(section) in \(edition ?? (editions.isEmpty ? "any edition" : editions.joined(separator: ", "))); planbench guidelines lists the sections")
        }
        return try store.equivalentSections(of: section, edition: chosen)
    }

    /// The documents at a revision, path -> blob id, with any blob the index has
    /// not seen parsed into it first (history of other branches, say).
    public func indexDocuments(at revision: String) throws -> [String: String] {
        let commit = try resolve(revision)
        let files = try gitCall { try repository.files(in: commit) }.filter { DocumentKind.forPath($0.key) != nil }
        let (current, _) = try updateIndex()
        if try !current.unknownBlobs(files.values.map(\.hex)).isEmpty {
            try IndexStore.withUpdateLock(at: indexPath) {
                try Self.openMigrated(at: indexPath).update { writer in
                    for (path, blob) in files { _ = try indexDocument(blob: blob, path: path, writer: writer) }
                }
            }
        }
        return files.mapValues(\.hex)
    }
}
