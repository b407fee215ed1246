// Reading and writing the review record as a document tree. The layout is
// `Schemas/review.schema.json`; records are schema-checked on every save,
// so reading here only has to say clearly what is missing, never guess.
import OrderedCollections
import PlanDocument

/// A review record that cannot be read as one.
public struct ReviewRecordError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var position: SourcePosition

    public var description: String { message }
}

extension ReviewRecord {
    /// Reads a record from its document tree.
    /// - Throws: ``ReviewRecordError`` naming the first missing or malformed field.
    public init(node: Node) throws(ReviewRecordError) {
        let reader = FieldReader(node: node, context: "review")
        let version = node["formatVersion"]?.integer ?? 0
        guard version == ReviewRecord.formatVersion else {
            throw ReviewRecordError(
                message: version > ReviewRecord.formatVersion
                    ? "review record format \(version) is newer than this planbench reads (\(ReviewRecord.formatVersion)); update planbench"
                    : "review record has no formatVersion: \(ReviewRecord.formatVersion) (records of the first layout must be rewritten; see Schemas/review.schema.json)",
                position: node["formatVersion"]?.position ?? node.position)
        }
        self.init(
            id: try reader.string("id"), type: try reader.enumeration("type"), edition: try reader.string("edition"),
            editionFingerprint: try reader.string("editionFingerprint"), baseline: try reader.string("baseline"),
            scope: try reader.strings("scope"), opened: try reader.string("opened"), due: try reader.string("due"))
        state = try reader.enumeration("state")
        closed = node["closed"]?.string
        reviewers = try (node["reviewers"]?.sequence ?? []).map { (item: Node) throws(ReviewRecordError) -> Reviewer in
            let r = FieldReader(node: item, context: "reviewer")
            return Reviewer(name: try r.string("name"), email: try r.string("email"), party: try r.string("party"), remit: item["remit"]?.string)
        }
        findings = try (node["findings"]?.sequence ?? []).map(Finding.init(node:))
        signoffs = try (node["signoffs"]?.sequence ?? []).map { (item: Node) throws(ReviewRecordError) -> SignOff in
            let r = FieldReader(node: item, context: "sign-off")
            return SignOff(
                party: try r.string("party"), name: try r.string("name"), email: try r.string("email"),
                meaning: try r.enumeration("meaning"), at: try r.string("at"), fingerprint: try r.string("fingerprint"))
        }
        decision = try node["decision"].map { (n: Node) throws(ReviewRecordError) -> Decision in try FieldReader.value(n, "decision", context: "review") }
        decisionRationale = node["decisionRationale"]?.string
        nextReview = node["nextReview"]?.string
        note = node["note"]?.string
        log = try (node["log"]?.sequence ?? []).map(LogEntry.init(node:))
    }

    /// The record as a document tree, fields in the schema's order.
    public var node: Node {
        var m = OrderedDictionary<String, Node>()
        m["kind"] = Node(.string("review"))
        m["formatVersion"] = Node(.integer(Self.formatVersion))
        m["id"] = Node(.string(id))
        m["type"] = Node(.string(type.rawValue))
        m["state"] = Node(.string(state.rawValue))
        m["edition"] = Node(.string(edition))
        m["editionFingerprint"] = Node(.string(editionFingerprint))
        m["baseline"] = Node(.string(baseline))
        m["scope"] = Node(.sequence(scope.map { Node(.string($0)) }))
        m["opened"] = Node(.string(opened))
        m["due"] = Node(.string(due))
        if let closed { m["closed"] = Node(.string(closed)) }
        m["reviewers"] = Node(.sequence(reviewers.map { r in
            var item = OrderedDictionary<String, Node>()
            item["name"] = Node(.string(r.name))
            item["email"] = Node(.string(r.email))
            item["party"] = Node(.string(r.party))
            if let remit = r.remit { item["remit"] = Node(.string(remit)) }
            return Node(.mapping(item))
        }))
        m["findings"] = Node(.sequence(findings.map { $0.node(includingLog: true) }))
        m["signoffs"] = Node(.sequence(signoffs.map { s in
            Node(.mapping([
                "party": Node(.string(s.party)), "name": Node(.string(s.name)), "email": Node(.string(s.email)),
                "meaning": Node(.string(s.meaning.rawValue)), "at": Node(.string(s.at)),
                "fingerprint": Node(.string(s.fingerprint)),
            ]))
        }))
        if let decision { m["decision"] = Node(.string(decision.rawValue)) }
        if let decisionRationale { m["decisionRationale"] = Node(.string(decisionRationale)) }
        if let nextReview { m["nextReview"] = Node(.string(nextReview)) }
        if let note { m["note"] = Node(.string(note)) }
        m["log"] = Node(.sequence(log.map(\.node)))
        return Node(.mapping(m))
    }

    /// The content a sign-off vouches for, as canonical JSON: scope, baseline,
    /// edition, every finding's substance and disposition, and the proposed
    /// decision. Left out: the state, the sign-offs themselves, the logs, and
    /// what closing adds (`closed`, `nextReview`), so closing does not
    /// outdate the concurrences it rests on.
    public var signedContent: [UInt8] {
        var m = OrderedDictionary<String, Node>()
        m["id"] = Node(.string(id))
        m["type"] = Node(.string(type.rawValue))
        m["edition"] = Node(.string(edition))
        m["editionFingerprint"] = Node(.string(editionFingerprint))
        m["baseline"] = Node(.string(baseline))
        m["scope"] = Node(.sequence(scope.map { Node(.string($0)) }))
        m["findings"] = Node(.sequence(findings.map { $0.node(includingLog: false) }))
        m["decision"] = decision.map { Node(.string($0.rawValue)) } ?? .null
        m["decisionRationale"] = decisionRationale.map { Node(.string($0)) } ?? .null
        return Array(JSONWriter.write(Node(.mapping(m)), pretty: false).utf8)
    }
}

