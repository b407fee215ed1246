import Foundation
import PlanDiff
import PlanDocument
import PlanReport
import PlanReview
import Testing

/// Reports built from plain values, as the workspace would compose them.
enum Fixture {
    static let hostile = "<script>alert(1)</script>"

    static let sections: [ReviewReport.Section] = [
        .init(id: "IV", title: "Seamlessly Ensuring Japan's Peace and Security", depth: 0, coverage: .cited),
        .init(id: "IV.A", title: "Cooperative Measures from Peacetime", depth: 1, coverage: .cited),
        .init(id: "IV.A.1", title: "Intelligence, Surveillance, and Reconnaissance", depth: 2, coverage: .cited),
        .init(id: "IV.A.2", title: "Air and Missile Defense", depth: 2, coverage: .cited),
        .init(id: "IV.B.3", title: "Measures to Deal with Refugees", depth: 2, coverage: .uncovered),
        .init(id: "V.A.1", title: "Peacekeeping Operations", depth: 2, coverage: .notApplicable),
    ]

    /// `count` plans; the first cites IV.A.1 with contradicted roles, the second's citation of IV.A.2 is suspect.
    static func plans(_ count: Int, firstTitle: String = "Bilateral ISR") -> [ReviewReport.Plan] {
        (0..<count).map { i in
            var cells: [String: ReviewReport.CellState] = ["IV.A.1": .covered]
            if i == 0 { cells["IV.A.1"] = .contradicted }
            if i == 1 { cells["IV.A.2"] = .suspect }
            return ReviewReport.Plan(id: "plan-\(i)", title: i == 0 ? firstTitle : "Plan \(i)", status: "approved", cells: cells)
        }
    }

    static func record(scope: [String], note: String = "no plan cites IV.B.3") -> ReviewRecord {
        var record = ReviewRecord(
            id: "q4", type: .periodic, edition: "jus-2015", editionFingerprint: "sha256:00", baseline: "b2" + String(repeating: "0", count: 38),
            scope: scope, opened: "2026-11-26", due: "2026-12-26")
        record.add(
            computed: [
                ComputedFinding(
                    kind: .uncoveredSection, target: .init(edition: "jus-2015", guidelineSection: "IV.B.3"), evidence: .init(),
                    severity: .low, owner: nil, note: note),
                ComputedFinding(
                    kind: .roleContradiction,
                    target: .init(plan: scope[0], planSection: "concept", edition: "jus-2015", guidelineSection: "IV.A.1", actor: "sdf"),
                    evidence: .init(location: "plans/\(scope[0]).yaml:12", excerpt: "actor: sdf"), severity: .high, owner: "japan",
                    note: "roles contradict IV.A.1"),
            ],
            commit: "b2", by: "A <a@example.org>", at: "2026-11-26T10:00:00+09:00")
        try! record.dispose(
            record.findings[1].id, .remediate(owner: "japan", deadline: "2026-12-01"), rationale: "SDF redrafts the roles",
            by: "Sato Hanako <h.sato@example.mod.go.jp>", at: "2026-11-26T11:00:00+09:00")
        record.signoffs = [
            .init(party: "japan", name: "Sato Hanako", email: "h.sato@example.mod.go.jp", meaning: .reviewed, at: "2026-11-26T12:00:00+09:00", fingerprint: "sha256:now"),
            .init(party: "united-states", name: "Emily Carter", email: "emily.carter@example.mil", meaning: .reviewed, at: "2026-11-25T20:00:00-05:00", fingerprint: "sha256:before"),
        ]
        return record
    }

