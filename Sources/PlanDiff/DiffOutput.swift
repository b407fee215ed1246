// One entry point for the CLI: a diff in any of the four output formats,
// and the colour decision every terminal tool has to make.
import PlanDocument

/// The output formats of `planbench diff`.
public enum DiffFormat: String, Sendable, CaseIterable {
    /// Coloured (or marked) text with word-level highlights; the default.
    case text
    /// The planbench-diff/1 JSON document (Schemas/diff.schema.json).
    case json
    /// An RFC 6902 JSON Patch that turns the old document into the new one.
    case patch
    /// One self-contained side-by-side HTML page.
    case html
}

/// Renders a diff in a chosen format.
public enum DiffOutput {
    /// The diff of `diff.old` to `diff.new` as `format`.
    ///
    /// - Parameters:
    ///   - byGuideline: Group edits under the Guideline sections they
    ///     affect (text, json and html; a patch is never grouped).
    ///   - useColor: For text; decide it with ``shouldUseColor(environment:isTerminal:)``.
    ///   - oldLabel: The old side's name (a revision or file), shown in json and html.
    ///   - newLabel: The new side's name.
    public static func render(
        _ diff: DocumentDiff, format: DiffFormat, byGuideline: Bool = false, useColor: Bool = false,
        oldLabel: String? = nil, newLabel: String? = nil, title: String? = nil
    ) -> String {
        let groups = byGuideline && format != .patch
            ? GuidelineGrouping.group(diff.edits, old: diff.old, new: diff.new) : nil
        switch format {
        case .text:
            let renderer = TextRenderer(useColor: useColor)
            return groups.map { renderer.render(groups: $0) } ?? renderer.render(diff.edits)
        case .json:
            return JSONRenderer.render(diff.edits, old: oldLabel, new: newLabel, groups: groups)
        case .patch:
            return JSONWriter.write(JSONPatch(edits: diff.edits).node, pretty: true) + "\n"
        case .html:
            let old = oldLabel ?? "before", new = newLabel ?? "after"
            return HTMLRenderer.render(
                diff.edits, title: title ?? "\(old) -> \(new)", oldLabel: old, newLabel: new, groups: groups)
        }
    }

    /// Whether text output should be coloured: only on a terminal, never
    /// when `NO_COLOR` is set to a non-empty value (no-color.org), never
    /// for `TERM=dumb`.
    public static func shouldUseColor(environment: [String: String], isTerminal: Bool) -> Bool {
        guard isTerminal else { return false }
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return false }
        return environment["TERM"] != "dumb"
    }
}
