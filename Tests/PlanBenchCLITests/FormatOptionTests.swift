import ArgumentParser
@testable import PlanBenchCLI
import Testing

/// Every command that reports something takes `--format json`.
@Suite struct FormatOptionTests {
    /// Leaf commands, by their full name (`review open`).
    static func leaves(_ command: ParsableCommand.Type, prefix: [String] = []) -> [(String, ParsableCommand.Type)] {
        let name = prefix + [command._commandName]
        if command.configuration.subcommands.isEmpty { return [(name.dropFirst().joined(separator: " "), command)] }
        return command.configuration.subcommands.flatMap { leaves($0, prefix: name) }
    }

    /// Commands that report nothing a script would read: they hand over to an
    /// editor, are git's drivers, serve pages, or print a file's own text
    /// (`schema check` has its own `--output`; `signers export` writes git's
    /// allowed-signers file).
    static let exempt: Set<String> = ["edit", "merge-file", "git-diff-driver", "schema check", "serve", "signers export"]

    @Test func everyReportingCommandTakesFormatJSON() {
        var missing: [String] = []
        for (name, command) in Self.leaves(PlanBenchCommand.self) where !Self.exempt.contains(name) {
            let help = PlanBenchCommand.helpMessage(for: command, columns: 200)
            if !help.contains("--format") { missing.append(name) }
        }
        #expect(missing.isEmpty, "commands without --format: \(missing)")
    }
}
