import Foundation
import PlanDocument
import PlanGit

/// A plan workspace: a git repository with `planbench.yaml` and the folders
/// `guidelines/`, `plans/` and `reviews/`.
///
/// The work tree is the authors' editing area; every save validates the
/// changed documents and commits them through libgit2. Not `Sendable`: it
/// owns a libgit2 repository handle.
public final class Workspace {
    /// Absolute path of the work tree root.
    public let root: String
    public let repository: Repository
    /// The checker given to ``open(at:checker:)``, else the standard one once made.
    private var chosenChecker: DocumentChecker?
    /// The embedded schemas the standard checker uses, loaded on first use (a
    /// stored value was loaded by every command, reading ones included).
    let embeddedSchemas: () -> Result<EmbeddedSchemaValidator, PlanBenchError>
    /// Called as long work advances (saving or validating at least
    /// ``WorkProgress/minimumItems`` documents); nil reports nothing.
    public var onProgress: ((WorkProgress) -> Void)?
    /// Whether ``finishInterruptedUpdates()`` has run for this instance: the CLI
    /// runs it on opening the workspace and the write paths run it again; once per
    /// instance is enough (records this process makes are held by it, not left).
    var interruptedUpdatesFinished = false

    init(
        root: String, repository: Repository, checker: DocumentChecker?,
        embeddedSchemas: @autoclosure @escaping () -> Result<EmbeddedSchemaValidator, PlanBenchError> = EmbeddedSchemaValidator.shared
    ) {
        self.root = root
        self.repository = repository
        self.chosenChecker = checker
        self.embeddedSchemas = embeddedSchemas
    }

    /// The document checker: the one given to ``open(at:checker:)``, else the
    /// standard one, made on first use so commands that check nothing (diff,
    /// log, show) do not load the schemas.
    ///
    /// - Throws: ``PlanBenchError/schemasUnavailable(_:)`` when the embedded
    ///   schemas do not load: documents are never checked without them.
    public func checker() throws -> DocumentChecker {
        if let chosenChecker { return chosenChecker }
        let standard = try DocumentChecker.standard(schemas: embeddedSchemas())
        chosenChecker = standard
        return standard
    }

    /// Opens the workspace at `directory` or the nearest parent holding one.
    /// - Throws: ``PlanBenchError/notAWorkspace(directory:)``.
    public static func open(at directory: String, checker: DocumentChecker? = nil) throws -> Workspace {
        let repository: Repository
        do {
            repository = try Repository.discover(from: directory)
        } catch {
            throw PlanBenchError.notAWorkspace(directory: directory)
        }
        guard let workDirectory = repository.workDirectory else {
            throw PlanBenchError.notAWorkspace(directory: directory)
        }
        let root = workDirectory.hasSuffix("/") && workDirectory.count > 1 ? String(workDirectory.dropLast()) : workDirectory
        guard FileManager.default.fileExists(atPath: root + "/" + WorkspaceLayout.configFile) else {
            throw PlanBenchError.notAWorkspace(directory: directory)
        }
        return Workspace(root: root, repository: repository, checker: checker)
    }

    /// Reports that `done` of `total` items of `activity` are finished, when the
    /// work is long enough to be worth watching.
    func report(_ activity: String, done: Int, total: Int) {
        guard let onProgress, total >= WorkProgress.minimumItems else { return }
        onProgress(WorkProgress(activity: activity, done: done, total: total))
    }

    /// The commit the current branch points at; `nil` on an unborn branch.
    public func head() throws -> ObjectID? {
        try gitCall { try repository.headCommit() }
    }

    /// The current branch's short name (`main`).
    public func branch() throws -> String {
        guard let name = try gitCall({ try repository.currentBranch() }) else { throw PlanBenchError.noBranch }
        return name
    }

    /// The documents as of a revision (`HEAD`, `main~2`, a tag, a short id).
    public func source(at revision: String) throws -> RevisionSource {
        RevisionSource(repository: repository, commit: try resolve(revision))
    }

    /// The commit a revision names.
    public func resolve(_ revision: String) throws -> ObjectID {
        try gitCall { try repository.resolve(revision) }
    }

    /// The documents in the work tree.
    public var workTree: WorkTreeSource { WorkTreeSource(root: root) }

    /// Makes `path` (absolute, or relative to `directory`) workspace-relative.
    /// - Throws: when the path lies outside the workspace.
    public func relativePath(_ path: String, from directory: String) throws -> String {
        let absolute = path.hasPrefix("/") ? path : directory + "/" + path
        let standardized = URL(fileURLWithPath: absolute).standardizedFileURL.path
        let rootPath = URL(fileURLWithPath: root).standardizedFileURL.path
        guard standardized.hasPrefix(rootPath + "/") else { throw PlanBenchError.notADocument(path: path) }
        return String(standardized.dropFirst(rootPath.count + 1))
    }

    /// Runs a git-layer call, turning its errors into ``PlanBenchError/git(_:)``.
    @discardableResult
    func gitCall<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as PlanBenchError {
            throw error
        } catch {
            throw PlanBenchError.git(SystemFailure.explainGit("\(error)"))
        }
    }
}

extension DocumentChecker {
    /// The checker with the schemas embedded in planbench.
    ///
    /// - Throws: ``PlanBenchError/schemasUnavailable(_:)`` when they do not load.
    public static func standard(
        schemas: Swift.Result<EmbeddedSchemaValidator, PlanBenchError> = EmbeddedSchemaValidator.shared
    ) throws -> DocumentChecker {
        DocumentChecker(schemas: try schemas.get())
    }
}
