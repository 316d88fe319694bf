#include <sqlite3.h>

// SQLITE_TRANSIENT is a macro of a cast, which Swift cannot import.
static inline sqlite3_destructor_type confide_sqlite_transient(void) {
    return SQLITE_TRANSIENT;
}
