// Plans: the list (/plans, by status, a page at a time) and one plan
// (/plans/ID): its sections with prose, citations (the cited Guideline text,
// its edition, suspect or contradicted), roles and tasks, and its history.
import Foundation
import Hummingbird
import PlanBench
import PlanDocument
import PlanGit

enum PlanRoutes {
    static let pageSize = 200

    static func add(to router: Router<BasicRequestContext>, desk: Desk) {
        router.get("/plans") { request, _ in
            let query = FormData(query: request.uri.query)
            return desk.cachedPage(request.uri.description) { workspace in
                try list(workspace, desk: desk, status: query.value("status"), page: Int(query.value("page") ?? "") ?? 1)
            }
        }
        router.get("/plans/:id") { request, context in
            let id = context.parameters.get("id") ?? ""
            return desk.cachedPage(request.uri.path) { workspace in try page(workspace, desk: desk, id: id) }
        }
    }

    static func list(_ workspace: Workspace, desk: Desk, status: String?, page: Int) throws -> HTML {
        let all = try desk.planSummaries(workspace)
        let plans = status.map { s in all.filter { $0.status == s } } ?? all
        let pages = max(1, (plans.count + pageSize - 1) / pageSize)
        let current = min(max(page, 1), pages)
        let shown = plans.dropFirst((current - 1) * pageSize).prefix(pageSize)
        let rows: [HTML] = shown.map { p in
            "<tr><td><a href=\"\(url: URLPath("plans", p.id))\">\(p.id)</a></td><td>\(p.title)</td><td><span class=\"badge \(p.status)\">\(p.status)</span></td><td>\(p.edition)</td><td>\(p.lastReviewed ?? "never")</td></tr>\n"
        }
        func pageLink(_ n: Int, _ label: String) -> HTML {
            var query: [(String, String)] = [("page", String(n))]
            if let status { query.insert(("status", status), at: 0) }
            return "<a href=\"\(url: URLPath(segments: ["plans"], query: query))\">\(label)</a>"
        }
        let pager: HTML = pages == 1 ? "" : """
            <p class="pager">Page \(current) of \(pages) \(current > 1 ? pageLink(current - 1, "← previous") : "") \(current < pages ? pageLink(current + 1, "next →") : "")</p>
            """
        let filters: [HTML] = (["all"] + DashboardRoutes.statusOrder).map { s in
            s == (status ?? "all") ? "<strong>\(s)</strong>" : "<a href=\"\(url: s == "all" ? URLPath("plans") : URLPath(segments: ["plans"], query: [("status", s)]))\">\(s)</a>"
        }
        let body: HTML = """
            <h1>Plans\(status.map { " (\($0))" } ?? "")</h1>
            <p>\(filters.joined(separator: " · ")) — \(plans.count) plan\(plans.count == 1 ? "" : "s")</p>
            \(pager)
            <table id="plan-list"><tr><th>Plan</th><th>Title</th><th>Status</th><th>Edition</th><th>Last reviewed</th></tr>
            \(rows)</table>
            \(pager)
            """
        return Layout.page("Plans", area: .plans, context: desk.pageContext(workspace), body)
    }

