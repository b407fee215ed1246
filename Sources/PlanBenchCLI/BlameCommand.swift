import ArgumentParser
import Foundation
import PlanBench
import PlanDocument
import PlanIndex

struct BlameCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "blame",
        abstract: "For each field of a plan and of each of its sections, the last commit that changed it.",
        discussion: """
            Structural, not line-based: a field counts as changed when its value changes, so a re-flowed paragraph, a reordered mapping or a moved section does not count; a merge counts only for what it changed against every parent. A plan renamed with `planbench rename` keeps its history: fields last changed before the rename keep those commits. Read from the workspace index at the branch's tip.

            JSON output is an array of {planSection (null for the plan's own fields), field, commit, author, email, date, summary}.

            Examples:
              planbench blame isr-peacetime
              planbench blame plans/isr-peacetime.yaml --format json
            """
    )

    @Argument(help: "A plan id or path.")
    var plan: String

    @Option(help: "Output format.")
    var format: ReportFormat = .text

    @OptionGroup var workspaceOptions: WorkspaceOptions

    func run() throws {
        let workspace = try workspaceOptions.openWorkspace()
        let path = plan.hasSuffix(".yaml") ? plan : WorkspaceLayout.planPath(id: plan)
        guard let entries = try workspace.readingIndex({ try $0.blame(path: path) }) else {
            throw PlanBenchError.documentNotFound(plan, revision: "HEAD")
        }
        switch format {
        case .json:
            Terminal.print(JSONOutput.render(entries.map { entry in
                [
                    "planSection": entry.planSection.isEmpty ? .null : Node(entry.planSection), "field": Node(entry.field),
                    "commit": entry.commit.map { Node($0.id) } ?? .null, "author": entry.commit.map { Node($0.author) } ?? .null,
                    "email": entry.commit.map { Node($0.email) } ?? .null, "date": entry.commit.map { Node(Self.date($0)) } ?? .null,
                    "summary": entry.commit.map { Node($0.summary) } ?? .null,
                ] as Node
            }))
        case .text:
            let width = entries.map { ($0.planSection.isEmpty ? $0.field : "\($0.planSection).\($0.field)").count }.max() ?? 0
            for entry in entries {
                let name = entry.planSection.isEmpty ? entry.field : "\(entry.planSection).\(entry.field)"
                let padded = name.padding(toLength: width, withPad: " ", startingAt: 0)
                if let commit = entry.commit {
                    Terminal.print("\(padded)  \(commit.id.prefix(7))  \(Self.date(commit).prefix(10))  \(Terminal.sanitized(commit.author))  \(Terminal.sanitized(commit.summary))")
                } else {
                    Terminal.print("\(padded)  (not indexed)")
                }
            }
        }
    }

    /// The commit's author date in ISO 8601 with its own UTC offset.
    static func date(_ commit: IndexedCommitSummary) -> String {
        Timestamp.iso8601(seconds: Int64(commit.time), offsetMinutes: commit.utcOffset)
    }
}
