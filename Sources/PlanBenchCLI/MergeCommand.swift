import ArgumentParser
import PlanBench
import PlanDocument
import PlanMerge

struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Merge a branch into the current one, structurally; conflicts only where both sides changed the same thing.",
        discussion: """
            A clean merge is validated like a save and committed with both parents. With conflicts nothing is committed: the documents in the work tree stay valid YAML (holding your side's value at each conflict) and the merge is recorded under .planbench/. Then:
              planbench conflicts                 base, ours and theirs of each conflict
              planbench resolve PATH --take theirs
                (or edit the document, then: planbench resolve PATH)
              planbench merge --continue          commit the merge
              planbench merge --abort             restore the state before it

            Exit status 1 when the merge stopped on conflicts.
            """
    )

    @Argument(help: "The branch (or any revision) to merge.")
    var branch: String?

    @Flag(name: .customLong("continue"), help: "Commit the merge in progress once every conflict is resolved.")
    var continueMerge = false

    @Flag(help: "Abandon the merge in progress and restore the documents.")
    var abort = false

    @Option(help: ArgumentHelp("Author, as \"Name <email>\".", valueName: "AUTHOR"))
    var author: String?

    @Option(help: "Output format.")
    var format: ReportFormat = .text

    @OptionGroup var workspaceOptions: WorkspaceOptions

    func validate() throws {
        let modes = [branch != nil, continueMerge, abort].filter { $0 }.count
        guard modes == 1 else { throw ValidationError("give a BRANCH, or --continue, or --abort") }
    }

    func run() throws {
        let workspace = try workspaceOptions.openWorkspace()
        if abort {
            try workspace.abortMerge()
            Terminal.print("Merge aborted; documents restored.")
            return
        }
        let signature = try AuthorResolution.resolve(explicit: author, environment: Invocation.current.environment, repository: workspace.repository)
        if continueMerge {
            let commit = try workspace.continueMerge(author: signature)
            Terminal.print("Merge committed as \(commit.shortHex).")
            return
        }
        let outcome = try workspace.merge(branch: branch!, author: signature)
        try Self.report(outcome, merging: branch!, format: format)
    }

    /// Prints what a merge did; throws exit status 1 when it stopped on conflicts.
    static func report(_ outcome: MergeOutcome, merging branch: String, format: ReportFormat, continueHint: String = "planbench merge --continue", abortHint: String = "planbench merge --abort") throws {
        switch outcome {
        case .upToDate:
            Terminal.print("Already up to date.")
        case .fastForward(let commit):
            Terminal.print("Fast-forwarded to \(commit.shortHex).")
        case .merged(let commit, let documents, let warnings):
            warnings.warnings.printReport(format: .text)
            Terminal.print("Merged \(branch) cleanly as \(commit.shortHex) (\(documents.count) document\(documents.count == 1 ? "" : "s")).")
        case .conflicted(let state):
            if format == .json {
                Terminal.print(JSONOutput.render(ConflictsCommand.json(state)))
            } else {
                ConflictsCommand.printText(state)
                Terminal.print("Nothing committed. Resolve with `planbench resolve PATH --take ours|theirs|base` (or edit and `planbench resolve PATH`), then `\(continueHint)`; or `\(abortHint)`.")
            }
            throw ExitCode(1)
        }
    }
}

struct ConflictsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "conflicts",
        abstract: "List the conflicts of the merge in progress, with base, ours and theirs values.",
        discussion: "Exit status 1 while unresolved conflicts remain."
    )

    @Option(help: "Output format.")
    var format: ReportFormat = .text

    @OptionGroup var workspaceOptions: WorkspaceOptions

    func run() throws {
        let workspace = try workspaceOptions.openWorkspace()
        let state = try workspace.mergeState()
        switch format {
        case .json: Terminal.print(JSONOutput.render(Self.json(state)))
        case .text: Self.printText(state)
        }
        if !state.unresolved.isEmpty { throw ExitCode(1) }
    }

    static func json(_ state: MergeState) -> Node {
        let documents = state.documents.map { document -> Node in
            var entry = MergeResult.describe(document.conflicts)
            entry["path"] = Node(document.path)
            entry["resolved"] = Node(document.isResolved)
            return entry
        }
        return ["branch": Node(state.branch), "ours": Node(state.ours.hex), "theirs": Node(state.theirs.hex), "documents": Node(.sequence(documents))]
    }

    static func printText(_ state: MergeState) {
        Terminal.print("Merging \(state.branch): \(state.unresolved.count) of \(state.documents.count) conflicted document\(state.documents.count == 1 ? "" : "s") unresolved")
        for document in state.documents {
            Terminal.print("\(document.path)\(document.isResolved ? " (resolved)" : "")")
            for conflict in document.conflicts {
                Terminal.print("  \(conflict.kind.rawValue) at \(conflict.path)")
                for side in MergeSide.allCases {
                    let value = conflict.value(side).map { JSONWriter.write($0) } ?? "(absent)"
                    Terminal.print("    \(side.rawValue.padding(toLength: 7, withPad: " ", startingAt: 0)) \(value)")
                }
            }
        }
    }
}

struct ResolveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resolve",
        abstract: "Resolve a conflicted document of the merge in progress.",
        discussion: """
            --take picks one side for every conflict in the document (the rest of the merge is kept). Without --take, the document as you edited it is checked and marked resolved.

            Example:  planbench resolve plans/maritime-security.yaml --take theirs
            """
    )

    @Argument(help: "The conflicted document.")
    var path: String

    enum Side: String, ExpressibleByArgument, CaseIterable { case ours, theirs, base }

    @Option(help: "Take this side for every conflict in the document.")
    var take: Side?

    @OptionGroup var workspaceOptions: WorkspaceOptions

    func run() throws {
        let workspace = try workspaceOptions.openWorkspace()
        let relative = try workspace.relativePath(path, from: workspaceOptions.startDirectory)
        try workspace.resolve(path: relative, take: take.map { MergeSide(rawValue: $0.rawValue)! })
        let remaining = try workspace.mergeState().unresolved.count
        Terminal.print("Resolved \(relative). \(remaining == 0 ? "All conflicts resolved: run `planbench merge --continue`." : "\(remaining) document\(remaining == 1 ? "" : "s") still conflicted.")")
    }
}
