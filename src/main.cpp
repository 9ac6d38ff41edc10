// The composition root: command line → database → services → routes → listen.
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>

#include "db/migrations.hpp"
#include "db/sqlite/sqlite_database.hpp"
#include "modules/accounts/account_service.hpp"
#include "modules/accounts/demo_accounts.hpp"
#include "modules/apd/apd_codes.hpp"
#include "modules/demo/demo_service.hpp"
#include "modules/geo/geo_service.hpp"
#include "modules/mail/mail_delivery.hpp"
#include "modules/space/space_alerts.hpp"
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
    reference->add_option("--from", node_modules,
                          "node_modules folder (default: ROOT/node_modules)");
    reference->add_flag("--if-empty", reference_if_empty, "Do nothing when already imported");

    auto* codelists =
        import->add_subcommand("codelists", "IATI codelists (Sector, AidType, CRSChannelCode…)");
    std::filesystem::path codelists_dir;
    codelists->add_option("DIR", codelists_dir, "Folder of IATI codelist XML files")->required();

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

    // Mail delivery: without --smtp-url, mails stay in the outbox (administrators read them).
    cncd::mail::DeliverySettings smtp;
    auto add_smtp_options = [&smtp](CLI::App* command) {
        command->add_option("--smtp-url", smtp.smtp_url,
                            "Send the outbox's mails through this server: smtp://host:port "
                            "(STARTTLS when offered) or smtps://host:port");
        command->add_option("--smtp-from", smtp.from,
                            "From of the mails: \"Name <address>\" or address (required with "
                            "--smtp-url)");
        command->add_option("--smtp-user", smtp.user,
                            "SMTP user; the password is read from CNCD_SMTP_PASSWORD");
        command->add_flag("--smtp-require-tls", smtp.require_tls,
                          "Refuse to send over an unencrypted connection");
    };
    add_smtp_options(serve);
    int smtp_interval_seconds = static_cast<int>(smtp.interval.count());
    serve
        ->add_option("--smtp-interval", smtp_interval_seconds, "Seconds between two sending rounds")
        ->capture_default_str()
        ->check(CLI::Range(1, 3600));

    int alert_interval_seconds = 900;
    serve
        ->add_option("--alert-interval", alert_interval_seconds,
                     "Seconds between two rounds of saved-search alerts")
        ->capture_default_str()
        ->check(CLI::Range(10, 86400));

    auto* space_command = app.add_subcommand("space", "The personal space");
    space_command->require_subcommand(1);
    auto* send_alerts = space_command->add_subcommand(
        "send-alerts", "Mail the new projects of saved searches once (to the outbox)");
    send_alerts->add_option("--public-url", portal_options.public_url,
                            "Public address for the links in the mails");

    auto* mail_command = app.add_subcommand("mail", "The outbox");
    mail_command->require_subcommand(1);
    auto* send_pending =
        mail_command->add_subcommand("send-pending", "Send the outbox's due mails once");
    add_smtp_options(send_pending);

    CLI11_PARSE(app, argc, argv);
    smtp.interval = std::chrono::seconds(smtp_interval_seconds);

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
            spdlog::info(
                "reference imported: {} countries, {} régions, {} départements, "
                "{} communes, {} EPCI, {} places",
                s.countries, s.regions, s.departments, s.communes, s.epcis, s.cities);
            return 0;
        }
        if (*codelists) {
            const auto counts = cncd::apd::ImportCodelists(*db, codelists_dir);
            if (!counts) {
                spdlog::error("import codelists: {}", counts.error().message);
                return 1;
            }
            for (const auto& [list, n] : *counts) spdlog::info("codelist {}: {} codes", list, n);
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
        if (*send_pending) {
            if (smtp.smtp_url.empty()) {
                spdlog::error("mail send-pending: --smtp-url is required");
                return 1;
            }
            auto delivery = cncd::mail::MailDelivery::Create(*db, smtp);
            if (!delivery) {
                spdlog::error("{}", delivery.error().message);
                return 1;
            }
            const auto report = (*delivery)->SendPending();
            spdlog::info("mail: {} sent, {} to retry, {} failed", report.sent, report.retried,
                         report.failed);
            return 0;
        }
        if (*send_alerts) {
            portal_options.common_passwords = common_passwords;
            cncd::Portal portal(*db, root, portal_options);
            const auto report = portal.space().SendAlerts();
            spdlog::info("space alerts: {} searches, {} mails, {} projects announced",
                         report.searches, report.mails, report.projects);
            return 0;
        }
        if (*serve) {
            std::unique_ptr<cncd::mail::MailDelivery> delivery;
            if (!smtp.smtp_url.empty()) {
                auto created = cncd::mail::MailDelivery::Create(*db, smtp);
                if (!created) {
                    spdlog::error("{}", created.error().message);
                    return 1;
                }
                delivery = std::move(created).value();
                delivery->Start();
                spdlog::info("mail: sending the outbox through {}", smtp.smtp_url);
            }
            portal_options.common_passwords = common_passwords;
            if (portal_options.public_url.empty()) {
                const bool any = options.address == "0.0.0.0" || options.address == "::";
                const std::string host = any ? std::string("localhost") : options.address;
                portal_options.public_url = "http://" + host + ":" + std::to_string(options.port);
            }
            cncd::Portal portal(*db, root, portal_options);
            cncd::space::AlertWorker alerts(portal.space(),
                                            std::chrono::seconds(alert_interval_seconds));
            // The document upload takes bodies up to 11 MB; every other route keeps 1 MB.
            options.body_limits.emplace_back(cncd::space::kUploadPath,
                                             cncd::space::kUploadBodyLimit);
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
