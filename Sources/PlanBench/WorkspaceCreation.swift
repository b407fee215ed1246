import Foundation
import PlanDocument
import PlanGit

/// Files every new workspace gets besides its documents.
public enum WorkspaceScaffold {
    /// Routes workspace documents through planbench's structural diff and
    /// merge drivers once `git config` enables them (see ``gitConfigCommands``).
    public static let gitAttributes = """
        # planbench: structural diff and merge for workspace documents.
        # Enable with the git config lines `planbench init` prints.
        planbench.yaml diff=planbench merge=planbench
        guidelines/*.yaml diff=planbench merge=planbench
        plans/*.yaml diff=planbench merge=planbench
        reviews/*.yaml diff=planbench merge=planbench

        """

    public static let gitIgnore = """
        # planbench's local state (merge in progress, caches); never committed.
        /.planbench

        """

    /// The `git config` commands that make `git diff` and `git merge` use planbench.
    public static let gitConfigCommands = gitConfigCommands(executable: "planbench")

    /// The same commands naming `executable` (an absolute path when planbench
    /// is not on PATH, so the lines work as printed).
    public static func gitConfigCommands(executable: String) -> [String] {
        let program = executable.contains(" ") || executable.contains("'") ? "\"\(executable)\"" : executable
        return [
            "git config diff.planbench.command '\(program) git-diff-driver'",
            "git config merge.planbench.driver '\(program) merge-file %O %A %B --path %P'",
        ]
    }

    /// Keeps each document folder in git while it is empty.
    static let folderKeeper = ".gitkeep"
}

extension Workspace {
    /// Creates a workspace in `directory` (which must be new or empty) and
    /// commits its first state.
    ///
    /// Without `example`, the workspace gets the embedded configuration and
    /// Guideline editions and no plans. With `example`, the embedded corpus is
    /// replayed as a history of commits by several authors (see
    /// `Plans/history.yaml`), including a second branch with a concurrent draft.
    public static func create(at directory: String, example: Bool, author: Signature?) throws -> Workspace {
        let fileManager = FileManager.default
        var isDirectory: ObjCBool = false
        if fileManager.fileExists(atPath: directory, isDirectory: &isDirectory) {
            guard isDirectory.boolValue, (try? fileManager.contentsOfDirectory(atPath: directory))?.isEmpty == true else {
                throw PlanBenchError.alreadyInitialised(
                    directory: directory, contents: isDirectory.boolValue ? (try? fileManager.contentsOfDirectory(atPath: directory)) ?? [] : [])
            }
        }
        let existed = fileManager.fileExists(atPath: directory)
        do {
            try fileManager.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw PlanBenchError.io(path: directory, message: "cannot create the directory: \(error.localizedDescription)")
        }
        let repository: Repository
        do {
            repository = try Repository.create(at: directory, initialBranch: "main")
        } catch {
            throw PlanBenchError.git("\(error)")
        }
        do {
            return try populate(repository: repository, directory: directory, example: example, author: author)
        } catch {
            // Leave nothing behind: the directory was new or empty.
            if existed {
                for item in (try? fileManager.contentsOfDirectory(atPath: directory)) ?? [] {
                    try? fileManager.removeItem(atPath: directory + "/" + item)
                }
            } else {
                try? fileManager.removeItem(atPath: directory)
            }
            throw error
        }
    }

    private static func populate(repository: Repository, directory: String, example: Bool, author: Signature?) throws -> Workspace {
        let root = URL(fileURLWithPath: directory).standardizedFileURL.path
        let workspace = Workspace(root: root, repository: repository, checker: nil)
        let identity = author ?? Signature(name: "planbench", email: "planbench@localhost")
        if example {
            try ExampleHistory(corpus: EmbeddedResources.corpus).replay(into: workspace, scaffold: scaffoldFiles())
        } else {
            var files = scaffoldFiles()
            for (path, text) in EmbeddedResources.corpus
            where path == WorkspaceLayout.configFile || path.hasPrefix(WorkspaceLayout.guidelinesFolder + "/") {
                files[path] = Array(text.utf8)
            }
            _ = try workspace.commitDocuments(
                files, onto: nil, reference: "refs/heads/main", message: "Create planbench workspace",
                author: identity)
        }
        try workspace.checkOutHeadIntoEmptyWorkTree()
        return workspace
    }

    static func scaffoldFiles() -> [String: [UInt8]?] {
        var files: [String: [UInt8]?] = [
            ".gitattributes": Array(WorkspaceScaffold.gitAttributes.utf8),
            ".gitignore": Array(WorkspaceScaffold.gitIgnore.utf8),
        ]
        for folder in WorkspaceLayout.folders {
            files["\(folder)/\(WorkspaceScaffold.folderKeeper)"] = []
        }
        return files
    }

    /// Writes HEAD's files into a fresh work tree and makes the index match.
    func checkOutHeadIntoEmptyWorkTree() throws {
        guard let head = try head() else { return }
        let paths = try gitCall { Array(try repository.files(in: head).keys) }
        try gitCall { try repository.checkout(paths: paths, from: head) }
    }
}
