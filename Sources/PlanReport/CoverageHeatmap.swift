// The coverage heatmap as a grid: Guideline sections down, plans across.
// Up to `maxColumns` plans get a column each; more plans share columns, so
// the picture stays the same size at 10,000 plans as at 60. Drawn as one
// SVG with its legend and style rules: the review report shows it, and so
// does the review desk's dashboard (plain markup, no script, no inline
// style attribute, so a strict Content-Security-Policy leaves it whole).
import PlanDiff

/// Sections against plans, each cell the state of one plan (or the worst
/// of a group of plans) for one section.
public struct CoverageHeatmap: Sendable {
    /// The most plan columns drawn; above it plans are grouped.
    public static let defaultMaxColumns = 60

    /// One column: one plan, or consecutive plans of the scope.
    public struct Column: Sendable, Equatable {
        /// Indices into ``ReviewReport/plans``.
        public var plans: Range<Int>
        /// The plan id, or `#1–167` for a group.
        public var label: String
        /// What the column holds, for a hover title.
        public var title: String
    }

    /// One cell: the worst state among its plans, and how many plans are in each.
    public struct Cell: Sendable, Equatable {
        /// `nil`: no plan of the column cites the section.
        public var state: ReviewReport.CellState?
        /// Plans of the column per state.
        public var counts: [ReviewReport.CellState: Int]
        /// Plans of the column that do not cite the section.
        public var notCiting: Int
    }

    public var columns: [Column]
    /// The sections, one row each.
    public var sections: [ReviewReport.Section]
    /// One row per section of ``sections``, one cell per column.
    public var rows: [[Cell]]
    /// Sections some plan cites itself (a cited section without is covered through its sub-sections).
    public var citedDirectly: Set<String>
    /// How many plans a full column holds (1: one column per plan).
    public var plansPerColumn: Int

    public var isAggregated: Bool { plansPerColumn > 1 }

    /// Lays out the report's plans and sections.
    ///
    /// - Complexity: O(sections × columns + the plans' cells).
    public init(_ report: ReviewReport, maxColumns: Int = defaultMaxColumns) {
        self.init(sections: report.sections, plans: report.plans, maxColumns: maxColumns)
    }

    /// Lays out plans against sections: the columns in the order of `plans`.
    ///
    /// - Complexity: O(sections × columns + the plans' cells).
    public init(sections: [ReviewReport.Section], plans: [ReviewReport.Plan], maxColumns: Int = defaultMaxColumns) {
        self.sections = sections
        var cited = Set<String>()
        for plan in plans { cited.formUnion(plan.cells.keys) }
        citedDirectly = cited
        let perColumn = plans.count <= maxColumns ? 1 : (plans.count + maxColumns - 1) / maxColumns
        plansPerColumn = perColumn
        let columns = stride(from: 0, to: plans.count, by: perColumn).map { start in
            let range = start..<min(start + perColumn, plans.count)
            if perColumn == 1 {
                let plan = plans[start]
                return Column(
                    plans: range, label: plan.id,
                    title: "\(plan.id): \(plan.title)" + (plan.isMissing ? " (not found)" : plan.status.isEmpty ? "" : " (\(plan.status))"))
            }
            return Column(
                plans: range, label: "#\(range.lowerBound + 1)–\(range.upperBound)",
                title: "plans \(range.lowerBound + 1)–\(range.upperBound) of \(plans.count): \(plans[range.lowerBound].id) … \(plans[range.upperBound - 1].id)")
        }
        self.columns = columns
        let rowOf = Dictionary(sections.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        // Counts per (row, column), filled from each plan's cited sections only.
        var counts = Array(
            repeating: Array(repeating: [ReviewReport.CellState: Int](), count: columns.count), count: sections.count)
        for (index, plan) in plans.enumerated() {
            let column = index / perColumn
            for (section, state) in plan.cells {
                guard let row = rowOf[section] else { continue }
                counts[row][column][state, default: 0] += 1
            }
        }
        rows = sections.enumerated().map { row, section in
            columns.enumerated().map { column, info in
                let size = info.plans.count
                switch section.coverage {
                case .uncovered: return Cell(state: .uncovered, counts: [.uncovered: size], notCiting: 0)
                case .notApplicable: return Cell(state: .notApplicable, counts: [.notApplicable: size], notCiting: 0)
                case .cited:
                    let c = counts[row][column]
                    return Cell(state: c.keys.max(), counts: c, notCiting: size - c.values.reduce(0, +))
                }
            }
        }
    }

    /// `12 contradicted, 3 suspect, 40 covered, 112 not citing`, most serious first.
    public static func describe(_ cell: Cell) -> String {
        var parts = ReviewReport.CellState.allCases.reversed().compactMap { state in
            cell.counts[state].map { "\($0) \(state.label)" }
        }
        if cell.notCiting > 0 { parts.append("\(cell.notCiting) not citing") }
        return parts.joined(separator: ", ")
    }
}

// MARK: Drawing

extension CoverageHeatmap {
    /// The legend: a swatch per state, and how to read the columns.
    public func legend() -> String {
        var out = "<ul class=\"legend\">\n"
        for state in ReviewReport.CellState.allCases.reversed() {
            out += "<li><span class=\"swatch s-\(state.rawValue)\"></span>\(Self.legendText[state]!)</li>\n"
        }
        out += "<li><span class=\"swatch s-none\"></span>empty: the plan does not cite the section</li>\n</ul>\n"
        out += "<p class=\"legend-note\">"
        let plans = columns.last.map { $0.plans.upperBound } ?? 0
        out += isAggregated
            ? "Each column groups \(plansPerColumn) consecutive plans (\(columns.count) columns for \(Numbers.grouped(plans)) plans); a cell is coloured by the worst state among its plans, and its title (hover) gives the count of plans in each state."
            : "One column per plan; hover a cell for its section and plan."
        out += "</p>\n"
        return out
    }

