// The index's tables and views, as named, append-only migrations. Each
// migration runs in one transaction (DatabaseMigrator's default). The index
// is derived from git: a change to what is extracted bumps
// `IndexSchema.extractorVersion`, and an index made by another extractor or
// by a newer planbench (migrations this one does not know) is rebuilt.
import GRDB

public enum IndexSchema {
    /// What produced the rows: bumped whenever extraction changes, so an index
    /// whose rows were extracted differently is rebuilt rather than trusted.
    public static let extractorVersion = 2

    /// The format line stored in `meta` (`format`), with the producer.
    public static let format = "planbench-index 1"

    /// The named migrations, in the order they apply: append only (an index
    /// records the names it has; a name never changes and none is removed).
    static let migrations: [(name: String, sql: String)] = [
        ("v1 commits, documents and their contents", v1Tables),
        ("v1 full-text search", v1Search),
        ("v1 views", v1Views),
        ("v2 plan facts", v2PlanFacts),
        ("v3 renames", v3Renames),
        ("v4 merge commits", v4MergeCommits),
    ]

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        for (name, sql) in migrations {
            migrator.registerMigration(name) { db in try db.execute(sql: sql) }
        }
        return migrator
    }

    /// The migrations this build knows, in order.
    public static var migrationNames: [String] { migrations.map(\.name) }

    static let v1Tables = """
        CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;

        -- Commits reachable from the indexed tip; seq is a topological order, parents first.
        CREATE TABLE commits(
            seq INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            parents TEXT NOT NULL,          -- parent ids separated by spaces, in order
            author TEXT NOT NULL,
            email TEXT NOT NULL,
            time INTEGER NOT NULL,          -- author time, seconds since 1970 UTC
            utc_offset INTEGER NOT NULL,    -- author's UTC offset in minutes
            message TEXT NOT NULL);
        CREATE INDEX commits_time ON commits(time);

        -- Every document blob ever parsed, by git blob id (its content never changes).
        CREATE TABLE blobs(id TEXT PRIMARY KEY, kind TEXT NOT NULL, error TEXT) WITHOUT ROWID;

        -- Documents each commit changed against each parent (parent 0 = first parent).
        CREATE TABLE changes(
            commit_seq INTEGER NOT NULL, parent INTEGER NOT NULL, path TEXT NOT NULL,
            old_blob TEXT, new_blob TEXT,
            PRIMARY KEY(commit_seq, parent, path)) WITHOUT ROWID;
        CREATE INDEX changes_path ON changes(path, commit_seq);

        -- Each version of a document path along first parents: the commit that brought
        -- the blob and the last commit that still had it (NULL: still there at the tip).
        CREATE TABLE document_versions(
            path TEXT NOT NULL, blob TEXT NOT NULL, kind TEXT NOT NULL,
            first_seen INTEGER NOT NULL, last_seen INTEGER,
            PRIMARY KEY(path, first_seen)) WITHOUT ROWID;
        CREATE INDEX document_versions_blob ON document_versions(blob);

        -- The documents at the indexed tip.
        CREATE TABLE head_documents(path TEXT PRIMARY KEY, blob TEXT NOT NULL, kind TEXT NOT NULL) WITHOUT ROWID;
        CREATE INDEX head_documents_blob ON head_documents(blob);

        -- Plan contents, per plan blob.
        CREATE TABLE plans(
            blob TEXT PRIMARY KEY, id TEXT NOT NULL, title TEXT, status TEXT, edition TEXT,
            owners TEXT,                    -- JSON array of {name, email, party}
            review_cycle TEXT, last_reviewed TEXT, summary TEXT) WITHOUT ROWID;
        CREATE INDEX plans_id ON plans(id);
        CREATE TABLE plan_sections(
            blob TEXT NOT NULL, plan TEXT NOT NULL, section TEXT NOT NULL, position INTEGER NOT NULL,
            title TEXT, prose TEXT, line INTEGER,
            PRIMARY KEY(blob, section)) WITHOUT ROWID;
        CREATE TABLE citations(
            blob TEXT NOT NULL, plan TEXT NOT NULL, plan_section TEXT NOT NULL,
            edition TEXT NOT NULL, guideline_section TEXT NOT NULL, fingerprint TEXT, line INTEGER);
        CREATE INDEX citations_blob ON citations(blob, plan_section);
        CREATE INDEX citations_guideline ON citations(guideline_section, edition);
        CREATE TABLE role_assignments(
            blob TEXT NOT NULL, plan TEXT NOT NULL, plan_section TEXT NOT NULL,
            actor TEXT NOT NULL, responsibility TEXT, scope TEXT);
        CREATE INDEX role_assignments_blob ON role_assignments(blob, plan_section);
        CREATE TABLE tasks(
            blob TEXT NOT NULL, plan TEXT NOT NULL, plan_section TEXT NOT NULL, task TEXT NOT NULL,
            title TEXT, owner TEXT, due TEXT, state TEXT);
        CREATE INDEX tasks_blob ON tasks(blob);

        -- A hash of each field's value (plan-level fields have plan_section ''), with
        -- prose compared by its words: what structural blame compares.
        CREATE TABLE field_values(
            blob TEXT NOT NULL, plan_section TEXT NOT NULL, field TEXT NOT NULL, hash INTEGER NOT NULL,
            position INTEGER NOT NULL,      -- the field's place in its mapping
            PRIMARY KEY(blob, plan_section, field)) WITHOUT ROWID;
        -- Fields each commit changed in each plan (a merge: only changes against every parent).
        CREATE TABLE field_changes(
            commit_seq INTEGER NOT NULL, path TEXT NOT NULL, plan TEXT NOT NULL, plan_section TEXT NOT NULL,
            field TEXT NOT NULL, old_blob TEXT, new_blob TEXT);
        CREATE INDEX field_changes_path ON field_changes(path, plan_section, field, commit_seq);
        CREATE INDEX field_changes_new ON field_changes(new_blob, plan_section);
        CREATE INDEX field_changes_old ON field_changes(old_blob, plan_section);
        CREATE INDEX field_changes_commit ON field_changes(commit_seq);

        -- Review records and their findings, per review blob.
        CREATE TABLE reviews(
            blob TEXT PRIMARY KEY, id TEXT NOT NULL, type TEXT, state TEXT, edition TEXT,
            opened TEXT, due TEXT, closed TEXT, decision TEXT) WITHOUT ROWID;
        CREATE TABLE findings(
            blob TEXT NOT NULL, review TEXT NOT NULL, finding TEXT NOT NULL, kind TEXT, severity TEXT,
            status TEXT, plan TEXT, plan_section TEXT, guideline_section TEXT, note TEXT, line INTEGER);
        CREATE INDEX findings_blob ON findings(blob);

        -- Guideline editions and crosswalks, per blob.
        CREATE TABLE guideline_sections(
            blob TEXT NOT NULL, edition TEXT NOT NULL, section TEXT NOT NULL, parent TEXT,
            title TEXT, fingerprint TEXT,
            PRIMARY KEY(blob, section)) WITHOUT ROWID;
        CREATE TABLE crosswalk_entries(
            blob TEXT NOT NULL, from_edition TEXT NOT NULL, from_section TEXT NOT NULL,
            to_edition TEXT NOT NULL, to_section TEXT NOT NULL, relation TEXT);
        CREATE INDEX crosswalk_entries_blob ON crosswalk_entries(blob);

        -- Searchable text per blob: plan titles and summaries, section titles and prose
        -- (with task titles), finding notes.
        CREATE TABLE texts(
            id INTEGER PRIMARY KEY, blob TEXT NOT NULL, kind TEXT NOT NULL,
            plan TEXT, plan_section TEXT, line INTEGER, title TEXT, body TEXT);
        CREATE INDEX texts_blob ON texts(blob);
        """

    /// Full-text search over the texts of the documents at the tip (rows are
    /// added and removed as the tip moves; the text itself lives in `texts`).
    static let v1Search = """
        CREATE VIRTUAL TABLE search USING fts5(
            title, body, content='texts', content_rowid='id',
            tokenize='unicode61 remove_diacritics 2', prefix='2 3');
        """

    /// What the review checks, coverage, `review due` and the review report read
    /// of each plan blob, encoded by the workspace (which owns the extraction, so
    /// these readers see what a parse gives). Extraction writes a row for every
    /// plan blob; an index made before this table existed is of extractor 1 and
    /// rebuilt.
    static let v2PlanFacts = """
        CREATE TABLE plan_facts(blob TEXT PRIMARY KEY, facts BLOB NOT NULL);
        """

    /// The merge commits (more than one parent), so that telling whether the
    /// indexed history is a single line reads one index entry instead of every
    /// commit (a document's history is listed in index order only then).
    static let v4MergeCommits = """
        CREATE INDEX commits_merges ON commits(seq) WHERE instr(parents, ' ') > 0;
        """

    /// Views for people with the sqlite3 shell; see README "The workspace index".
    static let v1Views = """
        CREATE VIEW head_plans AS
            SELECT h.path, p.id, p.title, p.status, p.edition, p.owners, p.review_cycle, p.last_reviewed, p.summary, p.blob
            FROM head_documents h JOIN plans p ON p.blob = h.blob WHERE h.kind = 'plan';
        CREATE VIEW head_plan_sections AS
            SELECT h.path, s.plan, s.section, s.position, s.title, s.prose, s.line
            FROM head_documents h JOIN plan_sections s ON s.blob = h.blob WHERE h.kind = 'plan';
        CREATE VIEW head_citations AS
            SELECT h.path, c.plan, c.plan_section, c.edition, c.guideline_section, c.fingerprint,
                   (c.fingerprint IS NOT NULL AND g.fingerprint IS NOT NULL AND c.fingerprint <> g.fingerprint) AS suspect,
                   (g.section IS NULL) AS unknown_section, c.line
            FROM head_documents h JOIN citations c ON c.blob = h.blob
            LEFT JOIN head_documents e ON e.path = 'guidelines/' || c.edition || '.yaml'
            LEFT JOIN guideline_sections g ON g.blob = e.blob AND g.section = c.guideline_section
            WHERE h.kind = 'plan';
        CREATE VIEW head_role_assignments AS
            SELECT h.path, r.plan, r.plan_section, r.actor, r.responsibility, r.scope
            FROM head_documents h JOIN role_assignments r ON r.blob = h.blob WHERE h.kind = 'plan';
        CREATE VIEW head_tasks AS
            SELECT h.path, t.plan, t.plan_section, t.task, t.title, t.owner, t.due, t.state
            FROM head_documents h JOIN tasks t ON t.blob = h.blob WHERE h.kind = 'plan';
        CREATE VIEW head_reviews AS
            SELECT h.path, r.id, r.type, r.state, r.edition, r.opened, r.due, r.closed, r.decision
            FROM head_documents h JOIN reviews r ON r.blob = h.blob WHERE h.kind = 'review';
        CREATE VIEW head_findings AS
            SELECT h.path, f.review, f.finding, f.kind, f.severity, f.status, f.plan, f.plan_section,
                   f.guideline_section, f.note
            FROM head_documents h JOIN findings f ON f.blob = h.blob WHERE h.kind = 'review';
        CREATE VIEW history AS
            SELECT c.seq, c.id AS commit_id, c.author, c.email, datetime(c.time, 'unixepoch') AS date,
                   ch.path, ch.old_blob, ch.new_blob, substr(c.message, 1, instr(c.message || char(10), char(10)) - 1) AS summary
            FROM changes ch JOIN commits c ON c.seq = ch.commit_seq WHERE ch.parent = 0;
        CREATE VIEW field_history AS
            SELECT c.seq, c.id AS commit_id, c.author, datetime(c.time, 'unixepoch') AS date,
                   f.plan, f.plan_section, f.field, f.path
            FROM field_changes f JOIN commits c ON c.seq = f.commit_seq;
        """

    /// Documents moved by a commit (`planbench rename`), so history that reads
    /// by path (blame) follows a document from its new path to its old one.
    /// Extractor 2 fills it; an index of extractor 1 is rebuilt.
    static let v3Renames = """
        CREATE TABLE renames(
            commit_seq INTEGER NOT NULL, old_path TEXT NOT NULL, new_path TEXT NOT NULL,
            PRIMARY KEY(new_path, commit_seq)) WITHOUT ROWID;
        """
}
