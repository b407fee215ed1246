// Concurrent-edit scenarios with known correct results, made from example
// plans: the cases a line merge gets wrong, and true conflicts.
import PlanDocument

struct Scenario {
    enum Kind: String, CaseIterable {
        case disjointSection = "disjoint-section"
        case reorderVsEdit = "reorder-vs-edit"
        case parallelInsert = "parallel-insert"
        case differentSentences = "different-sentences"
        case movedSectionEdited = "moved-section-edited"
        case trueConflict = "true-conflict"
    }

    var kind: Kind
    var base: Node
    var ours: Node
    var theirs: Node
    /// The correct merges (several when the order of parallel inserts is
    /// free); empty for a true conflict, which a correct merge reports.
    var expected: [Node]
}

struct ScenarioFactory {
    var rng: SeededGenerator
    let plans: [Node]

    static let words = ["joint", "combined", "national", "regional", "secure", "agreed", "timely", "layered",
                        "resilient", "integrated", "shared", "forward", "rapid", "standing"]
    static let states = ["open", "in-progress", "done", "blocked"]

    init(plans: [Node], seed: UInt64) {
        self.plans = plans
        rng = SeededGenerator(seed: seed)
    }

    mutating func pick<T>(_ items: [T]) -> T { items[Int.random(in: 0..<items.count, using: &rng)] }

    mutating func word(except: String) -> String {
        var w = pick(Self.words)
        while w.lowercased() == except.lowercased() { w = pick(Self.words) }
        return w
    }

    mutating func state(except: String?) -> String {
        var s = pick(Self.states)
        while s == except { s = pick(Self.states) }
        return s
    }

    func sections(_ plan: Node) -> [Node] { plan["sections"]?.sequence ?? [] }

    /// Indices of sections that satisfy `test`.
    func sectionIndices(_ plan: Node, where test: (Node) -> Bool) -> [Int] {
        sections(plan).indices.filter { test(sections(plan)[$0]) }
    }

    func tasks(_ plan: Node, _ s: Int) -> [Node] { sections(plan)[s]["tasks"]?.sequence ?? [] }

    // MARK: Single edits, each a function of the document

    typealias Edit = (Node) -> Node

    mutating func taskStateEdit(_ plan: Node, section s: Int, task t: Int, avoiding: String? = nil) -> Edit {
        let current = tasks(plan, s)[t]["state"]?.string
        var value = state(except: current)
        while value == avoiding { value = state(except: current) }
        let pointer = JSONPointer("/sections/\(s)/tasks/\(t)/state")
        return { [value] in $0.setting(pointer, to: Node(.string(value))) }
    }

    mutating func titleEdit(_ pointer: JSONPointer, in plan: Node) -> Edit {
        let current = plan.node(at: pointer)?.string ?? ""
        let value = current + " (" + pick(Self.words) + ")"
        return { [value] in $0.setting(pointer, to: Node(.string(value))) }
    }

    /// A one-word change in sentence `n` of the prose at `pointer`.
    mutating func proseWordEdit(_ plan: Node, _ pointer: JSONPointer, sentence n: Int, word index: Int? = nil, avoiding: String? = nil)
        -> (edit: Edit, range: Range<String.Index>, word: String)?
    {
        guard let text = plan.node(at: pointer)?.string else { return nil }
        let prose = ProseWords(text)
        let candidates = prose.candidates(inSentence: n)
        guard !candidates.isEmpty else { return nil }
        let target = index.map { candidates[min($0, candidates.count - 1)] } ?? pick(candidates)
        var replacement = word(except: String(text[target.range]))
        while replacement == avoiding { replacement = word(except: String(text[target.range])) }
        let range = target.range
        let edited = ProseWords.replacing(text, [(range, replacement)])
        return ({ $0.setting(pointer, to: Node(.string(edited))) }, range, replacement)
    }

    // MARK: Scenarios

    mutating func make(_ kind: Scenario.Kind, from plan: Node) -> Scenario? {
        var scenario: Scenario?
        switch kind {
        case .disjointSection: scenario = disjointSection(plan)
        case .reorderVsEdit: scenario = reorderVsEdit(plan)
        case .parallelInsert: scenario = parallelInsert(plan)
        case .differentSentences: scenario = differentSentences(plan)
        case .movedSectionEdited: scenario = movedSectionEdited(plan)
        case .trueConflict: scenario = trueConflict(plan)
        }
        // Either side may make either edit.
        if var s = scenario, Bool.random(using: &rng) {
            swap(&s.ours, &s.theirs)
            scenario = s
        }
        return scenario
    }

