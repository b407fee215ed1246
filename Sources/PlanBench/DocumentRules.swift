// The checks beyond the schema, one method per document kind. Each finding
// points at the node it concerns, so it is reported as file:line:column.
import PlanDocument

struct DocumentRules {
    let path: String
    let document: Node
    let context: CheckContext
    private(set) var diagnostics: [Diagnostic] = []

    init(path: String, document: Node, context: CheckContext) {
        self.path = path
        self.document = document
        self.context = context
    }

    private mutating func error(_ code: String, _ node: Node, _ message: String, _ pointer: JSONPointer? = nil) {
        diagnostics.append(Diagnostic(file: path, position: node.position, severity: .error, code: code, message: message, pointer: pointer))
    }

    private mutating func warning(_ code: String, _ node: Node, _ message: String, _ pointer: JSONPointer? = nil) {
        diagnostics.append(Diagnostic(file: path, position: node.position, severity: .warning, code: code, message: message, pointer: pointer))
    }

    // MARK: Plans

    mutating func checkPlan() {
        let stem = WorkspaceLayout.idFromPath(path)
        if let idNode = document["id"], let id = idNode.string, id != stem {
            error("id-mismatch", idNode, "plan id \"\(id)\" differs from its file name \"\(stem)\"; rename the file or change the id (ids are unique because file names are)", JSONPointer("/id"))
        }
        checkSupersession(id: document["id"]?.string ?? stem)
        let actors = context.configuration?.actorParties
        let planEdition = document["edition"]?.string
        if let editionNode = document["edition"], let planEdition, context.edition(planEdition) == nil {
            error("unknown-edition", editionNode, "edition \"\(planEdition)\" is not in the workspace (expected \(EditionIndex.path(for: planEdition))); `planbench guidelines list` shows the editions", JSONPointer("/edition"))
        }
        let sections = document["sections"]?.sequence ?? []
        checkUniqueIDs(sections, what: "section", pointer: JSONPointer("/sections"))
        var taskIDs: [String: Node] = [:]
        for (i, section) in sections.enumerated() {
            let sectionPointer = JSONPointer("/sections").appending(i)
            let sectionID = section["id"]?.string ?? "#\(i)"
            // Citations: must resolve; pinned ones must still match.
            var citedSections: [(edition: EditionIndex, id: String)] = []
            for (c, citation) in (section["citations"]?.sequence ?? []).enumerated() {
                let pointer = sectionPointer.appending("citations").appending(c)
                guard let sectionRef = citation["section"]?.string else { continue }
                let editionID = citation["edition"]?.string ?? planEdition ?? ""
                guard let edition = context.edition(editionID) else {
                    error("unknown-edition", citation["edition"] ?? citation, "citation names edition \"\(editionID)\", which is not in the workspace", pointer.appending("edition"))
                    continue
                }
                guard edition.section(sectionRef) != nil else {
                    error("unknown-section", citation["section"] ?? citation, "section \(sectionRef) does not exist in \(editionID)\(Self.suggestion(for: sectionRef, in: edition)); `planbench guidelines list --edition \(editionID)` lists its sections", pointer.appending("section"))
                    continue
                }
                citedSections.append((edition, sectionRef))
                // A plan on a newer edition that cites the edition it supersedes cites
                // text that no longer applies: say so, with where to look instead.
                if let planEdition, editionID != planEdition, context.edition(planEdition)?.document["supersedes"]?.string == editionID {
                    warning("superseded-citation", citation["edition"] ?? citation, "section \(sectionID) cites \(editionID) \(sectionRef), but the plan implements \(planEdition), which supersedes \(editionID); cite the \(planEdition) section that carries it (planbench diff --editions \(editionID) \(planEdition) shows the crosswalk)", pointer.appending("edition"))
                }
                if let pinned = citation["fingerprint"]?.string, pinned != edition.fingerprint(of: sectionRef) {
                    warning("suspect-citation", citation["fingerprint"] ?? citation, "citation of \(editionID) \(sectionRef) is suspect: the section changed since it was cited; review section \(sectionID) against it, then re-pin it: planbench cite \(WorkspaceLayout.idFromPath(path)) \(sectionID) --refresh", pointer.appending("fingerprint"))
                }
            }
            // Roles: known actors, consistent with the cited sections.
            let roles = section["roles"]?.sequence ?? []
            for (r, role) in roles.enumerated() {
                guard let actor = role["actor"]?.string, let actors, actors[actor] == nil else { continue }
                error("unknown-actor", role["actor"] ?? role, "unknown actor \"\(actor)\"; declare it under actors: in planbench.yaml (known: \(actors.keys.sorted().joined(separator: ", ")))", sectionPointer.appending("roles").appending(r).appending("actor"))
            }
            let cited = citedSections.map {
                RoleConsistency.CitedSection(edition: $0.edition.id, id: $0.id, statements: $0.edition.section($0.id)?["roles"]?.sequence ?? [])
            }
            for contradiction in RoleConsistency.contradictions(roles: roles, cited: cited, parties: actors ?? [:])
            where actors?[contradiction.actor] != nil {
                let role = roles[contradiction.roleIndex]
                warning("role-contradiction", role["responsibility"] ?? role, "section \(sectionID) gives \(contradiction.actor) \(contradiction.responsibility.rawValue) responsibility, but \(contradiction.edition) \(contradiction.guidelineSection) says \(contradiction.statement)", sectionPointer.appending("roles").appending(contradiction.roleIndex).appending("responsibility"))
            }
            for (t, task) in (section["tasks"]?.sequence ?? []).enumerated() {
                let pointer = sectionPointer.appending("tasks").appending(t)
                if let idNode = task["id"], let id = idNode.string {
                    if taskIDs[id] != nil {
                        error("duplicate-id", idNode, "task id \"\(id)\" is used twice in this plan (first at line \(taskIDs[id]!.position.line)); task ids must be unique within a plan", pointer.appending("id"))
                    } else {
                        taskIDs[id] = idNode
                    }
                }
                if let actors, let ownerNode = task["owner"], let owner = ownerNode.string, actors[owner] == nil {
                    error("unknown-actor", ownerNode, "task owner \"\(owner)\" is not a declared actor; declare it in planbench.yaml or use one of: \(actors.keys.sorted().joined(separator: ", "))", pointer.appending("owner"))
                }
            }
        }
    }

