#ifndef GAZETTE_CSQLITE_SHIM_H
#define GAZETTE_CSQLITE_SHIM_H

#include <sqlite3.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

// sqlite3_config and sqlite3_db_config are variadic, which Swift cannot call:
// each use Gazette needs gets a fixed-signature wrapper here.

/// Turns off SQLite's allocation statistics. Must run before any other SQLite
/// call; otherwise every allocation takes one process-wide mutex.
static inline int gazette_sqlite_disable_memstatus(void) {
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

/// Lets `SELECT fts5(?1)` hand out the fts5_api pointer on SQLite builds
/// that restrict pointer passing to trusted schemas.
static inline int gazette_sqlite_db_config_defensive(sqlite3 *db, int on) {
    return sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, on, (int *)0);
}

/// Lowers the calling thread's scheduling priority (Linux: per-thread nice).
/// syscall() is variadic, which Swift cannot call.
static inline int gazette_lower_thread_priority(int nice) {
#ifdef SYS_gettid
    return setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), nice);
#else
    return 0;
#endif
}

#endif
