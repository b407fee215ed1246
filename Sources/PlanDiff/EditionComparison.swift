// Comparing two editions of the Guidelines through their crosswalk: what a
// plan pinned to the old edition must look at when it moves to the new one.
import PlanDocument

/// Why two editions could not be compared.
public enum EditionComparisonError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The document is not a Guideline edition (`kind: guideline-edition`).
    case notAnEdition(String)
    /// The document is not a crosswalk (`kind: crosswalk`).
    case notACrosswalk
    /// The crosswalk maps other editions than the two given.
    case editionMismatch(crosswalk: String, given: String)
    /// A crosswalk entry names a section the edition does not have.
    case unknownSection(id: String, edition: String, entry: Int)

    public var description: String {
        switch self {
        case .notAnEdition(let what):
            return "\(what) is not a Guideline edition (it needs `kind: guideline-edition` and `sections`)"
        case .notACrosswalk:
            return "the crosswalk document needs `kind: crosswalk`, `from`, `to` and `entries`"
        case .editionMismatch(let crosswalk, let given):
            return "the crosswalk maps \(crosswalk) but the editions given are \(given); pick the crosswalk for these editions"
        case .unknownSection(let id, let edition, let entry):
            return "crosswalk entry \(entry) names section \(id), which \(edition) does not have; fix the crosswalk or the edition"
        }
    }
}

/// How the sections of one Guideline edition became those of the next.
public struct EditionComparison: Sendable, Equatable {
    /// One line of the comparison.
    public struct Change: Sendable, Equatable {
        public enum Relation: String, Sendable, Equatable, CaseIterable {
            case same, renumbered, split, merged, rewritten, dropped, added
        }

        public var relation: Relation
        /// Section ids in the old edition (empty for `added`).
        public var from: [String]
        /// Section ids in the new edition (empty for `dropped`).
        public var to: [String]
        public var fromTitles: [String]
        public var toTitles: [String]
        /// The crosswalk's note, or why the entry was inferred.
        public var note: String?
        /// For one-to-one relations (`same`, `renumbered`): the word-level
        /// diff of the section text, empty when the text is unchanged.
        public var textSegments: [TextSegment]

        /// Whether the section text differs (one-to-one relations only).
        public var isTextChanged: Bool { textSegments.contains { $0.kind != .equal } }
    }

    public var fromEdition: String
    public var toEdition: String
    public var changes: [Change]

    /// Compares two editions through the crosswalk between them.
    ///
    /// Crosswalk entries become changes in order; `merged` entries with the
    /// same target become one change. Sections that no entry covers (itself,
    /// an ancestor or a descendant) are reported as `dropped` (old edition)
    /// or `added` (new edition), with a note saying they were inferred.
    ///
    /// - Throws: ``EditionComparisonError`` for documents of the wrong kind,
    ///   a crosswalk for other editions, or unknown section ids.
    public static func compare(old: Node, new: Node, crosswalk: Node) throws -> EditionComparison {
        let a = try Outline(old, label: "the old edition")
        let b = try Outline(new, label: "the new edition")
        guard crosswalk["kind"]?.string == "crosswalk", let entries = crosswalk["entries"]?.sequence else {
            throw EditionComparisonError.notACrosswalk
        }
        let mapped = "\(crosswalk["from"]?.string ?? "?") -> \(crosswalk["to"]?.string ?? "?")"
        guard crosswalk["from"]?.string == a.id, crosswalk["to"]?.string == b.id else {
            throw EditionComparisonError.editionMismatch(crosswalk: mapped, given: "\(a.id) -> \(b.id)")
        }

        var changes: [Change] = []
        var mergedIndex: [[String]: Int] = [:]
        for (number, entry) in entries.enumerated() {
            let from = ids(entry["from"]), to = ids(entry["to"])
            for id in from where a.sections[id] == nil {
                throw EditionComparisonError.unknownSection(id: id, edition: a.id, entry: number)
            }
            for id in to where b.sections[id] == nil {
                throw EditionComparisonError.unknownSection(id: id, edition: b.id, entry: number)
            }
            let relation = Change.Relation(rawValue: entry["relation"]?.string ?? "")
                ?? (from.isEmpty ? .added : to.isEmpty ? .dropped : .rewritten)
            if relation == .merged, let existing = mergedIndex[to] {
                changes[existing].from += from.filter { !changes[existing].from.contains($0) }
                changes[existing].fromTitles = changes[existing].from.map { a.sections[$0]!.title }
                continue
            }
            var segments: [TextSegment] = []
            if relation == .same || relation == .renumbered, from.count == 1, to.count == 1 {
                segments = TextDiff.diff(a.sections[from[0]]!.text, b.sections[to[0]]!.text)
            }
            if relation == .merged { mergedIndex[to] = changes.count }
            changes.append(Change(
                relation: relation, from: from, to: to,
                fromTitles: from.map { a.sections[$0]!.title }, toTitles: to.map { b.sections[$0]!.title },
                note: entry["note"]?.string, textSegments: segments))
        }

        let mentionedOld = Set(changes.flatMap(\.from)), mentionedNew = Set(changes.flatMap(\.to))
        for id in a.uncovered(by: mentionedOld) {
            changes.append(Change(
                relation: .dropped, from: [id], to: [], fromTitles: [a.sections[id]!.title], toTitles: [],
                note: "not in the crosswalk", textSegments: []))
        }
        for id in b.uncovered(by: mentionedNew) {
            changes.append(Change(
                relation: .added, from: [], to: [id], fromTitles: [], toTitles: [b.sections[id]!.title],
                note: "not in the crosswalk", textSegments: []))
        }
        return EditionComparison(fromEdition: a.id, toEdition: b.id, changes: changes)
    }