    static func report(plans count: Int = 3, firstTitle: String = "Bilateral ISR", note: String = "no plan cites IV.B.3", changes: ReviewReport.Changes? = nil) -> ReviewReport {
        let plans = plans(count, firstTitle: firstTitle)
        let record = record(scope: plans.map(\.id), note: note)
        return ReviewReport(
            record: record, workspace: "Example", edition: .init(id: "jus-2015", title: "The Guidelines for Japan-U.S. Defense Cooperation"),
            sections: sections, plans: plans, plansCommit: record.baseline, plansAreAtBaseline: true, contentFingerprint: "sha256:now",
            signOffs: record.signoffs.map { .init(signOff: $0, isCurrent: $0.fingerprint == "sha256:now") },
            parties: ["japan", "united-states"], changes: changes ?? .init(basis: .noPreviousReview, plans: []),
            trend: [
                .init(review: "2026-05", opened: "2026-04-27", closed: "2026-05-12", state: .closed, decision: .adequate, counts: .init([]), isThisReview: false),
                .init(record, isThisReview: true),
            ],
            generated: "2026-12-05")
    }

    /// Occurrences of `needle` in `text`.
    static func count(_ needle: String, in text: String) -> Int {
        text.components(separatedBy: needle).count - 1
    }
}

@Suite struct ReviewReportHTMLTests {
    @Test func documentTextIsEscapedEverywhere() {
        let html = ReviewReportHTML.render(Fixture.report(firstTitle: Fixture.hostile, note: "a \"quoted\" <img src=x onerror=alert(2)> & more"))
        #expect(!html.contains("<script"))
        #expect(!html.contains("<img"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(html.contains("&lt;img src=x onerror=alert(2)&gt; &amp; more"))
        #expect(html.contains("&quot;quoted&quot;"))
    }

    @Test func pageForbidsScriptsAndLoadsNothingFromOutside() {
        let html = ReviewReportHTML.render(Fixture.report())
        #expect(html.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline';"))
        #expect(!html.contains("http://") && !html.contains("https://"))
        #expect(!html.contains("<link") && !html.contains("<img") && !html.contains("url("))
        #expect(html.contains("@media print"))
    }

    @Test func heatmapHasACellPerSectionAndPlanAndALegendOfEveryState() {
        let report = Fixture.report(plans: 3)
        let html = ReviewReportHTML.render(report)
        #expect(Fixture.count("<rect class=\"cell ", in: html) == report.sections.count * 3)
        for state in ["contradicted", "suspect", "uncovered", "covered", "not-applicable", "none"] {
            #expect(html.contains("<span class=\"swatch s-\(state)\">"), "legend lacks \(state)")
        }
        #expect(html.contains("<rect class=\"cell s-contradicted\""))
        #expect(html.contains("IV.A.1 × plan-0: contradicted</title>"))
        #expect(html.contains("IV.A.2 × plan-1: suspect</title>"))
        #expect(html.contains("IV.A.2 × plan-0: not cited</title>"))
        #expect(Fixture.count("<rect class=\"cell s-uncovered\"", in: html) == 3)
        #expect(Fixture.count("<rect class=\"cell s-not-applicable\"", in: html) == 3)
        #expect(html.contains("One column per plan"))
    }

    @Test(arguments: [(60, 60, 1), (61, 31, 2), (1_000, 59, 17), (10_000, 60, 167)])
    func plansAreGroupedIntoAtMostSixtyColumns(plans: Int, columns: Int, perColumn: Int) {
        let report = Fixture.report(plans: plans)
        let map = CoverageHeatmap(report)
        #expect(map.columns.count == columns)
        #expect(map.plansPerColumn == perColumn)
        #expect(map.columns.map(\.plans.count).reduce(0, +) == plans)
        let html = ReviewReportHTML.render(report)
        #expect(Fixture.count("<rect class=\"cell ", in: html) == report.sections.count * columns)
        if perColumn > 1 {
            #expect(html.contains("Each column groups \(perColumn) consecutive plans"))
        }
        if plans == 10_000 {
            #expect(html.contains("<h3>10,000 plans in scope</h3>"))
            #expect(html.contains("(60 columns for 10,000 plans)"))
        }
    }

