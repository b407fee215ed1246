import ArgumentParser
import Dispatch
import Foundation
import PlanBench
import PlanServe
import PlanDocument

struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "The review desk in a browser: dashboard, plans, compare, Guidelines, search and reviews, on this workspace.",
        discussion: """
            Serves the workspace's current branch: every page shows the branch's commit as it is when the page is asked for, so a planbench save or a git pull shows on the next request. From the review page you can dispose a finding, add a finding and comment on one; each is one validated commit by the author (--author, else PLANBENCH_AUTHOR, else git's user), exactly as `planbench review` makes it. Plans are not edited in the browser.

            Safety: binds to 127.0.0.1 unless --host says otherwise (and then warns). A random access token is made at start and printed in the URL to open (http://127.0.0.1:PORT/?token=…); the browser keeps it as a cookie, and a request without it gets 401. Writes need the page's CSRF token and a same-origin POST. Every page escapes document content and is sent with a Content-Security-Policy that allows no inline script.

            Examples:
              planbench serve
              planbench serve --port 9000 --author "Sato Hanako <h.sato@example.mod.go.jp>"
              planbench serve --host 0.0.0.0 --port 8420      (reachable from the network: a warning is printed)
            """
    )

    @Option(help: "Port to listen on (0: any free port).")
    var port: Int = 8420

    @Option(help: ArgumentHelp("Address to bind (default 127.0.0.1). Anything else makes the desk reachable from other machines.", valueName: "HOST"))
    var host: String?

    @Option(help: ArgumentHelp("Author of the writes made from the browser, as \"Name <email>\" (default: PLANBENCH_AUTHOR, then git's user).", valueName: "AUTHOR"))
    var author: String?

    @OptionGroup var todayOption: TodayOption
    @OptionGroup var workspaceOptions: WorkspaceOptions

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port \(port) is not a port (0-65535)") }
        if let host, host.isEmpty { throw ValidationError("--host is empty") }
    }

    func run() throws {
        let workspace = try workspaceOptions.openWorkspace()
        let signature = try AuthorResolution.resolve(explicit: author, environment: Invocation.current.environment, repository: workspace.repository)
        let today = todayOption.today ?? Invocation.current.environment["PLANBENCH_TODAY"].flatMap { $0.isEmpty ? nil : $0 }
        if let today { _ = try todayOption.resolve() }
        let configuration = ServeConfiguration(
            workspace: workspace.root, host: host ?? ServeConfiguration.defaultHost, port: port,
            author: "\(signature.name) <\(signature.email)>", today: today)
        if !configuration.isLoopback {
            Terminal.printError("planbench serve: WARNING: --host \(configuration.host) makes the review desk reachable from other machines; anyone with the URL below can read the workspace and commit review steps as \(configuration.author). The connection is not encrypted.")
        }
        let server = try PlanServer(configuration: configuration)
        let failure = Locked<Error?>(nil)
        let done = DispatchSemaphore(value: 0)
        let root = workspace.root
        Task {
            do {
                try await server.run(handleSignals: true) { port in
                    Terminal.print("planbench review desk for \(root), as \(configuration.author)")
                    Terminal.print("Open: \(configuration.url(port: port))")
                    Terminal.print("(Ctrl-C stops it.)")
                }
            } catch {
                failure.withLock { $0 = error }
            }
            done.signal()
        }
        done.wait()
        if let error = failure.withLock({ $0 }) {
            throw PlanBenchError.usage("the review desk stopped: \(error)")
        }
    }
}
