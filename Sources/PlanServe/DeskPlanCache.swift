// What the desk derives from the plans of one commit (the plan list and the
// coverage of an edition), kept per plan blob: a commit that changed one plan
// costs one plan's facts, so the next request after a save shows it at once.
// Each plan's entry is the workspace's (`planCoverageEntries`: its facts from
// the index or the cache, the coverage rule of the CLI); the sections' totals
// are the union of the plans'.
import Foundation
import PlanBench
import PlanDocument
import PlanGit

final class DeskPlanCache: Sendable {
    /// Key: plan blob, edition blob, configuration blob, edition id.
    private let entries = Locked<[String: PlanCoverageEntry]>([:])
    /// The last assembled result per (commit, edition).
    private let assembled = Locked<(key: String, summaries: [PlanSummary], coverage: CoverageReport)?>(nil)

    /// The plans and the coverage of `edition` at `commit`.
    func state(_ workspace: Workspace, commit: ObjectID, edition editionID: String) throws -> (summaries: [PlanSummary], coverage: CoverageReport) {
        let key = commit.hex + "|" + editionID
        if let known = assembled.withLock({ $0 }), known.key == key { return (known.summaries, known.coverage) }
        let repository = workspace.repository
        let plans = try repository.files(in: commit, under: WorkspaceLayout.plansFolder).filter { DocumentKind.forPath($0.key) == .plan }
        let editionBlob = try repository.blobID(at: EditionIndex.path(for: editionID), in: commit)
        let configBlob = try repository.blobID(at: WorkspaceLayout.configFile, in: commit)
        let suffix = "|\(editionBlob?.hex ?? "-")|\(configBlob?.hex ?? "-")|\(editionID)"
        let known = entries.withLock { $0 }
        let missing = plans.filter { known[$0.value.hex + suffix] == nil }.sorted { $0.key < $1.key }
        if !missing.isEmpty {
            let made = try workspace.planCoverageEntries(missing.map { ($0.key, $0.value) }, at: commit, edition: editionID)
            var added: [String: PlanCoverageEntry] = [:]
            for (plan, entry) in zip(missing, made) { if let entry { added[plan.value.hex + suffix] = entry } }
            entries.withLock { cache in
                // Keep what the current commit uses, and what was just made.
                if cache.count > 4 * max(plans.count, 1000) {
                    let live = Set(plans.values.map { $0.hex + suffix })
                    cache = cache.filter { live.contains($0.key) }
                }
                cache.merge(added) { $1 }
            }
        }
        let all = entries.withLock { cache in plans.compactMap { cache[$0.value.hex + suffix] } }
        let summaries = all.map(\.summary).sorted { $0.id < $1.id }
        let coverage = try Self.coverage(all, edition: editionID, workspace: workspace, commit: commit)
        assembled.withLock { $0 = (key, summaries, coverage) }
        return (summaries, coverage)
    }

    /// The edition's coverage from every plan's citations, as `CoverageReport.build` assembles it.
    static func coverage(_ all: [PlanCoverageEntry], edition editionID: String, workspace: Workspace, commit: ObjectID) throws -> CoverageReport {
        let context = CheckContext(source: try workspace.source(at: commit.hex))
        guard let edition = context.edition(editionID) else { throw PlanBenchError.documentNotFound(editionID, revision: nil) }
        var citations: [String: [CoverageReport.Citation]] = [:]
        for fact in all { for (section, citation) in fact.citations { citations[section, default: []].append(citation) } }
        return CoverageReport.assemble(edition: edition, id: editionID, citations: citations)
    }
}
