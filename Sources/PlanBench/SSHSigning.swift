// Signatures the way git makes them with gpg.format=ssh: `ssh-keygen -Y sign -n git`
// over the commit object's text, checked with `ssh-keygen -Y check-novalidate`.
// Which key may sign for whom is planbench's own check (planbench.yaml's signers
// at the commit), so a failure can be named: wrong party, expired, unknown key.
import Foundation
import PlanGit

/// An SSH public key: its type, wire-format blob and fingerprint.
public struct SSHPublicKey: Sendable, Hashable {
    public var type: String
    public var blob: [UInt8]

    /// `ssh-ed25519 AAAA…` (a comment after the key is ignored).
    public init?(line: String) {
        let fields = line.split(whereSeparator: \.isWhitespace)
        guard fields.count >= 2, let data = Data(base64Encoded: String(fields[1])) else { return nil }
        type = String(fields[0])
        blob = [UInt8](data)
        // The blob starts with its own type name; a mismatch is not a key.
        var wire = SSHWire(blob)
        guard let inner = wire.string(), inner == Array(type.utf8) else { return nil }
    }

    init(type: String, blob: [UInt8]) {
        self.type = type
        self.blob = blob
    }

    /// `SHA256:…` as `ssh-keygen -l` prints it.
    public var fingerprint: String { Fingerprint.sshFingerprint(ofKeyBlob: blob) }

    /// `ssh-ed25519 AAAA…`, as authorized_keys and allowed-signers files hold it.
    public var line: String { "\(type) \(Data(blob).base64EncodedString())" }
}

/// Reads SSH wire-format values (RFC 4251 strings and integers).
struct SSHWire {
    private let bytes: [UInt8]
    private var offset = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    mutating func uint32() -> UInt32? {
        guard offset + 4 <= bytes.count else { return nil }
        let value = bytes[offset..<offset + 4].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        offset += 4
        return value
    }

    mutating func string() -> [UInt8]? {
        guard let length = uint32().map(Int.init), offset + length <= bytes.count else { return nil }
        defer { offset += length }
        return Array(bytes[offset..<offset + length])
    }
}

/// An armored SSH signature (`-----BEGIN SSH SIGNATURE-----`).
public struct SSHSignature: Sendable {
    public var armored: String
    /// The key that made it, as the signature itself records it.
    public var publicKey: SSHPublicKey
    public var namespace: String

    /// Parses the SSHSIG blob: magic, version, public key, namespace, …
    public init?(armored: String) {
        let body = armored.split(whereSeparator: \.isNewline).filter { !$0.hasPrefix("-----") }.joined()
        guard let data = Data(base64Encoded: body) else { return nil }
        let bytes = [UInt8](data)
        guard bytes.count > 6, Array(bytes[0..<6]) == Array("SSHSIG".utf8) else { return nil }
        var wire = SSHWire(Array(bytes[6...]))
        guard wire.uint32() == 1, let keyBlob = wire.string(), let namespace = wire.string() else { return nil }
        var keyWire = SSHWire(keyBlob)
        guard let type = keyWire.string() else { return nil }
        self.armored = armored
        publicKey = SSHPublicKey(type: String(decoding: type, as: UTF8.self), blob: keyBlob)
        self.namespace = String(decoding: namespace, as: UTF8.self)
    }
}

/// A key that can sign: a file ssh-keygen can sign with (a private key, or a
/// public key whose private half is in ssh-agent) and its public key.
public struct SigningKey: Sendable {
    /// Passed to `ssh-keygen -Y sign -f`.
    public var file: String
    public var publicKey: SSHPublicKey
    /// Where it came from, for messages (`--key`, `PLANBENCH_SIGNING_KEY`, `user.signingkey`).
    public var origin: String
}

/// Runs ssh-keygen for signing and checking.
public enum SSHKeygen {
    static let program = ["/usr/bin/ssh-keygen", "/usr/local/bin/ssh-keygen"].first { FileManager.default.isExecutableFile(atPath: $0) }

    struct Result {
        var status: Int32
        var output: [UInt8]
        var errors: String
    }

