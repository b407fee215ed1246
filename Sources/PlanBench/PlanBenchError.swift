import PlanDocument

/// Why a workspace operation could not be done. Each message says what to do.
public enum PlanBenchError: Error, Sendable, CustomStringConvertible {
    /// No workspace (a git repository with planbench.yaml) at or above the directory.
    case notAWorkspace(directory: String)
    /// `init` was pointed at a directory that already holds a workspace or repository.
    case alreadyInitialised(directory: String, contents: [String])
    /// An id with characters other than letters, digits, `.`, `_`, `-`.
    case invalidIdentifier(String, what: String)
    /// The named document does not exist (at that revision).
    case documentNotFound(String, revision: String?)
    /// A document already exists where a new one was asked for.
    case documentExists(path: String)
    /// Documents failed their checks (the command changed nothing).
    case invalidDocuments([Diagnostic])
    /// A commit was refused because documents failed their checks; nothing was committed.
    case commitRefused([Diagnostic])
    /// An edit would make a document invalid (these are the errors it would
    /// add); nothing was written.
    case invalidEdit([Diagnostic])
    /// A path given on the command line is outside the workspace or not a document.
    case notADocument(path: String)
    /// No author could be determined.
    case noAuthor
    /// `--author` or `PLANBENCH_AUTHOR` is not of the form `Name <email>`.
    case malformedAuthor(String)
    /// Another process kept moving the branch while this one tried to commit.
    case concurrentUpdate(branch: String, attempts: Int)
    /// HEAD is detached or the branch is unborn in a way a save cannot handle.
    case noBranch
    /// A file could not be read or written.
    case io(path: String, message: String)
    /// The git layer reported an error.
    case git(String)
    /// The editor could not be started or failed.
    case editor(String)
    /// A merge is in progress and must be finished first (or vice versa).
    case mergeState(String)
    /// Anything else that a user caused and can fix, with the fix in the message.
    case usage(String)
    /// A review step was refused for reasons the review itself holds (open
    /// findings, missing concurrence); the message lists them.
    case reviewRefused(String)
    /// A work-tree document is a symbolic link, or lies in a folder that is one
    /// (`link`); planbench reads and commits regular files only.
    case symbolicLink(path: String, link: String)
    /// `.planbench` (or a folder or file in it) is a symbolic link: local state
    /// is never read or written through a link.
    case stateFolderLink(link: String)
    /// The schemas compiled into planbench cannot be read, so no document can be
    /// checked (a damaged build); nothing is saved unchecked.
    case schemasUnavailable(String)
    /// The workspace index could not be brought up to date (see the message).
    case index(String)
    /// A push would not be a fast-forward of the remote's branch.
    case pushRefused(remote: String, branch: String)
    /// Signatures, keys or approvals failed verification; the message names each.
    case verificationFailed(String)
    /// A commit landed (`done` says which) but what follows it, bringing the
    /// work tree and index in line, failed (`problem`); the next command finishes it.
    case incomplete(done: String, problem: String)

    /// The exit status for this error: 1 for problems found in documents, 3 when a
    /// commit landed but the work tree and index are not yet up to date, else 2.
    public var exitStatus: Int32 {
        if isProblemReport { return 1 }
        if case .incomplete = self { return 3 }
        return 2
    }
    /// A review step was made against a version of the record that is no longer
    /// the branch's (someone else changed it since it was read); nothing was committed.
    case staleReview(String)

    /// Whether this error reports problems found in documents (exit 1)
    /// rather than a usage or environment error (exit 2).
    public var isProblemReport: Bool {
        switch self {
        case .invalidDocuments, .commitRefused, .invalidEdit, .reviewRefused, .pushRefused, .verificationFailed: return true
        default: return false
        }
    }

