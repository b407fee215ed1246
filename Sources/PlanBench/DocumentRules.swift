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
                guard let cited = edition.section(sectionRef) else {
                    error("unknown-section", citation["section"] ?? citation, "section \(sectionRef) does not exist in \(editionID)\(Self.suggestion(for: sectionRef, in: edition)); `planbench guidelines list --edition \(editionID)` lists its sections", pointer.appending("section"))
                    continue
                }
                citedSections.append((edition, sectionRef))
                if let pinned = citation["fingerprint"]?.string, pinned != Fingerprint.of(section: cited) {
                    warning("suspect-citation", citation["fingerprint"] ?? citation, "citation of \(editionID) \(sectionRef) is suspect: the section changed since it was cited; review section \(sectionID) against it, then run `planbench cite --refresh`", pointer.appending("fingerprint"))
                }
            }
            // Roles: known actors, consistent with the cited sections.
            for (r, role) in (section["roles"]?.sequence ?? []).enumerated() {
                let pointer = sectionPointer.appending("roles").appending(r)
                guard let actor = role["actor"]?.string else { continue }
                if let actors, actors[actor] == nil {
                    error("unknown-actor", role["actor"] ?? role, "unknown actor \"\(actor)\"; declare it under actors: in planbench.yaml (known: \(actors.keys.sorted().joined(separator: ", ")))", pointer.appending("actor"))
                    continue
                }
                guard let responsibility = role["responsibility"]?.string.flatMap(Responsibility.init(rawValue:)),
                    responsibility.isPrimaryOrSupporting
                else { continue }
                for cited in citedSections {
                    if let statement = RoleConsistency.contradiction(
                        actor: actor, responsibility: responsibility,
                        statements: cited.edition.section(cited.id)?["roles"]?.sequence ?? [],
                        parties: actors ?? [:])
                    {
                        warning("role-contradiction", role["responsibility"] ?? role, "section \(sectionID) gives \(actor) \(responsibility.rawValue) responsibility, but \(cited.edition.id) \(cited.id) says \(statement)", pointer.appending("responsibility"))
                    }
                }
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
        for finding in document["findings"]?.sequence ?? [] {
            if let planNode = finding["plan"], let plan = planNode.string, Identifier.isValid(plan),
                context.document(at: WorkspaceLayout.planPath(id: plan)) == nil
            {
                warning("unknown-plan", planNode, "finding names plan \"\(plan)\", which is not in the workspace")
            }
        }
    }
}

/// Whether a plan's role assignment contradicts an edition's role statements.
public enum RoleConsistency {
    /// A description of the contradicting statement, or `nil` when consistent.
    ///
    /// The assignment contradicts when the section names the same actor with
    /// the other side of the primary/supporting split, or when the plan gives
    /// an actor primary responsibility that the section gives to an actor of
    /// another party.
    public static func contradiction(
        actor: String, responsibility: Responsibility, statements: [Node], parties: [String: String]
    ) -> String? {
        for statement in statements {
            guard let other = statement["actor"]?.string,
                let stated = statement["responsibility"]?.string.flatMap(Responsibility.init(rawValue:)),
                stated.isPrimaryOrSupporting
            else { continue }
            let scope = statement["scope"]?.string.map { " for \($0)" } ?? ""
            if other == actor, stated != responsibility {
                return "\(other) has \(stated.rawValue) responsibility\(scope)"
            }
            if responsibility == .primary, stated == .primary, other != actor,
                let mine = parties[actor], let theirs = parties[other], mine != theirs
            {
                return "\(other) has primary responsibility\(scope)"
            }
        }
        return nil
    }
}
