// Composing a review's report: the record as committed on the current
// branch, the plans in its scope as committed at its baseline, the previous
// closed review's baseline diffed to this one's, and the trend of reviews
// over the same plans. `PlanReport` renders what this composes.
import Foundation
import PlanDiff
import PlanDocument
import PlanGit
import PlanReport
import PlanReview

extension Workspace {
    /// The report of review `id`, as committed on the current branch.
    ///
    /// Heatmap cells come from the plans at the record's baseline (HEAD when
    /// the record has none) and the record's own findings: a cell is
    /// contradicted or suspect when the record holds a role-contradiction or
    /// suspect-citation finding, not resolved, for that plan and section;
    /// covered when the plan cites the section; empty when it does not. A
    /// section no plan in scope cites (nor any section below it) is
    /// uncovered, or not applicable when its uncovered-section finding was
    /// disposed so (or, with no such finding, a closed review found it so).
    ///
    /// The previous review is the latest closed review, other than this one,
    /// whose scope overlaps this one's and that closed no later than this one
    /// opened; the plans in scope are diffed from its baseline to this one's.
    ///
    /// - Parameter generated: The report's date (`2026-11-26`); remediation
    ///   deadlines before it are overdue.
    /// - Throws: ``PlanBenchError`` when there is no such review, or a plan
    ///   or the edition cannot be read.
    public func reviewReport(id: String, generated: String) throws -> ReviewReport {
        guard Identifier.isValid(id) else { throw PlanBenchError.invalidIdentifier(id, what: "review") }
        guard let head = try head() else { throw PlanBenchError.usage("the branch has no commits yet; there is no review \(id)") }
        let records = try reviews()
        guard let record = records.first(where: { $0.id == id }) else {
            _ = try review(id, at: head)  // throws the message that lists the reviews there are
            throw PlanBenchError.usage("no review \(id) on this branch")
        }
        let plansCommit = record.baseline.isEmpty ? head : try commit(record.baseline, what: "review \(id)'s baseline")
        let source = RevisionSource(repository: repository, commit: plansCommit)
        let context = CheckContext(source: source)
        guard let edition = context.edition(record.edition) else {
            throw PlanBenchError.usage("edition \(record.edition) of review \(id) is not in the workspace at \(plansCommit.shortHex) (\(EditionIndex.path(for: record.edition)))")
        }
        let current = CheckContext(source: RevisionSource(repository: repository, commit: head)).configuration

        // The fingerprint hashes every finding (about a fifth of the work at
        // 20,000 findings); it needs nothing else, so it runs meanwhile.
        let fingerprinting = DispatchGroup()
        let fingerprintResult = Locked("")
        DispatchQueue.global().async(group: fingerprinting) {
            let value = Self.contentFingerprint(of: record)
            fingerprintResult.withLock { $0 = value }
        }
        let plans = try reportPlans(record, edition: edition, at: plansCommit, context: context)
        let sections = try reportSections(record, edition: edition, plans: plans, source: source)

        let scope = Set(record.scope)
        let overlapping = records.filter { $0.id != record.id && !scope.isDisjoint(with: $0.scope) }
        let previous = overlapping.filter { $0.state == .closed && ($0.closed ?? "") <= record.opened }
            .max { ($0.closed ?? "", $0.opened, $0.id) < ($1.closed ?? "", $1.opened, $1.id) }
        let trend = (overlapping + [record]).sorted { ($0.opened, $0.id) < ($1.opened, $1.id) }
            .map { ReviewReport.TrendRow($0, isThisReview: $0.id == record.id) }
        let changes = try changes(since: previous, to: record)
        fingerprinting.wait()
        let fingerprint = fingerprintResult.withLock { $0 }

        return ReviewReport(
            record: record, workspace: current?.name ?? context.configuration?.name ?? "workspace",
            edition: .init(id: edition.id, title: edition.document["title"]?.string ?? edition.id),
            sections: sections, plans: plans, plansCommit: plansCommit.hex, plansAreAtBaseline: !record.baseline.isEmpty,
            contentFingerprint: fingerprint,
            signOffs: record.signoffs.map { .init(signOff: $0, isCurrent: record.isCurrent($0, fingerprint: fingerprint)) },
            parties: current?.parties ?? [], changes: changes, trend: trend, generated: generated)
    }

    /// The commit a record names, or an error that says which record.
    private func commit(_ hex: String, what: String) throws -> ObjectID {
        do { return try resolve(hex) } catch {
            throw PlanBenchError.usage("\(what), \(hex.prefix(12)), is not a commit of this repository (was its history rewritten?)")
        }
    }

