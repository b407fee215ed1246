import ArgumentParser
import PlanBench
import PlanDocument

/// `planbench version`: what a bug report needs to know about this build.
struct VersionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "version",
        abstract: "Print planbench's version and the libraries it runs on.",
        discussion: """
            `planbench --version` prints the version alone. This command adds the linked libgit2, \
            whether it is thread-safe, and the CA bundle used for HTTPS remotes, which planbench \
            reads only when a command talks to a remote.
            """
    )

    @Option(help: "Output format.")
    var format: ReportFormat = .text

    func run() {
        let bundle = PlanBenchVersion.certificateBundle
        switch format {
        case .json:
            let json: Node = [
                "planbench": Node(PlanBenchVersion.current),
                "libgit2": Node(PlanBenchVersion.libgit2),
                "libgit2Threads": Node(PlanBenchVersion.libgit2Threads),
                "caBundle": bundle.path.map { Node($0) } ?? .null,
                "caBundleLoaded": Node(bundle.loaded),
            ]
            Terminal.print(JSONOutput.render(json))
        case .text:
            Terminal.print("planbench \(PlanBenchVersion.current)")
            Terminal.print("libgit2 \(PlanBenchVersion.libgit2)\(PlanBenchVersion.libgit2Threads ? " (thread-safe)" : " (NOT thread-safe)")")
            let state = bundle.loaded ? "loaded" : "read on first use by fetch, push or clone"
            Terminal.print("CA bundle for HTTPS remotes: \(bundle.path ?? "none (libgit2 asked for none)") (\(state))")
        }
    }
}
