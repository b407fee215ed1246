// Random plans and random edits to them, for the merge laws. Edits name
// sections and tasks by id, so two sides' edits can be replayed one after
// the other to compute what a correct merge must give.
import OrderedCollections
import PlanDocument
import PropertyBased

/// One edit of a plan, addressed by ids rather than indices.
enum PlanEdit: Sendable, CustomStringConvertible {
    case setTop(key: String, value: String)
    case setSectionTitle(section: String, title: String)
    case editSentence(section: String, sentence: Int, word: Int, newWord: String)
    case insertSection(after: String?, section: Node)
    case deleteSection(String)
    case moveSection(String, after: String?)
    case setTaskState(section: String, task: String, state: String)
    case insertTask(section: String, after: String?, task: Node)
    case deleteTask(section: String, task: String)
    case moveTask(section: String, task: String, after: String?)
    case appendCitation(section: String, citation: Node)
    case removeKey(section: String, key: String)

    var description: String {
        switch self {
        case .setTop(let k, let v): "set \(k)=\(v)"
        case .setSectionTitle(let s, let t): "title \(s)=\(t)"
        case .editSentence(let s, let n, let w, let x): "sentence \(s)#\(n) word \(w)=\(x)"
        case .insertSection(let a, let s): "insert section \(s["id"]?.string ?? "?") after \(a ?? "start")"
        case .deleteSection(let s): "delete section \(s)"
        case .moveSection(let s, let a): "move section \(s) after \(a ?? "start")"
        case .setTaskState(let s, let t, let v): "task \(s)/\(t) state=\(v)"
        case .insertTask(let s, let a, let t): "insert task \(t["id"]?.string ?? "?") in \(s) after \(a ?? "start")"
        case .deleteTask(let s, let t): "delete task \(s)/\(t)"
        case .moveTask(let s, let t, let a): "move task \(s)/\(t) after \(a ?? "start")"
        case .appendCitation(let s, _): "append citation to \(s)"
        case .removeKey(let s, let k): "remove \(s).\(k)"
        }
    }
}

/// A base plan and the edits each side makes to it.
struct EditScenario: Sendable, CustomStringConvertible {
    var base: Node
    var oursEdits: [PlanEdit]
    var theirsEdits: [PlanEdit]

    var ours: Node { RandomPlans.apply(oursEdits, to: base) }
    var theirs: Node { RandomPlans.apply(theirsEdits, to: base) }

    var description: String {
        "base:\n\(YAMLWriter.write(base))ours: \(oursEdits)\ntheirs: \(theirsEdits)"
    }
}

enum RandomPlans {
    static let words = [
        "alliance", "maritime", "patrol", "surveillance", "coordination", "exercise", "logistics", "support",
        "readiness", "liaison", "command", "bilateral", "response", "planning", "assets", "training", "waters",
        "air", "defense", "missile", "space", "cyber", "information", "sharing", "mechanism", "the", "of", "and",
    ]
    static let states = ["open", "in-progress", "done", "blocked"]

    static func pick<T>(_ items: [T], _ rng: inout any SeededRandomNumberGenerator) -> T {
        items[Int.random(in: 0..<items.count, using: &rng)]
    }

    static func sentence(_ rng: inout any SeededRandomNumberGenerator) -> [String] {
        (0..<Int.random(in: 4...8, using: &rng)).map { _ in pick(words, &rng) }
    }

    static func prose(_ sentences: [[String]]) -> String {
        sentences.map { words in
            var s = words.joined(separator: " ")
            s = s.prefix(1).uppercased() + s.dropFirst()
            return s + "."
        }.joined(separator: " ")
    }

    static func task(id: String, _ rng: inout any SeededRandomNumberGenerator) -> Node {
        [
            "id": Node(.string(id)),
            "title": Node(.string(sentence(&rng).prefix(3).joined(separator: " "))),
            "owner": Node(.string(pick(["sdf", "usf"], &rng))),
            "state": Node(.string(pick(states, &rng))),
        ]
    }

