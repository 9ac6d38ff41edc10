#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "db/database.hpp"

namespace cncd::db {

/// Applies, in order and each in its own transaction, the migrations of
/// `dir/<dialect>/V<number>__<name>.sql` not yet recorded in `schema_migrations`.
/// Returns the names applied. Throws DatabaseError when a migration fails (it is rolled back).
std::vector<std::string> Migrate(Database& db, const std::filesystem::path& dir);

}  // namespace cncd::db
