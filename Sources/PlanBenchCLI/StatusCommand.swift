import ArgumentParser
import PlanBench
import PlanDocument

extension PlanStatus: ExpressibleByArgument {}

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "List changed documents and the problems in them; or, with PLAN STATE, change a plan's status.",
        discussion: """
            Without arguments: the changed documents. Exit status 1 when a changed document has errors (it could not be saved).

            With PLAN STATE: moves the plan to draft, in-review or superseded and commits it at once, so the commit records who did it and when. Allowed: draft <-> in-review, approved -> in-review (a revision), draft, in-review or approved -> superseded (with --by, the plan that replaces it; a superseded plan leaves coverage). Nothing leaves superseded; approved is reached only through the two parties' approval.

            Examples:
              planbench status
              planbench status isr-2027 in-review
              planbench status rear-area-support-1997 superseded --by rear-area-support
            """
    )

    @Argument(help: "A plan whose status to change.")
    var plan: String?

    @Argument(help: "Its new status: draft, in-review or superseded.")
    var state: PlanStatus?

    @Option(help: ArgumentHelp("The plan that replaces it (with superseded).", valueName: "PLAN"))
    var by: String?

    @Option(name: .shortAndLong, help: "Commit message of a status change (default: Status of PLAN: OLD -> NEW).")
    var message: String?

    @Option(help: ArgumentHelp("Author of a status change, as \"Name <email>\".", valueName: "AUTHOR"))
    var author: String?

    @Option(help: "Output format.")
    var format: ReportFormat = .text

    @OptionGroup var workspaceOptions: WorkspaceOptions

    func validate() throws {
        if plan != nil && state == nil { throw ValidationError("give the plan's new status: planbench status PLAN draft|in-review|superseded") }
        if plan == nil && (by != nil || message != nil || author != nil) {
            throw ValidationError("--by, -m and --author go with planbench status PLAN STATE")
        }
    }

    func run() throws {
        let workspace = try workspaceOptions.openWorkspace()
        if let plan, let state { return try changeStatus(plan, to: state, in: workspace) }
        let status = try workspace.status()
        let invalid = status.invalidPaths
        switch format {
        case .json:
            let json: Node = [
                "branch": status.branch.map { Node($0) } ?? .null,
                "head": status.head.map { Node($0) } ?? .null,
                "merging": Node(status.isMerging),
                "gitMerge": status.gitMerge.map { ["heads": Node($0.heads), "unmerged": Node($0.unmerged)] as Node } ?? .null,
                "changes": Node(.sequence(status.changes.map {
                    ["path": Node($0.path), "change": Node($0.kind.rawValue), "valid": Node(!invalid.contains($0.path))]
                })),
                "diagnostics": Node(.sequence(status.diagnostics.sortedForDisplay.map(\.json))),
            ]
            Terminal.print(JSONOutput.render(json))
        case .text:
            Terminal.print("On branch \(status.branch ?? "(detached)")\(status.isMerging ? " - merge in progress (planbench conflicts)" : "")")
            if let merge = status.gitMerge {
                Terminal.print("A git merge of \(merge.heads.map { String($0.prefix(12)) }.joined(separator: ", ")) is in progress.")
                if !merge.unmerged.isEmpty {
                    Terminal.print("Conflicted (edit to keep one version): \(merge.unmerged.joined(separator: ", "))")
                }
                Terminal.print("Finish it with: planbench save -m \"Merge ...\" (checks and commits the merge), or give it up with: git merge --abort")
            }
            if status.changes.isEmpty {
                Terminal.print("No changed documents.")
            } else {
                Terminal.print("Changed documents:")
                for change in status.changes {
                    let mark = invalid.contains(change.path) ? "  (invalid)" : ""
                    Terminal.print("  \(change.kind.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0)) \(change.path)\(mark)")
                }
            }
            status.diagnostics.printReport(format: .text)
        }
        if !invalid.isEmpty { throw ExitCode(1) }
    }

    private func changeStatus(_ plan: String, to state: PlanStatus, in workspace: Workspace) throws {
        let signature = try AuthorResolution.resolve(explicit: author, environment: Invocation.current.environment, repository: workspace.repository)
        let result = try workspace.changeStatus(plan: plan, to: state, successor: by, message: message, author: signature)
        switch format {
        case .json:
            var json = EditingOptions.json(result)
            json["status"] = Node(state.rawValue)
            json["author"] = Node(signature.description)
            Terminal.print(JSONOutput.render(json))
        case .text:
            result.saved?.diagnostics.warnings.printReport(format: .text)
            Terminal.print("Status of \(result.summary).")
            for note in result.notes { Terminal.print("  \(note)") }
            try EditingOptions.printSaveLine(result, workspace: workspace)
        }
    }
}
