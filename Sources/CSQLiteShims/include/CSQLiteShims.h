// SQLite settings that Swift cannot reach directly: sqlite3_db_config() is a
// C variadic function, which Swift does not import. Same system SQLite as
// GRDB's (libsqlite3-dev).
#ifndef CSQLITESHIMS_H
#define CSQLITESHIMS_H

struct sqlite3;

/// sqlite3_db_config(db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL): when this
/// connection is the last one to close, it leaves the WAL file as it is
/// instead of copying it into the database (with its fsyncs) and deleting it.
/// Returns SQLITE_OK (0) on success, an SQLite error code otherwise.
int csqlite_skip_checkpoint_on_close(struct sqlite3 *db);

#endif
