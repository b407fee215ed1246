import ArgumentParser
import Foundation
import PlanBench

struct EditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "edit",
        abstract: "Edit a document in $VISUAL or $EDITOR, check it, and commit it.",
        discussion: """
            The editor works on a copy. When it closes, the copy is checked; if it has errors the editor opens again with the problems listed in a comment at the top. When it is valid it replaces the document and is committed. Emptying the file, or an editor that exits with an error (in vim, :cq), aborts and changes nothing.

            Example:  EDITOR=nano planbench edit isr-peacetime -m "Update ISR tasks"
            """
    )

    @Argument(help: "Id of the document (plan, edition or review) or its path.", completion: Completions.documents)
    var document: String

    @Option(name: .shortAndLong, help: "Commit message (default: \"Edit <path>\").")
    var message: String?

    @Option(help: ArgumentHelp("Author, as \"Name <email>\".", valueName: "AUTHOR"))
    var author: String?

    @OptionGroup var workspaceOptions: WorkspaceOptions

    static let headerPrefix = "# planbench: "

    func run() throws {
        let invocation = Invocation.current
        let workspace = try workspaceOptions.openWorkspace()
        let path = try workspace.documentPath(for: document, in: workspace.workTree)
        guard let editor = [invocation.environment["VISUAL"], invocation.environment["EDITOR"]].compactMap({ $0 }).first(where: { !$0.isEmpty }) else {
            throw PlanBenchError.editor("no editor: set VISUAL or EDITOR (for example EDITOR=nano)")
        }
        let signature = try AuthorResolution.resolve(explicit: author, environment: invocation.environment, repository: workspace.repository)
        let original = try workspace.workTree.bytes(at: path) ?? []
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("planbench-edit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let copy = scratch.appendingPathComponent((path as NSString).lastPathComponent)
        try Data(original).write(to: copy)
        // The copy starts from the work tree, so changes not yet saved go into this
        // edit's commit: say so before the editor opens, and again in the result.
        let committed = try workspace.head().flatMap { try workspace.repository.blob(at: path, in: $0) }
        let carriesUnsaved = committed != nil && committed != original
        if carriesUnsaved {
            Terminal.printError("planbench: \(path) has unsaved changes; they are in the copy you edit and will be committed with your edit (planbench diff -- \(path) shows them)")
        }
        var lastRejected: String?

        // Before the editor opens: an edit that could not be checked would be lost.
        _ = try workspace.checker()
        while true {
            let status = try Self.runEditor(editor, file: copy.path, environment: invocation.environment)
            guard status == 0 else {
                Terminal.printError("planbench: the editor exited with status \(status); nothing was changed")
                throw ExitCode(1)
            }
            let edited = Self.removingHeader(String(decoding: try Data(contentsOf: copy), as: UTF8.self))
            guard !edited.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                Terminal.printError("planbench: the file was emptied; edit aborted, nothing was changed")
                throw ExitCode(1)
            }
            let problems = try workspace.check(path: path, bytes: Array(edited.utf8)).errors
            if problems.isEmpty {
                guard Array(edited.utf8) != original else {
                    Terminal.print("No changes to \(path).")
                    return
                }
                try workspace.writeDocument(Array(edited.utf8), at: path)
                let outcome = try workspace.save(message: message ?? "Edit \(path)", paths: [path], author: signature)
                outcome.diagnostics.warnings.printReport(format: .text)
                Terminal.print("Saved \(path) as \(outcome.commit?.shortHex ?? "-")\(carriesUnsaved ? ", with the changes that were not saved before" : "").")
                return
            }
            // An editor that hands back the same invalid text again (no terminal, a
            // script, a user who gave up) would be reopened forever: stop instead.
            guard edited != lastRejected else {
                for problem in problems { Terminal.printError(problem.description) }
                Terminal.printError("planbench: the editor returned the same invalid text again; edit aborted, nothing was changed")
                throw ExitCode(1)
            }
            lastRejected = edited
            var header = Self.headerPrefix + "\(problems.count) problem\(problems.count == 1 ? "" : "s") - fix, save and close; empty the file to abort.\n"
            let headerLines = problems.count + 1
            for problem in problems {
                let line = problem.position.isKnown ? "\(problem.position.line + headerLines):\(problem.position.column)" : "-"
                header += Self.headerPrefix + "line \(line): \(problem.message)\n"
            }
            for problem in problems { Terminal.printError(problem.description) }
            try Data((header + edited).utf8).write(to: copy)
        }
    }

    /// Runs the editor command through the shell, so `EDITOR="code --wait"` works.
    static func runEditor(_ editor: String, file: String, environment: [String: String]) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "\(editor) \"$1\"", "planbench-editor", file]
        process.environment = environment
        do {
            try process.run()
        } catch {
            throw PlanBenchError.editor("cannot start the editor \"\(editor)\": \(error.localizedDescription)")
        }
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// The text without the problem header planbench added.
    static func removingHeader(_ text: String) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        while let first = lines.first, first.hasPrefix(headerPrefix) { lines.removeFirst() }
        return lines.joined(separator: "\n")
    }
}
