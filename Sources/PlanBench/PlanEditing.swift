// Editing a plan from the command line: its text and tree are read from the
// work tree, the tree is changed, the result is checked, and it is written
// back through `DocumentEditing`, so every byte the change does not touch
// (comments, layout, folded prose) is kept. A `SaveRequest` commits it at
// once through the normal validated save.
import Foundation
import PlanDiff
import PlanDocument
import PlanGit

/// Commit an edit at once (`--save -m MSG`).
public struct SaveRequest {
    public var message: String
    public var author: Signature

    public init(message: String, author: Signature) {
        self.message = message
        self.author = author
    }
}

/// What an edit of a plan did.
public struct PlanEditResult {
    public var plan: String
    public var path: String
    /// One line on what changed ("added section logistics after concept").
    public var summary: String
    /// The change as an RFC 6902 JSON Patch of the plan (empty when nothing changed).
    public var patch: JSONPatch
    /// Warnings the change brings (a role the cited sections contradict, ...),
    /// and for role assignments any contradiction of the assignment made.
    public var warnings: [Diagnostic] = []
    /// Further remarks: choices left to the author, references left as they were.
    public var notes: [String] = []
    /// The commit, when the edit was saved.
    public var saved: SaveOutcome?
    /// The file held changes not yet saved before this edit (a save commits them too).
    public var hadUnsavedChanges = false
    /// Other documents the edit changed with the plan (open reviews whose
    /// findings name a renamed section), in the same commit when saved.
    public var updated: [String] = []

    public var changed: Bool { !patch.operations.isEmpty }
}

/// A plan as read for editing from the work tree.
struct EditablePlan {
    var id: String
    var path: String
    var text: [UInt8]
    var tree: Node
    var context: CheckContext

    var sections: [Node] { tree["sections"]?.sequence ?? [] }
    var sectionIDs: [String] { sections.compactMap { $0["id"]?.string } }
    var edition: String { tree["edition"]?.string ?? "" }

    /// The index of a plan section, or a refusal naming the closest id.
    func sectionIndex(_ sectionID: String, option: String? = nil) throws -> Int {
        if let index = sections.firstIndex(where: { $0["id"]?.string == sectionID }) { return index }
        throw PlanBenchError.usage(
            "plan \(id) has no section \"\(sectionID)\"\(option.map { " (\($0))" } ?? "")"
                + Workspace.suggestion(for: sectionID, in: sectionIDs) + " (its sections: \(sectionIDs.joined(separator: ", ")))")
    }

    /// Every task of the plan: section index, task index, task.
    var tasks: [(section: Int, index: Int, task: Node)] {
        sections.enumerated().flatMap { s, section in
            (section["tasks"]?.sequence ?? []).enumerated().map { (s, $0, $1) }
        }
    }

    /// Declared actors, in declaration order.
    var actors: [String] {
        (context.configuration?.document["actors"]?.sequence ?? []).compactMap { $0["id"]?.string }
    }

    func requireActor(_ actor: String, what: String) throws {
        let known = actors
        guard known.isEmpty || known.contains(actor) else {
            throw PlanBenchError.usage(
                "unknown \(what) \"\(actor)\"" + Workspace.suggestion(for: actor, in: known)
                    + "; the actors declared in planbench.yaml are \(known.joined(separator: ", "))")
        }
    }
}

/// What a change to a plan's tree says about itself.
struct EditOutcome {
    var summary: String
    var notes: [String] = []
    /// Warnings at these JSON Pointers are reported even when they were there before.
    var relevantPointers: [String] = []
    /// List items whose id the change renamed (new id to old id).
    var renamedIDs: [String: String] = [:]
    /// Other documents written with the plan: path -> their text before and after.
    var otherDocuments: [String: (before: [UInt8], after: [UInt8])] = [:]
}

extension Workspace {
    // MARK: The editing cycle

