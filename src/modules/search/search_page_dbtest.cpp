#include <gtest/gtest.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <string>

#include "core/text.hpp"
#include "modules/search/search_page.hpp"
#include "modules/search/search_routes.hpp"
#include "modules/search/search_test_support.hpp"
#include "web/router.hpp"
#include "web/templates.hpp"

namespace cncd::search {
namespace {

using nlohmann::json;

std::size_t Count(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
}

// The choices a facet shows on the page: value → count as written.
std::map<std::string, std::string> PageFacet(const std::string& html, const std::string& name) {
    std::map<std::string, std::string> out;
    const std::regex choice("name=\"" + name +
                            "\" value=\"([^\"]+)\"[^>]*>\\s*<label[^>]*><span "
                            "class=\"cncd-facet__name\">[^<]*</span> <span "
                            "class=\"cncd-facet__count\">([^<]+)<");
    for (auto it = std::sregex_iterator(html.begin(), html.end(), choice);
         it != std::sregex_iterator(); ++it) {
        out[(*it)[1]] = (*it)[2];
    }
    return out;
}

// The search page and its map answers through the real router, on the demo.
class SearchPageTest : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        templates_ = std::make_unique<web::Templates>(cncd::testing::SourceRoot() / "templates");
        service_ = std::make_unique<SearchService>(testing::DemoDatabase());
        router_ = std::make_unique<web::Router>();
        RegisterSearchRoutes(*router_, *service_, *templates_);
        RegisterSearchPageRoutes(*router_, *service_, *templates_);
    }
    static void TearDownTestSuite() {
        router_.reset();
        service_.reset();
        templates_.reset();
    }

    static web::Response Get(const std::string& target) {
        web::Request request = web::MakeRequest("GET", target);
        return router_->Dispatch(request);
    }
    static std::string Html(const std::string& target, int status = 200) {
        const auto response = Get(target);
        EXPECT_EQ(response.status, status) << target;
        EXPECT_EQ(response.content_type.rfind("text/html", 0), 0u);
        return response.body;
    }
    static json GetJson(const std::string& target, int status = 200) {
        const auto response = Get(target);
        EXPECT_EQ(response.status, status) << target << "\n" << response.body;
        return json::parse(response.body);
    }

    static std::unique_ptr<web::Templates> templates_;
    static std::unique_ptr<SearchService> service_;
    static std::unique_ptr<web::Router> router_;
};

std::unique_ptr<web::Templates> SearchPageTest::templates_;
std::unique_ptr<SearchService> SearchPageTest::service_;
std::unique_ptr<web::Router> SearchPageTest::router_;

TEST_F(SearchPageTest, ShowsTheTotalTheResultsAndEveryFacetsCountsWithoutJavaScript) {
    const std::string query = "q=eau&continent=afrique&theme=sante";
    const json api = GetJson("/api/v1/projects?" + query);
    const std::string html = Html("/atlas/recherche?" + query);
    const auto total = api["total"].get<std::int64_t>();
    ASSERT_GT(total, 20);
    EXPECT_NE(html.find(">" + text::FormatThousands(total) + " projets</h2>"), std::string::npos);
    // The first page of results, each linking to its project sheet.
    for (const auto& item : api["items"]) {
        EXPECT_NE(html.find("href=\"" + item["html_url"].get<std::string>() + "\""),
                  std::string::npos)
            << item["title"];
    }
    EXPECT_EQ(Count(html, "class=\"cncd-result\""), 20u);
    // Every facet's counts are the API's.
    for (const char* facet :
         {"theme", "continent", "region", "kind", "status", "authority_type", "cofinancer"}) {
        const auto shown = PageFacet(html, facet);
        ASSERT_FALSE(shown.empty()) << facet;
        std::size_t compared = 0;
        for (const auto& value : api["facets"][facet]) {
            const auto it = shown.find(value["value"].get<std::string>());
            ASSERT_NE(it, shown.end()) << facet << " " << value["value"];
            EXPECT_EQ(it->second, text::FormatThousands(value["count"].get<std::int64_t>()));
            ++compared;
        }
        EXPECT_EQ(compared, shown.size()) << facet;
    }
    // The long facets: the first ten values and the selected ones as checkboxes, the others in
    // a list.
    const auto countries = PageFacet(html, "country");
    EXPECT_EQ(countries.size(), 10u);
    EXPECT_NE(html.find("<select class=\"fr-select\" id=\"f-country-autre\" name=\"country\">"),
              std::string::npos);
    // The selected values are checked, and shown as tags that remove them.
    EXPECT_NE(html.find("name=\"continent\" value=\"afrique\" checked"), std::string::npos);
    EXPECT_NE(html.find("name=\"theme\" value=\"sante\" checked"), std::string::npos);
    EXPECT_NE(html.find("href=\"/atlas/recherche?q=eau&amp;continent=afrique\"><span "
                        "class=\"fr-sr-only\">Retirer le filtre </span>Thématique : Santé</a>"),
              std::string::npos);
    // The extractions carry exactly the query.
    EXPECT_NE(html.find("href=\"/api/v1/projects.csv?q=eau&amp;theme=sante&amp;continent=afrique"
                        "&amp;sep=semicolon\""),
              std::string::npos);
    for (const char* format : {"xlsx", "geojson", "json"}) {
        EXPECT_NE(html.find("href=\"/api/v1/projects." + std::string(format) +
                            "?q=eau&amp;theme=sante&amp;continent=afrique\""),
                  std::string::npos)
            << format;
    }
    // The map's text alternative: one row per country of the map.
    const json map = GetJson("/api/v1/projects/map/countries?" + query);
    EXPECT_EQ(Count(html, "<td data-projects>"), map["countries"].size());
    EXPECT_NE(html.find("data-query=\"q=eau&amp;theme=sante&amp;continent=afrique\""),
              std::string::npos);
}

