// Who may sign for each party, with which SSH key: `signers:` in planbench.yaml,
// changed only in commits signed by a current signer of that party (a party's
// first key is the one unsigned exception), and exported as git's
// allowed-signers file so stock git verifies the same commits.
import Foundation
import PlanDocument
import PlanGit

/// How a key stands with the signers of a party on a day.
public enum KeyStanding: Sendable, Equatable {
    /// A current signer of the party.
    case signer(Signer)
    /// Listed for the party, but not valid on that day.
    case outsideValidity(Signer, day: String)
    /// Listed, but for another party.
    case otherParty(Signer)
    /// Not listed at all.
    case unknown

    /// Why the key may not sign for `party`; nil when it may.
    public func refusal(key: SSHPublicKey, party: String) -> String? {
        switch self {
        case .signer: return nil
        case .outsideValidity(let signer, let day):
            let window = [signer.validAfter.map { "from \($0)" }, signer.validBefore.map { "before \($0)" }].compactMap { $0 }.joined(separator: " ")
            return "key \(key.fingerprint) of \(signer.name) <\(signer.email)> (\(party)) is valid only \(window); the signature is dated \(day) (expired or not yet valid)"
        case .otherParty(let signer):
            return "key \(key.fingerprint) belongs to \(signer.name) <\(signer.email)>, a signer of \(signer.party), not of \(party)"
        case .unknown:
            return "key \(key.fingerprint) is not the key of any signer in planbench.yaml"
        }
    }
}

extension Array where Element == Signer {
    /// How `key` stands for `party` on `day` (`YYYY-MM-DD`).
    public func standing(of key: SSHPublicKey, for party: String, on day: String) -> KeyStanding {
        let holders = filter { $0.publicKey?.blob == key.blob }
        if let current = holders.first(where: { $0.party == party && $0.isValid(on: day) }) { return .signer(current) }
        if let listed = holders.first(where: { $0.party == party }) { return .outsideValidity(listed, day: day) }
        if let other = holders.first { return .otherParty(other) }
        return .unknown
    }

    /// Whether any signer of `party` has a key.
    func hasKeys(for party: String) -> Bool { contains { $0.party == party && $0.key != nil } }

    /// The allowed-signers file git reads (gpg.ssh.allowedSignersFile): one line per
    /// keyed signer, `email namespaces="git"[,valid-after=…][,valid-before=…] key`.
    public var allowedSigners: String {
        compactMap { signer -> String? in
            guard let key = signer.publicKey else { return nil }
            var options = ["namespaces=\"git\""]
            if let after = signer.validAfter { options.append("valid-after=\"\(after.replacingOccurrences(of: "-", with: ""))\"") }
            if let before = signer.validBefore { options.append("valid-before=\"\(before.replacingOccurrences(of: "-", with: ""))\"") }
            return "\(signer.email) \(options.joined(separator: ",")) \(key.line)"
        }.map { $0 + "\n" }.joined()
    }
}

extension Workspace {
    /// The signers declared in planbench.yaml at `commit` (HEAD when nil).
    public func signers(at commit: ObjectID? = nil) throws -> [Signer] {
        guard let commit = try commit ?? head() else { return [] }
        return CheckContext(source: RevisionSource(repository: repository, commit: commit)).configuration?.signers ?? []
    }

    /// The signing key the user configured (`--key`, PLANBENCH_SIGNING_KEY, user.signingkey).
    public func signingKey(explicit: String?, environment: [String: String]) throws -> SigningKey? {
        try SigningKey.resolve(
            explicit: explicit, environment: environment, repository: repository,
            scratch: try FileManagerHelpers.localStatePath("keys", root: root))
    }

    /// The signer `key` stands for in `party` at `commit` today, or a refusal naming why not.
    func requireSigner(_ key: SigningKey, party: String, at commit: ObjectID, today: String) throws -> Signer {
        let signers = try signers(at: commit)
        let standing = signers.standing(of: key.publicKey, for: party, on: today)
        if case .signer(let signer) = standing { return signer }
        throw PlanBenchError.usage("cannot sign for \(party) with \(key.file) (\(key.origin)): \(standing.refusal(key: key.publicKey, party: party)!)")
    }

    /// The closure that signs a commit with `key`.
    func commitSigner(_ key: SigningKey, environment: [String: String]) -> CommitSigner {
        { data in try SSHKeygen.sign(data, with: key, environment: environment) }
    }

    /// Adds (or, for an existing signer of the party with that email, replaces) a
    /// signer with a key, in a commit signed by a current signer of the party. A
    /// party whose signers have no key yet takes its first key unsigned.
    public func addSigner(
        _ signer: Signer, signingKey: SigningKey?, environment: [String: String], author: Signature, today: String
    ) throws -> SaveOutcome {
        guard let key = signer.publicKey else { throw PlanBenchError.usage("the key is not an SSH public key (ssh-ed25519 AAAA…)") }
        for date in [signer.validAfter, signer.validBefore].compactMap({ $0 }) where !CalendarDate.isValid(date) {
            throw PlanBenchError.usage("\(date) is not a date; write it as YYYY-MM-DD")
        }
        return try changeSigners(party: signer.party, message: "Signers: \(signer.name) <\(signer.email)> signs for \(signer.party) with \(key.fingerprint)", signingKey: signingKey, environment: environment, author: author, today: today) { text, document in
            let others = (try? signers(at: head())) ?? []
            if let holder = others.first(where: { $0.publicKey?.blob == key.blob && !($0.email == signer.email && $0.party == signer.party) }) {
                throw PlanBenchError.usage("key \(key.fingerprint) is already the key of \(holder.name) <\(holder.email)> (\(holder.party)); one key, one signer")
            }
            return SignersEditing.upserting(signer, in: text, document: document)
        }
    }

