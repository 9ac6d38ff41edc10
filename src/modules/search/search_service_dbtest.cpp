#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <nlohmann/json.hpp>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "modules/exports/zip_reader_for_tests.hpp"
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

std::size_t Count(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
}

// The demo, read-only: matching, facets, extractions on realistic data.
class DemoSearch : public ::testing::Test {
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
    static std::int64_t Total(QueryParams params) { return Search(std::move(params)).total; }

    static std::string Extract(QueryParams params, exports::Format format,
                               exports::CsvOptions csv = {}) {
        const SearchQuery query = Query(std::move(params));
        EXPECT_TRUE(service_->PrepareExtraction(query, format));
        std::string out;
        service_->WriteExtraction(query, format, csv, [&](std::string_view b) { out.append(b); });
        return out;
    }

    // Every project id of a search, through the JSON extraction.
    static std::set<std::int64_t> AllIds(QueryParams params) {
        std::set<std::int64_t> ids;
        for (const auto& row :
             nlohmann::json::parse(Extract(std::move(params), exports::Format::kJson))) {
            ids.insert(row["id"].get<std::int64_t>());
        }
        return ids;
    }

    static std::set<std::int64_t> SqlIds(const std::string& sql) {
        return testing::DemoDatabase().Read([&](db::Connection& c) {
            std::set<std::int64_t> ids;
            c.Query(sql, {}, [&](const db::Row& row) { ids.insert(row.Int(0)); });
            return ids;
        });
    }

    static std::unique_ptr<SearchService> service_;
};

std::unique_ptr<SearchService> DemoSearch::service_;

TEST_F(DemoSearch, WithoutKeywordsEveryProjectIsFound) {
    const auto page = Search({});
    EXPECT_EQ(page.total, 13000);
    EXPECT_EQ(page.items.size(), static_cast<std::size_t>(kDefaultPerPage));
    std::int64_t by_continent = 0;
    for (const auto& c : page.facets[static_cast<std::size_t>(Facet::kContinent)])
        by_continent += c.count;
    EXPECT_GE(by_continent, 13000);  // a project may have partners on two continents
}

TEST_F(DemoSearch, KeywordsIgnoreCaseAndAccents) {
    const auto total = Total({{"q", "coopération"}});
    EXPECT_GT(total, 100);
    EXPECT_EQ(Total({{"q", "COOPERATION"}}), total);
    EXPECT_EQ(Total({{"q", "Coopération"}}), total);
    EXPECT_EQ(Total({{"q", "dechets"}}), Total({{"q", "déchets"}}));
}

TEST_F(DemoSearch, PluralsAndInflectionsFindTheSameProjects) {
    EXPECT_EQ(AllIds({{"q", "coopérations"}}), AllIds({{"q", "coopération"}}));
    EXPECT_EQ(AllIds({{"q", "déchet"}}), AllIds({{"q", "déchets"}}));
    const auto hospitals = AllIds({{"q", "hôpitaux"}});
    const auto hospital_text = SqlIds(
        "SELECT id FROM projects WHERE title || ' ' || objectives || ' ' || description"
        " LIKE '%hôpital %'");
    ASSERT_FALSE(hospital_text.empty());
    for (const auto id : hospital_text) EXPECT_TRUE(hospitals.count(id)) << id;
}

TEST_F(DemoSearch, EveryProjectWhoseTextHasTheWordIsFound) {
    const auto found = AllIds({{"q", "déchets"}});
    const auto expected = SqlIds(
        "SELECT id FROM projects WHERE title || ' ' || objectives || ' ' || description"
        " LIKE '%déchets%'");
    ASSERT_GT(expected.size(), 50u);
    for (const auto id : expected) EXPECT_TRUE(found.count(id)) << id;
}

TEST_F(DemoSearch, WordsArePrefixes) {
    const auto prefix = AllIds({{"q", "coop"}});
    for (const auto id : AllIds({{"q", "coopération"}})) EXPECT_TRUE(prefix.count(id)) << id;
    EXPECT_GT(Total({{"q", "agri"}}), 0);
}

TEST_F(DemoSearch, NamesOfPartnersCountriesAndAuthoritiesAreSearched) {
    // A country's name finds the projects with a partner there.
    const auto mali = AllIds({{"q", "mali"}});
    const auto in_mali = AllIds({{"country", "ML"}});
    ASSERT_GT(in_mali.size(), 100u);
    for (const auto id : in_mali) EXPECT_TRUE(mali.count(id)) << id;
}

