// The review report as one self-contained HTML page: inline CSS and SVG, no
// scripts (a Content-Security-Policy meta tag forbids them), no fonts,
// images or links outside the page, and print rules so it prints to PDF as
// it reads on screen. Every string from a document is escaped.
import PlanDiff
import PlanReview

/// Renders a ``ReviewReport`` as a standalone HTML page.
public enum ReviewReportHTML {
    /// The page's Content-Security-Policy: nothing may load or run except
    /// the page's own styles and inline images.
    public static let contentSecurityPolicy =
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"

    /// The page.
    ///
    /// - Complexity: linear in the findings, log entries, changes and trend
    ///   rows; the heatmap has at most 60 plan columns whatever the scope.
    public static func render(_ report: ReviewReport) -> String {
        var page = Page(report: report)
        page.document()
        return page.out
    }
}

/// Builds the page into one string.
private struct Page {
    let report: ReviewReport
    let titles: [String: String]
    var out = ""

    init(report: ReviewReport) {
        self.report = report
        self.titles = report.sectionTitles
        out.reserveCapacity(64 * 1024 + report.record.findings.count * 600)
    }

    var record: ReviewRecord { report.record }

    static func e(_ text: String) -> String { HTMLRenderer.escape(text) }
    func e(_ text: String) -> String { HTMLRenderer.escape(text) }

    mutating func document() {
        out += """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta http-equiv="Content-Security-Policy" content="\(ReviewReportHTML.contentSecurityPolicy)">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Review \(e(record.id)) — \(e(report.workspace))</title>
            <style>
            \(Self.style)
            </style>
            </head>
            <body>

            """
        header()
        scope()
        coverage()
        findings()
        actions()
        changes()
        trend()
        signOffs()
        auditLog()
        out += "<footer>Generated \(e(report.generated)) by planbench from \(e("reviews/\(record.id).yaml")) as committed on the current branch.</footer>\n"
        out += "</body>\n</html>\n"
    }

    // MARK: Header and scope

    mutating func header() {
        out += "<header>\n<p class=\"kicker\">\(e(report.workspace)) · adequacy review</p>\n"
        out += "<h1>Review \(e(record.id)) <span class=\"badge state-\(record.state.rawValue)\">\(e(record.state.rawValue))</span></h1>\n"
        out += "<p class=\"sub\">\(e(record.type.rawValue)) review of \(count(record.scope.count, "plan")) against \(e(report.edition.title)) (\(e(report.edition.id)))"
        if let decision = record.decision {
            out += " · decision\(record.state == .closed ? "" : " proposed"): <strong>\(e(decision.rawValue))</strong>"
        }
        out += "</p>\n"
        out += "<nav><a href=\"#scope\">Scope</a> <a href=\"#coverage\">Coverage</a> <a href=\"#findings\">Findings</a> <a href=\"#actions\">Actions</a> <a href=\"#changes\">Changes</a> <a href=\"#trend\">Trend</a> <a href=\"#signoffs\">Sign-offs</a> <a href=\"#log\">Audit log</a></nav>\n</header>\n"
    }

