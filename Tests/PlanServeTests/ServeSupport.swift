// Helpers for driving a running review desk: a workspace made by the CLI, the
// server on a free loopback port in this process, and a small HTTP/1.1 client
// on a plain socket (no redirects followed, no cookies kept: the tests see
// exactly what the server says).
import Foundation
import PlanBenchCLI
import PlanServe
import Testing
#if canImport(Glibc)
import Glibc
#endif

let deskToday = "2026-11-26"
let deskAuthor = "Desk Tester <desk@example.org>"

/// A scratch directory per test, removed afterwards.
final class ScratchDirectory: @unchecked Sendable {
    // @unchecked: the path never changes after init.
    let path: String

    init(_ name: String = #function) {
        let safe = name.filter { $0.isLetter || $0.isNumber }
        path = FileManager.default.temporaryDirectory.appendingPathComponent("planserve-\(safe)-\(UUID().uuidString.prefix(8))").path
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}

struct CLIResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs planbench in-process, as a person at the terminal would.
@discardableResult
func cli(_ arguments: [String], in directory: String, author: String = "CLI User <cli@example.org>") -> CLIResult {
    let output = CapturedOutput()
    let environment = ["PLANBENCH_AUTHOR": author, "PLANBENCH_TODAY": deskToday, "NO_COLOR": "1", "HOME": "/nonexistent"]
    let status = CommandRunner.run(arguments, invocation: Invocation(console: output.console, environment: environment, currentDirectory: directory))
    return CLIResult(status: status, stdout: output.stdout, stderr: output.stderr)
}

/// The example workspace with review 2026-q4 open.
func exampleWorkspace(_ scratch: ScratchDirectory) throws -> String {
    let made = cli(["init", "--example", "ws"], in: scratch.path)
    try #require(made.status == 0, "\(made.stderr)")
    let ws = scratch.path + "/ws"
    let opened = cli(["review", "open", "2026-q4", "--due", "2026-12-31"], in: ws)
    try #require(opened.status == 0, "\(opened.stderr)")
    return ws
}

/// A response as it came over the wire.
struct HTTPReply {
    var status: Int
    var headers: [(String, String)]
    var body: String

    func header(_ name: String) -> String? { headers.first { $0.0.lowercased() == name.lowercased() }?.1 }
}

/// A running desk: its port and the secrets it was started with.
struct RunningDesk: Sendable {
    var port: Int
    var configuration: ServeConfiguration

    var cookie: String { "planbench_desk_\(configuration.csrfToken.prefix(8))=\(configuration.accessToken)" }
    var origin: String { "http://127.0.0.1:\(port)" }

    /// GET with the access cookie (or none).
    func get(_ path: String, authorized: Bool = true, headers: [(String, String)] = []) async throws -> HTTPReply {
        try await request("GET", path, headers: (authorized ? [("Cookie", cookie)] : []) + headers)
    }

    /// A form POST as the desk's pages make it: cookie, same origin, CSRF token.
    func post(_ path: String, _ fields: [(String, String)], csrf: String? = nil, origin: String? = nil) async throws -> HTTPReply {
        var all = fields
        all.append(("csrf", csrf ?? configuration.csrfToken))
        let body = all.map { "\(encode($0.0))=\(encode($0.1))" }.joined(separator: "&")
        return try await request("POST", path, headers: [
            ("Cookie", cookie), ("Origin", origin ?? self.origin), ("Content-Type", "application/x-www-form-urlencoded"),
        ], body: body)
    }

    private func encode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }

