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

    /// Paths of changed documents with at least one error.
    public var invalidPaths: Set<String> { Set(diagnostics.errors.map(\.file)) }
}

extension Workspace {
    /// The managed documents that differ from HEAD in the work tree.
    ///
    /// Only workspace documents count (`planbench.yaml`, `guidelines/`,
    /// `plans/`, `reviews/`); other files are the author's business.
    public func changedDocuments() throws -> [DocumentChange] {
        let entries = try gitCall { try repository.status() }
        return entries.compactMap { entry -> DocumentChange? in
            guard DocumentKind.forPath(entry.path) != nil else { return nil }
            if entry.isUntracked { return DocumentChange(path: entry.path, kind: .added) }
            let change = entry.unstaged ?? entry.staged
            switch change {
            case .deleted?: return DocumentChange(path: entry.path, kind: .deleted)
            case .added?: return DocumentChange(path: entry.path, kind: entry.unstaged == nil ? .added : .modified)
            case .modified?, .typeChanged?, .renamed?: return DocumentChange(path: entry.path, kind: .modified)
            case nil: return nil
            }
        }.sorted { $0.path < $1.path }
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
            isMerging: mergeInProgress)
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