    mutating func scope() {
        out += "<section id=\"scope\">\n<h2>Scope and baseline</h2>\n<dl class=\"facts\">\n"
        func fact(_ term: String, _ html: String) { out += "<dt>\(term)</dt><dd>\(html)</dd>\n" }
        fact("Review", "<code>\(e(record.id))</code>, \(e(record.type.rawValue)), \(e(record.state.rawValue))")
        fact("Edition", "\(e(report.edition.title)) (<code>\(e(report.edition.id))</code>), <code>\(e(record.editionFingerprint))</code>")
        fact("Baseline", record.baseline.isEmpty
            ? "none: the record was written outside planbench; plans are shown as of <code>\(e(short(report.plansCommit)))</code>"
            : "<code>\(e(record.baseline))</code>")
        fact("Opened", e(record.opened))
        fact("Due", e(record.due) + (record.state != .closed && record.due < report.generated ? " <span class=\"overdue\">overdue</span>" : ""))
        if let closed = record.closed { fact("Closed", e(closed)) }
        if let decision = record.decision {
            fact("Decision", "<strong>\(e(decision.rawValue))</strong>\(record.state == .closed ? "" : " (proposed)")"
                + (record.decisionRationale.map { " — \(e($0))" } ?? ""))
        }
        if let next = record.nextReview { fact("Next review", e(next)) }
        for r in record.reviewers {
            fact("Reviewer", "\(e(r.name)) &lt;\(e(r.email))&gt; for <strong>\(e(r.party))</strong>\(r.remit.map { " — \(e($0))" } ?? "")")
        }
        if let note = record.note { fact("Note", e(note)) }
        let counts = ReviewReport.FindingCounts(record.findings)
        fact("Findings", counts.summary)
        out += "</dl>\n"
        let missing = report.plans.filter(\.isMissing)
        if !missing.isEmpty {
            out += "<p class=\"warning\">Not found at <code>\(e(short(report.plansCommit)))</code>: \(missing.map { e($0.id) }.joined(separator: ", ")).</p>\n"
        }
        let shown = 100
        out += "<h3>\(count(report.plans.count, "plan")) in scope</h3>\n"
        if report.plans.count <= shown {
            out += "<table class=\"plans\"><thead><tr><th>Plan</th><th>Title</th><th>Status</th></tr></thead><tbody>\n"
            for plan in report.plans {
                out += "<tr><td><code>\(e(plan.id))</code></td><td>\(e(plan.title))</td><td>\(plan.isMissing ? "not found" : e(plan.status))</td></tr>\n"
            }
            out += "</tbody></table>\n"
        } else {
            out += "<p class=\"scope-list\">\(report.plans.prefix(shown).map { "<code>\(e($0.id))</code>" }.joined(separator: ", ")) … and \(Numbers.grouped(report.plans.count - shown)) more (the JSON report lists every plan).</p>\n"
        }
        out += "</section>\n"
    }

    // MARK: Coverage heatmap

    mutating func coverage() {
        let map = CoverageHeatmap(report)
        out += "<section id=\"coverage\">\n<h2>Coverage of \(e(report.edition.id))</h2>\n"
        let uncovered = report.sections.count { $0.coverage == .uncovered }
        let notApplicable = report.sections.count { $0.coverage == .notApplicable }
        out += "<p>\(count(report.sections.count, "section")) against \(count(report.plans.count, "plan")): \(uncovered) uncovered, \(notApplicable) not applicable. "
        out += "Cells show the plans as committed at \(report.plansAreAtBaseline ? "the baseline" : "HEAD (the record has no baseline)"); contradicted and suspect come from the record's findings that are not resolved.</p>\n"
        out += map.legend()
        out += map.svg()
        out += "</section>\n"
    }

    // MARK: Findings and actions

    mutating func findings() {
        out += "<section id=\"findings\">\n<h2>Findings</h2>\n"
        guard !record.findings.isEmpty else {
            out += "<p>No findings.</p>\n</section>\n"
            return
        }
        // Kinds by status, as a summary above the full table.
        var byKind: [Finding.Kind: ReviewReport.FindingCounts] = [:]
        for finding in record.findings { byKind[finding.kind, default: ReviewReport.FindingCounts([])].count(finding.status) }
        out += "<table class=\"summary\"><thead><tr><th>Kind</th><th>Total</th><th>Open</th><th>Remediating</th><th>Resolved</th><th>Accepted</th><th>Not applicable</th></tr></thead><tbody>\n"
        for kind in Finding.Kind.allCases {
            guard let c = byKind[kind] else { continue }
            out += "<tr><td>\(e(kind.rawValue))</td><td>\(c.total)</td><td>\(c.open)</td><td>\(c.remediating)</td><td>\(c.resolved)</td><td>\(c.accepted)</td><td>\(c.notApplicable)</td></tr>\n"
        }
        out += "</tbody></table>\n"
        out += "<table class=\"findings\"><thead><tr><th>Finding</th><th>Severity</th><th>Kind</th><th>About</th><th>Status</th><th>Note, evidence, rationale</th></tr></thead><tbody>\n"
        for f in record.findings {
            out += "<tr class=\"finding\"><td class=\"nowrap\"><code>\(e(f.id))</code></td><td class=\"sev-\(f.severity.rawValue)\">\(f.severity.rawValue)</td><td class=\"nowrap\">\(e(f.kind.rawValue))</td>"
            out += "<td>\(about(f))</td><td>\(status(f))</td><td>\(e(f.note))"
            if let location = f.evidence.location {
                out += "<div class=\"evidence\"><code>\(e(location))</code>\(f.evidence.excerpt.map { ": \(e($0))" } ?? "")</div>"
            }
            if let rationale = f.rationale { out += "<div class=\"rationale\">Rationale: \(e(rationale))</div>" }
            if !f.isComputed { out += "<div class=\"origin\">Found by \(e(f.origin))</div>" }
            out += "</td></tr>\n"
        }
        out += "</tbody></table>\n</section>\n"
    }

