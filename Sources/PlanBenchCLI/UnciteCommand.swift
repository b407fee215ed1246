import ArgumentParser
import PlanBench

struct UnciteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "uncite",
        abstract: "Remove a citation of a Guideline section from a plan section (--save commits at once).",
        discussion: """
            Only the citation's lines change. When the plan section cites the same section number in two editions (after rebase-edition), --edition says which.

            Examples:
              planbench uncite isr-peacetime concept IV.A.1
              planbench uncite rear-area-support-1997 scope V --edition jus-1997 --save -m "Scope now cites IV.B"
            """
    )

    @Argument(help: "Plan id.") var plan: String
    @Argument(help: "Id of the plan's section.") var planSection: String
    @Argument(help: "The cited Guideline section, e.g. IV.A.1.") var guidelineSection: String
    @Option(help: "Edition of the cited section (when the plan section cites that number in several).") var edition: String?
    @OptionGroup var options: EditingOptions

    func run() throws {
        let workspace = try options.workspaceOptions.openWorkspace()
        let result = try workspace.uncite(
            plan: plan, section: planSection, guideline: guidelineSection, edition: edition, save: try options.saveRequest(for: workspace))
        try options.report(result, workspace: workspace)
    }
}
