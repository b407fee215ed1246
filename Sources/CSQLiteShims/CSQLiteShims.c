#include "CSQLiteShims.h"
#include <sqlite3.h>

int csqlite_skip_checkpoint_on_close(struct sqlite3 *db) {
    int applied = 0;
    int status = sqlite3_db_config(db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, &applied);
    if (status != SQLITE_OK) return status;
    return applied == 1 ? SQLITE_OK : SQLITE_ERROR;
}
