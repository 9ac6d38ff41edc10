// The declaration API and pages through the real router, accounts middleware (sessions, CSRF,
// policy) and web::BuildApp, on a temporary database with the apd fixture.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "modules/accounts/account_service.hpp"
#include "modules/accounts/accounts_routes.hpp"
#include "modules/accounts/accounts_web.hpp"
#include "modules/accounts/audit.hpp"
#include "modules/accounts/mailer.hpp"
#include "modules/apd/apd_receipt.hpp"
#include "modules/apd/apd_reminders.hpp"
#include "modules/apd/apd_test_fixture.hpp"
#include "modules/apd/apd_web.hpp"
#include "modules/mail/mail_service.hpp"
#include "web/app.hpp"

namespace cncd::apd {
namespace {

using nlohmann::json;
constexpr const char* kPassword = "une phrase de passe solide";

class ApdWeb : public ::testing::Test, public testing::ApdFixture {
  protected:
    void SetUp() override {
        accounts::AccountOptions options;
        options.hasher = accounts::PasswordHasher::Fast();
        options.public_url = "https://portail.test";
        accounts_ = std::make_unique<accounts::AccountService>(db(), mailer_, common_, options);
        const auto org_cesson = *accounts_->EnsureOrganisation(
            {accounts::OrganisationKind::kAuthority, "Cesson-Sévigné", 1, {}, {}, {}, {}});
        const auto org_bayonne = *accounts_->EnsureOrganisation(
            {accounts::OrganisationKind::kAuthority, "Bayonne", 2, {}, {}, {}, {}});
        const auto ministry = *accounts_->EnsureOrganisation(
            {accounts::OrganisationKind::kMinistry, "DAECT", {}, {}, {}, {}, {}});
        User(org_cesson, "claire@cesson.fr", accounts::Role::kMember);
        User(org_bayonne, "paul@bayonne.fr", accounts::Role::kMember);
        User(ministry, "instructeur@daect.fr", accounts::Role::kInstructor);
        mail_ = std::make_unique<mail::MailService>(db());
        InstallApdHooks(service(), *mail_);
        reminders_ = std::make_unique<Reminders>(db(), service(), *mail_, "https://portail.test");
        templates_ = std::make_unique<web::Templates>(cncd::testing::SourceRoot() / "templates");
        router_ = std::make_unique<web::Router>();
        accounts::RegisterAccountRoutes(*router_, *accounts_, *templates_,
                                        {.cookies = {}, .space_links = {}});
        RegisterDeclarationRoutes(*router_, service(), *reminders_, *templates_);
        app_ = web::BuildApp(*router_, *templates_, {},
                             accounts::MakeAccountsMiddleware(*accounts_, *templates_, {}));
        ASSERT_TRUE(service().OpenCampaign(ministry_, 2024).ok());  // 15 April – 31 May 2025
    }

    void User(std::int64_t organisation, const std::string& email, accounts::Role role) {
        ASSERT_TRUE(
            accounts_->CreateUser({organisation, email, email, "Fonction", kPassword, role, {}})
                .ok());
    }

    struct Session {
        std::string cookie;
        std::string csrf;
    };

    Session SignIn(const std::string& email) {
        const auto result = accounts_->Login(email, kPassword, "10.0.0.1", "test");
        EXPECT_TRUE(result.ok());
        Session s;
        s.cookie = "cncd_session=" + result->session_token;
        s.csrf = accounts_->CsrfToken(result->session_token);
        return s;
    }

    web::Response Send(const std::string& method, const std::string& target, const Session* session,
                       const std::string& body = {}, bool with_csrf = true) {
        auto request = web::MakeRequest(method, target);
        request.body = body;
        request.remote_address = "192.0.2.7";
        if (!body.empty() && body.front() == '{')
            request.headers.emplace_back("content-type", "application/json");
        else if (!body.empty())
            request.headers.emplace_back("content-type", "application/x-www-form-urlencoded");
        if (session) {
            request.headers.emplace_back("cookie", session->cookie);
            if (with_csrf) request.headers.emplace_back("x-csrf-token", session->csrf);
        }
        return app_(request);
    }

    // Creates Cesson-Sévigné's 2024 declaration through the API (no prefill); its id.
    std::int64_t Create(const Session& s) {
        const auto r =
            Send("POST", "/api/v1/apd/declarations", &s, R"({"year": 2024, "prefill": false})");
        EXPECT_EQ(r.status, 201) << r.body;
        return json::parse(r.body)["id"].get<std::int64_t>();
    }

