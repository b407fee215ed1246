import ArgumentParser
import PlanBench
import PlanDocument

/// `planbench task add|set|list`: the tasks that carry plan sections out.
struct TaskCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "task",
        abstract: "Add and update a plan's tasks; list tasks across the workspace.",
        discussion: """
            Task ids are unique within a plan; owners are actors declared in planbench.yaml. add and set edit the work tree (--save commits at once); list reads the work tree.

            Examples:
              planbench task add isr-2027 collection isr27-t1 --title "Agree the collection matrix" --owner bpm --due 2027-03-31
              planbench task set isr-2027 isr27-t1 --state in-progress
              planbench task list --owner sdf --overdue
            """,
        subcommands: [TaskAdd.self, TaskSet.self, TaskList.self]
    )
}

enum TaskState: String, ExpressibleByArgument, CaseIterable {
    case open, inProgress = "in-progress", done, blocked
}

struct TaskAdd: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add an open task to a plan section.",
        discussion: "Without --due the task falls due at the plan's next review (last review plus its cycle), or one review cycle from today when the plan was never reviewed or that date is past."
    )

    @Argument(help: "Plan id.") var plan: String
    @Argument(help: "Id of the plan's section.") var section: String
    @Argument(help: "Id of the new task, unique within the plan.") var id: String
    @Option(help: "What is to be done.") var title: String
    @Option(help: "Actor id of the organisation responsible.") var owner: String
    @Option(help: ArgumentHelp("Due date (YYYY-MM-DD).", valueName: "DATE")) var due: String?
    @OptionGroup var todayOption: TodayOption
    @OptionGroup var options: EditingOptions

    func run() throws {
        let workspace = try options.workspaceOptions.openWorkspace()
        let result = try workspace.addTask(
            plan: plan, section: section, id: id, title: title, owner: owner, due: due, today: try todayOption.resolve(),
            save: try options.saveRequest(for: workspace))
        try options.report(result, workspace: workspace)
    }
}

struct TaskSet: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "set", abstract: "Change a task's state, due date or owner.")

    @Argument(help: "Plan id.") var plan: String
    @Argument(help: "Task id.") var id: String
    @Option(help: "open, in-progress, done or blocked.") var state: TaskState?
    @Option(help: ArgumentHelp("Due date (YYYY-MM-DD).", valueName: "DATE")) var due: String?
    @Option(help: "Actor id of the organisation responsible.") var owner: String?
    @OptionGroup var options: EditingOptions

    func validate() throws {
        if state == nil && due == nil && owner == nil { throw ValidationError("nothing to set: give --state, --due or --owner") }
    }

    func run() throws {
        let workspace = try options.workspaceOptions.openWorkspace()
        let result = try workspace.setTask(
            plan: plan, id: id, state: state?.rawValue, due: due, owner: owner, save: try options.saveRequest(for: workspace))
        try options.report(result, workspace: workspace)
    }
}

struct TaskList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the tasks of every plan in the work tree, by due date.",
        discussion: """
            Overdue: past its due date and not done (tasks of superseded plans are never overdue). JSON: [{plan, planStatus, section, id, title, owner, due, state, overdue}].
            """
    )

    @Option(help: "Only this actor's tasks.") var owner: String?
    @Flag(help: "Only tasks past their due date and not done.") var overdue = false
    @Option(help: "Output format.") var format: ReportFormat = .text
    @OptionGroup var todayOption: TodayOption
    @OptionGroup var workspaceOptions: WorkspaceOptions

    func run() throws {
        let workspace = try workspaceOptions.openWorkspace()
        let tasks = try workspace.tasks(owner: owner, overdueOnly: overdue, today: try todayOption.resolve())
        switch format {
        case .json:
            Terminal.print(JSONOutput.render(tasks.map { task in
                [
                    "plan": Node(task.plan), "planStatus": Node(task.planStatus), "section": Node(task.section),
                    "id": Node(task.id), "title": Node(task.title), "owner": Node(task.owner), "due": Node(task.due),
                    "state": Node(task.state), "overdue": Node(task.isOverdue),
                ] as Node
            }))
        case .text:
            if tasks.isEmpty {
                Terminal.print(overdue ? "No overdue tasks." : "No tasks.")
                return
            }
            for task in tasks {
                let mark = task.isOverdue ? "  OVERDUE" : ""
                Terminal.print("\(task.due)  \(task.state.padding(toLength: 11, withPad: " ", startingAt: 0)) \(task.plan)/\(task.id)  \(task.owner)  \(Terminal.sanitized(task.title))\(mark)")
            }
            let count = "\(tasks.count) task\(tasks.count == 1 ? "" : "s")"
            Terminal.print(overdue ? "\(count) overdue." : "\(count), \(tasks.filter(\.isOverdue).count) overdue.")
        }
    }
}