TEST_F(SearchPageTest, PagesLinkToEachOtherKeepingTheQuery) {
    const std::string html = Html("/atlas/recherche?q=eau&sort=recent&page=2");
    EXPECT_NE(html.find("aria-current=\"page\" title=\"Page 2\""), std::string::npos);
    EXPECT_NE(html.find("href=\"/atlas/recherche?q=eau&amp;sort=recent&amp;page=3#resultats\""),
              std::string::npos);
    EXPECT_NE(html.find("<option value=\"recent\" selected>"), std::string::npos);
    const std::string beyond = Html("/atlas/recherche?q=eau&page=9999");
    EXPECT_NE(beyond.find("Cette page de résultats est vide"), std::string::npos);
    const std::string none = Html("/atlas/recherche?q=zzzzqqqq");
    EXPECT_NE(none.find(">0 projet</h2>"), std::string::npos);
    EXPECT_NE(none.find("Aucun projet ne correspond"), std::string::npos);
}

TEST_F(SearchPageTest, MalformedParametersAreExplainedNextToTheirFieldAndLeftOut) {
    const std::string html = Html("/atlas/recherche?q=eau&from=deux&sort=pertinence", 400);
    EXPECT_NE(html.find("id=\"annee-debut-erreur\">L’année doit être un nombre"),
              std::string::npos);
    EXPECT_NE(html.find("id=\"tri-erreur\">Tri inconnu"), std::string::npos);
    EXPECT_NE(html.find("<a href=\"#champ-from\">Année de début : L’année"), std::string::npos);
    // The rest of the search still runs.
    const auto total = GetJson("/api/v1/projects?q=eau")["total"].get<std::int64_t>();
    EXPECT_NE(html.find(">" + text::FormatThousands(total) + " projets</h2>"), std::string::npos);
    std::string words;
    for (int i = 0; i < 25; ++i) words += "mot" + std::to_string(i) + "+";
    const std::string long_query = Html("/atlas/recherche?q=" + words, 400);
    EXPECT_NE(long_query.find("id=\"recherche-q-erreur\">La recherche compte trop de mots"),
              std::string::npos);
}

TEST_F(SearchPageTest, TheSubmittedFormGoesToTheCanonicalAddress) {
    const auto response =
        Get("/atlas/recherche?filtre=1&q=eau&cd=1&autres=1&theme=sante&country=&partner=&from=&to="
            "&sort=relevance");
    EXPECT_EQ(response.status, 303);
    std::string location;
    for (const auto& [name, value] : response.headers) {
        if (name == "Location") location = value;
    }
    EXPECT_EQ(location, "/atlas/recherche?q=eau&theme=sante");
    // An unticked switch is kept as a hidden group.
    const auto hidden = Get("/atlas/recherche?filtre=1&autres=1&per_page=50");
    EXPECT_EQ(hidden.status, 303);
    bool found = false;
    for (const auto& [name, value] : hidden.headers) {
        found = found || (name == "Location" && value == "/atlas/recherche?cd=0&per_page=50");
    }
    EXPECT_TRUE(found);
    // A malformed value is explained on the page instead.
    EXPECT_EQ(Get("/atlas/recherche?filtre=1&cd=1&autres=1&from=x").status, 400);
}