    /// Reads a plan from the work tree for editing.
    func editablePlan(_ planID: String) throws -> EditablePlan {
        guard Identifier.isValid(planID) else { throw PlanBenchError.invalidIdentifier(planID, what: "plan") }
        let path = WorkspaceLayout.planPath(id: planID)
        guard let bytes = try workTree.bytes(at: path) else {
            let known = try workTree.paths(in: WorkspaceLayout.plansFolder).filter { DocumentKind.forPath($0) == .plan }
                .map(WorkspaceLayout.idFromPath)
            throw PlanBenchError.usage(
                "no plan \"\(planID)\" in the work tree" + Self.suggestion(for: planID, in: known)
                    + (known.isEmpty ? "; create one with planbench new plan \(planID) --title TITLE" : " (plans: \(known.sorted().joined(separator: ", ")))"))
        }
        let tree: Node
        do {
            tree = try DocumentReading.parse(bytes, path: path)
        } catch {
            throw PlanBenchError.invalidDocuments([Diagnostic(file: path, documentError: error)])
        }
        return EditablePlan(id: planID, path: path, text: bytes, tree: tree, context: CheckContext(source: workTree))
    }

    /// Changes a plan in the work tree: `change` edits its tree; the result
    /// is checked (an error the plan did not have before refuses the edit,
    /// nothing written), written keeping every unchanged byte, and saved
    /// when asked.
    func editPlan(
        _ planID: String, save request: SaveRequest?, _ change: (inout Node, EditablePlan) throws -> EditOutcome
    ) throws -> PlanEditResult {
        if request != nil, mergeInProgress {
            throw PlanBenchError.mergeState("a merge is in progress: finish it (planbench conflicts, planbench merge --continue) before saving edits")
        }
        let plan = try editablePlan(planID)
        var tree = plan.tree
        let outcome = try change(&tree, plan)
        var result = PlanEditResult(
            plan: plan.id, path: plan.path, summary: outcome.summary,
            patch: JSONPatch(edits: StructuralDiff.diff(plan.tree, tree)), notes: outcome.notes)
        result.hadUnsavedChanges = try hasUnsavedChanges(plan.path)
        let others = outcome.otherDocuments.sorted { $0.key < $1.key }
        result.updated = others.map(\.key)
        if tree != plan.tree {
            let bytes = DocumentEditing.bytes(of: tree, replacing: plan.tree, in: plan.text, path: plan.path, renamedIDs: outcome.renamedIDs)
            result.warnings = try checkedEdit(
                path: plan.path, before: plan.text, after: bytes, relevant: Set(outcome.relevantPointers), others: outcome.otherDocuments)
            try FileManagerHelpers.writeAtomically(bytes, to: root + "/" + plan.path, root: root)
            for (path, text) in others { try FileManagerHelpers.writeAtomically(text.after, to: root + "/" + path, root: root) }
        } else if !outcome.relevantPointers.isEmpty {
            // Nothing changed, but what the command named may still be wrong: say so.
            result.warnings = try checkedEdit(path: plan.path, before: plan.text, after: plan.text, relevant: Set(outcome.relevantPointers))
        }
        if let request, tree != plan.tree || result.hadUnsavedChanges {
            do {
                result.saved = try save(message: request.message, paths: [plan.path] + result.updated, author: request.author)
            } catch {
                // A refused save leaves the files as they were: the edit and the commit go together.
                if tree != plan.tree {
                    try FileManagerHelpers.writeAtomically(plan.text, to: root + "/" + plan.path, root: root)
                    for (path, text) in others { try FileManagerHelpers.writeAtomically(text.before, to: root + "/" + path, root: root) }
                }
                throw error
            }
        }
        return result
    }

