import ArgumentParser
import PlanBench
import PlanDocument

struct PushCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "push",
        abstract: "Send the current branch to a remote; refused unless it is a fast-forward (pull first). Never forces.",
        discussion: """
            Examples:
              planbench push
              planbench push us-side main

            Exit status 1 when the remote has commits this workspace lacks.
            """
    )

    @Argument(help: "The remote. Default: the branch's upstream, else origin.")
    var remote: String?

    @Argument(help: "The remote's branch. Default: the current branch's name.")
    var branch: String?

    @Option(help: "Output format: text, or json ({target, outcome, from, to}).")
    var format: ReportFormat = .text

    @OptionGroup var workspaceOptions: WorkspaceOptions

    func run() throws {
        let workspace = try workspaceOptions.openWorkspace()
        try Self.push(workspace, remote: remote, branch: branch, format: format)
    }

    static func push(_ workspace: Workspace, remote: String?, branch: String?, format: ReportFormat = .text) throws {
        let remote = try remote ?? workspace.defaultRemote()
        let progress = TransferProgressLine.callback(for: Invocation.current.console)
        let outcome = try workspace.push(remote: remote, branch: branch, access: try FetchCommand.access(for: workspace), progress: progress?.1)
        progress?.0.finish()
        let target = "\(remote)/\(try branch ?? workspace.branch())"
        if format == .json {
            switch outcome {
            case .upToDate: Terminal.print(JSONOutput.render(["target": Node(target), "outcome": "up-to-date"] as Node))
            case .pushed(let from, let to):
                Terminal.print(JSONOutput.render(["target": Node(target), "outcome": "pushed", "from": from.map { Node($0.hex) } ?? .null, "to": Node(to.hex)] as Node))
            }
            return
        }
        switch outcome {
        case .upToDate: Terminal.print("\(target): up to date.")
        case .pushed(let from, let to): Terminal.print("Pushed \(from.map { $0.shortHex + ".." } ?? "")\(to.shortHex) to \(target).")
        }
    }
}
