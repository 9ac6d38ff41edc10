// Accounts on the real portal and server (port 0): sign in through the pages, reach Mon espace,
// sign out; the JSON session API; CSRF and security headers as a browser receives them.
#include <gtest/gtest.h>

#include <boost/beast/http.hpp>
#include <nlohmann/json.hpp>
#include <regex>
#include <string>
#include <vector>

#include "modules/accounts/demo_accounts.hpp"
#include "portal.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/temp_database.hpp"
#include "web/http.hpp"
#include "web/server.hpp"

namespace cncd {
namespace {

namespace http = boost::beast::http;
using nlohmann::json;

using Answer = testing::HttpAnswer;

class AccountsPortalTest : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        db_ = new testing::TempDatabase();
        db_->db().Write([](db::Connection& c) {
            c.Execute(
                "INSERT INTO authorities (kind, name, slug, siren, insee) VALUES "
                "('commune', 'Bayonne', 'bayonne', '216401026', '64102')");
            return 0;
        });
        PortalOptions options;
        options.tune_accounts = [](accounts::AccountOptions& o) {
            o.hasher = accounts::PasswordHasher::Fast();
        };
        portal_ = new Portal(db_->db(), testing::SourceRoot(), options);
        auto& service = portal_->accounts();
        const auto bayonne = service.EnsureOrganisation({accounts::OrganisationKind::kAuthority,
                                                         "Bayonne",
                                                         service.FindAuthority("commune", "64102"),
                                                         {},
                                                         {},
                                                         {},
                                                         {}});
        ASSERT_TRUE(bayonne);
        ASSERT_TRUE(
            service.CreateUser({*bayonne, "bayonne@demo-cncd.fr", "Amaia Etxeberria", "Directrice",
                                accounts::kDemoPassword, accounts::Role::kOrgAdmin, std::nullopt}));
        web::ServerOptions server_options;
        server_options.address = "127.0.0.1";
        server_options.port = 0;
        server_ = new web::HttpServer(server_options, portal_->handler());
        server_->Start();
    }

    static void TearDownTestSuite() {
        if (server_) server_->Stop();
        delete server_;
        delete portal_;
        delete db_;
    }

    Answer Send(http::verb method, const std::string& target, const std::string& body = {},
                const std::string& content_type = "application/x-www-form-urlencoded",
                std::vector<std::pair<std::string, std::string>> headers = {}) {
        if (!cookies_.empty()) headers.emplace_back("Cookie", cookies_);
        if (!body.empty()) headers.emplace_back("Content-Type", content_type);
        return testing::SendHttp(server_->Port(), method, target, body, headers);
    }

    /// Keeps the cookies the server sets (name=value), like a browser.
    void Keep(const Answer& answer) {
        for (const auto& set : answer.set_cookies) {
            const auto pair = set.substr(0, set.find(';'));
            const auto name = pair.substr(0, pair.find('='));
            std::string kept;
            std::string rest = cookies_;
            while (!rest.empty()) {
                const auto semi = rest.find("; ");
                const auto item = rest.substr(0, semi);
                rest = semi == std::string::npos ? "" : rest.substr(semi + 2);
                if (item.substr(0, item.find('=')) == name) continue;
                kept += (kept.empty() ? "" : "; ") + item;
            }
            if (set.find("Max-Age=0") == std::string::npos)
                kept += (kept.empty() ? "" : "; ") + pair;
            cookies_ = kept;
        }
    }

    static std::string FormToken(const std::string& html) {
        std::smatch match;
        std::regex_search(html, match, std::regex("name=\"csrf_token\" value=\"([^\"]+)\""));
        return match[1].str();
    }

    static testing::TempDatabase* db_;
    static Portal* portal_;
    static web::HttpServer* server_;
    std::string cookies_;
};

testing::TempDatabase* AccountsPortalTest::db_ = nullptr;
Portal* AccountsPortalTest::portal_ = nullptr;
web::HttpServer* AccountsPortalTest::server_ = nullptr;

