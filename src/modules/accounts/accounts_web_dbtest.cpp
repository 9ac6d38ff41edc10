// The accounts middleware and routes through web::BuildApp (error mapping, security headers),
// with real templates, on a temporary database.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <regex>

#include "modules/accounts/accounts_routes.hpp"
#include "modules/accounts/accounts_test_support.hpp"
#include "modules/accounts/accounts_web.hpp"
#include "web/app.hpp"

namespace cncd::accounts {
namespace {

using nlohmann::json;
using testing::kPassword;

std::vector<std::string> HeadersOf(const web::Response& response, const std::string& name) {
    std::vector<std::string> out;
    for (const auto& [key, value] : response.headers) {
        if (key == name) out.push_back(value);
    }
    return out;
}

std::string CookiePair(const std::string& set_cookie) {
    return set_cookie.substr(0, set_cookie.find(';'));
}

class AccountsWeb : public ::testing::Test {
  protected:
    void Build(bool secure) {
        cookies_ = CookiePolicy{secure};
        templates_ = std::make_unique<web::Templates>(cncd::testing::SourceRoot() / "templates");
        router_ = std::make_unique<web::Router>();
        RegisterAccountRoutes(*router_, *world_.service, *templates_,
                              {.cookies = cookies_, .space_links = {}});
        app_ = web::BuildApp(*router_, *templates_, {},
                             MakeAccountsMiddleware(*world_.service, *templates_, cookies_));
    }
    void SetUp() override { Build(false); }

    web::Response Send(const std::string& method, const std::string& target,
                       const std::string& body = {}, web::Fields headers = {}) {
        auto request = web::MakeRequest(method, target);
        request.body = body;
        request.remote_address = "192.0.2.1";
        if (!body.empty() && body.front() == '{') {
            headers.emplace_back("content-type", "application/json");
        } else if (!body.empty()) {
            headers.emplace_back("content-type", "application/x-www-form-urlencoded");
        }
        if (!cookie_.empty()) headers.emplace_back("cookie", cookie_);
        request.headers = std::move(headers);
        return app_(request);
    }

    /// Opens the sign-in page (sets the anonymous CSRF cookie) and signs in.
    web::Response SignIn(const std::string& email, const std::string& password = kPassword) {
        const auto page = Send("GET", "/connexion");
        if (const auto set = HeadersOf(page, "Set-Cookie"); !set.empty())
            cookie_ = CookiePair(set[0]);
        const auto token = cookie_.substr(cookie_.find('=') + 1);
        auto response =
            Send("POST", "/connexion",
                 "csrf_token=" + web::PercentEncode(token) + "&email=" + web::PercentEncode(email) +
                     "&password=" + web::PercentEncode(password));
        for (const auto& set : HeadersOf(response, "Set-Cookie")) {
            if (set.starts_with(cookies_.SessionName())) cookie_ = CookiePair(set);
        }
        return response;
    }

    std::string SessionCsrf() {
        return json::parse(Send("GET", "/api/v1/me").body)["csrf_token"].get<std::string>();
    }

