import ArgumentParser
import PlanBench
import PlanDocument

/// `--save -m MSG [--author A] [--format F] [-C DIR]`, shared by the commands
/// that edit a plan in the work tree (section, uncite, role, task, rebase-edition).
struct EditingOptions: ParsableArguments {
    @Flag(help: "Commit the edit at once through the normal validated save (needs -m).")
    var save = false

    @Option(name: .shortAndLong, help: "Commit message for --save.")
    var message: String?

    @Option(help: ArgumentHelp("Author for --save, as \"Name <email>\" (default: PLANBENCH_AUTHOR, then git's user.name/user.email).", valueName: "AUTHOR"))
    var author: String?

    @Option(help: "Output format: text, or json ({plan, path, summary, patch (RFC 6902), warnings, notes, updated (other documents changed), commit}).")
    var format: ReportFormat = .text

    @OptionGroup var workspaceOptions: WorkspaceOptions

    func validate() throws {
        if save && (message ?? "").allSatisfy(\.isWhitespace) {
            throw ValidationError("--save needs a commit message: --save -m \"what changed\"")
        }
        if !save && message != nil {
            throw ValidationError("-m is the message of --save; add --save to commit at once, or leave -m out and save later")
        }
    }

    /// The save to make, when `--save` was given.
    func saveRequest(for workspace: Workspace) throws -> SaveRequest? {
        guard save, let message else { return nil }
        let author = try AuthorResolution.resolve(explicit: author, environment: Invocation.current.environment, repository: workspace.repository)
        return SaveRequest(message: message, author: author)
    }

    /// Prints what an edit did: a line, its warnings and notes, and the
    /// commit or how to make it; or the JSON report.
    func report(_ result: PlanEditResult, workspace: Workspace, extra: [String: Node] = [:]) throws {
        switch format {
        case .json:
            var json = Self.json(result)
            for (key, value) in extra.sorted(by: { $0.key < $1.key }) { json[key] = value }
            Terminal.print(JSONOutput.render(json))
        case .text:
            result.warnings.printReport(format: .text)
            Terminal.print(Self.capitalized(result.summary) + ".")
            for note in result.notes { Terminal.print("  \(note)") }
            try Self.printSaveLine(result, workspace: workspace)
        }
    }

    static func printSaveLine(_ result: PlanEditResult, workspace: Workspace) throws {
        if let saved = result.saved {
            if let commit = saved.commit {
                Terminal.print("Committed \(commit.shortHex) on \(try workspace.branch())\(result.hadUnsavedChanges ? " (with the unsaved changes \(result.path) already had)" : "").")
            } else {
                Terminal.print("Nothing to commit: \(result.path) matches the last commit.")
            }
        } else if result.changed {
            let paths = ([result.path] + result.updated).joined(separator: " ")
            Terminal.print("Edited \(paths); save to commit: planbench save -m \"...\" \(paths)")
        }
    }

    static func json(_ result: PlanEditResult) -> Node {
        [
            "plan": Node(result.plan), "path": Node(result.path), "summary": Node(result.summary),
            "changed": Node(result.changed), "patch": result.patch.node,
            "warnings": Node(.sequence(result.warnings.sortedForDisplay.map(\.json))), "notes": Node(result.notes), "updated": Node(result.updated),
            "commit": result.saved?.commit.map { Node($0.hex) } ?? .null,
        ]
    }

    static func capitalized(_ text: String) -> String { text.prefix(1).uppercased() + text.dropFirst() }
}