    /// `supersededBy` goes with `status: superseded` and names another plan.
    private mutating func checkSupersession(id: String) {
        guard let node = document["supersededBy"], let successor = node.string else { return }
        let pointer = JSONPointer("/supersededBy")
        if document["status"]?.string != "superseded" {
            error("superseded-by", node, "supersededBy names \"\(successor)\" but the plan's status is \(document["status"]?.string ?? "missing"); only a superseded plan names a successor (planbench status \(id) superseded --by \(successor))", pointer)
        } else if successor == id {
            error("superseded-by", node, "a plan cannot supersede itself; name the plan that replaces it", pointer)
        } else if Identifier.isValid(successor), context.document(at: WorkspaceLayout.planPath(id: successor)) == nil {
            warning("unknown-plan", node, "supersededBy names plan \"\(successor)\", which is not in the workspace", pointer)
        }
    }

    private mutating func checkUniqueIDs(_ items: [Node], what: String, pointer: JSONPointer) {
        var seen: [String: Node] = [:]
        for (i, item) in items.enumerated() {
            guard let idNode = item["id"], let id = idNode.string else { continue }
            if let first = seen[id] {
                error("duplicate-id", idNode, "\(what) id \"\(id)\" is used twice (first at line \(first.position.line)); ids must be unique", pointer.appending(i).appending("id"))
            } else {
                seen[id] = idNode
            }
        }
    }

