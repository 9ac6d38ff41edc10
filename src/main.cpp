// The composition root: command line → database → services → routes → listen.
#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>

#include "db/migrations.hpp"
#include "db/sqlite/sqlite_database.hpp"
#include "modules/accounts/account_service.hpp"
#include "modules/accounts/demo_accounts.hpp"
#include "modules/demo/demo_service.hpp"
#include "modules/geo/geo_service.hpp"
#include "portal.hpp"
#include "web/server.hpp"

namespace {

std::filesystem::path DefaultRoot() {
    if (const char* env = std::getenv("CNCD_ROOT")) return env;
    return CNCD_DEFAULT_ROOT;
}

std::unique_ptr<cncd::db::Database> OpenDatabase(const std::string& path, int readers) {
    std::filesystem::path p(path);
    if (p.has_parent_path()) std::filesystem::create_directories(p.parent_path());
    return cncd::db::OpenSqlite(path, {.readers = readers});
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"cncd: portail de la coopération décentralisée"};
    app.require_subcommand(1);
    std::string db_path = "var/cncd.db";
    std::filesystem::path root = DefaultRoot();
    app.add_option("--db", db_path, "SQLite database file")->capture_default_str();
    app.add_option("--root", root, "Folder holding migrations/, templates/, static/, public/")
        ->capture_default_str();

    auto* migrate = app.add_subcommand("migrate", "Apply pending database migrations");

    auto* import = app.add_subcommand("import", "Import data");
    import->require_subcommand(1);
    auto* reference = import->add_subcommand("reference", "Reference geography from npm packages");
    std::filesystem::path node_modules;
    bool reference_if_empty = false;
    reference->add_option("--from", node_modules, "node_modules folder (default: ROOT/node_modules)");
    reference->add_flag("--if-empty", reference_if_empty, "Do nothing when already imported");

    auto* seed = app.add_subcommand("seed-demo", "Build the deterministic demo Atlas");
    bool seed_if_empty = false;
    seed->add_flag("--if-empty", seed_if_empty, "Do nothing when the Atlas has data");

    auto* serve = app.add_subcommand("serve", "Serve the portal over HTTP");
    cncd::web::ServerOptions options;
    serve->add_option("--address", options.address)->capture_default_str();
    serve->add_option("--port", options.port)->capture_default_str();
    serve->add_option("--io-threads", options.io_threads, "0: one per core");
    serve->add_option("--workers", options.workers, "0: two per core");
    cncd::PortalOptions portal_options;
    serve->add_option("--public-url", portal_options.public_url,
                      "Public address; https://… gives __Host- Secure cookies (default: plain "
                      "cookies for http://localhost)");
    std::filesystem::path common_passwords;
    app.add_option("--common-passwords", common_passwords,
                   "Common password list (JSON array; default: $CNCD_COMMON_PASSWORDS or "
                   "ROOT/node_modules/@zxcvbn-ts/language-common/src/passwords.json)");

    CLI11_PARSE(app, argc, argv);

    try {
        const int readers = static_cast<int>(std::max(4u, 2 * std::thread::hardware_concurrency()));
        auto db = OpenDatabase(db_path, readers);
        for (const auto& name : cncd::db::Migrate(*db, root / "migrations")) {
            spdlog::info("migration applied: {}", name);
        }
        if (*migrate) return 0;

        if (*reference) {
            if (reference_if_empty && cncd::geo::HasReference(*db)) return 0;
            const auto from = node_modules.empty() ? root / "node_modules" : node_modules;
            const auto s = cncd::geo::ImportReference(*db, from);
            spdlog::info("reference imported: {} countries, {} régions, {} départements, "
                         "{} communes, {} EPCI, {} places",
                         s.countries, s.regions, s.departments, s.communes, s.epcis, s.cities);
            return 0;
        }
        if (*seed) {
            if (!seed_if_empty || !cncd::demo::HasAtlasData(*db)) {
                const auto result = cncd::demo::SeedDemo(*db);
                if (!result) {
                    spdlog::error("seed-demo: {}", result.error().message);
                    return 1;
                }
                spdlog::info(
                    "demo seeded: {} projects, {} French authorities, {} partners, {} countries",
                    result->projects, result->authorities, result->partners, result->countries);
            }
            // Demo accounts (idempotent): one per role, passwords in the README.
            const auto common = cncd::accounts::CommonPasswords::Load(
                cncd::CommonPasswordsPath(root, common_passwords));
            cncd::accounts::MemoryMailer mailer;
            cncd::accounts::AccountService accounts(*db, mailer, common);
            const auto seeded = cncd::accounts::SeedDemoAccounts(accounts);
            if (!seeded) {
                spdlog::error("seed-demo accounts: {}", seeded.error().message);
                return 1;
            }
            spdlog::info("demo accounts: {} organisations, {} accounts created",
                         seeded->organisations, seeded->users);
            return 0;
        }
        if (*serve) {
            portal_options.common_passwords = common_passwords;
            if (portal_options.public_url.empty()) {
                const bool any = options.address == "0.0.0.0" || options.address == "::";
                const std::string host = any ? std::string("localhost") : options.address;
                portal_options.public_url = "http://" + host + ":" + std::to_string(options.port);
            }
            cncd::Portal portal(*db, root, portal_options);
            cncd::web::HttpServer server(options, portal.handler());
            server.Start();
            spdlog::info("cncd listening on http://{}:{}", options.address, server.Port());
            server.RunUntilSignal();
            spdlog::info("cncd stopped");
        }
    } catch (const std::exception& e) {
        spdlog::critical("{}", e.what());
        return 1;
    }
    return 0;
}