    /// One request on its own connection. The socket calls block, so they run on
    /// a thread of their own, never on the tasks' threads (which the server's
    /// handlers in this process need).
    func request(_ method: String, _ path: String, headers: [(String, String)] = [], body: String = "") async throws -> HTTPReply {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(with: Result { try self.blockingRequest(method, path, headers: headers, body: body) })
            }
        }
    }

    private func blockingRequest(_ method: String, _ path: String, headers: [(String, String)], body: String) throws -> HTTPReply {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw DeskTestError.socket("socket") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw DeskTestError.socket("connect to port \(port)") }
        var text = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
        for (name, value) in headers { text += "\(name): \(value)\r\n" }
        if method == "POST" { text += "Content-Length: \(body.utf8.count)\r\n" }
        text += "\r\n" + body
        let bytes = Array(text.utf8)
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, 0) }
            guard n > 0 else { throw DeskTestError.socket("send") }
            sent += n
        }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = recv(fd, &buffer, buffer.count, 0)
            if n <= 0 { break }
            received += buffer[0..<n]
        }
        return try Self.parse(received)
    }

    static func parse(_ bytes: [UInt8]) throws -> HTTPReply {
        let separator: [UInt8] = [13, 10, 13, 10]
        guard let end = (0..<max(0, bytes.count - 3)).first(where: { Array(bytes[$0..<$0 + 4]) == separator }) else {
            throw DeskTestError.socket("no HTTP header in \(bytes.count) bytes")
        }
        let head = String(decoding: bytes[0..<end], as: UTF8.self).components(separatedBy: "\r\n")
        let status = Int(head[0].split(separator: " ")[1]) ?? 0
        let headers = head.dropFirst().compactMap { line -> (String, String)? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        var body = Array(bytes[(end + 4)...])
        if headers.contains(where: { $0.0.lowercased() == "transfer-encoding" && $0.1.lowercased() == "chunked" }) {
            var decoded: [UInt8] = []
            var i = 0
            while i < body.count {
                guard let lineEnd = (i..<body.count - 1).first(where: { body[$0] == 13 && body[$0 + 1] == 10 }) else { break }
                let size = Int(String(decoding: body[i..<lineEnd], as: UTF8.self), radix: 16) ?? 0
                if size == 0 { break }
                decoded += body[(lineEnd + 2)..<min(body.count, lineEnd + 2 + size)]
                i = lineEnd + 2 + size + 2
            }
            body = decoded
        }
        return HTTPReply(status: status, headers: headers, body: String(decoding: body, as: UTF8.self))
    }
}

enum DeskTestError: Error { case socket(String), timeout }

/// Starts a desk on a free loopback port for `body`, and stops it afterwards.
func withDesk<T: Sendable>(
    _ workspace: String, author: String = deskAuthor, _ body: @Sendable (RunningDesk) async throws -> T
) async throws -> T {
    let configuration = ServeConfiguration(workspace: workspace, port: 0, author: author, today: deskToday)
    let server = try PlanServer(configuration: configuration)
    let (ports, continuation) = AsyncStream<Int>.makeStream()
    let task = Task { try await server.run { port in continuation.yield(port) } }
    defer { task.cancel() }
    var iterator = ports.makeAsyncIterator()
    guard let port = await iterator.next() else { throw DeskTestError.timeout }
    let result = try await body(RunningDesk(port: port, configuration: configuration))
    task.cancel()
    _ = await task.result
    return result
}

/// The value of `<input type="hidden" name="NAME" value="...">` in a page.
func hiddenField(_ name: String, in page: String) -> String? {
    guard let range = page.range(of: "name=\"\(name)\" value=\"") else { return nil }
    return String(page[range.upperBound...].prefix { $0 != "\"" })
}

/// Commits every change in the work tree with the git program, as a person would
/// behind planbench's back (the desk must follow the moved branch).
func plainGitCommit(_ workspace: String, message: String) throws {
    let git = ["/usr/bin/git", "/bin/git"].first { FileManager.default.isExecutableFile(atPath: $0) }
    let executable = try #require(git, "the git program (apt-get install git) is needed to move the branch behind planbench's back")
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = ["-C", workspace, "-c", "user.name=Plain Git", "-c", "user.email=plain@example.org", "commit", "-qam", message]
    process.environment = ["HOME": "/nonexistent", "GIT_CONFIG_NOSYSTEM": "1", "PATH": "/usr/bin:/bin"]
    try process.run()
    process.waitUntilExit()
    try #require(process.terminationStatus == 0, "git commit failed in \(workspace)")
}
