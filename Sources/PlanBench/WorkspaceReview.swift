// Adequacy reviews on a workspace: every step reads the record as committed
// on the current branch, changes it by the rules of `PlanReview`, and
// commits it (and, on close, the plans' `lastReviewed`) as one validated
// commit. Changes are computed from the branch's commit, not the work tree,
// and recomputed if another writer moves the branch first.
import Foundation
import PlanDocument
import PlanGit
import PlanReview

/// A person who may sign reviews for a party (`signers:` in planbench.yaml).
public struct Signer: Sendable, Equatable {
    public var name: String
    public var email: String
    public var party: String
    /// The SSH public key (`ssh-ed25519 AAAA…`) that signs for this person, if any.
    public var key: String?
    /// First and last day (`YYYY-MM-DD`) the key may sign, when limited.
    public var validAfter: String?
    public var validBefore: String?

    public init(name: String, email: String, party: String, key: String? = nil, validAfter: String? = nil, validBefore: String? = nil) {
        self.name = name
        self.email = email
        self.party = party
        self.key = key
        self.validAfter = validAfter
        self.validBefore = validBefore
    }

    public var publicKey: SSHPublicKey? { key.flatMap(SSHPublicKey.init(line:)) }

    /// Whether the key may sign on `day` (`YYYY-MM-DD`): on or after validAfter,
    /// before validBefore.
    public func isValid(on day: String) -> Bool {
        if let validAfter, day < validAfter { return false }
        if let validBefore, day >= validBefore { return false }
        return true
    }
}

extension WorkspaceConfiguration {
    /// The declared signers.
    public var signers: [Signer] {
        (document["signers"]?.sequence ?? []).compactMap { node -> Signer? in
            guard let name = node["name"]?.string, let email = node["email"]?.string, let party = node["party"]?.string else { return nil }
            return Signer(
                name: name, email: email, party: party, key: node["key"]?.string,
                validAfter: node["validAfter"]?.string, validBefore: node["validBefore"]?.string)
        }
    }

    /// Party ids in declaration order.
    public var parties: [String] { (document["parties"]?.sequence ?? []).compactMap { $0["id"]?.string } }
}

/// Checks on review records that a schema cannot make.
enum ReviewRules {
    /// An error when a change touches a record that is closed in the parent commit.
    static func closedRecordChange(path: String, before: [UInt8], after: [UInt8]?) -> Diagnostic? {
        guard let old = try? DocumentReading.parse(before, path: path), old["state"]?.string == ReviewRecord.State.closed.rawValue,
            after != before
        else { return nil }
        let node = (after.flatMap { try? DocumentReading.parse($0, path: path) })?["state"]
        return Diagnostic(
            file: path, position: node?.position ?? .unknown, severity: .error, code: "closed-review",
            message: after == nil
                ? "review \(WorkspaceLayout.idFromPath(path)) is closed and cannot be deleted; closed records are the audit trail"
                : "review \(WorkspaceLayout.idFromPath(path)) is closed and cannot change; restore it (git checkout HEAD -- \(path)) and open a new review for new findings")
    }
}

/// Plans and reviews that are due or overdue.
public struct DueReport: Sendable {
    public struct Item: Sendable {
        public enum What: String, Sendable { case plan, review }
        public var what: What
        public var id: String
        public var due: String
        public var isOverdue: Bool
        public var detail: String
    }

    public var today: String
    public var within: String
    public var items: [Item]
    public var hasOverdue: Bool { items.contains(where: \.isOverdue) }
}

extension Workspace {
    public static func reviewPath(_ id: String) -> String { "\(WorkspaceLayout.reviewsFolder)/\(id).yaml" }

    /// The review record as committed at `commit` (HEAD when nil).
    public func review(_ id: String, at commit: ObjectID? = nil) throws -> ReviewRecord {
        guard Identifier.isValid(id) else { throw PlanBenchError.invalidIdentifier(id, what: "review") }
        guard let commit = try commit ?? head() else { throw PlanBenchError.documentNotFound(Self.reviewPath(id), revision: "HEAD") }
        return try review(id, in: RevisionSource(repository: repository, commit: commit))
    }

