// What the commands ask the index: full-text search, the history of the plan
// content citing a Guideline section, structural blame, and read-only SQL.
import Foundation
import GRDB

/// A commit as the index keeps it.
public struct IndexedCommitSummary: Sendable, Hashable {
    public var id: String
    public var author: String
    public var email: String
    public var time: Int64
    public var utcOffset: Int
    public var message: String

    public var summary: String { String(message.prefix { $0 != "\n" }) }

    init(row: Row) {
        id = row["id"]
        author = row["author"]
        email = row["email"]
        time = row["time"]
        utcOffset = row["utc_offset"]
        message = row["message"]
    }
}

/// A Guideline section in one edition.
public struct SectionReference: Sendable, Hashable {
    public var edition: String
    public var section: String
    public init(edition: String, section: String) {
        self.edition = edition
        self.section = section
    }
}

/// What restricts a search.
public struct SearchFilter: Sendable {
    /// Hits in plans of this edition (or findings of reviews of it).
    public var edition: String?
    /// Hits in plan sections citing one of these (or findings about one of them).
    public var sections: [SectionReference]?
    /// Hits in plans with this status.
    public var status: String?
    /// Hits in plan sections that assign a role or a task to this actor.
    public var actor: String?
    public var limit: Int

    public init(edition: String? = nil, sections: [SectionReference]? = nil, status: String? = nil, actor: String? = nil, limit: Int = 20) {
        self.edition = edition
        self.sections = sections
        self.status = status
        self.actor = actor
        self.limit = limit
    }
}

/// One search hit.
public struct SearchHit: Sendable, Hashable {
    /// The plan (or the plan a finding is about); nil for a finding about no plan.
    public var plan: String?
    /// The plan section; nil for a plan's title and summary.
    public var planSection: String?
    public var title: String?
    /// The best-matching text around the hits, matched terms in `[` `]`.
    public var snippet: String
    /// The bm25 score, negated so that higher is better.
    public var rank: Double
    public var path: String
    public var line: Int?
}

/// A commit that changed plan content citing a Guideline section.
public struct SectionLogEntry: Sendable {
    public struct Touch: Sendable, Hashable {
        public var plan: String
        public var planSection: String
        public var path: String
    }
    public var commit: IndexedCommitSummary
    public var touched: [Touch]
}

/// The last change of one field of a plan.
public struct BlameEntry: Sendable {
    /// The plan section; "" for a field of the plan itself.
    public var planSection: String
    public var field: String
    public var commit: IndexedCommitSummary?
}

/// The result of a read-only query.
public struct QueryResult: Sendable {
    /// One SQLite value.
    public enum Value: Sendable, Hashable {
        case null
        case integer(Int64)
        case real(Double)
        case text(String)
        case blob([UInt8])
    }
    public var columns: [String]
    public var rows: [[Value]]
}

extension IndexStore {
    // MARK: Search

