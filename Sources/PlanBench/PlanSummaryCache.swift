// What a review report needs of each plan (title, status, the sections it
// cites), cached by git blob id in one file under .planbench/cache/, so a
// report over 10,000 plans does not parse 10,000 YAML documents again. Blob
// ids name content, so an entry never goes stale; the file is derived data:
// missing, damaged or written by another version, it is rebuilt.
import PlanDocument
import PlanGit

/// The parts of a plan a review report shows.
struct CitedPlanSummary: Sendable, Equatable {
    /// One citation: the edition when the citation names one, and the section.
    struct Citation: Sendable, Equatable {
        var edition: String?
        var section: String
    }

    var title: String
    var status: String
    /// The plan's edition, which citations without an edition cite.
    var edition: String
    var citations: [Citation]

    init(plan: Node) {
        title = plan["title"]?.string ?? ""
        status = plan["status"]?.string ?? ""
        edition = plan["edition"]?.string ?? ""
        citations = (plan["sections"]?.sequence ?? []).flatMap { section in
            (section["citations"]?.sequence ?? []).compactMap { citation in
                citation["section"]?.string.map { Citation(edition: citation["edition"]?.string, section: $0) }
            }
        }
    }

    /// The sections of `editionID` the plan cites, in the plan's order, possibly repeated.
    func citedSections(of editionID: String) -> [String] {
        citations.compactMap { ($0.edition ?? edition) == editionID ? $0.section : nil }
    }

    init?(archived node: Node) {
        guard let title = node["t"]?.string, let status = node["s"]?.string, let edition = node["e"]?.string,
            let citations = node["c"]?.sequence
        else { return nil }
        self.title = title
        self.status = status
        self.edition = edition
        self.citations = citations.compactMap { item in
            item["s"]?.string.map { Citation(edition: item["e"]?.string, section: $0) }
        }
    }

    var archived: Node {
        [
            "t": Node(.string(title)), "s": Node(.string(status)), "e": Node(.string(edition)),
            "c": Node(.sequence(citations.map { c in
                c.edition.map { ["e": Node(.string($0)), "s": Node(.string(c.section))] } ?? ["s": Node(.string(c.section))]
            })),
        ]
    }
}

/// The file of plan summaries by blob id.
struct PlanSummaryCache {
    /// The file's format and what wrote it: a file from another version is ignored.
    static let format = "planbench-plan-summaries/1 planbench \(PlanBenchVersion.current)"

    /// nil when the state folder is a symbolic link: local state is never read or written through one.
    let path: String?
    let workspaceRoot: String

    init(workspaceRoot: String) {
        self.workspaceRoot = workspaceRoot
        path = try? FileManagerHelpers.localStatePath("cache/plan-summaries.pbn", root: workspaceRoot)
    }

    /// Blob id (hex) -> summary; empty when the file is missing, damaged or from another version.
    func load() -> [String: CitedPlanSummary] {
        guard let path, let bytes = FileManagerHelpers.contents(of: path), let root = try? NodeArchive.decode(bytes, producer: ParsedTreeCache.producer),
            root["format"]?.string == Self.format, let plans = root["plans"]?.mapping
        else { return [:] }
        var summaries: [String: CitedPlanSummary] = [:]
        summaries.reserveCapacity(plans.count)
        for (blob, node) in plans {
            guard let summary = CitedPlanSummary(archived: node) else { return [:] }
            summaries[blob] = summary
        }
        return summaries
    }

    /// Replaces the file; failures are ignored (the cache is optional).
    func store(_ summaries: [String: CitedPlanSummary]) {
        var root: Node = ["format": Node(.string(Self.format)), "plans": [:]]
        var plans: Node = [:]
        for blob in summaries.keys.sorted() { plans[blob] = summaries[blob]!.archived }
        root["plans"] = plans
        guard let path else { return }
        try? FileManagerHelpers.writeAtomically(NodeArchive.encode(root, producer: ParsedTreeCache.producer), to: path, root: workspaceRoot)
    }
}

extension Workspace {
    /// Summaries of the plans `ids` as committed at `commit` (`nil` for a
    /// plan not there), through the cache; plans not in it are parsed (in
    /// parallel) and added.
    ///
    /// - Throws: ``PlanBenchError/invalidDocuments(_:)`` when a plan cannot be parsed.
    func planSummaries(_ ids: [String], at commit: ObjectID, context: CheckContext) throws -> [CitedPlanSummary?] {
        let blobs = try gitCall { try repository.files(in: commit, under: WorkspaceLayout.plansFolder) }
        let blobOf = ids.map { blobs[WorkspaceLayout.planPath(id: $0)]?.hex }
        let cache = PlanSummaryCache(workspaceRoot: root)
        var known = cache.load()
        let unknown = ids.indices.filter { blobOf[$0].map { known[$0] == nil } ?? false }
        if !unknown.isEmpty {
            let parsed = try ReviewChecks.loadPlans(unknown.map { ids[$0] }, context: context)
            for (index, (_, plan)) in zip(unknown, parsed) { known[blobOf[index]!] = CitedPlanSummary(plan: plan) }
            storeSummaries(known, keeping: Set(blobOf.compactMap { $0 }), cache: cache)
        }
        return blobOf.map { $0.flatMap { known[$0] } }
    }

    /// Adds the summaries of plans already parsed at `commit` (a review's
    /// open parses every plan in scope at what becomes its baseline), so the
    /// review's first report need not parse them again.
    func rememberPlanSummaries(_ plans: [(String, Node)], at commit: ObjectID) {
        guard let blobs = try? gitCall({ try repository.files(in: commit, under: WorkspaceLayout.plansFolder) }) else { return }
        let cache = PlanSummaryCache(workspaceRoot: root)
        var known = cache.load()
        var used = Set<String>()
        for (path, node) in plans {
            guard let blob = blobs[path]?.hex else { continue }
            used.insert(blob)
            if known[blob] == nil { known[blob] = CitedPlanSummary(plan: node) }
        }
        storeSummaries(known, keeping: used, cache: cache)
    }

    /// Stores `summaries`, bounded: past four times the plans just used (and
    /// 50,000 entries), only those are kept.
    private func storeSummaries(_ summaries: [String: CitedPlanSummary], keeping used: Set<String>, cache: PlanSummaryCache) {
        if summaries.count > max(50_000, 4 * used.count) {
            cache.store(summaries.filter { used.contains($0.key) })
        } else {
            cache.store(summaries)
        }
    }
}
