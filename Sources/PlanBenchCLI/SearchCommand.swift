import ArgumentParser
import PlanBench
import PlanDocument
import PlanIndex

struct SearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Search plan titles, prose, task titles and finding notes; ranked hits with snippets.",
        discussion: """
            Words must all appear (in any order); `boar*` matches by prefix, "a phrase" in double quotes as a phrase, OR and NOT combine terms. Case and diacritics are ignored. Hits are ranked by bm25 (titles weigh more) and read from the workspace index at the branch's tip, or at --rev.

            JSON output is an array of {plan, planSection, title, snippet, rank, path, line}; matched words are in [brackets] in the snippet, and a higher rank is a better hit.

            Examples:
              planbench search "ballistic missile"
              planbench search boarding --section IV.A.3 --status approved -n 5
              planbench search "evacuat*" --actor us-forces --format json
            """
    )

    @Argument(help: "Words to find.")
    var query: String

    @Option(help: "Only plans of this edition (and reviews against it).")
    var edition: String?

    @Option(help: ArgumentHelp("Only plan sections citing this Guideline section, one below it, or its counterpart across a crosswalk.", valueName: "G"))
    var section: String?

    @Option(help: "Only plans with this status (draft, in-review, approved, superseded).")
    var status: String?

    @Option(help: ArgumentHelp("Only plan sections assigning a role or a task to this actor.", valueName: "A"))
    var actor: String?

    @Option(help: "Search the documents at this revision instead of the branch's tip.")
    var rev: String?

    @Option(name: .short, help: "Show at most N hits (default 20).")
    var n: Int = 20

    @Option(help: "Output format.")
    var format: ReportFormat = .text

    @OptionGroup var workspaceOptions: WorkspaceOptions

    func validate() throws {
        if n < 1 { throw ValidationError("-n must be at least 1") }
    }

    func run() throws {
        let workspace = try workspaceOptions.openWorkspace()
        let hits = try workspace.readingIndex { store in
            var filter = SearchFilter(edition: edition, status: status, actor: actor, limit: n)
            if let section {
                filter.sections = try workspace.equivalentSections(of: section, edition: edition, in: store)
            }
            var documents: [String: String]?
            if let rev {
                documents = try workspace.indexDocuments(at: rev)
            }
            return try store.search(query, filter: filter, documents: documents)
        }
        switch format {
        case .json:
            Terminal.print(JSONOutput.render(hits.map { hit in
                [
                    "plan": hit.plan.map { Node($0) } ?? .null, "planSection": hit.planSection.map { Node($0) } ?? .null,
                    "title": hit.title.map { Node($0) } ?? .null, "snippet": Node(hit.snippet),
                    "rank": Node(.number((hit.rank * 1000).rounded() / 1000)), "path": Node(hit.path),
                    "line": hit.line.map { Node($0) } ?? .null,
                ] as Node
            }))
        case .text:
            if hits.isEmpty { Terminal.printError("no hits") }
            for hit in hits {
                let place = [hit.plan, hit.planSection].compactMap { $0 }.joined(separator: "/")
                Terminal.print("\(hit.path):\(hit.line ?? 1): \(place)  \(Terminal.sanitized(hit.title ?? ""))")
                Terminal.print("    \(Terminal.sanitized(hit.snippet))")
            }
        }
    }
}