    func review(_ id: String, in source: DocumentSource) throws -> ReviewRecord {
        let path = Self.reviewPath(id)
        guard let bytes = try source.bytes(at: path) else {
            let known = (try? source.paths(in: WorkspaceLayout.reviewsFolder))?.map(WorkspaceLayout.idFromPath) ?? []
            throw PlanBenchError.usage("no review \(id) on this branch" + (known.isEmpty ? "; open one with planbench review open \(id)" : " (reviews: \(known.joined(separator: ", ")))"))
        }
        return try Self.decodeReview(bytes, path: path)
    }

    static func decodeReview(_ bytes: [UInt8], path: String) throws -> ReviewRecord {
        let node: Node
        do { node = try DocumentReading.parse(bytes, path: path) } catch {
            throw PlanBenchError.invalidDocuments([Diagnostic(file: path, documentError: error)])
        }
        return try decodeReview(node, path: path)
    }

    static func decodeReview(_ node: Node, path: String) throws -> ReviewRecord {
        do { return try ReviewRecord(node: node) } catch {
            throw PlanBenchError.invalidDocuments([Diagnostic(file: path, position: error.position, code: "review", message: error.message)])
        }
    }

    /// Every review record on the current branch, by id. Records are read
    /// through the parsed-tree cache: a review of thousands of plans has a
    /// record of megabytes.
    public func reviews() throws -> [ReviewRecord] {
        guard let commit = try head() else { return [] }
        let source = RevisionSource(repository: repository, commit: commit)
        return try source.paths(in: WorkspaceLayout.reviewsFolder).filter { DocumentKind.forPath($0) == .review }.compactMap { path in
            try cachedDocument(at: path, in: commit).map { try Self.decodeReview($0, path: path) }
        }
    }

    /// `sha256:` of the record's signed content.
    public static func contentFingerprint(of record: ReviewRecord) -> String {
        "sha256:" + Fingerprint.sha256Hex(record.signedContent)
    }

    // MARK: Steps of a review

    /// Opens a review: computes the findings at HEAD and commits the record.
    public func openReview(
        id: String, type: ReviewRecord.ReviewType, edition editionID: String?, plans: [String]?, due: String?,
        today: String, author: Signature
    ) throws -> (ReviewRecord, SaveOutcome) {
        guard Identifier.isValid(id) else { throw PlanBenchError.invalidIdentifier(id, what: "review") }
        for date in [due].compactMap({ $0 }) where !CalendarDate.isValid(date) {
            throw PlanBenchError.usage("--due \(date) is not a date; write it as YYYY-MM-DD")
        }
        var record: ReviewRecord?
        let outcome = try commitOnBranch(message: "Open review \(id)", author: author, writeAll: true) { parent in
            guard let parent else { throw PlanBenchError.usage("the branch has no commits yet; save the workspace first") }
            let path = Self.reviewPath(id)
            let source = RevisionSource(repository: repository, commit: parent)
            if try source.bytes(at: path) != nil {
                throw PlanBenchError.usage("review \(id) already exists (\(path)); choose another id, or planbench review refresh \(id)")
            }
            try requireNoUnsavedChanges([path], at: parent)
            let context = CheckContext(source: source)
            let editionID = editionID ?? context.configuration?.defaultEdition ?? ""
            guard let edition = context.edition(editionID) else {
                throw PlanBenchError.usage("edition \(editionID) is not in the workspace; `planbench guidelines list` shows the editions")
            }
            // The default scope is read from the same facts the checks use.
            let loaded: [(String, PlanFacts)]
            if let plans {
                try checkScope(plans, in: source)
                loaded = try scopeFacts(plans, at: parent)
            } else {
                loaded = try defaultScope(in: context, at: parent)
            }
            let scope = loaded.map { WorkspaceLayout.idFromPath($0.0) }
            let editionBytes = try source.bytes(at: EditionIndex.path(for: editionID)) ?? []
            var made = ReviewRecord(
                id: id, type: type, edition: edition.id, editionFingerprint: "sha256:" + Fingerprint.sha256Hex(editionBytes),
                baseline: parent.hex, scope: scope, opened: today, due: due ?? CalendarDate.adding("P30D", to: today) ?? today)
            var input = ReviewChecks.Input(context: context, edition: edition.id, scope: scope, today: today)
            input.notApplicableSections = try notApplicableSections(edition: edition.id, in: source, today: today)
            input.plans = loaded
            let computed = try ReviewChecks.findings(input)
            let at = Timestamp.iso8601(author)
            made.log.append(.init(at: at, by: author.description, action: "open", note: "\(type.rawValue) review of \(scope.count) plan\(scope.count == 1 ? "" : "s") against \(edition.id)"))
            made.add(computed: computed, commit: parent.hex, by: author.description, at: at)
            record = made
            return ([path: YAMLWriter.bytes(of: made.node)], [])
        }
        return (record!, outcome)
    }