TEST_F(DemoSearch, TitleMatchesComeFirst) {
    const auto page = Search({{"q", "déchets"}, {"per_page", "10"}});
    ASSERT_EQ(page.items.size(), 10u);
    for (const auto& item : page.items) {
        EXPECT_NE(item.title.find("échet"), std::string::npos) << item.title;
    }
}

TEST_F(DemoSearch, FtsSyntaxIsSearchedAsText) {
    for (const char* q : {"\"", "eau\"", "*", "coop*", "NEAR(eau déchets)", "eau AND OR NOT santé",
                          "(((", "^titre", "title:eau", "-déchets", "\"\"*\"", "{a b}", "+",
                          "eau'; DROP TABLE projects; --", "l'eau d'Afrique", "🙂 eau"}) {
        auto q2 = ParseSearchQuery({{"q", q}});
        ASSERT_TRUE(q2) << q;
        EXPECT_TRUE(service_->Search(*q2)) << q;
    }
    EXPECT_EQ(Total({{"q", "NEAR(déchets)"}}), Total({{"q", "near déchets"}}));
    EXPECT_EQ(Total({{"q", "()*^:"}}), 0);  // no word: nothing to find
}

TEST_F(DemoSearch, TooManyWordsAreRefused) {
    std::string q;
    for (std::size_t i = 0; i <= kMaxKeywordWords; ++i) q += "mot" + std::to_string(i) + " ";
    auto page = service_->Search(Query({{"q", q}}));
    ASSERT_FALSE(page);
    EXPECT_EQ(page.error().field, "q");
    EXPECT_FALSE(service_->PrepareExtraction(Query({{"q", q}}), exports::Format::kCsv));
}

TEST_F(DemoSearch, FacetCountsEqualTheCountsOfTheFilteredLists) {
    const std::vector<QueryParams> searches = {
        {},
        {{"q", "eau"}},
        {{"q", "coopération"}, {"continent", "afrique"}},
        {{"theme", "developpement-urbain"}, {"status", "active"}, {"from", "2008"}},
        {{"kind", "cooperation_decentralisee"}, {"country", "SN"}, {"country", "ML"}},
    };
    const std::set<Facet> checked = {Facet::kContinent,  Facet::kCountry,      Facet::kTheme,
                                     Facet::kKind,       Facet::kStatus,       Facet::kRegion,
                                     Facet::kCofinancer, Facet::kAuthorityType};
    int compared = 0;
    for (const auto& params : searches) {
        const SearchPage page = Search(params);
        const SearchQuery base = Query(params);
        for (const Facet f : checked) {
            const auto& values = page.facets[static_cast<std::size_t>(f)];
            // The first values (the largest counts) of each facet.
            for (std::size_t i = 0; i < values.size() && i < 6; ++i) {
                SearchQuery narrowed = base;
                narrowed.Values(f) = {values[i].value};
                const auto filtered = service_->Search(narrowed);
                ASSERT_TRUE(filtered);
                EXPECT_EQ(values[i].count, filtered->total)
                    << FacetName(f) << "=" << values[i].value;
                ++compared;
            }
        }
    }
    EXPECT_GT(compared, 150);
}

TEST_F(DemoSearch, FiltersCombineAndUnknownValuesGiveNothing) {
    const auto africa = Total({{"continent", "afrique"}});
    const auto senegal = Total({{"country", "SN"}});
    const auto both = Total({{"continent", "afrique"}, {"country", "SN"}});
    EXPECT_GT(africa, senegal);
    EXPECT_EQ(both, senegal);
    auto either = AllIds({{"country", "SN"}});
    const auto mali = AllIds({{"country", "ML"}});
    either.insert(mali.begin(), mali.end());
    EXPECT_EQ(Total({{"country", "SN"}, {"country", "ML"}}),
              static_cast<std::int64_t>(either.size()));
    EXPECT_EQ(Total({{"country", "ZZ"}}), 0);
    EXPECT_EQ(Total({{"theme", "n-existe-pas"}}), 0);
    EXPECT_EQ(Total({{"authority", "999999999"}}), 0);
}

