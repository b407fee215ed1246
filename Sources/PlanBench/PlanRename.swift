// Renaming a plan: the file moves, its id changes, and every document that
// names it and may still change does too, in one commit. The commit carries
// a `Renamed-from:` trailer that `log` follows into the plan's earlier life.
//
// Why a trailer rather than git's similarity-based rename detection: a
// rename commit also edits the plan (its id) and small plans change a large
// share of their lines in one revision, so similarity is a guess; the
// trailer is what planbench itself did, costs nothing to read while walking
// history, and is plain text any git tool shows (`git log --format=%B`).
import Foundation
import PlanDocument
import PlanGit
import PlanReview

/// What renaming a plan did.
public struct PlanRenameResult {
    public var from: String
    public var to: String
    public var oldPath: String
    public var newPath: String
    /// Other documents changed in the same commit (plans' `supersededBy`, open reviews).
    public var updated: [String]
    /// Closed reviews that name the old id: they never change, so they keep it.
    public var closedReviewsNamingOldID: [String]
    public var outcome: SaveOutcome
}

extension Workspace {
    /// The trailers that record a plan's earlier and later path in a rename commit.
    static let renamedFromTrailer = "Renamed-from:"
    static let renamedToTrailer = "Renamed-to:"

    /// Renames a plan and commits it: `plans/OLD.yaml` becomes
    /// `plans/NEW.yaml` with `id: NEW`; plans superseded by it and open
    /// reviews that name it are updated; closed reviews keep the old id.
    ///
    /// The commit is made from the branch's commit; the documents it
    /// changes must have no unsaved edits.
    public func renamePlan(_ planID: String, to newID: String, message: String?, author: Signature) throws -> PlanRenameResult {
        guard Identifier.isValid(planID) else { throw PlanBenchError.invalidIdentifier(planID, what: "plan") }
        guard Identifier.isValid(newID) else { throw PlanBenchError.invalidIdentifier(newID, what: "plan") }
        guard newID != planID else { throw PlanBenchError.usage("plan \(planID) already has that id") }
        guard !mergeInProgress else {
            throw PlanBenchError.mergeState("a merge is in progress: finish it (planbench conflicts, planbench merge --continue) before renaming")
        }
        let oldPath = WorkspaceLayout.planPath(id: planID)
        let newPath = WorkspaceLayout.planPath(id: newID)
        var updated: [String] = []
        var closed: [String] = []
        let text = (message ?? "Rename plan \(planID) to \(newID)") + "\n\n\(Self.renamedFromTrailer) \(oldPath)\n\(Self.renamedToTrailer) \(newPath)\n"
        let outcome = try commitOnBranch(message: text, author: author, writeAll: true) { parent in
            guard let parent else { throw PlanBenchError.usage("the branch has no commits yet; save the plan first") }
            let source = RevisionSource(repository: repository, commit: parent)
            guard let bytes = try source.bytes(at: oldPath) else {
                let known = try source.paths(in: WorkspaceLayout.plansFolder).map(WorkspaceLayout.idFromPath)
                let unsaved = try workTree.bytes(at: oldPath) != nil
                throw PlanBenchError.usage(
                    unsaved
                        ? "plan \(planID) is not saved yet; save it first (planbench save -m MSG \(oldPath))"
                        : "no plan \"\(planID)\" on this branch" + Self.suggestion(for: planID, in: known))
            }
            if try source.bytes(at: newPath) != nil || workTree.bytes(at: newPath) != nil {
                throw PlanBenchError.usage("a plan \(newID) already exists (\(newPath)); choose another id")
            }
            var changes: [String: [UInt8]?] = [oldPath: nil]
            let plan = try parseOrReport(bytes, path: oldPath)
            var renamed = plan
            renamed["id"] = Node(.string(newID))
            changes[newPath] = DocumentEditing.bytes(of: renamed, replacing: plan, in: bytes, path: newPath)
            // Plans it supersedes name it as their successor.
            for path in try source.paths(in: WorkspaceLayout.plansFolder) where DocumentKind.forPath(path) == .plan && path != oldPath {
                guard let other = try source.bytes(at: path), let node = try? DocumentReading.parse(other, path: path),
                    node["supersededBy"]?.string == planID
                else { continue }
                var edited = node
                edited["supersededBy"] = Node(.string(newID))
                changes[path] = DocumentEditing.bytes(of: edited, replacing: node, in: other, path: path)
            }
            // Open reviews: scope, findings' targets and evidence.
            closed = []
            for path in try source.paths(in: WorkspaceLayout.reviewsFolder) where DocumentKind.forPath(path) == .review {
                guard let bytes = try source.bytes(at: path) else { continue }
                var record = try Self.decodeReview(bytes, path: path)
                guard record.names(plan: planID) else { continue }
                if record.state == .closed {
                    closed.append(record.id)
                    continue
                }
                record.renamePlan(planID, to: newID, oldPath: oldPath, newPath: newPath)
                record.log.append(.init(at: Timestamp.iso8601(author), by: author.description, action: "rename-plan", note: "\(planID) renamed to \(newID)"))
                changes[path] = YAMLWriter.bytes(of: record.node)
            }
            try requireNoUnsavedChanges(Array(changes.keys), at: parent)
            updated = changes.keys.filter { $0 != oldPath && $0 != newPath }.sorted()
            return (changes, [])
        }
        return PlanRenameResult(
            from: planID, to: newID, oldPath: oldPath, newPath: newPath, updated: updated, closedReviewsNamingOldID: closed.sorted(),
            outcome: outcome)
    }

