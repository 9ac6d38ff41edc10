#include "db/search_index.hpp"

#include <string>

#include "db/sqlite/sqlite_search_index.hpp"

namespace cncd::db {

std::unique_ptr<SearchIndex> MakeSearchIndex(const Database& db) {
    if (db.Dialect() == "sqlite") return std::make_unique<SqliteSearchIndex>();
    throw DatabaseError("no search index for the " + std::string(db.Dialect()) + " backend");
}

}  // namespace cncd::db
