// Remotes: git as the distributed engine between workspaces, over local paths,
// file:// URLs, smart HTTP(S) and SSH, with credentials, host-key checks and
// transfer progress supplied by the caller (the git layer holds no policy).
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

/// How far a transfer has got: objects and bytes received (fetch, clone) or sent (push).
public struct TransferProgress: Hashable, Sendable {
    public enum Direction: String, Sendable { case receiving, sending }
    public var direction: Direction
    /// Objects received (or sent) so far.
    public var objects: Int
    /// Objects the transfer will move in all; 0 while unknown.
    public var totalObjects: Int
    /// Objects received and indexed (fetch only).
    public var indexedObjects: Int
    public var bytes: Int

    public init(direction: Direction, objects: Int, totalObjects: Int, indexedObjects: Int = 0, bytes: Int) {
        self.direction = direction
        self.objects = objects
        self.totalObjects = totalObjects
        self.indexedObjects = indexedObjects
        self.bytes = bytes
    }
}

/// One way to authenticate to a remote. `label` describes it in messages without
/// its secret ("ssh-agent", "key ~/.ssh/id_ed25519", "token from PLANBENCH_TOKEN").
public struct Credential: Sendable {
    public enum Kind: Sendable {
        /// Keys held by the running ssh-agent (`SSH_AUTH_SOCK`).
        case sshAgent
        /// A private key file; the public key file is optional (libssh2 derives it).
        case sshKey(privateKey: String, publicKey: String?, passphrase: String?)
        /// HTTP basic authentication: a user name and a password or access token.
        case userPassword(username: String, password: String)
    }

    public var kind: Kind
    public var label: String
    /// The SSH user name when the URL names none (`ssh://host/...`).
    public var username: String?

    public init(_ kind: Kind, label: String, username: String? = nil) {
        self.kind = kind
        self.label = label
        self.username = username
    }

    var isSSH: Bool {
        if case .userPassword = kind { return false }
        return true
    }
}

/// What a remote asked for when it wanted credentials.
public struct CredentialRequest: Sendable {
    /// The URL being contacted.
    public var url: String
    /// The user name written in the URL (`git@host:...`), if any.
    public var usernameFromURL: String?
    /// Whether SSH keys are acceptable (an SSH remote).
    public var acceptsSSHKeys: Bool
    /// Whether a user name and password are acceptable (an HTTP remote).
    public var acceptsPassword: Bool
}

/// A server's SSH host key, as presented during the handshake.
public struct HostKey: Sendable {
    /// The key blob in SSH wire format (what `known_hosts` holds in base64); empty when
    /// the transport gave no raw key.
    public var blob: [UInt8]
    /// `SHA256:…` as `ssh-keygen -l` prints it, when known.
    public var sha256: [UInt8]?
}

/// What the caller provides to a network operation: credentials to try in order,
/// a host-key check for SSH, and a progress callback.
public struct NetworkOptions {
    /// Credentials to offer, tried in order; the remote's refusal of one moves to the next.
    public var credentials: (CredentialRequest) -> [Credential]
    /// Called for an SSH server's host key with the host name: nil accepts it,
    /// a string refuses it with that reason. Nil accepts every key.
    public var checkHostKey: ((_ host: String, _ key: HostKey) -> String?)?
    /// Called as objects move (at most as often as libgit2 reports).
    public var progress: ((TransferProgress) -> Void)?

    public init(
        credentials: @escaping (CredentialRequest) -> [Credential] = { _ in [] },
        checkHostKey: ((String, HostKey) -> String?)? = nil,
        progress: ((TransferProgress) -> Void)? = nil
    ) {
        self.credentials = credentials
        self.checkHostKey = checkHostKey
        self.progress = progress
    }
}

/// The state of one network operation, reached from libgit2's callbacks through
/// their payload pointer. It lives on the caller's stack frame for the length of
/// the libgit2 call (`withExtendedLifetime`), on the calling thread only.
private final class NetworkSession {
    let options: NetworkOptions
    var offered: [String] = []
    var pending: [Credential]?
    var failure: GitError?
    var updates: [ReferenceUpdate] = []
    var rejections: [(String, String)] = []

    init(options: NetworkOptions) {
        self.options = options
    }

