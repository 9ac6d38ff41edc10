#include <gtest/gtest.h>

#include <filesystem>

#include "db/database.hpp"
#include "db/sqlite/sqlite_database.hpp"
#include "tests/support/temp_database.hpp"

namespace cncd::db {
namespace {

constexpr std::string_view kCreate =
    "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL UNIQUE)";
constexpr std::string_view kInsert = "INSERT INTO notes (body) VALUES (?)";
constexpr std::string_view kCount = "SELECT COUNT(*) FROM notes";

TEST(Database, MigrationsEnableForeignKeysAndWal) {
    testing::TempDatabase t;
    const auto fk = t.db().Read([](Connection& c) { return c.QueryInt("PRAGMA foreign_keys"); });
    EXPECT_EQ(fk, 1);
    const auto mode = t.db().Read([](Connection& c) {
        return c.FindOne<std::string>("PRAGMA journal_mode", {},
                                      [](const Row& r) { return r.Text(0); });
    });
    EXPECT_EQ(mode.value_or(""), "wal");
    const auto applied = t.db().Read(
        [](Connection& c) { return c.QueryInt("SELECT COUNT(*) FROM schema_migrations"); });
    EXPECT_GE(applied, 1);
}

TEST(Database, ValuesAreBoundNotInterpolated) {
    testing::TempDatabase t;
    t.db().Write([](Connection& c) { return c.Execute(kCreate); });
    const std::string hostile = "x'); DROP TABLE notes; --";
    t.db().Write([&](Connection& c) { return c.Execute(kInsert, {hostile}); });
    const auto body = t.db().Read([](Connection& c) {
        return c.FindOne<std::string>("SELECT body FROM notes", {},
                                      [](const Row& r) { return r.Text(0); });
    });
    EXPECT_EQ(body.value_or(""), hostile);
}

TEST(Database, FailedWriteChangesNothing) {
    testing::TempDatabase t;
    t.db().Write([](Connection& c) { return c.Execute(kCreate); });
    t.db().Write([](Connection& c) { return c.Execute(kInsert, {std::string("one")}); });
    EXPECT_THROW(t.db().Write([](Connection& c) {
        c.Execute(kInsert, {std::string("two")});
        return c.Execute(kInsert, {std::string("one")});  // unique violation
    }),
                 ConstraintError);
    EXPECT_EQ(t.db().Read([](Connection& c) { return c.QueryInt(kCount); }), 1);
}

TEST(Database, ErrorResultRollsBackTheTransaction) {
    testing::TempDatabase t;
    t.db().Write([](Connection& c) { return c.Execute(kCreate); });
    const Status status = t.db().Write([](Connection& c) -> Status {
        c.Execute(kInsert, {std::string("draft")});
        return InvalidArgument("body", "refusé");
    });
    EXPECT_FALSE(status.ok());
    EXPECT_EQ(t.db().Read([](Connection& c) { return c.QueryInt(kCount); }), 0);
}

TEST(Database, GenerationIncreasesOnCommitOnly) {
    testing::TempDatabase t;
    const auto before = t.db().Generation();
    t.db().Write([](Connection& c) { return c.Execute(kCreate); });
    EXPECT_EQ(t.db().Generation(), before + 1);
    t.db().Write([](Connection&) -> Status { return NotFound("absent"); });
    EXPECT_EQ(t.db().Generation(), before + 1);
}

TEST(Database, ClosingLeavesOneSelfContainedFile) {
    testing::TempDatabase t;
    t.db().Write([](Connection& c) { return c.Execute(kCreate); });
    t.db().Write([](Connection& c) { return c.Execute(kInsert, {std::string("kept")}); });
    const auto path = t.path();
    t.Close();
    EXPECT_FALSE(std::filesystem::exists(path.string() + "-wal"));
    auto reopened = OpenSqlite(path.string(), {.readers = 1});
    EXPECT_EQ(reopened->Read([](Connection& c) { return c.QueryInt(kCount); }), 1);
}

}  // namespace
}  // namespace cncd::db