    /// Ranked full-text hits among the documents at the tip, or among `documents`
    /// (path -> blob, all already indexed) for another revision.
    ///
    /// `query` is a list of words; `word*` matches by prefix, `"a phrase"` a
    /// phrase, and `OR` / `NOT` combine terms; other punctuation is taken literally.
    public func search(_ query: String, filter: SearchFilter, documents: [String: String]? = nil) throws -> [SearchHit] {
        let match = Self.matchExpression(query)
        guard !match.isEmpty else { return [] }
        return try read { db in
            var table = "search"
            var documentsTable = "head_documents"
            var textID = "search.rowid"
            if let documents {
                try db.execute(sql: """
                    CREATE TEMP TABLE IF NOT EXISTS rev_documents(path TEXT PRIMARY KEY, blob TEXT NOT NULL, kind TEXT NOT NULL);
                    DELETE FROM rev_documents;
                    DROP TABLE IF EXISTS temp.rev_search;
                    CREATE VIRTUAL TABLE temp.rev_search USING fts5(title, body, text_id UNINDEXED, tokenize='unicode61 remove_diacritics 2', prefix='2 3');
                    """)
                for (path, blob) in documents {
                    try db.execute(sql: "INSERT INTO rev_documents(path, blob, kind) VALUES (?, ?, '')", arguments: [path, blob])
                }
                try db.execute(sql: """
                    INSERT INTO rev_search(title, body, text_id)
                    SELECT t.title, t.body, t.id FROM texts t WHERE t.blob IN (SELECT DISTINCT blob FROM rev_documents)
                    """)
                table = "rev_search"
                documentsTable = "rev_documents"
                textID = "rev_search.text_id"
            }
            var conditions = ["\(table) MATCH ?"]
            var arguments: [DatabaseValueConvertible?] = [match]
            if let status = filter.status {
                conditions.append("EXISTS (SELECT 1 FROM plans p WHERE p.blob = t.blob AND p.status = ?)")
                arguments.append(status)
            }
            if let edition = filter.edition {
                conditions.append("(EXISTS (SELECT 1 FROM plans p WHERE p.blob = t.blob AND p.edition = ?) OR EXISTS (SELECT 1 FROM reviews r WHERE r.blob = t.blob AND r.edition = ?))")
                arguments += [edition, edition]
            }
            if let sections = filter.sections {
                guard !sections.isEmpty else { return [] }
                let values = Array(repeating: "(?, ?)", count: sections.count).joined(separator: ", ")
                conditions.append("""
                    (EXISTS (SELECT 1 FROM citations c WHERE c.blob = t.blob AND (t.plan_section IS NULL OR c.plan_section = t.plan_section)
                             AND (c.edition, c.guideline_section) IN (VALUES \(values)))
                     OR EXISTS (SELECT 1 FROM findings f JOIN reviews r ON r.blob = f.blob WHERE f.blob = t.blob AND t.kind = 'review'
                             AND (r.edition, f.guideline_section) IN (VALUES \(values))))
                    """)
                for reference in sections { arguments += [reference.edition, reference.section] }
                for reference in sections { arguments += [reference.edition, reference.section] }
            }
            if let actor = filter.actor {
                conditions.append("""
                    (EXISTS (SELECT 1 FROM role_assignments r WHERE r.blob = t.blob AND (t.plan_section IS NULL OR r.plan_section = t.plan_section) AND r.actor = ?)
                     OR EXISTS (SELECT 1 FROM tasks k WHERE k.blob = t.blob AND (t.plan_section IS NULL OR k.plan_section = t.plan_section) AND k.owner = ?))
                    """)
                arguments += [actor, actor]
            }
            arguments.append(filter.limit)
            let sql = """
                SELECT t.plan, t.plan_section, t.title, snippet(\(table), -1, '[', ']', '…', 12) AS snippet,
                       bm25(\(table), 4.0, 1.0) AS score, d.path, t.line
                FROM \(table) JOIN texts t ON t.id = \(textID)
                JOIN \(documentsTable) d ON d.blob = t.blob
                WHERE \(conditions.joined(separator: " AND "))
                ORDER BY score, d.path, t.line
                LIMIT ?
                """
            do {
                return try Row.fetchAll(db, sql: sql, arguments: StatementArguments(arguments)).map { row in
                    SearchHit(
                        plan: row["plan"], planSection: row["plan_section"], title: row["title"], snippet: row["snippet"] ?? "",
                        rank: -(row["score"] as Double? ?? 0), path: row["path"], line: row["line"])
                }
            } catch let error as DatabaseError where error.resultCode == .SQLITE_ERROR {
                throw IndexError.invalidQuery("\(error.message ?? "\(error)") in the search `\(query)`")
            }
        }
    }

    /// The FTS5 expression for a user's query: words kept (a trailing `*` makes a
    /// prefix query), `OR`/`AND`/`NOT` kept as operators, phrases in double
    /// quotes kept, anything else quoted so punctuation is literal.
    static func matchExpression(_ query: String) -> String {
        var terms: [String] = []
        var rest = Substring(query)
        while let start = rest.firstIndex(where: { !$0.isWhitespace }) {
            rest = rest[start...]
            if rest.first == "\"" {
                let body = rest.dropFirst()
                let end = body.firstIndex(of: "\"") ?? body.endIndex
                let phrase = body[..<end]
                if !phrase.isEmpty { terms.append("\"" + phrase.replacingOccurrences(of: "\"", with: "") + "\"") }
                rest = end < body.endIndex ? body[body.index(after: end)...] : ""
                continue
            }
            let end = rest.firstIndex(where: { $0.isWhitespace }) ?? rest.endIndex
            var word = String(rest[..<end])
            rest = rest[end...]
            if ["OR", "AND", "NOT"].contains(word) {
                if !terms.isEmpty { terms.append(word) }
                continue
            }
            let prefix = word.hasSuffix("*")
            if prefix { word.removeLast() }
            word = word.replacingOccurrences(of: "\"", with: "")
            guard !word.isEmpty else { continue }
            terms.append("\"" + word + "\"" + (prefix ? "*" : ""))
        }
        while let last = terms.last, ["OR", "AND", "NOT"].contains(last) { terms.removeLast() }
        return terms.joined(separator: " ")
    }

