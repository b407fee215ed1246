// The review report as JSON, through the document model so keys keep their
// order: every value the HTML page shows, unaggregated (each section's
// citing plans by state, every plan in scope), for tools and scripts.
import PlanDiff
import PlanDocument
import PlanReview

/// Renders a ``ReviewReport`` as a document tree; write it with `JSONWriter`.
public enum ReviewReportJSON {
    /// The format tag, bumped when the shape changes.
    public static let format = "planbench-review-report/1"

    /// The report as a document tree.
    public static func node(_ report: ReviewReport) -> Node {
        let record = report.record
        var root: Node = ["format": Node(.string(format))]
        root["generated"] = text(report.generated)
        root["workspace"] = text(report.workspace)
        root["edition"] = ["id": text(report.edition.id), "title": text(report.edition.title)]
        root["plansCommit"] = text(report.plansCommit)
        root["plansAtBaseline"] = Node(.bool(report.plansAreAtBaseline))
        root["contentFingerprint"] = text(report.contentFingerprint)

        var review = record.node
        review["signoffs"] = Node(.sequence(report.signOffs.map { s in
            [
                "party": text(s.signOff.party), "name": text(s.signOff.name), "email": text(s.signOff.email),
                "meaning": text(s.signOff.meaning.rawValue), "at": text(s.signOff.at), "fingerprint": text(s.signOff.fingerprint),
                "current": Node(.bool(s.isCurrent)),
            ]
        }))
        root["review"] = review
        root["partiesNotConcurred"] = strings(report.partiesNotConcurred)

        var byState: [String: [ReviewReport.CellState: [String]]] = [:]
        for plan in report.plans {
            for (section, state) in plan.cells { byState[section, default: [:]][state, default: []].append(plan.id) }
        }
        root["coverage"] = [
            "sections": Node(.sequence(report.sections.map { section in
                let plans = byState[section.id] ?? [:]
                return [
                    "id": text(section.id), "title": text(section.title), "depth": Node(.integer(section.depth)),
                    "coverage": text(section.coverage.rawValue),
                    "covered": strings(plans[.covered] ?? []), "suspect": strings(plans[.suspect] ?? []),
                    "contradicted": strings(plans[.contradicted] ?? []),
                ]
            })),
            "plans": Node(.sequence(report.plans.map { plan in
                ["id": text(plan.id), "title": text(plan.title), "status": text(plan.status), "found": Node(.bool(!plan.isMissing))]
            })),
        ]
        root["actions"] = Node(.sequence(report.actionsByOwner.map { owner, findings in
            [
                "owner": text(owner),
                "findings": Node(.sequence(findings.map { f in
                    let deadline = f.remediation?.deadline ?? ""
                    return ["id": text(f.id), "deadline": text(deadline), "overdue": Node(.bool(deadline < report.generated))]
                })),
            ]
        }))
        root["changes"] = changes(report)
        root["trend"] = Node(.sequence(report.trend.map { row in
            let c = row.counts
            return [
                "review": text(row.review), "opened": text(row.opened), "closed": row.closed.map(text) ?? .null,
                "state": text(row.state.rawValue), "decision": row.decision.map { text($0.rawValue) } ?? .null,
                "findings": [
                    "total": Node(.integer(c.total)), "open": Node(.integer(c.open)), "remediating": Node(.integer(c.remediating)),
                    "resolved": Node(.integer(c.resolved)), "accepted": Node(.integer(c.accepted)),
                    "notApplicable": Node(.integer(c.notApplicable)), "stillOpen": Node(.integer(c.stillOpen)),
                    "closed": Node(.integer(c.closed)),
                ],
                "thisReview": Node(.bool(row.isThisReview)),
            ]
        }))
        return root
    }

    static func changes(_ report: ReviewReport) -> Node {
        let basis: Node
        switch report.changes.basis {
        case .previousReview(let id, let baseline, let closed):
            basis = ["kind": "previous-review", "review": text(id), "baseline": text(baseline), "closed": closed.map(text) ?? .null]
        case .previousReviewWithoutBaseline(let id, let closed):
            basis = ["kind": "previous-review-without-baseline", "review": text(id), "closed": closed.map(text) ?? .null]
        case .noPreviousReview:
            basis = ["kind": "no-previous-review"]
        case .noBaseline:
            basis = ["kind": "no-baseline"]
        }
        return [
            "basis": basis,
            "plans": Node(.sequence(report.changes.plans.map { plan in
                [
                    "plan": text(plan.plan), "path": text(plan.path), "change": text(plan.kind.rawValue),
                    "diff": JSONRenderer.node(plan.edits, groups: plan.groups),
                ]
            })),
        ]
    }

    private static func text(_ s: String) -> Node { Node(.string(s)) }
    private static func strings(_ list: [String]) -> Node { Node(.sequence(list.map(text))) }
}
