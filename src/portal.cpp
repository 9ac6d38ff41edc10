#include "portal.hpp"

#include <nlohmann/json.hpp>

#include "modules/apd/apd_routes.hpp"
#include "modules/apd/apd_service.hpp"
#include "modules/apd/apd_stats.hpp"
#include "modules/atlas/atlas_map_routes.hpp"
#include "modules/atlas/atlas_routes.hpp"
#include "modules/atlas/atlas_service.hpp"
#include "modules/content/content_routes.hpp"
#include "modules/mail/mail_service.hpp"
#include "modules/pdf/pdf_routes.hpp"
#include "modules/pdf/pdf_service.hpp"
#include "modules/search/search_page.hpp"
#include "modules/search/search_routes.hpp"
#include "modules/search/search_service.hpp"
#include "web/app.hpp"
#include "web/router.hpp"
#include "web/templates.hpp"

namespace cncd {

struct Portal::Impl {
    Impl(db::Database& db, const std::filesystem::path& root)
        : templates(root / "templates"),
          atlas(db),
          search(db),
          pdf(db, search, root / "public" / "vendor" / "world-atlas" / "countries-50m.json"),
          apd_stats(db),
          apd_declarations(db),
          mail(db) {
        router.Get("/healthz", [&db](const web::Request&) {
            db.Read([](db::Connection& c) { return c.QueryInt("SELECT 1"); });
            return web::Response::Json({{"status", "ok"}});
        });
        atlas::RegisterAtlasRoutes(router, atlas, templates,
                                   {.openapi_path = root / "docs" / "api" / "openapi.yaml"});
        atlas::RegisterAtlasMapRoutes(router, atlas, templates);
        search::RegisterSearchRoutes(router, search, templates);
        search::RegisterSearchPageRoutes(router, search, templates);
        pdf::RegisterPdfRoutes(router, pdf, templates);
        // e-APD: public statistics and outputs; the declaration routes need the accounts guard
        // (apd_declarations is ready for them).
        apd::RegisterApdRoutes(router, apd_stats, db, templates);
        content::RegisterContentRoutes(router, templates);
        handler = web::BuildApp(router, templates,
                                {{"/static/", root / "static"}, {"/vendor/", root / "public" / "vendor"}});
    }

    web::Templates templates;
    atlas::AtlasService atlas;
    search::SearchService search;
    pdf::PdfService pdf;
    apd::StatsService apd_stats;
    apd::DeclarationService apd_declarations;
    // The outbox: services that send mails (accounts, e-APD, alerts) take it by reference and
    // call mail.Enqueue(connection, mail) inside their write. Its pages
    // (mail::RegisterMailRoutes) need the accounts' access guard and are registered with it.
    mail::MailService mail;
    web::Router router;
    web::Handler handler;
};

Portal::Portal(db::Database& db, const std::filesystem::path& root)
    : impl_(std::make_unique<Impl>(db, root)) {}
Portal::~Portal() = default;
const web::Handler& Portal::handler() const { return impl_->handler; }

}  // namespace cncd