    func acquire(_ out: UnsafeMutablePointer<OpaquePointer?>?, url: String, username: String?, allowed: UInt32) -> Int32 {
        let wantsUsername = allowed & GIT_CREDENTIAL_USERNAME.rawValue != 0
        let acceptsSSH = allowed & (GIT_CREDENTIAL_SSH_KEY.rawValue | GIT_CREDENTIAL_SSH_CUSTOM.rawValue) != 0
        let acceptsPassword = allowed & GIT_CREDENTIAL_USERPASS_PLAINTEXT.rawValue != 0
        if pending == nil {
            let request = CredentialRequest(url: url, usernameFromURL: username, acceptsSSHKeys: acceptsSSH || wantsUsername, acceptsPassword: acceptsPassword)
            pending = options.credentials(request)
        }
        if wantsUsername, !acceptsSSH, !acceptsPassword {
            // libgit2 asks for the SSH user name first when the URL has none.
            let name = pending?.first(where: \.isSSH)?.username ?? "git"
            return git_credential_username_new(out, name)
        }
        while let next = pending?.first {
            pending?.removeFirst()
            let user = username ?? next.username ?? "git"
            switch next.kind {
            case .sshAgent where acceptsSSH:
                offered.append(next.label)
                return git_credential_ssh_key_from_agent(out, user)
            case .sshKey(let privateKey, let publicKey, let passphrase) where acceptsSSH:
                offered.append(next.label)
                return git_credential_ssh_key_new(out, user, publicKey, privateKey, passphrase)
            case .userPassword(let name, let password) where acceptsPassword:
                offered.append(next.label)
                return git_credential_userpass_plaintext_new(out, username ?? name, password)
            default:
                continue
            }
        }
        failure = .authenticationFailed(url: url, refused: offered)
        return GIT_EUSER.rawValue
    }

    func checkCertificate(_ cert: UnsafeMutablePointer<git_cert>?, valid: Int32, host: String) -> Int32 {
        guard let cert else { return GIT_PASSTHROUGH.rawValue }
        if cert.pointee.cert_type == GIT_CERT_HOSTKEY_LIBSSH2 {
            guard let check = options.checkHostKey else { return 0 }
            let key = UnsafeMutableRawPointer(cert).assumingMemoryBound(to: git_cert_hostkey.self).pointee
            var blob: [UInt8] = []
            if key.type.rawValue & GIT_CERT_SSH_RAW.rawValue != 0, let raw = key.hostkey {
                blob = Array(UnsafeRawBufferPointer(start: raw, count: key.hostkey_len))
            }
            var sha256: [UInt8]?
            if key.type.rawValue & GIT_CERT_SSH_SHA256.rawValue != 0 {
                sha256 = withUnsafeBytes(of: key.hash_sha256) { Array($0) }
            }
            if let reason = check(host, HostKey(blob: blob, sha256: sha256)) {
                failure = .hostKeyRejected(host: host, reason: reason)
                return GIT_EUSER.rawValue
            }
            return 0
        }
        // TLS: libgit2 has verified the chain against the CA bundle; keep its verdict.
        return valid != 0 ? 0 : GIT_PASSTHROUGH.rawValue
    }

    /// Fills libgit2's callback table so every callback reaches this session.
    func install(in callbacks: inout git_remote_callbacks) {
        callbacks.payload = Unmanaged.passUnretained(self).toOpaque()
        callbacks.credentials = { out, url, username, allowed, payload in
            session(payload).acquire(
                out, url: url.map { String(cString: $0) } ?? "", username: username.map { String(cString: $0) }, allowed: allowed)
        }
        callbacks.certificate_check = { cert, valid, host, payload in
            session(payload).checkCertificate(cert, valid: valid, host: host.map { String(cString: $0) } ?? "")
        }
        callbacks.update_tips = { name, old, new, payload in
            guard let name else { return 0 }
            let old = old.flatMap { ObjectID($0).nonZero }
            let new = new.flatMap { ObjectID($0).nonZero }
            session(payload).updates.append(ReferenceUpdate(name: String(cString: name), old: old, new: new))
            return 0
        }
        callbacks.push_update_reference = { name, status, payload in
            if let name, let status {
                session(payload).rejections.append((String(cString: name), String(cString: status)))
            }
            return 0
        }
        if options.progress != nil {
            callbacks.transfer_progress = { stats, payload in
                guard let stats = stats?.pointee else { return 0 }
                session(payload).options.progress?(TransferProgress(
                    direction: .receiving, objects: Int(stats.received_objects), totalObjects: Int(stats.total_objects),
                    indexedObjects: Int(stats.indexed_objects), bytes: Int(stats.received_bytes)))
                return 0
            }
            callbacks.push_transfer_progress = { current, total, bytes, payload in
                session(payload).options.progress?(TransferProgress(
                    direction: .sending, objects: Int(current), totalObjects: Int(total), bytes: Int(bytes)))
                return 0
            }
        }
    }

    /// A failed call's error: what a callback refused, else libgit2's own.
    func check(_ status: Int32) throws(GitError) {
        guard status < 0 else { return }
        if let failure { throw failure }
        try PlanGit.check(status)
    }
}

