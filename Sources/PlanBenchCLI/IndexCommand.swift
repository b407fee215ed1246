import ArgumentParser
import Foundation
import PlanBench
import PlanDocument
import PlanIndex

/// `planbench index status|rebuild|path`: the SQLite index of the workspace's history.
struct IndexCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "index",
        abstract: "Show, rebuild or locate the workspace index (.planbench/index.sqlite).",
        discussion: """
            The index is a cache of git in SQLite: commits, every version of every document, plans, sections, citations, roles, tasks, reviews, findings and a full-text table. search, log --section, blame and sql read it. It is never committed and can always be rebuilt from git; commands bring it up to date before answering (only the new commits are read), and rebuild it when it is missing, damaged, of another branch or history, or of another schema version.

            Examples:
              planbench index status
              planbench index update
              planbench index rebuild
              sqlite3 "$(planbench index path)" 'SELECT * FROM head_citations LIMIT 5'
            """,
        subcommands: [IndexStatus.self, IndexUpdateCommand.self, IndexRebuild.self, IndexPath.self],
        defaultSubcommand: IndexStatus.self
    )
}

struct IndexStatus: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Say what the index reflects and whether it is current, without changing it.")

    @Option(help: "Output format.")
    var format: ReportFormat = .text

    @OptionGroup var workspaceOptions: WorkspaceOptions

    func run() throws {
        let workspace = try workspaceOptions.openWorkspace()
        let head = try workspace.head()
        let branch = try? workspace.branch()
        var state = IndexState()
        var counts: [(table: String, rows: Int)] = []
        var problem: String?
        if workspace.hasIndex {
            do {
                let store = try IndexStore.open(at: workspace.indexPath, readOnly: true)
                state = try store.state()
                if try store.isMigrated() { counts = try store.counts() } else { problem = "its schema needs migrating" }
            } catch {
                problem = "\(error)"
            }
        } else {
            problem = "there is none yet"
        }
        let current = problem == nil && state.isCurrentFormat && state.tip == head?.hex && state.branch == branch
        let size = (try? FileManager.default.attributesOfItem(atPath: workspace.indexPath)[.size] as? Int) ?? 0
        switch format {
        case .json:
            var node: Node = [
                "path": Node(workspace.indexPath), "current": Node(current), "branch": state.branch.map { Node($0) } ?? .null,
                "tip": state.tip.map { Node($0) } ?? .null, "head": head.map { Node($0.hex) } ?? .null, "bytes": Node(size),
            ]
            var tables: Node = [:]
            for (table, rows) in counts { tables[table] = Node(rows) }
            node["rows"] = tables
            if let problem { node["problem"] = Node(problem) }
            Terminal.print(JSONOutput.render(node))
        case .text:
            Terminal.print("index: \(workspace.indexPath) (\(size / 1024) KB)")
            if let problem {
                Terminal.print("not usable: \(problem); the next command that needs it builds it (or run planbench index rebuild)")
                return
            }
            Terminal.print("reflects: \(state.branch ?? "(no branch)") at \(state.tip.map { String($0.prefix(7)) } ?? "(nothing)")")
            Terminal.print(current ? "current: yes" : "current: no (\(branch ?? "(no branch)") is at \(head.map(\.shortHex) ?? "(nothing)")); the next command that reads it brings it up to date")
            for (table, rows) in counts { Terminal.print("  \(table): \(rows)") }
        }
    }
}

struct IndexRebuild: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rebuild", abstract: "Make the index again from git.")

    @Option(help: "Output format: text, or json ({message, seconds}).")
    var format: ReportFormat = .text

    @OptionGroup var workspaceOptions: WorkspaceOptions

    func run() throws {
        let workspace = try workspaceOptions.openWorkspace()
        let (_, update) = try workspace.updateIndex(rebuilding: "as asked")
        if format == .json { return IndexUpdateCommand.printJSON(update) }
        Terminal.print(update.message ?? "index: current")
    }
}

struct IndexUpdateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "update", abstract: "Bring the index up to date with the branch now (reading only new commits); say what it took.")

    @Option(help: "Output format: text, or json ({message, seconds}).")
    var format: ReportFormat = .text

    @OptionGroup var workspaceOptions: WorkspaceOptions

    func run() throws {
        let workspace = try workspaceOptions.openWorkspace()
        let (_, update) = try workspace.updateIndex()
        if format == .json { return Self.printJSON(update) }
        let took = String(format: "%.1f ms", update.seconds * 1000)
        Terminal.print((update.message ?? "index: current") + "; \(took)")
    }
}

extension IndexUpdateCommand {
    /// `{message, seconds}` of an update or rebuild.
    static func printJSON(_ update: IndexUpdate) {
        Terminal.print(JSONOutput.render(["message": Node(update.message ?? "index: current"), "seconds": Node(.number(update.seconds))] as Node))
    }
}

struct IndexPath: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "path", abstract: "Print the index file's path (for the sqlite3 shell).")

    @Option(help: "Output format: text, or json ({path}).")
    var format: ReportFormat = .text

    @OptionGroup var workspaceOptions: WorkspaceOptions

    func run() throws {
        let path = try workspaceOptions.openWorkspace().indexPath
        format == .json ? Terminal.print(JSONOutput.render(["path": Node(path)] as Node)) : Terminal.print(path)
    }
}

extension Workspace {
    /// The current index, printing one line on standard error when it had to be built or brought up to date.
    func indexForReading() throws -> IndexStore {
        try currentIndex(notice: { Terminal.printError($0) })
    }

    /// Runs `body` on the current index (rebuilt once if found damaged), saying on standard error what was done to it.
    func readingIndex<T>(_ body: (IndexStore) throws -> T) throws -> T {
        let started = Date()
        // PLANBENCH_TIMING=1: the time from opening the index to the answer, for Tools/bench-index.
        defer {
            if Invocation.current.environment["PLANBENCH_TIMING"] == "1" {
                Terminal.printError(String(format: "timing: %.2f ms", Date().timeIntervalSince(started) * 1000))
            }
        }
        do {
            return try withCurrentIndex(notice: { Terminal.printError($0) }, body)
        } catch let error as IndexError {
            switch error {
            case .notReadOnly, .invalidQuery: throw PlanBenchError.usage("\(error)")
            default: throw PlanBenchError.index("\(error)")
            }
        }
    }
}
