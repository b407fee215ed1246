// The desk's state between requests: the configuration, and results derived
// from one commit (coverage), kept by commit id so a page never shows anything
// but the branch's current tip. The workspace itself is opened afresh for each
// request: `Workspace` owns a libgit2 handle and is not shared across tasks.
import Foundation
import HTTPTypes
import Hummingbird
import PlanBench
import PlanGit
import Synchronization

final class Desk: Sendable {
    let configuration: ServeConfiguration
    /// The workspace's root, found once at start (`-C` or the current directory).
    let root: String
    let workspaceName: String
    /// Coverage per (commit, edition): derived from one commit, so never stale.
    private let coverageCache = Mutex<[String: CoverageReport]>([:])

    init(configuration: ServeConfiguration) throws {
        self.configuration = configuration
        let workspace = try Workspace.open(at: configuration.workspace)
        root = workspace.root
        workspaceName = CheckContext(source: workspace.workTree).configuration?.name ?? URL(fileURLWithPath: workspace.root).lastPathComponent
        _ = try AuthorResolution.parse(configuration.author)
    }

    /// Opens the workspace for one request and runs `body` on it. Every page
    /// reads the branch as it is now: a CLI save or a `git pull` in between shows
    /// on the next request.
    func withWorkspace<T>(_ body: (Workspace) throws -> T) throws -> T {
        let workspace = try Workspace.open(at: root)
        return try body(workspace)
    }

    /// The author of a write made now.
    func signature() throws -> Signature { try AuthorResolution.parse(configuration.author, date: Date()) }

    /// The review date: `--today`, else the local date.
    var today: String { configuration.today ?? CalendarDate.today() }

    func pageContext(_ workspace: Workspace) -> PageContext {
        PageContext(
            author: configuration.author, branch: (try? workspace.branch()) ?? "(no branch)", head: (try? workspace.head())??.hex,
            workspaceName: workspaceName, csrf: configuration.csrfToken)
    }

    /// Coverage of `edition` by the plans at `commit`, computed once per commit.
    func coverage(_ workspace: Workspace, edition: String, commit: ObjectID) throws -> CoverageReport {
        let key = commit.hex + "|" + edition
        if let known = coverageCache.withLock({ $0[key] }) { return known }
        let report = try CoverageReport.build(edition: edition, context: CheckContext(source: try workspace.source(at: commit.hex)))
        coverageCache.withLock { cache in
            if cache.count >= 16 { cache.removeAll(keepingCapacity: true) }
            cache[key] = report
        }
        return report
    }

    /// Runs a page's work and turns workspace errors into pages a person can act on.
    func respond(_ body: () throws -> HTML) -> Response {
        do {
            return Self.html(try body())
        } catch {
            return Self.errorResponse(error)
        }
    }

    static func html(_ page: HTML, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: page.rendered)))
    }

    static func errorResponse(_ error: Error) -> Response {
        guard let error = error as? PlanBenchError else {
            if let http = error as? HTTPError { return ErrorPage.response(status: http.status, message: http.body ?? "") }
            return ErrorPage.response(status: .internalServerError, message: "\(error)")
        }
        let status: HTTPResponse.Status
        switch error {
        case .invalidIdentifier, .documentNotFound: status = .notFound
        case .staleReview, .concurrentUpdate: status = .conflict
        case .usage, .reviewRefused, .invalidDocuments, .commitRefused, .invalidEdit: status = .unprocessableContent
        default: status = .internalServerError
        }
        var message = "\(error)"
        if case .invalidDocuments(let diagnostics) = error { message += ": " + diagnostics.map(\.description).joined(separator: "; ") }
        if case .commitRefused(let diagnostics) = error { message += ": " + diagnostics.map(\.description).joined(separator: "; ") }
        if status == .conflict { message += " — reload the page to see the current record." }
        return ErrorPage.response(status: status, message: message)
    }
}
