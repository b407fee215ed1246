import ArgumentParser
import Foundation
import PlanBench
import PlanDocument

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create a workspace: a git repository with planbench.yaml, guidelines/, plans/, reviews/.",
        discussion: """
            The new workspace holds the embedded Guideline editions (2015 and 1997) and the crosswalk between them, so plans can cite sections at once. With --example it also gets the example plans, replayed as a history of commits by several authors and a second branch with a concurrent draft, so log, diff and merge have something to show.

            Examples:
              planbench init my-plans
              planbench init --example demo && planbench -C demo log
            """
    )

    @Argument(help: "Directory to create (must be new or empty). Default: the current directory.")
    var directory: String?

    @Flag(help: "Seed the workspace with the example corpus and its history.")
    var example = false

    @Option(help: ArgumentHelp("Author of the first commit, as \"Name <email>\".", valueName: "AUTHOR"))
    var author: String?

    @Option(name: .customShort("C"), help: ArgumentHelp("Resolve DIRECTORY relative to DIR.", valueName: "DIR"))
    var base: String?

    @Option(help: "Output format.")
    var format: ReportFormat = .text

    func run() throws {
        let invocation = Invocation.current
        var start = invocation.currentDirectory
        if let base { start = base.hasPrefix("/") ? base : start + "/" + base }
        let target = directory.map { $0.hasPrefix("/") ? $0 : start + "/" + $0 } ?? start
        let signature = try author.map { try AuthorResolution.parse($0) }
            ?? invocation.environment["PLANBENCH_AUTHOR"].flatMap { try? AuthorResolution.parse($0) }
        let workspace = try Workspace.create(at: target, example: example, author: signature)
        let head = try workspace.head()
        switch format {
        case .json:
            let json: Node = [
                "workspace": Node(workspace.root), "branch": Node(try workspace.branch()),
                "head": Node(head?.hex ?? ""), "example": Node(example),
                "gitConfig": Node(WorkspaceScaffold.gitConfigCommands(executable: Self.driverExecutable())),
            ]
            Terminal.print(JSONOutput.render(json))
        case .text:
            Terminal.print("Created workspace \(workspace.root)\(example ? " with the example corpus" : "") on branch \(try workspace.branch()) at \(head?.shortHex ?? "-").")
            Terminal.print("To let `git diff` and `git merge` use planbench's structural diff and merge, run in the workspace:")
            for line in WorkspaceScaffold.gitConfigCommands(executable: Self.driverExecutable()) { Terminal.print("  \(line)") }
        }
    }

    /// How git should call this planbench: `planbench` when that name on PATH
    /// is this program, else this program's absolute path.
    static func driverExecutable() -> String {
        guard let running = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"),
            (running as NSString).lastPathComponent == "planbench"
        else { return "planbench" }
        let path = Invocation.current.environment["PATH"] ?? ""
        for directory in path.split(separator: ":") {
            let candidate = "\(directory)/planbench"
            if let resolved = try? URL(fileURLWithPath: candidate).resolvingSymlinksInPath().path,
                FileManager.default.isExecutableFile(atPath: candidate), resolved == URL(fileURLWithPath: running).resolvingSymlinksInPath().path
            {
                return "planbench"
            }
        }
        return running
    }
}
