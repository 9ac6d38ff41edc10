#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "modules/atlas/atlas_map_service.hpp"
#include "modules/atlas/atlas_service.hpp"
#include "modules/atlas/atlas_test_fixture.hpp"
#include "tests/support/temp_database.hpp"

namespace cncd::atlas {
namespace {

// The map's aggregates on the hand-made fixture (atlas_test_fixture.hpp); expected figures
// are counted by hand from it, and checked against the level pages' own figures.
class AtlasMapTest : public ::testing::Test {
  protected:
    AtlasMapTest() : atlas_(db_.db()) {
        db_.db().Write([](db::Connection& c) {
            c.ExecuteScript(fixture::kAtlasFixture);
            return 0;
        });
    }

    std::shared_ptr<const MapData> Map(const Filters& filters = {}) {
        auto result = atlas_.Map().Get(filters);
        EXPECT_TRUE(result.ok()) << (result.ok() ? "" : result.error().message);
        return result.ok() ? result.value() : std::make_shared<const MapData>();
    }

    testing::TempDatabase db_;
    AtlasService atlas_;
};

const MapCountry* FindCountry(const MapData& d, const std::string& iso2) {
    for (const auto& c : d.countries) {
        if (c.iso2 == iso2) return &c;
    }
    return nullptr;
}

const MapPartner* FindPartner(const MapData& d, const std::string& name) {
    for (const auto& p : d.partners) {
        if (p.name == name) return &p;
    }
    return nullptr;
}

const MapAuthority* FindAuthority(const MapData& d, const std::string& name) {
    for (const auto& a : d.authorities) {
        if (a.name == name) return &a;
    }
    return nullptr;
}

TEST_F(AtlasMapTest, CountriesCountTheProjectsWithAPartnerThere) {
    const auto map = Map();
    // Brésil has no project: not on the choropleth.
    ASSERT_EQ(map->countries.size(), 5u);
    EXPECT_EQ(FindCountry(*map, "BR"), nullptr);
    const auto* senegal = FindCountry(*map, "SN");
    ASSERT_NE(senegal, nullptr);
    EXPECT_EQ(senegal->numeric, "686");
    EXPECT_EQ(senegal->projects, 3);             // 1, 4, 7
    EXPECT_EQ(senegal->french_authorities, 3);   // Bayonne, Pyrénées-Atlantiques, Bordeaux
    EXPECT_EQ(senegal->partner_authorities, 2);  // Dakar, Saint-Louis
    const auto* china = FindCountry(*map, "CN");
    ASSERT_NE(china, nullptr);
    EXPECT_EQ(china->french_authorities, 2);  // Paris and the agglomération
}

TEST_F(AtlasMapTest, EveryCountryMatchesItsLevelPageAndContinentsAreCovered) {
    const auto map = Map();
    for (const auto& c : map->countries) {
        auto level = atlas_.GetLevel({LevelKind::kCountry, c.iso2}, {});
        ASSERT_TRUE(level.ok()) << c.iso2;
        EXPECT_EQ(c.projects, level.value()->counts.projects) << c.iso2;
        EXPECT_EQ(c.french_authorities, level.value()->counts.authorities) << c.iso2;
        EXPECT_EQ(c.partner_authorities, level.value()->counts.partners) << c.iso2;
    }
    for (const auto& zone : map->continents) {
        auto level = atlas_.GetLevel({LevelKind::kContinent, zone.slug}, {});
        ASSERT_TRUE(level.ok()) << zone.slug;
        std::int64_t sum = 0;
        for (const auto& c : map->countries) {
            if (c.continent == zone.slug) sum += c.projects;
        }
        // A project with partners in two countries of a continent counts in both.
        EXPECT_GE(sum, level.value()->counts.projects) << zone.slug;
        if (level.value()->counts.projects > 0) {
            EXPECT_GT(sum, 0) << zone.slug;
        }
    }
}

TEST_F(AtlasMapTest, PartnerPopupGivesFrenchAuthoritiesProjectsAndTopLevelThemes) {
    const auto map = Map();
    const auto* delhi = FindPartner(*map, "New Delhi");
    ASSERT_NE(delhi, nullptr);
    EXPECT_EQ(delhi->french_authorities, 2);  // the Région and Bayonne, on one project
    EXPECT_EQ(delhi->projects, 1);
    EXPECT_EQ(delhi->themes, 1);
    EXPECT_EQ(delhi->country_name, "Inde");
    EXPECT_EQ(delhi->continent, "asie");
    const auto* dakar = FindPartner(*map, "Dakar");
    ASSERT_NE(dakar, nullptr);
    EXPECT_EQ(dakar->projects, 3);
    EXPECT_EQ(dakar->french_authorities, 3);
    // Eau potable counts as Eau et assainissement, with Santé and Culture: 3.
    EXPECT_EQ(dakar->themes, 3);
}

TEST_F(AtlasMapTest, FiltersChangeTheCounts) {
    Filters other_only;
    other_only.decentralised = false;
    const auto map = Map(other_only);
    EXPECT_EQ(FindCountry(*map, "DE"), nullptr);  // a twinning only
    const auto* senegal = FindCountry(*map, "SN");
    ASSERT_NE(senegal, nullptr);
    EXPECT_EQ(senegal->projects, 1);  // the Oudin-Santini action
    EXPECT_EQ(FindPartner(*map, "Dakar")->projects, 1);

    Filters education;
    education.theme = "education";
    const auto by_theme = Map(education);
    std::vector<std::string> codes;
    for (const auto& c : by_theme->countries) codes.push_back(c.iso2);
    std::sort(codes.begin(), codes.end());
    EXPECT_EQ(codes, (std::vector<std::string>{"IN", "ML"}));

    Filters unknown;
    unknown.theme = "nope";
    auto result = atlas_.Map().Get(unknown);
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(result.error().field, "theme");
}

TEST_F(AtlasMapTest, AuthoritiesDepartmentsPairsAndFlows) {
    const auto map = Map();
    EXPECT_EQ(map->authorities.size(), 6u);
    const auto* bordeaux = FindAuthority(*map, "Bordeaux");
    ASSERT_NE(bordeaux, nullptr);
    EXPECT_EQ(bordeaux->projects, 2);
    EXPECT_EQ(bordeaux->partners, 2);  // Hambourg, Dakar
    EXPECT_EQ(bordeaux->themes, 1);    // Culture twice
    ASSERT_EQ(map->departments.size(), 3u);
    for (const auto& d : map->departments) {
        if (d.code == "64") {
            EXPECT_EQ(d.authorities, 3);
            EXPECT_EQ(d.projects, 4);  // 1, 3, 4, 6
        }
    }
    EXPECT_EQ(map->pairs.size(), 10u);
    ASSERT_FALSE(map->flows.empty());
    // Nouvelle-Aquitaine → Sénégal: projects 1, 4 and 7, the largest flow.
    EXPECT_EQ(map->flows.front().region_code, "75");
    EXPECT_EQ(map->flows.front().country_iso2, "SN");
    EXPECT_EQ(map->flows.front().projects, 3);
    EXPECT_EQ(map->flows.size(), 6u);
}

TEST_F(AtlasMapTest, PointsFallBackToTheCountryAndShowTheirPrecision) {
    db_.db().Write([](db::Connection& c) {
        c.Execute("UPDATE countries SET lat = 14.7, lon = -17.4 WHERE iso2 = 'SN'");
        c.Execute("UPDATE partners SET lat = 28.61, lon = 77.21 WHERE id = 10");
        c.Execute("UPDATE departments SET lat = 43.3, lon = -0.8 WHERE code = '64'");
        return 0;
    });
    const auto map = Map();  // a new generation: recomputed
    const auto* delhi = FindPartner(*map, "New Delhi");
    ASSERT_TRUE(delhi->point.has_value());
    EXPECT_EQ(delhi->point->precision, "city");
    const auto* dakar = FindPartner(*map, "Dakar");
    ASSERT_TRUE(dakar->point.has_value());
    EXPECT_EQ(dakar->point->precision, "country");
    EXPECT_DOUBLE_EQ(dakar->point->lat, 14.7);
    EXPECT_FALSE(FindPartner(*map, "Pékin")->point.has_value());
    const auto* bayonne = FindAuthority(*map, "Bayonne");
    ASSERT_TRUE(bayonne->point.has_value());
    EXPECT_EQ(bayonne->point->precision, "department");
    // Nouvelle-Aquitaine's point: the mean of its located départements (64 only).
    for (const auto& r : map->regions) {
        if (r.code == "75") {
            ASSERT_TRUE(r.point.has_value());
            EXPECT_DOUBLE_EQ(r.point->lat, 43.3);
        }
    }
}

}  // namespace
}  // namespace cncd::atlas
