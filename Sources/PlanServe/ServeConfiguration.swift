// What `planbench serve` was started with: where, on which address, as whom,
// and the two secrets of this run (the access token and the CSRF token).
import Foundation

/// How a review desk runs. Made once at start; never changes while it runs.
public struct ServeConfiguration: Sendable {
    /// The workspace's root (or any folder inside it).
    public var workspace: String
    /// The address to bind: 127.0.0.1 unless `--host` says otherwise.
    public var host: String
    /// 0 picks a free port.
    public var port: Int
    /// `Name <email>`: the author of every write.
    public var author: String
    /// The review date for due lists and overdue marks; nil: the local date of each request.
    public var today: String?
    /// The secret in the URL printed at start; a cookie after the first visit.
    public var accessToken: String
    /// The secret every form that writes carries.
    public var csrfToken: String

    public static let defaultHost = "127.0.0.1"

    public init(
        workspace: String, host: String = ServeConfiguration.defaultHost, port: Int, author: String, today: String? = nil,
        accessToken: String = ServeConfiguration.randomToken(), csrfToken: String = ServeConfiguration.randomToken()
    ) {
        self.workspace = workspace
        self.host = host
        self.port = port
        self.author = author
        self.today = today
        self.accessToken = accessToken
        self.csrfToken = csrfToken
    }

    /// Whether the address is a loopback one (nothing else on the network can connect).
    public var isLoopback: Bool {
        host == "127.0.0.1" || host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }

    /// 32 random bytes as 64 hex digits, from the system's generator.
    public static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }

    /// The URL to open: the page and the token (`http://127.0.0.1:8420/?token=…`).
    public func url(port actualPort: Int) -> String {
        let shown = host.contains(":") ? "[\(host)]" : (host == "0.0.0.0" ? "127.0.0.1" : host)
        return "http://\(shown):\(actualPort)/?token=\(accessToken)"
    }
}
