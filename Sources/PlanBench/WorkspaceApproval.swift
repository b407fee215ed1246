// Plan approval by both parties: each party's signer makes a signed commit
// (git's SSH signature format) that names the plan's content fingerprint. A plan
// is approved when a current signer of every party it is made between approved
// the same content; a later change outdates those approvals (as Gerrit outdates
// votes on a new patch set) and the plan goes back to in-review.
import Foundation
import PlanDocument
import PlanGit

/// One party's approval of a plan, as recorded in a signed commit's trailers.
public struct Approval: Sendable {
    public var commit: ObjectID
    public var plan: String
    public var party: String
    public var signerName: String
    public var signerEmail: String
    /// The plan's content fingerprint that was approved.
    public var fingerprint: String
    public var day: String

    static let subjectPrefix = "Approve plan "

    /// The commit message: a subject and trailers that verify reads back.
    static func message(plan: String, party: String, fingerprint: String, signer: Signer) -> String {
        "\(subjectPrefix)\(plan) for \(party)\n\nPlan: \(plan)\nParty: \(party)\nContent: \(fingerprint)\nSigner: \(signer.name) <\(signer.email)>\n"
    }

    /// The approval a commit records, if it is an approval commit.
    init?(_ info: CommitInfo) {
        guard info.message.hasPrefix(Self.subjectPrefix) else { return nil }
        var trailers: [String: String] = [:]
        for line in info.message.split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            trailers[String(line[..<colon])] = String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
        }
        guard let plan = trailers["Plan"], let party = trailers["Party"], let fingerprint = trailers["Content"],
            let signer = trailers["Signer"], let signature = try? AuthorResolution.parse(signer)
        else { return nil }
        commit = info.id
        self.plan = plan
        self.party = party
        self.fingerprint = fingerprint
        signerName = signature.name
        signerEmail = signature.email
        day = CalendarDate.parts(secondsSince1970: info.committer.secondsSince1970, utcOffsetMinutes: info.committer.timeZoneOffsetMinutes).date
    }
}

/// Where a plan stands with its approvals.
public struct ApprovalStatus: Sendable {
    public var plan: String
    public var fingerprint: String
    public var parties: [String]
    /// The latest valid approval of the current content, per party.
    public var current: [String: Approval]
    /// Approvals of earlier content (or not valid), newest first.
    public var outdated: [Approval]
    public var missing: [String] { parties.filter { current[$0] == nil } }
    public var isApproved: Bool { !parties.isEmpty && missing.isEmpty }
}

extension Workspace {
    /// The content fingerprint of a plan: SHA-256 of its canonical JSON without the
    /// fields the approval life cycle itself writes (`status`, `lastReviewed`).
    public static func planFingerprint(_ plan: Node) -> String {
        var content = plan
        if case .mapping(var fields) = content.content {
            fields.removeValue(forKey: "status")
            fields.removeValue(forKey: "lastReviewed")
            content = Node(.mapping(fields))
        }
        return "sha256:" + Fingerprint.sha256Hex(Array(JSONWriter.write(content).utf8))
    }

    func plan(_ id: String, at commit: ObjectID) throws -> Node {
        guard Identifier.isValid(id) else { throw PlanBenchError.invalidIdentifier(id, what: "plan") }
        let path = WorkspaceLayout.planPath(id: id)
        guard let bytes = try gitCall({ try repository.blob(at: path, in: commit) }) else {
            throw PlanBenchError.documentNotFound(path, revision: commit.shortHex)
        }
        return try DocumentReading.parse(bytes, path: path)
    }

    /// The approvals of a plan in the history of `commit` (HEAD when nil), each checked
    /// as `verify` checks it; only valid ones of the current content count.
    public func approvalStatus(of id: String, at commit: ObjectID? = nil, environment: [String: String]) throws -> ApprovalStatus {
        guard let commit = try commit ?? head() else { throw PlanBenchError.noBranch }
        let plan = try plan(id, at: commit)
        let fingerprint = Self.planFingerprint(plan)
        var status = ApprovalStatus(
            plan: id, fingerprint: fingerprint, parties: (plan["parties"]?.sequence ?? []).compactMap(\.string), current: [:], outdated: [])
        for info in try gitCall({ try repository.log(from: commit) }) {
            guard let approval = Approval(info), approval.plan == id else { continue }
            let valid = try verifyApproval(info, approval: approval, environment: environment).problems.isEmpty
            if valid, approval.fingerprint == fingerprint, status.current[approval.party] == nil {
                status.current[approval.party] = approval
            } else {
                status.outdated.append(approval)
            }
        }
        return status
    }

