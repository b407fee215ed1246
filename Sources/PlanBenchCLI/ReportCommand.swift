import ArgumentParser
import Foundation
import PlanBench
import PlanDocument
import PlanReport

/// `planbench report ...`: documents for people to read, made from the workspace.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Reports for people to read: a review's report as one HTML page, Markdown or JSON.",
        discussion: """
            Example:
              planbench report review 2026-q4 -o review.html
            """,
        subcommands: [ReportReview.self]
    )
}

struct ReportReview: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review",
        abstract: "A review's report: scope, coverage heatmap, findings, actions, changes since the previous review, trend, sign-offs, audit log.",
        discussion: """
            html (the default) is one self-contained page: no scripts, fonts or links outside it, inline CSS with print rules, so it can be mailed, archived, or printed to PDF from a browser. Its coverage heatmap has Guideline sections down and plans across: one column per plan up to 60 plans; above that each column groups consecutive plans and shows the worst state among them (hover a cell for the counts). md is Markdown for pasting into tickets and wikis; json has every value unaggregated.

            The report shows the record as committed on the current branch and the plans as committed at its baseline; changes are measured from the baseline of the latest closed review over any of the same plans. "Today" (for overdue deadlines) is the local date unless --today or PLANBENCH_TODAY gives another.

            Examples:
              planbench report review 2026-q4 -o review.html
              planbench report review 2026-q4 --format md > review.md
              planbench report review 2026-q4 --format json > review.json
              chromium --headless --print-to-pdf=review.pdf review.html
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case html, md, json }

    @Argument(help: "Review id, e.g. 2026-q4.")
    var id: String

    @Option(help: "Output format: html, md (Markdown) or json.")
    var format: Format = .html

    @Option(name: [.short, .customLong("output")], help: ArgumentHelp("Write the report to FILE instead of standard output.", valueName: "FILE"))
    var output: String?

    @Option(help: ArgumentHelp("The report's date: remediations due before it are overdue (YYYY-MM-DD; default: PLANBENCH_TODAY, else today).", valueName: "DATE"))
    var today: String?

    @OptionGroup var workspaceOptions: WorkspaceOptions

    func run() throws {
        let workspace = try workspaceOptions.openWorkspace()
        var date = TodayOption()
        date.today = today
        let report = try workspace.reviewReport(id: id, generated: try date.resolve())
        let text: String
        switch format {
        case .html: text = ReviewReportHTML.render(report)
        case .md: text = ReviewReportMarkdown.render(report)
        case .json: text = JSONWriter.write(ReviewReportJSON.node(report), pretty: true) + "\n"
        }
        guard let output else { return Invocation.current.console.writeOut(text) }
        let path = output.hasPrefix("/") ? output : Invocation.current.currentDirectory + "/" + output
        // The file may be anywhere (not only in the workspace, whose own writes go
        // through .planbench/tmp): Foundation's atomic write keeps its temporary
        // file beside it, so a reader never sees half a report.
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            Terminal.printError("\(SystemFailure.truncated(output)): \(SystemFailure.explain(error, doing: "cannot write the report"))")
            throw ExitCode(2)
        }
        Terminal.printError("Wrote the \(format.rawValue) report of review \(id) to \(output).")
    }
}
