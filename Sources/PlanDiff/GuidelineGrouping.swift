// Grouping a plan diff by the Guideline sections it touches, so a reviewer
// responsible for "IV.A.2 Air and Missile Defense" sees every change that
// bears on it and nothing else.
import PlanDocument

/// The edits that touch one Guideline section.
public struct GuidelineGroup: Sendable, Equatable {
    /// The Guideline section id (`IV.A.2`); `nil` for edits outside any
    /// plan section that cites the Guidelines.
    public var section: String?
    public var edits: [Edit]
    /// Where each of ``edits`` stands in the grouped diff's edit list.
    public var editIndices: [Int]

    public init(section: String?, edits: [Edit], editIndices: [Int]) {
        self.section = section
        self.edits = edits
        self.editIndices = editIndices
    }
}

/// Assigns plan edits to the Guideline sections they affect.
public enum GuidelineGrouping {
    /// Groups `edits` (from `old` to `new`, two versions of one plan) by
    /// Guideline section.
    ///
    /// An edit anywhere inside plan section S (its prose, roles, tasks, its
    /// citations themselves, or S added, removed or moved) goes under every
    /// Guideline section S cites in either version, so a citation that was
    /// removed still lists the change under the section it used to cite.
    /// An edit may therefore appear in several groups. Edits outside plan
    /// sections, or in a section without citations, go to the group with
    /// no section, which comes last; the others are in Guideline order
    /// (`II` before `IV.A.2` before `IV.A.10`).
    ///
    /// Two kinds of document are grouped by what they are rather than edit by
    /// edit: in a Guideline edition (`kind: guideline-edition`) an edit goes
    /// under the edition section it changes (the innermost section on its
    /// path); a plan added or deleted whole goes, every edit of it, under
    /// each section it cites.
    public static func group(_ edits: [Edit], old: Node, new: Node) -> [GuidelineGroup] {
        var groups: [String: [Int]] = [:]
        var unassigned: [Int] = []
        let isEdition = (new["kind"] ?? old["kind"])?.string == "guideline-edition"
        let isWhole = old.mapping?.isEmpty == true || new.mapping?.isEmpty == true
        let wholeCitations = isWhole && !isEdition ? allCitedSections(old.mapping?.isEmpty == true ? new : old) : []
        for (index, edit) in edits.enumerated() {
            let cited: Set<String>
            if isEdition {
                cited = editionSection(of: edit).map { [$0] } ?? []
            } else if !wholeCitations.isEmpty {
                cited = wholeCitations
            } else {
                cited = citedSections(for: edit, old: old, new: new)
            }
            if cited.isEmpty {
                unassigned.append(index)
            } else {
                for section in cited { groups[section, default: []].append(index) }
            }
        }
        func group(_ section: String?, _ indices: [Int]) -> GuidelineGroup {
            GuidelineGroup(section: section, edits: indices.map { edits[$0] }, editIndices: indices)
        }
        var result = groups.keys.sorted(by: precedesInGuidelineOrder).map { group($0, groups[$0]!) }
        if !unassigned.isEmpty { result.append(group(nil, unassigned)) }
        return result
    }

    /// The innermost edition section an edit of a Guideline edition lies in
    /// (`sections[IV].sections[IV.A].sections[IV.A.1].text` -> `IV.A.1`); for
    /// a section added or removed whole, that section.
    static func editionSection(of edit: Edit) -> String? {
        var innermost: String?
        var previous: PathComponent?
        for component in edit.path {
            if case .key("sections")? = previous, case .item(let id) = component { innermost = id }
            previous = component
        }
        return innermost
    }

    /// Every Guideline section a plan cites.
    static func allCitedSections(_ plan: Node) -> Set<String> {
        var cited = Set<String>()
        for section in plan["sections"]?.sequence ?? [] {
            for citation in section["citations"]?.sequence ?? [] {
                if let id = citation["section"]?.string { cited.insert(id) }
            }
        }
        return cited
    }

    /// The Guideline sections cited by the plan section(s) an edit lies in.
    static func citedSections(for edit: Edit, old: Node, new: Node) -> Set<String> {
        guard case .key("sections")? = edit.path.first else { return [] }
        var planSections: [Node] = []
        if edit.path.count == 1 {
            // The whole list of sections was added, removed or replaced.
            for value in [edit.oldValue, edit.newValue] {
                planSections += value?.sequence ?? []
            }
        } else {
            for (document, useIndex) in [(old, edit.kind == .remove), (new, edit.kind != .remove)] {
                guard let sections = document["sections"]?.sequence else { continue }
                switch edit.path[1] {
                case .item(let identity):
                    planSections += sections.filter { item in
                        ["id", "actor", "name"].contains { key in
                            item[key]?.string == identity || item[key]?.integer.map(String.init) == identity
                        }
                    }
                case .index(let index) where useIndex && sections.indices.contains(index):
                    planSections.append(sections[index])
                default:
                    break
                }
            }
            // A removed section exists only in the old version, an added one
            // only in the new; their values carry the citations as well.
            planSections += [edit.oldValue, edit.newValue].compactMap { $0 }.filter { _ in edit.path.count == 2 }
        }
        var cited = Set<String>()
        for section in planSections {
            for citation in section["citations"]?.sequence ?? [] {
                if let id = citation["section"]?.string { cited.insert(id) }
            }
        }
        return cited
    }

    /// Orders section ids component by component: numbers and Roman
    /// numerals by value, letters alphabetically. Following the Guidelines'
    /// outline (`IV.C.2.b.iii`), the first component is an upper-case Roman
    /// numeral and the fifth a lower-case one; elsewhere `C` and `i` are
    /// letters.
    public static func precedesInGuidelineOrder(_ x: String, _ y: String) -> Bool {
        let a = x.split(separator: "."), b = y.split(separator: ".")
        for (depth, (p, q)) in zip(a, b).enumerated() where p != q {
            switch (rank(p, depth: depth), rank(q, depth: depth)) {
            case let (m?, n?) where m != n: return m < n
            default: return p < q
            }
        }
        return a.count < b.count
    }

    private static func rank(_ component: Substring, depth: Int) -> Int? {
        if let n = Int(component) { return n }
        let numerals: [Character: Int]
        switch depth {
        case 0: numerals = ["I": 1, "V": 5, "X": 10, "L": 50, "C": 100]
        case 4: numerals = ["i": 1, "v": 5, "x": 10, "l": 50, "c": 100]
        default: return nil
        }
        let digits = component.compactMap { numerals[$0] }
        guard digits.count == component.count else { return nil }
        var total = 0
        for (k, value) in digits.enumerated() {
            total += k + 1 < digits.count && digits[k + 1] > value ? -value : value
        }
        return total
    }
}
