#pragma once

#include <filesystem>
#include <memory>

#include "db/database.hpp"

namespace cncd::testing {

/// The project's source tree (migrations/, templates/, static/, node_modules/).
std::filesystem::path SourceRoot();

/// A migrated database in a fresh temporary file, deleted with the object.
class TempDatabase {
  public:
    TempDatabase();
    ~TempDatabase();
    db::Database& db() { return *db_; }
    const std::filesystem::path& path() const { return path_; }
    /// Closes the database; the file stays until the object is destroyed.
    void Close() { db_.reset(); }

  private:
    std::filesystem::path dir_;
    std::filesystem::path path_;
    std::unique_ptr<db::Database> db_;
};

}  // namespace cncd::testing
