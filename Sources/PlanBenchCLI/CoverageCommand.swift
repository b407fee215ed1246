import ArgumentParser
import PlanBench
import PlanDocument

struct CoverageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coverage",
        abstract: "Show which plans cite each Guideline section: uncovered sections, suspect citations, role contradictions.",
        discussion: """
            A section is covered when it or one of its sub-sections is cited. JSON output has one entry per section: {section, title, covered, plans: [{plan, status, suspect, roleConsistent}]}.

            Examples:
              planbench coverage
              planbench coverage --edition jus-1997 --format csv > coverage.csv
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json, csv }

    @Option(help: "Edition id (default: the workspace's default edition).")
    var edition: String?

    @Option(help: "Output format.")
    var format: Format = .text

    @OptionGroup var workspaceOptions: WorkspaceOptions

    func run() throws {
        let workspace = try workspaceOptions.openWorkspace()
        let index = try GuidelinesCommand.edition(edition, in: workspace)
        let report = try workspace.coverage(edition: index.id)
        switch format {
        case .json:
            Terminal.print(JSONOutput.render(report.sections.map { section in
                [
                    "section": Node(section.id), "title": Node(section.title), "covered": Node(section.isCovered),
                    "plans": Node(.sequence(section.citations.map {
                        ["plan": Node($0.plan), "status": Node($0.status), "suspect": Node($0.isSuspect), "roleConsistent": Node($0.isRoleConsistent)]
                    })),
                ] as Node
            }))
        case .csv:
            Terminal.print("section,title,covered,plan,status,suspect,roleConsistent")
            for section in report.sections {
                let head = "\(Self.csv(section.id)),\(Self.csv(section.title)),\(section.isCovered)"
                if section.citations.isEmpty {
                    Terminal.print(head + ",,,,")
                }
                for citation in section.citations {
                    Terminal.print(head + ",\(Self.csv(citation.plan)),\(Self.csv(citation.status)),\(citation.isSuspect),\(citation.isRoleConsistent)")
                }
            }
        case .text:
            Terminal.print("Coverage of \(report.edition) by the plans in the work tree")
            for section in report.sections {
                let indent = String(repeating: "  ", count: section.depth)
                let plans = section.citations.map { c in
                    c.plan + (c.isSuspect ? " (suspect)" : "") + (c.isRoleConsistent ? "" : " (role contradiction)")
                }
                let mark = section.isCovered ? (section.citations.isEmpty ? "  (via sub-sections)" : "") : "  UNCOVERED"
                Terminal.print("\(indent)\(section.id)  \(section.title)\(mark)")
                if !plans.isEmpty { Terminal.print("\(indent)    cited by: \(plans.joined(separator: ", "))") }
            }
            let suspect = report.sections.reduce(0) { $0 + $1.citations.reduce(0) { $0 + $1.suspectCitations } }
            let contradictions = report.sections.reduce(0) { $0 + $1.citations.reduce(0) { $0 + $1.contradictedAssignments } }
            Terminal.print("\n\(report.sections.count) sections, \(report.uncovered.count) uncovered, \(suspect) suspect citation\(suspect == 1 ? "" : "s"), \(contradictions) role contradiction\(contradictions == 1 ? "" : "s").")
        }
    }

    /// A CSV field, quoted when it needs to be (RFC 4180).
    static func csv(_ field: String) -> String {
        guard field.contains(",") || field.contains("\"") || field.contains("\n") else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