    mutating func disjointSection(_ plan: Node) -> Scenario? {
        let candidates = sectionIndices(plan) { ($0["tasks"]?.sequence?.count ?? 0) >= 2 }
        guard !candidates.isEmpty else { return nil }
        let s = pick(candidates)
        let count = tasks(plan, s).count
        let first: Edit
        let second: Edit
        switch Int.random(in: 0..<3, using: &rng) {
        case 0:
            first = titleEdit("/sections/\(s)/title", in: plan)
            second = taskStateEdit(plan, section: s, task: Int.random(in: 0..<count, using: &rng))
        case 1:
            let a = Int.random(in: 0..<count, using: &rng)
            var b = Int.random(in: 0..<count, using: &rng)
            while b == a { b = Int.random(in: 0..<count, using: &rng) }
            first = taskStateEdit(plan, section: s, task: a)
            second = titleEdit("/sections/\(s)/tasks/\(b)/title", in: plan)
        default:
            guard let edit = proseWordEdit(plan, "/sections/\(s)/prose", sentence: 0) else { return nil }
            first = edit.edit
            second = titleEdit("/sections/\(s)/tasks/\(Int.random(in: 0..<count, using: &rng))/title", in: plan)
        }
        return Scenario(kind: .disjointSection, base: plan, ours: first(plan), theirs: second(plan), expected: [second(first(plan))])
    }

    mutating func reorderVsEdit(_ plan: Node) -> Scenario? {
        let candidates = sectionIndices(plan) { ($0["tasks"]?.sequence?.count ?? 0) >= 2 }
        guard !candidates.isEmpty else { return nil }
        let s = pick(candidates)
        let count = tasks(plan, s).count
        if Bool.random(using: &rng), let rolesSection = sectionIndices(plan, where: { ($0["roles"]?.sequence?.count ?? 0) >= 2 }).first {
            // Reorder roles (keyed by actor) against an edit of a role's scope.
            let move: Edit = { $0.moving(in: "/sections/\(rolesSection)/roles", from: 1, to: 0) }
            let r = Int.random(in: 0..<2, using: &rng)
            let edit = titleEdit("/sections/\(rolesSection)/roles/\(r)/scope", in: plan)
            return Scenario(kind: .reorderVsEdit, base: plan, ours: move(plan), theirs: edit(plan), expected: [move(edit(plan))])
        }
        let from = Int.random(in: 0..<count, using: &rng)
        var to = Int.random(in: 0..<count, using: &rng)
        while to == from { to = Int.random(in: 0..<count, using: &rng) }
        let move: Edit = { $0.moving(in: "/sections/\(s)/tasks", from: from, to: to) }
        let edit = Bool.random(using: &rng)
            ? taskStateEdit(plan, section: s, task: Int.random(in: 0..<count, using: &rng))
            : titleEdit("/sections/\(s)/tasks/\(Int.random(in: 0..<count, using: &rng))/title", in: plan)
        return Scenario(kind: .reorderVsEdit, base: plan, ours: move(plan), theirs: edit(plan), expected: [move(edit(plan))])
    }

    mutating func parallelInsert(_ plan: Node) -> Scenario? {
        let variant = Int.random(in: 0..<4, using: &rng)
        let list: JSONPointer
        let a: Node
        let b: Node
        switch variant {
        case 0, 1:
            let candidates = sectionIndices(plan) { $0["tasks"] != nil }
            guard !candidates.isEmpty else { return nil }
            let s = pick(candidates)
            list = "/sections/\(s)/tasks"
            a = ["id": Node(.string("new-\(pick(Self.words))-a")), "title": Node(.string("Coordinate \(pick(Self.words)) support")), "owner": "sdf", "state": "open"]
            b = ["id": Node(.string("new-\(pick(Self.words))-b")), "title": Node(.string("Review \(pick(Self.words)) arrangements")), "owner": "usf", "state": "open"]
        case 2:
            let s = Int.random(in: 0..<sections(plan).count, using: &rng)
            list = "/sections/\(s)/citations"
            a = ["edition": "jus-2015", "section": Node(.string("IV.B.\(Int.random(in: 1...4, using: &rng))"))]
            b = ["edition": "jus-2015", "section": Node(.string("V.C.\(Int.random(in: 1...4, using: &rng))"))]
        default:
            list = "/sections"
            a = ["id": "annex-a", "title": "Annex A", "prose": "Contact details for both operations centres.\n"]
            b = ["id": "annex-b", "title": "Annex B", "prose": "Glossary of terms used in this plan.\n"]
        }
        let count = plan.node(at: list)?.sequence?.count ?? 0
        // At the end of the list, or both after the same item.
        let at = variant == 1 && count > 1 ? Int.random(in: 1..<count, using: &rng) : count
        let ours = plan.inserting(a, in: list, at: at)
        let theirs = plan.inserting(b, in: list, at: at)
        return Scenario(
            kind: .parallelInsert, base: plan, ours: ours, theirs: theirs,
            expected: [ours.inserting(b, in: list, at: at + 1), ours.inserting(b, in: list, at: at)])
    }

