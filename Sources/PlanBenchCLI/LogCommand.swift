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
            JSON output is an array of {id, author, email, date (ISO 8601), message, paths}; with --section, each commit has touched: [{plan, planSection, path}] instead of paths.

            --section G lists the commits that changed the content of a plan section citing Guideline section G, a section below it, or its counterpart in another edition through the crosswalk (before or after the change), newest first, with the plan sections each touched. It reads the workspace index.

            Examples:
              planbench log -n 5
              planbench log isr-peacetime --format json
              planbench log draft/us-review -n 3            (a branch's history)
              planbench log maritime-security --rev draft/boarding-support
              planbench log --section IV.A.3 --since 2026-06-01
            """
    )

    @Argument(help: "A document id or path (only commits that changed it are shown), or a branch or revision to show the history of.", completion: Completions.documents)
    var document: String?

    @Option(help: ArgumentHelp("Start from this branch or revision instead of HEAD.", valueName: "REV"))
    var rev: String?

    @Option(name: .short, help: "Show at most N commits.")
    var n: Int?

    @Option(help: ArgumentHelp("Only commits that changed plan content citing this Guideline section (across the crosswalk).", valueName: "G"))
    var section: String?

    @Option(help: ArgumentHelp("Edition of --section (default: the workspace's default edition).", valueName: "E"))
    var edition: String?

    @Option(help: ArgumentHelp("Only commits made on or after this date (YYYY-MM-DD, or an ISO 8601 time).", valueName: "DATE"))
    var since: String?

    @Option(help: "Output format.")
    var format: ReportFormat = .text

    @OptionGroup var workspaceOptions: WorkspaceOptions

    func validate() throws {
        if let n, n < 1 { throw ValidationError("-n must be at least 1") }
        if section != nil, document != nil { throw ValidationError("give a document or --section, not both") }
        if section == nil, edition != nil { throw ValidationError("--edition goes with --section") }
        if let since, Self.time(since) == nil { throw ValidationError("--since \(since) is not a date: write YYYY-MM-DD or an ISO 8601 time") }
    }

    /// Seconds since 1970 of a date (midnight UTC) or an ISO 8601 time.
    static func time(_ text: String) -> Int64? {
        let full = ISO8601DateFormatter()
        if let date = full.date(from: text) { return Int64(date.timeIntervalSince1970) }
        let day = ISO8601DateFormatter()
        day.formatOptions = [.withFullDate]
        return day.date(from: text).map { Int64($0.timeIntervalSince1970) }
    }

    func run() throws {
        let workspace = try workspaceOptions.openWorkspace()
        if let section {
            try runSectionLog(workspace, section: section)
            return
        }
        var document = self.document
        var start = rev
        // A name that is no document but is a revision (a branch, a tag, a commit) is a history to show.
        if let name = document, rev == nil, (try? workspace.documentPath(for: name, in: workspace.workTree)) == nil,
            (try? workspace.resolve(name)) != nil
        {
            start = name
            document = nil
        }
        var commits = try workspace.log(document: document, limit: since == nil ? n : nil, from: start)
        if let since, let from = Self.time(since) {
            commits = Array(commits.filter { $0.author.secondsSince1970 >= from }.prefix(n ?? Int.max))
        }
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

    func runSectionLog(_ workspace: Workspace, section: String) throws {
        let entries = try workspace.readingIndex { store in
            let sections = try workspace.equivalentSections(of: section, edition: edition, in: store)
            return try store.sectionLog(citing: sections, since: since.flatMap(Self.time), limit: n)
        }
        switch format {
        case .json:
            Terminal.print(JSONOutput.render(entries.map { entry in
                [
                    "id": Node(entry.commit.id), "author": Node(entry.commit.author), "email": Node(entry.commit.email),
                    "date": Node(BlameCommand.date(entry.commit)), "message": Node(entry.commit.message.trimmingCharacters(in: .newlines)),
                    "touched": Node(.sequence(entry.touched.map {
                        ["plan": Node($0.plan), "planSection": Node($0.planSection), "path": Node($0.path)] as Node
                    })),
                ] as Node
            }))
        case .text:
            for entry in entries {
                Terminal.print("\(entry.commit.id.prefix(7))  \(BlameCommand.date(entry.commit))  \(Terminal.sanitized(entry.commit.author))  \(Terminal.sanitized(entry.commit.summary))")
                for touch in entry.touched { Terminal.print("    \(touch.plan)/\(touch.planSection)") }
            }
        }
    }

    /// The signature's date in ISO 8601 with its own UTC offset.
    static func isoDate(_ signature: Signature) -> String {
        CalendarDate.iso8601(secondsSince1970: signature.secondsSince1970, utcOffsetMinutes: signature.timeZoneOffsetMinutes)
    }
}
