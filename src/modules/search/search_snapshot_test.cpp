#include "modules/search/search_snapshot.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <set>
#include <string>

namespace cncd::search {
namespace {

using Link = SnapshotRows::Link;

// Two continents, three countries, themes with sub-themes, two régions, authorities and partners.
SnapshotRows Reference() {
    SnapshotRows rows;
    rows.themes = {{1, std::nullopt, "urbain", "Développement urbain", 1},
                   {2, 1, "eau", "Eau et assainissement", 2},
                   {3, 1, "dechets", "Déchets", 3},
                   {4, std::nullopt, "sante", "Santé", 4}};
    rows.cofinancers = {{"maedi", "Ministère", 0, {}, 1, {}}, {"afd", "AFD", 0, {}, 2, {}}};
    rows.continents = {{"afrique", "Afrique", 1, {}, 0, {}}, {"asie", "Asie", 3, {}, 0, {}}};
    rows.countries = {{"SN", "Sénégal", 0, "afrique", 0, {}},
                      {"ML", "Mali", 0, "afrique", 0, {}},
                      {"VN", "Viêt Nam", 0, "asie", 0, {}}};
    rows.regions = {{"53", "Bretagne", 0, {}, 0, "bretagne"},
                    {"75", "Nouvelle-Aquitaine", 0, {}, 0, "nouvelle-aquitaine"}};
    rows.departments = {{"29", "Finistère", 0, {}, 0, {}}, {"33", "Gironde", 0, {}, 0, {}}};
    rows.partners = {{1, "Dakar", "SN"}, {2, "Bamako", "ML"}, {3, "Hué", "VN"}};
    rows.authorities = {{1, "Brest", "commune", "53", "29"},
                        {2, "Région Nouvelle-Aquitaine", "region", "75", ""},
                        {3, "Bordeaux", "commune", "75", "33"}};
    return rows;
}

// A random Atlas of `n` projects on the reference values.
SnapshotRows RandomAtlas(int n, std::uint32_t seed) {
    SnapshotRows rows = Reference();
    std::mt19937 rng(seed);
    const auto pick = [&](int k) { return static_cast<int>(rng() % static_cast<unsigned>(k)); };
    const char* kinds[] = {"cooperation", "twinning", "one_off", "oudin_santini", "emergency"};
    const char* statuses[] = {"planned", "active", "finished"};
    for (int id = 1; id <= n; ++id) {
        std::optional<int> start;
        if (pick(10) > 0) start = 2000 + pick(20);
        std::optional<int> end;
        if (start && pick(3) > 0) end = *start + pick(5);
        rows.projects.push_back({id, kinds[pick(5)], statuses[pick(3)], start, end,
                                 "Projet " + std::to_string(pick(1000))});
        const auto links = [&](std::vector<Link>& out, int count, int max_links) {
            std::set<int> chosen;
            for (int k = pick(max_links + 1); k > 0; --k) chosen.insert(1 + pick(count));
            for (int target : chosen) out.push_back({id, target});
        };
        links(rows.project_themes, 4, 2);
        links(rows.project_cofinancers, 2, 2);
        links(rows.project_partners, 3, 2);
        links(rows.project_authorities, 3, 2);
    }
    return rows;
}

SearchQuery With(SearchQuery q, Facet f, std::vector<std::string> values) {
    q.Values(f) = std::move(values);
    return q;
}

TEST(Snapshot, FacetCountsEqualTheTotalsOfTheFilteredSearches) {
    const auto rows = RandomAtlas(400, 7);
    const auto snapshot = Snapshot::Build(rows, 1);
    std::mt19937 rng(11);
    std::vector<SearchQuery> queries(4);
    queries[1].Values(Facet::kContinent) = {"afrique"};
    queries[2].Values(Facet::kTheme) = {"urbain"};
    queries[2].Values(Facet::kStatus) = {"active", "finished"};
    queries[2].from_year = 2005;
    queries[3].Values(Facet::kKind) = {"cooperation_decentralisee"};
    queries[3].Values(Facet::kRegion) = {"75"};
    queries[3].Values(Facet::kCountry) = {"SN", "VN"};
    int checked = 0;
    for (const auto& query : queries) {
        const Evaluation e = snapshot->Evaluate(query, nullptr, true, false);
        for (const Facet f : kFacets) {
            for (const auto& value : e.facets[static_cast<std::size_t>(f)]) {
                // With no filter on f, choosing the value adds it; with one, it replaces it.
                const auto narrowed = With(query, f, {value.value});
                EXPECT_EQ(value.count, snapshot->Evaluate(narrowed, nullptr, false, false).total)
                    << FacetName(f) << "=" << value.value;
                ++checked;
            }
        }
    }
    EXPECT_GT(checked, 60);
}

TEST(Snapshot, SubThemesAndDetailedKindsCountInTheirParent) {
    const auto snapshot = Snapshot::Build(RandomAtlas(300, 3), 1);
    const auto total = [&](Facet f, std::vector<std::string> values) {
        return snapshot->Evaluate(With({}, f, std::move(values)), nullptr, false, false).total;
    };
    EXPECT_EQ(total(Facet::kTheme, {"urbain"}), total(Facet::kTheme, {"urbain", "eau", "dechets"}));
    EXPECT_GE(total(Facet::kTheme, {"urbain"}), total(Facet::kTheme, {"eau"}));
    EXPECT_EQ(total(Facet::kKind, {"cooperation_decentralisee"}),
              total(Facet::kKind, {"cooperation", "twinning"}));
    EXPECT_EQ(total(Facet::kKind, {"cooperation_decentralisee"}) +
                  total(Facet::kKind, {"autres_actions"}),
              300);
    EXPECT_EQ(total(Facet::kContinent, {"asie"}), total(Facet::kCountry, {"VN"}));
}

TEST(Snapshot, RegionsByTheirSlugOrInseeCode) {
    const auto snapshot = Snapshot::Build(RandomAtlas(200, 4), 1);
    const auto total = [&](std::vector<std::string> values) {
        return snapshot
            ->Evaluate(With({}, Facet::kRegion, std::move(values)), nullptr, false, false)
            .total;
    };
    EXPECT_GT(total({"bretagne"}), 0);
    EXPECT_EQ(total({"bretagne"}), total({"53"}));
    const auto e = snapshot->Evaluate({}, nullptr, true, false);
    for (const auto& v : e.facets[static_cast<std::size_t>(Facet::kRegion)]) {
        EXPECT_TRUE(v.value == "bretagne" || v.value == "nouvelle-aquitaine") << v.value;
    }
}

TEST(Snapshot, AtlasSwitchesHideAKindGroup) {
    const auto snapshot = Snapshot::Build(RandomAtlas(300, 8), 1);
    SearchQuery no_cd;
    no_cd.show_decentralised = false;
    EXPECT_EQ(snapshot->Evaluate(no_cd, nullptr, false, false).total,
              snapshot->Evaluate(With({}, Facet::kKind, {"autres_actions"}), nullptr, false, false)
                  .total);
    const auto e = snapshot->Evaluate(no_cd, nullptr, true, false);
    for (const auto& v : e.facets[static_cast<std::size_t>(Facet::kKind)]) {
        EXPECT_NE(v.value, "cooperation_decentralisee");
        EXPECT_NE(v.value, "twinning");
    }
    SearchQuery none;
    none.show_decentralised = false;
    none.show_other = false;
    EXPECT_EQ(snapshot->Evaluate(none, nullptr, false, false).total, 0);
}

TEST(Snapshot, UnknownValuesMatchNothing) {
    const auto snapshot = Snapshot::Build(RandomAtlas(50, 5), 1);
    const auto e = snapshot->Evaluate(With({}, Facet::kCountry, {"ZZ"}), nullptr, true, false);
    EXPECT_EQ(e.total, 0);
    // The unknown value selects nothing but the other countries still show their counts.
    EXPECT_FALSE(e.facets[static_cast<std::size_t>(Facet::kCountry)].empty());
}

TEST(Snapshot, YearRangeKeepsProjectsActiveInIt) {
    SnapshotRows rows = Reference();
    rows.projects = {{1, "cooperation", "active", 2000, 2004, "A"},
                     {2, "cooperation", "active", 2006, std::nullopt, "B"},  // still running
                     {3, "cooperation", "active", std::nullopt, std::nullopt, "C"},
                     {4, "cooperation", "active", 2010, 2011, "D"}};
    const auto snapshot = Snapshot::Build(rows, 1);
    SearchQuery q;
    q.from_year = 2004;
    q.to_year = 2008;
    auto e = snapshot->Evaluate(q, nullptr, false, true);
    EXPECT_EQ(e.ids, (std::vector<std::int64_t>{2, 1}));  // most recent first
    q.from_year = 2012;
    q.to_year.reset();
    EXPECT_EQ(snapshot->Evaluate(q, nullptr, false, true).ids, (std::vector<std::int64_t>{2}));
}

TEST(Snapshot, SortsByTitleIgnoringAccentsAndPages) {
    SnapshotRows rows = Reference();
    rows.projects = {{1, "cooperation", "active", 2001, {}, "Ferme pilote"},
                     {2, "cooperation", "active", 2003, {}, "école de musique"},
                     {3, "cooperation", "active", 2002, {}, "Eau potable"},
                     {4, "cooperation", "active", 2004, {}, "Zoo"},
                     {5, "cooperation", "active", 2000, {}, "Égalité"}};
    const auto snapshot = Snapshot::Build(rows, 1);
    SearchQuery q;
    q.sort = SortOrder::kTitle;
    EXPECT_EQ(snapshot->Evaluate(q, nullptr, false, true).ids,
              (std::vector<std::int64_t>{3, 2, 5, 1, 4}));
    q.per_page = 2;
    q.page = 2;
    auto e = snapshot->Evaluate(q, nullptr, false, false);
    EXPECT_EQ(e.total, 5);
    EXPECT_EQ(e.ids, (std::vector<std::int64_t>{5, 1}));
    q.page = 4;
    EXPECT_TRUE(snapshot->Evaluate(q, nullptr, false, false).ids.empty());
    q.sort = SortOrder::kRecent;
    q.page = 1;
    EXPECT_EQ(snapshot->Evaluate(q, nullptr, false, false).ids, (std::vector<std::int64_t>{4, 2}));
}

TEST(Snapshot, RelevanceFollowsScoresThenRecency) {
    const auto snapshot = Snapshot::Build(RandomAtlas(20, 9), 1);
    const std::vector<db::KeywordHit> hits = {{3, 1.0}, {5, 7.5}, {8, 2.0}, {99, 50.0}};
    SearchQuery q;
    q.keywords = "x";
    const auto e = snapshot->Evaluate(q, &hits, false, true);
    EXPECT_EQ(e.total, 3);  // 99 is not in the snapshot
    EXPECT_EQ(e.ids, (std::vector<std::int64_t>{5, 8, 3}));
}

TEST(Snapshot, FacetsListSelectedValuesAndParents) {
    const auto snapshot = Snapshot::Build(RandomAtlas(200, 1), 1);
    const auto e = snapshot->Evaluate(With({}, Facet::kTheme, {"eau"}), nullptr, true, false);
    const auto& themes = e.facets[static_cast<std::size_t>(Facet::kTheme)];
    ASSERT_GE(themes.size(), 2u);
    EXPECT_EQ(themes[0].value, "urbain");  // tree order: parent, then its sub-themes
    const auto eau =
        std::find_if(themes.begin(), themes.end(), [](auto& v) { return v.value == "eau"; });
    ASSERT_NE(eau, themes.end());
    EXPECT_TRUE(eau->selected);
    EXPECT_EQ(eau->parent, "urbain");
    EXPECT_EQ(eau->label, "Eau et assainissement");
    const auto& kinds = e.facets[static_cast<std::size_t>(Facet::kKind)];
    ASSERT_FALSE(kinds.empty());
    EXPECT_EQ(kinds[0].value, "cooperation_decentralisee");
}

}  // namespace
}  // namespace cncd::search
