import PlanDiff
import PlanDocument
import PlanGit

/// The structural differences between two states of a workspace, document by document.
public struct WorkspaceDiff {
    /// One document that differs.
    public struct Document {
        public enum Change: String, Sendable { case added, deleted, modified }

        public var path: String
        public var change: Change
        public var old: Node
        public var new: Node
        public var edits: [Edit]
        /// For a Guideline edition: per section whose content changed, the plan
        /// sections (`plans/x.yaml: concept`) whose citation pinned the old content
        /// and is suspect on the new side.
        public var suspectCitations: [String: [String]] = [:]
        /// The path on the old side when `planbench rename` moved the document in between.
        public var renamedFrom: String?

        /// The edits grouped under the Guideline sections they touch.
        public var groups: [GuidelineGroup] { GuidelineGrouping.group(edits, old: old, new: new) }
    }

    public var oldLabel: String
    public var newLabel: String
    /// The commits the sides resolved to (nil for the work tree).
    public var oldCommit: String?
    public var newCommit: String?
    public var documents: [Document]
}

extension Workspace {
    /// A state to compare: the work tree or a revision.
    public enum DiffSide {
        case workTree
        case revision(String)

        var label: String {
            switch self {
            case .workTree: "work tree"
            case .revision(let revision): revision
            }
        }
    }

    /// Diffs the documents that differ between two states (or only `paths`).
    /// - Throws: ``PlanBenchError/invalidDocuments(_:)`` when a document cannot be read.
    public func diff(from old: DiffSide, to new: DiffSide, paths: [String]? = nil) throws -> WorkspaceDiff {
        let oldSource = try source(for: old)
        let newSource = try source(for: new)
        var candidates: [String]
        if let paths {
            // Ids are accepted as everywhere else; a name that matches no document on
            // either side is refused rather than reported as "no differences".
            candidates = try paths.map { name in
                for source in [oldSource, newSource] {
                    if let path = try? documentPath(for: name, in: source) { return path }
                }
                throw PlanBenchError.usage("no document \"\(name)\" in \(old.label) or \(new.label); give a plan, edition or review id, or a path such as plans/ID.yaml")
            }
        } else if case .revision = old, case .revision = new,
            let a = (oldSource as? RevisionSource)?.commit, let b = (newSource as? RevisionSource)?.commit
        {
            candidates = try gitCall {
                try repository.changedPaths(from: repository.treeID(ofCommit: a), to: repository.treeID(ofCommit: b))
            }
        } else {
            candidates = Array(Set(try managedPaths(in: oldSource) + managedPaths(in: newSource)))
        }
        // Documents renamed in between (a plan added or deleted is a sign) are compared across their two paths.
        var renamedFrom: [String: String] = [:]
        if let a = (oldSource as? RevisionSource)?.commit, let b = (newSource as? RevisionSource)?.commit,
            try candidates.contains(where: { path in
                guard DocumentKind.forPath(path) == .plan else { return false }
                return try oldSource.bytes(at: path) == nil || newSource.bytes(at: path) == nil
            })
        {
            for (new, old) in try renames(after: a, upTo: b) {
                guard try newSource.bytes(at: new) != nil, try oldSource.bytes(at: new) == nil,
                    try oldSource.bytes(at: old) != nil, try newSource.bytes(at: old) == nil,
                    paths == nil || candidates.contains(new) || candidates.contains(old)
                else { continue }
                renamedFrom[new] = old
                candidates.removeAll { $0 == old }
                if !candidates.contains(new) { candidates.append(new) }
            }
        }
        var documents: [WorkspaceDiff.Document] = []
        var problems: [Diagnostic] = []
        for path in candidates.sorted() where DocumentKind.forPath(path) != nil {
            do {
                if let origin = renamedFrom[path] {
                    let empty = Node(.mapping([:]))
                    let oldNode = try cachedDocument(at: origin, in: (oldSource as! RevisionSource).commit) ?? empty
                    let newNode = try cachedDocument(at: path, in: (newSource as! RevisionSource).commit) ?? empty
                    documents.append(.init(
                        path: path, change: .modified, old: oldNode, new: newNode, edits: StructuralDiff.diff(oldNode, newNode),
                        renamedFrom: origin))
                    continue
                }
                guard let (oldNode, newNode) = try documentPair(at: path, old: oldSource, new: newSource) else { continue }
                let empty = Node(.mapping([:]))
                let change: WorkspaceDiff.Document.Change = oldNode == nil ? .added : (newNode == nil ? .deleted : .modified)
                let edits = StructuralDiff.diff(oldNode ?? empty, newNode ?? empty)
                documents.append(.init(path: path, change: change, old: oldNode ?? empty, new: newNode ?? empty, edits: edits))
            } catch PlanBenchError.invalidDocuments(let found) {
                problems += found
            }
        }
        if !problems.isEmpty { throw PlanBenchError.invalidDocuments(problems) }
        for i in documents.indices where (documents[i].new["kind"] ?? documents[i].old["kind"])?.string == "guideline-edition" {
            documents[i].suspectCitations = try suspectCitations(of: documents[i], in: newSource)
        }
        return WorkspaceDiff(
            oldLabel: old.label, newLabel: new.label, oldCommit: (oldSource as? RevisionSource)?.commit.hex,
            newCommit: (newSource as? RevisionSource)?.commit.hex, documents: documents)
    }