    mutating func differentSentences(_ plan: Node) -> Scenario? {
        let candidates = sectionIndices(plan) { ProseWords($0["prose"]?.string ?? "").sentenceCount >= 2 }
        guard !candidates.isEmpty else { return nil }
        let s = pick(candidates)
        let pointer = JSONPointer("/sections/\(s)/prose")
        let text = plan.node(at: pointer)!.string!
        let count = ProseWords(text).sentenceCount
        let i = Int.random(in: 0..<count, using: &rng)
        var j = Int.random(in: 0..<count, using: &rng)
        while j == i { j = Int.random(in: 0..<count, using: &rng) }
        guard let first = proseWordEdit(plan, pointer, sentence: i), let second = proseWordEdit(plan, pointer, sentence: j) else {
            return nil
        }
        let merged = ProseWords.replacing(text, [(first.range, first.word), (second.range, second.word)])
        return Scenario(
            kind: .differentSentences, base: plan, ours: first.edit(plan), theirs: second.edit(plan),
            expected: [plan.setting(pointer, to: Node(.string(merged)))])
    }

    mutating func movedSectionEdited(_ plan: Node) -> Scenario? {
        let count = sections(plan).count
        guard count >= 3 else { return nil }
        let from = Int.random(in: 0..<count, using: &rng)
        var to = Int.random(in: 0..<count, using: &rng)
        while to == from { to = Int.random(in: 0..<count, using: &rng) }
        let move: Edit = { $0.moving(in: "/sections", from: from, to: to) }
        let edit: Edit
        switch Int.random(in: 0..<3, using: &rng) {
        case 0:
            edit = titleEdit("/sections/\(from)/title", in: plan)
        case 1:
            guard let e = proseWordEdit(plan, "/sections/\(from)/prose", sentence: 0) else { return nil }
            edit = e.edit
        default:
            let n = tasks(plan, from).count
            guard n > 0 else { return nil }
            edit = taskStateEdit(plan, section: from, task: Int.random(in: 0..<n, using: &rng))
        }
        return Scenario(kind: .movedSectionEdited, base: plan, ours: move(plan), theirs: edit(plan), expected: [move(edit(plan))])
    }

    mutating func trueConflict(_ plan: Node) -> Scenario? {
        let withTasks = sectionIndices(plan) { ($0["tasks"]?.sequence?.count ?? 0) >= 1 }
        guard !withTasks.isEmpty else { return nil }
        let s = pick(withTasks)
        let t = Int.random(in: 0..<tasks(plan, s).count, using: &rng)
        let ours: Node
        let theirs: Node
        switch Int.random(in: 0..<5, using: &rng) {
        case 0:
            let first = taskStateEdit(plan, section: s, task: t)
            let firstState = first(plan).node(at: JSONPointer("/sections/\(s)/tasks/\(t)/state"))?.string
            ours = first(plan)
            theirs = taskStateEdit(plan, section: s, task: t, avoiding: firstState)(plan)
        case 1:
            let pointer = JSONPointer("/sections/\(s)/prose")
            let n = Int.random(in: 0..<max(1, ProseWords(plan.node(at: pointer)?.string ?? "").sentenceCount), using: &rng)
            let k = Int.random(in: 0..<20, using: &rng)
            guard let first = proseWordEdit(plan, pointer, sentence: n, word: k),
                let second = proseWordEdit(plan, pointer, sentence: n, word: k, avoiding: first.word)
            else { return nil }
            ours = first.edit(plan)
            theirs = second.edit(plan)
        case 2:
            let pointer = JSONPointer("/sections/\(s)/title")
            ours = plan.setting(pointer, to: Node(.string("\(pick(Self.words).capitalized) operations")))
            var other = ours
            while other == ours { other = plan.setting(pointer, to: Node(.string("\(pick(Self.words).capitalized) activities"))) }
            theirs = other
        case 3:
            ours = plan.removing(in: "/sections/\(s)/tasks", at: t)
            theirs = taskStateEdit(plan, section: s, task: t)(plan)
        default:
            // Both reassign one task, to different owners.
            let pointer = JSONPointer("/sections/\(s)/tasks/\(t)/owner")
            let current = plan.node(at: pointer)?.string
            let owners: [String] = ["sdf", "usf", "msdf", "asdf", "gsdf", "usn"].filter { $0 != current }
            let a = pick(owners)
            var b = pick(owners)
            while b == a { b = pick(owners) }
            ours = plan.setting(pointer, to: Node(.string(a)))
            theirs = plan.setting(pointer, to: Node(.string(b)))
        }
        return Scenario(kind: .trueConflict, base: plan, ours: ours, theirs: theirs, expected: [])
    }
}