    static func section(id: String, _ rng: inout any SeededRandomNumberGenerator) -> Node {
        var m: OrderedDictionary<String, Node> = [
            "id": Node(.string(id)),
            "title": Node(.string(sentence(&rng).prefix(2).joined(separator: " "))),
            "prose": Node(.string(prose((0..<Int.random(in: 2...4, using: &rng)).map { _ in sentence(&rng) }))),
        ]
        let citations = (0..<Int.random(in: 0...2, using: &rng)).map { i -> Node in
            ["edition": "jus-2015", "section": Node(.string("IV.\(["A", "B", "C"][i]).\(Int.random(in: 1...9, using: &rng))"))]
        }
        if !citations.isEmpty { m["citations"] = Node(.sequence(citations)) }
        m["tasks"] = Node(.sequence((0..<Int.random(in: 1...4, using: &rng)).map { task(id: "\(id)-t\($0)", &rng) }))
        return Node(.mapping(m))
    }

    static func plan(_ rng: inout any SeededRandomNumberGenerator) -> Node {
        [
            "id": "plan",
            "title": Node(.string(sentence(&rng).prefix(3).joined(separator: " "))),
            "status": "draft",
            "parties": ["japan", "united-states"],
            "sections": Node(.sequence((0..<Int.random(in: 2...6, using: &rng)).map { section(id: "s\($0)", &rng) })),
        ]
    }

    // MARK: Applying edits

    static func apply(_ edits: [PlanEdit], to plan: Node) -> Node {
        edits.reduce(plan) { apply($1, to: $0) }
    }

    static func apply(_ edit: PlanEdit, to plan: Node) -> Node {
        var plan = plan
        switch edit {
        case .setTop(let key, let value):
            plan[key] = Node(.string(value))
        case .insertSection(let after, let section):
            plan["sections"] = insert(section, after: after, in: plan["sections"]!)
        case .deleteSection(let id):
            plan["sections"] = Node(.sequence(plan["sections"]!.sequence!.filter { $0["id"]?.string != id }))
        case .moveSection(let id, let after):
            let sections = plan["sections"]!.sequence!
            guard let item = sections.first(where: { $0["id"]?.string == id }) else { break }
            plan["sections"] = insert(item, after: after, in: Node(.sequence(sections.filter { $0["id"]?.string != id })))
        case .setSectionTitle(let id, _), .editSentence(let id, _, _, _), .setTaskState(let id, _, _),
            .insertTask(let id, _, _), .deleteTask(let id, _), .moveTask(let id, _, _), .appendCitation(let id, _),
            .removeKey(let id, _):
            var sections = plan["sections"]!.sequence!
            guard let i = sections.firstIndex(where: { $0["id"]?.string == id }) else { break }
            sections[i] = applyToSection(edit, sections[i])
            plan["sections"] = Node(.sequence(sections))
        }
        return plan
    }

    private static func applyToSection(_ edit: PlanEdit, _ section: Node) -> Node {
        var section = section
        switch edit {
        case .setSectionTitle(_, let title):
            section["title"] = Node(.string(title))
        case .editSentence(_, let n, let w, let newWord):
            var sentences = sentences(of: section["prose"]!.string!)
            sentences[n][w] = newWord
            section["prose"] = Node(.string(prose(sentences)))
        case .setTaskState(_, let task, let state):
            section["tasks"] = Node(.sequence(section["tasks"]!.sequence!.map { t in
                var t = t
                if t["id"]?.string == task { t["state"] = Node(.string(state)) }
                return t
            }))
        case .insertTask(_, let after, let task):
            section["tasks"] = insert(task, after: after, in: section["tasks"]!)
        case .deleteTask(_, let task):
            section["tasks"] = Node(.sequence(section["tasks"]!.sequence!.filter { $0["id"]?.string != task }))
        case .moveTask(_, let task, let after):
            let tasks = section["tasks"]!.sequence!
            guard let item = tasks.first(where: { $0["id"]?.string == task }) else { break }
            section["tasks"] = insert(item, after: after, in: Node(.sequence(tasks.filter { $0["id"]?.string != task })))
        case .appendCitation(_, let citation):
            section["citations"] = Node(.sequence((section["citations"]?.sequence ?? []) + [citation]))
        case .removeKey(_, let key):
            var m = section.mapping!
            m.removeValue(forKey: key)
            section = Node(.mapping(m))
        default:
            break
        }
        return section
    }