TEST_F(DemoSearch, PagesCoverTheResultsOnce) {
    const QueryParams base = {{"q", "jumelage"}, {"continent", "europe"}, {"sort", "title"}};
    const auto total = Total(base);
    ASSERT_GT(total, 100);
    std::vector<std::int64_t> seen;
    std::string previous;
    for (int page = 1; static_cast<std::int64_t>(seen.size()) < total; ++page) {
        auto params = base;
        params.push_back({"page", std::to_string(page)});
        params.push_back({"per_page", "100"});
        const auto result = Search(params);
        ASSERT_FALSE(result.items.empty());
        for (const auto& item : result.items) seen.push_back(item.id);
    }
    std::set<std::int64_t> distinct(seen.begin(), seen.end());
    EXPECT_EQ(static_cast<std::int64_t>(distinct.size()), total);
    EXPECT_EQ(distinct, AllIds(base));
}

TEST_F(DemoSearch, RecentSortGoesFromTheLatestStartYear) {
    const auto page = Search({{"sort", "recent"}, {"per_page", "100"}, {"continent", "asie"}});
    for (std::size_t i = 1; i < page.items.size(); ++i) {
        EXPECT_GE(page.items[i - 1].start_year.value_or(0), page.items[i].start_year.value_or(0));
    }
}

TEST_F(DemoSearch, ItemsCarryTheirLinks) {
    const auto page = Search({{"country", "SN"}, {"per_page", "5"}});
    ASSERT_EQ(page.items.size(), 5u);
    for (const auto& item : page.items) {
        EXPECT_FALSE(item.title.empty());
        EXPECT_FALSE(item.authorities.empty());
        EXPECT_TRUE(item.authorities.front().lead);
        EXPECT_TRUE(std::any_of(item.partners.begin(), item.partners.end(),
                                [](const PartnerRef& p) { return p.country_iso2 == "SN"; }));
        EXPECT_FALSE(item.themes.empty());
    }
}

TEST_F(DemoSearch, EveryExtractionHasAsManyRowsAsTheTotal) {
    const QueryParams params = {{"q", "eau"}, {"continent", "afrique"}, {"sort", "title"}};
    const auto total = Total(params);
    ASSERT_GT(total, 50);
    const std::string csv = Extract(params, exports::Format::kCsv);
    EXPECT_EQ(csv.rfind("\xEF\xBB\xBF"
                        "Identifiant,",
                        0),
              0u);
    EXPECT_EQ(static_cast<std::int64_t>(Count(csv, "\r\n")), total + 1);
    const auto json = nlohmann::json::parse(Extract(params, exports::Format::kJson));
    EXPECT_EQ(static_cast<std::int64_t>(json.size()), total);
    const auto geojson = nlohmann::json::parse(Extract(params, exports::Format::kGeoJson));
    EXPECT_EQ(static_cast<std::int64_t>(geojson["features"].size()), total);
    const std::string sheet =
        exports::ZipEntry(Extract(params, exports::Format::kXlsx), "xl/worksheets/sheet1.xml");
    EXPECT_EQ(static_cast<std::int64_t>(Count(sheet, "<row ")), total + 1);
}

TEST_F(DemoSearch, WholeDemoExtractsWithCodesAndLabels) {
    const auto start = std::chrono::steady_clock::now();
    const std::string csv = Extract({}, exports::Format::kCsv, {';', true});
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    RecordProperty("csv_seconds", std::to_string(seconds));
    EXPECT_EQ(Count(csv, "\r\n"), 13001u);
    EXPECT_NE(csv.find("Pays (codes ISO);Pays;"), std::string::npos);
    const auto rows = nlohmann::json::parse(Extract({{"country", "SN"}}, exports::Format::kJson));
    ASSERT_FALSE(rows.empty());
    const auto& row = rows[0];
    const auto& codes = row["country_codes"];
    const auto sn = std::find(codes.begin(), codes.end(), "SN");
    ASSERT_NE(sn, codes.end());
    EXPECT_EQ(row["countries"][sn - codes.begin()], "Sénégal");
    EXPECT_FALSE(row["kind_label"].get<std::string>().empty());
    EXPECT_FALSE(row["status_label"].get<std::string>().empty());
    EXPECT_EQ(row["continent_codes"][0], "afrique");
    EXPECT_EQ(row["continents"][0], "Afrique");
}

