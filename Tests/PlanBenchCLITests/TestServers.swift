// Real git servers on loopback, started by the tests themselves: smart HTTP
// (git http-backend behind Tools/git-http-server) and SSH (an unprivileged
// sshd on a free high port with keys made in a scratch folder). A missing
// tool fails the test with the package to install; nothing is skipped.
import Foundation
import Glibc
import Testing

/// The repository's root (Tools/ lives there).
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

/// Fails plainly when a program the test needs is missing, naming its package.
func requireProgram(_ path: String, package: String) throws -> String {
    guard FileManager.default.isExecutableFile(atPath: path) else {
        throw TestEnvironmentError.missing("\(path): apt-get install \(package) (Tools/setup installs it)")
    }
    return path
}

/// A free TCP port on 127.0.0.1 (bound, read and released; the server binds it next).
func freeLoopbackPort() throws -> Int {
    let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(socket) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, length) } }
    guard bound == 0 else { throw TestEnvironmentError.missing("a free loopback port") }
    _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socket, $0, &length) } }
    return Int(UInt16(bigEndian: address.sin_port))
}

/// Whether something accepts connections on 127.0.0.1:port.
func isListening(_ port: Int) -> Bool {
    let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(socket) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = UInt16(port).bigEndian
    return withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    } == 0
}

/// `git http-backend` serving the bare repositories under `root`.
final class GitHTTPServer {
    let process = Process()
    let port: Int

