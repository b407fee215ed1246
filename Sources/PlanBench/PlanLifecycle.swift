// A plan's status and the changes of it a person may make. Every change is
// its own commit, so the commit records who made it and when.
import PlanDiff
import PlanDocument
import PlanGit

/// A plan's lifecycle state (`status:`).
public enum PlanStatus: String, Sendable, CaseIterable {
    case draft
    case inReview = "in-review"
    case approved
    case superseded

    /// Why a person may not move a plan from `self` to `target`, or nil when they may.
    ///
    /// draft <-> in-review; approved -> in-review (a revision); draft,
    /// in-review or approved -> superseded; nothing leaves superseded, and
    /// approved is reached only through the two parties' approval.
    public func refusal(to target: PlanStatus, plan: String) -> String? {
        if self == target { return "plan \(plan) is already \(rawValue)" }
        switch (self, target) {
        case (_, .approved):
            return "a plan becomes approved only through the two-party approval, where a signer of each party approves the plan's revision; it is never set by hand"
        case (.superseded, _):
            return "plan \(plan) is superseded\u{2014}kept for the record\u{2014}and cannot change status; draft its successor instead (planbench new plan ID)"
        case (.draft, .inReview), (.inReview, .draft), (.approved, .inReview), (_, .superseded):
            return nil
        case (.approved, .draft):
            return "an approved plan goes back to in-review for a revision (planbench status \(plan) in-review), not to draft"
        default:
            return "plan \(plan) cannot go from \(rawValue) to \(target.rawValue)"
        }
    }
}

extension Workspace {
    /// Moves a plan to another status and commits it at once (with the
    /// file's unsaved changes, if any): the commit records who and when.
    /// `superseded` needs `successor`, another existing plan, recorded in
    /// `supersededBy`; the plan then leaves coverage.
    public func changeStatus(
        plan planID: String, to target: PlanStatus, successor: String?, message: String?, author: Signature
    ) throws -> PlanEditResult {
        if target != .superseded, let successor {
            throw PlanBenchError.usage("--by \(successor) goes with superseded only")
        }
        let plan = try editablePlan(planID)
        let current = plan.tree["status"]?.string.flatMap(PlanStatus.init(rawValue:))
        if let current, let refusal = current.refusal(to: target, plan: planID) {
            throw PlanBenchError.usage(refusal)
        }
        if target == .superseded {
            guard let successor else {
                throw PlanBenchError.usage("a superseded plan names the plan that replaces it: planbench status \(planID) superseded --by PLAN")
            }
            guard successor != planID else { throw PlanBenchError.usage("a plan cannot supersede itself; --by names the plan that replaces \(planID)") }
            let other = try editablePlan(successor)
            if other.tree["status"]?.string == PlanStatus.superseded.rawValue {
                let next = other.tree["supersededBy"]?.string
                throw PlanBenchError.usage("plan \(successor) is itself superseded\(next.map { " (by \($0))" } ?? ""); name the plan in force")
            }
        }
        let from = current?.rawValue ?? "(none)"
        let summary = "\(planID): \(from) -> \(target.rawValue)" + (successor.map { " (superseded by \($0))" } ?? "")
        let request = SaveRequest(message: message ?? "Status of \(planID): \(from) -> \(target.rawValue)" + (successor.map { ", superseded by \($0)" } ?? ""), author: author)
        var result = try editPlan(planID, save: request) { tree, _ in
            tree["status"] = Node(.string(target.rawValue))
            if let successor {
                tree = DocumentEditing.setting("supersededBy", to: Node(.string(successor)), in: tree, after: ["status"])
            }
            return EditOutcome(summary: summary)
        }
        if target == .superseded {
            result.notes.append("\(planID) no longer counts towards coverage; \(successor!) carries it")
        }
        return result
    }
}
