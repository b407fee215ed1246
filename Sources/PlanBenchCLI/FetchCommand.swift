import ArgumentParser
import PlanBench
import PlanDocument

struct FetchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fetch",
        abstract: "Download a remote's commits into remote-tracking branches (REMOTE/BRANCH); nothing local moves.",
        discussion: "Example:  planbench fetch && planbench diff HEAD origin/main --by-guideline"
    )

    @Argument(help: "The remote. Default: the branch's upstream, else origin.")
    var remote: String?

    @Option(help: "Output format: text, or json ({remote, updates: [{ref, old, new}]}).")
    var format: ReportFormat = .text

    @OptionGroup var workspaceOptions: WorkspaceOptions

    func run() throws {
        let workspace = try workspaceOptions.openWorkspace()
        let remote = try self.remote ?? workspace.defaultRemote()
        let progress = TransferProgressLine.callback(for: Invocation.current.console)
        let updates = try workspace.fetch(remote: remote, access: try Self.access(for: workspace), progress: progress?.1)
        progress?.0.finish()
        if format == .json { return Terminal.print(JSONOutput.render(Self.json(updates, remote: remote))) }
        Self.printUpdates(updates, remote: remote)
    }

    /// `{remote, updates: [{ref, old, new}]}` (old or new null for a new or deleted branch).
    static func json(_ updates: [SyncUpdate], remote: String) -> Node {
        [
            "remote": Node(remote),
            "updates": Node(.sequence(updates.map {
                ["ref": Node($0.name), "old": $0.old.map { Node($0.hex) } ?? .null, "new": $0.new.map { Node($0.hex) } ?? .null] as Node
            })),
        ]
    }

    static func printUpdates(_ updates: [SyncUpdate], remote: String) {
        if updates.isEmpty {
            Terminal.print("\(remote): up to date.")
            return
        }
        for update in updates {
            let name = update.name.hasPrefix("refs/remotes/") ? String(update.name.dropFirst("refs/remotes/".count)) : update.name
            switch (update.old, update.new) {
            case (nil, let new?): Terminal.print(" * [new] \(name) \(new.shortHex)")
            case (let old?, let new?): Terminal.print("   \(old.shortHex)..\(new.shortHex) \(name)")
            case (_, nil): Terminal.print(" - [deleted] \(name)")
            }
        }
    }

    /// The credentials and host keys a network command may use.
    static func access(for workspace: Workspace) throws -> NetworkAccess {
        NetworkAccess(environment: Invocation.current.environment, configuredSSHKey: workspace.configuredSSHKey)
    }
}