    static func page(_ workspace: Workspace, desk: Desk, id: String) throws -> HTML {
        guard let head = try workspace.head() else { throw PlanBenchError.documentNotFound(id, revision: nil) }
        let plan = try workspace.plan(id, at: head)
        let context = CheckContext(source: try workspace.source(at: head.hex))
        let parties = context.configuration?.actorParties ?? [:]
        let planEdition = plan["edition"]?.string ?? ""
        var sections: [HTML] = []
        for section in plan["sections"]?.sequence ?? [] {
            let sectionID = section["id"]?.string ?? ""
            let roles = section["roles"]?.sequence ?? []
            // The same rule as validate and coverage: every cited section weighs in.
            var cited: [RoleConsistency.CitedSection] = []
            for citation in section["citations"]?.sequence ?? [] {
                let edition = citation["edition"]?.string ?? planEdition
                guard let gid = citation["section"]?.string, let node = context.edition(edition)?.section(gid) else { continue }
                cited.append(.init(edition: edition, id: gid, statements: node["roles"]?.sequence ?? []))
            }
            let contradictions = RoleConsistency.contradictions(roles: roles, cited: cited, parties: parties)
            var citations: [HTML] = []
            for citation in section["citations"]?.sequence ?? [] {
                let edition = citation["edition"]?.string ?? planEdition
                let gid = citation["section"]?.string ?? ""
                let node = context.edition(edition)?.section(gid)
                var badges: [HTML] = []
                if node == nil {
                    badges.append("<span class=\"badge contradicted\">no such section in \(edition)</span>")
                } else if let pinned = citation["fingerprint"]?.string, pinned != Fingerprint.of(section: node!) {
                    badges.append("<span class=\"badge suspect\" title=\"The section changed after this citation was pinned; planbench cite --refresh after review\">suspect</span>")
                } else {
                    badges.append("<span class=\"badge ok\">current</span>")
                }
                let against = contradictions.filter { $0.edition == edition && $0.guidelineSection == gid }
                if !against.isEmpty {
                    badges.append("<span class=\"badge contradicted\">contradicted: \(against.map { "\($0.actor) \($0.responsibility.rawValue)" }.joined(separator: ", "))</span>")
                }
                let text = node?["text"]?.string ?? node?["summary"]?.string ?? ""
                citations.append("""
                    <li class="citation"><a href="\(url: URLPath("guidelines", edition, fragment: gid))">\(gid)</a> <span class="muted">\(edition)</span> \(node?["title"]?.string) \(badges.joined(separator: " "))
                    \(text.isEmpty ? "" : "<blockquote class=\"guideline\">\(text)</blockquote>" as HTML)
                    \(against.map { "<p class=\"muted\">\($0.statement)</p>" as HTML })</li>

                    """)
            }
            let roleRows: [HTML] = roles.map { role in
                "<tr><td>\(role["actor"]?.string)</td><td>\(role["responsibility"]?.string)</td><td>\(role["scope"]?.string)</td></tr>"
            }
            let taskRows: [HTML] = (section["tasks"]?.sequence ?? []).map { task in
                "<tr><td class=\"mono\">\(task["id"]?.string)</td><td>\(task["title"]?.string)</td><td>\(task["owner"]?.string)</td><td>\(task["due"]?.string)</td><td>\(task["state"]?.string)</td></tr>"
            }
            sections.append("""
                <section class="plan-section" id="\(sectionID)"><h2>\(section["title"]?.string ?? sectionID) <span class="muted mono">\(sectionID)</span></h2>
                <div class="prose">\(section["prose"]?.string)</div>
                \(citations.isEmpty ? "<p class=\"muted\">No citations.</p>" as HTML : "<h3>Citations</h3><ul>\(citations)</ul>")
                \(roleRows.isEmpty ? "" : "<h3>Roles</h3><table><tr><th>Actor</th><th>Responsibility</th><th>Scope</th></tr>\(roleRows)</table>" as HTML)
                \(taskRows.isEmpty ? "" : "<h3>Tasks</h3><table><tr><th>Task</th><th>Title</th><th>Owner</th><th>Due</th><th>State</th></tr>\(taskRows)</table>" as HTML)
                </section>

                """)
        }
        // From the index (brought up to date when the branch moved, see Desk.followHead):
        // the same commits as the walk of `log(document:)`, without a tree diff per commit.
        let history = try workspace.documentHistory(id, limit: 50)
        let historyRows: [HTML] = history.map { c in
            let compare = c.parents.first.map { URLPath("compare", "\($0.hex.prefix(12))..\(c.id.hex.prefix(12))", "plan", id) }
            return "<tr><td class=\"mono\">\(String(c.id.hex.prefix(8)))</td><td>\(Format.date(c.author))</td><td>\(c.author.name) <span class=\"muted\">&lt;\(c.author.email)&gt;</span></td><td>\(c.summary)</td><td>\(compare.map { "<a href=\"\(url: $0)\">changes</a>" as HTML } ?? "first version")</td></tr>\n"
        }
        let owners: [HTML] = (plan["owners"]?.sequence ?? []).map { "<li>\($0["name"]?.string) <span class=\"muted\">\($0["email"]?.string) \($0["party"]?.string)</span></li>" }
        let title = plan["title"]?.string ?? id
        let status = plan["status"]?.string ?? ""
        let body: HTML = """
            <h1 id="plan-title">\(title)</h1>
            <p><span class="mono">\(id)</span> · <span class="badge \(status)">\(status)</span> · edition <a href="\(url: URLPath("guidelines", planEdition))">\(planEdition)</a> · last reviewed \(plan["lastReviewed"]?.string ?? "never") · cycle \(plan["reviewCycle"]?.string) · \(plan["classification"]?.string)</p>
            \(plan["summary"]?.string.map { "<p class=\"prose\">\($0)</p>" as HTML } ?? "")
            \(owners.isEmpty ? "" : "<h3>Owners</h3><ul>\(owners)</ul>" as HTML)
            \(plan["supersededBy"]?.string.map { "<p>Superseded by <a href=\"\(url: URLPath("plans", $0))\">\($0)</a>.</p>" as HTML } ?? "")
            \(sections)
            <section id="history"><h2>History</h2>
            <table><tr><th>Commit</th><th>Date</th><th>Author</th><th>Change</th><th>Compare</th></tr>
            \(historyRows)</table></section>

            """
        return Layout.page(title, area: .plans, context: desk.pageContext(workspace), body)
    }
}
