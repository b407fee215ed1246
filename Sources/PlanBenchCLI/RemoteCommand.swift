import ArgumentParser
import PlanBench
import PlanDocument

struct RemoteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remote",
        abstract: "Manage the remotes a workspace syncs with.",
        subcommands: [Add.self, List.self, Remove.self]
    )

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Add a remote.",
            discussion: "Example:  planbench remote add us-side ssh://git@plans.example.mil/bilateral.git")

        @Argument(help: "The remote's name (origin, us-side).")
        var name: String
        @Argument(help: "Its URL: a path, file://, https:// or ssh://.")
        var url: String
        @Option(help: "Output format.")
        var format: ReportFormat = .text
        @OptionGroup var workspaceOptions: WorkspaceOptions

        func run() throws {
            let workspace = try workspaceOptions.openWorkspace()
            try workspace.addRemote(name: name, url: url)
            format == .json ? Terminal.print(JSONOutput.render(["added": Node(name), "url": Node(url)] as Node))
                : Terminal.print("Added remote \(name): \(url)")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List remotes and their URLs.")
        @Option(help: "Output format.")
        var format: ReportFormat = .text
        @OptionGroup var workspaceOptions: WorkspaceOptions

        func run() throws {
            let remotes = try workspaceOptions.openWorkspace().remotes()
            switch format {
            case .json:
                Terminal.print(JSONOutput.render(Node(.sequence(remotes.map { ["name": Node($0.name), "url": Node($0.url)] }))))
            case .text:
                for remote in remotes { Terminal.print("\(remote.name)\t\(remote.url)") }
            }
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "remove", abstract: "Remove a remote and its remote-tracking branches.")
        @Argument(help: "The remote's name.")
        var name: String
        @Option(help: "Output format.")
        var format: ReportFormat = .text
        @OptionGroup var workspaceOptions: WorkspaceOptions

        func run() throws {
            try workspaceOptions.openWorkspace().removeRemote(name: name)
            format == .json ? Terminal.print(JSONOutput.render(["removed": Node(name)] as Node)) : Terminal.print("Removed remote \(name).")
        }
    }
}
