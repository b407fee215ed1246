import ArgumentParser
import Foundation
import PlanBench

/// `-C DIR`, shared by every command that works on a workspace.
struct WorkspaceOptions: ParsableArguments {
    @Option(name: .customShort("C"), help: ArgumentHelp("Run as if planbench was started in DIR (like git -C).", valueName: "DIR"))
    var directory: String?

    /// The directory to start from: `-C` (relative to the current directory) or the current directory.
    var startDirectory: String {
        let current = Invocation.current.currentDirectory
        guard let directory else { return current }
        return directory.hasPrefix("/") ? directory : current + "/" + directory
    }

    /// Opens the workspace at or above the start directory; long work on it shows
    /// a progress line when standard error is a terminal.
    func openWorkspace() throws -> Workspace {
        let workspace = try Workspace.open(at: startDirectory)
        // What an interrupted command left (a work tree behind its branch) is
        // finished before anything reads or writes the work tree.
        for note in try workspace.finishInterruptedUpdates() { Terminal.printError("planbench: \(note)") }
        let console = Invocation.current.console
        if console.errorIsTerminal {
            let line = ProgressLine(console: console)
            workspace.onProgress = { line.show($0) }
        }
        return workspace
    }
}

/// Output format of reporting commands.
enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

extension Array where Element == Diagnostic {
    /// Prints diagnostics: one `file:line:column: severity: message` line
    /// each, or a JSON array.
    func printReport(format: ReportFormat) {
        switch format {
        case .text:
            for diagnostic in sortedForDisplay { Terminal.printError(diagnostic.description) }
        case .json:
            Terminal.print(JSONOutput.render(sortedForDisplay.map(\.json)))
        }
    }
}
