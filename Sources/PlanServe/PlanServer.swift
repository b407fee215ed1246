// The review desk's server: one Hummingbird application whose routes (one file
// per area) call the workspace as the CLI does. Started by `planbench serve`
// and by the tests, on loopback.
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import PlanBench

/// The review desk in a browser.
public struct PlanServer: Sendable {
    public let configuration: ServeConfiguration

    /// Checks the workspace and the author before anything listens.
    /// - Throws: ``PlanBenchError`` when the folder is no workspace or the author is malformed.
    public init(configuration: ServeConfiguration) throws {
        self.configuration = configuration
        _ = try Desk(configuration: configuration)
    }

    /// Serves until the task is cancelled (or, with `handleSignals`, until SIGINT/SIGTERM).
    /// - Parameter onReady: Called once with the port the server listens on.
    public func run(handleSignals: Bool = false, onReady: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        let desk = try Desk(configuration: configuration)
        let router = Router()
        router.add(middleware: AccessMiddleware<BasicRequestContext>(configuration: configuration, cookieName: "planbench_desk_\(configuration.csrfToken.prefix(8))"))
        Self.addRoutes(to: router, desk: desk)
        var logger = Logger(label: "planbench-serve")
        // Failures reach the browser as pages; the server itself stays quiet (a cancelled
        // run logs its open connections at error level otherwise).
        logger.logLevel = .critical
        let app = Application(
            router: router,
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: nil),
            onServerRunning: { channel in await onReady(channel.localAddress?.port ?? 0) },
            logger: logger)
        if handleSignals {
            try await app.runService()
        } else {
            try await app.run()
        }
    }

    static func addRoutes(to router: Router<BasicRequestContext>, desk: Desk) {
        router.get("/static/desk.css") { _, _ in Self.asset(Layout.stylesheet, type: "text/css; charset=utf-8") }
        router.get("/static/desk.js") { _, _ in Self.asset(Layout.script, type: "text/javascript; charset=utf-8") }
        DashboardRoutes.add(to: router, desk: desk)
        PlanRoutes.add(to: router, desk: desk)
        ReviewRoutes.add(to: router, desk: desk)
        CompareRoutes.add(to: router, desk: desk)
        GuidelineRoutes.add(to: router, desk: desk)
        SearchRoutes.add(to: router, desk: desk)
    }

    static func asset(_ text: String, type: String) -> Response {
        Response(
            status: .ok, headers: [.contentType: type, .cacheControl: "private, max-age=300"],
            body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
