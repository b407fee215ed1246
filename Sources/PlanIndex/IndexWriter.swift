// Writing the index inside one transaction: documents by blob (parsed once
// each), commits in topological order, and the documents at the tip.
import Foundation
import GRDB
import PlanDocument

/// Adds to the index within one ``IndexStore/update(_:)`` transaction.
///
/// The caller hands documents before the commits that refer to them:
/// `add(_ document:)` for every blob ``knowsBlob(_:)`` says is new, then
/// `add(_ commit:)` in topological order, then ``moveTip(to:branch:changes:)``.
public final class IndexWriter {
    let db: Database
    /// Documents parsed into the index by this writer (the cost of an update
    /// follows this number and ``commitsAdded``).
    public private(set) var documentsAdded = 0
    public private(set) var commitsAdded = 0
    private var knownBlobs: [String: Bool] = [:]
    private var fieldCache: [String: [FieldKey: Int64]] = [:]
    private var nextSeq: Int64?

    init(db: Database) { self.db = db }

    struct FieldKey: Hashable {
        var section: String
        var field: String
    }

    // MARK: State

    public func state() throws -> IndexState {
        let rows = try Row.fetchAll(db, sql: "SELECT key, value FROM meta")
        var values: [String: String] = [:]
        for row in rows { values[row["key"]] = row["value"] }
        return IndexState(branch: values["branch"], tip: values["tip"], format: values["format"], extractorVersion: values["extractor"].flatMap { Int($0) })
    }

    private func setMeta(_ key: String, _ value: String?) throws {
        if let value {
            try db.execute(sql: "INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value", arguments: [key, value])
        } else {
            try db.execute(sql: "DELETE FROM meta WHERE key = ?", arguments: [key])
        }
    }

    /// Forgets everything that depends on which history is indexed (commits,
    /// changes, versions, the tip's documents and their search rows); parsed
    /// blobs stay, since a blob's content never changes.
    public func resetHistory() throws {
        try db.execute(sql: """
            DELETE FROM commits; DELETE FROM changes; DELETE FROM document_versions;
            DELETE FROM head_documents; DELETE FROM field_changes;
            INSERT INTO search(search) VALUES('delete-all');
            """)
        try setMeta("tip", nil)
        try setMeta("branch", nil)
        nextSeq = nil
    }

    /// Sets a `meta` value directly (tests simulate indexes of other versions).
    public func overrideMetaForTesting(_ key: String, _ value: String) throws {
        try setMeta(key, value)
    }

    /// Records which history the index reflects, and what produced it.
    public func setTip(_ tip: String?, branch: String?, producer: String) throws {
        try setMeta("format", IndexSchema.format)
        try setMeta("extractor", String(IndexSchema.extractorVersion))
        try setMeta("producer", producer)
        try setMeta("tip", tip)
        try setMeta("branch", branch)
    }

    /// How many commits the index holds.
    public func commitCount() throws -> Int {
        try Int.fetchOne(db, sql: "SELECT count(*) FROM commits") ?? 0
    }

    /// Whether a commit is indexed.
    public func knowsCommit(_ id: String) throws -> Bool {
        try Int.fetchOne(db, sql: "SELECT 1 FROM commits WHERE id = ?", arguments: [id]) != nil
    }

    // MARK: Documents

    /// Whether the blob was parsed into the index already.
    public func knowsBlob(_ id: String) throws -> Bool {
        if let known = knownBlobs[id] { return known }
        let known = try Int.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM blobs WHERE id = ?"), arguments: [id]) != nil
        knownBlobs[id] = known
        return known
    }

    /// The kind of an indexed blob; nil when it is not indexed.
    public func kind(ofBlob id: String) throws -> String? {
        if knownBlobs[id] == false { return nil }
        let kind = try String.fetchOne(db.cachedStatement(sql: "SELECT kind FROM blobs WHERE id = ?"), arguments: [id])
        knownBlobs[id] = kind != nil
        return kind
    }

    /// Stores what the index keeps of one document blob.
    public func add(_ document: IndexedDocument) throws {
        guard try !knowsBlob(document.blob) else { return }
        try execute("INSERT INTO blobs(id, kind, error) VALUES (?, ?, ?)", [document.blob, document.kind, document.error])
        knownBlobs[document.blob] = true
        documentsAdded += 1
        if let facts = document.planFacts {
            try execute("INSERT OR REPLACE INTO plan_facts(blob, facts) VALUES (?, ?)", [document.blob, Data(facts)])
        }
        guard let node = document.node else { return }
        switch document.kind {
        case "plan": try addPlan(node, blob: document.blob, path: document.path)
        case "review": try addReview(node, blob: document.blob, path: document.path)
        case "guideline-edition": try addEdition(node, blob: document.blob, fingerprints: document.sectionFingerprints)
        case "crosswalk": try addCrosswalk(node, blob: document.blob)
        default: break
        }
    }

