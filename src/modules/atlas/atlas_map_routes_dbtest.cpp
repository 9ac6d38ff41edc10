#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "modules/atlas/atlas_map_routes.hpp"
#include "modules/atlas/atlas_routes.hpp"
#include "modules/atlas/atlas_test_fixture.hpp"
#include "tests/support/temp_database.hpp"
#include "web/router.hpp"
#include "web/templates.hpp"

namespace cncd::atlas {
namespace {

using nlohmann::json;

// The map's JSON API on the hand-made fixture, through the real router: the counts a user
// reads in the popups, the filters, the scopes and the bad parameters.
class AtlasMapRoutesTest : public ::testing::Test {
  protected:
    AtlasMapRoutesTest() : templates_(cncd::testing::SourceRoot() / "templates"), atlas_(db_.db()) {
        db_.db().Write([](db::Connection& c) {
            c.ExecuteScript(fixture::kAtlasFixture);
            return 0;
        });
        RegisterAtlasRoutes(router_, atlas_, templates_);
        RegisterAtlasMapRoutes(router_, atlas_, templates_);
    }

    json GetJson(const std::string& target, int expected_status = 200) {
        auto request = web::MakeRequest("GET", target);
        const auto response = router_.Dispatch(request);
        EXPECT_EQ(response.status, expected_status) << target << "\n" << response.body;
        EXPECT_NE(response.content_type.find("application/json"), std::string::npos) << target;
        return json::parse(response.body);
    }

