// Two parties, one record: workspaces exchange commits through git remotes
// (libgit2 only). Pull is a fetch followed by exactly the structural merge of
// `planbench merge`; push never forces; sync is pull, then push when clean.
import Foundation
import PlanDocument
import PlanGit

/// How far a fetch, push or clone has got (objects and bytes).
public typealias SyncProgress = TransferProgress
/// How a fetch moved a remote-tracking branch.
public typealias SyncUpdate = ReferenceUpdate

/// What `pull` did: the fetch's reference updates and the merge's outcome.
public struct PullOutcome {
    public var remote: String
    public var branch: String
    public var updates: [ReferenceUpdate]
    public var merge: MergeOutcome
}

/// What `push` did.
public enum PushOutcome: Sendable {
    case upToDate
    case pushed(from: ObjectID?, to: ObjectID)
}

extension Workspace {
    /// Clones a workspace from `url` into `directory` and checks it as a workspace:
    /// a repository without planbench.yaml is removed again and refused.
    ///
    /// - Returns: The workspace and the problems its documents have at HEAD.
    public static func clone(from url: String, to directory: String, access: NetworkAccess, progress: ((TransferProgress) -> Void)? = nil) throws -> (Workspace, [Diagnostic]) {
        let fileManager = FileManager.default
        if fileManager.fileExists(atPath: directory), (try? fileManager.contentsOfDirectory(atPath: directory))?.isEmpty == false {
            throw PlanBenchError.alreadyInitialised(directory: directory, contents: (try? fileManager.contentsOfDirectory(atPath: directory)) ?? [])
        }
        let existed = fileManager.fileExists(atPath: directory)
        func cleanUp() {
            if existed {
                for entry in (try? fileManager.contentsOfDirectory(atPath: directory)) ?? [] {
                    try? fileManager.removeItem(atPath: directory + "/" + entry)
                }
            } else {
                try? fileManager.removeItem(atPath: directory)
            }
        }
        do {
            _ = try Repository.clone(from: url, to: directory, options: access.options(for: url, progress: progress))
        } catch {
            cleanUp()
            throw PlanBenchError.git("cannot clone \(url): \(error)")
        }
        guard fileManager.fileExists(atPath: directory + "/" + WorkspaceLayout.configFile) else {
            cleanUp()
            throw PlanBenchError.usage("\(url) is a git repository but not a planbench workspace (no \(WorkspaceLayout.configFile) on its default branch); nothing was kept")
        }
        let workspace = try Workspace.open(at: directory)
        return (workspace, try workspace.validate(revision: "HEAD"))
    }

