import ArgumentParser
import PlanBench

struct PullCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pull",
        abstract: "Fetch, then merge the remote's branch structurally (as planbench merge does).",
        discussion: """
            Conflicts stop the pull exactly as planbench merge stops: nothing is committed, documents stay valid, then planbench conflicts / resolve, and planbench pull --continue (or --abort). A plan created with the same id on both sides is a conflict of the whole document, never a silent merge.

            Examples:
              planbench pull
              planbench pull us-side main
              planbench pull --continue

            Exit status 1 when the merge stopped on conflicts.
            """
    )

    @Argument(help: "The remote. Default: the branch's upstream, else origin.")
    var remote: String?

    @Argument(help: "The remote's branch. Default: the current branch's name.")
    var branch: String?

    @Flag(name: .customLong("continue"), help: "Commit the merge in progress once every conflict is resolved.")
    var continueMerge = false

    @Flag(help: "Abandon the merge in progress and restore the documents.")
    var abort = false

    @Option(help: ArgumentHelp("Author of a merge commit, as \"Name <email>\".", valueName: "AUTHOR"))
    var author: String?

    @Option(help: "Output format (of conflicts).")
    var format: ReportFormat = .text

    @OptionGroup var workspaceOptions: WorkspaceOptions

    func validate() throws {
        if (continueMerge || abort) && (remote != nil || continueMerge == abort) {
            throw ValidationError("give --continue or --abort alone")
        }
    }

    func run() throws {
        let workspace = try workspaceOptions.openWorkspace()
        if abort {
            try workspace.abortMerge()
            Terminal.print("Pull aborted; documents restored.")
            return
        }
        let signature = try AuthorResolution.resolve(explicit: author, environment: Invocation.current.environment, repository: workspace.repository)
        if continueMerge {
            let commit = try workspace.continueMerge(author: signature)
            Terminal.print("Merge committed as \(commit.shortHex).")
            return
        }
        _ = try Self.pull(workspace, remote: remote, branch: branch, author: signature, format: format)
    }

    /// Pulls and reports; throws exit status 1 on conflicts.
    static func pull(_ workspace: Workspace, remote: String?, branch: String?, author: AuthorSignature, format: ReportFormat) throws -> PullOutcome {
        let remote = try remote ?? workspace.defaultRemote()
        let progress = TransferProgressLine.callback(for: Invocation.current.console)
        let outcome = try workspace.pull(
            remote: remote, branch: branch, author: author, access: try FetchCommand.access(for: workspace), progress: progress?.1)
        progress?.0.finish()
        try MergeCommand.report(
            outcome.merge, merging: "\(outcome.remote)/\(outcome.branch)", format: format, workspace: workspace,
            continueHint: "planbench pull --continue", abortHint: "planbench pull --abort")
        return outcome
    }
}
