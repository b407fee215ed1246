// `planbench verify`: every approval, sign-off and change of signers in the
// history up to a revision, checked the way it must hold: a valid SSH signature
// over the commit, by a key listed for that party at that commit and inside its
// validity dates, naming the signer the key belongs to, over the content the
// record names.
import Foundation
import PlanDocument
import PlanGit
import PlanReview

/// One checked item of the history.
public struct VerificationItem: Sendable {
    public enum Kind: String, Sendable { case approval, signOff = "sign-off", signers, planStatus = "plan-status" }
    public enum Verdict: String, Sendable { case ok, warning, failed }

    public var commit: ObjectID
    public var kind: Kind
    /// What was approved or signed: `plan isr-peacetime`, `review 2026-q4 (concurred)`, `signers of japan`.
    public var subject: String
    public var party: String
    public var signer: String?
    public var key: String?
    public var verdict: Verdict
    /// Why it failed, or what a warning or accepted exception is.
    public var notes: [String]
}

/// What a commit's signature proves.
struct SignatureCheck {
    var signer: Signer?
    var key: SSHPublicKey?
    var problems: [String] = []
    var isUnsigned = false
}

extension Workspace {
    /// Checks a commit's signature for `party` against `signers`, and that the
    /// signer the commit names (`claimed`, "Name <email>") is the key's holder.
    func checkSignature(of info: CommitInfo, party: String, claimed: (name: String, email: String)?, signers: [Signer], environment: [String: String]) throws -> SignatureCheck {
        var check = SignatureCheck()
        guard let signature = try gitCall({ try repository.signature(ofCommit: info.id) }) else {
            check.isUnsigned = true
            check.problems.append("the commit is not signed")
            return check
        }
        guard let parsed = SSHSignature(armored: signature.signature) else {
            check.problems.append("the signature is not an SSH signature (gpg.format=ssh)")
            return check
        }
        check.key = parsed.publicKey
        if parsed.namespace != "git" { check.problems.append("the signature is for namespace \"\(parsed.namespace)\", not \"git\"") }
        if !(try SSHKeygen.isValid(signature.signature, of: signature.signedData, environment: environment)) {
            check.problems.append("the signature does not match the commit's content: the commit was altered after it was signed")
        }
        let day = CalendarDate.parts(secondsSince1970: info.committer.secondsSince1970, utcOffsetMinutes: info.committer.timeZoneOffsetMinutes).date
        let standing = signers.standing(of: parsed.publicKey, for: party, on: day)
        if let refusal = standing.refusal(key: parsed.publicKey, party: party) {
            check.problems.append(refusal)
        }
        let holder: Signer? = switch standing {
        case .signer(let signer), .outsideValidity(let signer, _), .otherParty(let signer): signer
        case .unknown: nil
        }
        check.signer = holder
        if let holder, let claimed, holder.email.lowercased() != claimed.email.lowercased() || holder.name != claimed.name {
            check.problems.append("forged signer: the record names \(claimed.name) <\(claimed.email)>, but the key belongs to \(holder.name) <\(holder.email)>")
        }
        return check
    }

    func verifyApproval(_ info: CommitInfo, approval: Approval, environment: [String: String]) throws -> SignatureCheck {
        let signers = try signers(at: info.id)
        var check = try checkSignature(of: info, party: approval.party, claimed: (approval.signerName, approval.signerEmail), signers: signers, environment: environment)
        if info.author.email.lowercased() != approval.signerEmail.lowercased() {
            check.problems.append("forged signer: the commit's author is \(info.author), but the approval names \(approval.signerName) <\(approval.signerEmail)>")
        }
        if let plan = try? plan(approval.plan, at: info.id) {
            let actual = Self.planFingerprint(plan)
            if actual != approval.fingerprint {
                check.problems.append("content fingerprint mismatch: the approval names \(approval.fingerprint) but plan \(approval.plan) at this commit is \(actual)")
            }
            let parties = (plan["parties"]?.sequence ?? []).compactMap(\.string)
            if !parties.contains(approval.party) { check.problems.append("plan \(approval.plan) is not made with \(approval.party)") }
        } else {
            check.problems.append("plan \(approval.plan) does not exist at this commit")
        }
        return check
    }

    /// Every approval, sign-off and change of signers in the history of `revision`,
    /// oldest first, each with its verdict; then each plan marked approved at
    /// `revision` without current approvals of every party.
    public func verify(revision: String, environment: [String: String]) throws -> [VerificationItem] {
        let tip = try resolve(revision)
        var items: [VerificationItem] = []
        for info in try gitCall({ try repository.log(from: tip) }).reversed() {
            if let approval = Approval(info) {
                let check = try verifyApproval(info, approval: approval, environment: environment)
                items.append(VerificationItem(
                    commit: info.id, kind: .approval, subject: "plan \(approval.plan)", party: approval.party,
                    signer: "\(approval.signerName) <\(approval.signerEmail)>", key: check.key?.fingerprint,
                    verdict: check.problems.isEmpty ? .ok : .failed, notes: check.problems))
            }
            // Merges bring in commits that are checked on their own.
            guard !info.isMerge, let parent = info.parents.first else { continue }
            if info.changedPaths.contains(WorkspaceLayout.configFile) {
                items += try verifySignerChanges(info, parent: parent, environment: environment)
            }
            for path in info.changedPaths where DocumentKind.forPath(path) == .review {
                items += try verifySignOffs(info, parent: parent, path: path, environment: environment)
            }
        }
        items += try verifyApprovedStatus(at: tip, environment: environment)
        return items
    }

