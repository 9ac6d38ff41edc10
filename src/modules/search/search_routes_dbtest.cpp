#include <gtest/gtest.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <regex>
#include <string>

#include "modules/exports/zip_reader_for_tests.hpp"
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

std::string HeaderOf(const web::Response& response, const std::string& name) {
    for (const auto& [key, value] : response.headers) {
        if (key == name) return value;
    }
    return {};
}

// The search API through the real router and error mapping, on the demo.
class SearchApi : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        templates_ = std::make_unique<web::Templates>(cncd::testing::SourceRoot() / "templates");
        service_ = std::make_unique<SearchService>(testing::DemoDatabase());
        router_ = std::make_unique<web::Router>();
        RegisterSearchRoutes(*router_, *service_, *templates_);
    }
    static void TearDownTestSuite() {
        router_.reset();
        service_.reset();
        templates_.reset();
    }

    static web::Response Get(const std::string& target) {
        web::Request request = web::MakeRequest("GET", target);
        return web::Buffered(router_->Dispatch(request));  // extractions are streamed
    }
    static json GetJson(const std::string& target, int status = 200) {
        const auto response = Get(target);
        EXPECT_EQ(response.status, status) << target << "\n" << response.body;
        return json::parse(response.body);
    }
    // The parameter a 400 names.
    static std::string BadField(const std::string& target) {
        const auto body = GetJson(target, 400);
        EXPECT_EQ(body["error"]["code"], "invalid_argument") << target;
        EXPECT_FALSE(body["error"]["message"].get<std::string>().empty());
        return body["error"].value("field", "");
    }

    static std::unique_ptr<web::Templates> templates_;
    static std::unique_ptr<SearchService> service_;
    static std::unique_ptr<web::Router> router_;
};

std::unique_ptr<web::Templates> SearchApi::templates_;
std::unique_ptr<SearchService> SearchApi::service_;
std::unique_ptr<web::Router> SearchApi::router_;

TEST_F(SearchApi, AnswersAPageWithItemsAndEveryFacet) {
    const auto body = GetJson("/api/v1/projects?q=eau&continent=afrique&per_page=5");
    EXPECT_GT(body["total"].get<int>(), 5);
    EXPECT_EQ(body["page"], 1);
    EXPECT_EQ(body["per_page"], 5);
    EXPECT_EQ(body["sort"], "relevance");
    ASSERT_EQ(body["items"].size(), 5u);
    const auto& item = body["items"][0];
    for (const char* key : {"id", "title", "kind", "kind_label", "status", "start_year", "end_year",
                            "authorities", "partners", "themes"}) {
        EXPECT_TRUE(item.contains(key)) << key;
    }
    EXPECT_TRUE(item["partners"][0].contains("country"));
    EXPECT_EQ(item["french_authorities"], item["authorities"]);  // the Atlas API's name
    EXPECT_EQ(item["html_url"].get<std::string>().rfind(
                  "/atlas/projets/" + std::to_string(item["id"].get<int>()) + "-", 0),
              0u);
    EXPECT_EQ(body["pages"], (body["total"].get<int>() + 4) / 5);
    EXPECT_EQ(body["filters"]["q"], "eau");
    EXPECT_EQ(body["filters"]["continent"], json::array({"afrique"}));
    for (const char* facet :
         {"theme", "continent", "country", "region", "kind", "status", "cofinancer", "partner",
          "department", "authority", "authority_type"}) {
        ASSERT_TRUE(body["facets"].contains(facet)) << facet;
    }
    const auto& continents = body["facets"]["continent"];
    ASSERT_FALSE(continents.empty());
    EXPECT_TRUE(continents[0].contains("value"));
    EXPECT_TRUE(continents[0].contains("label"));
    EXPECT_TRUE(continents[0].contains("count"));
}

TEST_F(SearchApi, RepeatedParametersAreAlternatives) {
    const auto sn = GetJson("/api/v1/projects?country=SN")["total"].get<int>();
    const auto ml = GetJson("/api/v1/projects?country=ml")["total"].get<int>();
    const auto both = GetJson("/api/v1/projects?country=SN&country=ML")["total"].get<int>();
    EXPECT_GT(both, std::max(sn, ml));
    EXPECT_LE(both, sn + ml);
}

TEST_F(SearchApi, AtlasSwitchesAndRegionSlugsWorkAsOnTheAtlas) {
    const auto all = GetJson("/api/v1/projects?continent=afrique")["total"].get<int>();
    const auto cd = GetJson("/api/v1/projects?continent=afrique&autres=0")["total"].get<int>();
    const auto other = GetJson("/api/v1/projects?continent=afrique&cd=0")["total"].get<int>();
    EXPECT_GT(cd, 0);
    EXPECT_GT(other, 0);
    EXPECT_EQ(cd + other, all);
    const auto regions = GetJson("/api/v1/projects")["facets"]["region"];
    ASSERT_FALSE(regions.empty());
    const std::string slug = regions[0]["value"];
    EXPECT_EQ(GetJson("/api/v1/projects?region=" + slug)["total"], regions[0]["count"]);
}

TEST_F(SearchApi, UnknownValuesGiveAnEmptyResult) {
    for (const char* target : {"/api/v1/projects?country=ZZ", "/api/v1/projects?theme=inconnu",
                               "/api/v1/projects?status=perdu", "/api/v1/projects?kind=autre",
                               "/api/v1/projects?authority=987654321"}) {
        const auto body = GetJson(target);
        EXPECT_EQ(body["total"], 0) << target;
        EXPECT_TRUE(body["items"].empty());
    }
}

