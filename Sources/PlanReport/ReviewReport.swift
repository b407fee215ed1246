// The review report's input: everything the HTML, Markdown and JSON
// renderers show, as plain values the workspace composes from a committed
// record, the plans at its baseline and the previous closed review. Pure: no
// git, no files; every string in here may come from an untrusted document.
import PlanDiff
import PlanReview

/// What a review report shows: the record, how the plans in scope cover the
/// edition's sections, what changed since the previous closed review, the
/// trend across reviews, and whether each sign-off is still current.
///
/// Build it with `Workspace.reviewReport(id:generated:)`, then render it
/// with ``ReviewReportHTML/render(_:)``, ``ReviewReportMarkdown/render(_:)``
/// or ``ReviewReportJSON/node(_:)``.
public struct ReviewReport: Sendable {
    /// The record as committed.
    public var record: ReviewRecord
    /// The workspace's name (`name:` in planbench.yaml).
    public var workspace: String
    /// The edition the plans are reviewed against.
    public var edition: Edition
    /// The edition's sections in document order, each with its coverage.
    public var sections: [Section]
    /// The plans in scope, in the record's scope order.
    public var plans: [Plan]
    /// Where the plans were read: the record's baseline, or HEAD when the
    /// record has none (a record written outside planbench).
    public var plansCommit: String
    /// Whether ``plansCommit`` is the record's baseline.
    public var plansAreAtBaseline: Bool
    /// ``ReviewRecord/signedContent``'s fingerprint now; a sign-off with
    /// another one is outdated.
    public var contentFingerprint: String
    /// Every sign-off, in the record's order, with its currency.
    public var signOffs: [SignOffStatus]
    /// The workspace's parties, so the report can say who has not concurred.
    public var parties: [String]
    /// What changed in the plans since the previous closed review.
    public var changes: Changes
    /// Reviews whose scope overlaps this one's, oldest first, this one included.
    public var trend: [TrendRow]
    /// The date the report was made (`2026-11-26`); deadlines before it are overdue.
    public var generated: String

    public init(
        record: ReviewRecord, workspace: String, edition: Edition, sections: [Section], plans: [Plan],
        plansCommit: String, plansAreAtBaseline: Bool, contentFingerprint: String, signOffs: [SignOffStatus],
        parties: [String], changes: Changes, trend: [TrendRow], generated: String
    ) {
        self.record = record
        self.workspace = workspace
        self.edition = edition
        self.sections = sections
        self.plans = plans
        self.plansCommit = plansCommit
        self.plansAreAtBaseline = plansAreAtBaseline
        self.contentFingerprint = contentFingerprint
        self.signOffs = signOffs
        self.parties = parties
        self.changes = changes
        self.trend = trend
        self.generated = generated
    }

    /// A Guideline edition, by id and title.
    public struct Edition: Sendable, Equatable {
        public var id: String
        public var title: String

        public init(id: String, title: String) {
            self.id = id
            self.title = title
        }
    }

    /// One section of the edition and whether the plans in scope cover it.
    public struct Section: Sendable, Equatable {
        /// How the plans in scope, taken together, cover a section.
        public enum Coverage: String, Sendable, CaseIterable {
            /// A plan cites it, or one of its sub-sections.
            case cited
            /// No plan in scope cites it or anything below it.
            case uncovered
            /// Uncovered, and a review found that it does not apply.
            case notApplicable = "not-applicable"
        }

        public var id: String
        public var title: String
        /// 0 for a top-level section.
        public var depth: Int
        public var coverage: Coverage

        public init(id: String, title: String, depth: Int, coverage: Coverage) {
            self.id = id
            self.title = title
            self.depth = depth
            self.coverage = coverage
        }
    }

    /// A heatmap cell's colour: how one plan stands to one section.
    ///
    /// Cases are ordered from least to most serious, so `max()` of a group
    /// of cells is its worst state.
    public enum CellState: String, Sendable, CaseIterable, Comparable {
        /// The section is uncovered, but a review found it does not apply.
        case notApplicable = "not-applicable"
        /// The plan cites the section.
        case covered
        /// No plan in scope cites the section.
        case uncovered
        /// The plan's citation is pinned to an earlier text of the section.
        case suspect
        /// The plan's roles contradict the section's role statements.
        case contradicted

        private var rank: Int { Self.allCases.firstIndex(of: self)! }
        public static func < (a: CellState, b: CellState) -> Bool { a.rank < b.rank }

        /// Words for a legend or a table.
        public var label: String {
            switch self {
            case .notApplicable: "not applicable"
            default: rawValue
            }
        }
    }

