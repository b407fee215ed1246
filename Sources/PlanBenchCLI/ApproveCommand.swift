import ArgumentParser
import PlanBench

struct ApproveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "approve",
        abstract: "Approve a plan's current content for a party, in a commit signed with your SSH key.",
        discussion: """
            The commit names the plan's content fingerprint and is signed as git signs with gpg.format=ssh. The plan becomes approved once a current signer of every party it is made between approved the same content; any later change to it outdates those approvals and sets it back to in-review.

            The key: --key FILE, else PLANBENCH_SIGNING_KEY, else git's user.signingkey (a .pub file signs through ssh-agent). It must be a current signer's key of the party.

            Example:  planbench approve isr-peacetime --party japan --key ~/.ssh/id_ed25519
            """
    )

    @Argument(help: "The plan id.")
    var plan: String

    @Option(help: "The party approving.")
    var party: String

    @Option(help: ArgumentHelp("The SSH key to sign with.", valueName: "FILE"))
    var key: String?

    @Option(help: "Output format.")
    var format: ReportFormat = .text

    @OptionGroup var todayOption: TodayOption
    @OptionGroup var workspaceOptions: WorkspaceOptions

    func run() throws {
        let workspace = try workspaceOptions.openWorkspace()
        let environment = Invocation.current.environment
        guard let signingKey = try workspace.signingKey(explicit: key, environment: environment) else {
            throw PlanBenchError.usage("approving needs an SSH key: --key FILE, PLANBENCH_SIGNING_KEY, or git config user.signingkey")
        }
        let (status, outcome) = try workspace.approve(plan: plan, party: party, key: signingKey, environment: environment, today: try todayOption.resolve())
        let state = status.isApproved ? "approved by \(status.parties.joined(separator: " and "))" : "in review; awaiting \(status.missing.joined(separator: ", "))"
        Terminal.print("Approved \(plan) for \(party) (\(status.fingerprint.prefix(19))…), signed with \(signingKey.publicKey.fingerprint) as \(outcome.commit?.shortHex ?? "-"). Plan \(state).")
    }
}