    /// The warnings `after` brings compared with `before` (and any at the
    /// `relevant` pointers); refuses with the errors it, or any of the
    /// `others` written with it, brings.
    func checkedEdit(
        path: String, before: [UInt8], after: [UInt8], relevant: Set<String> = [],
        others: [String: (before: [UInt8], after: [UInt8])] = [:]
    ) throws -> [Diagnostic] {
        let checker = try checker()
        var changes: [String: [UInt8]?] = [path: after]
        for (other, text) in others { changes[other] = text.after }
        let edited = CheckContext(source: OverlaySource(base: workTree, changes: changes))
        let old = checker.check(path: path, bytes: before, context: CheckContext(source: workTree)).diagnostics
        let new = checker.check(path: path, bytes: after, context: edited).diagnostics
        let known = Set(old.map { "\($0.code)|\($0.message)" })
        let fresh = new.filter { !known.contains("\($0.code)|\($0.message)") }
        if fresh.hasErrors { throw PlanBenchError.invalidEdit(fresh.errors) }
        for (other, text) in others.sorted(by: { $0.key < $1.key }) {
            let was = Set(checker.check(path: other, bytes: text.before, context: CheckContext(source: workTree)).diagnostics.map { "\($0.code)|\($0.message)" })
            let added = checker.check(path: other, bytes: text.after, context: edited).diagnostics.filter { !was.contains("\($0.code)|\($0.message)") }
            if added.hasErrors { throw PlanBenchError.invalidEdit(added.errors) }
        }
        return new.filter { !$0.isError && (!known.contains("\($0.code)|\($0.message)") || relevant.contains($0.pointer?.description ?? "")) }
    }

    /// Whether the work-tree file differs from the branch's commit.
    func hasUnsavedChanges(_ path: String) throws -> Bool {
        let committed = try head().flatMap { commit in try gitCall { try repository.blob(at: path, in: commit) } }
        return try workTree.bytes(at: path) != committed
    }

    /// `; did you mean "x"?` when a candidate is close to `name`.
    static func suggestion(for name: String, in candidates: [String]) -> String {
        SchemaMessages.closest(to: name, in: candidates).map { "; did you mean \"\($0)\"?" } ?? ""
    }

    // MARK: Sections

    /// Adds a section after `after` (at the start with `first`, else at the end).
    public func addSection(
        plan planID: String, id: String, title: String, after: String?, first: Bool = false, prose: String = "",
        save: SaveRequest? = nil
    ) throws -> PlanEditResult {
        guard Identifier.isValid(id) else { throw PlanBenchError.invalidIdentifier(id, what: "section") }
        guard !title.allSatisfy(\.isWhitespace) else { throw PlanBenchError.usage("the section title is empty; give one with --title") }
        return try editPlan(planID, save: save) { tree, plan in
            var sections = plan.sections
            if let existing = sections.first(where: { $0["id"]?.string == id }) {
                throw PlanBenchError.usage("plan \(plan.id) already has a section \"\(id)\" (line \(existing.position.line)); choose another id, or rename that one with planbench section rename \(plan.id) \(id) NEW_ID")
            }
            var index = sections.count
            if first {
                index = 0
            } else if let after {
                index = try plan.sectionIndex(after, option: "--after") + 1
            }
            sections.insert(["id": Node(.string(id)), "title": Node(.string(title)), "prose": Node(.string(prose))], at: index)
            tree["sections"] = Node(.sequence(sections))
            let place = first || index == 0 ? "first" : "after \(plan.sectionIDs[index - 1])"
            return EditOutcome(summary: "added section \(id) to \(plan.id) (\(place))")
        }
    }

    /// Moves a section after another (to the start when `after` is nil).
    public func moveSection(plan planID: String, id: String, after: String?, save: SaveRequest? = nil) throws -> PlanEditResult {
        try editPlan(planID, save: save) { tree, plan in
            var sections = plan.sections
            let from = try plan.sectionIndex(id)
            if after == id { throw PlanBenchError.usage("a section cannot be moved after itself; name another section with --after, or use --first") }
            let moved = sections.remove(at: from)
            var to = 0
            if let after {
                _ = try plan.sectionIndex(after, option: "--after")
                to = sections.firstIndex(where: { $0["id"]?.string == after })! + 1
            }
            sections.insert(moved, at: to)
            tree["sections"] = Node(.sequence(sections))
            let place = after.map { "after \($0)" } ?? "first"
            return EditOutcome(summary: from == to ? "section \(id) of \(plan.id) is already \(place); nothing changed" : "moved section \(id) of \(plan.id) \(place)")
        }
    }

