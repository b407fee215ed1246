// Remotes: git as the distributed engine between workspaces (local paths and file:// URLs).
import CLibGit2

/// How a fetch moved one reference (`refs/remotes/origin/main`).
public struct ReferenceUpdate: Hashable, Sendable {
    public var name: String
    /// Where it pointed before; nil when the fetch created it.
    public var old: ObjectID?
    /// Where it points now; nil when the fetch deleted it (pruning).
    public var new: ObjectID?

    public init(name: String, old: ObjectID?, new: ObjectID?) {
        self.name = name
        self.old = old
        self.new = new
    }
}

extension Repository {
    /// Configures a remote with the default fetch refspec
    /// (`+refs/heads/*:refs/remotes/<name>/*`).
    ///
    /// - Throws: `GitError.remoteExists`, `.invalidReferenceName` for a bad name.
    public func addRemote(name: String, url: String) throws {
        var remote: OpaquePointer?
        let status = git_remote_create(&remote, pointer, name, url)
        switch status {
        case GIT_EEXISTS.rawValue: throw GitError.remoteExists(name)
        case GIT_EINVALIDSPEC.rawValue: throw GitError.invalidReferenceName(name)
        default: try check(status)
        }
        git_remote_free(remote)
    }

    /// Configured remotes, name to fetch URL.
    public func remotes() throws -> [String: String] {
        var names = git_strarray()
        try check(git_remote_list(&names, pointer))
        defer { git_strarray_dispose(&names) }
        var result: [String: String] = [:]
        for index in 0..<names.count {
            guard let name = names.strings[index].map({ String(cString: $0) }) else { continue }
            let remote = try lookupRemote(name)
            defer { git_remote_free(remote) }
            result[name] = git_remote_url(remote).map { String(cString: $0) } ?? ""
        }
        return result
    }

    /// Downloads objects and updates remote-tracking references from a remote.
    ///
    /// Local branches are never moved by a fetch; merge or fast-forward them afterwards.
    ///
    /// - Parameters:
    ///   - remote: A configured remote's name (`origin`).
    ///   - refspecs: Refspecs to fetch instead of the configured ones
    ///     (e.g. `["+refs/heads/main:refs/remotes/origin/main"]`); empty for the configured ones.
    ///   - prune: Delete remote-tracking references whose branch no longer exists on the remote.
    /// - Returns: The references the fetch created, moved or deleted.
    @discardableResult
    public func fetch(remote name: String, refspecs: [String] = [], prune: Bool = false) throws -> [ReferenceUpdate] {
        try ensureCertificatesForNetwork()
        let remote = try lookupRemote(name)
        defer { git_remote_free(remote) }

        final class Updates { var list: [ReferenceUpdate] = [] }
        let updates = Updates()
        var options = git_fetch_options()
        try check(git_fetch_options_init(&options, UInt32(GIT_FETCH_OPTIONS_VERSION)))
        options.prune = prune ? GIT_FETCH_PRUNE : GIT_FETCH_NO_PRUNE
        options.callbacks.payload = Unmanaged.passUnretained(updates).toOpaque()
        options.callbacks.update_tips = { name, old, new, payload in
            guard let name, let payload else { return 0 }
            let old = old.flatMap { ObjectID($0).nonZero }
            let new = new.flatMap { ObjectID($0).nonZero }
            Unmanaged<Updates>.fromOpaque(payload).takeUnretainedValue().list
                .append(ReferenceUpdate(name: String(cString: name), old: old, new: new))
            return 0
        }
        let strings = CStrings(refspecs)
        defer { strings.deallocate() }
        let status = try withExtendedLifetime(updates) { () throws(GitError) -> Int32 in
            try strings.withStrArray { (array) throws(GitError) -> Int32 in
                git_remote_fetch(remote, refspecs.isEmpty ? nil : array, &options, "fetch \(name)")
            }
        }
        try check(status)
        return updates.list.sorted { $0.name < $1.name }
    }

    /// Uploads objects and updates references on a remote.
    ///
    /// - Parameters:
    ///   - remote: A configured remote's name.
    ///   - refspecs: What to push, e.g. `["refs/heads/main:refs/heads/main"]`; a leading
    ///     `+` forces a non-fast-forward update.
    /// - Throws: `GitError.pushRejected` naming the first reference the remote refused.
    public func push(remote name: String, refspecs: [String]) throws {
        try ensureCertificatesForNetwork()
        let remote = try lookupRemote(name)
        defer { git_remote_free(remote) }

        final class Rejections { var list: [(String, String)] = [] }
        let rejections = Rejections()
        var options = git_push_options()
        try check(git_push_options_init(&options, UInt32(GIT_PUSH_OPTIONS_VERSION)))
        options.callbacks.payload = Unmanaged.passUnretained(rejections).toOpaque()
        options.callbacks.push_update_reference = { name, status, payload in
            if let name, let status, let payload {
                Unmanaged<Rejections>.fromOpaque(payload).takeUnretainedValue().list
                    .append((String(cString: name), String(cString: status)))
            }
            return 0
        }
        let strings = CStrings(refspecs)
        defer { strings.deallocate() }
        let status = try withExtendedLifetime(rejections) { () throws(GitError) -> Int32 in
            try strings.withStrArray { (array) throws(GitError) -> Int32 in
                git_remote_push(remote, array, &options)
            }
        }
        if let (reference, reason) = rejections.list.first {
            throw GitError.pushRejected(reference: reference, reason: reason)
        }
        if status == GIT_ENONFASTFORWARD.rawValue {
            throw GitError.pushRejected(reference: refspecs.joined(separator: ", "), reason: "not a fast-forward")
        }
        try check(status)
    }

    /// Copies a repository (a local path or `file://` URL) into `path`, checking out
    /// its default branch and configuring it as the remote `origin`.
    public static func clone(from url: String, to path: String, bare: Bool = false) throws -> Repository {
        try ensureCertificatesForNetwork()
        var options = git_clone_options()
        try check(git_clone_options_init(&options, UInt32(GIT_CLONE_OPTIONS_VERSION)))
        options.bare = bare ? 1 : 0
        var repository: OpaquePointer?
        try check(git_clone(&repository, url, path, &options))
        return Repository(pointer: repository!)
    }

    private func lookupRemote(_ name: String) throws(GitError) -> OpaquePointer {
        var remote: OpaquePointer?
        let status = git_remote_lookup(&remote, pointer, name)
        if status == GIT_ENOTFOUND.rawValue { throw .remoteNotFound(name) }
        if status == GIT_EINVALIDSPEC.rawValue { throw .remoteNotFound(name) }
        try check(status)
        return remote!
    }
}
