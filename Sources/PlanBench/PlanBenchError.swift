import PlanDocument

/// Why a workspace operation could not be done. Each message says what to do.
public enum PlanBenchError: Error, Sendable, CustomStringConvertible {
    /// No workspace (a git repository with planbench.yaml) at or above the directory.
    case notAWorkspace(directory: String)
    /// `init` was pointed at a directory that already holds a workspace or repository.
    case alreadyInitialised(directory: String)
    /// An id with characters other than letters, digits, `.`, `_`, `-`.
    case invalidIdentifier(String, what: String)
    /// The named document does not exist (at that revision).
    case documentNotFound(String, revision: String?)
    /// A document already exists where a new one was asked for.
    case documentExists(path: String)
    /// Documents failed their checks; nothing was committed.
    case invalidDocuments([Diagnostic])
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
    /// A push would not be a fast-forward of the remote's branch.
    case pushRefused(remote: String, branch: String)
    /// Signatures, keys or approvals failed verification; the message names each.
    case verificationFailed(String)

    /// Whether this error reports problems found in documents (exit 1)
    /// rather than a usage or environment error (exit 2).
    public var isProblemReport: Bool {
        switch self {
        case .invalidDocuments, .reviewRefused, .pushRefused, .verificationFailed: return true
        default: return false
        }
    }

    public var description: String {
        switch self {
        case .notAWorkspace(let directory):
            return "not a planbench workspace: \(directory) (nor any parent) has no planbench.yaml in a git repository; run `planbench init DIR` or pass -C DIR"
        case .alreadyInitialised(let directory):
            return "\(directory) already holds a git repository or workspace; choose an empty or new directory"
        case .invalidIdentifier(let id, let what):
            return "invalid \(what) id \"\(id)\": use letters, digits, '.', '_' and '-' only (for example isr-peacetime)"
        case .documentNotFound(let name, let revision):
            return "no document \"\(name)\"\(revision.map { " at revision \($0)" } ?? ""); `planbench status` and `git ls-files` list what exists"
        case .documentExists(let path):
            return "\(path) already exists; edit it with `planbench edit`, or choose another id"
        case .invalidDocuments(let diagnostics):
            let errors = diagnostics.errors.count
            return "\(errors) error\(errors == 1 ? "" : "s") found; nothing was committed. Fix the documents above and save again."
        case .notADocument(let path):
            return "\(path) is not a workspace document (planbench.yaml, guidelines/*.yaml, plans/*.yaml or reviews/*.yaml inside the workspace)"
        case .noAuthor:
            return "no author: pass --author \"Name <email>\", set PLANBENCH_AUTHOR, or set git's user.name and user.email"
        case .malformedAuthor(let text):
            return "author \"\(text)\" is not of the form \"Name <email>\""
        case .concurrentUpdate(let branch, let attempts):
            return "branch \(branch) kept moving under this save (\(attempts) attempts; another planbench or git is committing); nothing was committed, try again"
        case .noBranch:
            return "HEAD is not on a branch; check out a branch (git switch main) before saving"
        case .io(let path, let message):
            return "\(path): \(message)"
        case .git(let message):
            return message
        case .editor(let message):
            return message
        case .mergeState(let message):
            return message
        case .usage(let message), .reviewRefused(let message), .verificationFailed(let message):
            return message
        case .pushRefused(let remote, let branch):
            return "push refused: \(remote)/\(branch) has commits this workspace does not have (not a fast-forward). Pull first (planbench pull \(remote) \(branch)), then push again; planbench never forces a push"
        }
    }
}
