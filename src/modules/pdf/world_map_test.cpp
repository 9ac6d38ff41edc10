#include "modules/pdf/world_map.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <stdexcept>

#include "modules/pdf/pdf_service.hpp"
#include "tests/support/temp_database.hpp"

namespace cncd::pdf {
namespace {

// Two unit squares side by side sharing one arc (x = 1), quantized with a scale of 1 and a
// translation of (10, 20); the right one has a hole.
constexpr std::string_view kTwoSquares = R"json({
  "type": "Topology",
  "transform": {"scale": [1, 1], "translate": [10, 20]},
  "objects": {"countries": {"type": "GeometryCollection", "geometries": [
    {"type": "Polygon", "id": "001", "properties": {"name": "Left"}, "arcs": [[0, 1]]},
    {"type": "MultiPolygon", "id": "002", "properties": {"name": "Right"},
     "arcs": [[[2, -1], [3]]]},
    {"type": "Polygon", "id": "010", "properties": {"name": "Antarctica"}, "arcs": [[3]]},
    {"type": null, "id": "003"}
  ]}},
  "arcs": [
    [[1, 0], [0, 1]],
    [[1, 1], [-1, 0], [0, -1], [1, 0]],
    [[1, 0], [1, 0], [0, 1], [-1, 0]],
    [[1.5, 0.25], [0, 0.5], [0.25, 0], [0, -0.5], [-0.25, 0]]
  ]
})json";

TEST(WorldMap, DecodesQuantizedDeltaEncodedArcs) {
    const WorldMap map = WorldMap::FromTopoJson(kTwoSquares);
    ASSERT_EQ(map.arcs().size(), 4u);
    // Arc 1 goes (11, 21) → (10, 21) → (10, 20) → (11, 20).
    const auto& arc = map.arcs()[1];
    ASSERT_EQ(arc.size(), 4u);
    EXPECT_DOUBLE_EQ(arc[0].lon, 11);
    EXPECT_DOUBLE_EQ(arc[0].lat, 21);
    EXPECT_DOUBLE_EQ(arc[2].lon, 10);
    EXPECT_DOUBLE_EQ(arc[2].lat, 20);
    EXPECT_DOUBLE_EQ(arc[3].lon, 11);
    EXPECT_DOUBLE_EQ(map.arcs()[3][1].lat, 20.75);
}

TEST(WorldMap, KeepsEveryRingWithItsArcReferencesAndLeavesAntarcticaOut) {
    const WorldMap map = WorldMap::FromTopoJson(kTwoSquares);
    ASSERT_EQ(map.countries().size(), 2u);
    EXPECT_EQ(map.countries()[0].numeric_code, "001");
    EXPECT_EQ(map.countries()[0].rings, (std::vector<std::vector<int>>{{0, 1}}));
    EXPECT_EQ(map.countries()[1].name, "Right");
    // The shared arc reversed (~0 = -1), then the hole as a ring of its own.
    EXPECT_EQ(map.countries()[1].rings, (std::vector<std::vector<int>>{{2, -1}, {3}}));
}

TEST(WorldMap, RefusesWhatIsNotATopology) {
    EXPECT_THROW(WorldMap::FromTopoJson("{\"type\": \"FeatureCollection\"}"), std::runtime_error);
    EXPECT_THROW(WorldMap::FromTopoJson("not json"), std::runtime_error);
    EXPECT_THROW(WorldMap::FromTopoJson(kTwoSquares, "land"), std::runtime_error);
    EXPECT_THROW(WorldMap::FromTopoJson(R"({"type": "Topology", "arcs": [],
        "objects": {"countries": {"geometries": [{"type": "Polygon", "arcs": [[4]]}]}}})"),
                 std::runtime_error);
    EXPECT_THROW(WorldMap::FromFile("/nonexistent/countries.json"), std::runtime_error);
}

