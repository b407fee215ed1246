// The rules of a review's life: what may change in which state, and how a
// refresh merges newly computed findings into the ones already disposed.

/// Why a change to a review record was refused.
public enum ReviewError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The record is closed; closed records never change.
    case closed(review: String)
    /// No finding has this id.
    case unknownFinding(String, known: [String])
    /// The finding's status does not allow this change.
    case transition(finding: String, from: Finding.Status, to: String)
    /// A concurrence was given before the record is ready for it.
    case notReadyToConcur(reasons: [String])
    /// `close` was refused; every reason is listed.
    case cannotClose(reasons: [String])

    public var description: String {
        switch self {
        case .closed(let review):
            "review \(review) is closed; a closed record never changes (open a new review: planbench review open NEW_ID)"
        case .unknownFinding(let id, let known):
            "no finding \(id) in this review" + (known.isEmpty ? "" : " (findings: \(known.prefix(12).joined(separator: ", "))\(known.count > 12 ? ", …" : ""))")
        case .transition(let finding, let from, let to):
            "finding \(finding) is \(from.rawValue) and cannot become \(to)"
                + (from == .resolved ? "; it was fixed (reopen it with --reopen if it was not)" : "")
        case .notReadyToConcur(let reasons):
            "the review is not ready for concurrence:\n" + reasons.map { "  - \($0)" }.joined(separator: "\n")
        case .cannotClose(let reasons):
            "the review cannot be closed yet:\n" + reasons.map { "  - \($0)" }.joined(separator: "\n")
        }
    }
}

/// How a person disposes of a finding.
public enum Disposition: Sendable, Equatable {
    /// `owner` (a party) fixes it by `deadline`.
    case remediate(owner: String, deadline: String)
    case accept
    /// Does not apply; found again after `until` when given.
    case notApplicable(until: String?)
    /// Back to open (a disposition was wrong, or a fix did not hold).
    case reopen

    var action: String {
        switch self {
        case .remediate: "remediate"
        case .accept: "accept"
        case .notApplicable: "not-applicable"
        case .reopen: "reopen"
        }
    }
}

/// What a refresh changed.
public struct RefreshSummary: Sendable, Equatable {
    /// Ids of findings seen for the first time.
    public var added: [String] = []
    /// Ids of findings that no longer reproduce, now resolved.
    public var resolved: [String] = []
    /// Ids of findings open again (reproduced after being resolved, or a
    /// not-applicable decision expired).
    public var reopened: [String] = []
    /// Findings still reproducing, dispositions kept.
    public var kept: Int = 0

    public init() {}

    public var changedAnything: Bool { !(added.isEmpty && resolved.isEmpty && reopened.isEmpty) }
}

extension ReviewRecord {
    /// Findings not yet disposed.
    public var openFindings: [Finding] { findings.filter { $0.status == .open } }

    /// The index of a finding by id.
    func index(of findingID: String) throws(ReviewError) -> Int {
        guard let i = findings.firstIndex(where: { $0.id == findingID }) else {
            throw .unknownFinding(findingID, known: findings.map(\.id))
        }
        return i
    }

    private func requireOpen() throws(ReviewError) {
        if state == .closed { throw .closed(review: id) }
    }

    /// Recomputes ``state`` from the findings and the decision (never leaves `closed`).
    public mutating func updateState() {
        guard state != .closed else { return }
        state = findings.allSatisfy(\.status.isDisposed) && decision != nil ? .awaitingConcurrence : .open
    }

    /// Adds findings as the checks computed them at `commit`: the review's first computation.
    public mutating func add(computed: [ComputedFinding], commit: String, by: String, at: String) {
        var taken = Set(findings.map(\.id))
        for item in computed {
            var id = item.stableID
            // Two keys with the same 40-bit hash: extend the later one's id, deterministically.
            var n = 2
            while taken.contains(id) { id = item.stableID + "-\(n)"; n += 1 }
            taken.insert(id)
            var evidence = item.evidence
            if evidence.commit == nil { evidence.commit = commit }
            findings.append(Finding(
                id: id, kind: item.kind, target: item.target, origin: "check:\(item.kind.rawValue)", evidence: evidence,
                severity: item.severity, owner: item.owner, note: item.note,
                log: [LogEntry(at: at, by: by, action: "found", note: "at \(commit.prefix(12))")]))
        }
        updateState()
    }