    private func execute(_ sql: String, _ arguments: StatementArguments) throws {
        try db.cachedStatement(sql: sql).execute(arguments: arguments)
    }

    private static func line(_ node: Node?) -> Int? {
        guard let node, node.position.isKnown else { return nil }
        return node.position.line
    }

    private func addPlan(_ plan: Node, blob: String, path: String) throws {
        let planID = plan["id"]?.string ?? Self.idFromPath(path)
        let planEdition = plan["edition"]?.string ?? ""
        let owners = (plan["owners"]).map { JSONWriter.write($0, pretty: false) }
        try execute(
            "INSERT INTO plans(blob, id, title, status, edition, owners, review_cycle, last_reviewed, summary) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [blob, planID, plan["title"]?.string, plan["status"]?.string, plan["edition"]?.string, owners,
             plan["reviewCycle"]?.string, Self.scalarText(plan["lastReviewed"]), plan["summary"]?.string])
        try addText(blob: blob, kind: "plan", plan: planID, section: nil, line: Self.line(plan["title"]) ?? 1,
                    title: plan["title"]?.string, body: plan["summary"]?.string)
        var fields: [FieldKey: Int64] = [:]
        var order: [FieldKey] = []
        for (key, value) in plan.mapping ?? [:] where key != "id" && key != "sections" {
            fields[FieldKey(section: "", field: key)] = FieldHash.of(value)
            order.append(FieldKey(section: "", field: key))
        }
        for (position, section) in (plan["sections"]?.sequence ?? []).enumerated() {
            guard let sectionID = section["id"]?.string else { continue }
            try execute(
                "INSERT OR IGNORE INTO plan_sections(blob, plan, section, position, title, prose, line) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [blob, planID, sectionID, position, section["title"]?.string, section["prose"]?.string, Self.line(section["id"])])
            for (key, value) in section.mapping ?? [:] where key != "id" {
                let fieldKey = FieldKey(section: sectionID, field: key)
                if fields.updateValue(FieldHash.of(value), forKey: fieldKey) == nil { order.append(fieldKey) }
            }
            for citation in section["citations"]?.sequence ?? [] {
                guard let cited = citation["section"]?.string else { continue }
                try execute(
                    "INSERT INTO citations(blob, plan, plan_section, edition, guideline_section, fingerprint, line) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [blob, planID, sectionID, citation["edition"]?.string ?? planEdition, cited, citation["fingerprint"]?.string, Self.line(citation["section"])])
            }
            for role in section["roles"]?.sequence ?? [] {
                guard let actor = role["actor"]?.string else { continue }
                try execute(
                    "INSERT INTO role_assignments(blob, plan, plan_section, actor, responsibility, scope) VALUES (?, ?, ?, ?, ?, ?)",
                    [blob, planID, sectionID, actor, role["responsibility"]?.string, role["scope"]?.string])
            }
            var taskTitles: [String] = []
            for task in section["tasks"]?.sequence ?? [] {
                guard let taskID = task["id"]?.string else { continue }
                try execute(
                    "INSERT INTO tasks(blob, plan, plan_section, task, title, owner, due, state) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    [blob, planID, sectionID, taskID, task["title"]?.string, task["owner"]?.string, Self.scalarText(task["due"]), task["state"]?.string])
                if let title = task["title"]?.string { taskTitles.append(title) }
            }
            let body = ([section["prose"]?.string].compactMap { $0 } + taskTitles).joined(separator: "\n")
            try addText(blob: blob, kind: "plan", plan: planID, section: sectionID,
                        line: Self.line(section["prose"]) ?? Self.line(section["id"]), title: section["title"]?.string, body: body)
        }
        for (position, key) in order.enumerated() {
            try execute("INSERT INTO field_values(blob, plan_section, field, hash, position) VALUES (?, ?, ?, ?, ?)",
                        [blob, key.section, key.field, fields[key]!, position])
        }
        fieldCache[blob] = fields
    }

    private func addReview(_ review: Node, blob: String, path: String) throws {
        let reviewID = review["id"]?.string ?? Self.idFromPath(path)
        try execute(
            "INSERT INTO reviews(blob, id, type, state, edition, opened, due, closed, decision) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [blob, reviewID, review["type"]?.string, review["state"]?.string, review["edition"]?.string,
             Self.scalarText(review["opened"]), Self.scalarText(review["due"]), Self.scalarText(review["closed"]),
             review["decision"]?["decision"]?.string ?? review["decision"]?.string])
        for finding in review["findings"]?.sequence ?? [] {
            guard let findingID = finding["id"]?.string else { continue }
            let target = finding["target"]
            try execute(
                "INSERT INTO findings(blob, review, finding, kind, severity, status, plan, plan_section, guideline_section, note, line) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [blob, reviewID, findingID, finding["kind"]?.string, finding["severity"]?.string, finding["status"]?.string,
                 target?["plan"]?.string, target?["planSection"]?.string, target?["section"]?.string, finding["note"]?.string,
                 Self.line(finding["id"])])
            if let note = finding["note"]?.string {
                try addText(blob: blob, kind: "review", plan: target?["plan"]?.string, section: target?["planSection"]?.string,
                            line: Self.line(finding["note"]) ?? Self.line(finding["id"]), title: "\(reviewID) \(findingID)", body: note)
            }
        }
    }

