#ifndef TOPCHEF_CSQLITE_SHIM_H
#define TOPCHEF_CSQLITE_SHIM_H
#include <sqlite3.h>

/// Turns off SQLite's memory statistics, process-wide: with them on, every allocation SQLite makes takes a
/// global mutex. Only works before SQLite is first used (SQLITE_MISUSE otherwise, which changes nothing).
/// A function here because sqlite3_config is variadic, which Swift cannot call.
static inline int topchef_sqlite3_disable_memory_statistics(void) {
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}
#endif
