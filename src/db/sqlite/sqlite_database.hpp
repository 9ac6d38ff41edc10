#pragma once

#include <memory>
#include <string>

#include "db/database.hpp"

namespace cncd::db {

struct SqliteOptions {
    /// Reader connections in the pool.
    int readers = 4;
    /// How long a statement waits for a lock before failing.
    int busy_timeout_ms = 5000;
};

/// Opens (creating if needed) a SQLite database file in WAL mode with synchronous=FULL and
/// foreign keys on. Throws DatabaseError when the file cannot be opened.
std::unique_ptr<Database> OpenSqlite(const std::string& path, const SqliteOptions& options = {});

}  // namespace cncd::db