    /// Removes a party's signer (by email), in a commit signed by a current signer of the party.
    public func removeSigner(
        party: String, email: String, signingKey: SigningKey?, environment: [String: String], author: Signature, today: String
    ) throws -> SaveOutcome {
        try changeSigners(party: party, message: "Signers: \(email) no longer signs for \(party)", signingKey: signingKey, environment: environment, author: author, today: today) { text, document in
            guard let edited = SignersEditing.removing(email: email, party: party, from: text, document: document) else {
                let listed = ((try? signers(at: head())) ?? []).filter { $0.party == party }.map(\.email)
                throw PlanBenchError.usage("\(email) is not a signer of \(party) (its signers: \(listed.isEmpty ? "none" : listed.joined(separator: ", ")))")
            }
            return edited
        }
    }

    private func changeSigners(
        party: String, message: String, signingKey: SigningKey?, environment: [String: String], author: Signature, today: String,
        edit: (String, Node) throws -> String
    ) throws -> SaveOutcome {
        guard !mergeInProgress else { throw PlanBenchError.mergeState("a merge is in progress; finish it first") }
        guard let head = try head() else { throw PlanBenchError.usage("the branch has no commits yet") }
        try requireParty(party, in: RevisionSource(repository: repository, commit: head))
        // Whether the change must be signed, and by whom, is decided on the commit it
        // starts from; a commit that lands first and changes that makes the retry refuse.
        let (sign, commitAuthor) = try signingForSignerChange(party: party, at: head, signingKey: signingKey, environment: environment, author: author, today: today)
        return try commitOnBranch(message: message, author: commitAuthor, writeAll: true, sign: sign) { parent in
            guard let parent else { throw PlanBenchError.usage("the branch has no commits yet") }
            if parent != head {
                _ = try signingForSignerChange(party: party, at: parent, signingKey: signingKey, environment: environment, author: author, today: today)
            }
            let path = WorkspaceLayout.configFile
            try requireNoUnsavedChanges([path], at: parent)
            guard let bytes = try gitCall({ try repository.blob(at: path, in: parent) }) else { throw PlanBenchError.notAWorkspace(directory: root) }
            let document = try DocumentReading.parse(bytes, path: path)
            return ([path: Array(try edit(String(decoding: bytes, as: UTF8.self), document).utf8)], [])
        }
    }

    /// The signer and author for a change to `party`'s signers made on `commit`:
    /// unsigned only while the party has no keyed signer (its first key).
    private func signingForSignerChange(
        party: String, at commit: ObjectID, signingKey: SigningKey?, environment: [String: String], author: Signature, today: String
    ) throws -> (CommitSigner?, Signature) {
        let current = try signers(at: commit)
        guard current.hasKeys(for: party) else {
            // The first key: a signature by a key not yet listed proves nothing, but
            // it does no harm either; verify reports the change as the first key.
            return (signingKey.map { commitSigner($0, environment: environment) }, author)
        }
        guard let signingKey else {
            throw PlanBenchError.usage("\(party)'s signers have keys, so a change to them must be signed by one of them: pass --signing-key FILE (or set PLANBENCH_SIGNING_KEY or git's user.signingkey)")
        }
        let signer = try requireSigner(signingKey, party: party, at: commit, today: today)
        return (commitSigner(signingKey, environment: environment),
                Signature(name: signer.name, email: signer.email, date: author.date, timeZoneOffsetMinutes: author.timeZoneOffsetMinutes))
    }
}

/// Edits the `signers:` list of planbench.yaml, through DocumentEditing so the
/// rest of the file keeps its bytes.
enum SignersEditing {
    static func upserting(_ signer: Signer, in text: String, document: Node) -> String {
        var list = document["signers"]?.sequence ?? []
        if let index = list.firstIndex(where: { $0["email"]?.string == signer.email && $0["party"]?.string == signer.party }) {
            list[index] = node(of: signer)
        } else {
            list.append(node(of: signer))
        }
        let edited = DocumentEditing.setting("signers", to: Node(.sequence(list)), in: document, after: ["actors", "parties"])
        return String(decoding: DocumentEditing.bytes(of: edited, replacing: document, in: Array(text.utf8), path: WorkspaceLayout.configFile), as: UTF8.self)
    }

    static func removing(email: String, party: String, from text: String, document: Node) -> String? {
        var list = document["signers"]?.sequence ?? []
        guard let index = list.firstIndex(where: { $0["email"]?.string == email && $0["party"]?.string == party }) else { return nil }
        list.remove(at: index)
        var edited = document
        edited["signers"] = Node(.sequence(list))
        return String(decoding: DocumentEditing.bytes(of: edited, replacing: document, in: Array(text.utf8), path: WorkspaceLayout.configFile), as: UTF8.self)
    }

    static func node(of signer: Signer) -> Node {
        var node: Node = ["name": Node(.string(signer.name)), "email": Node(.string(signer.email)), "party": Node(.string(signer.party))]
        if let key = signer.publicKey { node["key"] = Node(.string(key.line)) }
        if let after = signer.validAfter { node["validAfter"] = Node(.string(after)) }
        if let before = signer.validBefore { node["validBefore"] = Node(.string(before)) }
        return node
    }
}
