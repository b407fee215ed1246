// The coverage figure of the dashboard and the Guidelines pages: one row per
// Guideline section, coloured by how many plans cite it, outlined where a
// citation is suspect or contradicts the section's roles. Built from
// `CoverageReport` values only; the review report's SVG heatmap (PlanReport)
// renders the same values and can take this function's place unchanged for
// its callers.
import PlanBench

enum CoverageView {
    /// The heat class of a section: uncovered (0), then 1, 2-3, 4-9, 10 and more citing plans.
    static func heat(_ section: CoverageReport.Section) -> Int {
        let n = section.citations.count
        if !section.isCovered { return 0 }
        return n <= 1 ? 1 : (n <= 3 ? 2 : (n <= 9 ? 3 : 4))
    }

    /// The heatmap as a table (it reads without colour: counts and words are in the cells).
    static func heatmap(_ report: CoverageReport) -> HTML {
        var rows: [HTML] = []
        for section in report.sections {
            let suspect = section.citations.reduce(0) { $0 + $1.suspectCitations }
            let contradicted = section.citations.reduce(0) { $0 + $1.contradictedAssignments }
            let warn = suspect + contradicted > 0
            let cell: HTML = section.isCovered
                ? (section.citations.isEmpty ? "via sub-sections" : "\(section.citations.count) plan\(section.citations.count == 1 ? "" : "s")")
                : "uncovered"
            let notes: [HTML] = [
                suspect > 0 ? "<span class=\"badge suspect\">\(suspect) suspect</span>" : nil,
                contradicted > 0 ? "<span class=\"badge contradicted\">\(contradicted) contradicted</span>" : nil,
            ].compactMap { $0 }
            rows.append("""
                <tr><td class="label">\(HTML(trusted: String(repeating: "&nbsp;&nbsp;", count: section.depth)))<a href="\(url: URLPath("guidelines", report.edition, fragment: section.id))">\(section.id)</a> <span class="muted">\(section.title)</span></td>\
                <td class="heat-\(heat(section))\(HTML(trusted: warn ? " heat-warn" : ""))">\(cell)</td><td>\(notes.joined(separator: " "))</td></tr>

                """)
        }
        let uncovered = report.uncovered.count
        return """
            <p class="muted">\(report.sections.count) sections of \(report.edition); \(uncovered) uncovered. Colour: red uncovered, green by the number of citing plans; an orange outline marks suspect or contradicted citations.</p>
            <table class="heatmap" id="coverage"><tr><th>Section</th><th>Cited by</th><th>Problems</th></tr>
            \(rows)</table>

            """
    }
}