    /// The two versions of a document, or `nil` when they are the same bytes.
    /// Committed versions come through the parsed-tree cache.
    private func documentPair(at path: String, old: DocumentSource, new: DocumentSource) throws -> (Node?, Node?)? {
        if let a = old as? RevisionSource, let b = new as? RevisionSource {
            let oldBlob = try gitCall { try repository.blobID(at: path, in: a.commit) }
            let newBlob = try gitCall { try repository.blobID(at: path, in: b.commit) }
            guard oldBlob != newBlob else { return nil }
            let oldNode = try cachedDocument(at: path, in: a.commit)
            return (oldNode, try cachedDocument(at: path, in: b.commit, sharingStringsWith: oldNode))
        }
        let oldBytes = try old.bytes(at: path)
        let newBytes = try new.bytes(at: path)
        guard oldBytes != newBytes else { return nil }
        func load(_ source: DocumentSource, _ bytes: [UInt8]?) throws -> Node? {
            if let revision = source as? RevisionSource { return try cachedDocument(at: path, in: revision.commit) }
            return try bytes.map { try parseOrReport($0, path: path) }
        }
        return (try load(old, oldBytes), try load(new, newBytes))
    }

    /// The plan sections whose citations an edition change made suspect:
    /// pinned to a section's old content, which differs from its new content.
    private func suspectCitations(of document: WorkspaceDiff.Document, in source: DocumentSource) throws -> [String: [String]] {
        let old = EditionIndex(document: document.old), new = EditionIndex(document: document.new)
        let editionID = new.id.isEmpty ? old.id : new.id
        var changed: [String: String] = [:]
        for group in document.groups {
            guard let section = group.section, let before = old.fingerprint(of: section), before != new.fingerprint(of: section) else { continue }
            changed[section] = before
        }
        guard !changed.isEmpty else { return [:] }
        var result: [String: [String]] = [:]
        let context = CheckContext(source: source)
        for path in try source.paths(in: WorkspaceLayout.plansFolder) where DocumentKind.forPath(path) == .plan {
            guard let plan = context.document(at: path) else { continue }
            for section in plan["sections"]?.sequence ?? [] {
                for citation in section["citations"]?.sequence ?? [] {
                    guard (citation["edition"]?.string ?? plan["edition"]?.string) == editionID,
                        let cited = citation["section"]?.string, let before = changed[cited],
                        citation["fingerprint"]?.string == before
                    else { continue }
                    result[cited, default: []].append("\(path): \(section["id"]?.string ?? "?")")
                }
            }
        }
        return result
    }

    /// The best common ancestor of two revisions, for `diff A...B` (the
    /// changes on B since it left A).
    public func mergeBase(of a: String, and b: String) throws -> ObjectID {
        let (x, y) = (try resolve(a), try resolve(b))
        guard let base = try gitCall({ try repository.mergeBase(x, y) }) else {
            throw PlanBenchError.usage("\(a) and \(b) have no common history")
        }
        return base
    }

    private func source(for side: DiffSide) throws -> DocumentSource {
        switch side {
        case .workTree: workTree
        case .revision(let revision): try source(at: revision)
        }
    }

    /// Compares two Guideline editions through the crosswalk between them.
    public func compareEditions(_ oldID: String, _ newID: String, revision: String? = nil) throws -> EditionComparison {
        let source: DocumentSource = try revision.map { try self.source(at: $0) } ?? workTree
        let context = CheckContext(source: source)
        guard let old = context.edition(oldID)?.document else { throw PlanBenchError.documentNotFound(EditionIndex.path(for: oldID), revision: revision) }
        guard let new = context.edition(newID)?.document else { throw PlanBenchError.documentNotFound(EditionIndex.path(for: newID), revision: revision) }
        let crosswalk = try source.paths(in: WorkspaceLayout.guidelinesFolder).lazy.compactMap { context.document(at: $0) }
            .first { $0["kind"]?.string == DocumentKind.crosswalk.rawValue && $0["from"]?.string == oldID && $0["to"]?.string == newID }
        guard let crosswalk else {
            throw PlanBenchError.usage("no crosswalk from \(oldID) to \(newID) in guidelines/ (a document with kind: crosswalk, from: \(oldID), to: \(newID))")
        }
        do {
            return try EditionComparison.compare(old: old, new: new, crosswalk: crosswalk)
        } catch {
            throw PlanBenchError.usage("\(error)")
        }
    }
}