    /// A person's finding. Returns its id (`M-<n>`, numbered in the order added).
    public mutating func addFinding(
        target: Finding.Target, kind: Finding.Kind, severity: Finding.Severity, owner: String?, note: String,
        evidence: Finding.Evidence, by: String, at: String
    ) throws(ReviewError) -> String {
        try requireOpen()
        let number = (findings.compactMap { $0.id.hasPrefix("M-") ? Int($0.id.dropFirst(2)) : nil }.max() ?? 0) + 1
        let id = "M-\(number)"
        findings.append(Finding(
            id: id, kind: kind, target: target, origin: by, evidence: evidence, severity: severity, owner: owner,
            note: note, log: [LogEntry(at: at, by: by, action: "found", note: nil)]))
        log.append(LogEntry(at: at, by: by, action: "add-finding", note: id))
        updateState()
        return id
    }

    /// Records a person's decision on a finding, appending it to the finding's log.
    public mutating func dispose(
        _ findingID: String, _ disposition: Disposition, rationale: String?, by: String, at: String
    ) throws(ReviewError) {
        try requireOpen()
        let i = try index(of: findingID)
        var finding = findings[i]
        let from = finding.status
        switch disposition {
        case .reopen:
            guard from != .open else { throw .transition(finding: findingID, from: from, to: "open") }
            finding.status = .open
            finding.remediation = nil
            finding.resolvedBy = nil
        case .remediate(let owner, let deadline):
            guard from == .open || from == .remediating || from == .accepted || from == .notApplicable else {
                throw .transition(finding: findingID, from: from, to: Finding.Status.remediating.rawValue)
            }
            finding.status = .remediating
            finding.remediation = Finding.Remediation(owner: owner, deadline: deadline)
            finding.until = nil
        case .accept:
            guard from != .resolved else { throw .transition(finding: findingID, from: from, to: Finding.Status.accepted.rawValue) }
            finding.status = .accepted
            finding.until = nil
        case .notApplicable(let until):
            guard from != .resolved else { throw .transition(finding: findingID, from: from, to: Finding.Status.notApplicable.rawValue) }
            finding.status = .notApplicable
            finding.until = until
        }
        if let rationale { finding.rationale = rationale }
        var note = rationale ?? ""
        if case .remediate(let owner, let deadline) = disposition { note = "owner \(owner), deadline \(deadline)" + (note.isEmpty ? "" : ": \(note)") }
        if case .notApplicable(let until?) = disposition { note = "until \(until)" + (note.isEmpty ? "" : ": \(note)") }
        finding.log.append(LogEntry(at: at, by: by, action: disposition.action, note: note.isEmpty ? nil : note))
        findings[i] = finding
        updateState()
    }

    /// Appends a comment to a finding's log. Nothing else about the finding
    /// changes: its status, the record's state and the signed content (which
    /// leaves logs out) stay as they are, so a comment never outdates a sign-off.
    public mutating func comment(on findingID: String, text: String, by: String, at: String) throws(ReviewError) {
        try requireOpen()
        let i = try index(of: findingID)
        findings[i].log.append(LogEntry(at: at, by: by, action: "comment", note: text))
    }

    /// Merges findings recomputed at `commit` (on `today`) into the record:
    /// new defects are added; computed findings that no longer reproduce are
    /// resolved by `commit`; a resolved one that reproduces again, or a
    /// not-applicable one whose `until` has passed, is open again; every
    /// other disposition is kept. People's findings are never touched.
    public mutating func refresh(
        with computed: [ComputedFinding], commit: String, today: String, by: String, at: String
    ) throws(ReviewError) -> RefreshSummary {
        try requireOpen()
        var summary = RefreshSummary()
        var current: [String: ComputedFinding] = [:]
        for item in computed { current[item.key] = item }
        var seenKeys = Set<String>()
        for i in findings.indices where findings[i].isComputed {
            let key = ComputedFinding(
                kind: findings[i].kind, target: findings[i].target, evidence: .init(), severity: .low, owner: nil, note: ""
            ).key
            seenKeys.insert(key)
            if let now = current[key] {
                // Still there: keep the disposition, refresh where it shows.
                var evidence = now.evidence
                if evidence.commit == nil { evidence.commit = commit }
                findings[i].evidence = evidence
                findings[i].note = now.note
                if findings[i].status == .resolved {
                    findings[i].status = .open
                    findings[i].resolvedBy = nil
                    findings[i].log.append(LogEntry(at: at, by: by, action: "reopened", note: "reproduces at \(commit.prefix(12))"))
                    summary.reopened.append(findings[i].id)
                } else if findings[i].status == .notApplicable, let until = findings[i].until, until < today {
                    findings[i].status = .open
                    findings[i].log.append(LogEntry(at: at, by: by, action: "reopened", note: "not-applicable expired on \(until)"))
                    summary.reopened.append(findings[i].id)
                } else {
                    summary.kept += 1
                }
            } else if findings[i].status != .resolved {
                findings[i].status = .resolved
                findings[i].resolvedBy = commit
                findings[i].log.append(LogEntry(at: at, by: by, action: "resolved", note: "no longer found at \(commit.prefix(12))"))
                summary.resolved.append(findings[i].id)
            }
        }
        let new = computed.filter { !seenKeys.contains($0.key) }
        let before = findings.count
        add(computed: new, commit: commit, by: by, at: at)
        summary.added = findings[before...].map(\.id)
        log.append(LogEntry(
            at: at, by: by, action: "refresh",
            note: "at \(commit.prefix(12)): \(summary.added.count) new, \(summary.resolved.count) resolved, \(summary.reopened.count) reopened, \(summary.kept) unchanged"))
        updateState()
        return summary
    }

