// What the review checks, coverage, review due and the review report read of
// a plan, extracted once per plan blob. Facts depend only on the blob's
// content (never on its path: the same blob may sit under two names), so they
// are kept by blob id in the workspace index and in the local cache, and never
// go stale. Every reader sees exactly what a parse of the plan gives, because
// both stores hold what `PlanFacts(plan:)` extracted from that parse.
import PlanDocument

/// The parts of one plan that the review checks, coverage, `review due` and the
/// review report read. Fields mirror the plan's: `nil` where the plan has no
/// such string; lines are 1-based, `nil` when the node is absent (or its
/// position unknown).
struct PlanFacts: Sendable, Equatable {
    struct Citation: Sendable, Equatable {
        var section: String
        /// The edition the citation names; nil: the plan's.
        var edition: String?
        var fingerprint: String?
        /// Line of `section:`.
        var line: Int?
    }

    struct Role: Sendable, Equatable {
        var actor: String?
        var responsibility: String?
        /// Line of `responsibility:`, else of the role.
        var line: Int?
    }

    struct Task: Sendable, Equatable {
        var id: String?
        var due: String?
        var state: String?
        var owner: String?
        /// Line of `due:`, else of the task.
        var line: Int?
    }

    struct Section: Sendable, Equatable {
        var id: String?
        /// Citations with a `section` string, in order.
        var citations: [Citation] = []
        /// Every role, in order (an index into this list is the role's index in the plan).
        var roles: [Role] = []
        var tasks: [Task] = []
    }

    var id: String?
    var title: String?
    var status: String?
    var edition: String?
    var editionLine: Int?
    var lastReviewed: String?
    var lastReviewedLine: Int?
    var reviewCycle: String?
    /// `parties:` strings, in order.
    var parties: [String] = []
    /// The `party` string of each owner that has one, in order.
    var ownerParties: [String] = []
    var ownersLine: Int?
    var sections: [Section] = []

    init() {}

    init(plan: Node) {
        func line(_ node: Node?) -> Int? { node.flatMap { $0.position.isKnown ? $0.position.line : nil } }
        id = plan["id"]?.string
        title = plan["title"]?.string
        status = plan["status"]?.string
        edition = plan["edition"]?.string
        editionLine = line(plan["edition"])
        lastReviewed = plan["lastReviewed"]?.string
        lastReviewedLine = line(plan["lastReviewed"])
        reviewCycle = plan["reviewCycle"]?.string
        parties = (plan["parties"]?.sequence ?? []).compactMap(\.string)
        ownerParties = (plan["owners"]?.sequence ?? []).compactMap { $0["party"]?.string }
        ownersLine = line(plan["owners"])
        sections = (plan["sections"]?.sequence ?? []).map { section in
            Section(
                id: section["id"]?.string,
                citations: (section["citations"]?.sequence ?? []).compactMap { citation in
                    citation["section"]?.string.map {
                        Citation(section: $0, edition: citation["edition"]?.string, fingerprint: citation["fingerprint"]?.string, line: line(citation["section"]))
                    }
                },
                roles: (section["roles"]?.sequence ?? []).map { role in
                    Role(actor: role["actor"]?.string, responsibility: role["responsibility"]?.string, line: line(role["responsibility"] ?? role))
                },
                tasks: (section["tasks"]?.sequence ?? []).map { task in
                    Task(id: task["id"]?.string, due: task["due"]?.string, state: task["state"]?.string, owner: task["owner"]?.string, line: line(task["due"] ?? task))
                })
        }
    }

    /// The plan's id as the checks name it: its `id`, else the file's name.
    func planID(path: String) -> String { id ?? WorkspaceLayout.idFromPath(path) }

    /// The sections of `editionID` the plan cites, in the plan's order, possibly repeated.
    func citedSections(of editionID: String) -> [String] {
        sections.flatMap { section in section.citations.compactMap { ($0.edition ?? edition ?? "") == editionID ? $0.section : nil } }
    }

    // MARK: Encoding

    /// Version of the encoding below; bytes of another version do not decode.
    static let encodingVersion: UInt8 = 1