    /// Section ids from a crosswalk field: one id, a list, or nothing.
    private static func ids(_ node: Node?) -> [String] {
        guard let node else { return [] }
        if let s = node.string { return [s] }
        return node.sequence?.compactMap(\.string) ?? []
    }

    /// An edition's sections, flattened, with their place in the tree.
    private struct Outline {
        struct Section {
            var title: String
            var text: String
            var parent: String?
        }

        var id: String
        var order: [String] = []
        var sections: [String: Section] = [:]

        init(_ edition: Node, label: String) throws {
            guard edition["kind"]?.string == "guideline-edition", let id = edition["id"]?.string,
                let top = edition["sections"]?.sequence
            else { throw EditionComparisonError.notAnEdition(label) }
            self.id = id
            var stack: [(Node, String?)] = top.reversed().map { ($0, nil) }
            while let (node, parent) = stack.popLast() {
                guard let sid = node["id"]?.string else { continue }
                order.append(sid)
                sections[sid] = Section(
                    title: node["title"]?.string ?? "", text: node["text"]?.string ?? "", parent: parent)
                stack += (node["sections"]?.sequence ?? []).reversed().map { ($0, sid) }
            }
        }

        /// Topmost sections that neither they, an ancestor nor a descendant
        /// is among `mentioned`.
        func uncovered(by mentioned: Set<String>) -> [String] {
            var coveredByDescendant = Set<String>()
            for id in mentioned {
                var p = sections[id]?.parent
                while let parent = p {
                    coveredByDescendant.insert(parent)
                    p = sections[parent]?.parent
                }
            }
            return order.filter { id in
                guard !mentioned.contains(id), !coveredByDescendant.contains(id) else { return false }
                // Report only the topmost uncovered section of a subtree.
                var p = sections[id]?.parent
                while let parent = p {
                    if mentioned.contains(parent) { return false }
                    if !coveredByDescendant.contains(parent) { return false }  // the parent itself is reported
                    p = sections[parent]?.parent
                }
                return true
            }
        }
    }

    /// A report such as
    /// ```
    /// jus-1997 -> jus-2015: 12 changes
    ///   renumbered  V -> IV.B      Cooperation in Response to ... -> Responses to Emerging Threats ...
    ///   same        I              (text changed)
    ///       The [-Guidelines-]{+Guidelines'+} ...
    /// ```
    public func renderText(useColor: Bool) -> String {
        let renderer = TextRenderer(useColor: useColor)
        var out = "\(fromEdition) -> \(toEdition): \(changes.count) change\(changes.count == 1 ? "" : "s")\n"
        for change in changes {
            let ids = [change.from.joined(separator: ", "), change.to.joined(separator: ", ")]
                .filter { !$0.isEmpty }.joined(separator: " -> ")
            out += "  " + change.relation.rawValue.padding(12) + ids.padding(20)
            let titles = [change.fromTitles.joined(separator: "; "), change.toTitles.joined(separator: "; ")]
                .filter { !$0.isEmpty }
            out += titles.count == 2 && titles[0] == titles[1] ? titles[0] : titles.joined(separator: " -> ")
            if change.isTextChanged { out += "  (text changed)" }
            if let note = change.note { out += "  [\(note)]" }
            out += "\n"
            if change.isTextChanged {
                out += renderer.words(change.textSegments).split(separator: "\n", omittingEmptySubsequences: false)
                    .map { $0.isEmpty ? "" : "      " + $0 }.joined(separator: "\n")
            }
        }
        return out
    }
}

extension String {
    fileprivate func padding(_ width: Int) -> String {
        count >= width ? self + " " : self + String(repeating: " ", count: width - count)
    }
}
