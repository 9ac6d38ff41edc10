#include "portal.hpp"

#include <nlohmann/json.hpp>

#include "modules/atlas/atlas_map_routes.hpp"
#include "modules/atlas/atlas_routes.hpp"
#include "modules/atlas/atlas_service.hpp"
#include "modules/content/content_routes.hpp"
#include "modules/mail/mail_service.hpp"
#include "modules/search/search_routes.hpp"
#include "modules/search/search_service.hpp"
#include "web/app.hpp"
#include "web/router.hpp"
#include "web/templates.hpp"

namespace cncd {

struct Portal::Impl {
    Impl(db::Database& db, const std::filesystem::path& root)
        : templates(root / "templates"), atlas(db), search(db), mail(db) {
        router.Get("/healthz", [&db](const web::Request&) {
            db.Read([](db::Connection& c) { return c.QueryInt("SELECT 1"); });
            return web::Response::Json({{"status", "ok"}});
        });
        atlas::RegisterAtlasRoutes(router, atlas, templates,
                                   {.openapi_path = root / "docs" / "api" / "openapi.yaml"});
        atlas::RegisterAtlasMapRoutes(router, atlas, templates);
        search::RegisterSearchRoutes(router, search, templates);
        content::RegisterContentRoutes(router, templates);
        handler = web::BuildApp(router, templates,
                                {{"/static/", root / "static"}, {"/vendor/", root / "public" / "vendor"}});
    }

    web::Templates templates;
    atlas::AtlasService atlas;
    search::SearchService search;
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