    static func run(_ arguments: [String], input: [UInt8], environment: [String: String]) throws -> Result {
        guard let program else {
            throw PlanBenchError.usage("ssh-keygen is not installed; signing needs it (apt-get install openssh-client)")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        var env = ["PATH": "/usr/bin:/bin"]
        for key in ["SSH_AUTH_SOCK", "HOME"] { if let value = environment[key] { env[key] = value } }
        process.environment = env
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        // Write the input on another thread so a full output pipe cannot deadlock us.
        let writer = Thread {
            stdin.fileHandleForWriting.write(Data(input))
            try? stdin.fileHandleForWriting.close()
        }
        writer.start()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        let errors = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, output: [UInt8](output), errors: String(decoding: errors, as: UTF8.self))
    }

    /// Signs `data` as git does (`-n git`), returning the armored signature.
    public static func sign(_ data: [UInt8], with key: SigningKey, environment: [String: String]) throws -> String {
        let result = try run(["-Y", "sign", "-n", "git", "-f", key.file], input: data, environment: environment)
        guard result.status == 0, !result.output.isEmpty else {
            let reason = result.errors.split(whereSeparator: \.isNewline).filter { !$0.contains("Signing data on standard input") }.joined(separator: "; ")
            throw PlanBenchError.usage("ssh-keygen could not sign with \(key.file) (\(key.origin)): \(reason.isEmpty ? "exit \(result.status)" : reason)")
        }
        return String(decoding: result.output, as: UTF8.self)
    }

    /// Whether `signature` is a valid signature of `data` in the git namespace by
    /// the key it names (who holds that key is not checked here).
    public static func isValid(_ signature: String, of data: [UInt8], environment: [String: String]) throws -> Bool {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("planbench-sig-\(UUID().uuidString)").path
        try Data(signature.utf8).write(to: URL(fileURLWithPath: file))
        defer { try? FileManager.default.removeItem(atPath: file) }
        return try run(["-Y", "check-novalidate", "-n", "git", "-s", file], input: data, environment: environment).status == 0
    }

    /// The public key of a private key file (`ssh-keygen -y`).
    static func publicKey(ofPrivateKey path: String, environment: [String: String]) throws -> SSHPublicKey? {
        let result = try run(["-y", "-f", path], input: [], environment: environment)
        guard result.status == 0 else { return nil }
        return SSHPublicKey(line: String(decoding: result.output, as: UTF8.self))
    }
}

extension SigningKey {
    /// The signing key: `--key FILE`, else `PLANBENCH_SIGNING_KEY`, else git's
    /// `user.signingkey` (a path, or `key::ssh-ed25519 AAAA…` whose private half is in
    /// ssh-agent). Nil when none is configured.
    public static func resolve(explicit: String?, environment: [String: String], repository: Repository, scratch: String) throws -> SigningKey? {
        var candidate: (String, String)?
        if let explicit { candidate = (explicit, "--key") }
        else if let value = environment["PLANBENCH_SIGNING_KEY"], !value.isEmpty { candidate = (value, "PLANBENCH_SIGNING_KEY") }
        else if let value = try? repository.configValue("user.signingkey"), !value.isEmpty { candidate = (value, "git config user.signingkey") }
        guard var (value, origin) = candidate else { return nil }
        if value.hasPrefix("key::") || value.hasPrefix("ssh-") {
            let line = value.hasPrefix("key::") ? String(value.dropFirst(5)) : value
            guard let key = SSHPublicKey(line: line) else { throw PlanBenchError.usage("\(origin) holds no SSH public key") }
            try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
            let file = scratch + "/signing-key-\(UUID().uuidString).pub"
            try Data((key.line + "\n").utf8).write(to: URL(fileURLWithPath: file))
            return SigningKey(file: file, publicKey: key, origin: origin)
        }
        if value.hasPrefix("~/"), let home = environment["HOME"] { value = home + value.dropFirst(1) }
        guard FileManager.default.fileExists(atPath: value) else {
            throw PlanBenchError.usage("signing key \(value) (\(origin)) does not exist")
        }
        let text = (try? String(contentsOfFile: value, encoding: .utf8)) ?? ""
        if let key = SSHPublicKey(line: text) {
            // A public key: its private half is expected in ssh-agent.
            return SigningKey(file: value, publicKey: key, origin: origin)
        }
        if let text = try? String(contentsOfFile: value + ".pub", encoding: .utf8), let key = SSHPublicKey(line: text) {
            return SigningKey(file: value, publicKey: key, origin: origin)
        }
        guard let key = try SSHKeygen.publicKey(ofPrivateKey: value, environment: environment) else {
            throw PlanBenchError.usage("\(value) (\(origin)) is not an SSH key ssh-keygen can read")
        }
        return SigningKey(file: value, publicKey: key, origin: origin)
    }
}
