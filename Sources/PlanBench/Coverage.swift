import PlanDocument

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

    /// Builds the report from the plans in `context.source`.
    public static func build(edition editionID: String, context: CheckContext) throws -> CoverageReport {
        guard let edition = context.edition(editionID) else {
            throw PlanBenchError.documentNotFound(editionID, revision: nil)
        }
        let parties = context.configuration?.actorParties ?? [:]
        var citations: [String: [Citation]] = [:]
        for path in try context.source.paths(in: WorkspaceLayout.plansFolder) where DocumentKind.forPath(path) == .plan {
            // A superseded plan is kept for the record; its successor carries the coverage.
            guard let plan = context.document(at: path), plan["status"]?.string != "superseded" else { continue }
            let planID = plan["id"]?.string ?? WorkspaceLayout.idFromPath(path)
            let status = plan["status"]?.string ?? ""
            let planEdition = plan["edition"]?.string
            for section in plan["sections"]?.sequence ?? [] {
                // Role consistency weighs every section this plan section cites (one rule with validate).
                var cited: [RoleConsistency.CitedSection] = []
                for citation in section["citations"]?.sequence ?? [] {
                    let citedEdition = citation["edition"]?.string ?? planEdition ?? ""
                    guard let sectionID = citation["section"]?.string, let node = context.edition(citedEdition)?.section(sectionID) else { continue }
                    cited.append(.init(edition: citedEdition, id: sectionID, statements: node["roles"]?.sequence ?? []))
                }
                var contradicted: [String: Int] = [:]
                for c in RoleConsistency.contradictions(roles: section["roles"]?.sequence ?? [], cited: cited, parties: parties) {
                    contradicted["\(c.edition)|\(c.guidelineSection)", default: 0] += 1
                }
                for citation in section["citations"]?.sequence ?? [] {
                    guard (citation["edition"]?.string ?? planEdition) == editionID,
                        let sectionID = citation["section"]?.string, edition.section(sectionID) != nil
                    else { continue }
                    let suspect = citation["fingerprint"]?.string.map { $0 != edition.fingerprint(of: sectionID) } ?? false
                    let contradictions = contradicted["\(editionID)|\(sectionID)"] ?? 0
                    var list = citations[sectionID, default: []]
                    if let existing = list.firstIndex(where: { $0.plan == planID }) {
                        list[existing].isSuspect = list[existing].isSuspect || suspect
                        list[existing].isRoleConsistent = list[existing].isRoleConsistent && contradictions == 0
                        list[existing].suspectCitations += suspect ? 1 : 0
                        list[existing].contradictedAssignments += contradictions
                    } else {
                        list.append(Citation(
                            plan: planID, status: status, isSuspect: suspect, isRoleConsistent: contradictions == 0,
                            suspectCitations: suspect ? 1 : 0, contradictedAssignments: contradictions))
                    }
                    citations[sectionID] = list
                }
            }
        }
        // A section is covered when it or any section below it is cited.
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
