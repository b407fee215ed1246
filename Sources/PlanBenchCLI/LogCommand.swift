import ArgumentParser
import Foundation
import PlanBench
import PlanDocument
import PlanGit

struct LogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: "Show the history of the workspace or of one document.",
        discussion: """
            JSON output is an array of {id, author, email, date (ISO 8601), message, paths}.

            Examples:
              planbench log -n 5
              planbench log isr-peacetime --format json
              planbench log draft/us-review -n 3            (a branch's history)
              planbench log maritime-security --rev draft/boarding-support
            """
    )

    @Argument(help: "A document id or path (only commits that changed it are shown), or a branch or revision to show the history of.", completion: Completions.documents)
    var document: String?

    @Option(help: ArgumentHelp("Start from this branch or revision instead of HEAD.", valueName: "REV"))
    var rev: String?

    @Option(name: .short, help: "Show at most N commits.")
    var n: Int?

    @Option(help: "Output format.")
    var format: ReportFormat = .text

    @OptionGroup var workspaceOptions: WorkspaceOptions

    func validate() throws {
        if let n, n < 1 { throw ValidationError("-n must be at least 1") }
    }

    func run() throws {
        let workspace = try workspaceOptions.openWorkspace()
        var document = self.document
        var start = rev
        // A name that is no document but is a revision (a branch, a tag, a commit) is a history to show.
        if let name = document, rev == nil, (try? workspace.documentPath(for: name, in: workspace.workTree)) == nil,
            (try? workspace.resolve(name)) != nil
        {
            start = name
            document = nil
        }
        let commits = try workspace.log(document: document, limit: n, from: start)
        switch format {
        case .json:
            Terminal.print(JSONOutput.render(commits.map { commit in
                [
                    "id": Node(commit.id.hex), "author": Node(commit.author.name), "email": Node(commit.author.email),
                    "date": Node(Self.isoDate(commit.author)), "message": Node(commit.message.trimmingCharacters(in: .newlines)),
                    "paths": Node(commit.changedPaths),
                ]
            }))
        case .text:
            for commit in commits {
                Terminal.print("\(commit.id.shortHex)  \(Self.isoDate(commit.author))  \(commit.author.name)  \(commit.summary)")
                for path in commit.changedPaths where DocumentKind.forPath(path) != nil { Terminal.print("    \(path)") }
            }
        }
    }

    /// The signature's date in ISO 8601 with its own UTC offset.
    static func isoDate(_ signature: Signature) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(secondsFromGMT: signature.timeZoneOffsetMinutes * 60)
        return formatter.string(from: signature.date)
    }
}
