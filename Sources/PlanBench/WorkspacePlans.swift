// Plans as lists and pages read them: summaries of every plan at the branch's
// tip (from the index when it reflects the tip, else from the commit), and
// one plan's document at a commit through the parsed-tree cache.
import PlanDocument
import PlanGit

/// One plan in a list.
public struct PlanSummary: Sendable, Equatable {
    public var id: String
    public var title: String
    public var status: String
    public var edition: String
    public var lastReviewed: String?

    public init(id: String, title: String, status: String, edition: String, lastReviewed: String?) {
        self.id = id
        self.title = title
        self.status = status
        self.edition = edition
        self.lastReviewed = lastReviewed
    }
}

extension Workspace {
    /// Every plan at the branch's tip, by id, from the plans' facts (the index's,
    /// when there is one).
    public func planSummaries() throws -> [PlanSummary] {
        guard let commit = try head() else { return [] }
        let source = RevisionSource(repository: repository, commit: commit)
        let ids = try source.paths(in: WorkspaceLayout.plansFolder).filter { DocumentKind.forPath($0) == .plan }.map(WorkspaceLayout.idFromPath)
        let paths = ids.map(WorkspaceLayout.planPath(id:))
        return try zip(paths, planFacts(paths, at: commit)).compactMap { path, facts in
            facts.map {
                PlanSummary(
                    id: $0.planID(path: path), title: $0.title ?? "", status: $0.status ?? "", edition: $0.edition ?? "",
                    lastReviewed: $0.lastReviewed)
            }
        }.sorted { $0.id < $1.id }
    }

    /// The plan `id` as committed at `commit` (the branch's tip when nil).
    /// - Throws: ``PlanBenchError/invalidIdentifier(_:what:)``, ``PlanBenchError/documentNotFound(_:revision:)``.
    public func plan(_ id: String, at commit: ObjectID? = nil) throws -> Node {
        guard Identifier.isValid(id) else { throw PlanBenchError.invalidIdentifier(id, what: "plan") }
        guard let commit = try commit ?? head(),
            let node = try cachedDocument(at: WorkspaceLayout.planPath(id: id), in: commit)
        else { throw PlanBenchError.documentNotFound(id, revision: nil) }
        return node
    }
}
