import ArgumentParser
import Foundation
import PlanBench
import PlanDocument

struct SaveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "save",
        abstract: "Validate changed documents and commit them.",
        discussion: """
            Every document in the commit is parsed, validated against its schema and checked against the workspace rules. If any has an error, nothing is committed and every problem is listed as file:line:column. Citations without a fingerprint are pinned to the cited section's current content.

            The author comes from --author, else PLANBENCH_AUTHOR, else git's user.name/user.email.

            Examples:
              planbench save -m "Revise ISR tasks"            (every changed document)
              planbench save -m "Add NEO plan" plans/neo.yaml
            """
    )

    @Option(name: .shortAndLong, help: "Commit message.")
    var message: String

    @Option(help: ArgumentHelp("Author, as \"Name <email>\".", valueName: "AUTHOR"))
    var author: String?

    @Argument(help: "Documents to save (default: every changed document).")
    var paths: [String] = []

    @Option(help: "Output format.")
    var format: ReportFormat = .text

    @OptionGroup var workspaceOptions: WorkspaceOptions

    func validate() throws {
        guard !message.allSatisfy(\.isWhitespace) else {
            throw ValidationError("the commit message is empty; say what changed with -m")
        }
    }

    func run() throws {
        let invocation = Invocation.current
        let workspace = try workspaceOptions.openWorkspace()
        let signature = try AuthorResolution.resolve(explicit: author, environment: invocation.environment, repository: workspace.repository)
        let relative = try paths.map { try workspace.relativePath($0, from: workspaceOptions.startDirectory) }
        let outcome: SaveOutcome
        do {
            outcome = try workspace.save(
                message: message, paths: relative.isEmpty ? nil : relative, author: signature,
                onStep: CrashTestHook(environment: invocation.environment).callAsFunction)
        } catch PlanBenchError.commitRefused(let diagnostics) where format == .json {
            diagnostics.printReport(format: .json)
            throw ExitCode(1)
        } catch PlanBenchError.invalidDocuments(let diagnostics) where format == .json {
            diagnostics.printReport(format: .json)
            throw ExitCode(1)
        }
        switch format {
        case .json:
            let json: Node = [
                "commit": outcome.commit.map { Node($0.hex) } ?? .null,
                "changes": Node(.sequence(outcome.changes.map { ["path": Node($0.path), "change": Node($0.kind.rawValue)] })),
                "pinned": Node(outcome.pinned),
                "keptEdits": Node(outcome.keptEdits),
                "warnings": Node(.sequence(outcome.diagnostics.warnings.map(\.json))),
            ]
            Terminal.print(JSONOutput.render(json))
        case .text:
            outcome.diagnostics.warnings.printReport(format: .text)
            guard let commit = outcome.commit else {
                Terminal.print("Nothing to save: the documents match the last commit.")
                return
            }
            Terminal.print("Saved \(outcome.changes.count) document\(outcome.changes.count == 1 ? "" : "s") as \(commit.shortHex) on \(try workspace.branch()):")
            for change in outcome.changes { Terminal.print("  \(change.kind.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0)) \(change.path)") }
            for path in outcome.pinned { Terminal.print("  pinned citations in \(path)") }
            for path in outcome.keptEdits {
                Terminal.print("  \(path) was edited while the save ran: the commit holds the version read (with pinned citations), the file keeps your edit; save again to commit it")
            }
        }
    }
}

/// Test hook: `PLANBENCH_CRASH_AFTER=<step>` kills the process with SIGKILL
/// right after that step of a save (``SaveStep``) or a merge (``MergeStep``),
/// to prove a crash never corrupts the workspace. Unset in normal use.
struct CrashTestHook {
    let step: String?

    init(environment: [String: String]) {
        step = environment["PLANBENCH_CRASH_AFTER"]
    }

    func callAsFunction<Step: RawRepresentable>(_ reached: Step) where Step.RawValue == String {
        guard let step, step == reached.rawValue else { return }
        kill(getpid(), SIGKILL)
    }
}
