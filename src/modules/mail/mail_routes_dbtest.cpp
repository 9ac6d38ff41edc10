#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "modules/mail/mail_routes.hpp"
#include "modules/mail/mail_test_support.hpp"
#include "tests/support/temp_database.hpp"

namespace cncd::mail {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using testing::SimpleMail;

std::string Header(const web::Response& r, std::string_view name) {
    for (const auto& [n, v] : r.headers) {
        if (n == name) return v;
    }
    return {};
}

struct Fixture {
    explicit Fixture(bool allowed = true) {
        RegisterMailRoutes(router, service, templates,
                           [this](const web::Request&) -> std::optional<web::Response> {
                               ++guard_calls;
                               if (allow) return std::nullopt;
                               return web::Response::Html("<p>Accès réservé</p>", 403);
                           });
        allow = allowed;
    }
    web::Response Get(const std::string& target) {
        auto request = web::MakeRequest("GET", target);
        return router.Dispatch(request);
    }
    cncd::testing::TempDatabase t;
    MailService service{t.db()};
    web::Templates templates{cncd::testing::SourceRoot() / "templates"};
    web::Router router;
    bool allow = true;
    int guard_calls = 0;
};

TEST(MailPages, EveryPageAsksTheGuard) {
    Fixture f(false);
    Mail m = SimpleMail();
    m.attachments.push_back(
        {.filename = "recu.pdf", .content_type = "application/pdf", .content = "%PDF"});
    const auto id = std::to_string(*f.service.Enqueue(m));
    for (const std::string& target :
         std::vector<std::string>{"/administration/courriels", "/administration/courriels/" + id,
                                  "/administration/courriels/" + id + "/pieces-jointes/0"}) {
        const auto r = f.Get(target);
        EXPECT_EQ(r.status, 403) << target;
        EXPECT_THAT(r.body, Not(HasSubstr("Accusé"))) << target;
        EXPECT_THAT(r.body, Not(HasSubstr("%PDF"))) << target;
    }
    EXPECT_EQ(f.guard_calls, 3);
}

TEST(MailPages, RegisteringWithoutAGuardIsRefused) {
    cncd::testing::TempDatabase t;
    MailService service(t.db());
    web::Templates templates(cncd::testing::SourceRoot() / "templates");
    web::Router router;
    EXPECT_THROW(RegisterMailRoutes(router, service, templates, {}), std::invalid_argument);
}

TEST(MailPages, ListShowsMailsWithTheirStatusEscaped) {
    Fixture f;
    Mail m = SimpleMail("maire@bayonne.fr", "Accusé <script>alert(1)</script>");
    m.reference_kind = "apd_declaration";
    m.reference_id = 7;
    ASSERT_TRUE(f.service.Enqueue(m).ok());
    ASSERT_TRUE(f.service.Enqueue(SimpleMail("elu@cesson-sevigne.fr", "Invitation")).ok());
    const auto r = f.Get("/administration/courriels");
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(Header(r, "Cache-Control"), "no-store");
    EXPECT_THAT(r.body, HasSubstr("<h1>Courriels du portail</h1>"));
    EXPECT_THAT(r.body, HasSubstr("Accusé &lt;script&gt;alert(1)&lt;/script&gt;"));
    EXPECT_THAT(r.body, Not(HasSubstr("<script>alert")));
    EXPECT_THAT(r.body, HasSubstr("maire@bayonne.fr"));
    EXPECT_THAT(r.body, HasSubstr("apd_declaration n° 7"));
    EXPECT_THAT(r.body, HasSubstr("En attente"));
    EXPECT_THAT(r.body, HasSubstr(">2</span>"));

    const auto filtered =
        f.Get("/administration/courriels?destinataire=elu%40cesson-sevigne.fr&statut=en-attente");
    EXPECT_EQ(filtered.status, 200);
    EXPECT_THAT(filtered.body, HasSubstr("Invitation"));
    EXPECT_THAT(filtered.body, Not(HasSubstr("maire@bayonne.fr")));
    const auto none = f.Get("/administration/courriels?statut=echec");
    EXPECT_THAT(none.body, HasSubstr("Aucun courriel ne correspond à ces filtres."));
}

TEST(MailPages, BadFiltersGetAFrenchMessageNextToTheField) {
    Fixture f;
    auto r = f.Get("/administration/courriels?statut=perdu");
    EXPECT_EQ(r.status, 400);
    EXPECT_THAT(r.body, HasSubstr("id=\"filtre-statut-erreur\" class=\"fr-error-text\">Choisissez "
                                  "un statut de la liste."));
    EXPECT_THAT(r.body, HasSubstr("aria-describedby=\"filtre-statut-erreur\""));
    r = f.Get("/administration/courriels?destinataire=bayonne");
    EXPECT_EQ(r.status, 400);
    EXPECT_THAT(r.body, HasSubstr("Saisissez une adresse électronique complète"));
    EXPECT_THAT(r.body, HasSubstr("value=\"bayonne\""));
    r = f.Get("/administration/courriels?page=abc");
    EXPECT_EQ(r.status, 400);
}

TEST(MailPages, OneMailShowsItsTextErrorAndAttachments) {
    Fixture f;
    Mail m = SimpleMail();
    m.text = "Bonjour,\n\nLigne 1 <b>\nLigne 2\n";
    m.html = "<p>Bonjour</p>";
    m.attachments.push_back({.filename = "accusé réception.pdf",
                             .content_type = "application/pdf",
                             .content = std::string("%PDF-1.7\0binary", 15)});
    const auto id = *f.service.Enqueue(m);
    f.t.db().Write([&](db::Connection& c) {
        return c.Execute(
            "UPDATE mail_outbox SET status = 'failed', attempts = 3, last_error = "
            "'RCPT failed: 550' WHERE id = ?",
            {id});
    });
    const auto r = f.Get("/administration/courriels/" + std::to_string(id));
    EXPECT_EQ(r.status, 200);
    EXPECT_THAT(r.body, HasSubstr("<h1>Accusé de réception</h1>"));
    EXPECT_THAT(r.body, HasSubstr("<p>Bonjour,</p><p>Ligne 1 &lt;b&gt;<br>Ligne 2</p>"));
    EXPECT_THAT(r.body, HasSubstr("&lt;p&gt;Bonjour&lt;/p&gt;"));
    EXPECT_THAT(r.body, HasSubstr("Échec"));
    EXPECT_THAT(r.body, HasSubstr("RCPT failed: 550"));
    EXPECT_THAT(r.body, Not(HasSubstr("Envoyé le")));
    EXPECT_THAT(r.body, HasSubstr("accusé réception.pdf"));
    EXPECT_THAT(r.body, HasSubstr("application/pdf, 15 octets"));

    const auto a = f.Get("/administration/courriels/" + std::to_string(id) + "/pieces-jointes/0");
    EXPECT_EQ(a.status, 200);
    EXPECT_EQ(a.body, std::string("%PDF-1.7\0binary", 15));
    EXPECT_EQ(a.content_type, "application/pdf");
    EXPECT_EQ(Header(a, "Content-Disposition"),
              "attachment; filename=\"accus__ r__ception.pdf\"; "
              "filename*=UTF-8''accus%C3%A9%20r%C3%A9ception.pdf");
}

TEST(MailPages, UnknownMailsAndAttachmentsAre404) {
    Fixture f;
    EXPECT_EQ(f.Get("/administration/courriels/999").status, 404);
    EXPECT_EQ(f.Get("/administration/courriels/abc").status, 404);
    const auto id = std::to_string(*f.service.Enqueue(SimpleMail()));
    EXPECT_EQ(f.Get("/administration/courriels/" + id + "/pieces-jointes/0").status, 404);
    EXPECT_EQ(f.Get("/administration/courriels/" + id + "/pieces-jointes/-1").status, 404);
}

}  // namespace
}  // namespace cncd::mail

