// Moving a plan to the next Guideline edition through the crosswalk between
// the two: what can be renumbered is, what changed is left suspect for a
// reviewer, and what needs a person's choice is listed with the commands
// that make it.
import PlanDocument

/// What `rebase-edition` did with each citation of the old edition.
public struct EditionRebaseResult {
    public struct Item: Sendable {
        public enum Action: String, Sendable {
            /// `same` or `renumbered` to one section: cited under the new id, pinned to its content.
            case renumbered
            /// `rewritten` or `merged` to one section: cited under the new id with the old
            /// fingerprint, so the citation is suspect until a reviewer re-pins it.
            case suspect
            /// Several candidate sections (or `split`): the old citation is kept; the author chooses.
            case choose
            /// The crosswalk says the section was dropped: the old citation is kept for the author to remove.
            case dropped
            /// The crosswalk has no entry for the section: the old citation is kept.
            case unmapped
            /// The new section was already cited in that plan section: the old citation is removed.
            case alreadyCited = "already-cited"
        }

        public var planSection: String
        public var from: String
        public var relation: String?
        public var to: [String]
        public var action: Action
        /// Commands that carry out the author's choice, in order.
        public var commands: [String]
    }

    public var plan: String
    public var fromEdition: String
    public var toEdition: String
    public var items: [Item]
    public var edit: PlanEditResult
}

extension Workspace {
    /// Moves a plan's citations from its edition to `target` through the
    /// crosswalk between them and sets the plan's `edition`, in the work
    /// tree (and commits with `save`).
    public func rebaseEdition(plan planID: String, to target: String, save: SaveRequest? = nil) throws -> EditionRebaseResult {
        let plan = try editablePlan(planID)
        let source = plan.edition
        guard source != target else { throw PlanBenchError.usage("plan \(planID) already implements \(target)") }
        guard let newEdition = plan.context.edition(target) else {
            let known = try workTree.paths(in: WorkspaceLayout.guidelinesFolder).map(WorkspaceLayout.idFromPath).filter { !$0.hasPrefix("crosswalk-") }
            throw PlanBenchError.usage("edition \"\(target)\" is not in the workspace" + Self.suggestion(for: target, in: known) + " (editions: \(known.joined(separator: ", ")))")
        }
        guard let entries = try ReviewChecks.crosswalks(in: plan.context, to: target)[source] else {
            throw PlanBenchError.usage("no crosswalk from \(source) to \(target) in guidelines/ (a document with kind: crosswalk, from: \(source), to: \(target)); write one first")
        }
        let oldEdition = plan.context.edition(source)
        var items: [EditionRebaseResult.Item] = []
        let edit = try editPlan(planID, save: save) { tree, plan in
            var sections = plan.sections
            for s in sections.indices {
                let sectionID = sections[s]["id"]?.string ?? "#\(s)"
                var citations = sections[s]["citations"]?.sequence ?? []
                var c = 0
                while c < citations.count {
                    defer { c += 1 }
                    let citation = citations[c]
                    guard (citation["edition"]?.string ?? source) == source, let cited = citation["section"]?.string else { continue }
                    // A kept citation names its edition, which is no longer the plan's.
                    if citation["edition"] == nil {
                        citations[c] = DocumentEditing.setting("edition", to: Node(.string(source)), in: citation, after: [])
                    }
                    guard let entry = entries[cited] else {
                        items.append(.init(planSection: sectionID, from: cited, relation: nil, to: [], action: .unmapped, commands: []))
                        continue
                    }
                    let choices = entry.to.filter { newEdition.section($0) != nil }
                    let one = choices.count == 1 ? choices[0] : nil
                    var item = EditionRebaseResult.Item(planSection: sectionID, from: cited, relation: entry.relation, to: choices, action: .choose, commands: [])
                    switch (entry.relation, one) {
                    case ("dropped", _):
                        item.action = .dropped
                        item.commands = ["planbench uncite \(planID) \(sectionID) \(cited) --edition \(source)"]
                    case ("same", let new?), ("renumbered", let new?), ("rewritten", let new?), ("merged", let new?):
                        if citations.contains(where: { $0["section"]?.string == new && ($0["edition"]?.string ?? source) == target }) {
                            item.action = .alreadyCited
                            citations.remove(at: c)
                            c -= 1
                            break
                        }
                        let unchanged = entry.relation == "same" || entry.relation == "renumbered"
                        // A changed section keeps the old content's fingerprint: the citation is suspect until reviewed.
                        let pin = unchanged
                            ? newEdition.fingerprint(of: new)
                            : citation["fingerprint"]?.string ?? oldEdition?.fingerprint(of: cited)
                        var moved = citation
                        moved["edition"] = Node(.string(target))
                        moved["section"] = Node(.string(new))
                        if let pin { moved = DocumentEditing.setting("fingerprint", to: Node(.string(pin)), in: moved, after: ["section"]) }
                        citations[c] = moved
                        item.action = unchanged ? .renumbered : .suspect
                        if !unchanged { item.commands = ["planbench cite \(planID) \(sectionID) --refresh"] }
                    default:
                        item.action = .choose
                        item.commands = choices.map { "planbench cite \(planID) \(sectionID) \($0) --edition \(target)" }
                            + ["planbench uncite \(planID) \(sectionID) \(cited) --edition \(source)"]
                    }
                    items.append(item)
                }
                if sections[s]["citations"] != nil { sections[s]["citations"] = Node(.sequence(citations)) }
            }
            tree["sections"] = Node(.sequence(sections))
            tree["edition"] = Node(.string(target))
            let count = { (a: EditionRebaseResult.Item.Action) in items.filter { $0.action == a }.count }
            var outcome = EditOutcome(
                summary: "moved \(planID) from \(source) to \(target): \(count(.renumbered)) renumbered, \(count(.suspect)) suspect until reviewed, \(count(.choose)) to choose, \(count(.dropped)) dropped, \(count(.unmapped)) without a crosswalk entry")
            outcome.notes = items.filter { $0.action == .choose }.map {
                "\($0.planSection): \(source) \($0.from) (\($0.relation ?? "")) became \($0.to.joined(separator: ", ")); cite the ones that apply, then remove the old citation"
            }
            return outcome
        }
        return EditionRebaseResult(plan: planID, fromEdition: source, toEdition: target, items: items, edit: edit)
    }
}