    /// " (did you mean IV.A.2?)" when a close id exists.
    static func suggestion(for id: String, in edition: EditionIndex) -> String {
        let candidates = edition.order.filter { $0.hasPrefix(id) || id.hasPrefix($0 + ".") }
        guard let best = candidates.max(by: { $0.count < $1.count }) else { return "" }
        return " (closest: \(best))"
    }

    // MARK: Editions and crosswalks

    mutating func checkEdition() {
        let index = EditionIndex(document: document)
        if let idNode = document["id"], index.id != WorkspaceLayout.idFromPath(path) {
            error("id-mismatch", idNode, "edition id \"\(index.id)\" differs from its file name; plans find editions by file name (guidelines/<id>.yaml)", JSONPointer("/id"))
        }
        for (id, node) in index.duplicates {
            error("duplicate-id", node["id"] ?? node, "section id \(id) appears twice in this edition; section ids must be unique")
        }
        guard let actors = context.configuration?.actorParties else { return }
        for sectionID in index.order {
            guard let section = index.section(sectionID) else { continue }
            for role in section["roles"]?.sequence ?? [] {
                if let actorNode = role["actor"], let actor = actorNode.string, actors[actor] == nil {
                    error("unknown-actor", actorNode, "unknown actor \"\(actor)\" in section \(sectionID); declare it under actors: in planbench.yaml")
                }
            }
        }
    }

    mutating func checkCrosswalk() {
        let fromID = document["from"]?.string ?? ""
        let toID = document["to"]?.string ?? ""
        let from = context.edition(fromID)
        let to = context.edition(toID)
        if from == nil, let node = document["from"] {
            error("unknown-edition", node, "edition \"\(fromID)\" is not in the workspace")
        }
        if to == nil, let node = document["to"] {
            error("unknown-edition", node, "edition \"\(toID)\" is not in the workspace")
        }
        for entry in document["entries"]?.sequence ?? [] {
            if let from, let node = entry["from"], let id = node.string, from.section(id) == nil {
                error("unknown-section", node, "section \(id) does not exist in \(fromID)")
            }
            let targets = entry["to"]?.sequence ?? (entry["to"].map { [$0] } ?? [])
            for node in targets {
                if let to, let id = node.string, to.section(id) == nil {
                    error("unknown-section", node, "section \(id) does not exist in \(toID)")
                }
            }
        }
    }

    // MARK: Workspace configuration and reviews

    mutating func checkWorkspace() {
        let parties = Set((document["parties"]?.sequence ?? []).compactMap { $0["id"]?.string })
        for actor in document["actors"]?.sequence ?? [] {
            if let partyNode = actor["party"], let party = partyNode.string, !parties.isEmpty, !parties.contains(party) {
                error("unknown-party", partyNode, "party \"\(party)\" is not declared under parties:")
            }
        }
    }

    mutating func checkReview() {
        if let idNode = document["id"], let id = idNode.string, id != WorkspaceLayout.idFromPath(path) {
            error("id-mismatch", idNode, "review id \"\(id)\" differs from its file name \"\(WorkspaceLayout.idFromPath(path))\"; rename the file or change the id", JSONPointer("/id"))
        }
        // Existence only: a review names thousands of plans, and none needs parsing here.
        let plans = Set(((try? context.source.paths(in: WorkspaceLayout.plansFolder)) ?? []).map(WorkspaceLayout.idFromPath))
        for node in document["scope"]?.sequence ?? [] {
            if let plan = node.string, Identifier.isValid(plan), !plans.contains(plan) {
                warning("unknown-plan", node, "the review's scope names plan \"\(plan)\", which is not in the workspace")
            }
        }
        var ids: [String: Node] = [:]
        for finding in document["findings"]?.sequence ?? [] {
            if let idNode = finding["id"], let id = idNode.string {
                if let first = ids[id] {
                    error("duplicate-id", idNode, "finding id \(id) is used twice (first at line \(first.position.line)); finding ids must be unique")
                }
                ids[id] = idNode
            }
            if let planNode = finding["target"]?["plan"], let plan = planNode.string, Identifier.isValid(plan), !plans.contains(plan) {
                warning("unknown-plan", planNode, "finding names plan \"\(plan)\", which is not in the workspace")
            }
        }
    }
}

