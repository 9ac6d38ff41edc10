#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "core/result.hpp"

namespace cncd::db {

/// A value bound to a statement parameter.
using Value = std::variant<std::nullptr_t, std::int64_t, double, std::string>;
using Params = std::vector<Value>;

/// Wraps an optional into a bindable Value (NULL when empty).
template <typename T>
Value Nullable(const std::optional<T>& v) {
    if (!v) return nullptr;
    if constexpr (std::is_integral_v<T>)
        return static_cast<std::int64_t>(*v);
    else
        return Value(*v);
}

/// A database failure that is a bug or an outage (syntax, I/O, lost connection).
class DatabaseError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

/// A write refused by a constraint (unique, foreign key, check): callers may turn it into a
/// user-facing error.
class ConstraintError : public DatabaseError {
  public:
    using DatabaseError::DatabaseError;
};

/// One row of a result; columns are numbered from 0 in the order of the SELECT list.
class Row {
  public:
    virtual ~Row() = default;
    virtual bool IsNull(int column) const = 0;
    virtual std::int64_t Int(int column) const = 0;
    virtual double Double(int column) const = 0;
    /// The text of a column, empty for NULL.
    virtual std::string Text(int column) const = 0;

    std::optional<std::int64_t> OptionalInt(int column) const {
        return IsNull(column) ? std::nullopt : std::optional(Int(column));
    }
    std::optional<double> OptionalDouble(int column) const {
        return IsNull(column) ? std::nullopt : std::optional(Double(column));
    }
};

using RowCallback = std::function<void(const Row&)>;

/// A connection: statements with bound parameters only. Not thread-safe; Database lends it
/// to one thread at a time.
class Connection {
  public:
    virtual ~Connection() = default;
    /// Runs `sql` with `params` bound in order, calling `on_row` for each row.
    virtual void Query(std::string_view sql, const Params& params, const RowCallback& on_row) = 0;
    /// Runs a statement that returns no rows; returns the number of rows it changed.
    virtual std::int64_t Execute(std::string_view sql, const Params& params = {}) = 0;
    /// The id of the row inserted last on this connection.
    virtual std::int64_t LastInsertId() = 0;
    /// Runs a script of several statements without parameters (migrations only).
    virtual void ExecuteScript(std::string_view sql) = 0;

    /// Maps every row with `map(const Row&) -> T`.
    template <typename T, typename Map>
    std::vector<T> QueryAll(std::string_view sql, const Params& params, Map map) {
        std::vector<T> out;
        Query(sql, params, [&](const Row& row) { out.push_back(map(row)); });
        return out;
    }
    /// Maps the first row, or nothing when there is none.
    template <typename T, typename Map>
    std::optional<T> FindOne(std::string_view sql, const Params& params, Map map) {
        std::optional<T> out;
        Query(sql, params, [&](const Row& row) {
            if (!out) out = map(row);
        });
        return out;
    }
    /// The first column of the first row as an integer (0 when there is no row or NULL).
    std::int64_t QueryInt(std::string_view sql, const Params& params = {}) {
        std::int64_t out = 0;
        Query(sql, params, [&](const Row& row) { out = row.IsNull(0) ? 0 : row.Int(0); });
        return out;
    }
};

/// A database: a pool of read connections and one writer. Reads see a consistent snapshot;
/// writes are serialised and run in a transaction.
class Database {
  public:
    virtual ~Database() = default;
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    /// "sqlite" or "postgres": picks the migrations folder and dialect-specific SQL.
    virtual std::string_view Dialect() const = 0;

    /// Runs `fn(Connection&)` on a reader connection and returns what it returns.
    template <typename Fn>
    auto Read(Fn&& fn) {
        Lease lease(*this, AcquireReader());
        Connection& c = *lease.connection;
        c.Execute("BEGIN");
        try {
            if constexpr (std::is_void_v<decltype(fn(c))>) {
                fn(c);
                c.Execute("COMMIT");
            } else {
                auto result = fn(c);
                c.Execute("COMMIT");
                return result;
            }
        } catch (...) {
            c.Execute("ROLLBACK");
            throw;
        }
    }

    /// Runs `fn(Connection&)` in a write transaction. Commits when `fn` returns (when it returns
    /// a Result, only if that Result is ok); rolls back when it throws or returns an error, so
    /// a failed write changes nothing.
    template <typename Fn>
    auto Write(Fn&& fn) {
        std::lock_guard lock(write_mutex_);
        Connection& c = Writer();
        c.Execute(BeginSql());
        try {
            auto result = fn(c);
            if constexpr (requires { result.ok(); }) {
                if (!result.ok()) {
                    c.Execute("ROLLBACK");
                    return result;
                }
            }
            BeforeCommit(c);
            c.Execute("COMMIT");
            generation_.fetch_add(1, std::memory_order_release);
            return result;
        } catch (...) {
            c.Execute("ROLLBACK");
            throw;
        }
    }

    /// Increases after every committed write: caches compare it to know they are stale.
    std::uint64_t Generation() const { return generation_.load(std::memory_order_acquire); }

  protected:
    Database() = default;
    /// Adds a reader connection to the pool (called by backends when opening).
    void AddReader(std::unique_ptr<Connection> c);
    /// Closes every reader connection (backends call it before closing their writer, so the
    /// last connection to close is the one that may clean up, e.g. SQLite's WAL file).
    void CloseReaders();
    virtual Connection& Writer() = 0;
    virtual std::string_view BeginSql() const = 0;
    /// Work the backend defers to the end of a write transaction, run inside it just before
    /// COMMIT (SQLite: indexing the projects queued for full-text search, in one batch). A
    /// throw rolls the whole transaction back.
    virtual void BeforeCommit(Connection&) {}

  private:
    struct Lease {
        Lease(Database& d, Connection* c) : db(d), connection(c) {}
        ~Lease() { db.ReleaseReader(connection); }
        Lease(const Lease&) = delete;
        Lease& operator=(const Lease&) = delete;
        Database& db;
        Connection* connection;
    };
    Connection* AcquireReader();
    void ReleaseReader(Connection* c);

    std::mutex write_mutex_;
    std::mutex pool_mutex_;
    std::condition_variable pool_cv_;
    std::vector<std::unique_ptr<Connection>> readers_;
    std::vector<Connection*> idle_;
    std::atomic<std::uint64_t> generation_{0};
};

}  // namespace cncd::db
