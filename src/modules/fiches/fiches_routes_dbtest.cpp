#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "modules/atlas/atlas_routes.hpp"
#include "modules/atlas/atlas_service.hpp"
#include "modules/atlas/atlas_test_fixture.hpp"
#include "modules/fiches/fiches_routes.hpp"
#include "modules/fiches/fiches_test_support.hpp"
#include "tests/support/temp_database.hpp"
#include "web/router.hpp"
#include "web/templates.hpp"

namespace cncd::fiches {
namespace {

using nlohmann::json;
using namespace testing;

constexpr const char* kToken = "jeton-de-test";

// The test harness of the seam: the actor is named by an X-Test-User header and the CSRF token
// is a constant, in the form field or the X-CSRF-Token header (the accounts module provides
// the real ones).
std::optional<Actor> ActorOf(const web::Request& request) {
    const auto user = request.Header("x-test-user");
    if (!user) return std::nullopt;
    if (*user == "bayonne") return Bayonne();
    if (*user == "paris") return Paris();
    if (*user == "ministere") return MinistryAdmin();
    if (*user == "instructeur") return Instructor();
    return std::nullopt;
}

bool CsrfOk(const web::Request& request) {
    if (request.Header("x-csrf-token") == kToken) return true;
    for (const auto& [k, v] : web::ParseQueryString(request.body)) {
        if (k == "csrf_token") return v == kToken;
    }
    return false;
}

class FicheRoutesTest : public ::testing::Test {
  protected:
    FicheRoutesTest()
        : templates_(cncd::testing::SourceRoot() / "templates"),
          service_(db_.db(), [] { return FixedNow(); }),
          atlas_(db_.db()) {
        db_.db().Write([](db::Connection& c) {
            c.ExecuteScript(atlas::fixture::kAtlasFixture);
            c.ExecuteScript(kActorsFixture);
            return 0;
        });
        RegisterFicheRoutes(router_, service_, templates_,
                            {ActorOf, CsrfOk, [](const web::Request&) { return kToken; }});
        atlas::RegisterAtlasRoutes(router_, atlas_, templates_);
    }

    web::Response Send(const std::string& method, const std::string& target,
                       const std::string& user, std::string body = {}, bool csrf = true,
                       bool form = false) {
        auto request = web::MakeRequest(method, target);
        if (!user.empty()) request.headers.emplace_back("x-test-user", user);
        if (csrf && !form) request.headers.emplace_back("x-csrf-token", kToken);
        if (csrf && form) body += std::string("&csrf_token=") + kToken;
        request.body = std::move(body);
        return router_.Dispatch(request);
    }

    json Api(const std::string& method, const std::string& target, const std::string& user,
             const json& body, int expected) {
        const auto response = Send(method, target, user, body.dump());
        EXPECT_EQ(response.status, expected) << method << " " << target << "\n" << response.body;
        return json::parse(response.body);
    }