/// Whether a plan's role assignments contradict the role statements of the
/// Guideline sections their plan section cites.
///
/// One rule for `validate`, `coverage` and adequacy reviews. The statements
/// of every cited section count together: an assignment contradicts when
/// the cited sections name the same actor and none of them gives it that
/// responsibility (the Guidelines give the Self-Defense Forces `support` in
/// IV.B.4, so `primary` there contradicts), or when it gives an actor
/// primary responsibility that a cited section gives to an actor of the
/// other party and no cited section gives to this one. An actor the cited
/// sections do not name may take any role.
public enum RoleConsistency {
    /// One contradicted assignment.
    public struct Contradiction: Sendable {
        /// Index of the role in the plan section's `roles`.
        public var roleIndex: Int
        public var actor: String
        public var responsibility: Responsibility
        /// The cited section that contradicts it (the first, in citation order).
        public var edition: String
        public var guidelineSection: String
        /// What that section says, e.g. "sdf has primary responsibility for ballistic missile defense operations".
        public var statement: String
    }

    /// A cited section's id, edition and role statements.
    public struct CitedSection {
        public var edition: String
        public var id: String
        public var statements: [Node]

        public init(edition: String, id: String, statements: [Node]) {
            self.edition = edition
            self.id = id
            self.statements = statements
        }
    }

    /// Every contradicted assignment among `roles`.
    public static func contradictions(roles: [Node], cited: [CitedSection], parties: [String: String]) -> [Contradiction] {
        guard !cited.isEmpty else { return [] }
        return contradictions(assignments: roles.map { ($0["actor"]?.string, $0["responsibility"]?.string) }, cited: cited, parties: parties)
    }

    /// Every contradicted assignment among `assignments` (each role's `actor` and
    /// `responsibility` strings, in the order of `roles`).
    static func contradictions(assignments: [(actor: String?, responsibility: String?)], cited: [CitedSection], parties: [String: String]) -> [Contradiction] {
        guard !cited.isEmpty else { return [] }
        var found: [Contradiction] = []
        for (index, role) in assignments.enumerated() {
            guard let actor = role.actor, let responsibility = role.responsibility.flatMap(Responsibility.init(rawValue:))
            else { continue }
            var held = false, named = false
            var firstOwn: (CitedSection, String)?
            var otherPrimary: (CitedSection, String)?
            for section in cited {
                for statement in section.statements {
                    guard let other = statement["actor"]?.string,
                        let stated = statement["responsibility"]?.string.flatMap(Responsibility.init(rawValue:))
                    else { continue }
                    let scope = statement["scope"]?.string.map { " for \($0)" } ?? ""
                    if other == actor {
                        named = true
                        if stated == responsibility { held = true }
                        if firstOwn == nil { firstOwn = (section, "\(actor) has \(stated.rawValue) responsibility\(scope)") }
                    } else if responsibility == .primary, stated == .primary, otherPrimary == nil,
                        let mine = parties[actor], let theirs = parties[other], !mine.isEmpty, !theirs.isEmpty, mine != theirs
                    {
                        otherPrimary = (section, "\(other) has primary responsibility\(scope)")
                    }
                }
            }
            if held { continue }
            let blame = otherPrimary ?? (named ? firstOwn : nil)
            guard let (section, statement) = blame else { continue }
            found.append(Contradiction(
                roleIndex: index, actor: actor, responsibility: responsibility, edition: section.edition,
                guidelineSection: section.id, statement: statement))
        }
        return found
    }
}
