import ArgumentParser
import PlanBench

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check documents against their schemas and the workspace rules, without committing.",
        discussion: """
            Errors (which would block a save) and warnings (role contradictions, suspect citations) are listed as file:line:column: severity: message. Exit status 1 when there is an error.

            Examples:
              planbench validate                       (the whole work tree)
              planbench validate plans/isr.yaml
              planbench validate --rev HEAD~3 --format json
            """
    )

    @Argument(help: "Documents to check (default: all).")
    var paths: [String] = []

    @Option(help: ArgumentHelp("Check a revision instead of the work tree.", valueName: "REV"))
    var rev: String?

    @Option(help: "Output format.")
    var format: ReportFormat = .text

    @OptionGroup var workspaceOptions: WorkspaceOptions

    func run() throws {
        let workspace = try workspaceOptions.openWorkspace()
        let relative = try paths.map { try workspace.relativePath($0, from: workspaceOptions.startDirectory) }
        let diagnostics = try workspace.validate(revision: rev, paths: relative.isEmpty ? nil : relative)
        switch format {
        case .json:
            diagnostics.printReport(format: .json)
        case .text:
            for diagnostic in diagnostics.sortedForDisplay { Terminal.print(diagnostic.description) }
            Terminal.print("\(diagnostics.errors.count) error\(diagnostics.errors.count == 1 ? "" : "s"), \(diagnostics.warnings.count) warning\(diagnostics.warnings.count == 1 ? "" : "s").")
        }
        if diagnostics.hasErrors { throw ExitCode(1) }
    }
}