TEST_F(SearchPageTest, KeywordsAreEscaped) {
    const std::string html = Html("/atlas/recherche?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E");
    EXPECT_EQ(html.find("<script>alert"), std::string::npos);
    EXPECT_NE(html.find("&lt;script&gt;alert(1)"), std::string::npos);
}

TEST_F(SearchPageTest, MapAnswersMatchTheSearch) {
    const std::string query = "q=coop%C3%A9ration&continent=asie&cd=0";
    const auto total = GetJson("/api/v1/projects?" + query)["total"];
    const json countries = GetJson("/api/v1/projects/map/countries?" + query);
    const json partners = GetJson("/api/v1/projects/map/partners?" + query);
    EXPECT_EQ(countries["total"], total);
    EXPECT_EQ(partners["total"], total);
    ASSERT_FALSE(partners["partners"].empty());
    for (const auto& c : countries["countries"]) {
        EXPECT_EQ(c["continent"], "asie");
        for (const char* key : {"iso2", "numeric", "name", "projects", "french_authorities",
                                "partner_authorities", "url", "search_url", "lat", "lon"}) {
            EXPECT_TRUE(c.contains(key)) << key;
        }
    }
    // Partners come as rows of values in the order of "fields", as the Atlas map's markers.
    const auto& fields = partners["fields"];
    json partner = json::object();
    for (std::size_t i = 0; i < fields.size(); ++i) {
        partner[fields[i].get<std::string>()] = partners["partners"][0][i];
    }
    for (const char* key : {"id", "name", "country", "french_authorities", "projects", "themes",
                            "lat", "lon", "precision", "slug"}) {
        EXPECT_TRUE(partner.contains(key)) << key;
    }
    EXPECT_TRUE(partners["countries"].contains(partner["country"].get<std::string>()));
    EXPECT_EQ(partners["url_prefix"], "/atlas/partenaires/");
    // The link to the search restricted to a partner finds its projects.
    const std::string search_url =
        partners["search_prefix"].get<std::string>() + std::to_string(partner["id"].get<int>());
    ASSERT_EQ(search_url.rfind("/atlas/recherche?", 0), 0u);
    const auto restricted =
        GetJson("/api/v1/projects?" + search_url.substr(search_url.find('?') + 1));
    EXPECT_EQ(restricted["total"], partner["projects"]);
    const json bad = GetJson("/api/v1/projects/map/partners?to=demain", 400);
    EXPECT_EQ(bad["error"]["field"], "to");
}

TEST(SearchQueryString, ReadsBackAsTheSameSearch) {
    auto parsed = ParseSearchQuery({{"q", "eau & assainissement"},
                                    {"theme", "sante"},
                                    {"country", "sn"},
                                    {"country", "ML"},
                                    {"partner", "0042"},
                                    {"from", "2010"},
                                    {"cd", "0"},
                                    {"sort", "title"},
                                    {"page", "3"},
                                    {"per_page", "50"}});
    ASSERT_TRUE(parsed);
    const std::string qs = SearchQueryString(*parsed, true);
    EXPECT_EQ(qs,
              "q=eau%20%26%20assainissement&theme=sante&country=SN&country=ML&partner=42&from=2010"
              "&cd=0&sort=title&per_page=50&page=3");
    const auto again = ParseSearchQuery(web::ParseQueryString(qs));
    ASSERT_TRUE(again);
    EXPECT_EQ(SearchQueryString(*again, true), qs);
    EXPECT_EQ(SearchPageHref(*again),
              "/atlas/recherche?q=eau%20%26%20assainissement&theme=sante&country=SN&country=ML"
              "&partner=42&from=2010&cd=0&sort=title&per_page=50");
    EXPECT_EQ(SearchPageHref(SearchQuery{}), "/atlas/recherche");
}

TEST(ParsePageQuery, LeavesOutEachMalformedParameter) {
    const PageQuery page = ParsePageQuery({{"q", "eau"}, {"from", "x"}, {"partner", "abc"}});
    EXPECT_EQ(page.query.keywords, "eau");
    EXPECT_FALSE(page.query.from_year);
    EXPECT_TRUE(page.query.Values(Facet::kPartner).empty());
    EXPECT_EQ(page.errors.size(), 2u);
    EXPECT_TRUE(page.errors.contains("from"));
    EXPECT_TRUE(page.errors.contains("partner"));
}

}  // namespace
}  // namespace cncd::search
