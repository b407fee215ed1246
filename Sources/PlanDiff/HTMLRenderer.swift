// One self-contained HTML page that shows a diff side by side: old on the
// left, new on the right, changed words marked. No scripts, fonts or
// stylesheets are fetched, so the page can be mailed or archived as is.
import PlanDocument

/// Renders edits as a standalone side-by-side HTML page.
public enum HTMLRenderer {
    /// The page; every piece of document text is HTML-escaped.
    /// - Parameters:
    ///   - title: The page title, e.g. `plans/isr.yaml HEAD~1..HEAD`.
    ///   - oldLabel: Heading of the left column.
    ///   - newLabel: Heading of the right column.
    public static func render(
        _ edits: [Edit], title: String, oldLabel: String = "before", newLabel: String = "after",
        groups: [GuidelineGroup]? = nil
    ) -> String {
        var out = pageHead(title: title) + "<h1>\(escape(title))</h1>\n"
        let counts = Edit.Kind.allCases.compactMap { kind -> String? in
            let n = edits.count { $0.kind == kind }
            return n == 0 ? nil : "\(n) \(kind.rawValue)"
        }
        out += "<p class=\"summary\">\(edits.isEmpty ? "No changes." : escape(counts.joined(separator: ", ")))</p>\n"
        if let groups {
            for group in groups {
                out += "<h2>\(escape(group.section.map { "Guideline \($0)" } ?? "(no guideline section)"))</h2>\n"
                appendTable(group.edits, oldLabel: oldLabel, newLabel: newLabel, to: &out)
            }
        } else if !edits.isEmpty {
            appendTable(edits, oldLabel: oldLabel, newLabel: newLabel, to: &out)
        }
        out += "</body>\n</html>\n"
        return out
    }

    /// The start of a page: doctype, head with the inline style, and `<body>`.
    /// No scripts, fonts or stylesheets are fetched, and the policy forbids them.
    static func pageHead(title: String) -> String {
        """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(escape(title))</title>
            <style>
            body { font: 14px/1.45 system-ui, sans-serif; margin: 1.5em; color: #1b1b1b; }
            h1 { font-size: 1.25em; }
            h2 { font-size: 1.05em; margin-top: 1.6em; border-bottom: 1px solid #ccc; }
            table { border-collapse: collapse; width: 100%; table-layout: fixed; }
            th, td { border: 1px solid #ddd; padding: .35em .5em; vertical-align: top; text-align: left; }
            th { background: #f3f3f3; }
            td.path { width: 22%; overflow-wrap: anywhere; }
            td.old, td.new { white-space: pre-wrap; overflow-wrap: anywhere; font-family: ui-monospace, monospace; }
            tr.add td.new, ins { background: #d9f5dd; text-decoration: none; }
            tr.remove td.old, del { background: #fbdada; }
            tr.move td { background: #e6f0fb; }
            .kind { color: #666; font-size: .85em; }
            .summary { color: #444; }
            table.sides { width: auto; margin-bottom: 1em; }
            table.sides th, table.sides td { border: none; padding: .1em .8em .1em 0; background: none; }
            section.document { margin-top: 2em; }
            h3 { font-size: 1em; margin: 1.2em 0 .4em; }
            .file { font: .8em ui-monospace, monospace; color: #555; margin-left: .5em; }
            .change { font-size: .75em; padding: .1em .45em; border-radius: .3em; background: #eee; vertical-align: middle; }
            .change.added { background: #d9f5dd; } .change.deleted { background: #fbdada; }
            .suspect { color: #8a5300; }
            pre { white-space: pre-wrap; overflow-wrap: anywhere; font: 12px/1.4 ui-monospace, monospace; background: #fafafa; padding: .6em; }
            </style>
            </head>
            <body>

            """
    }

