#include "tests/support/temp_database.hpp"

#include <random>
#include <string>

#include "db/migrations.hpp"
#include "db/sqlite/sqlite_database.hpp"

namespace cncd::testing {

std::filesystem::path SourceRoot() { return CNCD_SOURCE_ROOT; }

TempDatabase::TempDatabase() {
    std::random_device rd;
    dir_ = std::filesystem::temp_directory_path() / ("cncd-test-" + std::to_string(rd()));
    std::filesystem::create_directories(dir_);
    path_ = dir_ / "test.db";
    db_ = db::OpenSqlite(path_.string(), {.readers = 2});
    db::Migrate(*db_, SourceRoot() / "migrations");
}

TempDatabase::~TempDatabase() {
    db_.reset();
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
}

}  // namespace cncd::testing
