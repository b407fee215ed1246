import ArgumentParser
import Foundation
import PlanBench
import PlanDocument

struct GuidelinesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "guidelines",
        abstract: "Browse the Guideline editions in the workspace.",
        subcommands: [List.self, Show.self]
    )

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List an edition's sections (default: the workspace's default edition).",
            discussion: "Example:  planbench guidelines list --edition jus-1997 --format json"
        )

        @Option(help: "Edition id (see guidelines/*.yaml).")
        var edition: String?

        @Option(help: "Output format.")
        var format: ReportFormat = .text

        @OptionGroup var workspaceOptions: WorkspaceOptions

        func run() throws {
            let workspace = try workspaceOptions.openWorkspace()
            let index = try GuidelinesCommand.edition(edition, in: workspace)
            switch format {
            case .json:
                Terminal.print(JSONOutput.render(index.order.map { id in
                    let entry = index.sections[id]!
                    return [
                        "section": Node(id), "title": entry.node["title"] ?? .null,
                        "parent": entry.parent.map { Node($0) } ?? .null,
                        "textSource": entry.node["textSource"] ?? .null,
                        "roles": entry.node["roles"] ?? Node(.sequence([])),
                    ] as Node
                }))
            case .text:
                Terminal.print("\(index.id): \(index.document["title"]?.string ?? "")")
                for id in index.order {
                    let entry = index.sections[id]!
                    let roles = (entry.node["roles"]?.sequence ?? []).compactMap { role -> String? in
                        guard let actor = role["actor"]?.string, let responsibility = role["responsibility"]?.string else { return nil }
                        return "\(actor) \(responsibility)"
                    }
                    let roleText = roles.isEmpty ? "" : "  [\(roles.joined(separator: "; "))]"
                    Terminal.print(String(repeating: "  ", count: entry.depth) + "\(id)  \(entry.node["title"]?.string ?? "")\(roleText)")
                }
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "Show one section: title, text, role statements and its fingerprint.",
            discussion: "Example:  planbench guidelines show IV.C.2.b.i"
        )

        @Argument(help: "Section id, e.g. IV.A.2.", completion: Completions.guidelineSections)
        var section: String

        @Option(help: "Edition id.")
        var edition: String?

        @Option(help: "Output format.")
        var format: ReportFormat = .text

        @OptionGroup var workspaceOptions: WorkspaceOptions

        func run() throws {
            let workspace = try workspaceOptions.openWorkspace()
            let index = try GuidelinesCommand.edition(edition, in: workspace)
            guard let node = index.section(section) else {
                throw PlanBenchError.usage("section \(section) does not exist in \(index.id); `planbench guidelines list --edition \(index.id)` lists its sections")
            }
            switch format {
            case .json:
                var out = node
                out["sections"] = nil
                out["edition"] = Node(index.id)
                out["fingerprint"] = Node(Fingerprint.of(section: node))
                Terminal.print(JSONOutput.render(out))
            case .text:
                Terminal.print("\(index.id) \(section)  \(node["title"]?.string ?? "")")
                if let source = node["textSource"]?.string { Terminal.print("(text: \(source))") }
                if let text = node["text"]?.string { Terminal.print("\n" + text.trimmingCharacters(in: .newlines) + "\n") }
                for role in node["roles"]?.sequence ?? [] {
                    Terminal.print("role: \(role["actor"]?.string ?? "?") - \(role["responsibility"]?.string ?? "?")\(role["scope"]?.string.map { " (\($0))" } ?? "")")
                }
                let children = (node["sections"]?.sequence ?? []).compactMap { $0["id"]?.string }
                if !children.isEmpty { Terminal.print("sub-sections: \(children.joined(separator: ", "))") }
                Terminal.print("fingerprint: \(Fingerprint.of(section: node))")
            }
        }
    }

    /// The named edition, or the workspace's default one.
    static func edition(_ id: String?, in workspace: Workspace) throws -> EditionIndex {
        let context = CheckContext(source: workspace.workTree)
        guard let editionID = id ?? context.configuration?.defaultEdition else {
            throw PlanBenchError.usage("no edition given and planbench.yaml names no defaultEdition; pass --edition")
        }
        guard let index = context.edition(editionID) else {
            let available = (try? workspace.workTree.paths(in: WorkspaceLayout.guidelinesFolder))?
                .compactMap { path -> String? in
                    guard let doc = context.document(at: path), DocumentKind.of(doc, at: path) == .guidelineEdition else { return nil }
                    return WorkspaceLayout.idFromPath(path)
                } ?? []
            throw PlanBenchError.usage("no edition \"\(editionID)\" in guidelines/ (available: \(available.joined(separator: ", ")))")
        }
        return index
    }
}