TEST_F(AccountsPortalTest, SignInReachMonEspaceAndSignOut) {
    auto page = Send(http::verb::get, "/connexion");
    ASSERT_EQ(page.status, 200);
    Keep(page);
    auto token = FormToken(page.body);
    ASSERT_FALSE(token.empty());

    const auto login =
        Send(http::verb::post, "/connexion",
             "csrf_token=" + web::PercentEncode(token) + "&email=bayonne%40demo-cncd.fr&password=" +
                 web::PercentEncode(accounts::kDemoPassword) + "&retour=%2Fmon-espace");
    ASSERT_EQ(login.status, 303);
    EXPECT_EQ(login.location, "/mon-espace");
    Keep(login);
    ASSERT_NE(cookies_.find("cncd_session="), std::string::npos);

    const auto space = Send(http::verb::get, "/mon-espace");
    ASSERT_EQ(space.status, 200);
    EXPECT_NE(space.body.find("Bonjour Amaia Etxeberria"), std::string::npos);
    EXPECT_NE(space.body.find("Administrateur de l’organisation"), std::string::npos);
    EXPECT_NE(space.body.find("Amaia Etxeberria · Mon espace"), std::string::npos);

    // Signing out needs the session's token: without it, nothing happens.
    EXPECT_EQ(Send(http::verb::post, "/deconnexion", "x=1").status, 403);
    EXPECT_EQ(Send(http::verb::get, "/mon-espace").status, 200);
    const auto out = Send(http::verb::post, "/deconnexion",
                          "csrf_token=" + web::PercentEncode(FormToken(space.body)));
    EXPECT_EQ(out.status, 303);
    Keep(out);
    const auto after = Send(http::verb::get, "/mon-espace");
    EXPECT_EQ(after.status, 303);
    EXPECT_EQ(after.location, "/connexion?retour=%2Fmon-espace");
}

TEST_F(AccountsPortalTest, JsonSessionApi) {
    const auto bad = Send(http::verb::post, "/api/v1/session", "pas du json", "application/json");
    EXPECT_EQ(bad.status, 400);
    EXPECT_EQ(json::parse(bad.body)["error"]["code"], "invalid_argument");
    const auto login =
        Send(http::verb::post, "/api/v1/session",
             json{{"email", "bayonne@demo-cncd.fr"}, {"password", accounts::kDemoPassword}}.dump(),
             "application/json");
    ASSERT_EQ(login.status, 201);
    Keep(login);
    const auto csrf = json::parse(login.body)["csrf_token"].get<std::string>();
    const auto me = Send(http::verb::get, "/api/v1/me");
    ASSERT_EQ(me.status, 200);
    EXPECT_EQ(json::parse(me.body)["organisation"]["name"], "Bayonne");
    EXPECT_EQ(Send(http::verb::delete_, "/api/v1/session", {}, {}, {{"X-CSRF-Token", csrf}}).status,
              204);
    const auto gone = Send(http::verb::get, "/api/v1/me");
    EXPECT_EQ(gone.status, 401);
    EXPECT_EQ(json::parse(gone.body)["error"]["message"], "Vous devez vous connecter.");
}

// A fiche written through the API with the session cookie needs the session's CSRF token
// (the accounts middleware, not the fiches module, refuses it), and a refused write changes
// nothing; with the token it is created and the search finds it at once.
TEST_F(AccountsPortalTest, FicheWritesThroughTheRealMiddlewareNeedTheCsrfToken) {
    const auto login =
        Send(http::verb::post, "/api/v1/session",
             json{{"email", "bayonne@demo-cncd.fr"}, {"password", accounts::kDemoPassword}}.dump(),
             "application/json");
    ASSERT_EQ(login.status, 201);
    Keep(login);
    const auto csrf = json::parse(login.body)["csrf_token"].get<std::string>();
    const auto count = [this] {
        return json::parse(Send(http::verb::get, "/api/v1/projects?per_page=1").body)["total"];
    };
    const json fiche = {{"title", "Jumelage avec Ségou"},
                        {"kind", "twinning"},
                        {"status", "active"},
                        {"start_year", 2024}};
    const auto refused =
        Send(http::verb::post, "/api/v1/projects", fiche.dump(), "application/json");
    EXPECT_EQ(refused.status, 403);
    EXPECT_EQ(json::parse(refused.body)["error"]["code"], "csrf_token_invalid");
    EXPECT_EQ(count(), 0);

    const auto saved = Send(http::verb::post, "/api/v1/projects", fiche.dump(), "application/json",
                            {{"X-CSRF-Token", csrf}});
    EXPECT_EQ(saved.status, 201) << saved.body;
    EXPECT_EQ(count(), 1);
    Send(http::verb::delete_, "/api/v1/session", {}, {}, {{"X-CSRF-Token", csrf}});
    cookies_.clear();
}

}  // namespace
}  // namespace cncd