    /// Configured remotes, sorted by name.
    public func remotes() throws -> [(name: String, url: String)] {
        try gitCall { try repository.remotes() }.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    public func addRemote(name: String, url: String) throws {
        try gitCall { try repository.addRemote(name: name, url: url) }
    }

    public func removeRemote(name: String) throws {
        try gitCall { try repository.removeRemote(name: name) }
    }

    /// The remote to use when none is named: the current branch's upstream
    /// remote, else `origin`, else the only one.
    public func defaultRemote() throws -> String {
        if let branch = try? branch(), let configured = try gitCall({ try repository.configValue("branch.\(branch).remote") }) {
            return configured
        }
        let names = try remotes().map(\.name)
        if names.contains("origin") { return "origin" }
        if names.count == 1 { return names[0] }
        throw PlanBenchError.usage(names.isEmpty
            ? "this workspace has no remote; add one with planbench remote add origin URL"
            : "several remotes (\(names.joined(separator: ", "))) and none is origin; name one")
    }

    func remoteURL(_ name: String) throws -> String {
        guard let url = try remotes().first(where: { $0.name == name })?.url else {
            throw PlanBenchError.usage("no remote named \(name); planbench remote list shows them, planbench remote add \(name) URL adds it")
        }
        return url
    }

    /// Fetches a remote's branches into `refs/remotes/REMOTE/*`; local branches do not move.
    @discardableResult
    public func fetch(remote: String, access: NetworkAccess, progress: ((TransferProgress) -> Void)? = nil) throws -> [ReferenceUpdate] {
        let url = try remoteURL(remote)
        do {
            return try repository.fetch(remote: remote, options: access.options(for: url, progress: progress))
        } catch let error as GitError {
            throw PlanBenchError.git("fetch from \(remote) failed: \(error)")
        }
    }

    /// Fetches, then merges `REMOTE/BRANCH` (default: the current branch's name)
    /// into the current branch with the structural merge; conflicts are left as
    /// `planbench merge` leaves them.
    public func pull(remote: String, branch remoteBranch: String?, author: Signature, access: NetworkAccess, progress: ((TransferProgress) -> Void)? = nil) throws -> PullOutcome {
        guard !mergeInProgress else {
            throw PlanBenchError.mergeState("a merge is in progress: finish it (planbench conflicts, then planbench pull --continue) or planbench pull --abort")
        }
        guard try changedDocuments().isEmpty else {
            throw PlanBenchError.mergeState("the work tree has unsaved document changes; save them (planbench save) before pulling")
        }
        let current = try self.branch()
        let target = remoteBranch ?? current
        let updates = try fetch(remote: remote, access: access, progress: progress)
        let tracking = "refs/remotes/\(remote)/\(target)"
        guard try gitCall({ try repository.referenceTarget(tracking) }) != nil else {
            throw PlanBenchError.usage("\(remote) has no branch \(target)")
        }
        if try head() == nil {
            // An unborn branch takes the remote's history as it is.
            let theirs = try resolve(tracking)
            try gitCall { try repository.updateWorkTree(from: nil, to: theirs) }
            try gitCall { try repository.updateReference("refs/heads/\(current)", to: theirs, expected: nil, message: "planbench pull: initial") }
            return PullOutcome(remote: remote, branch: target, updates: updates, merge: .fastForward(to: theirs))
        }
        let outcome = try merge(branch: tracking, label: "\(remote)/\(target)", author: author)
        return PullOutcome(remote: remote, branch: target, updates: updates, merge: outcome)
    }

    /// Pushes the current branch to `REMOTE/BRANCH` (default: the same name).
    /// A push that is not a fast-forward is refused: pull first. Never forces.
    public func push(remote: String, branch remoteBranch: String?, access: NetworkAccess, progress: ((TransferProgress) -> Void)? = nil) throws -> PushOutcome {
        guard !mergeInProgress else {
            throw PlanBenchError.mergeState("a merge is in progress; finish it (planbench merge --continue) before pushing")
        }
        let current = try self.branch()
        guard let head = try head() else { throw PlanBenchError.usage("branch \(current) has no commits to push") }
        let target = remoteBranch ?? current
        let url = try remoteURL(remote)
        let tracking = "refs/remotes/\(remote)/\(target)"
        let before = try gitCall { try repository.referenceTarget(tracking) }
        if before == head { return .upToDate }
        // What we last saw of the remote must be in our history; the remote checks
        // again (libgit2 refuses a non-fast-forward against the remote's real tip).
        if let before, !(try gitCall { try repository.isAncestor(before, of: head) }) {
            throw PlanBenchError.pushRefused(remote: remote, branch: target)
        }
        do {
            try repository.push(
                remote: remote, refspecs: ["refs/heads/\(current):refs/heads/\(target)"],
                options: access.options(for: url, progress: progress))
        } catch GitError.pushRejected {
            throw PlanBenchError.pushRefused(remote: remote, branch: target)
        } catch let error as GitError {
            if case .libgit2(let code, _, let message) = error, code == -11 || message.contains("not present locally") || message.contains("fastforward") {
                throw PlanBenchError.pushRefused(remote: remote, branch: target)
            }
            throw PlanBenchError.git("push to \(remote) failed: \(error)")
        }
        // libgit2 moves the tracking reference after a successful push; make sure.
        if try gitCall({ try repository.referenceTarget(tracking) }) != head {
            try? repository.updateReference(tracking, to: head, expected: try repository.referenceTarget(tracking), message: "planbench push")
        }
        return .pushed(from: before, to: head)
    }
}

extension Workspace {
    /// `sync.sshKey` in planbench.yaml at HEAD: the SSH key file to offer first.
    public var configuredSSHKey: String? {
        guard let bytes = try? workTree.bytes(at: WorkspaceLayout.configFile),
            let node = try? DocumentReading.parse(bytes, path: WorkspaceLayout.configFile)
        else { return nil }
        return node["sync"]?["sshKey"]?.string
    }
}
