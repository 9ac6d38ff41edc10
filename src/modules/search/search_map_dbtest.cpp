#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "modules/search/search_map.hpp"
#include "modules/search/search_query.hpp"
#include "modules/search/search_service.hpp"
#include "modules/search/search_test_support.hpp"

namespace cncd::search {
namespace {

SearchQuery Query(QueryParams params) {
    auto q = ParseSearchQuery(params);
    if (!q) throw std::invalid_argument(q.error().message);
    return *q;
}

// The values of a facet that the results have (count > 0).
std::int64_t Present(const SearchPage& page, Facet f, bool top_level_only = false) {
    const auto& values = page.facets[static_cast<std::size_t>(f)];
    return std::count_if(values.begin(), values.end(), [&](const FacetCount& v) {
        return v.count > 0 && (!top_level_only || v.parent.empty());
    });
}

// The search map on the demo: its counts are those of the filtered searches.
class DemoSearchMap : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        service_ = std::make_unique<SearchService>(testing::DemoDatabase());
    }
    static void TearDownTestSuite() { service_.reset(); }

    static SearchPage Search(QueryParams params) {
        auto page = service_->Search(Query(std::move(params)));
        if (!page) throw std::invalid_argument(page.error().message);
        return *page;
    }
    static SearchMap Map(QueryParams params) {
        auto map = service_->Map(Query(std::move(params)));
        if (!map) throw std::invalid_argument(map.error().message);
        return **map;
    }
    static QueryParams With(QueryParams params, const std::string& name, const std::string& v) {
        params.emplace_back(name, v);
        return params;
    }

    static std::unique_ptr<SearchService> service_;
};

std::unique_ptr<SearchService> DemoSearchMap::service_;

const std::vector<QueryParams> kSearches = {
    {},
    {{"q", "eau"}},
    {{"continent", "afrique"}, {"theme", "sante"}},
    {{"q", "coopération"}, {"cd", "0"}, {"from", "2010"}, {"to", "2014"}},
    {{"region", "bretagne"}, {"status", "active"}},
};

TEST_F(DemoSearchMap, CountriesCountWhatTheSearchFilteredByThatCountryFinds) {
    for (const auto& params : kSearches) {
        const SearchMap map = Map(params);
        EXPECT_EQ(map.total, Search(params).total);
        ASSERT_FALSE(map.countries.empty());
        // The largest countries, and a few from the end of the list.
        std::vector<std::size_t> picks = {0, 1, 2, map.countries.size() / 2,
                                          map.countries.size() - 1};
        for (const auto i : picks) {
            if (i >= map.countries.size()) continue;
            const auto& country = map.countries[i];
            const SearchPage filtered = Search(With(params, "country", country.iso2));
            EXPECT_EQ(country.projects, filtered.total) << country.iso2;
            if (Present(filtered, Facet::kAuthority) < std::int64_t{kLargeFacetLimit}) {
                EXPECT_EQ(country.french_authorities, Present(filtered, Facet::kAuthority))
                    << country.iso2;
            }
            EXPECT_FALSE(country.numeric.empty()) << country.iso2;
            EXPECT_TRUE(country.point.has_value()) << country.iso2;
        }
        // Most projects first.
        EXPECT_TRUE(
            std::is_sorted(map.countries.begin(), map.countries.end(),
                           [](const auto& a, const auto& b) { return a.projects > b.projects; }));
    }
}

TEST_F(DemoSearchMap, PartnersGiveTheBrochurePopupFiguresOfTheFilteredSearch) {
    for (const auto& params : kSearches) {
        const SearchMap map = Map(params);
        ASSERT_FALSE(map.partners.empty());
        std::vector<std::size_t> picks = {0, 1, map.partners.size() / 3, map.partners.size() - 1};
        for (const auto i : picks) {
            const auto& partner = map.partners[i];
            const SearchPage filtered = Search(With(params, "partner", std::to_string(partner.id)));
            EXPECT_EQ(partner.projects, filtered.total) << partner.name;
            EXPECT_EQ(partner.french_authorities, Present(filtered, Facet::kAuthority))
                << partner.name;
            // A facet's counts ignore its own filter: compare when the search has none.
            const bool theme_filter = std::any_of(params.begin(), params.end(),
                                                  [](const auto& p) { return p.first == "theme"; });
            if (!theme_filter) {
                EXPECT_EQ(partner.themes, Present(filtered, Facet::kTheme, /*top_level_only=*/true))
                    << partner.name;
            }
            ASSERT_TRUE(partner.point.has_value()) << partner.name;
            EXPECT_FALSE(partner.country_name.empty());
        }
    }
}

