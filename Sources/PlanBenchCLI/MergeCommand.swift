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

    @Argument(help: "The branch (or any revision) to merge.", completion: Completions.revisions)
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
        let json = format == .json
        if abort {
            try workspace.abortMerge()
            json ? Terminal.print(JSONOutput.render(["outcome": "aborted"] as Node)) : Terminal.print("Merge aborted; documents restored.")
            return
        }
        let signature = try AuthorResolution.resolve(explicit: author, environment: Invocation.current.environment, repository: workspace.repository)
        if continueMerge {
            let commit = try workspace.continueMerge(
                author: signature, onStep: CrashTestHook(environment: Invocation.current.environment).callAsFunction)
            json ? Terminal.print(JSONOutput.render(["outcome": "merged", "commit": Node(commit.hex)] as Node))
                : Terminal.print("Merge committed as \(commit.shortHex).")
            return
        }
        let outcome = try workspace.merge(
            branch: branch!, author: signature,
            onStep: CrashTestHook(environment: Invocation.current.environment).callAsFunction)
        try Self.report(outcome, merging: branch!, format: format, workspace: workspace)
    }

    /// Prints what a merge did; throws exit status 1 when it stopped on conflicts.
    static func report(
        _ outcome: MergeOutcome, merging branch: String, format: ReportFormat, workspace: Workspace,
        continueHint: String = "planbench merge --continue", abortHint: String = "planbench merge --abort"
    ) throws {
        let json = format == .json
        switch outcome {
        case .upToDate:
            json ? Terminal.print(JSONOutput.render(["outcome": "up-to-date"] as Node)) : Terminal.print("Already up to date.")
        case .fastForward(let commit):
            json ? Terminal.print(JSONOutput.render(["outcome": "fast-forward", "commit": Node(commit.hex)] as Node))
                : Terminal.print("Fast-forwarded to \(commit.shortHex).")
        case .merged(let commit, let documents, let warnings):
            if json {
                Terminal.print(JSONOutput.render([
                    "outcome": "merged", "commit": Node(commit.hex), "documents": Node(documents),
                    "warnings": Node(.sequence(warnings.warnings.map(\.json))),
                ] as Node))
                return
            }
            warnings.warnings.printReport(format: .text)
            Terminal.print("Merged \(branch) cleanly as \(commit.shortHex) (\(documents.count) document\(documents.count == 1 ? "" : "s")).")
        case .conflicted(let state):
            if json {
                var report = ConflictsCommand.json(state, workspace: workspace)
                report["outcome"] = "conflicted"
                Terminal.print(JSONOutput.render(report))
            } else {
                ConflictsCommand.printText(state, workspace: workspace)
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
        case .json: Terminal.print(JSONOutput.render(Self.json(state, workspace: workspace)))
        case .text: Self.printText(state, workspace: workspace)
        }
        if !state.unresolved.isEmpty { throw ExitCode(1) }
    }

    /// The problems that keep a merged document without conflicts from passing its checks.
    static func problems(_ document: MergeState.Document, workspace: Workspace) -> [Diagnostic] {
        guard document.isInvalid, !document.isResolved, let bytes = try? workspace.workTree.bytes(at: document.path) else { return [] }
        return (try? workspace.check(path: document.path, bytes: bytes).errors) ?? []
    }

    static func json(_ state: MergeState, workspace: Workspace) -> Node {
        let documents = state.documents.map { document -> Node in
            var entry = MergeResult.describe(document.conflicts)
            entry["path"] = Node(document.path)
            entry["resolved"] = Node(document.isResolved)
            if document.isInvalid { entry["problems"] = Node(.sequence(problems(document, workspace: workspace).map(\.json))) }
            return entry
        }
        return ["branch": Node(state.branch), "ours": Node(state.ours.hex), "theirs": Node(state.theirs.hex), "documents": Node(.sequence(documents))]
    }

    static func printText(_ state: MergeState, workspace: Workspace) {
        Terminal.print("Merging \(state.branch): \(state.unresolved.count) of \(state.documents.count) document\(state.documents.count == 1 ? "" : "s") to resolve")
        for document in state.documents {
            Terminal.print("\(document.path)\(document.isResolved ? " (resolved)" : "")")
            if document.isInvalid && !document.isResolved {
                Terminal.print("  merged without conflicts, but the result does not pass its checks; fix it in the work tree, then: planbench resolve \(document.path)")
                for problem in problems(document, workspace: workspace) { Terminal.print("    \(problem.description)") }
            }
            for conflict in document.conflicts {
                Terminal.print("  \(conflict.path.isEmpty ? "(document)" : conflict.path): \(conflict.kind.words)")
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

    @Option(help: "Output format: text, or json ({resolved, remaining}).")
    var format: ReportFormat = .text

    @OptionGroup var workspaceOptions: WorkspaceOptions

    func run() throws {
        let workspace = try workspaceOptions.openWorkspace()
        let relative = try workspace.relativePath(path, from: workspaceOptions.startDirectory)
        try workspace.resolve(path: relative, take: take.map { MergeSide(rawValue: $0.rawValue)! })
        let remaining = try workspace.mergeState().unresolved.count
        if format == .json {
            Terminal.print(JSONOutput.render(["resolved": Node(relative), "remaining": Node(remaining)] as Node))
            return
        }
        Terminal.print("Resolved \(relative). \(remaining == 0 ? "All conflicts resolved: run `planbench merge --continue`." : "\(remaining) document\(remaining == 1 ? "" : "s") still conflicted.")")
    }
}
