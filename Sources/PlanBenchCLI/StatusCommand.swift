import ArgumentParser
import PlanBench
import PlanDocument

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "List changed documents and the problems in them.",
        discussion: "Exit status 1 when a changed document has errors (it could not be saved)."
    )

    @Option(help: "Output format.")
    var format: ReportFormat = .text

    @OptionGroup var workspaceOptions: WorkspaceOptions

    func run() throws {
        let workspace = try workspaceOptions.openWorkspace()
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
}