    /// Gives a section a new id, keeping its text and comments.
    public func renameSection(plan planID: String, id: String, to newID: String, save: SaveRequest? = nil) throws -> PlanEditResult {
        guard Identifier.isValid(newID) else { throw PlanBenchError.invalidIdentifier(newID, what: "section") }
        return try editPlan(planID, save: save) { tree, plan in
            var sections = plan.sections
            let index = try plan.sectionIndex(id)
            if newID == id { throw PlanBenchError.usage("section \(id) already has that id") }
            if let existing = sections.first(where: { $0["id"]?.string == newID }) {
                throw PlanBenchError.usage("plan \(plan.id) already has a section \"\(newID)\" (line \(existing.position.line)); choose another id")
            }
            sections[index]["id"] = Node(.string(newID))
            tree["sections"] = Node(.sequence(sections))
            var outcome = EditOutcome(summary: "renamed section \(id) of \(plan.id) to \(newID)", renamedIDs: [newID: id])
            for review in try reviewsNamingSection(plan: plan.id, section: id) {
                if review.isClosed {
                    outcome.notes.append("review \(review.id) is closed and names section \(id) of \(plan.id) in its findings; a closed record never changes, so it keeps the old id")
                    continue
                }
                var record = review.tree
                var findings = record["findings"]?.sequence ?? []
                var renamed: [String] = []
                for i in findings.indices where Self.names(findings[i], plan: plan.id, section: id) {
                    findings[i]["target"]?["planSection"] = Node(.string(newID))
                    renamed.append(findings[i]["id"]?.string ?? "?")
                }
                record["findings"] = Node(.sequence(findings))
                outcome.otherDocuments[review.path] = (review.text, DocumentEditing.bytes(of: record, replacing: review.tree, in: review.text, path: review.path))
                outcome.notes.append("review \(review.id): \(renamed.count == 1 ? "finding" : "findings") \(renamed.joined(separator: ", ")) now \(renamed.count == 1 ? "names" : "name") section \(newID)")
            }
            return outcome
        }
    }

    /// Whether a finding (as its record holds it) is about one plan section.
    static func names(_ finding: Node, plan: String, section: String) -> Bool {
        finding["target"]?["plan"]?.string == plan && finding["target"]?["planSection"]?.string == section
    }

    /// Review records in the work tree whose findings name a plan section, as
    /// read: their text and tree, so an edit keeps every byte it does not change.
    /// A record that cannot be read refuses the edit (it might name the section).
    private func reviewsNamingSection(plan: String, section: String) throws -> [(id: String, path: String, text: [UInt8], tree: Node, isClosed: Bool)] {
        var result: [(id: String, path: String, text: [UInt8], tree: Node, isClosed: Bool)] = []
        for path in try workTree.paths(in: WorkspaceLayout.reviewsFolder).sorted() where DocumentKind.forPath(path) == .review {
            guard let text = try workTree.bytes(at: path) else { continue }
            let tree: Node
            do { tree = try DocumentReading.parse(text, path: path) } catch {
                throw PlanBenchError.invalidDocuments([Diagnostic(file: path, documentError: error)])
            }
            guard (tree["findings"]?.sequence ?? []).contains(where: { Self.names($0, plan: plan, section: section) }) else { continue }
            let record = try Self.decodeReview(tree, path: path)
            result.append((record.id, path, text, tree, record.state == .closed))
        }
        return result
    }

    /// Removes a section; refused while it has tasks not done, unless `force`.
    public func removeSection(plan planID: String, id: String, force: Bool, save: SaveRequest? = nil) throws -> PlanEditResult {
        try editPlan(planID, save: save) { tree, plan in
            var sections = plan.sections
            let index = try plan.sectionIndex(id)
            guard sections.count > 1 else {
                throw PlanBenchError.usage("\(id) is the only section of \(plan.id); a plan keeps at least one section (add another first)")
            }
            let open = (sections[index]["tasks"]?.sequence ?? []).filter { $0["state"]?.string != "done" }
            if !open.isEmpty && !force {
                let list = open.map { "\($0["id"]?.string ?? "?") (\($0["state"]?.string ?? "?"))" }.joined(separator: ", ")
                throw PlanBenchError.usage("section \(id) of \(plan.id) has tasks not done: \(list); finish them (planbench task set \(plan.id) TASK --state done), move the work elsewhere, or remove it anyway with --force")
            }
            sections.remove(at: index)
            tree["sections"] = Node(.sequence(sections))
            var outcome = EditOutcome(summary: "removed section \(id) from \(plan.id)" + (open.isEmpty ? "" : " with \(open.count) task\(open.count == 1 ? "" : "s") not done (--force)"))
            outcome.notes = try reviewsNaming(plan: plan.id, section: id).map { "review \($0) names section \(id) of \(plan.id) in its findings" }
            return outcome
        }
    }