    init(root: String, token: String? = nil, delayMilliseconds: Int = 0) throws {
        let python = try ["/usr/bin/python3", "/usr/local/bin/python3"].first { FileManager.default.isExecutableFile(atPath: $0) }
            ?? requireProgram("/usr/bin/python3", package: "python3")
        _ = try requireProgram("/usr/lib/git-core/git-http-backend", package: "git")
        process.executableURL = URL(fileURLWithPath: python)
        var arguments = [repositoryRoot + "/Tools/git-http-server", root]
        if let token { arguments += ["--token", token] }
        if delayMilliseconds > 0 { arguments += ["--delay-ms", String(delayMilliseconds)] }
        process.arguments = arguments
        process.environment = ["PATH": "/usr/bin:/bin", "HOME": root]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        // The server prints "port N" once it listens.
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line += chunk
        }
        guard let text = String(data: line, encoding: .utf8), let value = Int(text.split(separator: " ").last?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "") else {
            process.terminate()
            throw TestEnvironmentError.missing("Tools/git-http-server did not start (output: \(String(decoding: line, as: UTF8.self)))")
        }
        port = value
    }

    func url(_ repository: String) -> String { "http://127.0.0.1:\(port)/\(repository)" }

    /// Kills the server at once (SIGKILL), as a crash would.
    func kill() {
        if process.isRunning { Glibc.kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    deinit { kill() }
}

/// An sshd on a free loopback port, run as the current user, accepting one client key.
final class SSHServer {
    /// Started with posix_spawn, not Foundation's Process: sshd closes every
    /// inherited descriptor at start, and Foundation takes that as the child's exit
    /// and blocks in waitpid on it, stalling every later Process in the test run.
    private(set) var pid: pid_t = 0
    let port: Int
    let directory: String
    /// The client's private key (its public half is authorised).
    let clientKey: String
    /// A line for known_hosts that vouches for this server's host key.
    let knownHostsLine: String
    let user: String

    /// With `delayMilliseconds`, every git command runs behind a relay that passes its
    /// pack data (upload-pack's output, receive-pack's input) 16 KB at a time with that
    /// pause between chunks, and creates ``halfwayMarker`` once 512 KB went through, so a
    /// test can kill either end in the middle of a transfer.
    init(in directory: String, delayMilliseconds: Int = 0) throws {
        let sshd = try requireProgram("/usr/sbin/sshd", package: "openssh-server")
        let keygen = try requireProgram("/usr/bin/ssh-keygen", package: "openssh-client")
        self.directory = directory
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        user = String(cString: getpwuid(getuid())!.pointee.pw_name)
        clientKey = directory + "/client_ed25519"
        for key in [directory + "/host_ed25519", clientKey] {
            let made = try runProcess(keygen, ["-q", "-t", "ed25519", "-N", "", "-C", "planbench-test", "-f", key])
            guard made.status == 0 else { throw TestEnvironmentError.missing("ssh-keygen failed: \(made.stderr)") }
        }
        try FileManager.default.copyItem(atPath: clientKey + ".pub", toPath: directory + "/authorized_keys")
        if getuid() == 0 {
            // sshd started by root wants its privilege-separation directory.
            try? FileManager.default.createDirectory(atPath: "/run/sshd", withIntermediateDirectories: true)
        }
        port = try freeLoopbackPort()
        let config = """
            ListenAddress 127.0.0.1
            Port \(port)
            HostKey \(directory)/host_ed25519
            AuthorizedKeysFile \(directory)/authorized_keys
            PidFile \(directory)/sshd.pid
            StrictModes no
            UsePAM no
            PasswordAuthentication no
            KbdInteractiveAuthentication no
            PubkeyAuthentication yes
            PermitRootLogin prohibit-password
            AllowUsers \(user)
            LogLevel ERROR
            \(delayMilliseconds > 0 ? "ForceCommand /bin/sh \(directory)/slow-git.sh" : "")

            """
        if delayMilliseconds > 0 {
            let python = try ["/usr/bin/python3", "/usr/local/bin/python3"].first { FileManager.default.isExecutableFile(atPath: $0) }
                ?? requireProgram("/usr/bin/python3", package: "python3")
            let relay = """
                import os, sys, time
                delay, marker, moved = int(sys.argv[1]) / 1000, sys.argv[2], 0
                while True:
                    chunk = os.read(0, 16384)
                    if not chunk:
                        break
                    view = memoryview(chunk)
                    while view:
                        view = view[os.write(1, view):]
                    moved += len(chunk)
                    if moved >= 512 * 1024 and not os.path.exists(marker):
                        open(marker, "w").close()
                    time.sleep(delay)

                """
            // The command the client asked for (git-upload-pack '/path' or git-receive-pack '/path').
            let wrapper = """
                relay() { \(python) \(directory)/relay.py \(delayMilliseconds) \(directory)/halfway; }
                case "$SSH_ORIGINAL_COMMAND" in
                git-upload-pack\\ *) sh -c "$SSH_ORIGINAL_COMMAND" | relay ;;
                git-receive-pack\\ *) relay | sh -c "$SSH_ORIGINAL_COMMAND" ;;
                *) echo "not a git command" >&2; exit 1 ;;
                esac

                """
            try relay.write(toFile: directory + "/relay.py", atomically: true, encoding: .utf8)
            try wrapper.write(toFile: directory + "/slow-git.sh", atomically: true, encoding: .utf8)
        }
        try config.write(toFile: directory + "/sshd_config", atomically: true, encoding: .utf8)
        let hostKey = try String(contentsOfFile: directory + "/host_ed25519.pub", encoding: .utf8).split(separator: " ")
        knownHostsLine = "[127.0.0.1]:\(port) \(hostKey[0]) \(hostKey[1])"
        let arguments = [sshd, "-D", "-f", directory + "/sshd_config", "-E", directory + "/sshd.log"]
        let argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let spawned = posix_spawn(&pid, sshd, nil, nil, argv, environ)
        guard spawned == 0 else { throw TestEnvironmentError.missing("cannot start sshd: error \(spawned)") }
        let deadline = Date().addingTimeInterval(10)
        while !isListening(port) {
            var status: Int32 = 0
            let exited = waitpid(pid, &status, WNOHANG) == pid
            guard !exited, Date() < deadline else {
                if !exited { Glibc.kill(pid, SIGKILL); waitpid(pid, &status, 0) }
                pid = 0
                let log = (try? String(contentsOfFile: directory + "/sshd.log", encoding: .utf8)) ?? ""
                throw TestEnvironmentError.missing("sshd did not start on port \(port): \(log)")
            }
            usleep(20_000)
        }
    }

    func url(_ path: String) -> String { "ssh://\(user)@127.0.0.1:\(port)\(path)" }

    /// Created by the relay once 512 KB of a slowed transfer went through.
    var halfwayMarker: String { directory + "/halfway" }

    /// Kills sshd and every process under it (the session and its git command) at
    /// once with SIGKILL, as a crash of the server would; the whole tree is listed
    /// before anything dies, since a killed parent's children are re-parented.
    static func killTree(of root: pid_t) {
        var children: [pid_t: [pid_t]] = [:]
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? [] {
            guard let pid = pid_t(entry), let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
                let close = stat.lastIndex(of: ")")
            else { continue }
            // pid (comm) state ppid ...: the command name may hold spaces, so read after ")".
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            if fields.count > 1, let parent = pid_t(fields[1]) { children[parent, default: []].append(pid) }
        }
        var tree = [root]
        var index = 0
        while index < tree.count {
            tree += children[tree[index]] ?? []
            index += 1
        }
        for pid in tree { Glibc.kill(pid, SIGKILL) }
    }

    deinit {
        guard pid > 0 else { return }
        Glibc.kill(pid, SIGTERM)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
    }
}
