#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <regex>
#include <string>

#include "modules/atlas/atlas_routes.hpp"
#include "modules/atlas/atlas_test_fixture.hpp"
#include "modules/content/content_routes.hpp"
#include "tests/support/temp_database.hpp"
#include "web/router.hpp"
#include "web/templates.hpp"

namespace cncd::atlas {
namespace {

using nlohmann::json;

// The Atlas routes on the hand-made fixture, dispatched through the real router and templates
// (no network: the server is tested in tests/integration/).
class AtlasRoutesTest : public ::testing::Test {
  protected:
    AtlasRoutesTest() : templates_(cncd::testing::SourceRoot() / "templates"), atlas_(db_.db()) {
        db_.db().Write([](db::Connection& c) {
            c.ExecuteScript(fixture::kAtlasFixture);
            return 0;
        });
        RegisterAtlasRoutes(router_, atlas_, templates_);
        content::RegisterContentRoutes(router_, templates_);
    }

    web::Response Get(const std::string& target) {
        auto request = web::MakeRequest("GET", target);
        return router_.Dispatch(request);
    }

    json GetJson(const std::string& target, int expected_status = 200) {
        const auto response = Get(target);
        EXPECT_EQ(response.status, expected_status) << target << "\n" << response.body;
        EXPECT_NE(response.content_type.find("application/json"), std::string::npos) << target;
        return json::parse(response.body);
    }

    std::string GetHtml(const std::string& target) {
        const auto response = Get(target);
        EXPECT_EQ(response.status, 200) << target << "\n" << response.body.substr(0, 2000);
        return response.body;
    }