    /// Reviews on the branch whose findings name a plan section.
    private func reviewsNaming(plan: String, section: String) throws -> [String] {
        try reviews().filter { record in
            record.findings.contains { $0.target.plan == plan && $0.target.planSection == section }
        }.map(\.id)
    }

    // MARK: Citations

    /// Removes a citation of a Guideline section from a plan section.
    public func uncite(
        plan planID: String, section sectionID: String, guideline guidelineSection: String, edition: String?,
        save: SaveRequest? = nil
    ) throws -> PlanEditResult {
        try editPlan(planID, save: save) { tree, plan in
            var sections = plan.sections
            let index = try plan.sectionIndex(sectionID)
            var citations = sections[index]["citations"]?.sequence ?? []
            let describe = { (c: Node) in "\(c["edition"]?.string ?? plan.edition) \(c["section"]?.string ?? "?")" }
            let matches = citations.indices.filter {
                citations[$0]["section"]?.string == guidelineSection
                    && (edition == nil || (citations[$0]["edition"]?.string ?? plan.edition) == edition)
            }
            guard !matches.isEmpty else {
                let cited = citations.compactMap { $0["section"]?.string }
                throw PlanBenchError.usage(
                    "section \(sectionID) of \(plan.id) does not cite \(edition.map { "\($0) " } ?? "")\(guidelineSection)"
                        + Self.suggestion(for: guidelineSection, in: cited)
                        + (citations.isEmpty ? " (it cites nothing)" : " (it cites \(citations.map(describe).joined(separator: ", ")))"))
            }
            guard matches.count == 1 else {
                throw PlanBenchError.usage("section \(sectionID) of \(plan.id) cites \(guidelineSection) of several editions (\(matches.map { describe(citations[$0]) }.joined(separator: ", "))); say which with --edition")
            }
            let removed = citations.remove(at: matches[0])
            sections[index]["citations"] = Node(.sequence(citations))
            tree["sections"] = Node(.sequence(sections))
            return EditOutcome(summary: "removed the citation of \(describe(removed)) from section \(sectionID) of \(plan.id)")
        }
    }

    // MARK: Roles

    /// Assigns a responsibility to an actor in a plan section (replacing the
    /// actor's assignment there); warns when the cited sections contradict it.
    public func setRole(
        plan planID: String, section sectionID: String, actor: String, responsibility: Responsibility, scope: String?,
        save: SaveRequest? = nil
    ) throws -> PlanEditResult {
        try editPlan(planID, save: save) { tree, plan in
            try plan.requireActor(actor, what: "actor")
            var sections = plan.sections
            let index = try plan.sectionIndex(sectionID)
            var roles = sections[index]["roles"]?.sequence ?? []
            let existing = roles.indices.filter { roles[$0]["actor"]?.string == actor }
            guard existing.count <= 1 else {
                throw PlanBenchError.usage("section \(sectionID) of \(plan.id) gives \(actor) \(existing.count) roles; remove them (planbench role remove \(plan.id) \(sectionID) \(actor)) and set one")
            }
            let roleIndex: Int
            let summary: String
            if let at = existing.first {
                var role = roles[at]
                let before = role["responsibility"]?.string ?? "?"
                role["responsibility"] = Node(.string(responsibility.rawValue))
                if let scope { role["scope"] = Node(.string(scope)) }
                roles[at] = role
                roleIndex = at
                summary = before == responsibility.rawValue
                    ? "\(actor) keeps \(before) responsibility in section \(sectionID) of \(plan.id)\(scope == nil ? "" : " (scope set)")"
                    : "\(actor): \(before) -> \(responsibility.rawValue) responsibility in section \(sectionID) of \(plan.id)"
            } else {
                var role: Node = ["actor": Node(.string(actor)), "responsibility": Node(.string(responsibility.rawValue))]
                if let scope { role["scope"] = Node(.string(scope)) }
                roles.append(role)
                roleIndex = roles.count - 1
                summary = "gave \(actor) \(responsibility.rawValue) responsibility in section \(sectionID) of \(plan.id)"
            }
            sections[index]["roles"] = Node(.sequence(roles))
            tree["sections"] = Node(.sequence(sections))
            return EditOutcome(summary: summary, relevantPointers: ["/sections/\(index)/roles/\(roleIndex)/responsibility"])
        }
    }

