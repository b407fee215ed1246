import ArgumentParser
import Foundation
import PlanBench
import PlanDocument

struct SignersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "signers",
        abstract: "Who may sign for each party, with which SSH key (signers: in planbench.yaml).",
        discussion: """
            A change to a party's signers is committed only when signed by a current signer of that party (--signing-key, PLANBENCH_SIGNING_KEY or git's user.signingkey). A party whose signers have no key yet takes its first key unsigned; planbench verify says so.

            Examples:
              planbench signers add --party japan --name "Sato Hanako" --email h.sato@example.mod.go.jp --key ~/.ssh/id_ed25519.pub
              planbench signers list
              planbench signers export -o .planbench/allowed_signers && git config gpg.ssh.allowedSignersFile .planbench/allowed_signers
            """,
        subcommands: [Add.self, List.self, Remove.self, Export.self]
    )

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add", abstract: "Add a signer with an SSH public key, or give an existing signer of the party a (new) key.")
        @Option(help: "The party the signer signs for.") var party: String
        @Option(help: "Full name.") var name: String
        @Option(help: "Email (matched against commit authors).") var email: String
        @Option(help: ArgumentHelp("The signer's SSH public key file.", valueName: "FILE.pub")) var key: String
        @Option(help: ArgumentHelp("First day the key may sign.", valueName: "DATE")) var validAfter: String?
        @Option(help: ArgumentHelp("The key may sign only before this day.", valueName: "DATE")) var validBefore: String?
        @Option(help: ArgumentHelp("Key of a current signer of the party, to sign the change.", valueName: "FILE")) var signingKey: String?
        @Option(help: "Output format: text, or json ({party, email, commit}).") var format: ReportFormat = .text
        @OptionGroup var todayOption: TodayOption
        @OptionGroup var workspaceOptions: WorkspaceOptions

        func run() throws {
            let workspace = try workspaceOptions.openWorkspace()
            let environment = Invocation.current.environment
            let path = key.hasPrefix("/") ? key : workspaceOptions.startDirectory + "/" + key
            guard let text = try? String(contentsOfFile: path, encoding: .utf8), let publicKey = SSHPublicKey(line: text) else {
                throw ValidationError("\(key) is not an SSH public key file (ssh-ed25519 AAAA…)")
            }
            let signer = Signer(name: name, email: email, party: party, key: publicKey.line, validAfter: validAfter, validBefore: validBefore)
            let author = try AuthorResolution.resolve(explicit: nil, environment: environment, repository: workspace.repository)
            let outcome = try workspace.addSigner(
                signer, signingKey: try workspace.signingKey(explicit: signingKey, environment: environment), environment: environment,
                author: author, today: try todayOption.resolve())
            if format == .json {
                return Terminal.print(JSONOutput.render([
                    "party": Node(party), "email": Node(email), "key": Node(publicKey.fingerprint),
                    "commit": outcome.commit.map { Node($0.hex) } ?? .null,
                ] as Node))
            }
            Terminal.print("\(name) <\(email)> signs for \(party) with \(publicKey.fingerprint). Committed \(outcome.commit?.shortHex ?? "-").")
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "remove", abstract: "Remove a party's signer (by email).")
        @Option(help: "The party.") var party: String
        @Option(help: "The signer's email.") var email: String
        @Option(help: ArgumentHelp("Key of a current signer of the party, to sign the change.", valueName: "FILE")) var signingKey: String?
        @Option(help: "Output format: text, or json ({party, email, commit}).") var format: ReportFormat = .text
        @OptionGroup var todayOption: TodayOption
        @OptionGroup var workspaceOptions: WorkspaceOptions

        func run() throws {
            let workspace = try workspaceOptions.openWorkspace()
            let environment = Invocation.current.environment
            let author = try AuthorResolution.resolve(explicit: nil, environment: environment, repository: workspace.repository)
            let outcome = try workspace.removeSigner(
                party: party, email: email, signingKey: try workspace.signingKey(explicit: signingKey, environment: environment),
                environment: environment, author: author, today: try todayOption.resolve())
            if format == .json {
                return Terminal.print(JSONOutput.render(["party": Node(party), "email": Node(email), "removed": Node(true), "commit": outcome.commit.map { Node($0.hex) } ?? .null] as Node))
            }
            Terminal.print("\(email) no longer signs for \(party). Committed \(outcome.commit?.shortHex ?? "-").")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List signers: party, name, email, key fingerprint, validity.")
        @Option(help: "Output format.") var format: ReportFormat = .text
        @OptionGroup var workspaceOptions: WorkspaceOptions

        func run() throws {
            let signers = try workspaceOptions.openWorkspace().signers()
            switch format {
            case .json:
                Terminal.print(JSONOutput.render(Node(.sequence(signers.map { signer in
                    var node: Node = ["party": Node(.string(signer.party)), "name": Node(.string(signer.name)), "email": Node(.string(signer.email))]
                    node["key"] = signer.publicKey.map { Node(.string($0.fingerprint)) } ?? .null
                    node["validAfter"] = signer.validAfter.map { Node(.string($0)) } ?? .null
                    node["validBefore"] = signer.validBefore.map { Node(.string($0)) } ?? .null
                    return node
                }))))
            case .text:
                for signer in signers {
                    let validity = [signer.validAfter.map { "from \($0)" }, signer.validBefore.map { "before \($0)" }].compactMap { $0 }.joined(separator: " ")
                    Terminal.print("\(signer.party)\t\(signer.name) <\(signer.email)>\t\(signer.publicKey?.fingerprint ?? "(no key)")\(validity.isEmpty ? "" : "\t\(validity)")")
                }
            }
        }
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export",
            abstract: "Write git's allowed-signers file, so stock git verifies the signed commits.",
            discussion: """
                Then:  git config gpg.format ssh
                       git config gpg.ssh.allowedSignersFile FILE
                       git verify-commit COMMIT; git log --show-signature
                """)
        @Option(name: .shortAndLong, help: ArgumentHelp("Write to FILE instead of standard output.", valueName: "FILE")) var output: String?
        @OptionGroup var workspaceOptions: WorkspaceOptions

        func run() throws {
            let text = try workspaceOptions.openWorkspace().signers().allowedSigners
            guard let output else {
                Invocation.current.console.writeOut(text)
                return
            }
            let path = output.hasPrefix("/") ? output : workspaceOptions.startDirectory + "/" + output
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
            Terminal.print("Wrote \(text.split(separator: "\n").count) allowed signer\(text.split(separator: "\n").count == 1 ? "" : "s") to \(output).")
        }
    }
}