    /// Proposes the decision the parties are asked to concur with.
    public mutating func decide(
        _ decision: Decision, rationale: String?, nextReview: String?, by: String, at: String
    ) throws(ReviewError) {
        try requireOpen()
        self.decision = decision
        if let rationale { decisionRationale = rationale }
        if let nextReview { self.nextReview = nextReview }
        log.append(LogEntry(at: at, by: by, action: "decide", note: decision.rawValue + (rationale.map { ": \($0)" } ?? "")))
        updateState()
    }

    /// Why a party cannot concur yet: findings still open, no decision.
    public var concurrenceBlockers: [String] {
        var reasons: [String] = []
        let open = openFindings
        if !open.isEmpty {
            reasons.append("\(open.count) finding\(open.count == 1 ? " is" : "s are") not disposed: \(open.prefix(8).map(\.id).joined(separator: ", "))\(open.count > 8 ? ", …" : "") (planbench review dispose \(id) FINDING ...)")
        }
        if decision == nil {
            reasons.append("no decision is proposed (planbench review decide \(id) --decision adequate|adequate-with-actions|revise-plans|revise-guidelines)")
        }
        return reasons
    }

    /// Appends a sign-off. Who may sign for which party is the workspace's
    /// business (its signers); this checks only the record's own rules.
    public mutating func sign(_ signOff: SignOff, by: String) throws(ReviewError) {
        try requireOpen()
        if signOff.meaning == .concurred {
            let blockers = concurrenceBlockers
            guard blockers.isEmpty else { throw .notReadyToConcur(reasons: blockers) }
        }
        signoffs.append(signOff)
        log.append(LogEntry(at: signOff.at, by: by, action: "sign", note: "\(signOff.meaning.rawValue) for \(signOff.party)"))
    }

    /// Whether a sign-off still covers the record's content.
    public func isCurrent(_ signOff: SignOff, fingerprint: String) -> Bool { signOff.fingerprint == fingerprint }

    /// Every reason the review cannot close with `decision`; empty when it can.
    public func closeBlockers(decision requested: Decision, parties: [String], fingerprint: String) -> [String] {
        if state == .closed { return ["review \(id) is already closed"] }
        var reasons = concurrenceBlockers.filter { !$0.hasPrefix("no decision") }
        if let decision, decision != requested {
            reasons.append("the proposed decision is \(decision.rawValue), not \(requested.rawValue); record the new one with planbench review decide \(id) --decision \(requested.rawValue), then both parties sign again")
        } else if decision == nil {
            reasons.append("no decision is proposed: planbench review decide \(id) --decision \(requested.rawValue), then both parties sign with --meaning concurred")
        }
        for party in parties {
            let concurrences = signoffs.filter { $0.party == party && $0.meaning == .concurred }
            if concurrences.isEmpty {
                reasons.append("party \(party) has not concurred (planbench review sign \(id) --party \(party) --meaning concurred, by a signer of \(party))")
            } else if !concurrences.contains(where: { $0.fingerprint == fingerprint }) {
                reasons.append("party \(party)'s concurrence is outdated: the record changed after it was signed; a signer of \(party) signs again")
            }
        }
        return reasons
    }

    /// Closes the review on `date`. The caller has checked ``closeBlockers(decision:parties:fingerprint:)``.
    public mutating func close(on date: String, nextReview: String, by: String, at: String) throws(ReviewError) {
        try requireOpen()
        closed = date
        self.nextReview = nextReview
        state = .closed
        log.append(LogEntry(at: at, by: by, action: "close", note: "decision \(decision?.rawValue ?? "none"); next review \(nextReview)"))
    }
}
