// Guidelines: the editions in the workspace (/guidelines), one edition's
// sections with their text and the plans citing each (/guidelines/ID), and
// two editions compared through their crosswalk (/guidelines/compare/A..B).
import Foundation
import Hummingbird
import PlanBench
import PlanDiff
import PlanDocument

enum GuidelineRoutes {
    static func add(to router: Router<BasicRequestContext>, desk: Desk) {
        router.get("/guidelines") { _, _ in
            desk.respond { try desk.withWorkspace { workspace in try list(workspace, desk: desk) } }
        }
        router.get("/guidelines/:edition") { _, context in
            let edition = context.parameters.get("edition") ?? ""
            return desk.respond { try desk.withWorkspace { workspace in try page(workspace, desk: desk, edition: edition) } }
        }
        router.get("/guidelines/compare/:range") { _, context in
            let range = context.parameters.get("range") ?? ""
            return desk.respond {
                let parts = range.components(separatedBy: "..")
                guard parts.count == 2, parts.allSatisfy(Identifier.isValid) else {
                    throw PlanBenchError.usage("compare two editions as /guidelines/compare/OLD..NEW, e.g. jus-1997..jus-2015")
                }
                return try desk.withWorkspace { workspace in try compare(workspace, desk: desk, old: parts[0], new: parts[1]) }
            }
        }
    }

    /// Editions and crosswalks at the branch's tip.
    static func documents(_ workspace: Workspace) throws -> (editions: [Node], crosswalks: [Node]) {
        guard let head = try workspace.head() else { return ([], []) }
        let context = CheckContext(source: try workspace.source(at: head.hex))
        let nodes = try context.source.paths(in: WorkspaceLayout.guidelinesFolder).compactMap { context.document(at: $0) }
        return (nodes.filter { $0["kind"]?.string == "guideline-edition" }, nodes.filter { $0["kind"]?.string == "crosswalk" })
    }

    static func list(_ workspace: Workspace, desk: Desk) throws -> HTML {
        let (editions, crosswalks) = try documents(workspace)
        let rows: [HTML] = editions.map { e in
            let id = e["id"]?.string ?? ""
            return "<tr><td><a href=\"\(url: URLPath("guidelines", id))\">\(id)</a></td><td>\(e["title"]?.string)</td><td>\(e["approved"]?.string)</td><td>\(e["supersedes"]?.string)</td></tr>"
        }
        let walks: [HTML] = crosswalks.map { c in
            let from = c["from"]?.string ?? "", to = c["to"]?.string ?? ""
            return "<li><a href=\"\(url: URLPath("guidelines", "compare", "\(from)..\(to)"))\">\(from) → \(to)</a></li>"
        }
        let body: HTML = """
            <h1>Guidelines</h1>
            <table id="editions"><tr><th>Edition</th><th>Title</th><th>Approved</th><th>Supersedes</th></tr>\(rows)</table>
            <h2>Editions compared through a crosswalk</h2>
            \(walks.isEmpty ? "<p class=\"muted\">No crosswalk in guidelines/.</p>" as HTML : "<ul>\(walks)</ul>")
            """
        return Layout.page("Guidelines", area: .guidelines, context: desk.pageContext(workspace), body)
    }

    static func page(_ workspace: Workspace, desk: Desk, edition id: String) throws -> HTML {
        guard Identifier.isValid(id), let head = try workspace.head() else { throw PlanBenchError.invalidIdentifier(id, what: "edition") }
        let context = CheckContext(source: try workspace.source(at: head.hex))
        guard let edition = context.edition(id) else { throw PlanBenchError.documentNotFound(id, revision: nil) }
        let coverage = try desk.coverage(workspace, edition: id, commit: head)
        var sections: [HTML] = []
        for section in coverage.sections {
            let node = edition.section(section.id)
            let citing: [HTML] = section.citations.prefix(200).map { c in
                var badges: [HTML] = []
                if c.isSuspect { badges.append(" <span class=\"badge suspect\">suspect</span>") }
                if !c.isRoleConsistent { badges.append(" <span class=\"badge contradicted\">contradicted</span>") }
                return "<a href=\"\(url: URLPath("plans", c.plan))\">\(c.plan)</a>\(badges)"
            }
            let roles: [HTML] = (node?["roles"]?.sequence ?? []).map { r -> HTML in
                "<li>\(r["actor"]?.string): \(r["responsibility"]?.string)\(r["scope"]?.string.map { " — \($0)" })</li>"
            }
            let level = min(section.depth + 2, 6)
            sections.append("""
                <section class="guideline-section" id="\(section.id)">
                <h\(level)>\(section.id) \(section.title) \(section.isCovered ? "" : "<span class=\"badge open\">uncovered</span>" as HTML)</h\(level)>
                \(node?["text"]?.string.map { "<blockquote class=\"guideline\">\($0)</blockquote>" as HTML } ?? "")
                \(roles.isEmpty ? "" : "<ul class=\"muted\">\(roles)</ul>" as HTML)
                <p>Cited by: \(citing.isEmpty ? "no plan" as HTML : citing.joined(separator: ", "))\(section.citations.count > 200 ? " … (\(section.citations.count) plans)" : "")</p>
                </section>

                """)
        }
        let body: HTML = """
            <h1>\(edition.document["title"]?.string ?? id) <span class="muted mono">\(id)</span></h1>
            <p class="muted">Approved \(edition.document["approved"]?.string)\(edition.document["supersedes"]?.string.map { " · supersedes \($0)" })</p>
            \(CoverageView.heatmap(coverage, plans: try desk.planSummaries(workspace)))
            \(sections)
            """
        return Layout.page(id, area: .guidelines, context: desk.pageContext(workspace), body)
    }

    static func compare(_ workspace: Workspace, desk: Desk, old: String, new: String) throws -> HTML {
        let comparison = try workspace.compareEditions(old, new, revision: "HEAD")
        let rows: [HTML] = comparison.changes.map { change in
            var text = ""
            for segment in change.textSegments {
                switch segment.kind {
                case .equal: text += HTML.escape(segment.text)
                case .delete: text += "<del>" + HTML.escape(segment.text) + "</del>"
                case .insert: text += "<ins>" + HTML.escape(segment.text) + "</ins>"
                }
            }
            let from: [HTML] = change.from.map { "<a href=\"\(url: URLPath("guidelines", old, fragment: $0))\">\($0)</a>" }
            let to: [HTML] = change.to.map { "<a href=\"\(url: URLPath("guidelines", new, fragment: $0))\">\($0)</a>" }
            return """
                <tr><td>\(change.relation.rawValue)</td><td>\(from.joined(separator: ", "))<br><span class="muted">\(change.fromTitles.joined(separator: "; "))</span></td>\
                <td>\(to.joined(separator: ", "))<br><span class="muted">\(change.toTitles.joined(separator: "; "))</span></td>\
                <td class="new">\(HTML(trusted: text))\(change.note.map { "<p class=\"muted\">\($0)</p>" as HTML } ?? "")</td></tr>

                """
        }
        let body: HTML = """
            <h1>\(old) → \(new) through the crosswalk</h1>
            <p class="muted">\(comparison.changes.count) entries; text changes word by word.</p>
            <table id="crosswalk"><tr><th>Relation</th><th>\(old)</th><th>\(new)</th><th>Text</th></tr>\(rows)</table>
            """
        return Layout.page("\(old) → \(new)", area: .guidelines, context: desk.pageContext(workspace), body)
    }
}