    /// A compact binary form: the version byte, then every field in declaration
    /// order; an optional string or line is a varint (0: nil, else 1 + length or
    /// line) followed by the UTF-8 bytes; a list is a varint count.
    var encoded: [UInt8] {
        var out: [UInt8] = [Self.encodingVersion]
        out.reserveCapacity(1024)
        func varint(_ value: Int) { LEB128.append(UInt64(value), to: &out) }
        func string(_ s: String?) {
            guard let s else { return varint(0) }
            varint(s.utf8.count + 1)
            out.append(contentsOf: s.utf8)
        }
        func number(_ n: Int?) { varint(n.map { $0 + 1 } ?? 0) }
        string(id); string(title); string(status); string(edition); number(editionLine)
        string(lastReviewed); number(lastReviewedLine); string(reviewCycle)
        varint(parties.count); for p in parties { string(p) }
        varint(ownerParties.count); for p in ownerParties { string(p) }
        number(ownersLine)
        varint(sections.count)
        for section in sections {
            string(section.id)
            varint(section.citations.count)
            for c in section.citations { string(c.section); string(c.edition); string(c.fingerprint); number(c.line) }
            varint(section.roles.count)
            for r in section.roles { string(r.actor); string(r.responsibility); number(r.line) }
            varint(section.tasks.count)
            for t in section.tasks { string(t.id); string(t.due); string(t.state); string(t.owner); number(t.line) }
        }
        return out
    }

    /// Decodes ``encoded``; nil for bytes that are not exactly one encoding of
    /// this version (the bytes come from files anyone can write).
    init?(encoded bytes: [UInt8]) {
        guard let facts = bytes.withUnsafeBufferPointer({ Self.decode($0) }) else { return nil }
        self = facts
    }

    private static func decode(_ bytes: UnsafeBufferPointer<UInt8>) -> PlanFacts? {
        var at = 0
        var failed = false
        guard bytes.first == encodingVersion else { return nil }
        at = 1
        func varint() -> Int {
            // Lengths and counts are checked against the bytes left; lines fit an Int.
            guard let value = LEB128.read(bytes, at: &at), value <= UInt64(Int.max / 2) else {
                failed = true
                return 0
            }
            return Int(value)
        }
        func string() -> String? {
            let n = varint()
            guard n > 0, !failed else { return nil }
            guard n - 1 <= bytes.count - at else { failed = true; return nil }
            let text = String(validating: UnsafeBufferPointer(rebasing: bytes[at..<(at + n - 1)]), as: UTF8.self)
            if text == nil { failed = true }
            at += n - 1
            return text
        }
        func required() -> String {
            guard let s = string() else { failed = true; return "" }
            return s
        }
        func number() -> Int? {
            let n = varint()
            return n == 0 ? nil : n - 1
        }
        /// A count no larger than the bytes left could hold (every item takes at least one byte).
        func count() -> Int {
            let n = varint()
            if n > bytes.count - at { failed = true; return 0 }
            return n
        }
        var facts = PlanFacts()
        facts.id = string(); facts.title = string(); facts.status = string(); facts.edition = string()
        facts.editionLine = number(); facts.lastReviewed = string(); facts.lastReviewedLine = number()
        facts.reviewCycle = string()
        for _ in 0..<count() where !failed { facts.parties.append(required()) }
        for _ in 0..<count() where !failed { facts.ownerParties.append(required()) }
        facts.ownersLine = number()
        for _ in 0..<count() where !failed {
            var section = Section(id: string())
            for _ in 0..<count() where !failed {
                section.citations.append(Citation(section: required(), edition: string(), fingerprint: string(), line: number()))
            }
            for _ in 0..<count() where !failed {
                section.roles.append(Role(actor: string(), responsibility: string(), line: number()))
            }
            for _ in 0..<count() where !failed {
                section.tasks.append(Task(id: string(), due: string(), state: string(), owner: string(), line: number()))
            }
            facts.sections.append(section)
        }
        guard !failed, at == bytes.count else { return nil }
        return facts
    }
}
