import ArgumentParser
import PlanBench

/// The `planbench` root command.
public struct PlanBenchCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "planbench",
        abstract: "Draft, review and check plans that implement a reference document, versioned in git.",
        discussion: """
            A workspace is a git repository with planbench.yaml and the folders guidelines/, plans/ and reviews/. Every save is a commit; a document that does not validate is never committed.

            Start with:  planbench init --example demo && planbench -C demo status

            Exit status: 0 success, 1 problems found (invalid documents, conflicts), 2 usage or environment errors.
            """,
        version: PlanBenchVersion.current,
        subcommands: [
            InitCommand.self, NewCommand.self, SaveCommand.self, EditCommand.self, ShowCommand.self,
            StatusCommand.self, LogCommand.self, SearchCommand.self, BlameCommand.self, ValidateCommand.self, GuidelinesCommand.self,
            CoverageCommand.self, ReviewCommand.self, ReportCommand.self, CiteCommand.self, UnciteCommand.self, SectionCommand.self,
            RoleCommand.self, TaskCommand.self, RenameCommand.self, RebaseEditionCommand.self, DiffCommand.self, GitDiffDriverCommand.self,
            MergeCommand.self, ConflictsCommand.self, ResolveCommand.self, MergeFileCommand.self, SchemaCommand.self,
            IndexCommand.self, SQLCommand.self, ServeCommand.self,
            CloneCommand.self, RemoteCommand.self, FetchCommand.self, PullCommand.self, PushCommand.self, SyncCommand.self,
            SignersCommand.self, ApproveCommand.self, VerifyCommand.self,
            VersionCommand.self,
        ]
    )

    public init() {}
}