    private func addEdition(_ edition: Node, blob: String, fingerprints: [String: String]) throws {
        let editionID = edition["id"]?.string ?? ""
        func visit(_ sections: [Node], parent: String?) throws {
            for section in sections {
                guard let id = section["id"]?.string else { continue }
                try execute(
                    "INSERT OR IGNORE INTO guideline_sections(blob, edition, section, parent, title, fingerprint) VALUES (?, ?, ?, ?, ?, ?)",
                    [blob, editionID, id, parent, section["title"]?.string, fingerprints[id]])
                try visit(section["sections"]?.sequence ?? [], parent: id)
            }
        }
        try visit(edition["sections"]?.sequence ?? [], parent: nil)
    }

    private func addCrosswalk(_ crosswalk: Node, blob: String) throws {
        let from = crosswalk["from"]?.string ?? ""
        let to = crosswalk["to"]?.string ?? ""
        for entry in crosswalk["entries"]?.sequence ?? [] {
            guard let source = entry["from"]?.string else { continue }
            for target in entry["to"]?.sequence ?? [] {
                guard let target = target.string else { continue }
                try execute(
                    "INSERT INTO crosswalk_entries(blob, from_edition, from_section, to_edition, to_section, relation) VALUES (?, ?, ?, ?, ?, ?)",
                    [blob, from, source, to, target, entry["relation"]?.string])
            }
        }
    }

