// The coverage figure of the dashboard and the Guidelines pages: the review
// report's heatmap (PlanReport's `CoverageHeatmap`, the SVG `report review`
// draws), here over every plan at the branch's tip rather than a review's
// scope. The desk's `CoverageReport` values are mapped onto the report's
// sections and plan cells; the SVG is plain markup (no script, no style
// attribute), so the desk's Content-Security-Policy leaves it whole, and its
// style rules are part of the desk's stylesheet.
import PlanBench
import PlanReport

enum CoverageView {
    /// The heatmap of `report`, one column per plan (grouped above 60 plans) in
    /// `plans` order: superseded plans leave coverage and get no column, nor do
    /// plans of another edition that cite none of this one's sections.
    static func heatmap(_ report: CoverageReport, plans: [PlanSummary]) -> HTML {
        let map = CoverageHeatmap(sections: sections(report), plans: cells(report, plans: plans))
        let uncovered = report.uncovered.count
        return """
            <p class="muted">\(report.sections.count) sections of \(report.edition) against \(map.columns.last.map { $0.plans.upperBound } ?? 0) plans at the branch's tip; \(uncovered) uncovered.</p>
            \(HTML(trusted: map.legend()))
            <div class="heatmap-frame">\(HTML(trusted: map.svg()))</div>

            """
    }

    /// The edition's sections, covered when cited directly or through a sub-section.
    static func sections(_ report: CoverageReport) -> [ReviewReport.Section] {
        report.sections.map { section in
            ReviewReport.Section(id: section.id, title: section.title, depth: section.depth, coverage: section.isCovered ? .cited : .uncovered)
        }
    }

    /// Each plan's cells: contradicted where its roles contradict the section,
    /// else suspect where its citation is pinned to an earlier text, else covered.
    static func cells(_ report: CoverageReport, plans: [PlanSummary]) -> [ReviewReport.Plan] {
        let counted = plans.filter { $0.status != "superseded" }
        var result = counted.map { ReviewReport.Plan(id: $0.id, title: $0.title, status: $0.status, cells: [:]) }
        let index = Dictionary(counted.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        for section in report.sections {
            for citation in section.citations {
                guard let plan = index[citation.plan] else { continue }
                let state: ReviewReport.CellState =
                    citation.contradictedAssignments > 0 || !citation.isRoleConsistent
                    ? .contradicted : (citation.isSuspect || citation.suspectCitations > 0 ? .suspect : .covered)
                result[plan].cells[section.id] = max(result[plan].cells[section.id] ?? state, state)
            }
        }
        // Plans of another edition that cite none of this one's sections have no column.
        return result.enumerated().filter { counted[$0.offset].edition == report.edition || !$0.element.cells.isEmpty }.map(\.element)
    }
}