// A small Atlas that the tests change.
class WrittenSearch : public ::testing::Test {
  protected:
    void SetUp() override {
        db().Write([](db::Connection& c) {
            c.ExecuteScript(testing::kSmallAtlas);
            return 0;
        });
        service_ = std::make_unique<SearchService>(db());
    }
    db::Database& db() { return temp_.db(); }
    std::vector<std::int64_t> Found(QueryParams params) {
        auto page = service_->Search(Query(std::move(params)));
        if (!page) throw std::invalid_argument(page.error().message);
        std::vector<std::int64_t> ids;
        for (const auto& item : page->items) ids.push_back(item.id);
        std::sort(ids.begin(), ids.end());
        return ids;
    }
    std::int64_t FacetCount(Facet f, const std::string& value) {
        auto page = service_->Search({});
        for (const auto& v : page->facets[static_cast<std::size_t>(f)]) {
            if (v.value == value) return v.count;
        }
        return 0;
    }

    cncd::testing::TempDatabase temp_;
    std::unique_ptr<SearchService> service_;
};

using Ids = std::vector<std::int64_t>;

TEST_F(WrittenSearch, CommittedWritesAreFoundByTheNextSearch) {
    EXPECT_EQ(Found({{"q", "citadelle"}}), Ids{3});
    EXPECT_EQ(FacetCount(Facet::kCountry, "SN"), 1);
    db().Write([](db::Connection& c) {
        c.Execute(
            "INSERT INTO projects (id, slug, title, kind, status, start_year) VALUES"
            " (4, 'ecoles', 'Écoles de Dakar', 'cooperation', 'active', 2020)");
        c.Execute("INSERT INTO project_partners (project_id, partner_id) VALUES (4, 1)");
        c.Execute("UPDATE projects SET objectives = 'Rénover les remparts' WHERE id = 3");
        return c.Execute("DELETE FROM projects WHERE id = 2");
    });
    EXPECT_EQ(Found({{"q", "écoles"}}), Ids{4});
    EXPECT_EQ(Found({{"q", "dakar"}}), (Ids{1, 4}));
    EXPECT_EQ(Found({{"q", "citadelle"}}), Ids{});
    EXPECT_EQ(Found({{"q", "remparts"}}), Ids{3});
    EXPECT_EQ(Found({{"q", "hospitalière"}}), Ids{});
    EXPECT_EQ(Found({{"country", "ML"}}), Ids{});
    EXPECT_EQ(FacetCount(Facet::kCountry, "SN"), 2);
}

TEST_F(WrittenSearch, RolledBackWritesChangeNothing) {
    EXPECT_THROW(db().Write([](db::Connection& c) -> int {
        c.Execute(
            "INSERT INTO projects (id, slug, title, kind, status) VALUES"
            " (4, 'ecoles', 'Écoles de Dakar', 'cooperation', 'active')");
        c.Execute("UPDATE projects SET title = 'Autre titre' WHERE id = 1");
        c.Execute("DELETE FROM projects WHERE id = 2");
        throw std::runtime_error("abandon");
    }),
                 std::runtime_error);
    EXPECT_EQ(Found({{"q", "écoles"}}), Ids{});
    EXPECT_EQ(Found({{"q", "collecte"}}), Ids{1});
    EXPECT_EQ(Found({{"q", "hospitalière"}}), Ids{2});
    EXPECT_EQ(Found({}), (Ids{1, 2, 3}));
}

TEST_F(WrittenSearch, CsvNeutralisesFormulas) {
    db().Write([](db::Connection& c) {
        return c.Execute("UPDATE projects SET title = '=cmd|'' /C calc''!A0' WHERE id = 1");
    });
    const SearchQuery query = Query({{"q", "cmd"}});
    std::string csv;
    service_->WriteExtraction(query, exports::Format::kCsv, {},
                              [&](std::string_view b) { csv.append(b); });
    EXPECT_NE(csv.find("\r\n1,collecte,'=cmd|' /C calc'!A0,"), std::string::npos) << csv;
    EXPECT_EQ(csv.find(",=cmd"), std::string::npos);
}

TEST_F(WrittenSearch, ExtractionsAreNamedWithTheDate) {
    SearchService dated(db(), [] {
        return std::chrono::system_clock::from_time_t(1'700'000'000);  // 14 November 2023
    });
    const auto info = dated.PrepareExtraction({}, exports::Format::kXlsx);
    ASSERT_TRUE(info);
    EXPECT_EQ(info->filename.rfind("projets-atlas-2023-11-1", 0), 0u) << info->filename;
    EXPECT_EQ(info->filename.substr(info->filename.size() - 5), ".xlsx");
}

}  // namespace
}  // namespace cncd::search