    cncd::testing::TempDatabase db_;
    web::Templates templates_;
    AtlasService atlas_;
    web::Router router_;
};

json FindBy(const json& items, const std::string& key, const json& value) {
    for (const auto& item : items) {
        if (item.at(key) == value) return item;
    }
    return nullptr;
}

/// The markers of a compact answer (fields + rows) as objects, with their page URL and, for
/// partners, their country's name, as the map's script rebuilds them.
json Markers(const json& answer, const std::string& key) {
    json markers = json::array();
    const auto& fields = answer.at("fields");
    for (const auto& row : answer.at(key)) {
        EXPECT_EQ(row.size(), fields.size());
        json marker = json::object();
        for (std::size_t i = 0; i < fields.size(); ++i)
            marker[fields[i].get<std::string>()] = row[i];
        const auto slug = marker["slug"].get<std::string>();
        marker["url"] = answer["url_prefix"].get<std::string>() +
                        std::to_string(marker["id"].get<std::int64_t>()) +
                        (slug.empty() ? "" : "-" + slug) + answer["url_query"].get<std::string>();
        if (answer.contains("countries"))
            marker["country_name"] = answer["countries"].at(marker["country"].get<std::string>());
        markers.push_back(std::move(marker));
    }
    return markers;
}

TEST_F(AtlasMapRoutesTest, CountriesOfAContinentAddUpToAtLeastItsProjects) {
    const auto asia = GetJson("/api/v1/map/countries?continent=asie");
    ASSERT_EQ(asia["countries"].size(), 2u);  // Chine, Inde
    int sum = 0;
    for (const auto& c : asia["countries"]) sum += c["projects"].get<int>();
    EXPECT_GE(sum, GetJson("/api/v1/zones/asie")["projects"].get<int>());
    const auto india = FindBy(asia["countries"], "iso2", "IN");
    EXPECT_EQ(india["numeric"], "356");
    EXPECT_EQ(india["url"], "/atlas/pays/in");
}

TEST_F(AtlasMapRoutesTest, PartnerMarkersCarryThePopupFiguresAndTheLink) {
    const auto india = GetJson("/api/v1/map/partners?country=in");
    EXPECT_EQ(india["fields"][0], "id");
    const auto partners = Markers(india, "partners");
    ASSERT_EQ(partners.size(), 1u);
    const auto delhi = partners[0];
    EXPECT_EQ(delhi["name"], "New Delhi");
    EXPECT_EQ(delhi["french_authorities"], 2);
    EXPECT_EQ(delhi["projects"], 1);
    EXPECT_EQ(delhi["themes"], 1);
    EXPECT_EQ(delhi["url"], "/atlas/partenaires/10-new-delhi");
    EXPECT_EQ(delhi["country_name"], "Inde");
    EXPECT_TRUE(delhi["lat"].is_null());  // the fixture has no coordinates
    // The partner page says the same.
    EXPECT_EQ(GetJson("/api/v1/partners/10")["projects"], delhi["projects"]);
}

TEST_F(AtlasMapRoutesTest, FiltersChangeTheCountsAndStayInTheLinks) {
    const auto all = GetJson("/api/v1/map/countries");
    const auto other = GetJson("/api/v1/map/countries?cd=0");
    EXPECT_EQ(FindBy(all["countries"], "iso2", "SN")["projects"], 3);
    const auto senegal = FindBy(other["countries"], "iso2", "SN");
    EXPECT_EQ(senegal["projects"], 1);
    EXPECT_EQ(senegal["url"], "/atlas/pays/sn?cd=0");
    EXPECT_EQ(other["filters"]["cd"], false);
    const auto theme = Markers(GetJson("/api/v1/map/partners?theme=culture"), "partners");
    ASSERT_EQ(theme.size(), 2u);  // Dakar, Hambourg
    EXPECT_EQ(theme[0]["url"], "/atlas/partenaires/12-dakar?theme=culture");
}

TEST_F(AtlasMapRoutesTest, AuthoritiesDepartmentsAndFrenchSideCountries) {
    const auto region =
        Markers(GetJson("/api/v1/map/authorities?region=nouvelle-aquitaine"), "authorities");
    EXPECT_EQ(region.size(), 5u);  // every authority but Paris
    const auto bayonne = FindBy(region, "name", "Bayonne");
    ASSERT_FALSE(bayonne.is_null());
    EXPECT_EQ(bayonne["department"], "64");
    EXPECT_NE(bayonne["url"].get<std::string>().find("/atlas/collectivites/"), std::string::npos);
    const auto departments = GetJson("/api/v1/map/departments?region=nouvelle-aquitaine");
    ASSERT_EQ(departments["departments"].size(), 2u);
    EXPECT_EQ(FindBy(departments["departments"], "code", "64")["projects"], 4);
    // Île-de-France's projects by partner country: Paris in Mali and China.
    const auto idf = GetJson("/api/v1/map/countries?region=ile-de-france");
    ASSERT_EQ(idf["countries"].size(), 2u);
    EXPECT_EQ(FindBy(idf["countries"], "iso2", "CN")["french_authorities"], 1);
    const auto bordeaux = Markers(GetJson("/api/v1/map/partners?authority=4"), "partners");
    EXPECT_EQ(bordeaux.size(), 2u);
}

TEST_F(AtlasMapRoutesTest, PairsAreScopedOrAggregated) {
    const auto world = GetJson("/api/v1/map/pairs");
    EXPECT_EQ(world["aggregated"], true);
    EXPECT_EQ(world["total"], 6);
    EXPECT_EQ(world["pairs"][0]["from"]["code"], "75");
    EXPECT_EQ(world["pairs"][0]["to"]["iso2"], "SN");
    EXPECT_EQ(world["pairs"][0]["projects"], 3);
    const auto senegal = GetJson("/api/v1/map/pairs?country=SN");
    EXPECT_EQ(senegal["aggregated"], false);
    EXPECT_EQ(senegal["total"], 4);  // Bayonne–Dakar, 64–Dakar, 64–Saint-Louis, Bordeaux–Dakar
    EXPECT_EQ(senegal["truncated"], false);
    const auto delhi = GetJson("/api/v1/map/pairs?partner=10");
    EXPECT_EQ(delhi["total"], 2);
}

TEST_F(AtlasMapRoutesTest, AWriteRefreshesTheCachedAnswers) {
    EXPECT_EQ(Markers(GetJson("/api/v1/map/partners?country=IN"), "partners")[0]["projects"], 1);
    db_.db().Write([](db::Connection& c) {
        c.Execute("INSERT INTO project_partners (project_id, partner_id) VALUES (5, 10)");
        return 0;
    });
    EXPECT_EQ(Markers(GetJson("/api/v1/map/partners?country=IN"), "partners")[0]["projects"], 2);
}

TEST_F(AtlasMapRoutesTest, BadParametersAreNamed) {
    EXPECT_EQ(GetJson("/api/v1/map/countries?theme=nope", 400)["error"]["field"], "theme");
    EXPECT_EQ(GetJson("/api/v1/map/countries?cd=2", 400)["error"]["field"], "cd");
    EXPECT_EQ(GetJson("/api/v1/map/partners?continent=atlantide", 400)["error"]["field"],
              "continent");
    EXPECT_EQ(GetJson("/api/v1/map/partners?country=XX", 400)["error"]["field"], "country");
    EXPECT_EQ(GetJson("/api/v1/map/pairs?authority=abc", 400)["error"]["field"], "authority");
    EXPECT_EQ(GetJson("/api/v1/map/pairs?country=SN&region=ile-de-france", 400)["error"]["field"],
              "region");
    // A known country without projects is an empty answer, not an error.
    EXPECT_TRUE(Markers(GetJson("/api/v1/map/partners?country=BR"), "partners").empty());
}

}  // namespace
}  // namespace cncd::atlas