    private func addText(blob: String, kind: String, plan: String?, section: String?, line: Int?, title: String?, body: String?) throws {
        guard title != nil || body != nil else { return }
        try execute(
            "INSERT INTO texts(blob, kind, plan, plan_section, line, title, body) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [blob, kind, plan, section, line, title, body])
    }

    /// A scalar as text (dates may be read as strings or left as they were written).
    static func scalarText(_ node: Node?) -> String? {
        guard let node else { return nil }
        switch node.content {
        case .string(let s): return s
        case .integer(let i): return String(i)
        case .number(let d): return String(d)
        case .bool(let b): return String(b)
        default: return nil
        }
    }

    static func idFromPath(_ path: String) -> String {
        var name = Substring(path.split(separator: "/").last ?? Substring(path))
        for ext in [".yaml", ".yml", ".json"] where name.hasSuffix(ext) { name = name.dropLast(ext.count) }
        return String(name)
    }

    // MARK: Commits

    private func fields(of blob: String?) throws -> [FieldKey: Int64] {
        guard let blob else { return [:] }
        if let cached = fieldCache[blob] { return cached }
        var fields: [FieldKey: Int64] = [:]
        for row in try Row.fetchAll(db.cachedStatement(sql: "SELECT plan_section, field, hash FROM field_values WHERE blob = ?"), arguments: [blob]) {
            fields[FieldKey(section: row[0], field: row[1])] = row[2]
        }
        if fieldCache.count > 4096 { fieldCache.removeAll(keepingCapacity: true) }
        fieldCache[blob] = fields
        return fields
    }

    private func planID(blob: String?) throws -> String? {
        guard let blob else { return nil }
        return try String.fetchOne(db.cachedStatement(sql: "SELECT id FROM plans WHERE blob = ?"), arguments: [blob])
    }

    /// Appends a commit after every commit it descends from; its documents must
    /// have been added.
    public func add(_ commit: IndexedCommit) throws {
        if nextSeq == nil { nextSeq = (try Int64.fetchOne(db, sql: "SELECT max(seq) FROM commits") ?? 0) + 1 }
        let seq = nextSeq!
        nextSeq = seq + 1
        try execute(
            "INSERT INTO commits(seq, id, parents, author, email, time, utc_offset, message) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [seq, commit.id, commit.parents.joined(separator: " "), commit.author, commit.email, commit.time, commit.utcOffset, commit.message])
        commitsAdded += 1
        for (parent, list) in commit.changes.enumerated() {
            for change in list {
                try execute("INSERT OR REPLACE INTO changes(commit_seq, parent, path, old_blob, new_blob) VALUES (?, ?, ?, ?, ?)",
                            [seq, parent, change.path, change.oldBlob, change.newBlob])
            }
        }
        // Versions along the first parent.
        let firstParentSeq = try commit.parents.first.flatMap {
            try Int64.fetchOne(db.cachedStatement(sql: "SELECT seq FROM commits WHERE id = ?"), arguments: [$0])
        }
        for change in commit.changes.first ?? [] {
            if change.oldBlob != nil {
                try execute("UPDATE document_versions SET last_seen = ? WHERE path = ? AND last_seen IS NULL",
                            [firstParentSeq ?? seq, change.path])
            }
            if let new = change.newBlob {
                try execute("INSERT OR REPLACE INTO document_versions(path, blob, kind, first_seen, last_seen) VALUES (?, ?, ?, ?, NULL)",
                            [change.path, new, change.kind, seq])
            }
        }
        for (newPath, oldPath) in commit.renames.sorted(by: { $0.key < $1.key }) {
            try execute("INSERT OR REPLACE INTO renames(commit_seq, old_path, new_path) VALUES (?, ?, ?)", [seq, oldPath, newPath])
        }
        // Fields of plans this commit changed: against every parent, so a merge is
        // charged only with what it changed itself. A moved plan is compared with
        // its old path's version, so the move charges only what it changed (its
        // id); its old path records nothing (the plan was moved, not deleted).
        let movedAway = Set(commit.renames.values)
        let byPath = commit.changes.map { list in Dictionary(list.map { ($0.path, $0) }, uniquingKeysWith: { a, _ in a }) }
        /// A path's change against one parent; a plan moved to it is compared with its old path's version.
        func compared(_ path: String, against parent: Int) -> IndexedChange? {
            guard var change = byPath[parent][path] else { return nil }
            if change.oldBlob == nil, let old = commit.renames[path], let moved = byPath[parent][old] { change.oldBlob = moved.oldBlob }
            return change
        }
        for listed in commit.changes.first ?? [] where listed.kind == "plan" && !(movedAway.contains(listed.path) && listed.newBlob == nil) {
            guard let change = compared(listed.path, against: 0) else { continue }
            var olds: [String?] = []
            var inEveryParent = true
            for parent in byPath.indices {
                guard let same = compared(listed.path, against: parent) else { inEveryParent = false; break }
                olds.append(same.oldBlob)
            }
            guard inEveryParent else { continue }
            let newFields = try fields(of: change.newBlob)
            let oldFields = try olds.map { try fields(of: $0) }
            var keys = Set(newFields.keys)
            for old in oldFields { keys.formUnion(old.keys) }
            let plan = try planID(blob: change.newBlob) ?? planID(blob: change.oldBlob) ?? Self.idFromPath(change.path)
            for key in keys where oldFields.allSatisfy({ $0[key] != newFields[key] }) {
                try execute(
                    "INSERT INTO field_changes(commit_seq, path, plan, plan_section, field, old_blob, new_blob) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [seq, change.path, plan, key.section, key.field, change.oldBlob, change.newBlob])
            }
        }
    }

    /// Moves the indexed tip: applies the documents that differ between the old tip
    /// and the new one, keeping the search table to the new tip's texts.
    public func moveTip(to tip: String?, branch: String?, producer: String, changes: [IndexedChange]) throws {
        for change in changes {
            if let old = change.oldBlob {
                try execute("DELETE FROM head_documents WHERE path = ?", [change.path])
                if try Int.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM head_documents WHERE blob = ?"), arguments: [old]) == nil {
                    try execute("INSERT INTO search(search, rowid, title, body) SELECT 'delete', id, title, body FROM texts WHERE blob = ?", [old])
                }
            }
            if let new = change.newBlob {
                let shown = try Int.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM head_documents WHERE blob = ?"), arguments: [new]) != nil
                try execute("INSERT OR REPLACE INTO head_documents(path, blob, kind) VALUES (?, ?, ?)", [change.path, new, change.kind])
                if !shown {
                    try execute("INSERT INTO search(rowid, title, body) SELECT id, title, body FROM texts WHERE blob = ?", [new])
                }
            }
        }
        try setTip(tip, branch: branch, producer: producer)
    }

    /// The documents at the indexed tip, by path.
    public func tipDocuments() throws -> [String: String] {
        var result: [String: String] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT path, blob FROM head_documents") { result[row[0]] = row[1] }
        return result
    }
}
