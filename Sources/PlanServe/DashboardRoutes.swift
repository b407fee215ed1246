// The dashboard (/): plans by status, reviews open and due, the coverage
// heatmap of the default edition (the review report's SVG), and recent
// activity from the log.
import Foundation
import Hummingbird
import PlanBench
import PlanGit

enum DashboardRoutes {
    static func add(to router: Router<BasicRequestContext>, desk: Desk) {
        router.get("/") { _, _ in
            desk.cachedPage("/") { workspace in try page(workspace, desk: desk) }
        }
    }

    static let statusOrder = ["draft", "in-review", "approved", "superseded"]

    static func page(_ workspace: Workspace, desk: Desk) throws -> HTML {
        let context = desk.pageContext(workspace)
        let plans = try desk.planSummaries(workspace)
        var byStatus: [String: [PlanSummary]] = [:]
        for plan in plans { byStatus[plan.status, default: []].append(plan) }
        let statuses = statusOrder.filter { byStatus[$0] != nil } + byStatus.keys.filter { !statusOrder.contains($0) }.sorted()
        var statusRows: [HTML] = []
        for status in statuses {
            let list = byStatus[status] ?? []
            let shown = list.prefix(6).map { p -> HTML in "<a href=\"\(url: URLPath("plans", p.id))\">\(p.id)</a>" }
            statusRows.append("""
                <tr><td><span class="badge \(status)">\(status)</span></td><td><a href="\(url: URLPath("plans", query: [("status", status)]))">\(list.count)</a></td>\
                <td>\(shown.joined(separator: ", "))\(list.count > 6 ? "<span class=\"muted\"> …</span>" as HTML : "")</td></tr>

                """)
        }

        let records = try workspace.reviews()
        let due = try workspace.reviewsDue(today: desk.today, within: nil)
        let open = records.filter { $0.state != .closed }
        let reviewRows: [HTML] = open.map { r in
            "<tr><td><a href=\"\(url: URLPath("reviews", r.id))\">\(r.id)</a></td><td><span class=\"badge\">\(r.state.rawValue)</span></td><td>\(r.due)</td><td>\(r.openFindings.count) of \(r.findings.count)</td></tr>\n"
        }
        let dueRows: [HTML] = due.items.prefix(15).map { item in
            let link = item.what == .plan ? URLPath("plans", item.id) : URLPath("reviews", item.id)
            return "<tr><td>\(item.isOverdue ? "<span class=\"badge overdue\">overdue</span>" as HTML : "due soon")</td><td>\(item.what.rawValue)</td><td><a href=\"\(url: link)\">\(item.id)</a></td><td>\(item.due)</td><td class=\"muted\">\(item.detail)</td></tr>\n"
        }

        let commits = try workspace.log(limit: 12)
        let activity: [HTML] = commits.map { c in
            let compare = c.parents.first.map { URLPath("compare", "\($0.hex.prefix(12))..\(c.id.hex.prefix(12))") }
            return """
                <tr><td class="mono">\(compare.map { "<a href=\"\(url: $0)\">\(String(c.id.hex.prefix(8)))</a>" as HTML } ?? HTML(stringLiteral: String(c.id.hex.prefix(8))))</td>\
                <td>\(Format.date(c.author))</td><td>\(c.author.name)</td><td>\(c.summary)</td></tr>

                """
        }

        var coverage: HTML = "<p class=\"muted\">No default edition in planbench.yaml.</p>"
        if let head = try workspace.head(), let edition = CheckContext(source: try workspace.source(at: head.hex)).configuration?.defaultEdition {
            coverage = CoverageView.heatmap(try desk.coverage(workspace, edition: edition, commit: head), plans: plans)
        }

        let body: HTML = """
            <h1>Review desk</h1>
            <div class="grid">
            <section class="card" id="plans-by-status"><h2>Plans by status</h2>
            <table><tr><th>Status</th><th>Plans</th><th>Some of them</th></tr>
            \(statusRows)</table><p><a href="/plans">All \(plans.count) plans</a></p></section>
            <section class="card" id="reviews"><h2>Reviews open</h2>
            \(reviewRows.isEmpty ? "<p class=\"muted\">No open review. Open one with <code>planbench review open ID</code>.</p>" as HTML : "<table><tr><th>Review</th><th>State</th><th>Due</th><th>Not disposed</th></tr>\(reviewRows)</table>")
            <h3>Due by \(CalendarDate.adding(due.within, to: due.today) ?? due.today) (review due)</h3>
            \(dueRows.isEmpty ? "<p class=\"muted\">Nothing due.</p>" as HTML : "<table id=\"due\"><tr><th></th><th>What</th><th>Id</th><th>Due</th><th>Detail</th></tr>\(dueRows)</table>")
            <p><a href="/reviews">All reviews</a></p></section>
            </div>
            <section id="activity"><h2>Recent activity</h2>
            <table><tr><th>Commit</th><th>Date</th><th>Author</th><th>Change</th></tr>
            \(activity)</table></section>
            <section id="coverage"><h2>Coverage</h2>
            \(coverage)</section>

            """
        return Layout.page("Dashboard", area: .dashboard, context: context, body)
    }
}

/// Dates and times as the CLI's log shows them.
enum Format {
    /// `2026-11-26 10:15 +09:00`, in the signature's own offset.
    static func date(_ signature: Signature) -> String {
        let (date, time, offset) = CalendarDate.parts(secondsSince1970: signature.secondsSince1970, utcOffsetMinutes: signature.timeZoneOffsetMinutes)
        return "\(date) \(time.prefix(5)) \(offset)"
    }
}