TEST_F(SearchApi, MalformedValuesAre400NamingTheParameter) {
    EXPECT_EQ(BadField("/api/v1/projects?from=deux"), "from");
    EXPECT_EQ(BadField("/api/v1/projects?to=2010.5"), "to");
    EXPECT_EQ(BadField("/api/v1/projects?from=2012&to=2010"), "from");
    EXPECT_EQ(BadField("/api/v1/projects?sort=pertinence"), "sort");
    EXPECT_EQ(BadField("/api/v1/projects?page=0"), "page");
    EXPECT_EQ(BadField("/api/v1/projects?per_page=1000"), "per_page");
    EXPECT_EQ(BadField("/api/v1/projects?partner=dakar"), "partner");
    EXPECT_EQ(BadField("/api/v1/projects?q=" + std::string(kMaxKeywordChars + 1, 'a')), "q");
    std::string words;
    for (std::size_t i = 0; i <= kMaxKeywordWords; ++i) words += "mot" + std::to_string(i) + "+";
    EXPECT_EQ(BadField("/api/v1/projects?q=" + words), "q");
    EXPECT_EQ(BadField("/api/v1/projects.csv?sort=x"), "sort");
    EXPECT_EQ(BadField("/api/v1/projects.csv?sep=tab"), "sep");
}

TEST_F(SearchApi, FtsSyntaxNeverFails) {
    for (const char* q : {"%22", "*", "NEAR%28eau%29", "eau+AND+OR", "%28%28%28", "%5E",
                          "title%3Aeau", "%22%22*%22"}) {
        EXPECT_EQ(Get(std::string("/api/v1/projects?q=") + q).status, 200) << q;
    }
}

TEST_F(SearchApi, CsvExtractionIsTheFilteredListWithADatedName) {
    const std::string filters = "q=jumelage&continent=europe";
    const auto total = GetJson("/api/v1/projects?" + filters)["total"].get<std::size_t>();
    ASSERT_GT(total, 100u);
    const auto csv = Get("/api/v1/projects.csv?" + filters + "&page=3&per_page=1");
    EXPECT_EQ(csv.status, 200);
    EXPECT_EQ(csv.content_type, "text/csv; charset=utf-8");
    EXPECT_TRUE(std::regex_match(
        HeaderOf(csv, "Content-Disposition"),
        std::regex(R"(attachment; filename="projets-atlas-\d{4}-\d{2}-\d{2}\.csv")")))
        << HeaderOf(csv, "Content-Disposition");
    EXPECT_EQ(csv.body.rfind("\xEF\xBB\xBF"
                             "Identifiant,Identifiant texte,Titre,",
                             0),
              0u);
    EXPECT_EQ(Count(csv.body, "\r\n"), total + 1);  // no page: every row
    const auto semicolon = Get("/api/v1/projects.csv?" + filters + "&sep=semicolon");
    EXPECT_EQ(semicolon.body.rfind("\xEF\xBB\xBF"
                                   "Identifiant;Identifiant texte;Titre;",
                                   0),
              0u);
    EXPECT_EQ(Count(semicolon.body, "\r\n"), total + 1);
}

TEST_F(SearchApi, ExtractionsAreStreamedOnceTheParametersAreValid) {
    web::Request good = web::MakeRequest("GET", "/api/v1/projects.csv?theme=sante");
    const auto streamed = router_->Dispatch(good);
    EXPECT_EQ(streamed.status, 200);
    EXPECT_TRUE(streamed.stream);
    EXPECT_TRUE(streamed.body.empty());
    web::Request bad = web::MakeRequest("GET", "/api/v1/projects.csv?from=abc");
    const auto refused = router_->Dispatch(bad);
    EXPECT_EQ(refused.status, 400);
    EXPECT_FALSE(refused.stream);
    EXPECT_EQ(json::parse(refused.body)["error"]["field"], "from");
}

TEST_F(SearchApi, OtherExtractionsHaveAsManyRowsAsTheTotal) {
    const std::string filters = "theme=sante&status=active&from=2009";
    const auto total = GetJson("/api/v1/projects?" + filters)["total"].get<std::size_t>();
    ASSERT_GT(total, 20u);
    const auto json_rows = GetJson("/api/v1/projects.json?" + filters);
    EXPECT_EQ(json_rows.size(), total);
    const auto geo = Get("/api/v1/projects.geojson?" + filters);
    EXPECT_EQ(geo.content_type, "application/geo+json");
    const auto collection = json::parse(geo.body);
    EXPECT_EQ(collection["features"].size(), total);
    EXPECT_FALSE(collection["features"][0]["geometry"].is_null());
    const auto xlsx = Get("/api/v1/projects.xlsx?" + filters);
    EXPECT_EQ(xlsx.content_type,
              "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    EXPECT_NE(HeaderOf(xlsx, "Content-Disposition").find(".xlsx\""), std::string::npos);
    const auto sheet = exports::ZipEntry(xlsx.body, "xl/worksheets/sheet1.xml");
    EXPECT_EQ(Count(sheet, "<row "), total + 1);
}

}  // namespace
}  // namespace cncd::search