    /// The plans in scope with their cells: cited sections of the review's
    /// edition, then the record's unresolved contradictions and suspect
    /// citations over them.
    private func reportPlans(
        _ record: ReviewRecord, edition: EditionIndex, at commit: ObjectID, context: CheckContext
    ) throws -> [ReviewReport.Plan] {
        let summaries = try planFacts(record.scope.map(WorkspaceLayout.planPath(id:)), at: commit)
        var plans = zip(record.scope, summaries).map { id, summary -> ReviewReport.Plan in
            guard let summary else { return ReviewReport.Plan(id: id, title: "", status: "", cells: [:], isMissing: true) }
            var cells: [String: ReviewReport.CellState] = [:]
            for section in summary.citedSections(of: record.edition) where edition.sections[section] != nil {
                cells[section] = .covered
            }
            return ReviewReport.Plan(id: id, title: summary.title ?? "", status: summary.status ?? "", cells: cells)
        }
        let index = Dictionary(record.scope.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        for finding in record.findings where finding.status != .resolved {
            let state: ReviewReport.CellState
            switch finding.kind {
            case .roleContradiction: state = .contradicted
            case .suspectCitation: state = .suspect
            default: continue
            }
            guard let plan = finding.target.plan.flatMap({ index[$0] }), !plans[plan].isMissing,
                let section = finding.target.guidelineSection, (finding.target.edition ?? record.edition) == record.edition,
                edition.sections[section] != nil
            else { continue }
            plans[plan].cells[section] = max(plans[plan].cells[section] ?? state, state)
        }
        return plans
    }

    /// The edition's sections with their coverage by the plans in scope.
    private func reportSections(
        _ record: ReviewRecord, edition: EditionIndex, plans: [ReviewReport.Plan], source: DocumentSource
    ) throws -> [ReviewReport.Section] {
        // Covered: cited, or above a cited section.
        var covered = Set<String>()
        for plan in plans {
            for section in plan.cells.keys {
                var current: String? = section
                while let id = current, covered.insert(id).inserted { current = edition.sections[id]?.parent }
            }
        }
        var foundUncovered = Set<String>()
        var disposedNotApplicable = Set<String>()
        for finding in record.findings where finding.kind == .uncoveredSection && (finding.target.edition ?? record.edition) == record.edition {
            guard let section = finding.target.guidelineSection else { continue }
            foundUncovered.insert(section)
            if finding.status == .notApplicable { disposedNotApplicable.insert(section) }
        }
        // A closed review's not-applicable decision is why the checks did not find a section at all.
        let earlier = try notApplicableSections(edition: record.edition, in: source, today: record.opened, excluding: record.id)
        var children: [String: [String]] = [:]
        for id in edition.order { if let parent = edition.sections[id]?.parent { children[parent, default: []].append(id) } }
        func notApplicable(_ id: String) -> Bool {
            if let below = children[id] { return below.allSatisfy(notApplicable) }
            return disposedNotApplicable.contains(id) || (!foundUncovered.contains(id) && earlier[id] != nil)
        }
        return edition.order.map { id in
            let coverage: ReviewReport.Section.Coverage = covered.contains(id) ? .cited : (notApplicable(id) ? .notApplicable : .uncovered)
            return ReviewReport.Section(
                id: id, title: edition.section(id)?["title"]?.string ?? "", depth: edition.sections[id]?.depth ?? 0, coverage: coverage)
        }
    }

    /// What changed in this review's plans since `previous`'s baseline.
    /// Only plans in both baselines are diffed: an added or deleted plan is
    /// listed as such (the report shows no edits for it), so a review over
    /// many more plans than the previous one does not parse them all.
    private func changes(since previous: ReviewRecord?, to record: ReviewRecord) throws -> ReviewReport.Changes {
        guard let previous else { return .init(basis: .noPreviousReview, plans: []) }
        guard !record.baseline.isEmpty else { return .init(basis: .noBaseline, plans: []) }
        guard !previous.baseline.isEmpty else {
            return .init(basis: .previousReviewWithoutBaseline(id: previous.id, closed: previous.closed), plans: [])
        }
        let from = try commit(previous.baseline, what: "review \(previous.id)'s baseline")
        let to = try commit(record.baseline, what: "review \(record.id)'s baseline")
        let old = try gitCall { try repository.files(in: from, under: WorkspaceLayout.plansFolder) }
        let new = try gitCall { try repository.files(in: to, under: WorkspaceLayout.plansFolder) }
        var plans: [ReviewReport.PlanChange] = []
        var modified: [String] = []
        for path in Set(record.scope.map(WorkspaceLayout.planPath(id:))).sorted() where old[path] != new[path] {
            if old[path] != nil && new[path] != nil {
                modified.append(path)
            } else {
                plans.append(.init(
                    plan: WorkspaceLayout.idFromPath(path), path: path, kind: old[path] == nil ? .added : .deleted, edits: [], groups: []))
            }
        }
        if !modified.isEmpty {
            for document in try diff(from: .revision(from.hex), to: .revision(to.hex), paths: modified).documents {
                plans.append(.init(
                    plan: WorkspaceLayout.idFromPath(document.path), path: document.path, kind: .modified, edits: document.edits,
                    groups: document.groups))
            }
        }
        plans.sort { $0.path < $1.path }
        return .init(basis: .previousReview(id: previous.id, baseline: previous.baseline, closed: previous.closed), plans: plans)
    }
}