    static func sentences(of prose: String) -> [[String]] {
        prose.split(separator: ".").map { $0.split(separator: " ").map(String.init) }.filter { !$0.isEmpty }.map { words in
            var words = words
            words[0] = words[0].lowercased()
            return words
        }
    }

    private static func insert(_ item: Node, after: String?, in list: Node) -> Node {
        var items = list.sequence!
        let index = after.flatMap { a in items.firstIndex { $0["id"]?.string == a }.map { $0 + 1 } } ?? 0
        items.insert(item, at: index)
        return Node(.sequence(items))
    }

    // MARK: Generating edits

    /// Which parts of the plan a side may touch, so that two sides' edits
    /// are disjoint and a correct merge equals replaying both.
    struct Territory {
        var topKey: String
        var sections: Set<String>
        /// Sentences of shared prose this side may edit (even or odd indices).
        var sentenceParity: Int
        var mayMoveSections: Bool
        var newIdPrefix: String
    }

    static func edits(
        of plan: Node, in territory: Territory?, count: ClosedRange<Int>, _ rng: inout any SeededRandomNumberGenerator
    ) -> [PlanEdit] {
        var current = plan
        var edits: [PlanEdit] = []
        let prefix = territory?.newIdPrefix ?? pick(["o", "t", "x"], &rng)
        var fresh = 0
        for _ in 0..<Int.random(in: count, using: &rng) {
            let sections = current["sections"]!.sequence!
            let ids = sections.compactMap { $0["id"]?.string }
            let owned = ids.filter { territory?.sections.contains($0) ?? true }
            let edit: PlanEdit?
            switch Int.random(in: 0..<12, using: &rng) {
            case 0:
                edit = .setTop(key: territory?.topKey ?? pick(["title", "status"], &rng), value: pick(words, &rng) + " " + pick(words, &rng))
            case 1:
                edit = owned.isEmpty ? nil : .setSectionTitle(section: pick(owned, &rng), title: pick(words, &rng) + " " + pick(words, &rng))
            case 2, 3:
                // Prose edits may reach any section that is not going away; sentences split by parity.
                let id = pick(ids, &rng)
                let sentences = sentences(of: current.node(at: JSONPointer(tokens: ["sections", String(ids.firstIndex(of: id)!), "prose"]))!.string!)
                let candidates = sentences.indices.filter { territory == nil || $0 % 2 == territory!.sentenceParity }
                if candidates.isEmpty {
                    edit = nil
                } else {
                    let n = pick(candidates, &rng)
                    edit = .editSentence(section: id, sentence: n, word: Int.random(in: 0..<sentences[n].count, using: &rng), newWord: "\(prefix)word\(fresh)")
                    fresh += 1
                }
            case 4:
                fresh += 1
                let anchor: String? = owned.isEmpty || Int.random(in: 0...3, using: &rng) == 0 ? (territory == nil ? nil : owned.last) : pick(owned, &rng)
                // A side that moves sections inserts none: its moves could leave them next to the other side's.
                edit = territory != nil && (anchor == nil || territory!.mayMoveSections) ? nil : .insertSection(after: anchor, section: section(id: "\(prefix)s\(fresh)", &rng))
            case 5:
                edit = territory != nil || owned.count < 2 ? nil : .deleteSection(pick(owned, &rng))
            case 6:
                // In a territory a side moves one section at most: two moves can net out as a
                // swap that reads either way (a moved, or b moved), and the law needs one reading.
                let moved = edits.contains { if case .moveSection = $0 { true } else { false } }
                if (territory?.mayMoveSections ?? true) && !(territory != nil && moved) && ids.count > 1 && !owned.isEmpty {
                    let id = pick(owned, &rng)
                    // In a territory, moves land after the side's own sections, never where the other inserts.
                    let others = ids.filter { $0 != id && (territory == nil || owned.contains($0)) }
                    edit = .moveSection(id, after: Int.random(in: 0...others.count, using: &rng) == 0 ? nil : pick(others, &rng))
                } else {
                    edit = nil
                }
            case 7, 8:
                guard let id = owned.isEmpty ? nil : pick(owned, &rng),
                    let tasks = current["sections"]!.sequence!.first(where: { $0["id"]?.string == id })?["tasks"]?.sequence,
                    !tasks.isEmpty
                else { edit = nil; break }
                let taskIds = tasks.compactMap { $0["id"]?.string }
                switch Int.random(in: 0..<4, using: &rng) {
                case 0: edit = .setTaskState(section: id, task: pick(taskIds, &rng), state: pick(states, &rng))
                case 1:
                    fresh += 1
                    edit = .insertTask(section: id, after: Int.random(in: 0...2, using: &rng) == 0 ? nil : pick(taskIds, &rng), task: task(id: "\(prefix)t\(fresh)", &rng))
                case 2: edit = taskIds.count > 1 ? .deleteTask(section: id, task: pick(taskIds, &rng)) : nil
                default:
                    let t = pick(taskIds, &rng)
                    let others = taskIds.filter { $0 != t }
                    edit = .moveTask(section: id, task: t, after: others.isEmpty || Int.random(in: 0...2, using: &rng) == 0 ? nil : pick(others, &rng))
                }
            case 9:
                fresh += 1
                edit = owned.isEmpty ? nil : .appendCitation(section: pick(owned, &rng), citation: ["edition": "jus-2015", "section": Node(.string("\(prefix).\(fresh)"))])
            case 10:
                edit = owned.isEmpty ? nil : .removeKey(section: pick(owned, &rng), key: pick(["citations", "title"], &rng))
            default:
                edit = nil
            }
            if let edit {
                edits.append(edit)
                current = apply(edit, to: current)
            }
        }
        return edits
    }