TEST_F(DemoSearchMap, EveryResultIsOnTheMapOnce) {
    // Every demo project has a partner: summed per partner country, each result counts once
    // per country it has partners in, so at least the total.
    const auto params = QueryParams{{"q", "eau"}, {"continent", "asie"}};
    const SearchMap map = Map(params);
    std::int64_t sum = 0;
    for (const auto& c : map.countries) {
        EXPECT_EQ(c.continent, "asie") << c.iso2;
        sum += c.projects;
    }
    EXPECT_GE(sum, map.total);
    EXPECT_GT(map.total, 0);
}

TEST_F(DemoSearchMap, NoResultsGiveAnEmptyMap) {
    const SearchMap map = Map({{"country", "ZZ"}});
    EXPECT_EQ(map.total, 0);
    EXPECT_TRUE(map.countries.empty());
    EXPECT_TRUE(map.partners.empty());
}

TEST_F(DemoSearchMap, MalformedSearchesAreRefusedAsBySearch) {
    std::string words;
    for (int i = 0; i < 25; ++i) words += "mot" + std::to_string(i) + " ";
    const auto refused = service_->Map(Query({{"q", words}}));
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().field, "q");
}

// A small hand-made Atlas: exact figures, and the country's point for an unlocated partner.
class SmallSearchMap : public ::testing::Test {
  protected:
    void SetUp() override {
        temp_.db().Write([](db::Connection& c) {
            c.ExecuteScript(testing::kSmallAtlas);
            c.Execute("UPDATE countries SET lat = 14.5, lon = -14.4 WHERE iso2 = 'SN'");
            c.Execute(
                "INSERT INTO partners (id, name, slug, country_iso2, level, location_precision)"
                " VALUES (4, 'Thiès', 'thies', 'SN', 'region', 'country')");
            c.Execute("INSERT INTO project_partners (project_id, partner_id) VALUES (1, 4)");
            c.Execute(
                "INSERT INTO project_authorities (project_id, authority_id, role)"
                " VALUES (1, 2, 'associate')");
            return 0;
        });
        service_ = std::make_unique<SearchService>(temp_.db());
    }

    cncd::testing::TempDatabase temp_;
    std::unique_ptr<SearchService> service_;
};

TEST_F(SmallSearchMap, AggregatesTheResultsByCountryAndPartner) {
    const auto found = service_->Map(Query({{"theme", "urbain"}}));
    ASSERT_TRUE(found);
    const auto& map = *found;
    EXPECT_EQ(map->total, 2);  // project 1 (a sub-theme of urbain) and project 3
    ASSERT_EQ(map->countries.size(), 2u);
    const auto& sn = map->countries[0];  // 1 project, 2 partners: before Viêt Nam by name
    EXPECT_EQ(sn.iso2, "SN");
    EXPECT_EQ(sn.numeric, "686");
    EXPECT_EQ(sn.projects, 1);
    EXPECT_EQ(sn.french_authorities, 2);
    EXPECT_EQ(sn.partner_authorities, 2);
    EXPECT_EQ(map->countries[1].iso2, "VN");
    EXPECT_FALSE(map->countries[1].point.has_value());

    ASSERT_EQ(map->partners.size(), 3u);
    const auto find = [&](std::int64_t id) {
        return *std::find_if(map->partners.begin(), map->partners.end(),
                             [id](const MapPartnerCount& p) { return p.id == id; });
    };
    const auto dakar = find(1);
    EXPECT_EQ(dakar.name, "Dakar");
    EXPECT_EQ(dakar.country_name, "Sénégal");
    EXPECT_EQ(dakar.continent, "afrique");
    EXPECT_EQ(dakar.projects, 1);
    EXPECT_EQ(dakar.french_authorities, 2);
    EXPECT_EQ(dakar.themes, 1);  // the sub-theme counts as its theme
    ASSERT_TRUE(dakar.point.has_value());
    EXPECT_EQ(dakar.point->precision, "city");
    EXPECT_DOUBLE_EQ(dakar.point->lat, 14.69);
    const auto thies = find(4);  // no coordinates: its country's point
    ASSERT_TRUE(thies.point.has_value());
    EXPECT_EQ(thies.point->precision, "country");
    EXPECT_DOUBLE_EQ(thies.point->lat, 14.5);
    EXPECT_EQ(find(3).french_authorities, 1);
    EXPECT_EQ(PartnerPagePath(dakar.id, dakar.slug), "/atlas/partenaires/1-dakar");
    EXPECT_EQ(CountryPagePath("SN"), "/atlas/pays/sn");
}

TEST_F(SmallSearchMap, FollowsCommittedWrites) {
    ASSERT_EQ((*service_->Map(Query({{"country", "ML"}})))->total, 1);
    temp_.db().Write(
        [](db::Connection& c) { return c.Execute("DELETE FROM projects WHERE id = 2"); });
    const auto map = *service_->Map(Query({{"country", "ML"}}));
    EXPECT_EQ(map->total, 0);
    EXPECT_TRUE(map->partners.empty());
}

}  // namespace
}  // namespace cncd::search
