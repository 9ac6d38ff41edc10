#include "portal.hpp"

#include <cstdlib>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "modules/accounts/accounts_routes.hpp"
#include "modules/accounts/accounts_web.hpp"
#include "modules/apd/apd_routes.hpp"
#include "modules/apd/apd_service.hpp"
#include "modules/apd/apd_stats.hpp"
#include "modules/apd/apd_web.hpp"
#include "modules/atlas/atlas_map_routes.hpp"
#include "modules/atlas/atlas_routes.hpp"
#include "modules/atlas/atlas_service.hpp"
#include "modules/content/content_routes.hpp"
#include "modules/fiches/fiches_routes.hpp"
#include "modules/fiches/fiches_service.hpp"
#include "modules/mail/mail_routes.hpp"
#include "modules/mail/mail_service.hpp"
#include "modules/pdf/pdf_routes.hpp"
#include "modules/pdf/pdf_service.hpp"
#include "modules/search/search_page.hpp"
#include "modules/search/search_routes.hpp"
#include "modules/search/search_service.hpp"
#include "modules/space/space_routes.hpp"
#include "modules/space/space_service.hpp"
#include "web/app.hpp"
#include "web/router.hpp"
#include "web/templates.hpp"

namespace cncd {

namespace {

accounts::AccountOptions AccountOptionsOf(const PortalOptions& options) {
    accounts::AccountOptions out;
    if (!options.public_url.empty()) out.public_url = options.public_url;
    while (out.public_url.ends_with('/')) out.public_url.pop_back();
    if (options.tune_accounts) options.tune_accounts(out);
    return out;
}

/// The fiche author of a request: its signed-in user.
std::optional<fiches::Actor> FicheActorOf(const web::Request& request) {
    const accounts::Principal* p = accounts::PrincipalOf(request);
    if (!p) return std::nullopt;
    return fiches::ActorOf(*p);
}

space::SpaceOptions SpaceOptionsOf(const PortalOptions& options) {
    space::SpaceOptions out;
    if (!options.public_url.empty()) out.public_url = options.public_url;
    return out;
}

bool IsAuthority(const accounts::Principal& p) { return !p.authority_ids.empty(); }
bool IsMinistry(const accounts::Principal& p) { return p.IsMinistry(); }

/// The accounts' mails (reset links, invitations, approvals) go to the outbox, which the
/// SMTP sender delivers when --smtp-url is set and administrators read otherwise.
class OutboxMailer : public accounts::Mailer {
  public:
    explicit OutboxMailer(const mail::MailService& outbox) : outbox_(outbox) {}
    void Send(const accounts::Mail& m) override {
        mail::Mail queued_mail;
        queued_mail.to = {m.to};
        queued_mail.subject = m.subject;
        queued_mail.text = m.body;
        queued_mail.reference_kind = "account";
        const auto queued = outbox_.Enqueue(queued_mail);
        if (!queued) throw std::runtime_error("outbox: " + queued.error().message);
    }

