import PlanDocument

extension Workspace {
    /// Adds a pinned citation of a Guideline section to a plan section, in
    /// the work tree (save commits it, or `save` at once).
    /// - Returns: The plan's path.
    @discardableResult
    public func cite(
        plan planID: String, section sectionID: String, guideline guidelineSection: String, edition: String?,
        save: SaveRequest? = nil
    ) throws -> String {
        try editPlan(planID, save: save) { tree, plan in
            let editionID = edition ?? plan.edition
            guard let editionIndex = plan.context.edition(editionID) else {
                throw PlanBenchError.documentNotFound(EditionIndex.path(for: editionID), revision: nil)
            }
            guard let fingerprint = editionIndex.fingerprint(of: guidelineSection) else {
                throw PlanBenchError.usage("section \(guidelineSection) does not exist in \(editionID)\(DocumentRules.suggestion(for: guidelineSection, in: editionIndex)); `planbench guidelines list --edition \(editionID)` lists its sections")
            }
            var sections = plan.sections
            let index = try plan.sectionIndex(sectionID)
            var citations = sections[index]["citations"]?.sequence ?? []
            if citations.contains(where: { $0["section"]?.string == guidelineSection && ($0["edition"]?.string ?? editionID) == editionID }) {
                throw PlanBenchError.usage("section \(sectionID) of \(planID) already cites \(editionID) \(guidelineSection)")
            }
            citations.append(["edition": Node(.string(editionID)), "section": Node(.string(guidelineSection)), "fingerprint": Node(.string(fingerprint))])
            sections[index]["citations"] = Node(.sequence(citations))
            tree["sections"] = Node(.sequence(sections))
            return EditOutcome(summary: "cited \(editionID) \(guidelineSection) in section \(sectionID) of \(planID)")
        }.path
    }

    /// Re-pins a plan's citations (all, or one plan section's) to the cited
    /// sections' current content, after a reviewer has checked them.
    /// - Returns: The number of citations whose fingerprint changed.
    public func refreshCitations(plan planID: String, section sectionID: String?, save: SaveRequest? = nil) throws -> Int {
        var changed = 0
        _ = try editPlan(planID, save: save) { tree, plan in
            if let sectionID { _ = try plan.sectionIndex(sectionID) }
            var sections = plan.sections
            for i in sections.indices where sectionID == nil || sections[i]["id"]?.string == sectionID {
                var citations = sections[i]["citations"]?.sequence ?? []
                for c in citations.indices {
                    guard let cited = citations[c]["section"]?.string,
                        let fingerprint = plan.context.edition(citations[c]["edition"]?.string ?? plan.edition)?.fingerprint(of: cited),
                        citations[c]["fingerprint"]?.string != fingerprint
                    else { continue }
                    citations[c]["fingerprint"] = Node(.string(fingerprint))
                    changed += 1
                }
                if !citations.isEmpty { sections[i]["citations"] = Node(.sequence(citations)) }
            }
            tree["sections"] = Node(.sequence(sections))
            return EditOutcome(summary: "re-pinned \(changed) citation\(changed == 1 ? "" : "s") in \(planID)")
        }
        return changed
    }
}
