import ArgumentParser
import PlanBench
import PlanDocument

struct RenameCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rename",
        abstract: "Rename a plan: move its file, change its id and every reference to it, in one commit.",
        discussion: """
            Plans it supersedes (supersededBy) and open reviews that name it (scope, findings) are updated in the same commit. Closed reviews never change: they keep the old id, and the command says which. The commit records the old path in a Renamed-from: trailer, so planbench log NEW_ID shows the plan's history from before the rename.

            Example:
              planbench rename isr-2027 isr-peacetime-2027
            """
    )

    @Argument(help: "The plan's id.") var plan: String
    @Argument(help: "Its new id: letters, digits, '.', '_' and '-'.") var newID: String
    @Option(name: .shortAndLong, help: "Commit message (default: Rename plan OLD to NEW).") var message: String?
    @Option(help: ArgumentHelp("Author, as \"Name <email>\" (default: PLANBENCH_AUTHOR, then git's user.name/user.email).", valueName: "AUTHOR"))
    var author: String?
    @Option(help: "Output format: text, or json ({from, to, oldPath, newPath, updated, closedReviewsNamingOldId, commit}).")
    var format: ReportFormat = .text
    @OptionGroup var workspaceOptions: WorkspaceOptions

    func run() throws {
        let workspace = try workspaceOptions.openWorkspace()
        let signature = try AuthorResolution.resolve(explicit: author, environment: Invocation.current.environment, repository: workspace.repository)
        let result = try workspace.renamePlan(plan, to: newID, message: message, author: signature)
        switch format {
        case .json:
            let json: Node = [
                "from": Node(result.from), "to": Node(result.to), "oldPath": Node(result.oldPath), "newPath": Node(result.newPath),
                "updated": Node(result.updated), "closedReviewsNamingOldId": Node(result.closedReviewsNamingOldID),
                "commit": result.outcome.commit.map { Node($0.hex) } ?? .null,
            ]
            Terminal.print(JSONOutput.render(json))
        case .text:
            result.outcome.diagnostics.warnings.printReport(format: .text)
            Terminal.print("Renamed plan \(result.from) to \(result.to): \(result.oldPath) -> \(result.newPath).")
            for path in result.updated { Terminal.print("  updated \(path)") }
            for review in result.closedReviewsNamingOldID {
                Terminal.print("  review \(review) is closed and keeps naming \(result.from) (closed records never change)")
            }
            if let commit = result.outcome.commit { Terminal.print("Committed \(commit.shortHex) on \(try workspace.branch()).") }
        }
    }
}