    // MARK: History by Guideline section

    /// Commits that changed a plan section citing one of `sections` (before or
    /// after the change), newest first, each with the plan sections it touched.
    /// - Parameter since: Only commits at or after this time (seconds since 1970).
    public func sectionLog(citing sections: [SectionReference], since: Int64? = nil, limit: Int? = nil) throws -> [SectionLogEntry] {
        guard !sections.isEmpty else { return [] }
        return try read { db in
            let values = Array(repeating: "(?, ?)", count: sections.count).joined(separator: ", ")
            let ids = Set(sections.map(\.section)).sorted()
            // The list of ids lets SQLite read `citations_guideline`; on the pairs alone it
            // scanned every citation of every version (1,646 of 22,056 rows wanted at 1,000 plans).
            var arguments: [DatabaseValueConvertible?] = ids
            for reference in sections { arguments += [reference.edition, reference.section] }
            var sinceCondition = ""
            if let since {
                sinceCondition = "WHERE c.time >= ?"
                arguments.append(since)
            }
            let sql = """
                WITH cited(blob, plan_section) AS (
                    SELECT DISTINCT blob, plan_section FROM citations
                    WHERE guideline_section IN (\(Array(repeating: "?", count: ids.count).joined(separator: ", ")))
                        AND (edition, guideline_section) IN (VALUES \(values))),
                touched(commit_seq, plan, plan_section, path) AS (
                    SELECT f.commit_seq, f.plan, f.plan_section, f.path FROM cited JOIN field_changes f
                        ON f.new_blob = cited.blob AND f.plan_section = cited.plan_section
                    UNION
                    SELECT f.commit_seq, f.plan, f.plan_section, f.path FROM cited JOIN field_changes f
                        ON f.old_blob = cited.blob AND f.plan_section = cited.plan_section)
                SELECT c.seq, c.id, c.author, c.email, c.time, c.utc_offset, c.message,
                       touched.plan, touched.plan_section, touched.path
                FROM touched JOIN commits c ON c.seq = touched.commit_seq
                \(sinceCondition)
                ORDER BY c.seq DESC, touched.path, touched.plan_section
                """
            var entries: [SectionLogEntry] = []
            var lastSeq: Int64?
            for row in try Row.fetchAll(db, sql: sql, arguments: StatementArguments(arguments)) {
                let seq: Int64 = row["seq"]
                let touch = SectionLogEntry.Touch(plan: row["plan"], planSection: row["plan_section"], path: row["path"])
                if seq == lastSeq {
                    entries[entries.count - 1].touched.append(touch)
                } else {
                    if let limit, entries.count >= limit { break }
                    entries.append(SectionLogEntry(commit: IndexedCommitSummary(row: row), touched: [touch]))
                    lastSeq = seq
                }
            }
            return entries
        }
    }

    /// The sections of an edition at the tip below `section` (itself included), and
    /// the sections of other editions the tip's crosswalks relate to them.
    public func equivalentSections(of section: String, edition: String) throws -> [SectionReference] {
        try read { db in
            guard let blob = try String.fetchOne(db, sql: "SELECT blob FROM head_documents WHERE path = ?", arguments: ["guidelines/\(edition).yaml"]) else {
                return [SectionReference(edition: edition, section: section)]
            }
            var below: [String] = [section]
            var frontier = [section]
            while !frontier.isEmpty {
                let placeholders = Array(repeating: "?", count: frontier.count).joined(separator: ", ")
                let children = try String.fetchAll(
                    db, sql: "SELECT section FROM guideline_sections WHERE blob = ? AND parent IN (\(placeholders))",
                    arguments: StatementArguments([blob] + frontier))
                below += children
                frontier = children
            }
            var result = below.map { SectionReference(edition: edition, section: $0) }
            let placeholders = Array(repeating: "?", count: below.count).joined(separator: ", ")
            let related = try Row.fetchAll(db, sql: """
                SELECT from_edition AS edition, from_section AS section FROM crosswalk_entries x JOIN head_documents h ON h.blob = x.blob
                    WHERE x.to_edition = ? AND x.to_section IN (\(placeholders))
                UNION
                SELECT to_edition, to_section FROM crosswalk_entries x JOIN head_documents h ON h.blob = x.blob
                    WHERE x.from_edition = ? AND x.from_section IN (\(placeholders))
                """, arguments: StatementArguments([edition] + below + [edition] + below))
            for row in related {
                let reference = SectionReference(edition: row["edition"], section: row["section"])
                if !result.contains(reference) { result.append(reference) }
            }
            return result
        }
    }