    /// A plan in scope and its cells, by section id; a section the plan
    /// does not cite has no entry (an empty cell).
    public struct Plan: Sendable, Equatable {
        public var id: String
        public var title: String
        /// The plan's `status` (draft, approved, ...).
        public var status: String
        /// Section id -> state, for the sections of the edition this plan cites.
        public var cells: [String: CellState]
        /// The plan is in the scope but was not found where the plans were read.
        public var isMissing: Bool

        public init(id: String, title: String, status: String, cells: [String: CellState], isMissing: Bool = false) {
            self.id = id
            self.title = title
            self.status = status
            self.cells = cells
            self.isMissing = isMissing
        }
    }

    /// A sign-off and whether it still covers the record's content.
    public struct SignOffStatus: Sendable, Equatable {
        public var signOff: ReviewRecord.SignOff
        public var isCurrent: Bool

        public init(signOff: ReviewRecord.SignOff, isCurrent: Bool) {
            self.signOff = signOff
            self.isCurrent = isCurrent
        }
    }

    /// What changed in the plans in scope since the previous closed review's baseline.
    public struct Changes: Sendable {
        /// What the changes are measured against.
        public enum Basis: Sendable, Equatable {
            /// The previous closed review's baseline, diffed to this review's.
            case previousReview(id: String, baseline: String, closed: String?)
            /// The previous closed review has no baseline commit to diff from.
            case previousReviewWithoutBaseline(id: String, closed: String?)
            /// No closed review before this one has an overlapping scope.
            case noPreviousReview
            /// This review has no baseline commit to diff to.
            case noBaseline
        }

        public var basis: Basis
        /// The plans that differ, in path order; empty when nothing changed
        /// or there is nothing to compare.
        public var plans: [PlanChange]

        public init(basis: Basis, plans: [PlanChange]) {
            self.basis = basis
            self.plans = plans
        }
    }

    /// One plan that differs between the two baselines.
    public struct PlanChange: Sendable {
        public enum Kind: String, Sendable { case added, deleted, modified }

        public var plan: String
        public var path: String
        public var kind: Kind
        /// Every edit, in the diff's order.
        public var edits: [Edit]
        /// The edits grouped by the Guideline sections they touch.
        public var groups: [GuidelineGroup]

        public init(plan: String, path: String, kind: Kind, edits: [Edit], groups: [GuidelineGroup]) {
            self.plan = plan
            self.path = path
            self.kind = kind
            self.edits = edits
            self.groups = groups
        }
    }

    /// One review in the trend.
    public struct TrendRow: Sendable, Equatable {
        public var review: String
        public var opened: String
        public var closed: String?
        public var state: ReviewRecord.State
        public var decision: ReviewRecord.Decision?
        public var counts: FindingCounts
        /// The row of the review this report is about.
        public var isThisReview: Bool

        public init(
            review: String, opened: String, closed: String?, state: ReviewRecord.State, decision: ReviewRecord.Decision?,
            counts: FindingCounts, isThisReview: Bool
        ) {
            self.review = review
            self.opened = opened
            self.closed = closed
            self.state = state
            self.decision = decision
            self.counts = counts
            self.isThisReview = isThisReview
        }

        /// The row for a record.
        public init(_ record: ReviewRecord, isThisReview: Bool) {
            self.init(
                review: record.id, opened: record.opened, closed: record.closed, state: record.state, decision: record.decision,
                counts: FindingCounts(record.findings), isThisReview: isThisReview)
        }
    }

    /// Findings counted by status.
    public struct FindingCounts: Sendable, Equatable {
        public var open = 0
        public var remediating = 0
        public var resolved = 0
        public var accepted = 0
        public var notApplicable = 0

        public init(_ findings: [Finding]) {
            for finding in findings { count(finding.status) }
        }

        /// Counts one more finding with `status`.
        public mutating func count(_ status: Finding.Status) {
            switch status {
            case .open: open += 1
            case .remediating: remediating += 1
            case .resolved: resolved += 1
            case .accepted: accepted += 1
            case .notApplicable: notApplicable += 1
            }
        }

        public var total: Int { open + remediating + resolved + accepted + notApplicable }
        /// Findings that still need something done: not disposed, or being fixed.
        public var stillOpen: Int { open + remediating }
        /// Findings settled: fixed, accepted, or found not to apply.
        public var closed: Int { resolved + accepted + notApplicable }