namespace cncd::mail {
namespace {

// With CNCD_MAIL_PAGES_DIR set, writes the pages as rendered (a list, a list with a bad filter,
// one mail) for a look in a browser and an accessibility check (axe-core), until the accounts
// guard lets the portal serve them.
TEST(MailPages, RenderedPagesCanBeWrittenForReview) {
    const char* dir = std::getenv("CNCD_MAIL_PAGES_DIR");
    if (dir == nullptr) GTEST_SKIP() << "CNCD_MAIL_PAGES_DIR not set";
    Fixture f;
    for (int i = 0; i < 60; ++i) {
        Mail m = SimpleMail(i % 3 == 0 ? "maire@bayonne.fr" : "dgs@cesson-sevigne.fr",
                            i % 2 == 0 ? "Accusé de réception de votre déclaration d’APD 2025"
                                       : "Rappel : déclaration d’APD avant le 31 mars");
        m.reference_kind = i % 2 == 0 ? "apd_declaration" : "apd_reminder";
        m.reference_id = 100 + i;
        if (i == 58) {
            m.attachments.push_back({.filename = "accusé de réception.pdf",
                                     .content_type = "application/pdf",
                                     .content = "%PDF-1.7"});
            m.html = "<p>Bonjour,</p><p>Votre déclaration a été reçue.</p>";
            m.reply_to = "apd@diplomatie.gouv.fr";
        }
        ASSERT_TRUE(f.service.Enqueue(m).ok());
    }
    f.t.db().Write([](db::Connection& c) {
        c.Execute(
            "UPDATE mail_outbox SET status = 'sent', attempts = 1, sent_at = created_at "
            "WHERE id % 4 = 1");
        return c.Execute(
            "UPDATE mail_outbox SET status = 'failed', attempts = 10, last_error = "
            "'RCPT failed: 550 5.1.1 Mailbox unavailable (SMTP 550)' WHERE id = 59");
    });
    const std::filesystem::path out(dir);
    std::filesystem::create_directories(out);
    auto write = [&](const std::string& name, const std::string& target) {
        std::ofstream(out / name) << f.Get(target).body;
    };
    write("list.html", "/administration/courriels");
    write("list-error.html", "/administration/courriels?destinataire=bayonne");
    write("mail.html", "/administration/courriels/59");
}

}  // namespace
}  // namespace cncd::mail
