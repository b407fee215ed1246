import ArgumentParser
import PlanBench
import PlanDocument

struct CiteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cite",
        abstract: "Add a pinned citation of a Guideline section to a plan section (then save).",
        discussion: """
            The citation records the edition, the section id and a fingerprint of the section's current title, text and role statements; if the section changes later, the citation becomes suspect. After reviewing a suspect citation, --refresh re-pins it.

            Examples:
              planbench cite isr-peacetime concept IV.A.1
              planbench cite isr-peacetime --refresh      (all of the plan's citations)
            """
    )

    @Argument(help: "Plan id.", completion: Completions.plans)
    var plan: String

    @Argument(help: "Id of the plan's section.")
    var planSection: String?

    @Argument(help: "Guideline section to cite, e.g. IV.A.1.", completion: Completions.guidelineSections)
    var guidelineSection: String?

    @Option(help: "Edition of the cited section (default: the plan's edition).")
    var edition: String?

    @Flag(help: "Re-pin existing citations to the cited sections' current content.")
    var refresh = false

    @Option(help: "Output format: text, or json for scripts ({plan, path, section, guidelineSection} or {plan, refreshed}).")
    var format: ReportFormat = .text

    @OptionGroup var workspaceOptions: WorkspaceOptions

    func validate() throws {
        if !refresh && (planSection == nil || guidelineSection == nil) {
            throw ValidationError("give PLAN SECTION_OF_PLAN GUIDELINE_SECTION, or PLAN [SECTION_OF_PLAN] --refresh")
        }
        if refresh && guidelineSection != nil {
            throw ValidationError("--refresh takes PLAN and optionally SECTION_OF_PLAN, not a Guideline section")
        }
    }

    func run() throws {
        let workspace = try workspaceOptions.openWorkspace()
        if refresh {
            let count = try workspace.refreshCitations(plan: plan, section: planSection)
            if format == .json {
                Terminal.print(JSONOutput.render(["plan": Node(plan), "refreshed": Node(count)] as Node))
                return
            }
            Terminal.print(count == 0 ? "All citations of \(plan) already match." : "Re-pinned \(count) citation\(count == 1 ? "" : "s") in \(plan); save to commit.")
            return
        }
        let path = try workspace.cite(plan: plan, section: planSection!, guideline: guidelineSection!, edition: edition)
        if format == .json {
            let json: Node = [
                "plan": Node(plan), "path": Node(path), "section": Node(planSection!),
                "guidelineSection": Node(guidelineSection!),
            ]
            Terminal.print(JSONOutput.render(json))
            return
        }
        Terminal.print("Cited \(guidelineSection!) in \(path) section \(planSection!); save to commit: planbench save -m \"Cite \(guidelineSection!)\" \(path)")
    }
}
