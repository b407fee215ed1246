import ArgumentParser
import PlanBench
import PlanDocument

struct RebaseEditionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rebase-edition",
        abstract: "Move a plan to another Guideline edition through the crosswalk (--save commits at once).",
        discussion: """
            For each citation of the plan's edition, the crosswalk entry decides:
              same, renumbered (one section)   cited under the new number, pinned to its content
              rewritten, merged (one section)  cited under the new number, suspect until reviewed (planbench cite PLAN SECTION --refresh)
              split, or several sections        old citation kept; the choices are listed with the commands to run
              dropped                           old citation kept and reported (planbench uncite ...)
            The plan's edition becomes the new one; citations kept name their old edition.

            Example:
              planbench rebase-edition rear-area-support-1997 --to jus-2015
            """
    )

    @Argument(help: "Plan id.") var plan: String
    @Option(help: ArgumentHelp("The edition to move to.", valueName: "EDITION")) var to: String
    @OptionGroup var options: EditingOptions

    func run() throws {
        let workspace = try options.workspaceOptions.openWorkspace()
        let result = try workspace.rebaseEdition(plan: plan, to: to, save: try options.saveRequest(for: workspace))
        let items = result.items.map { item -> Node in
            [
                "planSection": Node(item.planSection), "from": Node(item.from), "relation": item.relation.map { Node($0) } ?? .null,
                "to": Node(item.to), "action": Node(item.action.rawValue), "commands": Node(item.commands),
            ]
        }
        if options.format == .json {
            return try options.report(result.edit, workspace: workspace, extra: [
                "fromEdition": Node(result.fromEdition), "toEdition": Node(result.toEdition), "citations": Node(.sequence(items)),
            ])
        }
        result.edit.warnings.printReport(format: .text)
        Terminal.print(EditingOptions.capitalized(result.edit.summary) + ".")
        for item in result.items {
            let target = item.to.isEmpty ? "" : " -> \(item.to.joined(separator: ", "))"
            Terminal.print("  \(item.planSection): \(result.fromEdition) \(item.from)\(target) [\(item.relation ?? "no crosswalk entry")]: \(Self.explain(item.action))")
            for command in item.commands { Terminal.print("      \(command)") }
        }
        try EditingOptions.printSaveLine(result.edit, workspace: workspace)
    }

    static func explain(_ action: EditionRebaseResult.Item.Action) -> String {
        switch action {
        case .renumbered: "cited under the new number, pinned"
        case .suspect: "cited under the new number, suspect until reviewed; after review:"
        case .choose: "kept; choose the sections that apply:"
        case .dropped: "dropped from the new edition; kept for you to remove:"
        case .unmapped: "no crosswalk entry; kept"
        case .alreadyCited: "the new section was already cited; old citation removed"
        }
    }
}
