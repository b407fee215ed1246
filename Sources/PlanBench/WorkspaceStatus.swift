import PlanDocument
import PlanGit

/// A document that differs between the work tree and the branch head.
public struct DocumentChange: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        case added, modified, deleted
    }

    public var path: String
    public var kind: Kind
}

/// What `planbench status` reports: changed documents, and the problems in them.
public struct WorkspaceStatus: Sendable {
    public var branch: String?
    public var head: String?
    public var changes: [DocumentChange]
    public var diagnostics: [Diagnostic]
    /// A merge is in progress (see `planbench conflicts`).
    public var isMerging: Bool
    /// A merge the git program started is waiting to be finished.
    public var gitMerge: GitMerge?

    /// Paths of changed documents with at least one error.
    public var invalidPaths: Set<String> { Set(diagnostics.errors.map(\.file)) }
}

/// A merge that `git merge` (or `git pull`) left to finish: its other heads
/// and the documents still marked conflicted in the index.
public struct GitMerge: Sendable {
    public var heads: [String]
    public var unmerged: [String]
}

extension Workspace {
    /// The git merge in progress, if any.
    public func gitMerge() throws -> GitMerge? {
        let heads = try gitCall { try repository.gitMergeHeads() }
        guard !heads.isEmpty else { return nil }
        return GitMerge(heads: heads.map(\.hex), unmerged: try gitCall { try repository.unmergedPaths() })
    }

    /// Documents a git merge in progress changed: what the merged-in heads
    /// changed since the merge base and the work tree still holds differently
    /// from HEAD (git stages clean merges, so the work tree and index agree
    /// on them and a plain status would not list them).
    func gitMergeChanges(_ merge: GitMerge, documentsOnly: Bool = true) throws -> [DocumentChange] {
        guard let ours = try head() else { return [] }
        let headSource = RevisionSource(repository: repository, commit: ours)
        var paths = Set(try gitCall { try repository.unmergedPaths() })
        for hex in merge.heads {
            guard let theirs = ObjectID(hex: hex), let base = try gitCall({ try repository.mergeBase(ours, theirs) }) else { continue }
            paths.formUnion(try gitCall {
                try repository.changedPaths(from: repository.treeID(ofCommit: base), to: repository.treeID(ofCommit: theirs))
            })
        }
        var changes: [DocumentChange] = []
        for path in paths.sorted() where !documentsOnly || DocumentKind.forPath(path) != nil {
            let current = try workTree.bytes(at: path)
            let committed = try headSource.bytes(at: path)
            guard current != committed else { continue }
            changes.append(DocumentChange(path: path, kind: committed == nil ? .added : (current == nil ? .deleted : .modified)))
        }
        return changes
    }

    /// The managed documents that differ from HEAD in the work tree.
    ///
    /// Only workspace documents count (`planbench.yaml`, `guidelines/`,
    /// `plans/`, `reviews/`); other files are the author's business.
    public func changedDocuments() throws -> [DocumentChange] {
        let entries = try gitCall { try repository.status() }
        var changes = entries.compactMap { entry -> DocumentChange? in
            guard DocumentKind.forPath(entry.path) != nil else { return nil }
            if entry.isUntracked { return DocumentChange(path: entry.path, kind: .added) }
            let change = entry.unstaged ?? entry.staged
            switch change {
            case .deleted?: return DocumentChange(path: entry.path, kind: .deleted)
            case .added?: return DocumentChange(path: entry.path, kind: entry.unstaged == nil ? .added : .modified)
            case .modified?, .typeChanged?, .renamed?: return DocumentChange(path: entry.path, kind: .modified)
            case nil: return nil
            }
        }
        if let merge = try gitMerge() {
            let listed = Set(changes.map(\.path))
            changes += try gitMergeChanges(merge).filter { !listed.contains($0.path) }
        }
        return changes.sorted { $0.path < $1.path }
    }

    /// Changed documents and what is wrong with them.
    public func status() throws -> WorkspaceStatus {
        let checker = try checker()
        let changes = try changedDocuments()
        let context = CheckContext(source: workTree)
        var diagnostics: [Diagnostic] = []
        for change in changes where change.kind != .deleted {
            diagnostics += checker.check(path: change.path, context: context).diagnostics
        }
        let head = try head()
        return WorkspaceStatus(
            branch: try? branch(), head: head?.hex, changes: changes, diagnostics: diagnostics,
            isMerging: mergeInProgress, gitMerge: try gitMerge())
    }

    /// Checks every document of the work tree, or of a revision.
    public func validate(revision: String? = nil, paths: [String]? = nil) throws -> [Diagnostic] {
        let checker = try checker()
        let source: DocumentSource = try revision.map { try self.source(at: $0) } ?? workTree
        let context = CheckContext(source: source)
        let targets = try paths ?? managedPaths(in: source)
        var diagnostics: [Diagnostic] = []
        for (index, path) in targets.enumerated() {
            guard try source.bytes(at: path) != nil else {
                throw PlanBenchError.documentNotFound(path, revision: revision)
            }
            diagnostics += checker.check(path: path, context: context).diagnostics
            report("checking documents", done: index + 1, total: targets.count)
        }
        return diagnostics
    }

    /// Every workspace document in a state.
    func managedPaths(in source: DocumentSource) throws -> [String] {
        var paths: [String] = []
        if try source.bytes(at: WorkspaceLayout.configFile) != nil { paths.append(WorkspaceLayout.configFile) }
        for folder in WorkspaceLayout.folders {
            paths += try source.paths(in: folder).filter { DocumentKind.forPath($0) != nil }
        }
        return paths
    }

    /// Whether `planbench merge` left a merge to finish (never through a
    /// `.planbench` link: the commands that use merge state refuse one).
    public var mergeInProgress: Bool {
        guard let path = try? mergeStatePath() else { return false }
        return FileManagerHelpers.exists(path)
    }
}

extension Workspace {
    /// Checks `bytes` as the document at `path` would be checked by a save now.
    /// - Throws: ``PlanBenchError/schemasUnavailable(_:)``.
    public func check(path: String, bytes: [UInt8]) throws -> [Diagnostic] {
        let checker = try checker()
        let base: DocumentSource = (try? head()).flatMap { $0 }.map { RevisionSource(repository: repository, commit: $0) } ?? EmptySource()
        let context = CheckContext(source: OverlaySource(base: base, changes: [path: bytes]))
        return checker.check(path: path, bytes: bytes, context: context).diagnostics
    }
}
