// The adequacy review record (`reviews/<id>.yaml`) as plain values, and the
// rules of its life cycle. Pure: no git, no files; the workspace computes the
// findings and commits the record, the report renders it.
import PlanDocument

/// One adequacy review: what was reviewed against which edition, what was
/// found, how each finding was disposed, who signed, and what was decided.
///
/// Every change appends to a log (the record's or a finding's); logs are
/// never rewritten. Dates are ISO 8601 calendar dates (`2026-11-26`) and
/// times ISO 8601 date-times with an offset, kept as text: they compare
/// correctly as strings and round-trip byte for byte.
public struct ReviewRecord: Sendable, Equatable {
    /// The version of the record's on-disk layout; a record with a higher
    /// version is refused rather than misread.
    public static let formatVersion = 2

    public var id: String
    public var type: ReviewType
    public var state: State
    /// The Guideline edition the plans are reviewed against.
    public var edition: String
    /// `sha256:` of the edition file's content when the review was opened.
    public var editionFingerprint: String
    /// The commit the review was opened on (full hex id); empty for a record
    /// written outside planbench (the migrated example).
    public var baseline: String
    /// Plan ids in scope.
    public var scope: [String]
    public var opened: String
    public var due: String
    public var closed: String?
    public var reviewers: [Reviewer]
    public var findings: [Finding]
    public var signoffs: [SignOff]
    public var decision: Decision?
    public var decisionRationale: String?
    public var nextReview: String?
    public var note: String?
    public var log: [LogEntry]

    public init(
        id: String, type: ReviewType, edition: String, editionFingerprint: String, baseline: String,
        scope: [String], opened: String, due: String
    ) {
        self.id = id
        self.type = type
        self.state = .open
        self.edition = edition
        self.editionFingerprint = editionFingerprint
        self.baseline = baseline
        self.scope = scope
        self.opened = opened
        self.due = due
        self.closed = nil
        self.reviewers = []
        self.findings = []
        self.signoffs = []
        self.decision = nil
        self.decisionRationale = nil
        self.nextReview = nil
        self.note = nil
        self.log = []
    }

    /// Why a review was opened.
    public enum ReviewType: String, Sendable, CaseIterable {
        /// The scheduled review of the plans (the Guidelines' regular evaluation).
        case periodic
        /// Started by an event, e.g. a cited Guideline section changed.
        case triggered
        /// Moving plans to a new Guideline edition.
        case editionChange = "edition-change"
    }

    /// `open` -> `awaiting-concurrence` -> `closed`; back to `open` when a
    /// finding is added or reopened.
    public enum State: String, Sendable, CaseIterable {
        /// Findings are being made and disposed.
        case open
        /// Every finding is disposed and a decision is proposed: the parties sign.
        case awaitingConcurrence = "awaiting-concurrence"
        /// Decided and signed by both parties; the record no longer changes.
        case closed
    }

    /// The outcome for the plans in scope.
    public enum Decision: String, Sendable, CaseIterable {
        case adequate
        case adequateWithActions = "adequate-with-actions"
        case revisePlans = "revise-plans"
        case reviseGuidelines = "revise-guidelines"
    }

    /// A person who conducts the review for a party.
    public struct Reviewer: Sendable, Equatable {
        public var name: String
        public var email: String
        public var party: String
        /// What this reviewer looks at (e.g. "roles and tasks of the maritime plans").
        public var remit: String?

        public init(name: String, email: String, party: String, remit: String?) {
            self.name = name
            self.email = email
            self.party = party
            self.remit = remit
        }
    }

    /// One signature on the record's content.
    public struct SignOff: Sendable, Equatable {
        public enum Meaning: String, Sendable, CaseIterable {
            /// The signer has read the record.
            case reviewed
            /// The signer's party agrees with the findings, dispositions and decision.
            case concurred
        }

        public var party: String
        public var name: String
        public var email: String
        public var meaning: Meaning
        public var at: String
        /// ``ReviewRecord/contentFingerprint`` when signed; a sign-off whose
        /// fingerprint differs from the record's current one is outdated.
        public var fingerprint: String

        public init(party: String, name: String, email: String, meaning: Meaning, at: String, fingerprint: String) {
            self.party = party
            self.name = name
            self.email = email
            self.meaning = meaning
            self.at = at
            self.fingerprint = fingerprint
        }
    }

    /// One entry of an append-only log.
    public struct LogEntry: Sendable, Equatable {
        public var at: String
        /// `Name <email>`.
        public var by: String
        public var action: String
        public var note: String?

        public init(at: String, by: String, action: String, note: String? = nil) {
            self.at = at
            self.by = by
            self.action = action
            self.note = note
        }
    }
}

// MARK: - Findings

/// One thing a review found.
public struct Finding: Sendable, Equatable {
    /// The kinds computed by checks (`origin: check:<kind>`), and `other` for
    /// what a person found that fits none of them.
    public enum Kind: String, Sendable, CaseIterable {
        case uncoveredSection = "uncovered-section"
        case roleContradiction = "role-contradiction"
        case suspectCitation = "suspect-citation"
        case withdrawnSection = "withdrawn-section"
        case supersededEdition = "superseded-edition"
        case reviewOverdue = "review-overdue"
        case taskOverdue = "task-overdue"
        case missingPartyOwner = "missing-party-owner"
        case other

        /// The kinds checks compute, in the order reports list them.
        public static let computed: [Kind] = allCases.filter { $0 != .other }
    }

    public enum Severity: String, Sendable, CaseIterable, Comparable {
        case low, medium, high