    cncd::testing::TempDatabase db_;
    web::Templates templates_;
    AtlasService atlas_;
    web::Router router_;
};

int Count(const std::string& haystack, const std::string& needle) {
    int n = 0;
    for (auto pos = haystack.find(needle); pos != std::string::npos;
         pos = haystack.find(needle, pos + 1))
        ++n;
    return n;
}

/// The value shown for one figure of a level page ("data-figure" marks each).
std::string Figure(const std::string& html, const std::string& key) {
    const std::regex re("data-figure=\"" + key + "\">([^<]*)<");
    std::smatch m;
    if (!std::regex_search(html, m, re)) return "absent";
    return m[1];
}

TEST_F(AtlasRoutesTest, StatsAnswerTheWorldCounts) {
    const auto stats = GetJson("/api/v1/stats");
    EXPECT_EQ(stats, (json{{"projects", 7},
                           {"french_authorities", 6},
                           {"partner_authorities", 6},
                           {"countries", 5}}));
}

TEST_F(AtlasRoutesTest, ZoneAnswersCountsApdAndCountries) {
    const auto asia = GetJson("/api/v1/zones/asie");
    EXPECT_EQ(asia["name"], "Asie");
    EXPECT_EQ(asia["slug"], "asie");
    EXPECT_EQ(asia["french_authorities"], 4);
    EXPECT_EQ(asia["partner_authorities"], 2);
    EXPECT_EQ(asia["apd_by_year"], (json{{"2008", 5000}, {"2010", 3000}}));
    EXPECT_EQ(asia["countries_list"].size(), 2u);
}

TEST_F(AtlasRoutesTest, CountryPageShowsTheSameFiguresAsTheApi) {
    const auto api = GetJson("/api/v1/countries/sn");
    const auto html = GetHtml("/atlas/pays/sn");
    EXPECT_EQ(Figure(html, "projects"), std::to_string(api["projects"].get<int>()));
    EXPECT_EQ(Figure(html, "french_authorities"),
              std::to_string(api["french_authorities"].get<int>()));
    EXPECT_EQ(Figure(html, "partner_authorities"),
              std::to_string(api["partner_authorities"].get<int>()));
    EXPECT_EQ(Figure(html, "themes"), std::to_string(api["themes"].get<int>()));
    EXPECT_EQ(Count(html, "<h1"), 1);
    EXPECT_NE(html.find("État au niveau Sénégal"), std::string::npos);
    EXPECT_NE(html.find("href=\"/atlas/partenaires/12-dakar\""), std::string::npos);
    EXPECT_NE(html.find("Conseils départementaux"), std::string::npos);
    EXPECT_NE(html.find("href=\"/atlas/afrique\""), std::string::npos);  // breadcrumb
}

TEST_F(AtlasRoutesTest, KindSwitchChangesCountsAndStaysInTheLinks) {
    const auto html = GetHtml("/atlas/pays/sn?autres=0");
    EXPECT_EQ(Figure(html, "projects"), "2");
    EXPECT_EQ(GetJson("/api/v1/countries/sn?autres=0")["projects"], 2);
    // The form's submission (an unchecked box is absent) means the same.
    EXPECT_EQ(Figure(GetHtml("/atlas/pays/sn?filtre=1&cd=1"), "projects"), "2");
    EXPECT_NE(html.find("href=\"/atlas/partenaires/12-dakar?autres=0\""), std::string::npos);
    EXPECT_NE(html.find("Autres actions extérieures masquées"), std::string::npos);
    EXPECT_EQ(Count(html, "id=\"filtre-autres\" name=\"autres\" value=\"1\" checked"), 0);
}

TEST_F(AtlasRoutesTest, ThemeFilterChangesCountsAndIsSelected) {
    const auto html = GetHtml("/atlas?theme=eau-assainissement");
    EXPECT_EQ(Figure(html, "projects"), "2");
    EXPECT_NE(html.find("<option value=\"eau-assainissement\" selected>"), std::string::npos);
    EXPECT_NE(html.find("href=\"/atlas/afrique?theme=eau-assainissement\""), std::string::npos);
    EXPECT_EQ(GetJson("/api/v1/stats?theme=eau-potable")["projects"], 1);
}

TEST_F(AtlasRoutesTest, ProjectSheetShowsEveryField) {
    const auto html = GetHtml("/atlas/projets/4-sante-saint-louis");
    for (const std::string expected : {"Santé à Saint-Louis",
                                       "Action Oudin-Santini",
                                       "Autres actions extérieures",
                                       "En cours",
                                       "2012–2014",
                                       "15 novembre 2011",
                                       "Département des Pyrénées-Atlantiques",
                                       "Chef de file",
                                       "Dakar",
                                       "Saint-Louis",
                                       "Sénégal",
                                       "Municipalité",
                                       "localisée à la ville",
                                       "Eau et assainissement",
                                       "Santé",
                                       "accès aux soins.",
                                       "un dispensaire.",
                                       "Lien depuis 1990.",
                                       "Quartiers périphériques.",
                                       "Fonds propres des collectivités françaises",
                                       "Ministère des Affaires étrangères",
                                       "1\u202F200",
                                       "2\u202F500",
                                       "Centre hospitalier de la Côte basque",
                                       "Marie Lasserre",
                                       "m.lasserre@le64.fr",
                                       "Volontariat de solidarité internationale",
                                       "Dernière mise à jour"}) {
        EXPECT_NE(html.find(expected), std::string::npos) << expected;
    }
    EXPECT_EQ(Count(html, "<h1"), 1);
    const auto api = GetJson("/api/v1/projects/4");
    EXPECT_EQ(api["financing"]["total"], 2500);
    EXPECT_EQ(api["themes"].size(), 2u);
    EXPECT_EQ(api["partners"][0]["country"]["iso2"], "SN");
}

TEST_F(AtlasRoutesTest, AuthorityPageHasContactsWebsiteAndApdByCountry) {
    const auto html = GetHtml("/atlas/collectivites/3-bayonne");
    EXPECT_NE(html.find("Anne Etcheverry"), std::string::npos);
    EXPECT_NE(html.find("https://www.bayonne.fr"), std::string::npos);
    EXPECT_NE(html.find("Aide publique au développement par pays"), std::string::npos);
    EXPECT_NE(html.find(">Pyrénées-Atlantiques</a>"), std::string::npos);  // breadcrumb
    const auto api = GetJson("/api/v1/authorities/3");
    EXPECT_EQ(api["apd_by_country"][0]["iso2"], "SN");
    EXPECT_EQ(api["contacts"].size(), 2u);
}

TEST_F(AtlasRoutesTest, UnknownIdsAreFrench404s) {
    for (const std::string target :
         {"/atlas/atlantide", "/atlas/pays/zz", "/atlas/projets/999", "/atlas/projets/abc",
          "/atlas/collectivites/0", "/atlas/france/bretagne", "/atlas/departements/99"}) {
        const auto response = Get(target);
        EXPECT_EQ(response.status, 404) << target;
        EXPECT_NE(response.body.find("n’existe pas"), std::string::npos) << target;
    }
    const auto zone = GetJson("/api/v1/zones/atlantide", 404);
    EXPECT_EQ(zone["error"]["code"], "not_found");
    EXPECT_EQ(GetJson("/api/v1/projects/999", 404)["error"]["code"], "not_found");
}

TEST_F(AtlasRoutesTest, BadParametersAre400sNamingTheField) {
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"/api/v1/zones/asie?cd=2", "cd"},
        {"/api/v1/zones/asie?theme=inconnue", "theme"},
        {"/api/v1/projects/abc", "id"},
    };
    for (const auto& [target, field] : cases) {
        const auto body = GetJson(target, 400);
        EXPECT_EQ(body["error"]["field"], field) << target;
        EXPECT_EQ(body["error"]["code"], "invalid_argument") << target;
    }
    const auto html = Get("/atlas/pays/sn?page=abc");
    EXPECT_EQ(html.status, 400);
    EXPECT_NE(html.body.find("page"), std::string::npos);
}

