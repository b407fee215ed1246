// The desk's state between requests: the configuration, and results derived
// from one commit (coverage), kept by commit id so a page never shows anything
// but the branch's current tip. The workspace itself is opened afresh for each
// request: `Workspace` owns a libgit2 handle and is not shared across tasks.
import Foundation
import HTTPTypes
import Hummingbird
import PlanBench
import PlanGit
import PlanIndex
import PlanDocument

final class Desk: Sendable {
    let configuration: ServeConfiguration
    /// The workspace's root, found once at start (`-C` or the current directory).
    let root: String
    let workspaceName: String
    /// Plans and coverage per plan blob (see `DeskPlanCache`).
    private let facts = DeskPlanCache()
    /// The branch commit the last request saw: when it moves, an existing index is
    /// brought up to date once (as the CLI does after a command that moved it), so
    /// `review due` and search read it instead of every plan.
    private let lastHead = Locked<String?>(nil)
    /// The index, kept open (writable) while the desk runs, with the file's device and
    /// inode: updates through it sync nothing (see `Workspace.updateIndex(through:)`);
    /// a file replaced since (a rebuild) is opened again.
    private let index = Locked<(store: IndexStore, file: [UInt64])?>(nil)

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
        followHead(workspace)
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

    /// Coverage of `edition` by the plans at `commit`.
    func coverage(_ workspace: Workspace, edition: String, commit: ObjectID) throws -> CoverageReport {
        try facts.state(workspace, commit: commit, edition: edition).coverage
    }

    /// The plans at the branch's tip, by id.
    func planSummaries(_ workspace: Workspace) throws -> [PlanSummary] {
        guard let head = try workspace.head() else { return [] }
        let edition = CheckContext(source: workspace.workTree).configuration?.defaultEdition ?? "jus-2015"
        return try facts.state(workspace, commit: head, edition: edition).summaries
    }

    /// Brings an existing index up to the branch's tip the first time a request sees
    /// a new tip (a `git pull` moves the branch without planbench).
    func followHead(_ workspace: Workspace) {
        guard let head = try? workspace.head()?.hex else { return }
        let moved = lastHead.withLock { last -> Bool in
            defer { last = head }
            return last != head
        }
        guard moved else { return }
        index.withLock { kept in
            let file = Self.identity(workspace.indexPath)
            if let current = kept, current.file == file, workspace.updateIndex(through: current.store) != nil { return }
            kept = nil
            workspace.refreshIndexIfPresent()
            if workspace.hasIndex, let file = Self.identity(workspace.indexPath), let store = try? IndexStore.open(at: workspace.indexPath),
                (try? store.isMigrated()) == true
            {
                kept = (store, file)
            }
        }
    }

    /// The device and inode of a file; nil when it does not exist.
    static func identity(_ path: String) -> [UInt64]? {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        return [UInt64(status.st_dev), UInt64(status.st_ino)]
    }

    /// Pages already made, by the branch commit they show, the review date and the
    /// address. A page is a function of these (documents come from that commit,
    /// never from the work tree), so a hit is what rendering again would give,
    /// and a moved branch is a new key: the next request renders afresh.
    private let pages = Locked<(order: [String], html: [String: HTML])>(([], [:]))
    static let pageCacheSize = 64

    /// The page for `address` at the branch's current commit, from the cache or made by `body`.
    /// - Parameter contentSecurityPolicy: The page's own policy, in place of the desk's (see `AccessMiddleware`).
    func cachedPage(_ address: String, contentSecurityPolicy: String? = nil, _ body: (Workspace) throws -> HTML) -> Response {
        var response = renderedPage(address, body)
        if let contentSecurityPolicy, response.status == .ok { response.headers[.contentSecurityPolicy] = contentSecurityPolicy }
        return response
    }

    private func renderedPage(_ address: String, _ body: (Workspace) throws -> HTML) -> Response {
        respond {
            try withWorkspace { workspace in
                let key = "\((try workspace.head())?.hex ?? "-")|\((try? workspace.branch()) ?? "-")|\(today)|\(address)"
                if let page = pages.withLock({ $0.html[key] }) { return page }
                let page = try body(workspace)
                pages.withLock { cache in
                    if cache.html[key] == nil { cache.order.append(key) }
                    cache.html[key] = page
                    while cache.order.count > Self.pageCacheSize { cache.html[cache.order.removeFirst()] = nil }
                }
                return page
            }
        }
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