    /// The editions at the tip that have a section with this id.
    public func editions(containing section: String) throws -> [String] {
        try read { db in
            try String.fetchAll(db, sql: """
                SELECT DISTINCT g.edition FROM guideline_sections g JOIN head_documents h ON h.blob = g.blob
                WHERE g.section = ? ORDER BY g.edition
                """, arguments: [section])
        }
    }

    // MARK: Blame

    /// For each field of the plan at `path` at the tip (plan fields first, then
    /// each section's), the last commit that changed its value; nil when the path
    /// is not a plan at the tip.
    ///
    /// Values are compared structurally: re-flowing prose or moving a section
    /// changes nothing; a merge is charged only with changes against every parent.
    /// The plan's history follows its moves (the `renames` table): before the
    /// commit that moved it, its fields' changes are those of its old path.
    public func blame(path: String) throws -> [BlameEntry]? {
        try read { db in
            guard let blob = try String.fetchOne(db, sql: "SELECT blob FROM head_documents WHERE path = ? AND kind = 'plan'", arguments: [path]) else {
                return nil
            }
            // The paths the plan had, newest first, each with the commits it had it in.
            var spans: [(path: String, from: Int64, to: Int64)] = []
            var current = path, upTo = Int64.max
            while true {
                let move = try Row.fetchOne(db, sql: """
                    SELECT commit_seq, old_path FROM renames WHERE new_path = ? AND commit_seq <= ? ORDER BY commit_seq DESC LIMIT 1
                    """, arguments: [current, upTo])
                guard let move else {
                    spans.append((current, 0, upTo))
                    break
                }
                let seq: Int64 = move[0]
                spans.append((current, seq, upTo))
                current = move[1]
                upTo = seq - 1  // strictly decreasing, so the walk ends
            }
            var last: [String: Int64] = [:]  // "section\0field" -> commit seq
            for span in spans {
                let rows = try Row.fetchAll(db, sql: """
                    SELECT plan_section, field, max(commit_seq) FROM field_changes
                    WHERE path = ? AND commit_seq BETWEEN ? AND ? GROUP BY plan_section, field
                    """, arguments: [span.path, span.from, span.to])
                for row in rows {
                    let key = (row[0] as String) + "\u{0}" + (row[1] as String)
                    if last[key] == nil { last[key] = row[2] }
                }
            }
            let fields = try Row.fetchAll(db, sql: """
                SELECT v.plan_section, v.field FROM field_values v
                LEFT JOIN plan_sections s ON s.blob = v.blob AND s.section = v.plan_section
                WHERE v.blob = ?
                ORDER BY coalesce(s.position, -1), v.position
                """, arguments: [blob])
            var commits: [Int64: IndexedCommitSummary] = [:]
            return try fields.map { row in
                let section: String = row[0], field: String = row[1]
                var commit: IndexedCommitSummary?
                if let seq = last[section + "\u{0}" + field] {
                    if commits[seq] == nil, let found = try Row.fetchOne(db, sql: """
                        SELECT id, author, email, time, utc_offset, message FROM commits WHERE seq = ?
                        """, arguments: [seq]) {
                        commits[seq] = IndexedCommitSummary(row: found)
                    }
                    commit = commits[seq]
                }
                return BlameEntry(planSection: section, field: field, commit: commit)
            }
        }
    }

    // MARK: SQL

