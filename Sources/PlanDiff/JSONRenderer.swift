// The machine-readable form of a diff, described by Schemas/diff.schema.json.
import OrderedCollections
import PlanDocument

/// Renders a diff as JSON for tools and scripts (schema:
/// `Schemas/diff.schema.json`, JSON Schema 2020-12).
public enum JSONRenderer {
    /// The format tag in every document, bumped when the shape changes.
    public static let format = "planbench-diff/1"

    /// The diff as a document tree; pass it to `JSONWriter.write(_:pretty:)`.
    ///
    /// - Parameters:
    ///   - old: A label for the old side (a revision, a file name), if known.
    ///   - new: A label for the new side.
    ///   - groups: When given, adds `groups` with the indices of the edits
    ///     under each Guideline section.
    public static func node(
        _ edits: [Edit], old: String? = nil, new: String? = nil, groups: [GuidelineGroup]? = nil
    ) -> Node {
        var root = OrderedDictionary<String, Node>()
        root["format"] = Node(.string(format))
        if let old { root["old"] = Node(.string(old)) }
        if let new { root["new"] = Node(.string(new)) }
        var summary = OrderedDictionary<String, Node>()
        for kind in Edit.Kind.allCases {
            summary[kind.rawValue] = Node(.integer(edits.count { $0.kind == kind }))
        }
        root["summary"] = Node(.mapping(summary))
        root["edits"] = Node(.sequence(edits.map(node(for:))))
        if let groups {
            root["groups"] = Node(.sequence(groups.map { group in
                let indices = group.editIndices
                return Node(.mapping([
                    "section": group.section.map { Node(.string($0)) } ?? .null,
                    "edits": Node(.sequence(indices.map { Node(.integer($0)) })),
                ]))
            }))
        }
        return Node(.mapping(root))
    }

    /// The diff as JSON text.
    public static func render(
        _ edits: [Edit], old: String? = nil, new: String? = nil, groups: [GuidelineGroup]? = nil,
        pretty: Bool = true
    ) -> String {
        JSONWriter.write(node(edits, old: old, new: new, groups: groups), pretty: pretty) + "\n"
    }

    static func node(for edit: Edit) -> Node {
        var m = OrderedDictionary<String, Node>()
        m["op"] = Node(.string(edit.kind.rawValue))
        m["pointer"] = Node(.string(edit.pointer.description))
        if let from = edit.from { m["from"] = Node(.string(from.description)) }
        m["path"] = Node(.string(edit.readablePath))
        if let old = edit.oldValue { m["oldValue"] = old }
        if let new = edit.newValue { m["newValue"] = new }
        if let positions = edit.positions {
            m["positions"] = Node(.mapping(["old": Node(.integer(positions.old)), "new": Node(.integer(positions.new))]))
        }
        if let keyIndex = edit.keyIndex { m["keyIndex"] = Node(.integer(keyIndex)) }
        if edit.kind == .text {
            m["segments"] = Node(.sequence(edit.segments.map { segment in
                Node(.mapping(["kind": Node(.string(segment.kind.rawValue)), "text": Node(.string(segment.text))]))
            }))
        }
        return Node(.mapping(m))
    }
}