    public var description: String {
        switch self {
        case .notAWorkspace(let directory):
            return "not a planbench workspace: \(directory) (nor any parent) has no planbench.yaml in a git repository; run `planbench init DIR` or pass -C DIR"
        case .alreadyInitialised(let directory, let contents):
            if contents.isEmpty {
                return "\(directory) exists and is not a folder; choose a new or empty folder"
            }
            let shown = contents.sorted().prefix(5).joined(separator: ", ") + (contents.count > 5 ? " and \(contents.count - 5) more" : "")
            let repository = contents.contains(".git") ? " (it is already a git repository)" : ""
            return "\(directory) is not empty: it holds \(shown)\(repository); choose a new or empty folder"
        case .invalidIdentifier(let id, let what):
            return "invalid \(what) id \"\(SystemFailure.truncated(id))\": use letters, digits, '.', '_' and '-' only (for example isr-peacetime)"
        case .documentNotFound(let name, let revision):
            return "no document \"\(SystemFailure.truncated(name))\"\(revision.map { " at revision \($0)" } ?? ""); `planbench status` and `git ls-files` list what exists"
        case .documentExists(let path):
            return "\(path) already exists; edit it with `planbench edit`, or choose another id"
        case .invalidDocuments(let diagnostics):
            let errors = diagnostics.errors.count
            return "\(errors) error\(errors == 1 ? "" : "s") found in the documents above; fix them and run the command again."
        case .commitRefused(let diagnostics):
            let errors = diagnostics.errors.count
            return "\(errors) error\(errors == 1 ? "" : "s") found; nothing was committed. Fix the documents above and try again."
        case .invalidEdit(let diagnostics):
            let errors = diagnostics.errors.count
            return "the change would add \(errors) error\(errors == 1 ? "" : "s") to the document (above); nothing was written"
        case .notADocument(let path):
            return "\(SystemFailure.truncated(path)) is not a workspace document (planbench.yaml, guidelines/*.yaml, plans/*.yaml or reviews/*.yaml inside the workspace)"
        case .noAuthor:
            return "no author: pass --author \"Name <email>\", set PLANBENCH_AUTHOR, or set git's user.name and user.email"
        case .malformedAuthor(let text):
            return "author \"\(SystemFailure.truncated(text))\" is not of the form \"Name <email>\""
        case .concurrentUpdate(let branch, let attempts):
            return "branch \(branch) kept moving under this save (\(attempts) attempts; another planbench or git is committing); nothing was committed, try again"
        case .noBranch:
            return "HEAD is not on a branch; check out a branch (git switch main) before saving"
        case .io(let path, let message):
            return "\(SystemFailure.truncated(path)): \(message)"
        case .git(let message):
            return message
        case .editor(let message):
            return message
        case .mergeState(let message):
            return message
        case .index(let message): return "\(message); `planbench index rebuild` makes it again from git"
        case .staleReview(let id):
            return "review \(id) changed since this version of it was read (another person or a save committed in between); nothing was committed: reload it and decide again"
        case .usage(let message), .reviewRefused(let message), .verificationFailed(let message):
            return message
        case .symbolicLink(let path, let link):
            let what = link == path ? "\(path) is a symbolic link" : "\(path) lies in \(link), which is a symbolic link"
            return "\(what); planbench reads and commits only regular files in the workspace, so a link can neither show nor commit a file outside it. Replace \(link) with a copy of what it points to, or delete it"
        case .stateFolderLink(let link):
            return "\(link) is a symbolic link; planbench keeps its local state (a merge in progress, caches) in \(WorkspaceLayout.stateFolder)/ and never follows a link there. Delete the link (and `git rm --cached \(link)` if it was committed), then run the command again"
        case .incomplete(let done, let problem):
            return "\(done), but the work tree and index could not be updated: \(problem). Nothing is lost: once that is fixed, any planbench command (planbench status) finishes the update; do not save before then"
        case .schemasUnavailable(let reason):
            return "planbench cannot check documents: its embedded schemas do not load (\(reason)); nothing was saved. This planbench build is damaged: rebuild it (Tools/embed-resources, then swift build) or reinstall it"
        case .pushRefused(let remote, let branch):
            return "push refused: \(remote)/\(branch) has commits this workspace does not have (not a fast-forward). Pull first (planbench pull \(remote) \(branch)), then push again; planbench never forces a push"
        }
    }
}
