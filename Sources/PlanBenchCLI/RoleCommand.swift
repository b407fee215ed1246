import ArgumentParser
import PlanBench

extension Responsibility: ExpressibleByArgument {}

/// `planbench role set|remove`: role assignments in a plan section.
struct RoleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "role",
        abstract: "Assign or remove an actor's role in a plan section (--save commits at once).",
        discussion: """
            role set warns at once when the assignment contradicts the role statements of the Guideline sections the plan section cites (the rule validate and reviews apply): the Guidelines give the Self-Defense Forces primary responsibility for ballistic missile defense, so giving it to us-forces there is reported.

            Responsibilities: primary, support-and-supplement, cooperate, coordinate, lead, support.

            Examples:
              planbench role set isr-2027 collection sdf primary --scope "collection over Japanese territory"
              planbench role set isr-2027 collection us-forces support-and-supplement
              planbench role remove isr-2027 collection us-forces
            """,
        subcommands: [RoleSet.self, RoleRemove.self]
    )
}

struct RoleSet: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set", abstract: "Give an actor a responsibility in a plan section (replacing the actor's role there).")

    @Argument(help: "Plan id.") var plan: String
    @Argument(help: "Id of the plan's section.") var section: String
    @Argument(help: "Actor id declared in planbench.yaml.") var actor: String
    @Argument(help: "primary, support-and-supplement, cooperate, coordinate, lead or support.") var responsibility: Responsibility
    @Option(help: "What the responsibility covers in this plan.") var scope: String?
    @OptionGroup var options: EditingOptions

    func run() throws {
        let workspace = try options.workspaceOptions.openWorkspace()
        let result = try workspace.setRole(
            plan: plan, section: section, actor: actor, responsibility: responsibility, scope: scope,
            save: try options.saveRequest(for: workspace))
        try options.report(result, workspace: workspace)
    }
}

struct RoleRemove: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "remove", abstract: "Remove an actor's role from a plan section.")

    @Argument(help: "Plan id.") var plan: String
    @Argument(help: "Id of the plan's section.") var section: String
    @Argument(help: "Actor id.") var actor: String
    @OptionGroup var options: EditingOptions

    func run() throws {
        let workspace = try options.workspaceOptions.openWorkspace()
        let result = try workspace.removeRole(plan: plan, section: section, actor: actor, save: try options.saveRequest(for: workspace))
        try options.report(result, workspace: workspace)
    }
}
