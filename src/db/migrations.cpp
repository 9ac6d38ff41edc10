#include "db/migrations.hpp"

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

namespace cncd::db {
namespace {

constexpr std::string_view kCreateTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
    " applied_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP)";
constexpr std::string_view kSelectApplied = "SELECT version FROM schema_migrations";
constexpr std::string_view kInsertApplied =
    "INSERT INTO schema_migrations (version, name) VALUES (?, ?)";

std::string ReadFile(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw DatabaseError("cannot read migration " + path.string());
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

}  // namespace

std::vector<std::string> Migrate(Database& db, const std::filesystem::path& dir) {
    const auto folder = dir / std::string(db.Dialect());
    std::map<std::int64_t, std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(folder)) {
        const std::string name = entry.path().filename().string();
        const auto sep = name.find("__");
        if (name.size() < 2 || name[0] != 'V' || sep == std::string::npos) continue;
        if (entry.path().extension() != ".sql") continue;
        files.emplace(std::stoll(name.substr(1, sep - 1)), entry.path());
    }
    db.Write([&](Connection& c) { return c.Execute(kCreateTable); });
    std::set<std::int64_t> applied;
    db.Write([&](Connection& c) {
        c.Query(kSelectApplied, {}, [&](const Row& row) { applied.insert(row.Int(0)); });
        return 0;
    });
    std::vector<std::string> done;
    for (const auto& [version, path] : files) {
        if (applied.count(version)) continue;
        const std::string name = path.filename().string();
        const std::string script = ReadFile(path);
        db.Write([&](Connection& c) {
            c.ExecuteScript(script);
            return c.Execute(kInsertApplied, {version, name});
        });
        done.push_back(name);
    }
    return done;
}

}  // namespace cncd::db
