import ArgumentParser
import PlanBench
import PlanDocument

struct NewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "Create a document from a valid skeleton (not committed until you save).",
        discussion: """
            Example:
              planbench new plan isr-2027 --title "Bilateral ISR, 2027 update"
              planbench save -m "Start the 2027 ISR plan" plans/isr-2027.yaml
            """
    )

    enum Kind: String, ExpressibleByArgument, CaseIterable { case plan }

    @Argument(help: "What to create: plan.")
    var kind: Kind

    @Argument(help: "Id of the new document: letters, digits, '.', '_' and '-'.")
    var id: String

    @Option(help: "Title of the new document.")
    var title: String

    @Option(help: "Output format: text, or json ({kind, id, path}) for scripts.")
    var format: ReportFormat = .text

    @OptionGroup var workspaceOptions: WorkspaceOptions

    func validate() throws {
        guard Identifier.isValid(id) else {
            throw ValidationError("invalid id \"\(id)\": use letters, digits, '.', '_' and '-' only (for example isr-peacetime)")
        }
    }

    func run() throws {
        let workspace = try workspaceOptions.openWorkspace()
        let author = try? AuthorResolution.resolve(explicit: nil, environment: Invocation.current.environment, repository: workspace.repository)
        let path = try workspace.newPlan(id: id, title: title, author: author)
        switch format {
        case .json:
            Terminal.print(JSONOutput.render(["kind": Node(kind.rawValue), "id": Node(id), "path": Node(path)] as Node))
        case .text:
            Terminal.print("Created \(path). Edit it, then: planbench save -m \"...\" \(path)")
        }
    }
}