    static std::string NigerLine(const std::string& amount) {
        return R"({"lines": [{"country_iso2": "NE", "channel_code": "12002", "purpose_code": "14030",
                   "expenditure_type": "cooperation", "amount_eur": )" +
               amount + "}]}";
    }

    std::int64_t AuditCount(const std::string& action) {
        return db().Read([&](db::Connection& c) {
            return c.QueryInt("SELECT count(*) FROM audit_log WHERE action = ?", {action});
        });
    }

    accounts::MemoryMailer mailer_;
    accounts::CommonPasswords common_ = accounts::CommonPasswords::Of({"motdepasse123456"});
    std::unique_ptr<accounts::AccountService> accounts_;
    std::unique_ptr<mail::MailService> mail_;
    std::unique_ptr<Reminders> reminders_;
    std::unique_ptr<web::Templates> templates_;
    std::unique_ptr<web::Router> router_;
    web::Handler app_;
    const Actor ministry_ = Actor::Ministry("DAECT");
};

TEST_F(ApdWeb, AnonymousGets401AndPagesRedirectToSignIn) {
    EXPECT_EQ(Send("GET", "/api/v1/apd/declarations", nullptr).status, 401);
    EXPECT_EQ(Send("GET", "/api/v1/apd/declarations/1", nullptr).status, 401);
    const auto page = Send("GET", "/mon-espace/apd", nullptr);
    EXPECT_EQ(page.status, 303);
}

TEST_F(ApdWeb, AnAuthorityCannotReadOrSubmitAnotherAuthoritysDeclaration) {
    const auto cesson = SignIn("claire@cesson.fr");
    const auto id = Create(cesson);
    ASSERT_EQ(
        Send("PUT", "/api/v1/apd/declarations/" + std::to_string(id), &cesson, NigerLine("25000"))
            .status,
        200);
    const auto bayonne = SignIn("paul@bayonne.fr");
    const std::string path = "/api/v1/apd/declarations/" + std::to_string(id);
    EXPECT_EQ(Send("GET", path, &bayonne).status, 403);
    EXPECT_EQ(Send("PUT", path, &bayonne, NigerLine("1")).status, 403);
    EXPECT_EQ(Send("POST", path + "/submit", &bayonne, "{}").status, 403);
    EXPECT_EQ(Send("GET", "/mon-espace/apd/declarations/" + std::to_string(id), &bayonne).status,
              403);
    // Nor create one for Cesson-Sévigné.
    EXPECT_EQ(
        Send("POST", "/api/v1/apd/declarations", &bayonne, R"({"year": 2024, "authority_id": 1})")
            .status,
        403);
    // Bayonne's own list does not show it; the draft is unchanged.
    EXPECT_EQ(
        json::parse(Send("GET", "/api/v1/apd/declarations", &bayonne).body)["declarations"].size(),
        0u);
    const auto mine = json::parse(Send("GET", path, &cesson).body);
    EXPECT_EQ(mine["lines"][0]["amount_eur"], 25000);
    EXPECT_EQ(mine["state"], "brouillon");
}

TEST_F(ApdWeb, UnsafeRequestWithoutCsrfTokenIsRefused) {
    const auto cesson = SignIn("claire@cesson.fr");
    const auto r = Send("POST", "/api/v1/apd/declarations", &cesson, R"({"year": 2024})",
                        /*with_csrf=*/false);
    EXPECT_EQ(r.status, 403);
    EXPECT_EQ(Int("SELECT count(*) FROM apd_declarations"), 0);
}

TEST_F(ApdWeb, BadAmountsAndCodesAreRefusedAtTheirField) {
    const auto cesson = SignIn("claire@cesson.fr");
    const std::string path = "/api/v1/apd/declarations/" + std::to_string(Create(cesson));
    for (const std::string amount : {"-5", "\"abc\"", "12.5"}) {
        const auto r = Send("PUT", path, &cesson, NigerLine(amount));
        EXPECT_EQ(r.status, 400) << amount;
        EXPECT_EQ(json::parse(r.body)["error"]["field"], "lines[0].amount_eur") << r.body;
    }
    auto body = json::parse(NigerLine("100"));
    body["lines"][0]["country_iso2"] = "ZZ";
    auto r = Send("PUT", path, &cesson, body.dump());
    EXPECT_EQ(r.status, 400);
    EXPECT_EQ(json::parse(r.body)["error"]["field"], "lines[0].country_iso2");
    EXPECT_NE(json::parse(r.body)["error"]["message"].get<std::string>().find("Pays inconnu"),
              std::string::npos);
    body = json::parse(NigerLine("100"));
    body["lines"][0]["purpose_code"] = "99999";
    r = Send("PUT", path, &cesson, body.dump());
    EXPECT_EQ(json::parse(r.body)["error"]["field"], "lines[0].purpose_code");
    EXPECT_EQ(json::parse(Send("GET", path, &cesson).body)["lines"].size(), 0u);
}

TEST_F(ApdWeb, OutsideTheWindowWritesAreRefusedWithAFrenchMessage) {
    const auto cesson = SignIn("claire@cesson.fr");
    const std::string path = "/api/v1/apd/declarations/" + std::to_string(Create(cesson));
    ASSERT_EQ(Send("PUT", path, &cesson, NigerLine("25000")).status, 200);
    SetToday("2025-06-02");
    const auto r = Send("POST", path + "/submit", &cesson, "{}");
    EXPECT_EQ(r.status, 409) << r.body;
    const auto error = json::parse(r.body)["error"];
    EXPECT_EQ(error["field"], "year");
    EXPECT_NE(error["message"].get<std::string>().find("close depuis le 31 mai 2025"),
              std::string::npos);
    EXPECT_EQ(Send("PUT", path, &cesson, NigerLine("1")).status, 409);
    EXPECT_EQ(json::parse(Send("GET", path, &cesson).body)["state"], "brouillon");
    // The ministry reopens Cesson-Sévigné: it can submit again.
    const auto instructor = SignIn("instructeur@daect.fr");
    const auto page_id = path.substr(path.rfind('/') + 1);
    const auto reopen = Send("POST", "/administration/apd/declarations/" + page_id + "/rouvrir",
                             &instructor, "jusqua=2025-06-15&motif=retard");
    EXPECT_EQ(reopen.status, 303) << reopen.body;
    EXPECT_EQ(Send("POST", path + "/submit", &cesson, "{}").status, 200);
}

TEST_F(ApdWeb, SubmitSendsTheReceiptAndTheMinistryValidatesOrReturns) {
    const auto cesson = SignIn("claire@cesson.fr");
    const auto id = Create(cesson);
    const std::string path = "/api/v1/apd/declarations/" + std::to_string(id);
    ASSERT_EQ(Send("PUT", path, &cesson, NigerLine("25000")).status, 200);
    const auto submitted = Send("POST", path + "/submit", &cesson, "{}");
    ASSERT_EQ(submitted.status, 200) << submitted.body;
    EXPECT_EQ(json::parse(submitted.body)["state"], "soumise");
    // The receipt mail, in the same transaction, with its PDF.
    mail::MailFilter filter;
    filter.reference_kind = "apd_declaration";
    const auto mails = mail_->List(filter);
    ASSERT_TRUE(mails.ok());
    ASSERT_EQ(mails->mails.size(), 1u);
    EXPECT_EQ(mails->mails[0].to.at(0), "claire@cesson.fr");
    const auto pdf = mail_->GetAttachment(mails->mails[0].id, 0);
    ASSERT_TRUE(pdf.ok());
    EXPECT_EQ(pdf->content_type, "application/pdf");
    EXPECT_TRUE(pdf->content.starts_with("%PDF"));
    // pdftotext shows the authority, the country and the amount.
    const auto file =
        std::filesystem::temp_directory_path() / ("apd-receipt-" + std::to_string(id) + ".pdf");
    std::ofstream(file, std::ios::binary) << pdf->content;
    std::string text;
    if (FILE* pipe = popen(("pdftotext -layout " + file.string() + " -").c_str(), "r")) {
        char buffer[4096];
        while (const auto n = fread(buffer, 1, sizeof buffer, pipe)) text.append(buffer, n);
        pclose(pipe);
    }
    std::filesystem::remove(file);
    EXPECT_NE(text.find("Accusé de réception"), std::string::npos) << text;
    EXPECT_NE(text.find("Cesson-Sévigné"), std::string::npos) << text;
    EXPECT_NE(text.find("Niger"), std::string::npos) << text;
    EXPECT_NE(text.find("25 000"), std::string::npos) << text;
    EXPECT_NE(text.find("APD-2024-" + std::to_string(id) + "-v1"), std::string::npos) << text;
    // Downloadable from the page too.
    const auto download =
        Send("GET", "/mon-espace/apd/declarations/" + std::to_string(id) + "/accuse.pdf", &cesson);
    EXPECT_EQ(download.status, 200);
    EXPECT_TRUE(download.body.starts_with("%PDF"));

    // The authority cannot review; the ministry's return needs a comment.
    EXPECT_EQ(Send("POST", path + "/validate", &cesson, "{}").status, 403);
    const auto instructor = SignIn("instructeur@daect.fr");
    const auto no_comment = Send("POST", path + "/return", &instructor, R"({"comment": " "})");
    EXPECT_EQ(no_comment.status, 400);
    EXPECT_EQ(json::parse(no_comment.body)["error"]["field"], "comment");
    // The ministry lists the year's submitted declarations.
    const auto listed = json::parse(
        Send("GET", "/api/v1/apd/declarations?year=2024&state=soumise", &instructor).body);
    ASSERT_EQ(listed["declarations"].size(), 1u);
    EXPECT_EQ(listed["declarations"][0]["id"], id);
    const auto validated = Send("POST", path + "/validate", &instructor, "{}");
    ASSERT_EQ(validated.status, 200) << validated.body;
    EXPECT_EQ(Int("SELECT amount_eur FROM apd_amounts WHERE country_iso2 = 'NE'"), 25000);
    // Every change is in the audit log with its before and after states.
    EXPECT_EQ(AuditCount("apd.declaration.create"), 1);
    EXPECT_EQ(AuditCount("apd.declaration.save"), 1);
    EXPECT_EQ(AuditCount("apd.declaration.submit"), 1);
    EXPECT_EQ(AuditCount("apd.declaration.validate"), 1);
    const auto entries = db().Read([](db::Connection& c) {
        accounts::AuditQuery query;
        query.record_type = "apd_declaration";
        query.limit = 10;
        return accounts::AuditLog::List(c, query);
    });
    ASSERT_FALSE(entries.empty());
    EXPECT_EQ(entries.front().action, "apd.declaration.validate");
    EXPECT_EQ(entries.front().actor, "instructeur@daect.fr");
    EXPECT_EQ(entries.front().before["state"], "soumise");
    EXPECT_EQ(entries.front().after["state"], "validee");
}

TEST_F(ApdWeb, TwoConcurrentSubmissionsGiveOneSubmittedVersion) {
    const auto cesson = SignIn("claire@cesson.fr");
    const std::string path = "/api/v1/apd/declarations/" + std::to_string(Create(cesson));
    ASSERT_EQ(Send("PUT", path, &cesson, NigerLine("25000")).status, 200);
    std::atomic<int> ok{0}, refused{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < 6; ++i) {
        threads.emplace_back([&] {
            const auto r = Send("POST", path + "/submit", &cesson, "{}");
            (r.status == 200 ? ok : refused)++;
        });
    }
    for (auto& t : threads) t.join();
    EXPECT_EQ(ok.load(), 1);
    EXPECT_EQ(refused.load(), 5);
    EXPECT_EQ(Int("SELECT count(*) FROM apd_versions WHERE state = 'soumise'"), 1);
    EXPECT_EQ(Int("SELECT count(*) FROM mail_outbox WHERE reference_kind = 'apd_declaration'"), 1);
}

TEST_F(ApdWeb, RemindersAreQueuedAtTheirDatesAndCancelledBySubmission) {
    const auto instructor = SignIn("instructeur@daect.fr");
    // Cesson-Sévigné (Atlas projects in Niger in 2024) is expected to declare; Bayonne is not.
    const auto r = Send("POST", "/administration/apd/relances", &instructor,
                        "annee=2024&relances=2025-05-10+2025-05-25");
    ASSERT_EQ(r.status, 303) << r.body;
    EXPECT_EQ(reminders_->Dates(2024), (std::vector<std::string>{"2025-05-10", "2025-05-25"}));
    EXPECT_EQ(Int("SELECT count(*) FROM mail_outbox WHERE reference_kind = 'apd_reminder_2024'"
                  " AND status = 'pending' AND reference_id = 1"),
              2);
    EXPECT_EQ(Int("SELECT count(*) FROM mail_outbox WHERE reference_kind = 'apd_reminder_2024'"
                  " AND not_before = '2025-05-10 08:00:00'"),
              1);
    // A date after the close is refused at the field.
    const auto late =
        Send("POST", "/administration/apd/relances", &instructor, "annee=2024&relances=2025-07-01");
    EXPECT_EQ(late.status, 422);
    EXPECT_NE(late.body.find("suit la clôture"), std::string::npos);
    // Cesson-Sévigné submits: its reminders are withdrawn.
    const auto cesson = SignIn("claire@cesson.fr");
    const std::string path = "/api/v1/apd/declarations/" + std::to_string(Create(cesson));
    ASSERT_EQ(Send("PUT", path, &cesson, NigerLine("25000")).status, 200);
    ASSERT_EQ(Send("POST", path + "/submit", &cesson, "{}").status, 200);
    EXPECT_EQ(Int("SELECT count(*) FROM mail_outbox WHERE reference_kind = 'apd_reminder_2024'"
                  " AND status = 'cancelled'"),
              2);
}

TEST_F(ApdWeb, TheFormSavesLinesAndShowsErrorsNextToTheField) {
    const auto cesson = SignIn("claire@cesson.fr");
    const auto space = Send("GET", "/mon-espace/apd", &cesson);
    ASSERT_EQ(space.status, 200) << space.body;
    EXPECT_NE(space.body.find("Campagne 2024"), std::string::npos);
    const auto created =
        Send("POST", "/mon-espace/apd/creer", &cesson, "csrf_token=x&annee=2024&preremplir=oui");
    ASSERT_EQ(created.status, 303) << created.body;
    std::string location;
    for (const auto& [k, v] : created.headers) {
        if (k == "Location") location = v;
    }
    const std::string base = location.substr(0, location.find('?'));
    const auto form = Send("GET", location, &cesson);
    ASSERT_EQ(form.status, 200);
    // Prefilled from the Atlas projects in Niger (2 lines merged by key or kept).
    EXPECT_NE(form.body.find("name=\"l0-montant\""), std::string::npos);
    const std::string line =
        "&l0-beneficiaire=pays%3ANE&l0-canal=12002&l0-secteur=14030&l0-type=cooperation"
        "&l0-gender=0&l0-environment=1&l0-biodiversity=0&l0-nutrition=0&l0-inclusion=0";
    const auto bad =
        Send("POST", base, &cesson, "lignes=1" + line + "&l0-montant=-3&action=enregistrer");
    EXPECT_EQ(bad.status, 422);
    EXPECT_NE(bad.body.find("id=\"l0-montant-message\""), std::string::npos) << bad.body;
    const auto saved =
        Send("POST", base, &cesson, "lignes=1" + line + "&l0-montant=40+000&action=soumettre");
    EXPECT_EQ(saved.status, 303) << saved.body;
    const auto shown = Send("GET", base + "?ok=soumise", &cesson);
    EXPECT_NE(shown.body.find("40\u202F000 €"), std::string::npos);
    EXPECT_NE(shown.body.find("Soumise"), std::string::npos);
    // The ministry's pages.
    const auto instructor = SignIn("instructeur@daect.fr");
    const auto admin = Send("GET", "/administration/apd?annee=2024", &instructor);
    EXPECT_EQ(admin.status, 200);
    EXPECT_NE(admin.body.find("Cesson-Sévigné"), std::string::npos);
    const auto id = base.substr(base.rfind('/') + 1);
    const auto review = Send("GET", "/administration/apd/declarations/" + id, &instructor);
    EXPECT_EQ(review.status, 200);
    const auto returned = Send("POST", "/administration/apd/declarations/" + id + "/renvoyer",
                               &instructor, "commentaire=");
    EXPECT_EQ(returned.status, 422);
    EXPECT_EQ(Send("POST", "/administration/apd/declarations/" + id + "/renvoyer", &instructor,
                   "commentaire=Pr%C3%A9cisez+le+secteur")
                  .status,
              303);
    // The authority's users are told what to correct.
    EXPECT_EQ(
        Int("SELECT count(*) FROM mail_outbox o JOIN mail_recipients r ON r.mail_id = o.id"
            " WHERE o.subject LIKE '%renvoyée pour correction%'"
            " AND r.address = 'claire@cesson.fr' AND o.text_body LIKE '%Précisez le secteur%'"),
        1);
    // A correction is a new version; a country not eligible to APD is a warning at its field.
    const std::string germany =
        "&l0-beneficiaire=pays%3ADE&l0-canal=12002&l0-secteur=14030&l0-type=cooperation"
        "&l0-gender=0&l0-environment=0&l0-biodiversity=0&l0-nutrition=0&l0-inclusion=0";
    ASSERT_EQ(
        Send("POST", base, &cesson, "lignes=1" + germany + "&l0-montant=500&action=enregistrer")
            .status,
        303);
    const auto corrected = Send("GET", base, &cesson);
    EXPECT_NE(corrected.body.find("Version 2"), std::string::npos);
    EXPECT_NE(corrected.body.find("class=\"fr-info-text cncd-apd-warning\" "
                                  "id=\"l0-beneficiaire-message\">Allemagne n"),
              std::string::npos)
        << corrected.body;
    EXPECT_EQ(Send("GET", "/administration/apd", &cesson).status, 403);
    const auto csv = Send("GET", "/administration/apd/non-declarees.csv?annee=2024", &instructor);
    EXPECT_EQ(csv.status, 200);
    EXPECT_NE(csv.body.find("Cesson-Sévigné"), std::string::npos);  // returned: not declared
}

}  // namespace
}  // namespace cncd::apd
