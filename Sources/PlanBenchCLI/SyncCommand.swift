import ArgumentParser
import PlanBench
import PlanDocument

struct SyncCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Pull, then push when the pull left nothing to resolve.",
        discussion: """
            Example:  planbench sync           (with origin)
                      planbench sync us-side

            Exit status 1 when the pull stopped on conflicts (nothing is pushed) or the push was refused.
            """
    )

    @Argument(help: "The remote. Default: the branch's upstream, else origin.")
    var remote: String?

    @Option(help: ArgumentHelp("Author of a merge commit, as \"Name <email>\".", valueName: "AUTHOR"))
    var author: String?

    @Option(help: "Output format: text, or json (the pull's report, then the push's).")
    var format: ReportFormat = .text

    @OptionGroup var workspaceOptions: WorkspaceOptions

    func run() throws {
        let workspace = try workspaceOptions.openWorkspace()
        let signature = try AuthorResolution.resolve(explicit: author, environment: Invocation.current.environment, repository: workspace.repository)
        let outcome = try PullCommand.pull(workspace, remote: remote, branch: nil, author: signature, format: format)
        try PushCommand.push(workspace, remote: outcome.remote, branch: outcome.branch, format: format)
    }
}
