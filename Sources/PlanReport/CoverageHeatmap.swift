// The coverage heatmap as a grid: Guideline sections down, plans across.
// Up to `maxColumns` plans get a column each; more plans share columns, so
// the picture stays the same size at 10,000 plans as at 60.

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
    /// One row per section of ``ReviewReport/sections``, one cell per column.
    public var rows: [[Cell]]
    /// How many plans a full column holds (1: one column per plan).
    public var plansPerColumn: Int

    public var isAggregated: Bool { plansPerColumn > 1 }

    /// Lays out the report's plans and sections.
    ///
    /// - Complexity: O(sections × columns + the plans' cells).
    public init(_ report: ReviewReport, maxColumns: Int = defaultMaxColumns) {
        let plans = report.plans
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
        let rowOf = Dictionary(report.sections.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        // Counts per (row, column), filled from each plan's cited sections only.
        var counts = Array(
            repeating: Array(repeating: [ReviewReport.CellState: Int](), count: columns.count), count: report.sections.count)
        for (index, plan) in plans.enumerated() {
            let column = index / perColumn
            for (section, state) in plan.cells {
                guard let row = rowOf[section] else { continue }
                counts[row][column][state, default: 0] += 1
            }
        }
        rows = report.sections.enumerated().map { row, section in
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
