import Foundation
import PlanDocument
import PlanGit

/// Replays `Plans/history.yaml` from the embedded corpus as commits, so an
/// example workspace has a realistic history: several authors and dates,
/// and a second branch with a concurrent draft.
///
/// Each step names its author, date, message, branch (default `main`; a new
/// branch starts at the step labelled `from`, else at main), an optional
/// `label`, the `files` it writes (workspace path -> corpus path) and the
/// paths it deletes. Every step is checked like a save.
struct ExampleHistory {
    let corpus: [String: String]

    static let manifestPath = "history.yaml"

    func replay(into workspace: Workspace, scaffold: [String: [UInt8]?]) throws {
        guard let manifestText = corpus[Self.manifestPath] else {
            throw PlanBenchError.usage("the embedded corpus has no \(Self.manifestPath); rebuild planbench after Tools/embed-resources")
        }
        let manifest: Node
        do {
            manifest = try YAMLReader().read(manifestText)
        } catch {
            throw PlanBenchError.invalidDocuments([Diagnostic(file: "Plans/\(Self.manifestPath)", documentError: error)])
        }
        let steps = manifest.sequence ?? manifest["steps"]?.sequence ?? []
        var labels: [String: ObjectID] = [:]
        var isFirst = true
        for (index, step) in steps.enumerated() {
            let place = "Plans/\(Self.manifestPath) step \(index + 1)"
            let branch = step["branch"]?.string ?? "main"
            let reference = "refs/heads/\(branch)"
            var parent = try workspace.gitCall { try workspace.repository.referenceTarget(reference) }
            if parent == nil, branch != "main" {
                if let from = step["from"]?.string {
                    guard let labelled = labels[from] else {
                        throw PlanBenchError.usage("\(place): `from: \(from)` names no earlier label")
                    }
                    parent = labelled
                } else {
                    parent = try workspace.gitCall { try workspace.repository.referenceTarget("refs/heads/main") }
                }
                if let parent {
                    try workspace.gitCall {
                        try workspace.repository.updateReference(reference, to: parent, expected: nil, message: "branch: created from example history")
                    }
                }
            }
            var changes: [String: [UInt8]?] = isFirst ? scaffold : [:]
            isFirst = false
            for (target, sourceNode) in step["files"]?.mapping ?? [:] {
                guard let sourcePath = sourceNode.string, let text = corpus[sourcePath] else {
                    throw PlanBenchError.usage("\(place): corpus file \(sourceNode.string ?? "?") for \(target) is not embedded")
                }
                changes[target] = Array(text.utf8)
            }
            for node in step["delete"]?.sequence ?? [] {
                if let path = node.string { changes[path] = .some(nil) }
            }
            let author = try AuthorResolution.parse(step["author"]?.string ?? "", date: try Self.date(step["date"], place: place))
            var signature = author
            signature.timeZoneOffsetMinutes = Self.offsetMinutes(step["date"]?.string ?? "") ?? 0
            let result = try workspace.commitDocuments(
                changes, onto: parent, reference: reference,
                message: step["message"]?.string ?? "Example history step \(index + 1)", author: signature)
            if let label = step["label"]?.string { labels[label] = result.commit }
        }
    }

    static func date(_ node: Node?, place: String) throws -> Date {
        guard let text = node?.string else { return Date() }
        let formatter = ISO8601DateFormatter()
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withFullDate]
        if let date = formatter.date(from: text) { return date }
        throw PlanBenchError.usage("\(place): date \"\(text)\" is not ISO 8601 (2025-05-12T09:30:00+09:00)")
    }

    /// The UTC offset in minutes written at the end of an ISO 8601 date-time.
    static func offsetMinutes(_ text: String) -> Int? {
        if text.hasSuffix("Z") { return 0 }
        guard text.count >= 6 else { return nil }
        let tail = text.suffix(6)
        guard let sign = tail.first, sign == "+" || sign == "-",
            let hours = Int(tail.dropFirst().prefix(2)), let minutes = Int(tail.suffix(2))
        else { return nil }
        return (sign == "-" ? -1 : 1) * (hours * 60 + minutes)
    }
}