    testing::AccountsWorld world_;
    CookiePolicy cookies_;
    std::unique_ptr<web::Templates> templates_;
    std::unique_ptr<web::Router> router_;
    web::Handler app_;
    std::string cookie_;
};

TEST_F(AccountsWeb, DevelopmentCookiesAreHttpOnlyLaxWithoutSecure) {
    const auto response = SignIn("membre@a.fr");
    ASSERT_EQ(response.status, 303);
    const auto set = HeadersOf(response, "Set-Cookie");
    ASSERT_EQ(set.size(), 1u);
    EXPECT_TRUE(set[0].starts_with("cncd_session=")) << set[0];
    EXPECT_NE(set[0].find("; Path=/"), std::string::npos);
    EXPECT_NE(set[0].find("; HttpOnly"), std::string::npos);
    EXPECT_NE(set[0].find("; SameSite=Lax"), std::string::npos);
    EXPECT_EQ(set[0].find("Secure"), std::string::npos);
}

TEST_F(AccountsWeb, BehindTlsCookiesAreHostPrefixedAndSecure) {
    Build(true);
    const auto page = Send("GET", "/connexion");
    EXPECT_TRUE(HeadersOf(page, "Set-Cookie").at(0).starts_with("__Host-cncd_csrf="));
    const auto response = SignIn("membre@a.fr");
    ASSERT_EQ(response.status, 303);
    const auto set = HeadersOf(response, "Set-Cookie").at(0);
    EXPECT_TRUE(set.starts_with("__Host-cncd_session=")) << set;
    EXPECT_NE(set.find("; Path=/; HttpOnly; SameSite=Lax; Secure"), std::string::npos) << set;
    EXPECT_EQ(set.find("Domain"), std::string::npos);
    EXPECT_EQ(Send("GET", "/mon-espace").status, 200);
}

TEST_F(AccountsWeb, AnonymousFormWithoutCsrfTokenIsRefused) {
    const auto response = Send("POST", "/connexion", "email=membre%40a.fr&password=x");
    EXPECT_EQ(response.status, 403);
    EXPECT_NE(response.body.find("jeton de sécurité"), std::string::npos);
    // A token that is not the cookie's is refused too.
    const auto page = Send("GET", "/connexion");
    cookie_ = CookiePair(HeadersOf(page, "Set-Cookie").at(0));
    EXPECT_EQ(Send("POST", "/connexion", "csrf_token=autre&email=a%40a.fr&password=x").status, 403);
}

TEST_F(AccountsWeb, SessionFormNeedsTheSessionCsrfToken) {
    ASSERT_EQ(SignIn("membre@a.fr").status, 303);
    const auto refused = Send("POST", "/mon-espace/securite/jetons", "name=Script");
    EXPECT_EQ(refused.status, 403);
    EXPECT_NE(refused.body.find("Rechargez la page"), std::string::npos);
    EXPECT_TRUE(world_.service->ApiTokens(world_.PrincipalOf("membre@a.fr")).empty());
    const auto csrf = SessionCsrf();
    const auto accepted = Send("POST", "/mon-espace/securite/jetons",
                               "name=Script&csrf_token=" + web::PercentEncode(csrf));
    EXPECT_EQ(accepted.status, 200);
    EXPECT_NE(accepted.body.find("cncd_"), std::string::npos);
    const auto by_header =
        Send("POST", "/mon-espace/securite/jetons", "name=Autre", {{"x-csrf-token", csrf}});
    EXPECT_EQ(by_header.status, 200);
}

TEST_F(AccountsWeb, BearerRequestsAreExemptFromCsrf) {
    const auto token =
        *world_.service->CreateApiToken(world_.PrincipalOf("membre@a.fr"), "Script", "");
    const auto me = Send("GET", "/api/v1/me", {}, {{"authorization", "Bearer " + token}});
    ASSERT_EQ(me.status, 200);
    EXPECT_EQ(json::parse(me.body)["auth"], "token");
    const auto created = Send("POST", "/mon-espace/securite/jetons", "name=Depuis%20un%20script",
                              {{"authorization", "Bearer " + token}});
    EXPECT_EQ(created.status, 200);
    const auto bad = Send("GET", "/api/v1/me", {}, {{"authorization", "Bearer cncd_faux"}});
    EXPECT_EQ(bad.status, 401);
    EXPECT_EQ(json::parse(bad.body)["error"]["code"], "unauthenticated");
}

TEST_F(AccountsWeb, ApiSessionLoginMeAndLogout) {
    EXPECT_EQ(Send("GET", "/api/v1/me").status, 401);
    const auto wrong =
        Send("POST", "/api/v1/session", R"({"email":"membre@a.fr","password":"non non non non"})");
    EXPECT_EQ(wrong.status, 401);
    EXPECT_NE(json::parse(wrong.body)["error"]["message"].get<std::string>().find("incorrect"),
              std::string::npos);
    const auto login = Send("POST", "/api/v1/session",
                            json{{"email", "membre@a.fr"}, {"password", kPassword}}.dump());
    ASSERT_EQ(login.status, 201);
    const auto csrf = json::parse(login.body)["csrf_token"].get<std::string>();
    cookie_ = CookiePair(HeadersOf(login, "Set-Cookie").at(0));
    const auto me = json::parse(Send("GET", "/api/v1/me").body);
    EXPECT_EQ(me["email"], "membre@a.fr");
    EXPECT_EQ(me["organisation"]["id"], world_.org_a);
    EXPECT_EQ(Send("DELETE", "/api/v1/session").status, 403);
    EXPECT_EQ(Send("DELETE", "/api/v1/session", {}, {{"x-csrf-token", csrf}}).status, 204);
    EXPECT_EQ(Send("GET", "/api/v1/me").status, 401);
}

TEST_F(AccountsWeb, ApiLoginOfATotpAccountNeedsTheCode) {
    const auto without = Send("POST", "/api/v1/session",
                              json{{"email", "admin@daect.fr"}, {"password", kPassword}}.dump());
    EXPECT_EQ(without.status, 401);
    EXPECT_EQ(json::parse(without.body)["error"]["field"], "totp");
    const auto with = Send(
        "POST", "/api/v1/session",
        json{{"email", "admin@daect.fr"}, {"password", kPassword}, {"totp", world_.CurrentCode()}}
            .dump());
    EXPECT_EQ(with.status, 201);
}

TEST_F(AccountsWeb, HeaderShowsTheUserOnEveryPageAndSignInOtherwise) {
    EXPECT_NE(Send("GET", "/connexion").body.find(">Se connecter</a>"), std::string::npos);
    SignIn("membre@a.fr");
    const auto page = Send("GET", "/mon-espace");
    EXPECT_EQ(page.status, 200);
    EXPECT_EQ(page.body.find(">Se connecter</a>"), std::string::npos);
    EXPECT_NE(page.body.find("membre@a.fr · Mon espace"), std::string::npos);
    EXPECT_NE(page.body.find("action=\"/deconnexion\""), std::string::npos);
    EXPECT_EQ(HeadersOf(page, "Cache-Control").at(0), "private, no-store");
}

TEST_F(AccountsWeb, WrongCredentialsThenLockoutAnswer429) {
    const auto wrong = SignIn("membre@a.fr", "mauvais mot de passe");
    EXPECT_EQ(wrong.status, 401);
    EXPECT_NE(wrong.body.find("Adresse électronique ou mot de passe incorrect"), std::string::npos);
    const auto unknown = SignIn("inconnu@a.fr", "mauvais mot de passe");
    EXPECT_EQ(unknown.status, 401);
    for (int i = 0; i < 9; ++i) SignIn("membre@a.fr", "mauvais mot de passe");
    const auto locked = SignIn("membre@a.fr");
    EXPECT_EQ(locked.status, 429);
    EXPECT_NE(locked.body.find("15 minutes"), std::string::npos);
}

TEST_F(AccountsWeb, ExpiredSessionSendsBackToSignInWithAMessage) {
    SignIn("membre@a.fr");
    *world_.now += 31 * 60;
    const auto response = Send("GET", "/mon-espace");
    EXPECT_EQ(response.status, 303);
    EXPECT_EQ(HeadersOf(response, "Location").at(0), "/connexion?retour=%2Fmon-espace&expiree=1");
    const auto page = Send("GET", "/connexion?expiree=1");
    EXPECT_NE(page.body.find("Votre session a expiré"), std::string::npos);
}

TEST_F(AccountsWeb, ForbiddenPagesAnswer403InFrench) {
    SignIn("membre@a.fr");
    const auto admin = Send("GET", "/administration/organisations");
    EXPECT_EQ(admin.status, 403);
    EXPECT_NE(admin.body.find("Accès refusé"), std::string::npos);
    EXPECT_EQ(Send("GET", "/mon-espace/validations").status, 403);
}

TEST_F(AccountsWeb, MinistryAdministratorMustEnrolTotpBeforeAnythingElse) {
    world_.User(world_.ministry, "nouvel.admin@daect.fr", Role::kMinistryAdmin);
    ASSERT_EQ(SignIn("nouvel.admin@daect.fr").status, 303);
    const auto elsewhere = Send("GET", "/administration/organisations");
    EXPECT_EQ(elsewhere.status, 303);
    EXPECT_EQ(HeadersOf(elsewhere, "Location").at(0), "/mon-espace/securite");
    EXPECT_EQ(Send("GET", "/mon-espace/securite").status, 200);
}

TEST_F(AccountsWeb, SignUpSearchWorksWithoutJavaScript) {
    const auto page = Send("GET", "/inscription?type=authority&q=bayon");
    EXPECT_EQ(page.status, 200);
    EXPECT_NE(page.body.find("value=\"o:" + std::to_string(world_.org_a) + "\""),
              std::string::npos);
    const auto api = json::parse(Send("GET", "/api/v1/organisations?type=authority&q=angl").body);
    ASSERT_EQ(api["items"].size(), 1u);
    EXPECT_EQ(api["items"][0]["name"], "Anglet");
}

}  // namespace
}  // namespace cncd::accounts