    /// Recomputes a review's findings at HEAD and commits what changed.
    public func refreshReview(id: String, today: String, author: Signature) throws -> (ReviewRecord, RefreshSummary, SaveOutcome) {
        var summary = RefreshSummary()
        let (record, outcome) = try changeReview(id, message: "Refresh review \(id)", author: author) { record, parent, source in
            let context = CheckContext(source: source)
            var input = ReviewChecks.Input(context: context, edition: record.edition, scope: record.scope, today: today)
            input.notApplicableSections = try notApplicableSections(edition: record.edition, in: source, today: today, excluding: record.id)
            input.plans = try scopeFacts(record.scope, at: parent)
            let computed = try ReviewChecks.findings(input)
            summary = try Self.reviewCall { try record.refresh(with: computed, commit: parent.hex, today: today, by: author.description, at: Timestamp.iso8601(author)) }
            return [:]
        }
        return (record, summary, outcome)
    }

    /// Adds a person's finding.
    public func addReviewFinding(
        id: String, target: Finding.Target, kind: Finding.Kind, severity: Finding.Severity, owner: String?, note: String,
        author: Signature, expecting version: String? = nil
    ) throws -> (ReviewRecord, String, SaveOutcome) {
        var findingID = ""
        let (record, outcome) = try changeReview(id, message: "Review \(id): add a finding", author: author, expecting: version) { record, _, source in
            if let plan = target.plan {
                guard record.scope.contains(plan) else {
                    throw PlanBenchError.usage("plan \(plan) is not in review \(id)'s scope (\(record.scope.prefix(10).joined(separator: ", "))\(record.scope.count > 10 ? ", …" : ""))")
                }
                if let section = target.planSection {
                    let planNode = (try source.bytes(at: WorkspaceLayout.planPath(id: plan))).flatMap { try? DocumentReading.parse($0, path: WorkspaceLayout.planPath(id: plan)) }
                    let sections = (planNode?["sections"]?.sequence ?? []).compactMap { $0["id"]?.string }
                    guard sections.contains(section) else {
                        throw PlanBenchError.usage("plan \(plan) has no section \(section) (its sections: \(sections.joined(separator: ", ")))")
                    }
                }
            }
            if let section = target.guidelineSection {
                guard CheckContext(source: source).edition(target.edition ?? record.edition)?.section(section) != nil else {
                    throw PlanBenchError.usage("section \(section) does not exist in \(target.edition ?? record.edition); `planbench guidelines list` lists its sections")
                }
            }
            if let owner { try requireParty(owner, in: source) }
            var evidence = Finding.Evidence(commit: record.baseline)
            if let plan = target.plan { evidence.location = WorkspaceLayout.planPath(id: plan) }
            findingID = try Self.reviewCall {
                try record.addFinding(
                    target: target, kind: kind, severity: severity, owner: owner, note: note, evidence: evidence,
                    by: author.description, at: Timestamp.iso8601(author))
            }
            return [:]
        }
        return (record, findingID, outcome)
    }

    /// Disposes of a finding.
    public func disposeFinding(
        id: String, finding: String, disposition: Disposition, rationale: String?, author: Signature,
        expecting version: String? = nil
    ) throws -> (ReviewRecord, SaveOutcome) {
        try changeReview(id, message: "Review \(id): \(finding) \(Self.verb(disposition))", author: author, expecting: version) { record, _, source in
            if case .remediate(let owner, let deadline) = disposition {
                try requireParty(owner, in: source)
                guard CalendarDate.isValid(deadline) else { throw PlanBenchError.usage("--deadline \(deadline) is not a date; write it as YYYY-MM-DD") }
            }
            if case .notApplicable(let until?) = disposition, !CalendarDate.isValid(until) {
                throw PlanBenchError.usage("--until \(until) is not a date; write it as YYYY-MM-DD")
            }
            try Self.reviewCall { try record.dispose(finding, disposition, rationale: rationale, by: author.description, at: Timestamp.iso8601(author)) }
            return [:]
        }
    }