    /// The page's content without the page around it (for pages that have their
    /// own chrome and stylesheet, such as `planbench serve`'s compare page): a
    /// summary line, then one side-by-side table, or one per Guideline group
    /// under an `h2` (`headingLevel`) whose text `title(section)` gives.
    public static func fragment(
        _ edits: [Edit], oldLabel: String = "before", newLabel: String = "after", groups: [GuidelineGroup]? = nil,
        headingLevel: Int = 2, title: (String?) -> String = { $0.map { "Guideline \($0)" } ?? "(no guideline section)" }
    ) -> String {
        var out = ""
        let counts = Edit.Kind.allCases.compactMap { kind -> String? in
            let n = edits.count { $0.kind == kind }
            return n == 0 ? nil : "\(n) \(kind.rawValue)"
        }
        out += "<p class=\"summary\">\(edits.isEmpty ? "No changes." : escape(counts.joined(separator: ", ")))</p>\n"
        if let groups {
            for group in groups {
                out += "<h\(headingLevel)>\(escape(title(group.section)))</h\(headingLevel)>\n"
                appendTable(group.edits, oldLabel: oldLabel, newLabel: newLabel, to: &out)
            }
        } else if !edits.isEmpty {
            appendTable(edits, oldLabel: oldLabel, newLabel: newLabel, to: &out)
        }
        return out
    }

    /// The edits one after another, each with its place and its change in one
    /// column: prose with deleted words struck and inserted words marked, a move
    /// as "moved from position A to B", a value added or removed as a block.
    public static func inline(_ edits: [Edit]) -> String {
        var out = ""
        for edit in edits {
            var change = ""
            switch edit.kind {
            case .add: change = "<ins>" + value(edit.newValue) + "</ins>"
            case .remove: change = "<del>" + value(edit.oldValue) + "</del>"
            case .replace: change = "<del>" + value(edit.oldValue) + "</del> → <ins>" + value(edit.newValue) + "</ins>"
            case .move:
                change = edit.positions.map { "moved from position \($0.old + 1) to \($0.new + 1)" }
                    ?? "moved from " + escape(edit.from?.description ?? "") + " to " + escape(edit.pointer.description)
            case .text:
                for segment in edit.segments {
                    switch segment.kind {
                    case .equal: change += escape(segment.text)
                    case .delete: change += "<del>" + escape(segment.text) + "</del>"
                    case .insert: change += "<ins>" + escape(segment.text) + "</ins>"
                    }
                }
            }
            out += "<div class=\"inline-edit \(edit.kind.rawValue)\"><span class=\"path\">\(escape(edit.readablePath))</span> <span class=\"kind\">\(edit.kind.rawValue)</span>\n\(change)</div>\n"
        }
        return out
    }

    /// Appends the edits as one `<table>` (a row per edit: where, before,
    /// after; changed words in `<del>` and `<ins>`), for pages that embed a
    /// diff, such as the review report. Rows carry the edit kind as their
    /// class (`add`, `remove`, `replace`, `move`, `text`); every piece of
    /// document text is escaped.
    public static func appendTable(
        _ edits: [Edit], oldLabel: String, newLabel: String, to out: inout String,
        location: (Edit) -> String = { $0.readablePath }
    ) {
        out += "<table>\n<tr><th class=\"path\">where</th><th>\(escape(oldLabel))</th><th>\(escape(newLabel))</th></tr>\n"
        for edit in edits {
            var old = "", new = ""
            switch edit.kind {
            case .add:
                new = value(edit.newValue)
            case .remove:
                old = value(edit.oldValue)
            case .replace:
                old = value(edit.oldValue)
                new = value(edit.newValue)
            case .move:
                old = edit.positions.map { "position \($0.old + 1)" } ?? escape(edit.from?.description ?? "")
                new = edit.positions.map { "position \($0.new + 1)" } ?? escape(edit.pointer.description)
            case .text:
                for segment in edit.segments {
                    switch segment.kind {
                    case .equal:
                        old += escape(segment.text)
                        new += escape(segment.text)
                    case .delete:
                        old += "<del>" + escape(segment.text) + "</del>"
                    case .insert:
                        new += "<ins>" + escape(segment.text) + "</ins>"
                    }
                }
            }
            out += "<tr class=\"\(edit.kind.rawValue)\"><td class=\"path\">\(escape(location(edit)))"
            out += "<br><span class=\"kind\">\(edit.kind.rawValue)</span></td>"
            out += "<td class=\"old\">\(old)</td><td class=\"new\">\(new)</td></tr>\n"
        }
        out += "</table>\n"
    }

    private static func value(_ node: Node?) -> String {
        node.map { escape(TextRenderer.block($0)) } ?? ""
    }

    /// Escapes the five characters that can change the meaning of HTML text
    /// or attribute values.
    public static func escape(_ text: String) -> String {
        // Most text has none of the five: returned as it is, not rebuilt scalar by scalar.
        guard text.utf8.contains(where: { $0 == UInt8(ascii: "&") || $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: ">") || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "'") })
        else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for c in text.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }
}