    private func verifySignerChanges(_ info: CommitInfo, parent: ObjectID, environment: [String: String]) throws -> [VerificationItem] {
        let before = try signers(at: parent)
        let after = try signers(at: info.id)
        let parties = Set(before.map(\.party) + after.map(\.party)).sorted()
        var items: [VerificationItem] = []
        for party in parties where before.filter({ $0.party == party }) != after.filter({ $0.party == party }) {
            let subject = "signers of \(party)"
            if !before.hasKeys(for: party) {
                // Nothing to check against yet: the party's first key is taken on trust.
                let added = after.filter { $0.party == party && $0.key != nil }.map { "\($0.name) <\($0.email)>" }
                items.append(VerificationItem(
                    commit: info.id, kind: .signers, subject: subject, party: party, signer: nil, key: nil, verdict: .ok,
                    notes: added.isEmpty ? [] : ["first key of \(party) (\(added.joined(separator: ", "))): accepted without a signature by an earlier key, the one exception"]))
                continue
            }
            let check = try checkSignature(of: info, party: party, claimed: nil, signers: before, environment: environment)
            var notes = check.problems
            if check.isUnsigned { notes = ["a change to \(party)'s signers in an unsigned commit; it must be signed by a current signer of \(party)"] }
            items.append(VerificationItem(
                commit: info.id, kind: .signers, subject: subject, party: party,
                signer: check.signer.map { "\($0.name) <\($0.email)>" }, key: check.key?.fingerprint,
                verdict: notes.isEmpty ? .ok : .failed, notes: notes))
        }
        return items
    }

    private func verifySignOffs(_ info: CommitInfo, parent: ObjectID, path: String, environment: [String: String]) throws -> [VerificationItem] {
        guard let bytes = try gitCall({ try repository.blob(at: path, in: info.id) }), let record = try? Self.decodeReview(bytes, path: path) else { return [] }
        let old = (try gitCall { try repository.blob(at: path, in: parent) }).flatMap { try? Self.decodeReview($0, path: path) }
        let added = record.signoffs.filter { signOff in !(old?.signoffs.contains(signOff) ?? false) }
        guard !added.isEmpty else { return [] }
        let signers = try signers(at: info.id)
        let required = CheckContext(source: RevisionSource(repository: repository, commit: info.id)).configuration?.requiresSignatures ?? false
        return try added.map { signOff in
            var check = try checkSignature(of: info, party: signOff.party, claimed: (signOff.name, signOff.email), signers: signers, environment: environment)
            let fingerprint = Self.contentFingerprint(of: record)
            if signOff.fingerprint != fingerprint {
                check.problems.append("content fingerprint mismatch: the sign-off names \(signOff.fingerprint) but the record's content is \(fingerprint)")
            }
            var verdict: VerificationItem.Verdict = check.problems.isEmpty ? .ok : .failed
            var notes = check.problems
            if check.isUnsigned {
                notes = ["unsigned sign-off" + (required ? "; reviewPolicy.requireSignatures is true" : " (allowed: reviewPolicy.requireSignatures is off)")]
                    + notes.filter { $0.hasPrefix("content fingerprint") }
                verdict = required || notes.count > 1 ? .failed : .warning
            }
            return VerificationItem(
                commit: info.id, kind: .signOff, subject: "review \(record.id) (\(signOff.meaning.rawValue))", party: signOff.party,
                signer: "\(signOff.name) <\(signOff.email)>", key: check.key?.fingerprint, verdict: verdict, notes: notes)
        }
    }

    private func verifyApprovedStatus(at tip: ObjectID, environment: [String: String]) throws -> [VerificationItem] {
        let source = RevisionSource(repository: repository, commit: tip)
        var items: [VerificationItem] = []
        for path in try source.paths(in: WorkspaceLayout.plansFolder) where DocumentKind.forPath(path) == .plan {
            guard let bytes = try source.bytes(at: path), let plan = try? DocumentReading.parse(bytes, path: path),
                plan["status"]?.string == "approved"
            else { continue }
            let id = WorkspaceLayout.idFromPath(path)
            // Plans approved before signed approvals existed (no approval commit at all) are
            // reported only when signatures are required.
            let status = try approvalStatus(of: id, at: tip, environment: environment)
            let required = CheckContext(source: source).configuration?.requiresSignatures ?? false
            if status.current.isEmpty && status.outdated.isEmpty && !required { continue }
            guard !status.isApproved else { continue }
            items.append(VerificationItem(
                commit: tip, kind: .planStatus, subject: "plan \(id)", party: status.missing.joined(separator: ", "), signer: nil, key: nil,
                verdict: .failed, notes: ["plan \(id) is marked approved, but \(status.missing.joined(separator: " and ")) \(status.missing.count == 1 ? "has" : "have") no valid approval of its current content"]))
        }
        return items
    }
}

extension WorkspaceConfiguration {
    /// `reviewPolicy.requireSignatures`.
    public var requiresSignatures: Bool { document["reviewPolicy"]?["requireSignatures"]?.bool ?? false }
}