    /// Two sides editing the same plan with no constraint: conflicts likely.
    static let anyEdits = Generator<EditScenario, Shrink.None<EditScenario>> { rng in
        let base = plan(&rng)
        return EditScenario(
            base: base, oursEdits: edits(of: base, in: nil, count: 0...12, &rng),
            theirsEdits: edits(of: base, in: nil, count: 0...12, &rng))
    }

    /// Two sides editing disjoint parts of one plan: a correct merge is clean
    /// and equals replaying both sides' edits.
    static let disjointEdits = Generator<EditScenario, Shrink.None<EditScenario>> { rng in
        let base = plan(&rng)
        let ids = base["sections"]!.sequence!.compactMap { $0["id"]?.string }
        let oursOwn = Set(ids.enumerated().filter { $0.offset % 2 == 0 }.map(\.element))
        let theirsOwn = Set(ids).subtracting(oursOwn)
        let oursMoves = Bool.random(using: &rng)
        let ours = Territory(topKey: "title", sections: oursOwn, sentenceParity: 0, mayMoveSections: oursMoves, newIdPrefix: "o")
        let theirs = Territory(topKey: "status", sections: theirsOwn, sentenceParity: 1, mayMoveSections: !oursMoves, newIdPrefix: "t")
        return EditScenario(
            base: base, oursEdits: edits(of: base, in: ours, count: 1...10, &rng),
            theirsEdits: edits(of: base, in: theirs, count: 1...10, &rng))
    }
}
