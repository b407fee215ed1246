// How planbench authenticates to remotes, the way git users already have it set
// up: SSH keys (PLANBENCH_SSH_KEY, a key named in planbench.yaml, ssh-agent,
// ~/.ssh/id_*) checked against ~/.ssh/known_hosts, and HTTPS tokens
// (PLANBENCH_TOKEN, ~/.git-credentials). Secrets are handed to libgit2 and never
// printed: every credential carries a label that says where it came from.
import Foundation
import PlanGit

/// The environment a network operation reads credentials from.
public struct NetworkAccess: Sendable {
    public var environment: [String: String]
    /// `sync.sshKey` from planbench.yaml, if any.
    public var configuredSSHKey: String?

    public init(environment: [String: String], configuredSSHKey: String? = nil) {
        self.environment = environment
        self.configuredSSHKey = configuredSSHKey
    }

    var home: String? { environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } }

    func expand(_ path: String) -> String {
        if path == "~" { return home ?? path }
        if path.hasPrefix("~/"), let home { return home + path.dropFirst(1) }
        return path
    }

    /// The options libgit2 needs for one operation on `url`; `progress` is passed through.
    public func options(for url: String, progress: ((TransferProgress) -> Void)? = nil) -> NetworkOptions {
        let port = Self.sshPort(of: url)
        return NetworkOptions(
            credentials: { request in credentials(for: request) },
            checkHostKey: { host, key in checkHostKey(host: host, port: port, key: key) },
            progress: progress)
    }

    /// The port of an `ssh://` URL when it names one other than 22.
    static func sshPort(of url: String) -> Int? {
        guard url.hasPrefix("ssh://"), let port = URLComponents(string: url)?.port, port != 22 else { return nil }
        return port
    }

    /// The credentials to offer for a request, in the order they are tried.
    public func credentials(for request: CredentialRequest) -> [Credential] {
        var list: [Credential] = []
        let user = environment["USER"] ?? environment["LOGNAME"] ?? "git"
        if request.acceptsSSHKeys {
            var keys: [(String, String)] = []
            if let key = environment["PLANBENCH_SSH_KEY"], !key.isEmpty { keys.append((expand(key), "PLANBENCH_SSH_KEY")) }
            if let key = configuredSSHKey { keys.append((expand(key), "sync.sshKey in planbench.yaml")) }
            for (path, origin) in keys {
                let publicKey = FileManager.default.fileExists(atPath: path + ".pub") ? path + ".pub" : nil
                list.append(Credential(
                    .sshKey(privateKey: path, publicKey: publicKey, passphrase: environment["PLANBENCH_SSH_PASSPHRASE"]),
                    label: "SSH key \(path) (\(origin))", username: user))
            }
            if let socket = environment["SSH_AUTH_SOCK"], !socket.isEmpty {
                list.append(Credential(.sshAgent, label: "keys in ssh-agent (SSH_AUTH_SOCK)", username: user))
            }
            if keys.isEmpty, let home {
                for name in ["id_ed25519", "id_ecdsa", "id_rsa"] {
                    let path = "\(home)/.ssh/\(name)"
                    guard FileManager.default.fileExists(atPath: path) else { continue }
                    let publicKey = FileManager.default.fileExists(atPath: path + ".pub") ? path + ".pub" : nil
                    list.append(Credential(.sshKey(privateKey: path, publicKey: publicKey, passphrase: nil), label: "SSH key ~/.ssh/\(name)", username: user))
                }
            }
        }
        if request.acceptsPassword {
            if let token = environment["PLANBENCH_TOKEN"], !token.isEmpty {
                let name = request.usernameFromURL ?? environment["PLANBENCH_TOKEN_USER"] ?? "planbench"
                list.append(Credential(.userPassword(username: name, password: token), label: "token from PLANBENCH_TOKEN (user \(name))"))
            }
            for entry in gitCredentials(matching: request.url) {
                list.append(Credential(
                    .userPassword(username: entry.user, password: entry.password),
                    label: "~/.git-credentials entry for \(entry.user)@\(entry.host)"))
            }
        }
        return list
    }

    /// Entries of ~/.git-credentials (`https://user:token@host[:port][/path]`) for the URL's scheme and host.
    func gitCredentials(matching url: String) -> [(user: String, password: String, host: String)] {
        guard let home, let text = try? String(contentsOfFile: home + "/.git-credentials", encoding: .utf8),
            let target = URLComponents(string: url)
        else { return [] }
        var found: [(String, String, String)] = []
        for line in text.split(whereSeparator: \.isNewline) {
            guard let entry = URLComponents(string: String(line).trimmingCharacters(in: .whitespaces)),
                entry.scheme == target.scheme, entry.host == target.host, entry.port == target.port,
                let user = entry.user, let password = entry.password
            else { continue }
            let path = entry.path
            if !path.isEmpty, path != "/", !target.path.hasPrefix(path) { continue }
            found.append((user.removingPercentEncoding ?? user, password.removingPercentEncoding ?? password, entry.host ?? ""))
        }
        return found
    }

    /// nil when `key` is listed for `host` in ~/.ssh/known_hosts (or
    /// PLANBENCH_KNOWN_HOSTS), otherwise why it is refused.
    public func checkHostKey(host: String, port: Int? = nil, key: HostKey) -> String? {
        let fingerprint = key.sha256.map { "SHA256:" + Data($0).base64EncodedString().replacingOccurrences(of: "=", with: "") }
            ?? (key.blob.isEmpty ? "unknown" : Fingerprint.sshFingerprint(ofKeyBlob: key.blob))
        let file = environment["PLANBENCH_KNOWN_HOSTS"].map(expand) ?? home.map { $0 + "/.ssh/known_hosts" } ?? "~/.ssh/known_hosts"
        let lines = (try? String(contentsOfFile: file, encoding: .utf8))?.split(whereSeparator: \.isNewline) ?? []
        var otherKeys: [Int] = []
        for (number, line) in lines.enumerated() {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count >= 3, !fields[0].hasPrefix("#") else { continue }
            var index = 0
            if fields[0].hasPrefix("@") { index = 1 }  // @cert-authority / @revoked markers
            guard fields.count >= index + 3, Self.patterns(String(fields[index]), match: host, port: port) else { continue }
            if fields[0] == "@cert-authority" { continue }
            let blob = Data(base64Encoded: String(fields[index + 2])).map { [UInt8]($0) }
            let matches = key.blob.isEmpty
                ? blob.map { Fingerprint.sshFingerprint(ofKeyBlob: $0) == fingerprint } ?? false
                : blob == key.blob
            if fields[0] == "@revoked" {
                if matches { return "its key \(fingerprint) is marked @revoked in \(file) line \(number + 1)" }
                continue
            }
            if matches { return nil }
            otherKeys.append(number + 1)
        }
        if !otherKeys.isEmpty {
            return "the server presented \(fingerprint), but \(file) lists another key for \(host) (line \(otherKeys.map(String.init).joined(separator: ", "))). If the server's key really changed, remove the old entry (ssh-keygen -R \(host)) and add the new one"
        }
        return "\(host) is not in \(file); check that \(fingerprint) is the server's key, then add it (ssh-keyscan \(port.map { "-p \($0) " } ?? "")\(host) >> \(file))"
    }

    /// Whether a known_hosts host field (comma-separated patterns, `[host]:port`,
    /// or a hashed `|1|salt|hash`) names `host`.
    static func patterns(_ field: String, match host: String, port: Int?) -> Bool {
        // OpenSSH writes `[host]:port` for ports other than 22.
        let name = port.map { "[\(host.lowercased())]:\($0)" } ?? host.lowercased()
        if field.hasPrefix("|1|") {
            let parts = field.split(separator: "|")
            guard parts.count == 3, let salt = Data(base64Encoded: String(parts[1])), let hash = Data(base64Encoded: String(parts[2])) else { return false }
            return Fingerprint.hmacSHA1(key: [UInt8](salt), message: Array(name.utf8)) == [UInt8](hash)
        }
        return field.split(separator: ",").contains { $0.lowercased() == name }
    }
}