    static let legendText: [ReviewReport.CellState: String] = [
        .contradicted: "contradicted: the plan's roles contradict the section's role statements",
        .suspect: "suspect: the plan cites an earlier text of the section",
        .uncovered: "uncovered: no plan in scope cites the section",
        .covered: "covered: the plan cites the section",
        .notApplicable: "not applicable: uncovered, and found not to apply",
    ]

    /// The heatmap as one `<svg>` element; every document string in it is escaped.
    public func svg() -> String {
        func e(_ text: String) -> String { HTMLRenderer.escape(text) }
        func truncated(_ text: String, _ limit: Int) -> String { text.count <= limit ? text : String(text.prefix(max(1, limit - 1))) + "…" }
        var out = ""
        let count = columns.count
        // Column labels are at most 24 characters, rotated 60°: about 130 px
        // tall and 70 px wide beyond their column.
        let labelWidth = 320, rowHeight = 16, header = 140
        let cellWidth = count == 0 ? 16 : max(14, min(36, 800 / count))
        let width = labelWidth + max(count, 1) * cellWidth + 80
        let height = header + sections.count * rowHeight + 8
        out += "<svg class=\"heatmap\" viewBox=\"0 0 \(width) \(height)\" width=\"\(width)\" height=\"\(height)\" role=\"img\" aria-label=\"Coverage heatmap: \(sections.count) sections by \(count) columns\">\n"
        // Column labels, rotated.
        for (c, column) in columns.enumerated() {
            let x = labelWidth + c * cellWidth + cellWidth / 2 + 4
            out += "<text class=\"col\" transform=\"translate(\(x),\(header - 6)) rotate(-60)\">\(e(truncated(column.label, 24)))<title>\(e(column.title))</title></text>\n"
        }
        for (r, section) in sections.enumerated() {
            let y = header + r * rowHeight
            if section.depth == 0 && r > 0 {
                out += "<line class=\"part\" x1=\"0\" y1=\"\(y)\" x2=\"\(width)\" y2=\"\(y)\"/>\n"
            }
            let indent = 4 + section.depth * 10
            let room = max(8, (labelWidth - indent - 8) / 6 - section.id.count - 2)
            let via = section.coverage == .cited && !citedDirectly.contains(section.id) ? " (covered through its sub-sections)" : ""
            out += "<text class=\"row\" x=\"\(indent)\" y=\"\(y + 12)\"><tspan class=\"sid\">\(e(section.id))</tspan> \(e(truncated(section.title, room)))<title>\(e(section.id)) \(e(section.title))\(via)</title></text>\n"
            for (c, cell) in rows[r].enumerated() {
                let state = cell.state?.rawValue ?? "none"
                let column = columns[c]
                let who = isAggregated ? column.title : column.label
                let what = isAggregated ? Self.describe(cell) : (cell.state?.label ?? "not cited")
                out += "<rect class=\"cell s-\(state)\" x=\"\(labelWidth + c * cellWidth)\" y=\"\(y + 1)\" width=\"\(cellWidth - 2)\" height=\"\(rowHeight - 2)\"><title>\(e(section.id)) × \(e(who)): \(e(what))</title></rect>\n"
            }
        }
        out += "</svg>\n"
        return out
    }

    /// The style rules the legend and the SVG need (a page includes them once).
    public static let style = """
        ul.legend { list-style: none; padding: 0; margin: .4em 0; display: flex; flex-wrap: wrap; gap: 4px 18px; }
        .swatch { display: inline-block; width: 12px; height: 12px; margin-right: 5px; vertical-align: -2px; border: 1px solid #888; }
        .legend-note { color: #444; font-size: .92em; margin: .2em 0 .6em; }
        svg.heatmap { display: block; max-width: 100%; height: auto; }
        .heatmap text { font: 11px system-ui, "DejaVu Sans", sans-serif; fill: #222; }
        .heatmap text.col { font-size: 10px; }
        .heatmap .sid { font-weight: 700; }
        .heatmap line.part { stroke: #9aa7b8; stroke-width: 1; }
        .s-contradicted { fill: #d73027; background: #d73027; }
        .s-suspect { fill: #f6c141; background: #f6c141; }
        .s-uncovered { fill: #9b7fd1; background: #9b7fd1; }
        .s-covered { fill: #1a9850; background: #1a9850; }
        .s-not-applicable { fill: #b8b8b8; background: #b8b8b8; }
        .s-none { fill: #f3f4f6; background: #f3f4f6; }
        rect.s-none { stroke: #e1e4e8; stroke-width: 1; }
        """
}