    @Test func aGroupedCellShowsItsWorstStateAndCounts() throws {
        let report = Fixture.report(plans: 200)
        let map = CoverageHeatmap(report)
        let row = try #require(report.sections.firstIndex { $0.id == "IV.A.1" })
        let first = map.rows[row][0]
        #expect(first.state == .contradicted)
        #expect(first.counts == [.contradicted: 1, .covered: 3])
        #expect(CoverageHeatmap.describe(first) == "1 contradicted, 3 covered")
        #expect(map.rows[row][1].state == .covered)
        let suspectRow = try #require(report.sections.firstIndex { $0.id == "IV.A.2" })
        #expect(CoverageHeatmap.describe(map.rows[suspectRow][0]) == "1 suspect, 3 not citing")
        #expect(map.rows[suspectRow][1].state == nil)
        let html = ReviewReportHTML.render(report)
        #expect(html.contains("IV.A.1 × plans 1–4 of 200: plan-0 … plan-3: 1 contradicted, 3 covered</title>"))
    }

    @Test func signOffsSayWhetherTheyAreCurrent() {
        let html = ReviewReportHTML.render(Fixture.report())
        let rows = html.components(separatedBy: "<tr class=\"signoff\">").dropFirst()
        #expect(rows.count == 2)
        #expect(rows.first { $0.contains("Sato Hanako") }?.contains("<span class=\"current\">current</span>") == true)
        #expect(rows.first { $0.contains("Emily Carter") }?.contains("<span class=\"outdated\">outdated</span>") == true)
        #expect(html.contains("No current concurrence from: japan, united-states."))
    }

    @Test func actionsAreListedByOwnerWithOverdueDeadlines() {
        let html = ReviewReportHTML.render(Fixture.report())
        #expect(html.contains("<h3>japan — 1 action, <span class=\"overdue\">1 overdue</span></h3>"))
        #expect(html.contains("<td>2026-12-01 <span class=\"overdue\">overdue</span></td>"))
    }

    @Test func changesAreGroupedByGuidelineSectionAndEscaped() {
        let old: Node = ["id": "plan-0", "sections": [["id": "concept", "citations": [["section": "IV.A.1"]], "prose": "Each force plans."]]]
        let new: Node = ["id": "plan-0", "sections": [["id": "concept", "citations": [["section": "IV.A.1"]], "prose": "Each force plans <b>jointly</b>."]]]
        let edits = StructuralDiff.diff(old, new)
        let change = ReviewReport.PlanChange(
            plan: "plan-0", path: "plans/plan-0.yaml", kind: .modified, edits: edits, groups: GuidelineGrouping.group(edits, old: old, new: new))
        let report = Fixture.report(changes: .init(basis: .previousReview(id: "2026-05", baseline: "a1b2c3d4e5f6a7b8", closed: "2026-05-12"), plans: [change]))
        let html = ReviewReportHTML.render(report)
        #expect(html.contains("<h4>Guideline IV.A.1 — Intelligence, Surveillance, and Reconnaissance</h4>"))
        #expect(html.contains("&lt;b&gt;jointly&lt;/b&gt;"))
        #expect(!html.contains("<b>jointly"))
        #expect(html.contains("From the baseline of <code>2026-05</code> (closed 2026-05-12)"))
        let markdown = ReviewReportMarkdown.render(report)
        #expect(markdown.contains("**Guideline `IV.A.1` — Intelligence, Surveillance, and Reconnaissance**"))
        #expect(markdown.contains("- `sections[concept].prose` text: Each force plans **&lt;b&gt;jointly&lt;/b&gt;**."), "\(markdown)")
    }

    @Test func aPreviousReviewWithoutBaselineIsSaidPlainly() {
        let report = Fixture.report(changes: .init(basis: .previousReviewWithoutBaseline(id: "2026-05-isr-annual", closed: "2026-05-12"), plans: []))
        #expect(ReviewReportHTML.render(report).contains("has no baseline commit (it was recorded outside planbench)"))
        #expect(ReviewReportMarkdown.render(report).contains("has no baseline commit"))
    }