        private var rank: Int { self == .low ? 0 : (self == .medium ? 1 : 2) }
        public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
    }

    /// `open` -> `remediating` -> `resolved`, or `accepted` / `not-applicable`.
    public enum Status: String, Sendable, CaseIterable {
        case open
        /// Someone is fixing it: ``Finding/remediation`` names who and by when.
        case remediating
        /// Fixed: ``Finding/resolvedBy`` is the commit where it stopped reproducing.
        case resolved
        /// Left as it is, for the reason in ``Finding/rationale``.
        case accepted
        /// Does not apply (``Finding/rationale``), until ``Finding/until`` if set.
        case notApplicable = "not-applicable"

        /// Whether the finding has been decided on (every status but `open`).
        public var isDisposed: Bool { self != .open }
    }

    /// What the finding is about; absent parts do not apply.
    public struct Target: Sendable, Equatable, Hashable {
        public var plan: String?
        public var planSection: String?
        public var edition: String?
        public var guidelineSection: String?
        /// The actor of a role assignment, for role contradictions.
        public var actor: String?
        /// The task, for overdue tasks.
        public var task: String?
        /// The party, for a missing party owner.
        public var party: String?

        public init(
            plan: String? = nil, planSection: String? = nil, edition: String? = nil, guidelineSection: String? = nil,
            actor: String? = nil, task: String? = nil, party: String? = nil
        ) {
            self.plan = plan
            self.planSection = planSection
            self.edition = edition
            self.guidelineSection = guidelineSection
            self.actor = actor
            self.task = task
            self.party = party
        }

        /// What the target kind is, for reports: the most specific part present.
        public var kind: String {
            if planSection != nil { return "planSection" }
            if plan != nil { return "plan" }
            if guidelineSection != nil { return "guidelineSection" }
            return "edition"
        }

        /// A short readable name: `isr-peacetime/concept`, `jus-2015 IV.B.3`.
        public var label: String {
            var parts: [String] = []
            if let plan { parts.append(planSection.map { "\(plan)/\($0)" } ?? plan) }
            if let guidelineSection { parts.append([edition, guidelineSection].compactMap { $0 }.joined(separator: " ")) }
            else if plan == nil, let edition { parts.append(edition) }
            if let task { parts.append("task \(task)") }
            if let actor { parts.append("actor \(actor)") }
            if let party { parts.append("party \(party)") }
            return parts.joined(separator: ", ")
        }
    }

    /// Where the finding shows.
    public struct Evidence: Sendable, Equatable {
        public var commit: String?
        /// `plans/x.yaml:12`.
        public var location: String?
        public var excerpt: String?

        public init(commit: String? = nil, location: String? = nil, excerpt: String? = nil) {
            self.commit = commit
            self.location = location
            self.excerpt = excerpt
        }
    }

    /// Who fixes it, by when.
    public struct Remediation: Sendable, Equatable {
        public var owner: String
        public var deadline: String

        public init(owner: String, deadline: String) {
            self.owner = owner
            self.deadline = deadline
        }
    }

    public var id: String
    public var kind: Kind
    public var target: Target
    /// `check:<kind>` for computed findings, `Name <email>` for a person's.
    public var origin: String
    public var evidence: Evidence
    public var severity: Severity
    /// The party that owns the finding, when one does.
    public var owner: String?
    public var note: String
    public var status: Status
    public var remediation: Remediation?
    public var resolvedBy: String?
    public var rationale: String?
    public var until: String?
    public var log: [ReviewRecord.LogEntry]

    public init(
        id: String, kind: Kind, target: Target, origin: String, evidence: Evidence, severity: Severity,
        owner: String?, note: String, status: Status = .open, log: [ReviewRecord.LogEntry] = []
    ) {
        self.id = id
        self.kind = kind
        self.target = target
        self.origin = origin
        self.evidence = evidence
        self.severity = severity
        self.owner = owner
        self.note = note
        self.status = status
        self.remediation = nil
        self.resolvedBy = nil
        self.rationale = nil
        self.until = nil
        self.log = log
    }

    /// Whether a check computed it (a refresh may resolve it), rather than a person.
    public var isComputed: Bool { origin.hasPrefix("check:") }
}

/// A finding as a check computes it, before the review record gives it a
/// status and a log.
public struct ComputedFinding: Sendable, Equatable {
    public var kind: Finding.Kind
    public var target: Finding.Target
    public var evidence: Finding.Evidence
    public var severity: Finding.Severity
    public var owner: String?
    public var note: String

    public init(
        kind: Finding.Kind, target: Finding.Target, evidence: Finding.Evidence, severity: Finding.Severity,
        owner: String?, note: String
    ) {
        self.kind = kind
        self.target = target
        self.evidence = evidence
        self.severity = severity
        self.owner = owner
        self.note = note
    }

    /// What makes two findings the same defect: the kind and the target, never
    /// the wording or the evidence (a line number moves when a plan is edited).
    public var key: String {
        let t = target
        return [kind.rawValue, t.plan, t.planSection, t.edition, t.guidelineSection, t.actor, t.task, t.party]
            .map { $0 ?? "" }.joined(separator: "|")
    }

    /// The stable id of this defect: `F-` and ten hex digits of a 64-bit
    /// FNV-1a hash of ``key``. The same defect found by a later refresh, or
    /// by another review, gets the same id.
    public var stableID: String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in key.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return "F-" + String((String(repeating: "0", count: max(0, 16 - hex.count)) + hex).prefix(10))
    }
}
