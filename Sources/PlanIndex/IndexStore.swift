// The index file: opening it, telling a damaged or foreign one, serialising
// updaters, and the one write transaction an update runs in.
import CSQLiteShims
import Foundation
import GRDB

#if canImport(Glibc)
    @preconcurrency import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Errors of the index.
public enum IndexError: Error, CustomStringConvertible, Sendable {
    /// The file is not a usable SQLite database (damaged, truncated, not SQLite at all).
    case damaged(path: String, message: String)
    /// The file was made by a planbench that knows migrations this one does not.
    case newerSchema(path: String)
    /// `planbench sql` was given a statement that could change the index.
    case notReadOnly(String)
    /// A query the database refused (syntax, unknown table).
    case invalidQuery(String)
    /// Any other database failure.
    case database(String)

    public var description: String {
        switch self {
        case .damaged(let path, let message): "the index \(path) is damaged (\(message))"
        case .newerSchema(let path): "the index \(path) was written by a newer planbench"
        case .notReadOnly(let sql): "refused: `\(sql)` would change the index; planbench sql runs read-only queries (SELECT, WITH, read-only PRAGMAs)"
        case .invalidQuery(let message): "invalid query: \(message)"
        case .database(let message): "index: \(message)"
        }
    }

    /// Whether a database error means the file itself cannot be trusted.
    static func isDamage(_ error: Error) -> Bool {
        guard let error = error as? DatabaseError else { return false }
        return [.SQLITE_CORRUPT, .SQLITE_NOTADB, .SQLITE_CANTOPEN, .SQLITE_IOERR].contains(error.resultCode)
    }

    static func wrap(_ error: Error, path: String) -> IndexError {
        if let error = error as? IndexError { return error }
        if isDamage(error) { return .damaged(path: path, message: "\(error)") }
        return .database("\(error)")
    }
}

/// What an index reflects, read from its `meta` table.
public struct IndexState: Sendable, Equatable {
    /// The branch whose history is indexed.
    public var branch: String?
    /// The commit the index reflects (the branch's tip when it was updated).
    public var tip: String?
    public var format: String?
    public var extractorVersion: Int?

    public init(branch: String? = nil, tip: String? = nil, format: String? = nil, extractorVersion: Int? = nil) {
        self.branch = branch
        self.tip = tip
        self.format = format
        self.extractorVersion = extractorVersion
    }

    /// Whether the rows were extracted the way this build extracts them.
    public var isCurrentFormat: Bool {
        format == IndexSchema.format && extractorVersion == IndexSchema.extractorVersion
    }
}

/// The index database: a SQLite file in WAL mode, so readers see the last
/// committed update while a writer works and never wait for it.
///
/// Updaters take an advisory lock on a file beside the database (released by
/// the kernel when a process dies, even by `kill -9`), then write in one
/// immediate transaction: a killed update leaves the previous state.
public final class IndexStore: Sendable {
    public let path: String
    let pool: DatabasePool

    private init(path: String, pool: DatabasePool) {
        self.path = path
        self.pool = pool
    }