TEST(WorldMap, ReadsWorldAtlasWithTheIsoNumericCodesOfTheCountries) {
    const WorldMap map = WorldMap::FromFile(
        (cncd::testing::SourceRoot() / "node_modules/world-atlas/countries-50m.json").string());
    EXPECT_GT(map.countries().size(), 230u);
    const auto has = [&](std::string_view code) {
        return std::any_of(map.countries().begin(), map.countries().end(),
                           [&](const CountryShape& c) { return c.numeric_code == code; });
    };
    EXPECT_TRUE(has("686"));   // Sénégal
    EXPECT_TRUE(has("250"));   // France
    EXPECT_FALSE(has("010"));  // Antarctica is not drawn
}

TEST(QuantileClasses, SplitsThePositiveValuesLikeTheAtlasMap) {
    EXPECT_TRUE(QuantileClasses({}).empty());
    EXPECT_TRUE(QuantileClasses({0, 0}).empty());
    // Ten values: uppers at ranks 2, 4, 6, 8, 10.
    const auto classes = QuantileClasses({10, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0});
    ASSERT_EQ(classes.size(), 5u);
    EXPECT_EQ(classes[0].min, 1);
    EXPECT_EQ(classes[0].max, 2);
    EXPECT_EQ(classes[1].min, 3);
    EXPECT_EQ(classes[4].max, 10);
    EXPECT_EQ(classes[0].rgb, kChoroplethColors[0]);
    EXPECT_EQ(classes[4].rgb, 0x000091u);
    // A single value: one class, in the darkest colour, never an empty class.
    const auto one = QuantileClasses({7, 7, 7});
    ASSERT_EQ(one.size(), 1u);
    EXPECT_EQ(one[0].min, 7);
    EXPECT_EQ(one[0].max, 7);
    EXPECT_EQ(one[0].rgb, 0x000091u);
}

TEST(YearsText, SaysTheYearsInFrench) {
    EXPECT_EQ(YearsText(2010, 2013), "2010–2013");
    EXPECT_EQ(YearsText(2010, 2010), "2010");
    EXPECT_EQ(YearsText(2015, std::nullopt), "depuis 2015");
    EXPECT_EQ(YearsText(std::nullopt, 2013), "jusqu’en 2013");
    EXPECT_EQ(YearsText(std::nullopt, std::nullopt), "");
}

TEST(DescribeCriteria, NamesEachFilterWithTheLabelsOfItsValues) {
    search::SearchQuery query;
    query.keywords = "eau potable";
    query.Values(search::Facet::kCountry) = {"SN", "ZZ"};
    query.Values(search::Facet::kStatus) = {"active"};
    query.from_year = 2010;
    query.show_other = false;
    query.sort = search::SortOrder::kTitle;
    std::array<std::vector<search::FacetCount>, search::kFacetCount> facets;
    facets[static_cast<std::size_t>(search::Facet::kCountry)] = {{"ML", "Mali", "", 3, false},
                                                                 {"SN", "Sénégal", "", 5, true}};
    facets[static_cast<std::size_t>(search::Facet::kStatus)] = {
        {"active", "En cours", "", 2, true}};
    const auto criteria = DescribeCriteria(query, facets);
    ASSERT_EQ(criteria.size(), 6u);
    EXPECT_EQ(criteria[0].label, "Mots-clés");
    EXPECT_EQ(criteria[0].value, "« eau potable »");
    EXPECT_EQ(criteria[1].label, "Statut");
    EXPECT_EQ(criteria[1].value, "En cours");
    EXPECT_EQ(criteria[2].label, "Pays");
    EXPECT_EQ(criteria[2].value, "Sénégal, ZZ (code inconnu de l’Atlas)");
    EXPECT_EQ(criteria[3].value, "projets actifs en 2010 ou après");
    EXPECT_EQ(criteria[4].label, "Autres actions extérieures");
    EXPECT_EQ(criteria[5].value, "titre, par ordre alphabétique");
    EXPECT_TRUE(DescribeCriteria(search::SearchQuery{}, facets).empty());
}

}  // namespace
}  // namespace cncd::pdf
