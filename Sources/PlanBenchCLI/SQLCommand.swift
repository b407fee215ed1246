import ArgumentParser
import Foundation
import PlanBench
import PlanDocument
import PlanIndex

struct SQLCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sql",
        abstract: "Run a read-only SQL query on the workspace index.",
        discussion: """
            One statement, on a read-only connection: SELECT, WITH, read-only PRAGMAs; anything that would write is refused (exit 2). The views head_plans, head_plan_sections, head_citations (with suspect), head_role_assignments, head_tasks, head_reviews, head_findings, history and field_history are the documents at the branch's tip and their history; README's "The workspace index" lists the tables.

            Examples:
              planbench sql "SELECT guideline_section, count(*) FROM head_citations GROUP BY 1 ORDER BY 2 DESC LIMIT 5"
              planbench sql "SELECT plan, task, due FROM head_tasks WHERE state <> 'done' AND due < '2026-12-01'" --format json
            """
    )

    @Argument(help: "The query.")
    var query: String

    @Option(help: "Output format.")
    var format: ReportFormat = .text

    @OptionGroup var workspaceOptions: WorkspaceOptions

    func run() throws {
        let workspace = try workspaceOptions.openWorkspace()
        let result = try workspace.readingIndex { try $0.query(query) }
        switch format {
        case .json:
            Terminal.print(JSONOutput.render(result.rows.map { row in
                var node: Node = [:]
                for (column, value) in zip(result.columns, row) { node[column] = Self.node(value) }
                return node
            }))
        case .text:
            let cells = result.rows.map { $0.map(Self.text) }
            var widths = result.columns.map(\.count)
            for row in cells { for (i, cell) in row.enumerated() { widths[i] = min(60, max(widths[i], cell.count)) } }
            func line(_ values: [String]) -> String {
                zip(values, widths).map { value, width in
                    let clipped = value.count > width ? String(value.prefix(width - 1)) + "…" : value
                    return clipped.padding(toLength: width, withPad: " ", startingAt: 0)
                }.joined(separator: "  ").trimmingCharacters(in: .whitespaces)
            }
            Terminal.print(line(result.columns))
            Terminal.print(line(widths.map { String(repeating: "-", count: $0) }))
            for row in cells { Terminal.print(line(row)) }
            Terminal.printError("(\(result.rows.count) row\(result.rows.count == 1 ? "" : "s"))")
        }
    }

    static func node(_ value: QueryResult.Value) -> Node {
        switch value {
        case .null: .null
        case .integer(let i): Node(.integer(Int(i)))
        case .real(let d): Node(.number(d))
        case .text(let s): Node(s)
        case .blob(let data): Node("x'" + data.map { String(format: "%02x", $0) }.joined() + "'")
        }
    }

    static func text(_ value: QueryResult.Value) -> String {
        switch value {
        case .null: ""
        case .integer(let i): String(i)
        case .real(let d): String(d)
        case .text(let s): Terminal.sanitized(s)
        case .blob(let data): "x'" + data.map { String(format: "%02x", $0) }.joined() + "'"
        }
    }
}
