import ArgumentParser
import PlanBench
import PlanDocument

struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Print a document from the work tree or from a revision.",
        discussion: """
            Examples:
              planbench show isr-peacetime            (work tree)
              planbench show isr-peacetime@HEAD~2     (two commits ago)
              planbench show jus-2015@v1 --format json
            """
    )

    @Argument(help: "ID or ID@REV: a plan, edition or review id (or a path), at a revision git understands.", completion: Completions.documents)
    var document: String

    enum Format: String, ExpressibleByArgument, CaseIterable { case yaml, json }

    @Option(help: "yaml prints the stored text; json prints the parsed document.")
    var format: Format = .yaml

    @OptionGroup var workspaceOptions: WorkspaceOptions

    func run() throws {
        let workspace = try workspaceOptions.openWorkspace()
        let (path, text) = try workspace.show(document)
        switch format {
        case .yaml:
            Invocation.current.console.writeOut(text.hasSuffix("\n") || text.isEmpty ? text : text + "\n")
        case .json:
            do {
                Terminal.print(JSONWriter.write(try YAMLReader().read(text), pretty: true))
            } catch {
                throw PlanBenchError.invalidDocuments([Diagnostic(file: path, documentError: error)])
            }
        }
    }
}