extension Finding {
    init(node: Node) throws(ReviewRecordError) {
        let r = FieldReader(node: node, context: "finding")
        let targetNode = node["target"] ?? Node(.mapping([:]))
        let target = Target(
            plan: targetNode["plan"]?.string, planSection: targetNode["planSection"]?.string,
            edition: targetNode["edition"]?.string, guidelineSection: targetNode["guidelineSection"]?.string,
            actor: targetNode["actor"]?.string, task: targetNode["task"]?.string, party: targetNode["party"]?.string)
        let evidenceNode = node["evidence"] ?? Node(.mapping([:]))
        self.init(
            id: try r.string("id"), kind: try r.enumeration("kind"), target: target, origin: try r.string("origin"),
            evidence: Evidence(
                commit: evidenceNode["commit"]?.string, location: evidenceNode["location"]?.string,
                excerpt: evidenceNode["excerpt"]?.string),
            severity: try r.enumeration("severity"), owner: node["owner"]?.string, note: try r.string("note"),
            status: try r.enumeration("status"),
            log: try (node["log"]?.sequence ?? []).map(ReviewRecord.LogEntry.init(node:)))
        if let remediation = node["remediation"] {
            let rr = FieldReader(node: remediation, context: "remediation of finding \(id)")
            self.remediation = Remediation(owner: try rr.string("owner"), deadline: try rr.string("deadline"))
        }
        resolvedBy = node["resolvedBy"]?.string
        rationale = node["rationale"]?.string
        until = node["until"]?.string
    }

    func node(includingLog: Bool) -> Node {
        var m = OrderedDictionary<String, Node>()
        m["id"] = Node(.string(id))
        m["kind"] = Node(.string(kind.rawValue))
        var t = OrderedDictionary<String, Node>()
        for (key, value) in [
            ("plan", target.plan), ("planSection", target.planSection), ("edition", target.edition),
            ("guidelineSection", target.guidelineSection), ("actor", target.actor), ("task", target.task),
            ("party", target.party),
        ] {
            if let value { t[key] = Node(.string(value)) }
        }
        m["target"] = Node(.mapping(t))
        m["origin"] = Node(.string(origin))
        var e = OrderedDictionary<String, Node>()
        if let commit = evidence.commit { e["commit"] = Node(.string(commit)) }
        if let location = evidence.location { e["location"] = Node(.string(location)) }
        if let excerpt = evidence.excerpt { e["excerpt"] = Node(.string(excerpt)) }
        if !e.isEmpty { m["evidence"] = Node(.mapping(e)) }
        m["severity"] = Node(.string(severity.rawValue))
        if let owner { m["owner"] = Node(.string(owner)) }
        m["note"] = Node(.string(note))
        m["status"] = Node(.string(status.rawValue))
        if let remediation {
            m["remediation"] = Node(.mapping(["owner": Node(.string(remediation.owner)), "deadline": Node(.string(remediation.deadline))]))
        }
        if let resolvedBy { m["resolvedBy"] = Node(.string(resolvedBy)) }
        if let rationale { m["rationale"] = Node(.string(rationale)) }
        if let until { m["until"] = Node(.string(until)) }
        if includingLog { m["log"] = Node(.sequence(log.map(\.node))) }
        return Node(.mapping(m))
    }
}

extension ReviewRecord.LogEntry {
    init(node: Node) throws(ReviewRecordError) {
        let r = FieldReader(node: node, context: "log entry")
        self.init(at: try r.string("at"), by: try r.string("by"), action: try r.string("action"), note: node["note"]?.string)
    }

    var node: Node {
        var m: OrderedDictionary<String, Node> = [
            "at": Node(.string(at)), "by": Node(.string(by)), "action": Node(.string(action)),
        ]
        if let note { m["note"] = Node(.string(note)) }
        return Node(.mapping(m))
    }
}

/// Reads required fields of one mapping, with errors that name the field.
struct FieldReader {
    let node: Node
    let context: String

    func string(_ key: String) throws(ReviewRecordError) -> String {
        guard let value = node[key]?.string else {
            throw ReviewRecordError(message: "\(context) has no \(key) (text expected)", position: node[key]?.position ?? node.position)
        }
        return value
    }

    func strings(_ key: String) throws(ReviewRecordError) -> [String] {
        guard let items = node[key]?.sequence else {
            throw ReviewRecordError(message: "\(context) has no \(key) (a list expected)", position: node.position)
        }
        return try items.map { (item: Node) throws(ReviewRecordError) -> String in
            guard let s = item.string else { throw ReviewRecordError(message: "\(context): \(key) holds a non-text item", position: item.position) }
            return s
        }
    }

    func enumeration<E: RawRepresentable & CaseIterable>(_ key: String) throws(ReviewRecordError) -> E where E.RawValue == String {
        guard let value = node[key] else {
            throw ReviewRecordError(message: "\(context) has no \(key)", position: node.position)
        }
        return try Self.value(value, key, context: context)
    }

    static func value<E: RawRepresentable & CaseIterable>(_ node: Node, _ key: String, context: String) throws(ReviewRecordError) -> E where E.RawValue == String {
        guard let text = node.string, let value = E(rawValue: text) else {
            let allowed = E.allCases.map(\.rawValue).joined(separator: ", ")
            throw ReviewRecordError(message: "\(context): \(key) must be one of \(allowed)", position: node.position)
        }
        return value
    }
}
