import PlanDocument
import PlanGit

/// How the plans of a workspace cover the sections of one Guideline edition.
public struct CoverageReport: Sendable {
    /// One plan's citation of a section.
    public struct Citation: Sendable {
        public var plan: String
        public var status: String
        /// The pinned fingerprint no longer matches the section.
        public var isSuspect: Bool
        /// No role assignment in the citing plan section contradicts the section's role statements.
        public var isRoleConsistent: Bool
        /// How many of the plan's citations of the section are suspect (a plan may cite
        /// a section from several of its sections), so totals agree with `validate`.
        public var suspectCitations: Int = 0
        /// How many role assignments the section contradicts in the plan (as `validate` counts them).
        public var contradictedAssignments: Int = 0

        /// Adds another citation of the same section by the same plan (from
        /// another of its sections): suspect if either is, consistent if both are.
        mutating func merge(_ other: Citation) {
            isSuspect = isSuspect || other.isSuspect
            isRoleConsistent = isRoleConsistent && other.isRoleConsistent
            suspectCitations += other.suspectCitations
            contradictedAssignments += other.contradictedAssignments
        }
    }

    public struct Section: Sendable {
        public var id: String
        public var title: String
        public var depth: Int
        public var citations: [Citation]
        /// Cited directly or through one of its sub-sections.
        public var isCovered: Bool

        public init(id: String, title: String, depth: Int, citations: [Citation], isCovered: Bool) {
            self.id = id
            self.title = title
            self.depth = depth
            self.citations = citations
            self.isCovered = isCovered
        }
    }

    public var edition: String
    public var sections: [Section]

    public init(edition: String, sections: [Section]) {
        self.edition = edition
        self.sections = sections
    }

    public var uncovered: [Section] { sections.filter { !$0.isCovered } }

    /// Builds the report from the plans in `context.source` (parsing each; a plan
    /// that does not parse is left out: `validate` reports it).
    public static func build(edition editionID: String, context: CheckContext) throws -> CoverageReport {
        guard context.edition(editionID) != nil else {
            throw PlanBenchError.documentNotFound(editionID, revision: nil)
        }
        var plans: [(String, PlanFacts)] = []
        for path in try context.source.paths(in: WorkspaceLayout.plansFolder) where DocumentKind.forPath(path) == .plan {
            if let plan = context.document(at: path) { plans.append((path, PlanFacts(plan: plan))) }
        }
        return try build(edition: editionID, context: context, plans: plans)
    }

    /// Builds the report from the facts of the plans, as (path, facts).
    static func build(edition editionID: String, context: CheckContext, plans: [(String, PlanFacts)]) throws -> CoverageReport {
        guard let edition = context.edition(editionID) else {
            throw PlanBenchError.documentNotFound(editionID, revision: nil)
        }
        var citations: [String: [Citation]] = [:]
        var position: [String: [String: Int]] = [:]  // section -> plan id -> index in citations[section]
        for (path, plan) in plans {
            for (sectionID, citation) in Self.citations(of: plan, path: path, edition: edition, id: editionID, context: context) {
                // Two files naming the same plan id count as one plan (validate reports them).
                if let at = position[sectionID]?[citation.plan] {
                    citations[sectionID]![at].merge(citation)
                } else {
                    position[sectionID, default: [:]][citation.plan] = citations[sectionID, default: []].count
                    citations[sectionID, default: []].append(citation)
                }
            }
        }
        return assemble(edition: edition, id: editionID, citations: citations)
    }