    /// Opens (creating when absent) the database at `path`; does not migrate.
    ///
    /// Connections leave the WAL in place when they close (no checkpoint on
    /// close): an update then costs its own writes, not a copy of the WAL into
    /// the database with two fsyncs, every time the last connection goes. The
    /// WAL is copied back by SQLite's automatic checkpoint, at the commit that
    /// takes it past 1,000 pages, and after a rebuild (``checkpoint()``);
    /// `journal_size_limit` cuts the file back once copied. The next process
    /// to open the file rebuilds its WAL index from the WAL (a read of at most
    /// a few MB). A WAL left beside a deleted database is not replayed into a
    /// new one: SQLite deletes the WAL of an empty database file when it opens it.
    ///
    /// - Parameter readOnly: Open it for reading only, as the commands that read a
    ///   current index do. A writable pool is not free to open: GRDB writes a
    ///   dummy table whenever the `-wal` file is missing or empty (as after a
    ///   rebuild's checkpoint), and that write must later be copied into the
    ///   database with fsyncs; a read-only pool writes
    ///   nothing (a missing WAL is made empty, the database file is not touched).
    /// - Throws: ``IndexError/damaged(path:message:)`` when the file is not a usable database.
    public static func open(at path: String, readOnly: Bool = false) throws -> IndexStore {
        var configuration = Configuration()
        configuration.readonly = readOnly
        // An updater may hold the write lock for a rebuild; wait rather than fail.
        configuration.busyMode = .timeout(600)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            try db.execute(sql: "PRAGMA journal_size_limit = \(IndexStore.walSizeLimit)")
            // A failure here leaves SQLite's default (checkpoint on close): slower, as correct.
            _ = csqlite_skip_checkpoint_on_close(db.sqliteConnection)
        }
        do {
            let pool = try DatabasePool(path: path, configuration: configuration)
            // Reading the schema proves the file is a database (a damaged header fails here).
            _ = try pool.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master") }
            return IndexStore(path: path, pool: pool)
        } catch {
            throw IndexError.wrap(error, path: path)
        }
    }

    /// The WAL's size, in bytes, once a checkpoint has copied it into the database.
    static let walSizeLimit = 8 << 20

    /// Copies the WAL into the database and empties it (after a rebuild, whose
    /// WAL is the size of the database).
    public func checkpoint() throws {
        do {
            try pool.writeWithoutTransaction { db in _ = try db.checkpoint(.truncate) }
        } catch {
            throw IndexError.wrap(error, path: path)
        }
    }

    /// Deletes the database and its WAL and shared-memory files.
    public static func remove(at path: String) {
        for suffix in ["", "-wal", "-shm"] { unlink(path + suffix) }
    }

    /// Runs `body` holding the updaters' lock (`PATH.lock`), waiting for another
    /// updater to finish first.
    public static func withUpdateLock<T>(at path: String, _ body: () throws -> T) throws -> T {
        let descriptor = Glibc.open(path + ".lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw IndexError.database("cannot open \(path).lock: \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        while flock(descriptor, LOCK_EX) != 0 {
            guard errno == EINTR else { throw IndexError.database("cannot lock \(path).lock: \(String(cString: strerror(errno)))") }
        }
        defer { flock(descriptor, LOCK_UN) }
        return try body()
    }

    /// Whether every migration this build knows has been applied.
    public func isMigrated() throws -> Bool {
        do {
            return try pool.read { db in try IndexSchema.migrator.hasCompletedMigrations(db) }
        } catch {
            throw IndexError.wrap(error, path: path)
        }
    }

    /// Applies the migrations this build knows (holding the update lock).
    /// - Throws: ``IndexError/newerSchema(path:)`` when the file has migrations this build does not know.
    public func migrate() throws {
        do {
            let migrator = IndexSchema.migrator
            if try pool.read({ db in try migrator.hasBeenSuperseded(db) }) { throw IndexError.newerSchema(path: path) }
            try migrator.migrate(pool)
        } catch {
            throw IndexError.wrap(error, path: path)
        }
    }

    /// What the index reflects; an empty state for a new file.
    public func state() throws -> IndexState {
        do {
            return try pool.read { db in
                guard try db.tableExists("meta") else { return IndexState() }
                let rows = try Row.fetchAll(db, sql: "SELECT key, value FROM meta")
                var values: [String: String] = [:]
                for row in rows { values[row["key"]] = row["value"] }
                return IndexState(
                    branch: values["branch"], tip: values["tip"], format: values["format"],
                    extractorVersion: values["extractor"].flatMap { Int($0) })
            }
        } catch {
            throw IndexError.wrap(error, path: path)
        }
    }

    /// Runs `body` in one immediate write transaction: everything it writes lands
    /// together, or nothing does.
    public func update<T>(_ body: (IndexWriter) throws -> T) throws -> T {
        do {
            return try pool.writeWithoutTransaction { db in
                var result: T?
                try db.inTransaction(.immediate) {
                    result = try body(IndexWriter(db: db))
                    return .commit
                }
                return result!
            }
        } catch let error as IndexError {
            throw error
        } catch let error as DatabaseError {
            throw IndexError.wrap(error, path: path)
        }
    }

    /// Runs a read on the last committed state.
    func read<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try pool.read(body)
        } catch let error as IndexError {
            throw error
        } catch let error as DatabaseError {
            throw IndexError.wrap(error, path: path)
        }
    }

    /// Row counts of the main tables, for `planbench index status`.
    public func counts() throws -> [(table: String, rows: Int)] {
        try read { db in
            try ["commits", "blobs", "head_documents", "plans", "plan_sections", "citations", "role_assignments", "tasks", "reviews", "findings", "texts", "field_changes"].map { table in
                (table, try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table)") ?? 0)
            }
        }
    }
}
