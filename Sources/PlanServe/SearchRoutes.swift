// Search (/search?q=...): the index's full-text search, with the filters of
// `planbench search` (status, Guideline section, actor, edition).
import Foundation
import Hummingbird
import PlanBench
import PlanIndex

enum SearchRoutes {
    static func add(to router: Router<BasicRequestContext>, desk: Desk) {
        router.get("/search") { request, _ in
            let query = FormData(query: request.uri.query)
            return desk.respond { try desk.withWorkspace { workspace in try page(workspace, desk: desk, query: query) } }
        }
    }

    static func page(_ workspace: Workspace, desk: Desk, query: FormData) throws -> HTML {
        let q = query.value("q")
        let status = query.value("status"), section = query.value("section"), actor = query.value("actor"), edition = query.value("edition")
        var results: HTML = ""
        if let q {
            // As `planbench search` reads it: the index at the branch's tip, brought up to date first.
            let hits = try workspace.withCurrentIndex { store in
                var filter = SearchFilter(edition: edition, status: status, actor: actor, limit: 50)
                if let section { filter.sections = try workspace.equivalentSections(of: section, edition: edition, in: store) }
                return try store.search(q, filter: filter)
            }
            let items: [HTML] = hits.map { hit in
                let link = hit.plan.map { URLPath("plans", $0, fragment: hit.planSection) } ?? URLPath("search")
                return """
                    <li class="hit"><a href="\(url: link)">\([hit.plan, hit.planSection].compactMap { $0 }.joined(separator: "/"))</a> \(hit.title)<br>\(snippet(hit.snippet))<br><span class="muted mono">\(hit.path):\(hit.line ?? 1)</span></li>

                    """
            }
            results = items.isEmpty ? "<p id=\"no-hits\">No hits.</p>" : "<p>\(hits.count) hit\(hits.count == 1 ? "" : "s")</p><ol id=\"hits\">\(items)</ol>"
        }
        let statuses: [HTML] = ["", "draft", "in-review", "approved", "superseded"].map {
            "<option value=\"\($0)\"\($0 == (status ?? "") ? " selected" : "")>\($0.isEmpty ? "any status" : $0)</option>"
        }
        let body: HTML = """
            <h1>Search</h1>
            <form method="get" action="/search" class="box" id="search-form">
            <label>Words <input type="search" name="q" value="\(q)" size="40" autofocus></label>
            <label>Status <select name="status">\(statuses)</select></label>
            <label>Guideline section <input type="text" name="section" value="\(section)" size="10"></label>
            <label>Actor <input type="text" name="actor" value="\(actor)" size="12"></label>
            <button type="submit">Search</button>
            </form>
            <p class="muted">All words must appear; <code>boar*</code> matches by prefix, "a phrase" in quotes, OR and NOT combine.</p>
            \(results)
            """
        return Layout.page(q.map { "Search: \($0)" } ?? "Search", area: .search, context: desk.pageContext(workspace), body)
    }

    /// The index marks matched words in [brackets]; they become <mark>, the rest is escaped.
    static func snippet(_ text: String) -> HTML {
        var out = "", inMark = false
        for c in text {
            if c == "[" && !inMark { out += "<mark>"; inMark = true }
            else if c == "]" && inMark { out += "</mark>"; inMark = false }
            else { out += HTML.escape(String(c)) }
        }
        if inMark { out += "</mark>" }
        return HTML(trusted: out)
    }
}
