import ArgumentParser
import Foundation
import PlanBench

/// `planbench section add|move|rename|remove`: a plan's sections, edited in place.
struct SectionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "section",
        abstract: "Add, move, rename or remove a plan's sections in the work tree (--save commits at once).",
        discussion: """
            Each edit changes only the lines of the section it names: comments and layout elsewhere are kept byte for byte, and a moved section takes its text and comments with it. Ids are checked before anything is written, with the closest valid id suggested.

            Examples:
              planbench section add isr-2027 collection --title "Collection" --after overview --prose-file collection.txt
              planbench section add isr-2027 handover --title "Hand-over" --prose "Assets hand over through the ACM."
              planbench section move isr-2027 collection --first
              planbench section rename isr-2027 collection collection-plan
              planbench section remove isr-2027 collection-plan --save -m "Drop the collection section"
            """,
        subcommands: [SectionAdd.self, SectionMove.self, SectionRename.self, SectionRemove.self]
    )
}

struct SectionAdd: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "add", abstract: "Add a section (at the end unless --after or --first).")

    @Argument(help: "Plan id.") var plan: String
    @Argument(help: "Id of the new section: letters, digits, '.', '_' and '-'.") var id: String
    @Option(help: "Section title.") var title: String
    @Option(help: ArgumentHelp("Put it after this section.", valueName: "SECTION")) var after: String?
    @Flag(help: "Put it first.") var first = false
    @Option(help: "The section's prose.") var prose: String?
    @Option(help: ArgumentHelp("Read the section's prose from this file (- for standard input).", valueName: "FILE")) var proseFile: String?
    @OptionGroup var options: EditingOptions

    func validate() throws {
        if first && after != nil { throw ValidationError("give --after SECTION or --first, not both") }
        if prose != nil && proseFile != nil { throw ValidationError("give --prose TEXT or --prose-file FILE, not both") }
    }

    func run() throws {
        let workspace = try options.workspaceOptions.openWorkspace()
        var prose = self.prose.map { $0.hasSuffix("\n") || $0.isEmpty ? $0 : $0 + "\n" } ?? ""
        if let proseFile {
            let data: Data?
            if proseFile == "-" {
                data = FileHandle.standardInput.readDataToEndOfFile()
            } else {
                let path = proseFile.hasPrefix("/") ? proseFile : options.workspaceOptions.startDirectory + "/" + proseFile
                data = FileManager.default.contents(atPath: path)
            }
            guard let data, let text = String(data: data, encoding: .utf8) else {
                throw ValidationError("cannot read --prose-file \(proseFile) as UTF-8 text")
            }
            prose = text
        }
        let result = try workspace.addSection(
            plan: plan, id: id, title: title, after: after, first: first, prose: prose, save: try options.saveRequest(for: workspace))
        try options.report(result, workspace: workspace)
    }
}

struct SectionMove: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "move", abstract: "Move a section, with its text and comments, after another or first.")

    @Argument(help: "Plan id.") var plan: String
    @Argument(help: "Section to move.") var id: String
    @Option(help: ArgumentHelp("Put it after this section.", valueName: "SECTION")) var after: String?
    @Flag(help: "Put it first.") var first = false
    @OptionGroup var options: EditingOptions

    func validate() throws {
        guard (after != nil) != first else { throw ValidationError("say where: --after SECTION or --first") }
    }

    func run() throws {
        let workspace = try options.workspaceOptions.openWorkspace()
        let result = try workspace.moveSection(plan: plan, id: id, after: after, save: try options.saveRequest(for: workspace))
        try options.report(result, workspace: workspace)
    }
}

struct SectionRename: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rename", abstract: "Give a section a new id (its text and comments are kept).",
        discussion: """
            Open reviews whose findings name the section are updated with it (in the work tree, and in the same commit with --save), keeping every other byte of their records; closed reviews never change and keep the old id (the command says which).

            Examples:
              planbench section rename isr-2027 collection collection-plan
              planbench section rename isr-2027 collection collection-plan --save -m "Rename the collection section"
            """)

    @Argument(help: "Plan id.") var plan: String
    @Argument(help: "The section's id.") var id: String
    @Argument(help: "Its new id.") var newID: String
    @OptionGroup var options: EditingOptions

    func run() throws {
        let workspace = try options.workspaceOptions.openWorkspace()
        let result = try workspace.renameSection(plan: plan, id: id, to: newID, save: try options.saveRequest(for: workspace))
        try options.report(result, workspace: workspace)
    }
}

struct SectionRemove: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove", abstract: "Remove a section; refused while tasks in it are not done, unless --force.")

    @Argument(help: "Plan id.") var plan: String
    @Argument(help: "Section to remove.") var id: String
    @Flag(help: "Remove it even though tasks in it are not done.") var force = false
    @OptionGroup var options: EditingOptions

    func run() throws {
        let workspace = try options.workspaceOptions.openWorkspace()
        let result = try workspace.removeSection(plan: plan, id: id, force: force, save: try options.saveRequest(for: workspace))
        try options.report(result, workspace: workspace)
    }
}
