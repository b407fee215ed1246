import ArgumentParser
import PlanBench
import PlanDocument

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check every approval, sign-off and change of signers in the history up to REV.",
        discussion: """
            Each is checked for a valid SSH signature over its commit, by a key listed for its party at that commit and inside the key's validity dates, naming the signer the key belongs to, over the content it names (the plan's or review record's fingerprint). A party's first key, taken unsigned, is reported as the one accepted exception; unsigned sign-offs are warnings unless reviewPolicy.requireSignatures is true.

            Exit status 1 when anything fails.
            """
    )

    @Argument(help: "The revision (default HEAD).")
    var revision: String = "HEAD"

    @Option(help: "Output format.")
    var format: ReportFormat = .text

    @OptionGroup var workspaceOptions: WorkspaceOptions

    func run() throws {
        let workspace = try workspaceOptions.openWorkspace()
        let items = try workspace.verify(revision: revision, environment: Invocation.current.environment)
        switch format {
        case .json:
            Terminal.print(JSONOutput.render(Node(.sequence(items.map { item in
                var node: Node = [
                    "commit": Node(.string(item.commit.hex)), "kind": Node(.string(item.kind.rawValue)), "subject": Node(.string(item.subject)),
                    "party": Node(.string(item.party)), "verdict": Node(.string(item.verdict.rawValue)),
                    "notes": Node(.sequence(item.notes.map { Node(.string($0)) })),
                ]
                node["signer"] = item.signer.map { Node(.string($0)) } ?? .null
                node["key"] = item.key.map { Node(.string($0)) } ?? .null
                return node
            }))))
        case .text:
            for item in items {
                let label = item.verdict == .ok ? "ok  " : item.verdict == .warning ? "warn" : "FAIL"
                Terminal.print("\(label) \(item.commit.shortHex) \(item.kind.rawValue) \(item.subject) for \(item.party)\(item.signer.map { " by \($0)" } ?? "")\(item.key.map { " (\($0))" } ?? "")")
                for note in item.notes { Terminal.print("       \(Terminal.sanitized(note))") }
            }
            let failed = items.filter { $0.verdict == .failed }.count
            Terminal.print("\(items.count) checked: \(items.count - failed) passed, \(failed) failed.")
        }
        if items.contains(where: { $0.verdict == .failed }) { throw ExitCode(1) }
    }
}
