// What the desk derives from the plans of one commit (the plan list and the
// coverage of an edition), kept per plan blob: a commit that changed one plan
// costs one plan's parse, so the next request after a save shows it at once.
// Each plan's coverage comes from `CoverageReport.build` on that plan alone
// (the CLI's rule, unchanged); the sections' totals are the union of the plans'.
import Foundation
import PlanBench
import PlanDocument
import PlanGit

/// One plan blob's contribution: its list entry and its citations per section.
struct DeskPlanEntry: Sendable {
    var summary: PlanSummary
    /// Section id -> this plan's citation of it (coverage of one edition).
    var citations: [String: CoverageReport.Citation]
}

final class DeskPlanCache: Sendable {
    /// Key: plan blob, edition blob, configuration blob, edition id.
    private let facts = Locked<[String: DeskPlanEntry]>([:])
    /// The last assembled result per (commit, edition).
    private let assembled = Locked<(key: String, summaries: [PlanSummary], coverage: CoverageReport)?>(nil)

    /// The plans and the coverage of `edition` at `commit`.
    func state(_ workspace: Workspace, commit: ObjectID, edition editionID: String) throws -> (summaries: [PlanSummary], coverage: CoverageReport) {
        let key = commit.hex + "|" + editionID
        if let known = assembled.withLock({ $0 }), known.key == key { return (known.summaries, known.coverage) }
        let repository = workspace.repository
        let plans = try repository.files(in: commit, under: WorkspaceLayout.plansFolder).filter { DocumentKind.forPath($0.key) == .plan }
        let editionPath = EditionIndex.path(for: editionID)
        let editionBlob = try repository.blobID(at: editionPath, in: commit)
        let configBlob = try repository.blobID(at: WorkspaceLayout.configFile, in: commit)
        let suffix = "|\(editionBlob?.hex ?? "-")|\(configBlob?.hex ?? "-")|\(editionID)"
        let known = facts.withLock { $0 }
        let missing = plans.filter { known[$0.value.hex + suffix] == nil }.sorted { $0.key < $1.key }
        if !missing.isEmpty {
            // Bytes are read here, on this thread (the repository handle is not shared);
            // parsing and coverage run in parallel on plain values.
            let shared: [String: [UInt8]?] = [
                editionPath: try editionBlob.map { try repository.readBlob($0) },
                WorkspaceLayout.configFile: try configBlob.map { try repository.readBlob($0) },
            ]
            let inputs = try missing.map { ($0.key, $0.value.hex, try repository.readBlob($0.value)) }
            let computed = ParallelMap.map(inputs.indices, minimumCount: 0) { i -> (String, DeskPlanEntry)? in
                let (path, blob, bytes) = inputs[i]
                return Self.facts(path: path, bytes: bytes, shared: shared, edition: editionID).map { (blob + suffix, $0) }
            }
            let made = Dictionary(computed.compactMap { $0 }, uniquingKeysWith: { $1 })
            facts.withLock { cache in
                // Keep what the current commit uses, and what was just made.
                if cache.count > 4 * max(plans.count, 1000) {
                    let live = Set(plans.values.map { $0.hex + suffix })
                    cache = cache.filter { live.contains($0.key) }
                }
                cache.merge(made) { $1 }
            }
        }
        let all = facts.withLock { cache in plans.compactMap { cache[$0.value.hex + suffix] } }
        let summaries = all.map(\.summary).sorted { $0.id < $1.id }
        let coverage = try Self.coverage(all, edition: editionID, workspace: workspace, commit: commit)
        assembled.withLock { $0 = (key, summaries, coverage) }
        return (summaries, coverage)
    }

    /// One plan's list entry and citations, from its bytes.
    static func facts(path: String, bytes: [UInt8], shared: [String: [UInt8]?], edition: String) -> DeskPlanEntry? {
        guard let plan = try? DocumentReading.parse(bytes, path: path) else { return nil }
        let id = plan["id"]?.string ?? WorkspaceLayout.idFromPath(path)
        let summary = PlanSummary(
            id: id, title: plan["title"]?.string ?? "", status: plan["status"]?.string ?? "", edition: plan["edition"]?.string ?? "",
            lastReviewed: plan["lastReviewed"]?.string)
        var changes = shared
        changes[path] = bytes
        let context = CheckContext(source: OverlaySource(base: EmptySource(), changes: changes))
        var citations: [String: CoverageReport.Citation] = [:]
        if let report = try? CoverageReport.build(edition: edition, context: context) {
            for section in report.sections { if let citation = section.citations.first { citations[section.id] = citation } }
        }
        return DeskPlanEntry(summary: summary, citations: citations)
    }

    /// The edition's coverage from every plan's citations, as `CoverageReport.build` assembles it.
    static func coverage(_ all: [DeskPlanEntry], edition editionID: String, workspace: Workspace, commit: ObjectID) throws -> CoverageReport {
        let context = CheckContext(source: try workspace.source(at: commit.hex))
        guard let edition = context.edition(editionID) else { throw PlanBenchError.documentNotFound(editionID, revision: nil) }
        var citations: [String: [CoverageReport.Citation]] = [:]
        for fact in all { for (section, citation) in fact.citations { citations[section, default: []].append(citation) } }
        return CoverageReport.assemble(edition: edition, id: editionID, citations: citations)
    }
}
