import ArgumentParser
import Foundation
import PlanBench
import PlanDocument

struct CloneCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clone",
        abstract: "Copy a workspace from a remote (path, file://, https://, ssh://) and check it.",
        discussion: """
            The clone's default branch is checked out and the remote is configured as origin. A repository without planbench.yaml is refused (and removed again); the clone's documents are validated and any problems printed.

            Credentials: for SSH, PLANBENCH_SSH_KEY, then ssh-agent, then ~/.ssh/id_ed25519, id_ecdsa, id_rsa; the server's key must be in ~/.ssh/known_hosts. For HTTPS, PLANBENCH_TOKEN, then ~/.git-credentials.

            Examples:
              planbench clone ssh://git@plans.example.mil/bilateral.git
              planbench clone https://plans.example.go.jp/git/bilateral.git bilateral
              planbench clone /srv/git/bilateral.git
            """
    )

    @Argument(help: "Where to clone from.")
    var url: String

    @Argument(help: "Directory to create (must be new or empty). Default: the URL's last component without .git.")
    var directory: String?

    @Option(name: .customShort("C"), help: ArgumentHelp("Resolve DIRECTORY relative to DIR.", valueName: "DIR"))
    var base: String?

    @Option(help: "Output format: text, or json ({workspace, branch, head, errors, warnings}).")
    var format: ReportFormat = .text

    func run() throws {
        let invocation = Invocation.current
        var start = invocation.currentDirectory
        if let base { start = base.hasPrefix("/") ? base : start + "/" + base }
        let name = directory ?? Self.defaultDirectory(for: url)
        let target = name.hasPrefix("/") ? name : start + "/" + name
        let source = url.contains("://") || url.hasPrefix("/") || url.contains(":") && !FileManager.default.fileExists(atPath: start + "/" + url)
            ? url : start + "/" + url
        let progress = TransferProgressLine.callback(for: invocation.console)
        let (workspace, diagnostics) = try Workspace.clone(
            from: source, to: target, access: NetworkAccess(environment: invocation.environment), progress: progress?.1)
        progress?.0.finish()
        // Errors are printed; warnings only counted (planbench validate lists them).
        diagnostics.errors.printReport(format: .text)
        let head = try workspace.head()
        if format == .json {
            Terminal.print(JSONOutput.render([
                "workspace": Node(workspace.root), "branch": Node(try workspace.branch()), "head": head.map { Node($0.hex) } ?? .null,
                "errors": Node(diagnostics.errors.count), "warnings": Node(diagnostics.warnings.count),
            ] as Node))
            if !diagnostics.errors.isEmpty { throw ExitCode(1) }
            return
        }
        Terminal.print("Cloned \(url) into \(workspace.root) (branch \(try workspace.branch()) at \(head?.shortHex ?? "-"); \(diagnostics.errors.count) error\(diagnostics.errors.count == 1 ? "" : "s"), \(diagnostics.warnings.count) warning\(diagnostics.warnings.count == 1 ? "" : "s")\(diagnostics.isEmpty ? "" : ": planbench validate lists them")).")
        if !diagnostics.errors.isEmpty { throw ExitCode(1) }
    }

    static func defaultDirectory(for url: String) -> String {
        var last = url.split(whereSeparator: { $0 == "/" || $0 == ":" }).last.map(String.init) ?? "workspace"
        if last.hasSuffix(".git") { last.removeLast(4) }
        return last.isEmpty ? "workspace" : last
    }
}
