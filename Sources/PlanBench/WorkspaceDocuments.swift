import Foundation
import PlanDocument
import PlanGit
import PlanIndex

extension Workspace {
    /// Writes a skeleton plan to the work tree (not committed: `save` does that).
    ///
    /// The skeleton is valid: it names the workspace's default edition and one
    /// empty section, so `planbench save` accepts it as it is.
    /// - Returns: The workspace-relative path of the new plan.
    public func newPlan(id: String, title: String, author: Signature?) throws -> String {
        guard Identifier.isValid(id) else { throw PlanBenchError.invalidIdentifier(id, what: "plan") }
        let path = WorkspaceLayout.planPath(id: id)
        guard try workTree.bytes(at: path) == nil else { throw PlanBenchError.documentExists(path: path) }
        let configuration = CheckContext(source: workTree).configuration
        var plan: Node = [
            "id": Node(.string(id)),
            "title": Node(.string(title)),
            "status": "draft",
            "parties": Node(.sequence((configuration?.document["parties"]?.sequence ?? []).compactMap { $0["id"] })),
            "edition": Node(.string(configuration?.defaultEdition ?? "jus-2015")),
        ]
        if let author {
            plan["owners"] = [["name": Node(.string(author.name)), "email": Node(.string(author.email))]]
        }
        plan["reviewCycle"] = Node(.string(configuration?.document["reviewPolicy"]?["defaultReviewCycle"]?.string ?? "P1Y"))
        // No lastReviewed: a new plan has never been reviewed; closing a review sets it.
        plan["classification"] = "UNCLASSIFIED"
        plan["sections"] = [
            [
                "id": "overview",
                "title": "Overview",
                "prose": "State the purpose of this plan and the Guideline sections it implements.\n",
                "citations": [],
                "roles": [],
                "tasks": [],
            ]
        ]
        try FileManagerHelpers.writeAtomically(Array(YAMLWriter.write(plan).utf8), to: root + "/" + path, root: root)
        return path
    }

    /// Replaces the work tree's file at `path` (workspace-relative) with
    /// `bytes`, through a temporary file in `.planbench/tmp/` and a rename, as
    /// every write planbench makes in the workspace.
    /// - Throws: ``PlanBenchError/io(path:message:)`` naming the file and what to do.
    public func writeDocument(_ bytes: [UInt8], at path: String) throws {
        try FileManagerHelpers.writeAtomically(bytes, to: root + "/" + path, root: root)
    }

    /// Finds the path of a document given as a plan id, an edition id, a
    /// review id or a workspace-relative path, at a revision or in the work tree.
    public func documentPath(for name: String, in source: DocumentSource) throws -> String {
        if DocumentKind.forPath(name) != nil, try source.bytes(at: name) != nil { return name }
        guard Identifier.isValid(name) else { throw PlanBenchError.invalidIdentifier(name, what: "document") }
        for folder in [WorkspaceLayout.plansFolder, WorkspaceLayout.guidelinesFolder, WorkspaceLayout.reviewsFolder] {
            let path = "\(folder)/\(name).yaml"
            if try source.bytes(at: path) != nil { return path }
        }
        throw PlanBenchError.documentNotFound(name, revision: nil)
    }

    /// The text of a document (`ID` or `ID@REV`).
    public func show(_ reference: String) throws -> (path: String, text: String) {
        var name = reference
        var revision: String?
        if let at = reference.lastIndex(of: "@") {
            name = String(reference[..<at])
            revision = String(reference[reference.index(after: at)...])
        }
        let source: DocumentSource = try revision.map { try self.source(at: $0) } ?? workTree
        let path: String
        do {
            path = try documentPath(for: name, in: source)
        } catch PlanBenchError.documentNotFound {
            throw PlanBenchError.documentNotFound(name, revision: revision)
        }
        let bytes = try source.bytes(at: path) ?? []
        return (path, String(decoding: bytes, as: UTF8.self))
    }

    /// Commits on the current branch, newest first, optionally only those
    /// touching a document; a document's history follows it through
    /// `planbench rename` (the rename commit's `Renamed-from:` trailer).
    public func log(document: String? = nil, limit: Int? = nil, from revision: String? = nil) throws -> [CommitInfo] {
        guard let head = try revision.map({ try resolve($0) }) ?? head() else { return [] }
        var paths: [String] = []
        if let document {
            let path = (try? documentPath(for: document, in: workTree))
                ?? (try? documentPath(for: document, in: RevisionSource(repository: repository, commit: head)))
            guard let path else { throw PlanBenchError.documentNotFound(document, revision: nil) }
            paths = [path]
        }
        return try gitCall { try repository.log(from: head, paths: paths, limit: limit, earlierPaths: Self.renamedFrom) }
    }

    /// The commits on the current branch that changed a document, newest first:
    /// the commits, order and rename-following of `log(document:limit:)`, read
    /// from the workspace index when it is current instead of diffing every
    /// commit's tree against its parent's. `changedPaths` is empty in every entry.
    ///
    /// The index records each commit's document changes against its first parent,
    /// the same diff `log` computes. When the indexed history has no merge, its
    /// order is the only order a history listing can have, and the commits are
    /// read from it directly; with merges, the order is that of `log`'s walk
    /// (topological, newest commit time first), which only a walk of the commit
    /// headers gives, so the walk is made without diffs and keeps the commits the
    /// index names. Without a current index this is `log(document:limit:)`.
    public func documentHistory(_ document: String, limit: Int? = nil) throws -> [CommitInfo] {
        guard let head = try head(), let store = indexIfCurrent() else {
            return try log(document: document, limit: limit).map(Self.withoutChangedPaths)
        }
        if let limit, limit <= 0 { return [] }
        let path = (try? documentPath(for: document, in: workTree))
            ?? (try? documentPath(for: document, in: RevisionSource(repository: repository, commit: head)))
        guard let path else { throw PlanBenchError.documentNotFound(document, revision: nil) }
        var paths = [path]
        do {
            if try store.hasMergeCommits() {
                var candidates: [String: String] = [:]  // commit id -> message
                for commit in try store.commitsChanging(paths) { candidates[commit.id] = commit.message }
                return try gitCall {
                    try repository.log(from: head, limit: limit) { id in
                        guard let message = candidates[id.hex] else { return false }
                        let earlier = Self.renamedFrom(message: message).filter { !paths.contains($0) }
                        if !earlier.isEmpty {
                            paths += earlier
                            for commit in try store.commitsChanging(earlier) { candidates[commit.id] = commit.message }
                        }
                        return true
                    }
                }
            }
            var result: [CommitInfo] = []
            var before: Int64?
            listing: while true {
                let wanted = limit.map { $0 - result.count }
                let commits = try store.commitsChanging(paths, before: before, limit: wanted)
                for commit in commits {
                    guard let id = ObjectID(hex: commit.id) else { throw PlanBenchError.index("the index names a commit \(commit.id) that is not an object id") }
                    result.append(try gitCall { try repository.commitHeader(for: id) })
                    before = commit.seq
                    // A rename: the older commits of the path it came from count too.
                    let earlier = Self.renamedFrom(message: commit.message).filter { !paths.contains($0) }
                    if !earlier.isEmpty {
                        paths += earlier
                        continue listing
                    }
                }
                if wanted.map({ commits.count < $0 }) ?? true { break }
                if let limit, result.count >= limit { break }
            }
            return result
        } catch let error as IndexError {
            throw PlanBenchError.index("\(error)")
        }
    }

    private static func withoutChangedPaths(_ commit: CommitInfo) -> CommitInfo {
        var commit = commit
        commit.changedPaths = []
        return commit
    }
}
