#include "db/sqlite/sqlite_database.hpp"

#include <sqlite3.h>

#include <string>
#include <unordered_map>

#include "db/sqlite/sqlite_search_index.hpp"

namespace cncd::db {
namespace {

[[noreturn]] void Fail(sqlite3* handle, int rc, std::string_view context) {
    const std::string message =
        std::string(context) + ": " + (handle ? sqlite3_errmsg(handle) : sqlite3_errstr(rc));
    if ((rc & 0xFF) == SQLITE_CONSTRAINT) throw ConstraintError(message);
    throw DatabaseError(message);
}

class SqliteRow final : public Row {
  public:
    explicit SqliteRow(sqlite3_stmt* stmt) : stmt_(stmt) {}
    bool IsNull(int column) const override {
        return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
    }
    std::int64_t Int(int column) const override { return sqlite3_column_int64(stmt_, column); }
    double Double(int column) const override { return sqlite3_column_double(stmt_, column); }
    std::string Text(int column) const override {
        const auto* text = sqlite3_column_text(stmt_, column);
        if (text == nullptr) return {};
        return std::string(reinterpret_cast<const char*>(text),
                           sqlite3_column_bytes(stmt_, column));
    }

  private:
    sqlite3_stmt* stmt_;
};

class SqliteConnection final : public Connection {
  public:
    SqliteConnection(const std::string& path, const SqliteOptions& options, bool read_only) {
        const int flags =
            (read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) |
            SQLITE_OPEN_NOMUTEX;
        const int rc = sqlite3_open_v2(path.c_str(), &handle_, flags, nullptr);
        if (rc != SQLITE_OK) {
            std::string message = "cannot open " + path + ": " + sqlite3_errstr(rc);
            sqlite3_close(handle_);
            handle_ = nullptr;
            throw DatabaseError(message);
        }
        sqlite3_extended_result_codes(handle_, 1);
        sqlite3_busy_timeout(handle_, options.busy_timeout_ms);
        RegisterSqliteSearch(handle_);  // before any statement reads a full-text table
        if (!read_only) ExecuteScript("PRAGMA journal_mode=WAL;");
        ExecuteScript("PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY;");
    }

    ~SqliteConnection() override {
        for (auto& [sql, stmt] : statements_) sqlite3_finalize(stmt);
        sqlite3_close(handle_);
    }

    void Query(std::string_view sql, const Params& params, const RowCallback& on_row) override {
        sqlite3_stmt* stmt = Prepare(sql, params);
        const SqliteRow row(stmt);
        int rc;
        while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
            if (on_row) on_row(row);
        }
        const bool done = rc == SQLITE_DONE;
        sqlite3_reset(stmt);
        if (!done) Fail(handle_, rc, "query");
    }

    std::int64_t Execute(std::string_view sql, const Params& params) override {
        Query(sql, params, nullptr);
        return sqlite3_changes64(handle_);
    }

    std::int64_t LastInsertId() override { return sqlite3_last_insert_rowid(handle_); }

    void ExecuteScript(std::string_view sql) override {
        char* error = nullptr;
        const std::string script(sql);
        const int rc = sqlite3_exec(handle_, script.c_str(), nullptr, nullptr, &error);
        if (rc == SQLITE_OK) return;
        const std::string message = error ? error : sqlite3_errstr(rc);
        sqlite3_free(error);
        if ((rc & 0xFF) == SQLITE_CONSTRAINT) throw ConstraintError(message);
        throw DatabaseError("script: " + message);
    }

  private:
    // Statements are prepared once per connection and kept, keyed by their text.
    sqlite3_stmt* Prepare(std::string_view sql, const Params& params) {
        auto it = statements_.find(std::string(sql));
        if (it == statements_.end()) {
            sqlite3_stmt* stmt = nullptr;
            const int rc = sqlite3_prepare_v3(handle_, sql.data(), static_cast<int>(sql.size()),
                                              SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
            if (rc != SQLITE_OK) Fail(handle_, rc, "prepare");
            it = statements_.emplace(std::string(sql), stmt).first;
        }
        sqlite3_stmt* stmt = it->second;
        sqlite3_clear_bindings(stmt);
        if (static_cast<int>(params.size()) != sqlite3_bind_parameter_count(stmt)) {
            throw DatabaseError("parameter count mismatch for: " + std::string(sql));
        }
        for (int i = 0; i < static_cast<int>(params.size()); ++i) Bind(stmt, i + 1, params[i]);
        return stmt;
    }

    void Bind(sqlite3_stmt* stmt, int index, const Value& value) {
        int rc = SQLITE_OK;
        if (std::holds_alternative<std::nullptr_t>(value)) rc = sqlite3_bind_null(stmt, index);
        if (const auto* i = std::get_if<std::int64_t>(&value))
            rc = sqlite3_bind_int64(stmt, index, *i);
        if (const auto* d = std::get_if<double>(&value)) rc = sqlite3_bind_double(stmt, index, *d);
        if (const auto* s = std::get_if<std::string>(&value)) {
            rc = sqlite3_bind_text(stmt, index, s->data(), static_cast<int>(s->size()),
                                   SQLITE_TRANSIENT);
        }
        if (rc != SQLITE_OK) Fail(handle_, rc, "bind");
    }

    sqlite3* handle_ = nullptr;
    std::unordered_map<std::string, sqlite3_stmt*> statements_;
};

class SqliteDatabase final : public Database {
  public:
    SqliteDatabase(const std::string& path, const SqliteOptions& options)
        : writer_(path, options, /*read_only=*/false) {
        for (int i = 0; i < options.readers; ++i) {
            AddReader(std::make_unique<SqliteConnection>(path, options, /*read_only=*/true));
        }
    }
    // Readers close first: a read-only connection cannot checkpoint, so the writer must be
    // the last one to close for SQLite to fold the WAL into the database and remove it.
    ~SqliteDatabase() override { CloseReaders(); }
    std::string_view Dialect() const override { return "sqlite"; }

  protected:
    Connection& Writer() override { return writer_; }
    std::string_view BeginSql() const override { return "BEGIN IMMEDIATE"; }
    void BeforeCommit(Connection& c) override { FlushSearchQueue(c); }

  private:
    SqliteConnection writer_;
};

}  // namespace

std::unique_ptr<Database> OpenSqlite(const std::string& path, const SqliteOptions& options) {
    return std::make_unique<SqliteDatabase>(path, options);
}

}  // namespace cncd::db