    cncd::testing::TempDatabase db_;
    web::Templates templates_;
    FicheService service_;
    atlas::AtlasService atlas_;
    web::Router router_;
};

TEST_F(FicheRoutesTest, AnonymousUsersAreSentToSignInOrGet401) {
    const auto page = Send("GET", "/mon-espace/projets/1/modifier", "");
    EXPECT_EQ(page.status, 303);
    EXPECT_EQ(page.headers.at(0).second,
              "/connexion?retour=%2Fmon-espace%2Fprojets%2F1%2Fmodifier");
    const auto api = Api("PUT", "/api/v1/projects/1", "", {{"version", 1}}, 401);
    EXPECT_EQ(api["error"]["code"], "unauthenticated");
}

TEST_F(FicheRoutesTest, UnsafeRequestsWithoutCsrfTokenAre403) {
    const auto response = Send("PUT", "/api/v1/projects/1", "bayonne", R"({"version":1})", false);
    EXPECT_EQ(response.status, 403);
    EXPECT_EQ(json::parse(response.body)["error"]["code"], "csrf_invalid");
    EXPECT_EQ(Send("POST", "/mon-espace/projets/1/modifier", "bayonne", "title=x", false).status,
              403);
}

TEST_F(FicheRoutesTest, ApiEditIsShownOnThePublicAtlasAtOnce) {
    EXPECT_EQ(Send("GET", "/atlas/projets/1", "").body.find("Eau pour tous"), std::string::npos);
    const auto saved = Api("PUT", "/api/v1/projects/1", "bayonne",
                           {{"version", 1}, {"title", "Eau pour tous à Dakar"}}, 200);
    EXPECT_EQ(saved["version"], 2);
    EXPECT_EQ(saved["fiche"]["title"], "Eau pour tous à Dakar");
    EXPECT_EQ(saved["fiche"]["partners"][0]["id"], 12);  // absent keys keep their value
    const auto page = Send("GET", "/atlas/projets/1", "");
    EXPECT_NE(page.body.find("Eau pour tous à Dakar"), std::string::npos);
    const auto sheet = json::parse(Send("GET", "/api/v1/projects/1", "").body);
    EXPECT_EQ(sheet["title"], "Eau pour tous à Dakar");
}

TEST_F(FicheRoutesTest, ApiAnswers400NamingTheField403404And409) {
    auto error = Api("PUT", "/api/v1/projects/1", "bayonne", {{"version", 1}, {"title", ""}}, 400);
    EXPECT_EQ(error["error"]["field"], "title");
    error =
        Api("PUT", "/api/v1/projects/1", "bayonne", {{"version", 1}, {"start_year", "2010"}}, 400);
    EXPECT_EQ(error["error"]["field"], "start_year");
    error = Api("PUT", "/api/v1/projects/1", "bayonne",
                {{"version", 1}, {"financing", {{{"year", 2020}, {"amount_eur", -5}}}}}, 400);
    EXPECT_EQ(error["error"]["field"], "financing[0].amount_eur");
    error = Api("PUT", "/api/v1/projects/1", "bayonne", {{"title", "Sans version"}}, 400);
    EXPECT_EQ(error["error"]["field"], "version");
    Api("PUT", "/api/v1/projects/1", "paris", {{"version", 1}}, 403);
    Api("PUT", "/api/v1/projects/999", "bayonne", {{"version", 1}}, 404);
    Api("PUT", "/api/v1/projects/1", "bayonne", {{"version", 1}, {"title", "Un"}}, 200);
    error = Api("PUT", "/api/v1/projects/1", "ministere", {{"version", 1}, {"title", "Deux"}}, 409);
    EXPECT_EQ(error["error"]["field"], "version");
}

TEST_F(FicheRoutesTest, ApiCreatesClosesListsVersionsAndReverts) {
    const auto created = Api("POST", "/api/v1/projects", "bayonne",
                             {{"title", "Jumelage avec Dakar"},
                              {"kind", "twinning"},
                              {"status", "active"},
                              {"start_year", 2024},
                              {"partners", {12}},
                              {"themes", {4}}},
                             201);
    const auto id = created["id"].get<int>();
    EXPECT_EQ(created["fiche"]["lead"]["name"], "Bayonne");
    const auto path = "/api/v1/projects/" + std::to_string(id);
    const auto closed =
        Api("POST", path + "/close", "bayonne", {{"version", 1}, {"end_year", 2026}}, 200);
    EXPECT_EQ(closed["fiche"]["status"], "finished");
    Api("POST", path + "/close", "bayonne", {{"version", 2}}, 409);
    Api("POST", path + "/versions/2/revert", "bayonne", json::object(), 403);
    const auto reverted =
        Api("POST", path + "/versions/2/revert", "ministere", json::object(), 200);
    EXPECT_EQ(reverted["fiche"]["status"], "active");
    const auto versions = json::parse(Send("GET", path + "/versions", "bayonne").body);
    EXPECT_EQ(versions["current_version"], 3);
    EXPECT_EQ(versions["versions"][0]["action"], "revert");
    EXPECT_EQ(versions["versions"][0]["author"], "Marc Durand");
    EXPECT_EQ(versions["versions"][2]["action"], "create");
}

TEST_F(FicheRoutesTest, FormErrorsAreShownAtTheFieldWithTheUsersInput) {
    const auto page = Send("GET", "/mon-espace/projets/1/modifier", "bayonne");
    ASSERT_EQ(page.status, 200) << page.body;
    EXPECT_NE(page.body.find("name=\"csrf_token\" value=\"jeton-de-test\""), std::string::npos);
    EXPECT_NE(page.body.find("Dakar (Sénégal)"), std::string::npos);

    const auto refused = Send("POST", "/mon-espace/projets/1/modifier", "bayonne",
                              "version=1&title=Titre+gard%C3%A9&kind=cooperation&status=active"
                              "&start_year=deux-mille&partners=12",
                              true, true);
    EXPECT_EQ(refused.status, 400);
    EXPECT_NE(refused.body.find("value=\"Titre gardé\""), std::string::npos);
    EXPECT_NE(refused.body.find("id=\"fiche-start-year-erreur\""), std::string::npos);
    EXPECT_NE(refused.body.find("Indiquez une année en chiffres"), std::string::npos);
    EXPECT_EQ(service_.GetForEdit(Bayonne(), 1)->fiche.title, "Accès à l'eau à Dakar");

    const auto saved =
        Send("POST", "/mon-espace/projets/1/modifier", "bayonne",
             "version=1&title=Titre+enregistr%C3%A9&kind=cooperation&status=active"
             "&start_year=2008&partners=12&partner_add=Saint-Louis+%28S%C3%A9n%C3%A9gal%29"
             "&financing_cofinancer=2&financing_year=2024&financing_amount=15+000",
             true, true);
    EXPECT_EQ(saved.status, 303) << saved.body;
    const auto fiche = service_.GetForEdit(Bayonne(), 1)->fiche;
    EXPECT_EQ(fiche.title, "Titre enregistré");
    EXPECT_EQ(fiche.partners.size(), 2u);
    ASSERT_EQ(fiche.financing.size(), 1u);
    EXPECT_EQ(fiche.financing[0].amount_eur, 15000);
}

TEST_F(FicheRoutesTest, OutdatedFormIs409AndKeepsTheInput) {
    ASSERT_TRUE(service_.Update(MinistryAdmin(), 1, 1,
                                FicheService::InputOf(service_.GetForEdit(Bayonne(), 1)->fiche)));
    const auto conflict =
        Send("POST", "/mon-espace/projets/1/modifier", "bayonne",
             "version=1&title=Ma+saisie&kind=cooperation&status=active", true, true);
    EXPECT_EQ(conflict.status, 409);
    EXPECT_NE(conflict.body.find("value=\"Ma saisie\""), std::string::npos);
    EXPECT_NE(conflict.body.find("Marc Durand"), std::string::npos);
    EXPECT_NE(conflict.body.find("name=\"version\" value=\"2\""), std::string::npos);
}

TEST_F(FicheRoutesTest, PagesRenderForTheirAudience) {
    ASSERT_EQ(Api("PUT", "/api/v1/projects/1", "bayonne",
                  {{"version", 1}, {"objectives", "Raccorder les quartiers."}}, 200)["version"],
              2);
    const auto mine = Send("GET", "/mon-espace/projets", "bayonne");
    ASSERT_EQ(mine.status, 200);
    EXPECT_NE(mine.body.find("data-score=\"75\""), std::string::npos);  // 9 of 12
    EXPECT_NE(mine.body.find("/mon-espace/projets/1/modifier#fiche-description"),
              std::string::npos);
    const auto history = Send("GET", "/mon-espace/projets/1/historique", "bayonne");
    ASSERT_EQ(history.status, 200);
    EXPECT_NE(history.body.find("Modification : objectifs"), std::string::npos);
    EXPECT_EQ(history.body.find("Annuler cette modification"), std::string::npos);
    const auto diff = Send("GET", "/mon-espace/projets/1/diff?de=1&a=2", "bayonne");
    ASSERT_EQ(diff.status, 200);
    EXPECT_NE(diff.body.find(
                  "<ins><span class=\"fr-sr-only\">ajouté : </span>Raccorder les quartiers.</ins>"),
              std::string::npos);
    EXPECT_EQ(Send("GET", "/mon-espace/projets/1/diff?de=1&a=9", "bayonne").status, 404);
    EXPECT_EQ(Send("GET", "/mon-espace/projets/1/historique", "paris").status, 403);
    EXPECT_EQ(Send("GET", "/administration/modifications", "bayonne").status, 403);
    const auto changes = Send("GET", "/administration/modifications?region=75", "ministere");
    ASSERT_EQ(changes.status, 200);
    EXPECT_NE(changes.body.find("Anne Etcheverry"), std::string::npos);
    EXPECT_NE(changes.body.find("/mon-espace/projets/1/versions/2/annuler"), std::string::npos);
    EXPECT_EQ(Send("GET", "/administration/modifications?de=hier", "ministere").status, 400);
    EXPECT_EQ(Send("GET", "/administration/qualite", "instructeur").status, 200);
    EXPECT_EQ(Send("GET", "/administration/qualite/3", "instructeur").status, 200);
    EXPECT_EQ(Send("GET", "/mon-espace/projets/nouveau", "bayonne").status, 200);
    const auto reverted =
        Send("POST", "/mon-espace/projets/1/versions/2/annuler", "ministere", "", true, true);
    EXPECT_EQ(reverted.status, 303);
    EXPECT_EQ(service_.GetForEdit(Bayonne(), 1)->fiche.objectives, "");
}

}  // namespace
}  // namespace cncd::fiches