    /// Approves a plan for a party with a signed commit; the plan's status becomes
    /// `approved` when every party has approved its current content, else `in-review`.
    public func approve(plan id: String, party: String, key: SigningKey, environment: [String: String], today: String) throws -> (ApprovalStatus, SaveOutcome) {
        guard !mergeInProgress else { throw PlanBenchError.mergeState("a merge is in progress; finish it first") }
        guard let head = try head() else { throw PlanBenchError.noBranch }
        let path = WorkspaceLayout.planPath(id: id)
        try requireNoUnsavedChanges([path], at: head)
        let document = try plan(id, at: head)
        let parties = (document["parties"]?.sequence ?? []).compactMap(\.string)
        guard parties.contains(party) else {
            throw PlanBenchError.usage("plan \(id) is made between \(parties.joined(separator: " and ")), not \(party)")
        }
        let signer = try requireSigner(key, party: party, at: head, today: today)
        let before = try approvalStatus(of: id, at: head, environment: environment)
        let author = try Signature.now(name: signer.name, email: signer.email)
        let message = Approval.message(plan: id, party: party, fingerprint: before.fingerprint, signer: signer)
        let outcome = try commitOnBranch(message: message, author: author, writeAll: true, allowEmpty: true, sign: commitSigner(key, environment: environment)) { parent in
            guard parent == head else {
                throw PlanBenchError.usage("the branch moved while approving; run planbench approve again")
            }
            let everyone = Set(before.current.keys).union([party]).isSuperset(of: parties)
            let status = everyone ? "approved" : "in-review"
            guard document["status"]?.string != status, document["status"]?.string != "superseded",
                let bytes = try gitCall({ try repository.blob(at: path, in: head) })
            else { return ([:], []) }
            let edited = DocumentEditing.setting("status", to: Node(.string(status)), in: document, after: ["title"])
            return ([path: DocumentEditing.bytes(of: edited, replacing: document, in: bytes, path: path)], [])
        }
        return (try approvalStatus(of: id, environment: environment), outcome)
    }
}

extension Workspace {
    /// Under `reviewPolicy.requireSignatures` a plan becomes `approved` only through
    /// `approve` (a signed commit per party), never by a save that writes the status:
    /// such a save is refused. A plan that one of the parents already has as approved
    /// (a merge bringing in the other side's approval) is not being approved by hand.
    func refuseApprovalByHand(_ changes: [String: [UInt8]?], parents: [ObjectID]) throws {
        guard let first = parents.first else { return }
        let committed = OverlaySource(base: RevisionSource(repository: repository, commit: first), changes: changes)
        guard CheckContext(source: committed).configuration?.requiresSignatures == true else { return }
        for (path, bytes) in changes.sorted(by: { $0.key < $1.key }) where DocumentKind.forPath(path) == .plan {
            guard let bytes, let plan = try? DocumentReading.parse(bytes, path: path),
                plan["status"]?.string == PlanStatus.approved.rawValue
            else { continue }
            var before: String?
            var approvedInAParent = false
            for (index, parent) in parents.enumerated() {
                let old = try gitCall { try repository.blob(at: path, in: parent) }.flatMap { try? DocumentReading.parse($0, path: path) }
                let status = old?["status"]?.string
                if index == 0 { before = status }
                if status == PlanStatus.approved.rawValue { approvedInAParent = true }
            }
            guard !approvedInAParent else { continue }
            let id = WorkspaceLayout.idFromPath(path)
            throw PlanBenchError.usage(
                "\(path) sets status: approved by hand, but reviewPolicy.requireSignatures is true: a plan is approved only when a signer of each party approves it with a signed commit; "
                    + "set the status back to \(before ?? "draft"), save, then planbench approve \(id) --party PARTY --key FILE")
        }
    }

    /// When a save changes an approved plan's content, its approvals no longer cover
    /// it: the status goes back to `in-review` in the same commit.
    static func outdatingApprovals(path: String, before: [UInt8]?, after: [UInt8]) -> (bytes: [UInt8], diagnostic: Diagnostic)? {
        guard let before, let old = try? DocumentReading.parse(before, path: path), let new = try? DocumentReading.parse(after, path: path),
            new["status"]?.string == "approved", planFingerprint(old) != planFingerprint(new)
        else { return nil }
        let edited = DocumentEditing.setting("status", to: Node(.string("in-review")), in: new, after: ["title"])
        let diagnostic = Diagnostic(
            file: path, position: new["status"]?.position ?? .unknown, severity: .warning, code: "approval-outdated",
            message: "the plan changed after both parties approved it: its approvals are outdated and its status is in-review again (planbench approve \(WorkspaceLayout.idFromPath(path)) --party PARTY)")
        return (DocumentEditing.bytes(of: edited, replacing: new, in: after, path: path), diagnostic)
    }
}
