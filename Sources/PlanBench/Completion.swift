import Foundation
import PlanDocument

/// Words a shell may complete: ids of what a workspace holds, read fresh at
/// completion time (the shell runs planbench for each completion).
public enum CompletionWords {
    /// The workspace named by `-C DIR` among `words`, else the one at or above `directory`.
    public static func workspace(words: [String], directory: String) -> Workspace? {
        var start = directory
        if let i = words.lastIndex(of: "-C"), i + 1 < words.count {
            let given = words[i + 1]
            start = given.hasPrefix("/") ? given : directory + "/" + given
        }
        return try? Workspace.open(at: start)
    }

    /// Plan ids in the work tree.
    public static func plans(in workspace: Workspace) -> [String] {
        ((try? workspace.workTree.paths(in: WorkspaceLayout.plansFolder)) ?? [])
            .filter { DocumentKind.forPath($0) == .plan }.map(WorkspaceLayout.idFromPath)
    }

    /// Review ids in the work tree.
    public static func reviews(in workspace: Workspace) -> [String] {
        ((try? workspace.workTree.paths(in: WorkspaceLayout.reviewsFolder)) ?? [])
            .filter { DocumentKind.forPath($0) == .review }.map(WorkspaceLayout.idFromPath)
    }

    /// Plan, edition and review ids.
    public static func documents(in workspace: Workspace) -> [String] {
        let editions = ((try? workspace.workTree.paths(in: WorkspaceLayout.guidelinesFolder)) ?? []).map(WorkspaceLayout.idFromPath)
        return plans(in: workspace) + editions + reviews(in: workspace)
    }

    /// Section ids of the workspace's default edition (or `--edition E` among `words`).
    public static func guidelineSections(in workspace: Workspace, words: [String]) -> [String] {
        let context = CheckContext(source: workspace.workTree)
        var edition = context.configuration?.defaultEdition ?? ""
        if let i = words.lastIndex(of: "--edition"), i + 1 < words.count { edition = words[i + 1] }
        return context.edition(edition)?.order ?? []
    }

    /// Branches, tags and `HEAD`.
    public static func revisions(in workspace: Workspace) -> [String] {
        ["HEAD"] + ((try? workspace.repository.branches()) ?? []) + ((try? workspace.repository.tags()) ?? [])
    }
}