    @Test func auditLogIsInTimeOrderAcrossOffsets() {
        var report = Fixture.report()
        report.record.log = [
            .init(at: "2026-11-26T09:30:00+09:00", by: "A", action: "later"),
            .init(at: "2026-11-25T19:00:00-05:00", by: "B", action: "earlier"),  // 2026-11-26T09:00+09:00
        ]
        let actions = report.auditLog.filter { $0.finding == nil }.map(\.entry.action)
        #expect(actions == ["earlier", "later"])
        // A computed finding's own "found" entry is left out; a person's disposition is in.
        #expect(report.auditLog.contains { $0.entry.action == "remediate" })
        #expect(!report.auditLog.contains { $0.entry.action == "found" })
    }
}

@Suite struct ReviewReportMarkdownTests {
    @Test func findingsSignOffsAndTrendAreTables() {
        let markdown = ReviewReportMarkdown.render(Fixture.report())
        #expect(markdown.contains("| Finding | Severity | Kind | About | Status | Note |\n|---|---|---|---|---|---|\n"))
        #expect(markdown.contains("| high | role-contradiction | plan-0/concept, jus-2015 IV.A.1, actor sdf | remediating (japan by 2026-12-01) |"))
        #expect(markdown.contains("| Sato Hanako &lt;h.sato@example.mod.go.jp&gt; | japan | reviewed | 2026-11-26T12:00:00+09:00 | current |"))
        #expect(markdown.contains("| **outdated** (the record changed after it was signed) |"))
        #expect(markdown.contains("| Review | Opened | Closed | State | Decision | Findings | Still open | Closed |\n|---|---|---|---|---|---:|---:|---:|\n"))
        #expect(markdown.contains("| `q4` (this review) | 2026-11-26 |  | open |  | 2 | 2 | 0 |"))
        #expect(markdown.contains("| · · `IV.A.1` | Intelligence, Surveillance, and Reconnaissance | cited | 2 | 0 | 1 |"))
        #expect(markdown.contains("| · · `IV.B.3` | Measures to Deal with Refugees | uncovered | 0 | 0 | 0 |"))
    }

    @Test func documentTextCannotBreakTablesOrInjectMarkup() {
        let markdown = ReviewReportMarkdown.render(Fixture.report(firstTitle: Fixture.hostile, note: "a | b\nnew row *bold* [link](x)"))
        #expect(!markdown.contains("<script"))
        #expect(markdown.contains("a \\| b new row \\*bold\\* \\[link\\](x)"))
        for line in markdown.split(separator: "\n") where line.hasPrefix("| `F-") {
            // Escaped pipes do not count: every finding row has the header's seven separators.
            #expect(line.replacingOccurrences(of: "\\|", with: "").filter { $0 == "|" }.count == 7)
        }
    }
}

@Suite struct ReviewReportJSONTests {
    @Test func jsonHasEverySectionWithItsCitingPlans() throws {
        let text = JSONWriter.write(ReviewReportJSON.node(Fixture.report(plans: 3)), pretty: true)
        let node = try JSONReader().read(text)
        #expect(node["format"]?.string == "planbench-review-report/1")
        let sections = try #require(node["coverage"]?["sections"]?.sequence)
        #expect(sections.count == Fixture.sections.count)
        let isr = try #require(sections.first { $0["id"]?.string == "IV.A.1" })
        #expect(isr["contradicted"]?.sequence?.compactMap(\.string) == ["plan-0"])
        #expect(isr["covered"]?.sequence?.compactMap(\.string) == ["plan-1", "plan-2"])
        #expect(node["review"]?["signoffs"]?[1]?["current"]?.bool == false)
        #expect(node["changes"]?["basis"]?["kind"]?.string == "no-previous-review")
    }
}