    /// Removes an actor's roles from a plan section.
    public func removeRole(plan planID: String, section sectionID: String, actor: String, save: SaveRequest? = nil) throws -> PlanEditResult {
        try editPlan(planID, save: save) { tree, plan in
            var sections = plan.sections
            let index = try plan.sectionIndex(sectionID)
            var roles = sections[index]["roles"]?.sequence ?? []
            let count = roles.count
            roles.removeAll { $0["actor"]?.string == actor }
            guard roles.count < count else {
                let actors = (sections[index]["roles"]?.sequence ?? []).compactMap { $0["actor"]?.string }
                throw PlanBenchError.usage(
                    "section \(sectionID) of \(plan.id) gives \(actor) no role" + Self.suggestion(for: actor, in: actors)
                        + (actors.isEmpty ? " (it assigns no roles)" : " (it assigns roles to \(actors.joined(separator: ", ")))"))
            }
            sections[index]["roles"] = Node(.sequence(roles))
            tree["sections"] = Node(.sequence(sections))
            return EditOutcome(summary: "removed \(actor)'s role\(count - roles.count == 1 ? "" : "s") from section \(sectionID) of \(plan.id)")
        }
    }

    // MARK: Tasks

    /// Adds an open task to a plan section. Without `due`, the task falls
    /// due at the plan's next review (or a review cycle from `today` when
    /// that is past or the plan was never reviewed).
    public func addTask(
        plan planID: String, section sectionID: String, id: String, title: String, owner: String, due: String?,
        today: String, save: SaveRequest? = nil
    ) throws -> PlanEditResult {
        guard Identifier.isValid(id) else { throw PlanBenchError.invalidIdentifier(id, what: "task") }
        guard !title.allSatisfy(\.isWhitespace) else { throw PlanBenchError.usage("the task title is empty; give one with --title") }
        if let due, !CalendarDate.isValid(due) { throw PlanBenchError.usage("--due \(due) is not a date; write it as YYYY-MM-DD") }
        return try editPlan(planID, save: save) { tree, plan in
            try plan.requireActor(owner, what: "owner")
            var sections = plan.sections
            let index = try plan.sectionIndex(sectionID)
            if let existing = plan.tasks.first(where: { $0.task["id"]?.string == id }) {
                throw PlanBenchError.usage("plan \(plan.id) already has a task \"\(id)\" (in section \(plan.sectionIDs[existing.section]), line \(existing.task.position.line)); task ids are unique within a plan")
            }
            let cycle = plan.tree["reviewCycle"]?.string ?? "P1Y"
            let next = plan.tree["lastReviewed"]?.string.flatMap { CalendarDate.adding(cycle, to: $0) }
            let dueDate = due ?? (next.flatMap { $0 > today ? $0 : nil } ?? CalendarDate.adding(cycle, to: today) ?? today)
            var tasks = sections[index]["tasks"]?.sequence ?? []
            tasks.append([
                "id": Node(.string(id)), "title": Node(.string(title)), "owner": Node(.string(owner)),
                "due": Node(.string(dueDate)), "state": "open",
            ])
            sections[index]["tasks"] = Node(.sequence(tasks))
            tree["sections"] = Node(.sequence(sections))
            return EditOutcome(summary: "added task \(id) to section \(sectionID) of \(plan.id): \(owner), due \(dueDate)\(due == nil ? " (the plan's next review)" : "")")
        }
    }

    /// Changes a task's state, due date or owner.
    public func setTask(
        plan planID: String, id: String, state: String?, due: String?, owner: String?, save: SaveRequest? = nil
    ) throws -> PlanEditResult {
        guard state != nil || due != nil || owner != nil else {
            throw PlanBenchError.usage("nothing to set: give --state, --due or --owner")
        }
        if let state, !Self.taskStates.contains(state) {
            throw PlanBenchError.usage("unknown task state \"\(state)\"" + Self.suggestion(for: state, in: Self.taskStates) + " (states: \(Self.taskStates.joined(separator: ", ")))")
        }
        if let due, !CalendarDate.isValid(due) { throw PlanBenchError.usage("--due \(due) is not a date; write it as YYYY-MM-DD") }
        return try editPlan(planID, save: save) { tree, plan in
            if let owner { try plan.requireActor(owner, what: "owner") }
            guard let found = plan.tasks.first(where: { $0.task["id"]?.string == id }) else {
                let ids = plan.tasks.compactMap { $0.task["id"]?.string }
                throw PlanBenchError.usage(
                    "plan \(plan.id) has no task \"\(id)\"" + Self.suggestion(for: id, in: ids)
                        + (ids.isEmpty ? " (it has no tasks; add one with planbench task add)" : " (its tasks: \(ids.joined(separator: ", ")))"))
            }
            var sections = plan.sections
            var tasks = sections[found.section]["tasks"]?.sequence ?? []
            var task = tasks[found.index]
            var changes: [String] = []
            for (key, value) in [("state", state), ("due", due), ("owner", owner)] {
                guard let value, task[key]?.string != value else { continue }
                changes.append("\(key) \(task[key]?.string ?? "unset") -> \(value)")
                task[key] = Node(.string(value))
            }
            tasks[found.index] = task
            sections[found.section]["tasks"] = Node(.sequence(tasks))
            tree["sections"] = Node(.sequence(sections))
            return EditOutcome(summary: changes.isEmpty ? "task \(id) of \(plan.id) already says so; nothing changed" : "task \(id) of \(plan.id): \(changes.joined(separator: ", "))")
        }
    }

    static let taskStates = ["open", "in-progress", "done", "blocked"]

    /// One task in a listing across the workspace.
    public struct TaskListing: Sendable {
        public var plan: String
        public var planStatus: String
        public var section: String
        public var id: String
        public var title: String
        public var owner: String
        public var due: String
        public var state: String
        /// Past its due date and not done.
        public var isOverdue: Bool
    }

    /// The tasks of every plan in the work tree, by due date; only `owner`'s,
    /// or only overdue ones (superseded plans' tasks are never overdue).
    public func tasks(owner: String?, overdueOnly: Bool, today: String) throws -> [TaskListing] {
        let context = CheckContext(source: workTree)
        if let owner {
            let actors = (context.configuration?.document["actors"]?.sequence ?? []).compactMap { $0["id"]?.string }
            guard actors.isEmpty || actors.contains(owner) else {
                throw PlanBenchError.usage("unknown actor \"\(owner)\"" + Self.suggestion(for: owner, in: actors) + "; the actors are \(actors.joined(separator: ", "))")
            }
        }
        var result: [TaskListing] = []
        for path in try workTree.paths(in: WorkspaceLayout.plansFolder) where DocumentKind.forPath(path) == .plan {
            guard let plan = context.document(at: path) else { continue }
            let planID = plan["id"]?.string ?? WorkspaceLayout.idFromPath(path)
            let status = plan["status"]?.string ?? ""
            for section in plan["sections"]?.sequence ?? [] {
                for task in section["tasks"]?.sequence ?? [] {
                    let due = task["due"]?.string ?? ""
                    let state = task["state"]?.string ?? ""
                    let listing = TaskListing(
                        plan: planID, planStatus: status, section: section["id"]?.string ?? "", id: task["id"]?.string ?? "",
                        title: task["title"]?.string ?? "", owner: task["owner"]?.string ?? "", due: due, state: state,
                        isOverdue: state != "done" && status != "superseded" && !due.isEmpty && due < today)
                    if let owner, listing.owner != owner { continue }
                    if overdueOnly && !listing.isOverdue { continue }
                    result.append(listing)
                }
            }
        }
        return result.sorted { ($0.due, $0.plan, $0.id) < ($1.due, $1.plan, $1.id) }
    }
}