    /// Appends a comment to a finding's log (action `comment`); the finding's
    /// status and the record's sign-offs are unchanged.
    public func commentOnFinding(
        id: String, finding: String, text: String, author: Signature, expecting version: String? = nil
    ) throws -> (ReviewRecord, SaveOutcome) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw PlanBenchError.usage("the comment is empty; say something (--text TEXT)") }
        return try changeReview(id, message: "Review \(id): comment on \(finding)", author: author, expecting: version) { record, _, _ in
            try Self.reviewCall { try record.comment(on: finding, text: trimmed, by: author.description, at: Timestamp.iso8601(author)) }
            return [:]
        }
    }

    /// A short fingerprint of the record's whole content, logs included: what a
    /// page that shows the record sends back with a change (`expecting:`), so a
    /// change made against an older version is refused rather than laid over
    /// someone else's.
    public static func version(of record: ReviewRecord) -> String {
        String(Fingerprint.sha256Hex(YAMLWriter.bytes(of: record.node)).prefix(16))
    }

    /// Proposes the decision the parties concur with.
    public func decideReview(
        id: String, decision: ReviewRecord.Decision, rationale: String?, nextReview: String?, author: Signature
    ) throws -> (ReviewRecord, SaveOutcome) {
        if let nextReview, !CalendarDate.isValid(nextReview) {
            throw PlanBenchError.usage("--next-review \(nextReview) is not a date; write it as YYYY-MM-DD")
        }
        return try changeReview(id, message: "Review \(id): propose \(decision.rawValue)", author: author) { record, _, _ in
            try Self.reviewCall { try record.decide(decision, rationale: rationale, nextReview: nextReview, by: author.description, at: Timestamp.iso8601(author)) }
            return [:]
        }
    }

    /// Adds a reviewer for a party.
    public func addReviewer(id: String, reviewer: ReviewRecord.Reviewer, author: Signature) throws -> (ReviewRecord, SaveOutcome) {
        try changeReview(id, message: "Review \(id): \(reviewer.name) reviews for \(reviewer.party)", author: author) { record, _, source in
            try requireParty(reviewer.party, in: source)
            guard record.state != .closed else { throw PlanBenchError.usage(ReviewError.closed(review: id).description) }
            record.reviewers.removeAll { $0.email == reviewer.email && $0.party == reviewer.party }
            record.reviewers.append(reviewer)
            record.log.append(.init(at: Timestamp.iso8601(author), by: author.description, action: "add-reviewer", note: "\(reviewer.name) for \(reviewer.party)"))
            return [:]
        }
    }

    /// Signs the record for a party. Only a declared signer of that party,
    /// matched by the author's email, may sign for it.
    ///
    /// With a signing key, the commit is signed with it (as `git commit -S` with
    /// gpg.format=ssh) and the key decides who signs: it must be a current signer's of
    /// that party. Without one, `reviewPolicy.requireSignatures` refuses.
    public func signReview(
        id: String, party: String, meaning: ReviewRecord.SignOff.Meaning, author: Signature,
        key: SigningKey? = nil, environment: [String: String] = [:], today: String = CalendarDate.today()
    ) throws -> (ReviewRecord, SaveOutcome) {
        var author = author
        var sign: CommitSigner?
        if let key, let head = try head() {
            let signer = try requireSigner(key, party: party, at: head, today: today)
            author = Signature(name: signer.name, email: signer.email, date: author.date, timeZoneOffsetMinutes: author.timeZoneOffsetMinutes)
            sign = commitSigner(key, environment: environment)
        }
        return try changeReview(id, message: "Review \(id): \(meaning.rawValue) for \(party)", author: author, sign: sign) { record, _, source in
            let configuration = CheckContext(source: source).configuration
            try requireParty(party, in: source)
            if sign == nil, configuration?.requiresSignatures == true {
                throw PlanBenchError.usage("reviewPolicy.requireSignatures is true: sign with your SSH key (--key FILE, PLANBENCH_SIGNING_KEY or git's user.signingkey)")
            }
            let signers = configuration?.signers ?? []
            guard signers.contains(where: { $0.party == party && $0.email.lowercased() == author.email.lowercased() }) else {
                let ofParty = signers.filter { $0.party == party }.map { "\($0.name) <\($0.email)>" }
                throw PlanBenchError.usage(
                    "\(author.email) is not a signer of \(party); "
                        + (ofParty.isEmpty ? "planbench.yaml declares no signers for \(party) (add them under signers:)" : "its signers are \(ofParty.joined(separator: ", ")); sign with --author \"Name <email>\" as one of them"))
            }
            let signOff = ReviewRecord.SignOff(
                party: party, name: author.name, email: author.email, meaning: meaning, at: Timestamp.iso8601(author),
                fingerprint: Self.contentFingerprint(of: record))
            try Self.reviewCall { try record.sign(signOff, by: author.description) }
            return [:]
        }
    }

    /// Closes the review with the decision both parties concurred with, and
    /// sets `lastReviewed` of the plans in scope, in one commit.
    public func closeReview(id: String, decision: ReviewRecord.Decision, today: String, author: Signature, environment: [String: String] = [:]) throws -> (ReviewRecord, SaveOutcome) {
        try changeReview(id, message: "Close review \(id): \(decision.rawValue)", author: author) { record, parent, source in
            let configuration = CheckContext(source: source).configuration
            var blockers = record.closeBlockers(decision: decision, parties: configuration?.parties ?? [], fingerprint: Self.contentFingerprint(of: record))
            if blockers.isEmpty, configuration?.requiresSignatures == true {
                blockers = try unsignedConcurrence(of: record, at: parent, parties: configuration?.parties ?? [], environment: environment)
            }
            guard blockers.isEmpty else { throw PlanBenchError.reviewRefused(ReviewError.cannotClose(reasons: blockers).description) }
            let paths = record.scope.map(WorkspaceLayout.planPath(id:))
            try requireNoUnsavedChanges(paths, at: parent)
            let cycle = configuration?.document["reviewPolicy"]?["defaultReviewCycle"]?.string ?? "P1Y"
            let next = record.nextReview ?? CalendarDate.adding(cycle, to: today) ?? today
            try Self.reviewCall { try record.close(on: today, nextReview: next, by: author.description, at: Timestamp.iso8601(author)) }
            var changes: [String: [UInt8]?] = [:]
            for path in paths {
                guard let bytes = try source.bytes(at: path),
                    let plan = try? DocumentReading.parse(bytes, path: path), plan["lastReviewed"]?.string != today
                else { continue }
                let reviewed = DocumentEditing.setting("lastReviewed", to: Node(.string(today)), in: plan, after: ["reviewCycle", "owners", "edition"])
                changes[path] = DocumentEditing.bytes(of: reviewed, replacing: plan, in: bytes, path: path)
            }
            return changes
        }
    }

    /// Plans and reviews due within `within` of `today`, or overdue.
    public func reviewsDue(today: String, within: String?) throws -> DueReport {
        guard let commit = try head() else { return DueReport(today: today, within: within ?? "P30D", items: []) }
        let source = RevisionSource(repository: repository, commit: commit)
        let context = CheckContext(source: source)
        let configuration = context.configuration
        let window = within ?? configuration?.document["reviewPolicy"]?["dueSoonWindow"]?.string ?? "P30D"
        guard let horizon = CalendarDate.adding(window, to: today) else {
            throw PlanBenchError.usage("--within \(window) is not an ISO 8601 duration such as P30D or P2M")
        }
        let defaultCycle = configuration?.document["reviewPolicy"]?["defaultReviewCycle"]?.string ?? "P1Y"
        var items: [DueReport.Item] = []
        // The plans' review dates, from their facts (the index's, when there is one).
        var planDates: [(id: String, lastReviewed: String?, reviewCycle: String?)] = []
        let planPaths = try source.paths(in: WorkspaceLayout.plansFolder).filter { DocumentKind.forPath($0) == .plan }
        for (path, plan) in try scopeFacts(planPaths.map(WorkspaceLayout.idFromPath), at: commit) where plan.status != "superseded" {
            planDates.append((plan.planID(path: path), plan.lastReviewed, plan.reviewCycle))
        }
        for plan in planDates {
            guard let reviewed = plan.lastReviewed else { continue }
            let cycle = plan.reviewCycle ?? defaultCycle
            guard let due = CalendarDate.adding(cycle, to: reviewed), due <= horizon else { continue }
            items.append(.init(
                what: .plan, id: plan.id, due: due, isOverdue: due < today, detail: "last reviewed \(reviewed), cycle \(cycle)"))
        }
        for record in try reviews() where record.state != .closed && record.due <= horizon {
            items.append(.init(
                what: .review, id: record.id, due: record.due, isOverdue: record.due < today,
                detail: "\(record.state.rawValue), \(record.openFindings.count) finding\(record.openFindings.count == 1 ? "" : "s") not disposed"))
        }
        items.sort { ($0.due, $0.id) < ($1.due, $1.id) }
        return DueReport(today: today, within: window, items: items)
    }

    /// Why each party's current concurrence does not count under
    /// reviewPolicy.requireSignatures: the commit that added it must verify.
    func unsignedConcurrence(of record: ReviewRecord, at commit: ObjectID, parties: [String], environment: [String: String]) throws -> [String] {
        let fingerprint = Self.contentFingerprint(of: record)
        let items = try verify(revision: commit.hex, environment: environment).filter { $0.kind == .signOff && $0.subject == "review \(record.id) (concurred)" }
        var reasons: [String] = []
        for party in parties {
            let current = record.signoffs.filter { $0.party == party && $0.meaning == .concurred && $0.fingerprint == fingerprint }
            let valid = current.contains { signOff in
                items.contains { $0.party == party && $0.signer == "\(signOff.name) <\(signOff.email)>" && $0.verdict == .ok }
            }
            if !valid {
                let why = items.last { $0.party == party }?.notes.joined(separator: "; ") ?? "no signed concurrence"
                reasons.append("party \(party)'s concurrence is not validly signed (\(why)); reviewPolicy.requireSignatures is true: a signer of \(party) signs again with their key")
            }
        }
        return reasons
    }

    // MARK: Helpers

    /// Reads the record at the branch's commit, lets `body` change it (and
    /// return other documents to commit with it), and commits the result.
    ///
    /// With `version`, the step is refused (``PlanBenchError/staleReview(_:)``)
    /// unless the record at the branch's commit is that version; checked again on
    /// every retry, so it holds for the commit actually made.
    func changeReview(
        _ id: String, message: String, author: Signature, sign: CommitSigner? = nil, expecting version: String? = nil,
        _ body: (inout ReviewRecord, ObjectID, RevisionSource) throws -> [String: [UInt8]?]
    ) throws -> (ReviewRecord, SaveOutcome) {
        guard Identifier.isValid(id) else { throw PlanBenchError.invalidIdentifier(id, what: "review") }
        var result: ReviewRecord?
        let outcome = try commitOnBranch(message: message, author: author, writeAll: true, sign: sign) { parent in
            guard let parent else { throw PlanBenchError.usage("the branch has no commits yet") }
            let source = RevisionSource(repository: repository, commit: parent)
            let path = Self.reviewPath(id)
            try requireNoUnsavedChanges([path], at: parent)
            var record = try review(id, in: source)
            if let version, Self.version(of: record) != version { throw PlanBenchError.staleReview(id) }
            guard record.state != .closed else { throw PlanBenchError.usage(ReviewError.closed(review: id).description) }
            var changes = try body(&record, parent, source)
            result = record
            changes[path] = YAMLWriter.bytes(of: record.node)
            if changes[path] == (try source.bytes(at: path)) { changes[path] = nil }
            return (changes, [])
        }
        return (result!, outcome)
    }

    /// Refuses when the work tree holds edits to `paths` that are not saved:
    /// the commit is made from the branch's version and would overwrite them.
    func requireNoUnsavedChanges(_ paths: [String], at commit: ObjectID) throws {
        var unsaved: [String] = []
        for path in paths {
            let committed = try gitCall { try repository.blob(at: path, in: commit) }
            if try workTree.bytes(at: path) != committed { unsaved.append(path) }
        }
        guard unsaved.isEmpty else {
            throw PlanBenchError.usage("\(unsaved.joined(separator: ", ")) \(unsaved.count == 1 ? "has" : "have") unsaved changes; save them (planbench save -m MSG \(unsaved.joined(separator: " "))) or restore them (git checkout -- PATH) first")
        }
    }

    func requireParty(_ party: String, in source: DocumentSource) throws {
        let parties = CheckContext(source: source).configuration?.parties ?? []
        guard parties.contains(party) else {
            throw PlanBenchError.usage("unknown party \"\(party)\"; the parties are \(parties.joined(separator: ", "))")
        }
    }

    /// Plans a review covers unless told otherwise: every plan not superseded, with its facts.
    func defaultScope(in context: CheckContext, at commit: ObjectID) throws -> [(String, PlanFacts)] {
        let paths = try context.source.paths(in: WorkspaceLayout.plansFolder).filter { DocumentKind.forPath($0) == .plan }
        let plans = try scopeFacts(paths.map(WorkspaceLayout.idFromPath), at: commit)
        let scope = plans.filter { $0.1.status != "superseded" }
        guard !scope.isEmpty else { throw PlanBenchError.usage("the workspace has no plans to review; add one with planbench new plan ID") }
        return scope
    }

    /// The facts of the plans `ids` at `commit`, as (path, facts) in order. A plan
    /// that is not there or cannot be read is an error: a review must not silently
    /// skip part of its scope.
    func scopeFacts(_ ids: [String], at commit: ObjectID) throws -> [(String, PlanFacts)] {
        let paths = ids.map(WorkspaceLayout.planPath(id:))
        func missing(_ i: Int) -> PlanBenchError {
            PlanBenchError.usage("plan \(ids[i]) is in the review's scope but \(paths[i]) does not exist")
        }
        // A missing plan is reported before any that does not parse.
        let present = try gitCall { try repository.files(in: commit, under: WorkspaceLayout.plansFolder) }
        if let absent = paths.firstIndex(where: { present[$0] == nil }) { throw missing(absent) }
        let facts = try planFacts(paths, at: commit)
        return try zip(ids.indices, facts).map { i, facts in
            guard let facts else { throw missing(i) }
            return (paths[i], facts)
        }
    }

    func checkScope(_ scope: [String], in source: DocumentSource) throws {
        guard !scope.isEmpty else { throw PlanBenchError.usage("--plans names no plan") }
        for plan in scope {
            guard Identifier.isValid(plan) else { throw PlanBenchError.invalidIdentifier(plan, what: "plan") }
            if try source.bytes(at: WorkspaceLayout.planPath(id: plan)) == nil {
                let known = try source.paths(in: WorkspaceLayout.plansFolder).map(WorkspaceLayout.idFromPath)
                let close = known.filter { $0.hasPrefix(String(plan.prefix(3))) }.prefix(5)
                throw PlanBenchError.usage("no plan \(plan) on this branch" + (close.isEmpty ? "" : " (did you mean \(close.joined(separator: ", "))?)"))
            }
        }
    }

    /// Uncovered sections that a closed review found not applicable, with the
    /// date that decision holds until (nil: no expiry).
    func notApplicableSections(edition: String, in source: DocumentSource, today: String, excluding: String? = nil) throws -> [String: String?] {
        var result: [String: String?] = [:]
        for path in try source.paths(in: WorkspaceLayout.reviewsFolder) where DocumentKind.forPath(path) == .review {
            guard WorkspaceLayout.idFromPath(path) != excluding, let bytes = try source.bytes(at: path),
                let record = try? Self.decodeReview(bytes, path: path), record.state == .closed, record.edition == edition
            else { continue }
            for finding in record.findings where finding.kind == .uncoveredSection && finding.status == .notApplicable {
                guard let section = finding.target.guidelineSection else { continue }
                if let until = finding.until, until < today { continue }
                result[section] = finding.until
            }
        }
        return result
    }

    /// Runs a step of `PlanReview`, turning its refusals into workspace errors.
    static func reviewCall<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as ReviewError {
            switch error {
            case .cannotClose, .notReadyToConcur: throw PlanBenchError.reviewRefused(error.description)
            default: throw PlanBenchError.usage(error.description)
            }
        }
    }

    static func verb(_ disposition: Disposition) -> String {
        switch disposition {
        case .remediate(let owner, let deadline): "remediated by \(owner) by \(deadline)"
        case .accept: "accepted"
        case .notApplicable: "not applicable"
        case .reopen: "reopened"
        }
    }
}