TEST_F(AtlasRoutesTest, HomeShowsTheFourHeadlineFigures) {
    const auto html = GetHtml("/");
    EXPECT_EQ(Figure(html, "projects"), "7");
    EXPECT_EQ(Figure(html, "french_authorities"), "6");
    EXPECT_EQ(Figure(html, "partner_authorities"), "6");
    EXPECT_EQ(Figure(html, "countries"), "5");
    EXPECT_NE(html.find("collectivités territoriales françaises"), std::string::npos);
    EXPECT_NE(html.find("href=\"/atlas/asie\""), std::string::npos);
    EXPECT_NE(html.find("href=\"/atlas/france/nouvelle-aquitaine\""), std::string::npos);
}

TEST_F(AtlasRoutesTest, SourcesPageCreditsGeoNames) {
    const auto html = GetHtml("/sources");
    EXPECT_NE(html.find("Données géographiques : GeoNames, CC BY 4.0"), std::string::npos);
    EXPECT_NE(html.find("Licence Ouverte 2.0"), std::string::npos);
    EXPECT_NE(html.find("domaine public"), std::string::npos);
}

TEST_F(AtlasRoutesTest, OpenApiIsServedAsYaml) {
    const auto response = Get("/api/v1/openapi.yaml");
    EXPECT_EQ(response.status, 200);
    EXPECT_NE(response.content_type.find("application/yaml"), std::string::npos);
    EXPECT_NE(response.body.find("openapi: 3.1"), std::string::npos);
}

TEST_F(AtlasRoutesTest, AWriteRefreshesCachedPages) {
    EXPECT_EQ(Figure(GetHtml("/atlas/pays/sn"), "projects"), "3");
    db_.db().Write([](db::Connection& c) {
        c.Execute(
            "INSERT INTO projects (id, slug, title, kind, status) VALUES "
            "(8, 'nouveau', 'Nouveau projet', 'cooperation', 'active')");
        c.Execute("INSERT INTO project_authorities (project_id, authority_id) VALUES (8, 5)");
        return c.Execute("INSERT INTO project_partners (project_id, partner_id) VALUES (8, 13)");
    });
    EXPECT_EQ(Figure(GetHtml("/atlas/pays/sn"), "projects"), "4");
}

}  // namespace
}  // namespace cncd::atlas