private func session(_ payload: UnsafeMutableRawPointer?) -> NetworkSession {
    Unmanaged<NetworkSession>.fromOpaque(payload!).takeUnretainedValue()
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

    /// Deletes a remote's configuration and its remote-tracking references.
    ///
    /// - Throws: `GitError.remoteNotFound`.
    public func removeRemote(name: String) throws {
        git_remote_free(try lookupRemote(name))
        try check(git_remote_delete(pointer, name))
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
    /// The pack is written and indexed before any reference moves, and each reference
    /// moves under its lock, so a fetch killed halfway leaves every reference where it
    /// was (at worst an unreferenced temporary pack file that `git gc` removes).
    ///
    /// - Parameters:
    ///   - remote: A configured remote's name (`origin`).
    ///   - refspecs: Refspecs to fetch instead of the configured ones
    ///     (e.g. `["+refs/heads/main:refs/remotes/origin/main"]`); empty for the configured ones.
    ///   - prune: Delete remote-tracking references whose branch no longer exists on the remote.
    ///   - options: Credentials, host-key check and progress.
    /// - Returns: The references the fetch created, moved or deleted.
    /// - Throws: `.authenticationFailed` naming every credential the remote refused,
    ///   `.hostKeyRejected`, `.remoteNotFound`.
    @discardableResult
    public func fetch(remote name: String, refspecs: [String] = [], prune: Bool = false, options network: NetworkOptions = NetworkOptions()) throws -> [ReferenceUpdate] {
        try ensureCertificatesForNetwork()
        let remote = try lookupRemote(name)
        defer { git_remote_free(remote) }

        let session = NetworkSession(options: network)
        var options = git_fetch_options()
        try check(git_fetch_options_init(&options, UInt32(GIT_FETCH_OPTIONS_VERSION)))
        options.prune = prune ? GIT_FETCH_PRUNE : GIT_FETCH_NO_PRUNE
        session.install(in: &options.callbacks)
        let strings = CStrings(refspecs)
        defer { strings.deallocate() }
        let status = try withExtendedLifetime(session) { () throws(GitError) -> Int32 in
            try strings.withStrArray { (array) throws(GitError) -> Int32 in
                git_remote_fetch(remote, refspecs.isEmpty ? nil : array, &options, "fetch \(name)")
            }
        }
        try session.check(status)
        return session.updates.sorted { $0.name < $1.name }
    }

    /// Uploads objects and updates references on a remote.
    ///
    /// - Parameters:
    ///   - remote: A configured remote's name.
    ///   - refspecs: What to push, e.g. `["refs/heads/main:refs/heads/main"]`; a leading
    ///     `+` forces a non-fast-forward update.
    ///   - options: Credentials, host-key check and progress.
    /// - Throws: `GitError.pushRejected` naming the first reference the remote refused;
    ///   `.authenticationFailed`, `.hostKeyRejected`.
    public func push(remote name: String, refspecs: [String], options network: NetworkOptions = NetworkOptions()) throws {
        try ensureCertificatesForNetwork()
        let remote = try lookupRemote(name)
        defer { git_remote_free(remote) }

        let session = NetworkSession(options: network)
        var options = git_push_options()
        try check(git_push_options_init(&options, UInt32(GIT_PUSH_OPTIONS_VERSION)))
        session.install(in: &options.callbacks)
        let strings = CStrings(refspecs)
        defer { strings.deallocate() }
        let status = try withExtendedLifetime(session) { () throws(GitError) -> Int32 in
            try strings.withStrArray { (array) throws(GitError) -> Int32 in
                git_remote_push(remote, array, &options)
            }
        }
        if let (reference, reason) = session.rejections.first {
            throw GitError.pushRejected(reference: reference, reason: reason)
        }
        if status == GIT_ENONFASTFORWARD.rawValue {
            throw GitError.pushRejected(reference: refspecs.joined(separator: ", "), reason: "not a fast-forward")
        }
        try session.check(status)
    }

    /// Copies a repository (a local path, `file://`, `http(s)://` or `ssh://` URL, or
    /// `user@host:path`) into `path`, checking out its default branch and configuring
    /// it as the remote `origin`.
    public static func clone(from url: String, to path: String, bare: Bool = false, options network: NetworkOptions = NetworkOptions()) throws -> Repository {
        try ensureCertificatesForNetwork()
        let session = NetworkSession(options: network)
        var options = git_clone_options()
        try check(git_clone_options_init(&options, UInt32(GIT_CLONE_OPTIONS_VERSION)))
        options.bare = bare ? 1 : 0
        session.install(in: &options.fetch_opts.callbacks)
        var repository: OpaquePointer?
        let status = withExtendedLifetime(session) { git_clone(&repository, url, path, &options) }
        try session.check(status)
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