    /// One plan's citation of each section of `edition` it cites, by section id:
    /// the rule of ``build(edition:context:plans:)``, for one plan. A superseded
    /// plan is kept for the record and cites nothing here: its successor carries
    /// the coverage.
    static func citations(
        of plan: PlanFacts, path: String, edition: EditionIndex, id editionID: String, context: CheckContext
    ) -> [String: Citation] {
        guard plan.status != "superseded" else { return [:] }
        let parties = context.configuration?.actorParties ?? [:]
        let planID = plan.planID(path: path)
        let planEdition = plan.edition
        var result: [String: Citation] = [:]
        for section in plan.sections {
            // Role consistency weighs every section this plan section cites (one rule with validate).
            var cited: [RoleConsistency.CitedSection] = []
            for citation in section.citations {
                let citedEdition = citation.edition ?? planEdition ?? ""
                guard let node = context.edition(citedEdition)?.section(citation.section) else { continue }
                cited.append(.init(edition: citedEdition, id: citation.section, statements: node["roles"]?.sequence ?? []))
            }
            var contradicted: [String: Int] = [:]
            let assignments = section.roles.map { (actor: $0.actor, responsibility: $0.responsibility) }
            for c in RoleConsistency.contradictions(assignments: assignments, cited: cited, parties: parties) {
                contradicted["\(c.edition)|\(c.guidelineSection)", default: 0] += 1
            }
            for citation in section.citations {
                let sectionID = citation.section
                guard (citation.edition ?? planEdition) == editionID, edition.section(sectionID) != nil else { continue }
                let suspect = citation.fingerprint.map { $0 != edition.fingerprint(of: sectionID) } ?? false
                let contradictions = contradicted["\(editionID)|\(sectionID)"] ?? 0
                let found = Citation(
                    plan: planID, status: plan.status ?? "", isSuspect: suspect, isRoleConsistent: contradictions == 0,
                    suspectCitations: suspect ? 1 : 0, contradictedAssignments: contradictions)
                if result[sectionID] != nil { result[sectionID]!.merge(found) } else { result[sectionID] = found }
            }
        }
        return result
    }

    /// The report from each section's citations (plan ids in any order): a
    /// section is covered when it or any section below it is cited.
    public static func assemble(edition: EditionIndex, id editionID: String, citations: [String: [Citation]]) -> CoverageReport {
        var covered = Set<String>()
        for id in citations.keys {
            var current: String? = id
            while let sectionID = current, covered.insert(sectionID).inserted {
                current = edition.sections[sectionID]?.parent
            }
        }
        let sections = edition.order.map { id in
            Section(
                id: id, title: edition.section(id)?["title"]?.string ?? "", depth: edition.sections[id]?.depth ?? 0,
                citations: (citations[id] ?? []).sorted { $0.plan < $1.plan }, isCovered: covered.contains(id))
        }
        return CoverageReport(edition: editionID, sections: sections)
    }
}

extension Workspace {
    /// The coverage of `edition` by the plans in the work tree, from their facts
    /// (the index's for plans saved as they are, when there is an index).
    public func coverage(edition: String) throws -> CoverageReport {
        let context = CheckContext(source: workTree)
        guard context.edition(edition) != nil else { throw PlanBenchError.documentNotFound(edition, revision: nil) }
        let paths = try workTree.paths(in: WorkspaceLayout.plansFolder).filter { DocumentKind.forPath($0) == .plan }
        let facts = try workTreePlanFacts(paths, lenient: true)
        return try CoverageReport.build(edition: edition, context: context, plans: zip(paths, facts).compactMap { path, facts in facts.map { (path, $0) } })
    }
}

/// One plan's part in the plan list and in an edition's coverage, for a reader
/// that keeps them per plan blob and assembles the whole itself (the review desk).
public struct PlanCoverageEntry: Sendable {
    public var summary: PlanSummary
    /// Section id -> this plan's citation of it.
    public var citations: [String: CoverageReport.Citation]
}

extension Workspace {
    /// The list entry and the citations of `edition` of each plan of `plans`
    /// (path and blob, as committed at `commit`), from the plans' facts (the
    /// index, the local cache, else a parse, as `coverage` reads them); nil for
    /// a plan that does not parse. ``CoverageReport/assemble(edition:id:citations:)``
    /// of every plan's citations is the edition's coverage.
    public func planCoverageEntries(_ plans: [(path: String, blob: ObjectID)], at commit: ObjectID, edition editionID: String) throws -> [PlanCoverageEntry?] {
        let facts = try planFacts(plans, lenient: true)
        let context = CheckContext(source: try source(at: commit.hex))
        guard let edition = context.edition(editionID) else { throw PlanBenchError.documentNotFound(editionID, revision: nil) }
        return zip(plans, facts).map { plan, facts in
            facts.map { facts in
                PlanCoverageEntry(
                    summary: PlanSummary(
                        id: facts.planID(path: plan.path), title: facts.title ?? "", status: facts.status ?? "", edition: facts.edition ?? "",
                        lastReviewed: facts.lastReviewed),
                    citations: CoverageReport.citations(of: facts, path: plan.path, edition: edition, id: editionID, context: context))
            }
        }
    }
}