  private:
    const mail::MailService& outbox_;
};

}  // namespace

std::filesystem::path CommonPasswordsPath(const std::filesystem::path& root,
                                          const std::filesystem::path& given) {
    if (!given.empty()) return given;
    if (const char* env = std::getenv("CNCD_COMMON_PASSWORDS"); env && *env) return env;
    return root / "node_modules" / "@zxcvbn-ts" / "language-common" / "src" / "passwords.json";
}

struct Portal::Impl {
    Impl(db::Database& db, const std::filesystem::path& root, const PortalOptions& options)
        : templates(root / "templates"),
          atlas(db),
          search(db),
          pdf(db, search, root / "public" / "vendor" / "world-atlas" / "countries-50m.json"),
          apd_stats(db),
          apd_declarations(db),
          mail(db),
          fiches(db),
          outbox_mailer(mail),
          common_passwords(
              accounts::CommonPasswords::Load(CommonPasswordsPath(root, options.common_passwords))),
          accounts(db, options.mailer ? *options.mailer : outbox_mailer, common_passwords,
                   AccountOptionsOf(options)),
          apd_reminders(db, apd_declarations, mail, AccountOptionsOf(options).public_url),
          personal_space(db, search, pdf, mail, SpaceOptionsOf(options)) {
        router.Get("/healthz", [&db](const web::Request&) {
            db.Read([](db::Connection& c) { return c.QueryInt("SELECT 1"); });
            return web::Response::Json({{"status", "ok"}});
        });
        atlas::RegisterAtlasRoutes(router, atlas, templates,
                                   {.openapi_path = root / "docs" / "api" / "openapi.yaml"});
        atlas::RegisterAtlasMapRoutes(router, atlas, templates);
        search::RegisterSearchRoutes(router, search, templates);
        search::RegisterSearchPageRoutes(router, search, templates,
                                         {.save_panel = space::SavePanel});
        pdf::RegisterPdfRoutes(router, pdf, templates);
        apd::RegisterApdRoutes(router, apd_stats, db, templates);
        content::RegisterContentRoutes(router, templates);
        const accounts::CookiePolicy cookies{options.public_url.starts_with("https://")};
        accounts::RegisterAccountRoutes(
            router, accounts, templates,
            {.cookies = cookies,
             .space_links = {
                 {"Projets de ma collectivité", "/mon-espace/projets",
                  "Créer, modifier et clore vos fiches-projets de l’Atlas ; leur historique et "
                  "leur qualité.",
                  IsAuthority},
                 {"Déclaration APD", "/mon-espace/apd",
                  "Déclarer l’aide publique au développement de votre collectivité, suivre son "
                  "examen et télécharger l’accusé de réception.",
                  IsAuthority},
                 {"Déclarations APD", "/administration/apd",
                  "Campagnes et relances, examen des déclarations, collectivités n’ayant pas "
                  "déclaré.",
                  IsMinistry},
                 {"Mes recherches enregistrées",
                  "/mon-espace/recherches",
                  "Vos recherches de l’Atlas : les rouvrir, les partager, être averti par courriel "
                  "des nouveaux projets.",
                  {}},
                 {"Mes documents",
                  "/mon-espace/documents",
                  "Les documents de votre organisation et les PDF de recherches conservés.",
                  {}},
                 {"Modifications récentes", "/administration/modifications",
                  "Relire les modifications des fiches-projets et en annuler une.", IsMinistry},
                 {"Qualité des données", "/administration/qualite",
                  "Le score de qualité des fiches de chaque collectivité et ce qu’il faut "
                  "corriger.",
                  IsMinistry},
                 {"Courriels envoyés", "/administration/courriels",
                  "Les courriels du portail et leur état d’envoi.",
                  [](const accounts::Principal& p) {
                      return accounts::IsAllowed(&p, accounts::Action::kReadOutbox,
                                                 accounts::Resource::Global());
                  }},
             }});
        // The accounts middleware has refused every unsafe request without a valid CSRF token
        // before it reaches a route.
        fiches::RegisterFicheRoutes(
            router, fiches, templates,
            {.current_actor = FicheActorOf,
             .csrf_ok = [](const web::Request&) { return true; },
             .csrf_token =
                 [](const web::Request& request) { return accounts::AuthOf(request).csrf_token; }});
        // e-APD declarations: audit, receipt mail and reminders in each change's transaction.
        apd::InstallApdHooks(apd_declarations, mail);
        apd::RegisterDeclarationRoutes(router, apd_declarations, apd_reminders, templates);
        space::RegisterSpaceRoutes(router, personal_space, templates);
        accounts.AddMergeHook(space::SpaceService::MoveOrganisation);
        mail::RegisterMailRoutes(router, mail, templates, [this](const web::Request& request) {
            return accounts::Refusal(request, accounts::Action::kReadOutbox,
                                     accounts::Resource::Global(), templates);
        });
        handler =
            web::BuildApp(router, templates,
                          {{"/static/", root / "static"}, {"/vendor/", root / "public" / "vendor"}},
                          accounts::MakeAccountsMiddleware(accounts, templates, cookies));
    }

    web::Templates templates;
    atlas::AtlasService atlas;
    search::SearchService search;
    pdf::PdfService pdf;
    apd::StatsService apd_stats;
    apd::DeclarationService apd_declarations;
    // The outbox: services that send mails take it by reference and call
    // mail.Enqueue(connection, mail) inside their write.
    mail::MailService mail;
    fiches::FicheService fiches;
    OutboxMailer outbox_mailer;
    accounts::CommonPasswords common_passwords;
    accounts::AccountService accounts;
    apd::Reminders apd_reminders;
    space::SpaceService personal_space;
    web::Router router;
    web::Handler handler;
};

Portal::Portal(db::Database& db, const std::filesystem::path& root, PortalOptions options)
    : impl_(std::make_unique<Impl>(db, root, options)) {}
Portal::~Portal() = default;
const web::Handler& Portal::handler() const { return impl_->handler; }
accounts::AccountService& Portal::accounts() { return impl_->accounts; }
space::SpaceService& Portal::space() { return impl_->personal_space; }

}  // namespace cncd
