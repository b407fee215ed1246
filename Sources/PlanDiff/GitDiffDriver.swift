// Letting `git diff` show the structural diff: a diff driver named in
// .gitattributes and a `diff.<driver>.command` git runs with seven arguments.

/// The pieces `planbench init` writes and prints, and the arguments git
/// passes to an external diff command.
///
/// git runs `diff.planbench.command` as
/// `COMMAND path old-file old-hex old-mode new-file new-hex new-mode`
/// for each changed file whose attributes say `diff=planbench`
/// (git-config(1), gitattributes(5): "Defining an external diff driver").
public enum GitDiffDriver {
    /// The driver name used in .gitattributes and git config.
    public static let name = "planbench"

    /// Lines for the workspace's `.gitattributes`.
    public static let attributes = """
        plans/*.yaml diff=\(name)
        guidelines/*.yaml diff=\(name)
        reviews/*.yaml diff=\(name)

        """

    /// The one `git config` line that enables the driver in a workspace.
    /// - Parameter executable: How to invoke planbench (`planbench`, or a path).
    public static func configCommand(executable: String = "planbench") -> String {
        "git config diff.\(name).command '\(executable) diff --git-external-diff'"
    }

    /// What git passed to the external diff command.
    public struct Invocation: Sendable, Equatable {
        /// The path of the file in the repository.
        public var path: String
        /// A temporary file with the old content; nil when the file is new.
        public var oldFile: String?
        /// A temporary file with the new content; nil when the file was deleted.
        public var newFile: String?
        public var oldBlob: String
        public var newBlob: String
    }

    /// Reads git's seven external-diff arguments (and the nine of a rename,
    /// whose extra two are ignored). `/dev/null` marks an absent side.
    /// - Returns: nil when the arguments are not what git passes.
    public static func invocation(from arguments: [String]) -> Invocation? {
        guard arguments.count == 7 || arguments.count == 9 else { return nil }
        func file(_ path: String) -> String? { path == "/dev/null" ? nil : path }
        return Invocation(
            path: arguments[0], oldFile: file(arguments[1]), newFile: file(arguments[4]),
            oldBlob: arguments[2], newBlob: arguments[5])
    }
}