    func about(_ f: Finding) -> String {
        var html = e(f.target.label)
        if let section = f.target.guidelineSection, let title = titles[section], f.target.edition == nil || f.target.edition == record.edition {
            html += "<div class=\"aside\">\(e(title))</div>"
        }
        if let owner = f.owner { html += "<div class=\"aside\">owner: \(e(owner))</div>" }
        return html
    }

    func status(_ f: Finding) -> String {
        var html = "<span class=\"badge st-\(f.status.rawValue)\">\(f.status.rawValue)</span>"
        if let r = f.remediation {
            html += "<div class=\"aside\">\(e(r.owner)) by \(e(r.deadline))\(f.status == .remediating && r.deadline < report.generated ? " <span class=\"overdue\">overdue</span>" : "")</div>"
        }
        if let until = f.until { html += "<div class=\"aside\">until \(e(until))</div>" }
        if let commit = f.resolvedBy { html += "<div class=\"aside\">at <code>\(e(short(commit)))</code></div>" }
        return html
    }

    mutating func actions() {
        out += "<section id=\"actions\">\n<h2>Actions by owner</h2>\n"
        let groups = report.actionsByOwner
        let open = record.openFindings.count
        if groups.isEmpty {
            out += "<p>No remediation is under way.</p>\n"
        }
        for group in groups {
            let overdue = group.findings.count { ($0.remediation?.deadline ?? "") < report.generated }
            out += "<h3>\(e(group.owner)) — \(count(group.findings.count, "action"))\(overdue > 0 ? ", <span class=\"overdue\">\(overdue) overdue</span>" : "")</h3>\n"
            out += "<table class=\"actions\"><thead><tr><th>Deadline</th><th>Finding</th><th>About</th><th>What</th></tr></thead><tbody>\n"
            for f in group.findings {
                let deadline = f.remediation?.deadline ?? ""
                out += "<tr><td>\(e(deadline))\(deadline < report.generated ? " <span class=\"overdue\">overdue</span>" : "")</td><td><code>\(e(f.id))</code></td><td>\(e(f.target.label))</td><td>\(e(f.rationale ?? f.note))</td></tr>\n"
            }
            out += "</tbody></table>\n"
        }
        if open > 0 {
            out += "<p class=\"warning\">\(count(open, "finding")) not disposed yet (no owner or deadline until someone decides on \(open == 1 ? "it" : "them")).</p>\n"
        }
        out += "</section>\n"
    }

    // MARK: Changes since the previous review

    mutating func changes() {
        out += "<section id=\"changes\">\n<h2>Changes since the previous review</h2>\n"
        let changes = report.changes
        switch changes.basis {
        case .noPreviousReview:
            out += "<p>No closed review before this one covers any of these plans: there is nothing to compare with.</p>\n"
        case .noBaseline:
            out += "<p>This review has no baseline commit, so its plans cannot be compared with an earlier review's.</p>\n"
        case .previousReviewWithoutBaseline(let id, let closed):
            out += "<p>The previous closed review, <code>\(e(id))</code>\(closed.map { " (closed \(e($0)))" } ?? ""), has no baseline commit (it was recorded outside planbench), so the changes since it cannot be shown.</p>\n"
        case .previousReview(let id, let baseline, let closed):
            out += "<p>From the baseline of <code>\(e(id))</code>\(closed.map { " (closed \(e($0)))" } ?? ""), <code>\(e(short(baseline)))</code>, to this review's, <code>\(e(short(record.baseline)))</code>: "
            let modified = changes.plans.filter { $0.kind == .modified }
            let added = changes.plans.filter { $0.kind == .added }.map(\.plan)
            let deleted = changes.plans.filter { $0.kind == .deleted }.map(\.plan)
            var parts: [String] = []
            if !modified.isEmpty { parts.append("\(count(modified.count, "plan")) changed") }
            if !added.isEmpty { parts.append("\(count(added.count, "plan")) added") }
            if !deleted.isEmpty { parts.append("\(count(deleted.count, "plan")) deleted") }
            out += parts.isEmpty ? "no plan in scope changed.</p>\n" : parts.joined(separator: ", ") + ".</p>\n"
            for (names, what) in [(added, "Added"), (deleted, "Deleted")] where !names.isEmpty {
                out += "<p class=\"scope-list\">\(what): \(names.prefix(100).map { "<code>\(e($0))</code>" }.joined(separator: ", "))\(names.count > 100 ? " … and \(Numbers.grouped(names.count - 100)) more" : "").</p>\n"
            }
            guard !modified.isEmpty else { break }
            out += "<table class=\"summary\"><thead><tr><th>Plan</th><th>Edits</th><th>Guideline sections touched</th></tr></thead><tbody>\n"
            for plan in modified {
                let sections = plan.groups.compactMap(\.section)
                out += "<tr><td><code>\(e(plan.plan))</code></td><td>\(plan.edits.count)</td><td>\(sections.map { "<code>\(e($0))</code>" }.joined(separator: ", "))</td></tr>\n"
            }
            out += "</tbody></table>\n"
            for plan in modified {
                out += "<h3><code>\(e(plan.plan))</code>, grouped by the Guideline sections its changes touch</h3>\n"
                for group in plan.groups {
                    let heading = group.section.map { "Guideline \(e($0))" + (titles[$0].map { " — \(e($0))" } ?? "") } ?? "Outside any cited Guideline section"
                    out += "<h4>\(heading)</h4>\n<div class=\"diff\">\n"
                    HTMLRenderer.appendTable(group.edits, oldLabel: "previous baseline", newLabel: "this baseline", to: &out)
                    out += "</div>\n"
                }
            }
        }
        out += "</section>\n"
    }

    // MARK: Trend, sign-offs, log

    mutating func trend() {
        out += "<section id=\"trend\">\n<h2>Trend across reviews</h2>\n"
        out += "<p>Reviews whose scope overlaps this one's, oldest first. Still open: open or being remediated; closed: resolved, accepted or not applicable.</p>\n"
        let most = max(1, report.trend.map(\.counts.total).max() ?? 1)
        out += "<table class=\"trend\"><thead><tr><th>Review</th><th>Opened</th><th>Closed</th><th>State</th><th>Decision</th><th>Findings</th><th>Still open</th><th>Closed</th><th class=\"bar\">Open / closed</th></tr></thead><tbody>\n"
        for row in report.trend {
            let c = row.counts
            let openWidth = 200 * c.stillOpen / most, closedWidth = 200 * c.closed / most
            out += "<tr\(row.isThisReview ? " class=\"this\"" : "")><td><code>\(e(row.review))</code>\(row.isThisReview ? " (this review)" : "")</td><td>\(e(row.opened))</td><td>\(e(row.closed ?? ""))</td>"
            out += "<td>\(row.state.rawValue)</td><td>\(e(row.decision?.rawValue ?? ""))</td><td>\(c.total)</td><td>\(c.stillOpen)</td><td>\(c.closed)</td>"
            out += "<td class=\"bar\"><svg class=\"trendbar\" viewBox=\"0 0 200 12\" preserveAspectRatio=\"none\">"
            out += "<rect class=\"t-open\" x=\"0\" y=\"1\" width=\"\(openWidth)\" height=\"10\"><title>\(c.stillOpen) still open</title></rect>"
            out += "<rect class=\"t-closed\" x=\"\(openWidth)\" y=\"1\" width=\"\(closedWidth)\" height=\"10\"><title>\(c.closed) closed</title></rect></svg></td></tr>\n"
        }
        out += "</tbody></table>\n</section>\n"
    }

    mutating func signOffs() {
        out += "<section id=\"signoffs\">\n<h2>Sign-offs</h2>\n"
        if report.signOffs.isEmpty {
            out += "<p>No one has signed yet.</p>\n"
        } else {
            out += "<table class=\"signoffs\"><thead><tr><th>Name</th><th>Party</th><th>Meaning</th><th>Signed</th><th>Status</th></tr></thead><tbody>\n"
            for s in report.signOffs {
                let o = s.signOff
                out += "<tr class=\"signoff\"><td>\(e(o.name)) &lt;\(e(o.email))&gt;</td><td>\(e(o.party))</td><td>\(o.meaning.rawValue)</td><td>\(e(o.at))</td>"
                out += s.isCurrent
                    ? "<td><span class=\"current\">current</span></td></tr>\n"
                    : "<td><span class=\"outdated\">outdated</span><div class=\"aside\">the record changed after it was signed</div></td></tr>\n"
            }
            out += "</tbody></table>\n"
        }
        let missing = report.partiesNotConcurred
        if record.state != .closed {
            out += missing.isEmpty
                ? "<p>Every party has a current concurrence.</p>\n"
                : "<p class=\"warning\">No current concurrence from: \(missing.map { e($0) }.joined(separator: ", ")).</p>\n"
        }
        out += "<p class=\"aside\">A sign-off covers the record's content fingerprint <code>\(e(report.contentFingerprint))</code> (scope, baseline, edition, findings and their dispositions, decision); any later change makes it outdated.</p>\n"
        out += "</section>\n"
    }

    mutating func auditLog() {
        out += "<section id=\"log\">\n<h2>Audit log</h2>\n"
        out += "<table class=\"log\"><thead><tr><th>When</th><th>Who</th><th>Action</th><th>Finding</th><th>Note</th></tr></thead><tbody>\n"
        for (finding, entry) in report.auditLog {
            out += "<tr><td>\(e(entry.at))</td><td>\(e(entry.by))</td><td>\(e(entry.action))</td><td>\(finding.map { "<code>\(e($0))</code>" } ?? "")</td><td>\(e(entry.note ?? ""))</td></tr>\n"
        }
        out += "</tbody></table>\n"
        out += "<p class=\"aside\">Each computed finding's own “found” entry is left out: the record's open and refresh entries say when the checks ran.</p>\n"
        out += "</section>\n"
    }

    // MARK: Helpers

    func count(_ n: Int, _ noun: String) -> String { "\(Numbers.grouped(n)) \(noun)\(n == 1 ? "" : "s")" }

    func short(_ commit: String) -> String { String(commit.prefix(12)) }

    /// At most `limit` characters, with `…` when cut.
    func truncated(_ text: String, _ limit: Int) -> String {
        text.count <= limit ? text : String(text.prefix(max(1, limit - 1))) + "…"
    }

    static let style = """
        * { box-sizing: border-box; }
        html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
        body { font: 13px/1.45 system-ui, "Segoe UI", "DejaVu Sans", sans-serif; color: #1b1b1b; background: #fff; max-width: 1240px; margin: 24px auto; padding: 0 20px; }
        header { border-bottom: 3px solid #1f3a5f; padding-bottom: 8px; margin-bottom: 8px; }
        .kicker { margin: 0; color: #1f3a5f; font-weight: 600; text-transform: uppercase; letter-spacing: .06em; font-size: .8em; }
        h1 { font-size: 1.6em; margin: .1em 0 .2em; }
        h2 { font-size: 1.2em; margin: 1.8em 0 .6em; padding-bottom: .2em; border-bottom: 1px solid #9aa7b8; color: #1f3a5f; }
        h3 { font-size: 1.02em; margin: 1.2em 0 .4em; }
        h4 { font-size: .95em; margin: 1em 0 .3em; color: #333; }
        .sub { margin: 0 0 .6em; color: #444; }
        nav a { margin-right: 1em; color: #1f3a5f; }
        table { border-collapse: collapse; width: 100%; margin: .4em 0 1em; }
        th, td { border: 1px solid #d3d7de; padding: 3px 6px; text-align: left; vertical-align: top; }
        th { background: #eef1f5; font-weight: 600; }
        table.summary { width: auto; }
        code { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: .92em; }
        dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 0 0 .8em; }
        dl.facts dt { font-weight: 600; color: #444; }
        dl.facts dd { margin: 0; }
        .scope-list { font-size: .9em; }
        .badge { display: inline-block; padding: 0 6px; border-radius: 3px; font-size: .82em; font-weight: 600; border: 1px solid #bbb; white-space: nowrap; }
        h1 .badge { font-size: .5em; vertical-align: middle; }
        .st-open, .state-open { background: #fde2e1; border-color: #e5a3a0; }
        .st-remediating, .state-awaiting-concurrence { background: #fff1c2; border-color: #e0c060; }
        .st-resolved, .state-closed { background: #dcf3e2; border-color: #8cc79d; }
        .st-accepted { background: #e3eaf5; border-color: #9cb0d0; }
        .st-not-applicable { background: #eeeeee; }
        .sev-high { color: #b42318; font-weight: 700; }
        .sev-medium { color: #9a6700; font-weight: 600; }
        .aside, .evidence, .rationale, .origin { color: #555; font-size: .9em; }
        .evidence code { word-break: break-all; }
        td.nowrap { white-space: nowrap; }
        .current { color: #1a7f37; font-weight: 700; }
        .outdated { color: #b42318; font-weight: 700; }
        .overdue { color: #b42318; font-weight: 700; }
        .warning { color: #7a2e0e; background: #fff4e5; border-left: 3px solid #e8a33d; padding: 4px 8px; }
        \(CoverageHeatmap.style)
        .diff td.path { width: 24%; font-family: ui-monospace, "DejaVu Sans Mono", monospace; word-break: break-all; }
        .diff td.old, .diff td.new { white-space: pre-wrap; font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: .9em; }
        .diff table { table-layout: fixed; }
        .diff tr.add td.new, ins { background: #d9f5dd; text-decoration: none; }
        .diff tr.remove td.old, del { background: #fbdada; }
        .diff tr.move td { background: #e6f0fb; }
        .diff .kind { color: #666; font-size: .85em; }
        tr.this td { background: #f5f8fc; font-weight: 600; }
        .t-open { fill: #d73027; }
        .t-closed { fill: #1a9850; }
        th.bar { min-width: 8em; }
        svg.trendbar { display: block; width: 100%; height: 12px; }
        footer { margin-top: 2.5em; padding-top: 6px; border-top: 1px solid #ccc; color: #555; font-size: .85em; }
        @page { size: A4; margin: 14mm 12mm; }
        @media print {
          body { max-width: none; margin: 0; padding: 0; font-size: 9pt; }
          nav { display: none; }
          h2, h3, h4 { break-after: avoid; page-break-after: avoid; }
          tr, .legend, dl.facts { break-inside: avoid; page-break-inside: avoid; }
          thead { display: table-header-group; }
          svg.heatmap { break-inside: avoid; page-break-inside: avoid; max-height: 260mm; width: auto; }
          a { color: inherit; text-decoration: none; }
        }
        """
}