    /// Paths a commit says the file at one of its paths had before it
    /// (its `Renamed-from:` trailers).
    static func renamedFrom(_ commit: CommitInfo) -> [String] {
        renamedFrom(message: commit.message)
    }

    /// The `Renamed-from:` paths of a commit message.
    static func renamedFrom(message: String) -> [String] {
        trailers(renamedFromTrailer, in: message)
    }

    private static func trailers(_ name: String, in message: String) -> [String] {
        message.split(separator: "\n").compactMap { line in
            guard line.hasPrefix(name) else { return nil }
            let path = line.dropFirst(name.count).trimmingCharacters(in: .whitespaces)
            return path.isEmpty ? nil : path
        }
    }

    /// Documents renamed after `old` up to `new`: new path -> path at `old`
    /// (renames in a row composed), from the rename commits' trailers.
    func renames(after old: ObjectID, upTo new: ObjectID) throws -> [String: String] {
        var result: [String: String] = [:]
        let commits = try gitCall { try repository.log(from: new, excluding: [old]) }
        for commit in commits.reversed() {
            for (after, before) in Self.moves(in: commit.message).sorted(by: { $0.key < $1.key }) {
                result[after] = result.removeValue(forKey: before) ?? before
            }
        }
        return result
    }

    /// The moves a commit message records: new path -> old path, from its
    /// `Renamed-from:` and `Renamed-to:` trailers taken in pairs.
    static func moves(in message: String) -> [String: String] {
        let from = trailers(renamedFromTrailer, in: message)
        let to = trailers(renamedToTrailer, in: message)
        return Dictionary(zip(to, from).map { ($0, $1) }, uniquingKeysWith: { a, _ in a })
    }
}

extension ReviewRecord {
    /// Whether the record names a plan (in its scope or a finding's target).
    func names(plan: String) -> Bool {
        scope.contains(plan) || findings.contains { $0.target.plan == plan }
    }

    /// The record with a plan's old id replaced by its new one.
    mutating func renamePlan(_ old: String, to new: String, oldPath: String, newPath: String) {
        scope = scope.map { $0 == old ? new : $0 }
        for i in findings.indices {
            if findings[i].target.plan == old { findings[i].target.plan = new }
            if let location = findings[i].evidence.location, location == oldPath || location.hasPrefix(oldPath + ":") {
                findings[i].evidence.location = newPath + location.dropFirst(oldPath.count)
            }
        }
    }
}