        /// `21,463: 21,400 open, 63 remediating, 0 resolved, 0 accepted, 0 not applicable`.
        public var summary: String {
            let n = Numbers.grouped
            return "\(n(total)): \(n(open)) open, \(n(remediating)) remediating, \(n(resolved)) resolved, \(n(accepted)) accepted, \(n(notApplicable)) not applicable"
        }
    }
}

extension ReviewReport {
    /// Remediations, by owner (in order of the first deadline), each owner's
    /// actions by deadline, then finding id.
    public var actionsByOwner: [(owner: String, findings: [Finding])] {
        var byOwner: [String: [Finding]] = [:]
        for finding in record.findings where finding.status == .remediating {
            byOwner[finding.remediation?.owner ?? "(no owner)", default: []].append(finding)
        }
        return byOwner.map { owner, findings in
            (owner, findings.sorted { ($0.remediation?.deadline ?? "", $0.id) < ($1.remediation?.deadline ?? "", $1.id) })
        }.sorted { a, b in
            let x = a.findings.first?.remediation?.deadline ?? "", y = b.findings.first?.remediation?.deadline ?? ""
            return (x, a.owner) < (y, b.owner)
        }
    }

    /// Section id -> title, for labels.
    public var sectionTitles: [String: String] {
        Dictionary(sections.map { ($0.id, $0.title) }, uniquingKeysWith: { a, _ in a })
    }

    /// The parties with no current `concurred` sign-off.
    public var partiesNotConcurred: [String] {
        parties.filter { party in
            !signOffs.contains { $0.isCurrent && $0.signOff.party == party && $0.signOff.meaning == .concurred }
        }
    }

    /// Every log entry worth auditing, oldest first: the record's own log,
    /// and each finding's entries except a computed finding's `found` (the
    /// record's `open` or `refresh` entry says when checks found it).
    public var auditLog: [(finding: String?, entry: ReviewRecord.LogEntry)] {
        var entries: [(finding: String?, entry: ReviewRecord.LogEntry)] = record.log.map { (nil, $0) }
        for finding in record.findings {
            for entry in finding.log where !(finding.isComputed && entry.action == "found") {
                entries.append((finding.id, entry))
            }
        }
        // Stable: entries of the same moment keep the record's order.
        let keyed = entries.enumerated().map { (key: TimestampOrder.sortKey($0.element.entry.at), index: $0.offset, value: $0.element) }
        return keyed.sorted { ($0.key, $0.index) < ($1.key, $1.index) }.map(\.value)
    }
}

/// Counts as people read them: `10,010`.
enum Numbers {
    static func grouped(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = n < 0 ? "-" : ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out += "," }
            out.append(c)
        }
        return out
    }
}

/// Orders ISO 8601 date-times written with different offsets.
enum TimestampOrder {
    /// `2026-11-26T10:15:00+09:00` as seconds since 0001-01-01 UTC (as a
    /// decimal string padded to sort as text); text that is not such a time
    /// sorts by itself after every time.
    static func sortKey(_ text: String) -> String {
        let u = Array(text.utf8)
        func number(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= u.count else { return nil }
            var n = 0
            for i in range {
                guard (48...57).contains(u[i]) else { return nil }
                n = n * 10 + Int(u[i] - 48)
            }
            return n
        }
        guard u.count >= 19, let y = number(0..<4), let mo = number(5..<7), let d = number(8..<10), let h = number(11..<13),
            let mi = number(14..<16), let s = number(17..<19), (1...12).contains(mo)
        else { return "~" + text }
        // Offset: after optional fractional seconds; `Z` or none is UTC.
        var i = 19
        if i < u.count, u[i] == UInt8(ascii: ".") {
            i += 1
            while i < u.count, (48...57).contains(u[i]) { i += 1 }
        }
        var offset = 0
        if i < u.count, u[i] == UInt8(ascii: "+") || u[i] == UInt8(ascii: "-"), let oh = number(i + 1..<i + 3), let om = number(i + 4..<i + 6) {
            offset = (oh * 60 + om) * (u[i] == UInt8(ascii: "-") ? -1 : 1)
        }
        // Days from civil (Howard Hinnant's algorithm).
        let yy = mo <= 2 ? y - 1 : y
        let era = yy / 400
        let yoe = yy - era * 400
        let doy = (153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let days = era * 146_097 + yoe * 365 + yoe / 4 - yoe / 100 + doy
        let seconds = ((days * 24 + h) * 60 + mi) * 60 + s - offset * 60
        let digits = String(seconds)
        return String(repeating: "0", count: max(0, 14 - digits.count)) + digits
    }
}
