import ArgumentParser
import Foundation
import PlanBench

/// Shell completions for ids (`planbench --generate-completion-script bash|zsh|fish`;
/// `Tools/install` installs them). Each runs in a planbench process the shell
/// starts, in the shell's current directory.
enum Completions {
    private static func complete(_ list: @escaping @Sendable (Workspace, [String]) -> [String]) -> CompletionKind {
        .custom { words, _, prefix in
            guard let workspace = CompletionWords.workspace(words: words, directory: FileManager.default.currentDirectoryPath) else { return [] }
            return list(workspace, words).filter { $0.hasPrefix(prefix) }
        }
    }

    static let plans = complete { workspace, _ in CompletionWords.plans(in: workspace) }
    static let reviews = complete { workspace, _ in CompletionWords.reviews(in: workspace) }
    static let documents = complete { workspace, _ in CompletionWords.documents(in: workspace) }
    static let guidelineSections = complete { workspace, words in CompletionWords.guidelineSections(in: workspace, words: words) }
    static let revisions = complete { workspace, _ in CompletionWords.revisions(in: workspace) }
}
