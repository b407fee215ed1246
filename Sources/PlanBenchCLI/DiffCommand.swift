import ArgumentParser
import Foundation
import PlanBench
import PlanDiff
import PlanDocument
import PlanGit

struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Show the structural differences between revisions: sections, roles, citations, prose word by word.",
        discussion: """
            With no revision, compares the work tree with HEAD; with one, the work tree with it; with two, the first with the second. Items with an id (sections, tasks) are matched by id, so a moved section is shown as a move.

            Formats: text (colour when writing to a terminal, unless NO_COLOR is set), json (an object with the revisions and, per document, a diff: Schemas/workspace-diff.schema.json), patch (an RFC 6902 JSON Patch turning the old document into the new; one document only), html (one self-contained side-by-side page).

            Examples:
              planbench diff                                   (uncommitted changes)
              planbench diff HEAD~3 HEAD --by-guideline
              planbench diff main...draft/us-review             (what the branch changed since it left main)
              planbench diff HEAD~5 HEAD -- maritime-security  (one plan, by id)
              planbench diff HEAD~1 HEAD --format patch
              planbench diff --editions jus-1997 jus-2015
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json, patch, html }

    @Argument(help: "The old revision (default HEAD), or with --editions the old edition.", completion: Completions.revisions)
    var first: String?

    @Argument(help: "The new revision (default: the work tree), or with --editions the new edition.", completion: Completions.revisions)
    var second: String?

    var revisions: [String] { [first, second].compactMap { $0 } }

    @Argument(parsing: .postTerminator, help: "Documents to compare (after --).")
    var paths: [String] = []

    @Option(help: "Output format.")
    var format: Format = .text

    @Flag(help: "Group changes under the Guideline sections they touch.")
    var byGuideline = false

    @Flag(help: "Compare two Guideline editions (the two arguments are edition ids) through their crosswalk.")
    var editions = false

    @OptionGroup var workspaceOptions: WorkspaceOptions

    func validate() throws {
        if editions {
            guard revisions.count == 2 else { throw ValidationError("--editions takes two edition ids, e.g. --editions jus-1997 jus-2015") }
            guard format == .text || format == .json else { throw ValidationError("--editions supports --format text or json") }
        }
    }

    func run() throws {
        let workspace = try workspaceOptions.openWorkspace()
        let useColor = Invocation.current.usesColor
        if editions {
            let comparison = try workspace.compareEditions(revisions[0], revisions[1])
            switch format {
            case .json: Terminal.print(JSONOutput.render(Self.json(comparison)))
            default: Invocation.current.console.writeOut(comparison.renderText(useColor: useColor))
            }
            return
        }
        var old: Workspace.DiffSide = revisions.first.map { .revision($0) } ?? .revision("HEAD")
        var new: Workspace.DiffSide = revisions.count == 2 ? .revision(revisions[1]) : .workTree
        // A...B: what B changed since it left A (git's three-dot range); A..B: A against B.
        if revisions.count == 1, let range = revisions[0].range(of: "...") {
            let a = String(revisions[0][..<range.lowerBound]), b = String(revisions[0][range.upperBound...])
            old = .revision(try workspace.mergeBase(of: a.isEmpty ? "HEAD" : a, and: b.isEmpty ? "HEAD" : b).hex)
            new = .revision(b.isEmpty ? "HEAD" : b)
        } else if revisions.count == 1, let range = revisions[0].range(of: "..") {
            let a = String(revisions[0][..<range.lowerBound]), b = String(revisions[0][range.upperBound...])
            old = .revision(a.isEmpty ? "HEAD" : a)
            new = .revision(b.isEmpty ? "HEAD" : b)
        }
        let relative = try paths.map { path in
            // A bare id stays an id (the workspace finds its document); anything else is a path.
            Identifier.isValid(path) && !path.hasSuffix(".yaml") ? path : try workspace.relativePath(path, from: workspaceOptions.startDirectory)
        }
        let diff = try workspace.diff(from: old, to: new, paths: relative.isEmpty ? nil : relative)
        let output = try Self.render(diff, format: format, byGuideline: byGuideline, useColor: useColor,
                                     titles: (format == .text || format == .html) && byGuideline ? Self.sectionTitles(in: workspace) : [:],
                                     sides: format == .html ? Self.sides(of: diff, in: workspace) : nil)
        Invocation.current.console.writeOut(output)
    }

    /// Section id -> title in the workspace's default edition, for group headings.
    static func sectionTitles(in workspace: Workspace) -> [String: String] {
        let context = CheckContext(source: workspace.workTree)
        guard let edition = context.configuration?.defaultEdition.flatMap(context.edition) else { return [:] }
        return edition.sections.compactMapValues { $0.node["title"]?.string }
    }

    /// The two revisions as the HTML page heads them: commit, author, date.
    static func sides(of diff: WorkspaceDiff, in workspace: Workspace) -> (old: HTMLRenderer.Side, new: HTMLRenderer.Side) {
        func side(_ label: String, _ commit: String?) -> HTMLRenderer.Side {
            guard let commit, let id = ObjectID(hex: commit), let info = try? workspace.repository.commitInfo(for: id) else {
                return HTMLRenderer.Side(label: label)
            }
            return HTMLRenderer.Side(label: label, commit: commit, author: info.author.name, date: Timestamp.iso8601(info.author))
        }
        return (side(diff.oldLabel, diff.oldCommit), side(diff.newLabel, diff.newCommit))
    }

    static func render(
        _ diff: WorkspaceDiff, format: Format, byGuideline: Bool, useColor: Bool, titles: [String: String],
        sides: (old: HTMLRenderer.Side, new: HTMLRenderer.Side)? = nil
    ) throws -> String {
        switch format {
        case .patch:
            guard diff.documents.count <= 1 else {
                throw PlanBenchError.usage("--format patch describes one document, but \(diff.documents.count) differ; name one after --, e.g. -- \(diff.documents[0].path)")
            }
            let patch = JSONPatch(edits: diff.documents.first?.edits ?? [])
            return JSONWriter.write(patch.node, pretty: true) + "\n"
        case .json:
            let documents = diff.documents.map { document -> Node in
                var entry: Node = ["path": Node(document.path), "change": Node(document.change.rawValue)]
                if let origin = document.renamedFrom { entry["renamedFrom"] = Node(origin) }
                entry["diff"] = JSONRenderer.node(document.edits, old: diff.oldLabel, new: diff.newLabel, groups: byGuideline ? document.groups : nil)
                if !document.suspectCitations.isEmpty {
                    entry["suspectCitations"] = Node(.mapping(.init(uniqueKeysWithValues: document.suspectCitations.sorted { $0.key < $1.key }.map { ($0.key, Node($0.value)) })))
                }
                return entry
            }
            var json: Node = ["format": "planbench-workspace-diff/1", "old": Node(diff.oldLabel), "new": Node(diff.newLabel)]
            if let commit = diff.oldCommit { json["oldCommit"] = Node(commit) }
            if let commit = diff.newCommit { json["newCommit"] = Node(commit) }
            json["documents"] = Node(.sequence(documents))
            return JSONWriter.write(json, pretty: true) + "\n"
        case .html:
            let parts = diff.documents.map { document -> HTMLRenderer.DocumentPart in
                var sectionTitles: [String: String] = [:]
                func collect(_ sections: [Node]) {
                    for section in sections {
                        if let id = section["id"]?.string, let title = section["title"]?.string { sectionTitles[id] = title }
                        collect(section["sections"]?.sequence ?? [])
                    }
                }
                for version in [document.old, document.new] { collect(version["sections"]?.sequence ?? []) }
                let change: HTMLRenderer.DocumentPart.Change = document.change == .added ? .added : (document.change == .deleted ? .deleted : .modified)
                return HTMLRenderer.DocumentPart(
                    path: document.path, title: (document.new["title"] ?? document.old["title"])?.string, change: change,
                    edits: document.edits, groups: byGuideline ? document.groups : nil,
                    document: change == .deleted ? document.old : (change == .added ? document.new : nil),
                    sectionTitles: sectionTitles, suspectCitations: document.suspectCitations)
            }
            let (old, new) = sides ?? (HTMLRenderer.Side(label: diff.oldLabel), HTMLRenderer.Side(label: diff.newLabel))
            return HTMLRenderer.render(documents: parts, old: old, new: new, guidelineTitles: titles)
        case .text:
            let renderer = TextRenderer(useColor: useColor)
            guard !diff.documents.isEmpty else { return "No differences between \(diff.oldLabel) and \(diff.newLabel).\n" }
            var out = ""
            if byGuideline {
                var bySection: [String?: [(WorkspaceDiff.Document, [Edit])]] = [:]
                for document in diff.documents {
                    for group in document.groups { bySection[group.section, default: []].append((document, group.edits)) }
                }
                let keys = bySection.keys.compactMap { $0 }.sorted(by: GuidelineGrouping.precedesInGuidelineOrder)
                for key in keys.map(Optional.some) + (bySection[nil] == nil ? [] : [nil]) {
                    out += Self.heading(key.map { "\($0)  \(titles[$0] ?? "")" } ?? "(no Guideline section)", useColor: useColor)
                    for (document, edits) in bySection[key]! {
                        if document.change == .modified {
                            out += "  \(document.path)\n" + Self.indent(renderer.render(edits), by: "    ")
                            if let key, let plans = document.suspectCitations[key], !plans.isEmpty {
                                out += "    citations made suspect: \(plans.joined(separator: "; "))\n"
                            }
                        } else {
                            out += "  \(document.path) (\(document.change.rawValue): \(Self.summary(of: document)))\n"
                        }
                    }
                }
            } else {
                for document in diff.documents {
                    out += Self.heading("\(document.path) (\(document.change.rawValue)\(document.renamedFrom.map { ", renamed from \($0)" } ?? ""))", useColor: useColor)
                    if document.change == .modified {
                        out += Self.indent(renderer.render(document.edits), by: "  ")
                    } else {
                        out += "  \(Self.summary(of: document))\n"
                    }
                }
            }
            return out
        }
    }

    /// One line for a whole document added or deleted: its title and size.
    static func summary(of document: WorkspaceDiff.Document) -> String {
        let node = document.change == .deleted ? document.old : document.new
        let title = node["title"]?.string.map { "\"\($0)\"" } ?? "untitled"
        let sections = node["sections"]?.sequence?.count ?? 0
        return "\(title), \(sections) section\(sections == 1 ? "" : "s")"
    }

    static func heading(_ text: String, useColor: Bool) -> String {
        useColor ? "\u{1B}[1m== \(text)\u{1B}[0m\n" : "== \(text)\n"
    }

    static func indent(_ text: String, by prefix: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.isEmpty ? "" : prefix + $0 }.joined(separator: "\n")
            + (text.hasSuffix("\n") ? "" : "\n")
    }

    /// The edit with its readable path prefixed by the document path, for pages covering several documents.
    static func prefixed(_ edit: Edit, with path: String) -> Edit {
        var copy = edit
        copy.path.insert(.key(path), at: 0)
        return copy
    }

    static func json(_ comparison: EditionComparison) -> Node {
        let changes = comparison.changes.map { change -> Node in
            [
                "relation": Node(change.relation.rawValue), "from": Node(change.from), "to": Node(change.to),
                "fromTitles": Node(change.fromTitles), "toTitles": Node(change.toTitles),
                "textChanged": Node(change.isTextChanged), "note": change.note.map { Node($0) } ?? .null,
            ]
        }
        return ["from": Node(comparison.fromEdition), "to": Node(comparison.toEdition), "changes": Node(.sequence(changes))]
    }
}

/// `git diff` calls this (diff.planbench.command) with
/// `path old-file old-hex old-mode new-file new-hex new-mode`.
struct GitDiffDriverCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "git-diff-driver",
        abstract: "Structural diff for `git diff` (set up by the git config line `planbench init` prints).",
        shouldDisplay: false
    )

    @Argument(help: "The arguments git passes to an external diff driver.")
    var arguments: [String]

    func validate() throws {
        guard arguments.count == 7 || arguments.count == 9 else {
            throw ValidationError("expected git's 7 external-diff arguments: path old-file old-hex old-mode new-file new-hex new-mode")
        }
    }

    func run() throws {
        let path = arguments[0]
        let oldBytes = Self.contents(arguments[1])
        let newBytes = Self.contents(arguments[4])
        let environment = Invocation.current.environment
        let useColor = (environment["NO_COLOR"] ?? "").isEmpty && (Invocation.current.console.isTerminal || environment["GIT_PAGER_IN_USE"] == "true")
        let parsed = (Self.parse(oldBytes, path: path), Self.parse(newBytes, path: path))
        guard case .success(let old) = parsed.0, case .success(let new) = parsed.1 else {
            // One unreadable side must not make all of `git diff` fail: show this
            // document's lines instead, saying why.
            let problem = [parsed.0, parsed.1].compactMap { result -> String? in
                if case .failure(let error) = result { return "\(error.message) at line \(error.position.line)" }
                return nil
            }.first ?? ""
            var out = DiffCommand.heading("\(path) (line diff: planbench cannot read it: \(problem))", useColor: useColor)
            out += Self.lineDiff(String(decoding: oldBytes, as: UTF8.self), String(decoding: newBytes, as: UTF8.self))
            Invocation.current.console.writeOut(out)
            return
        }
        let edits = StructuralDiff.diff(old, new)
        var out = DiffCommand.heading("\(path) (planbench structural diff)", useColor: useColor)
        out += edits.isEmpty ? "  (no structural change: layout or comments only)\n" : DiffCommand.indent(TextRenderer(useColor: useColor).render(edits), by: "  ")
        Invocation.current.console.writeOut(out)
    }

    static func contents(_ file: String) -> [UInt8] {
        guard file != "/dev/null", let data = FileManager.default.contents(atPath: file) else { return [] }
        return Array(data)
    }

    static func parse(_ bytes: [UInt8], path: String) -> Result<Node, DocumentError> {
        guard !bytes.isEmpty else { return .success(Node(.mapping([:]))) }
        do throws(DocumentError) { return .success(try DocumentReading.parse(bytes, path: path)) } catch { return .failure(error) }
    }

    /// A plain line diff (`-` old, `+` new, two-space context for unchanged lines
    /// next to a change), from the same alignment the structural diff uses.
    static func lineDiff(_ old: String, _ new: String) -> String {
        let a = old.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let b = new.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let pairs = SequenceAlignment.align(a, b)
        var out = ""
        var i = 0, j = 0
        for pair in pairs + [AlignedPair(old: a.count, new: b.count)] {
            while i < pair.old { out += "  - \(a[i])\n"; i += 1 }
            while j < pair.new { out += "  + \(b[j])\n"; j += 1 }
            if pair.old < a.count { i += 1; j += 1 }
        }
        return out.isEmpty ? "  (no line changed)\n" : out
    }
}