    /// Runs one read-only statement on a read-only connection.
    /// - Throws: ``IndexError/notReadOnly(_:)`` for a statement that would write.
    public func query(_ sql: String) throws -> QueryResult {
        try read { db in
            let statement: Statement
            do {
                statement = try db.makeStatement(sql: sql)
            } catch let error as DatabaseError {
                throw IndexError.invalidQuery(error.message ?? "\(error)")
            }
            guard statement.isReadonly else { throw IndexError.notReadOnly(sql) }
            do {
                let rows = try Row.fetchAll(statement)
                return QueryResult(columns: statement.columnNames, rows: rows.map { row in
                    row.databaseValues.map { value in
                        switch value.storage {
                        case .null: .null
                        case .int64(let i): .integer(i)
                        case .double(let d): .real(d)
                        case .string(let s): .text(s)
                        case .blob(let data): .blob(Array(data))
                        }
                    }
                })
            } catch let error as DatabaseError {
                throw IndexError.invalidQuery(error.message ?? "\(error)")
            }
        }
    }

    // MARK: The tip's documents, for reports

    /// The stored facts of each of `blobs` that has them, by blob.
    public func planFacts(_ blobs: [String]) throws -> [String: [UInt8]] {
        try read { db in
            var result: [String: [UInt8]] = [:]
            result.reserveCapacity(blobs.count)
            // One statement for all the blobs (10,000 for a large review), their ids
            // passed as one JSON array: SQLite looks each up in the primary key.
            let ids = "[" + blobs.map { "\"" + $0.filter { $0.isHexDigit } + "\"" }.joined(separator: ",") + "]"
            let rows = try Row.fetchCursor(
                db, sql: "SELECT blob, facts FROM plan_facts WHERE blob IN (SELECT value FROM json_each(?))", arguments: [ids])
            while let row = try rows.next() {
                let blob: String = row[0]
                let data: Data = row[1]
                result[blob] = [UInt8](data)
            }
            return result
        }
    }

    /// Reviews at the tip: id, state and due date.
    public func tipReviews() throws -> [(id: String, state: String?, due: String?)] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT id, state, due FROM head_reviews ORDER BY id").map {
                (id: $0["id"], state: $0["state"], due: $0["due"])
            }
        }
    }

    /// The blob of each document at the tip.
    public func tipDocuments() throws -> [String: String] {
        try read { db in
            var result: [String: String] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT path, blob FROM head_documents") { result[row[0]] = row[1] }
            return result
        }
    }

    /// Which of `blobs` are not yet indexed.
    public func unknownBlobs(_ blobs: [String]) throws -> [String] {
        try read { db in
            try blobs.filter { try Int.fetchOne(db, sql: "SELECT 1 FROM blobs WHERE id = ?", arguments: [$0]) == nil }
        }
    }
}

/// A commit that changed a document, as ``IndexStore/commitsChanging(_:before:limit:)`` lists it.
public struct DocumentCommit: Sendable, Hashable {
    /// The commit's place in the index's order (parents before children).
    public var seq: Int64
    public var id: String
    public var message: String
}

extension IndexStore {
    // MARK: A document's history

    /// Whether the indexed history has a merge commit (when it has none, the
    /// index's order is the only order its commits can be listed in, newest first).
    public func hasMergeCommits() throws -> Bool {
        try read { db in
            try Int.fetchOne(db, sql: "SELECT 1 FROM commits WHERE instr(parents, ' ') > 0 LIMIT 1") != nil
        }
    }

    /// The commits whose change against their first parent (against nothing, for
    /// a root commit) touched one of `paths`, newest first in the index's order.
    /// - Parameters:
    ///   - before: Only commits earlier than this one (its `seq`) in that order.
    ///   - limit: At most this many; nil for all.
    /// - Complexity: One index range per path; the cost follows the commits listed,
    ///   not the size of the history.
    public func commitsChanging(_ paths: [String], before: Int64? = nil, limit: Int? = nil) throws -> [DocumentCommit] {
        guard !paths.isEmpty else { return [] }
        return try read { db in
            let placeholders = Array(repeating: "?", count: paths.count).joined(separator: ", ")
            var arguments: [DatabaseValueConvertible?] = paths
            var conditions = "ch.parent = 0 AND ch.path IN (\(placeholders))"
            if let before {
                conditions += " AND ch.commit_seq < ?"
                arguments.append(before)
            }
            arguments.append(limit ?? -1)
            return try Row.fetchAll(db, sql: """
                SELECT DISTINCT c.seq, c.id, c.message FROM changes ch JOIN commits c ON c.seq = ch.commit_seq
                WHERE \(conditions)
                ORDER BY c.seq DESC LIMIT ?
                """, arguments: StatementArguments(arguments)).map { row in
                DocumentCommit(seq: row["seq"], id: row["id"], message: row["message"])
            }
        }
    }
}
