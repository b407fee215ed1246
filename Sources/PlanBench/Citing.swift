import PlanDocument

extension Workspace {
    /// Adds a pinned citation of a Guideline section to a plan section, in
    /// the work tree (save commits it).
    /// - Returns: The plan's path.
    public func cite(plan planID: String, section sectionID: String, guideline guidelineSection: String, edition: String?) throws -> String {
        let (path, plan, context) = try loadPlanForEditing(planID)
        let editionID = edition ?? plan["edition"]?.string ?? ""
        guard let editionIndex = context.edition(editionID) else {
            throw PlanBenchError.documentNotFound(EditionIndex.path(for: editionID), revision: nil)
        }
        guard let fingerprint = editionIndex.fingerprint(of: guidelineSection) else {
            throw PlanBenchError.usage("section \(guidelineSection) does not exist in \(editionID); `planbench guidelines list --edition \(editionID)` lists its sections")
        }
        var sections = plan["sections"]?.sequence ?? []
        guard let index = sections.firstIndex(where: { $0["id"]?.string == sectionID }) else {
            let known = sections.compactMap { $0["id"]?.string }.joined(separator: ", ")
            throw PlanBenchError.usage("plan \(planID) has no section \"\(sectionID)\" (its sections: \(known))")
        }
        var citations = sections[index]["citations"]?.sequence ?? []
        if citations.contains(where: { $0["section"]?.string == guidelineSection && ($0["edition"]?.string ?? editionID) == editionID }) {
            throw PlanBenchError.usage("section \(sectionID) of \(planID) already cites \(editionID) \(guidelineSection)")
        }
        citations.append(["edition": Node(.string(editionID)), "section": Node(.string(guidelineSection)), "fingerprint": Node(.string(fingerprint))])
        if sections[index].mapping == nil { sections[index] = Node(.mapping([:])) }
        sections[index]["citations"] = Node(.sequence(citations))
        var updated = plan
        updated["sections"] = Node(.sequence(sections))
        try write(updated, replacing: plan, at: path)
        return path
    }

    /// Re-pins a plan's citations (all, or one plan section's) to the cited
    /// sections' current content, after a reviewer has checked them.
    /// - Returns: The number of citations whose fingerprint changed.
    public func refreshCitations(plan planID: String, section sectionID: String?) throws -> Int {
        let (path, plan, context) = try loadPlanForEditing(planID)
        let sections = plan["sections"]?.sequence ?? []
        if let sectionID, !sections.contains(where: { $0["id"]?.string == sectionID }) {
            let known = sections.compactMap { $0["id"]?.string }.joined(separator: ", ")
            throw PlanBenchError.usage("plan \(planID) has no section \"\(sectionID)\" (its sections: \(known))")
        }
        var updated = plan
        var changed = 0
        var newSections = sections
        for i in newSections.indices where sectionID == nil || newSections[i]["id"]?.string == sectionID {
            var citations = newSections[i]["citations"]?.sequence ?? []
            for c in citations.indices {
                guard let cited = citations[c]["section"]?.string,
                    let fingerprint = context.edition(citations[c]["edition"]?.string ?? plan["edition"]?.string ?? "")?.fingerprint(of: cited),
                    citations[c]["fingerprint"]?.string != fingerprint
                else { continue }
                citations[c]["fingerprint"] = Node(.string(fingerprint))
                changed += 1
            }
            if !citations.isEmpty { newSections[i]["citations"] = Node(.sequence(citations)) }
        }
        if changed > 0 {
            updated["sections"] = Node(.sequence(newSections))
            try write(updated, replacing: plan, at: path)
        }
        return changed
    }

    /// Writes an edited plan over its work-tree file, keeping what did not change.
    func write(_ document: Node, replacing old: Node, at path: String) throws {
        let text = try workTree.bytes(at: path) ?? []
        try FileManagerHelpers.writeAtomically(DocumentEditing.bytes(of: document, replacing: old, in: text, path: path), to: root + "/" + path)
    }

    private func loadPlanForEditing(_ planID: String) throws -> (String, Node, CheckContext) {
        guard Identifier.isValid(planID) else { throw PlanBenchError.invalidIdentifier(planID, what: "plan") }
        let path = WorkspaceLayout.planPath(id: planID)
        guard let bytes = try workTree.bytes(at: path) else { throw PlanBenchError.documentNotFound(planID, revision: nil) }
        let plan: Node
        do {
            plan = try DocumentReading.parse(bytes, path: path)
        } catch {
            throw PlanBenchError.invalidDocuments([Diagnostic(file: path, documentError: error)])
        }
        return (path, plan, CheckContext(source: workTree))
    }
}
