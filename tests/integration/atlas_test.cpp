// The public Atlas on the real portal: reference geography imported from node_modules, the demo
// seeded, the server on port 0. The demo reproduces the brochure's figures; pages and API must
// show the same numbers, filters must change them, bad input must get French 404s and 400s
// naming the parameter.
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "core/text.hpp"
#include "modules/demo/demo_service.hpp"
#include "modules/geo/geo_service.hpp"
#include "portal.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/temp_database.hpp"
#include "web/server.hpp"

namespace cncd {
namespace {

using nlohmann::json;

using Answer = testing::HttpAnswer;

/// One portal for the whole suite: importing the reference and seeding the demo take seconds.
class AtlasPortalTest : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        db_ = new testing::TempDatabase();
        geo::ImportReference(db_->db(), testing::SourceRoot() / "node_modules");
        const auto seeded = demo::SeedDemo(db_->db());
        ASSERT_TRUE(seeded.ok()) << seeded.error().message;
        portal_ = new Portal(db_->db(), testing::SourceRoot());
        web::ServerOptions options;
        options.address = "127.0.0.1";
        options.port = 0;
        server_ = new web::HttpServer(options, portal_->handler());
        server_->Start();
    }

    static void TearDownTestSuite() {
        if (server_) server_->Stop();
        delete server_;
        delete portal_;
        delete db_;
        server_ = nullptr;
        portal_ = nullptr;
        db_ = nullptr;
    }

    static Answer Get(const std::string& target) {
        return testing::SendHttp(server_->Port(), boost::beast::http::verb::get, target);
    }

    static json GetJson(const std::string& target, int expected_status = 200) {
        const auto answer = Get(target);
        EXPECT_EQ(answer.status, expected_status) << target << "\n" << answer.body.substr(0, 500);
        EXPECT_NE(answer.content_type.find("application/json"), std::string::npos) << target;
        return json::parse(answer.body);
    }

    /// The HTML of a page, with the entities our templates produce decoded, so tests compare
    /// with the data as stored.
    static std::string GetHtml(const std::string& target) {
        const auto answer = Get(target);
        EXPECT_EQ(answer.status, 200) << target;
        EXPECT_NE(answer.content_type.find("text/html"), std::string::npos) << target;
        std::string html = answer.body;
        for (const auto& [entity, ch] :
             std::vector<std::pair<std::string, std::string>>{{"&apos;", "'"},
                                                              {"&#39;", "'"},
                                                              {"&quot;", "\""},
                                                              {"&lt;", "<"},
                                                              {"&gt;", ">"},
                                                              {"&amp;", "&"}}) {
            for (auto pos = html.find(entity); pos != std::string::npos;
                 pos = html.find(entity, pos)) {
                html.replace(pos, entity.size(), ch);
                pos += ch.size();
            }
        }
        return html;
    }

    static testing::TempDatabase* db_;
    static Portal* portal_;
    static web::HttpServer* server_;
};

testing::TempDatabase* AtlasPortalTest::db_ = nullptr;
Portal* AtlasPortalTest::portal_ = nullptr;
web::HttpServer* AtlasPortalTest::server_ = nullptr;

/// The number a page shows for one figure (the element marked data-figure="key"), digits only.
long long Figure(const std::string& html, const std::string& key) {
    const std::regex re("data-figure=\"" + key + "\">([^<]*)<");
    std::smatch m;
    if (!std::regex_search(html, m, re)) return -1;
    std::string digits;
    for (char c : m[1].str()) {
        if (c >= '0' && c <= '9') digits += c;
    }
    return digits.empty() ? -1 : std::stoll(digits);
}

bool Contains(const std::string& html, const std::string& text) {
    return html.find(text) != std::string::npos;
}

TEST_F(AtlasPortalTest, StatsAreTheBrochureFigures) {
    EXPECT_EQ(GetJson("/api/v1/stats"), (json{{"projects", 13000},
                                              {"french_authorities", 4800},
                                              {"partner_authorities", 10000},
                                              {"countries", 144}}));
}

TEST_F(AtlasPortalTest, AsiaHasTheBrochureFiguresAndApd) {
    const auto asia = GetJson("/api/v1/zones/asie");
    EXPECT_EQ(asia["name"], "Asie");
    EXPECT_EQ(asia["french_authorities"], 173);
    EXPECT_EQ(asia["partner_authorities"], 89);
    EXPECT_EQ(asia["apd_by_year"]["2008"], 7804600);
    EXPECT_EQ(asia["apd_by_year"]["2009"], 7347923);
    EXPECT_EQ(asia["apd_by_year"]["2010"], 6892949);
    EXPECT_EQ(asia["apd_by_year"]["2011"], 4757119);
}

TEST_F(AtlasPortalTest, HomePageShowsTheApiFigures) {
    const auto stats = GetJson("/api/v1/stats");
    const auto html = GetHtml("/");
    for (const auto& key : {"projects", "french_authorities", "partner_authorities", "countries"}) {
        EXPECT_EQ(Figure(html, key), stats[key].get<long long>()) << key;
    }
    EXPECT_TRUE(Contains(html, "13\u202F000"));
}

TEST_F(AtlasPortalTest, AsiaPageShowsTheApiFiguresAndApdTable) {
    const auto api = GetJson("/api/v1/zones/asie");
    const auto html = GetHtml("/atlas/asie");
    for (const auto& key :
         {"projects", "french_authorities", "partner_authorities", "countries", "themes"}) {
        EXPECT_EQ(Figure(html, key), api[key].get<long long>()) << key;
    }
    EXPECT_TRUE(Contains(html, "État au niveau Asie"));
    EXPECT_TRUE(Contains(html, "data-apd-year=\"2008\">7\u202F804\u202F600<"));
    EXPECT_TRUE(Contains(html, "data-apd-year=\"2011\">4\u202F757\u202F119<"));
    EXPECT_TRUE(Contains(html, "Conseils régionaux"));
    EXPECT_TRUE(Contains(html, "href=\"/atlas/pays/in\""));
}

TEST_F(AtlasPortalTest, CountryPageMatchesTheApiAndListsItsPartners) {
    const auto api = GetJson("/api/v1/countries/in");
    const auto html = GetHtml("/atlas/pays/in");
    for (const auto& key : {"projects", "french_authorities", "partner_authorities", "themes"}) {
        EXPECT_EQ(Figure(html, key), api[key].get<long long>()) << key;
    }
    ASSERT_FALSE(api["partners"].empty());
    for (const auto& partner : api["partners"]) {
        EXPECT_TRUE(Contains(html, partner["html_url"].get<std::string>())) << partner["name"];
    }
    EXPECT_EQ(api["continent"]["slug"], "asie");
}

TEST_F(AtlasPortalTest, KindSwitchChangesCountsAndIsInTheUrl) {
    const auto all = GetJson("/api/v1/zones/afrique");
    const auto cooperation = GetJson("/api/v1/zones/afrique?autres=0");
    const auto others = GetJson("/api/v1/zones/afrique?cd=0");
    EXPECT_LT(cooperation["projects"], all["projects"]);
    EXPECT_LT(others["projects"], all["projects"]);
    EXPECT_EQ(cooperation["projects"].get<long long>() + others["projects"].get<long long>(),
              all["projects"].get<long long>());
    const auto html = GetHtml("/atlas/afrique?autres=0");
    EXPECT_EQ(Figure(html, "projects"), cooperation["projects"].get<long long>());
    EXPECT_TRUE(Contains(html, "href=\"/atlas/pays/sn?autres=0\""));
    // What the filter form submits (an unchecked box is absent) gives the same page figures.
    EXPECT_EQ(Figure(GetHtml("/atlas/afrique?filtre=1&cd=1&theme="), "projects"),
              cooperation["projects"].get<long long>());
    // The project list counts the same projects.
    EXPECT_EQ(GetJson("/api/v1/projects?continent=afrique&autres=0")["total"],
              cooperation["projects"]);
}

TEST_F(AtlasPortalTest, ThemeFilterChangesCountsAndIsInTheUrl) {
    const auto themes = GetJson("/api/v1/themes")["themes"];
    ASSERT_FALSE(themes.empty());
    const std::string slug = themes[0]["slug"];
    const auto all = GetJson("/api/v1/stats");
    const auto filtered = GetJson("/api/v1/stats?theme=" + slug);
    EXPECT_GT(filtered["projects"], 0);
    EXPECT_LT(filtered["projects"], all["projects"]);
    const auto html = GetHtml("/atlas?theme=" + slug);
    EXPECT_EQ(Figure(html, "projects"), filtered["projects"].get<long long>());
    EXPECT_TRUE(Contains(html, "<option value=\"" + slug + "\" selected>"));
    EXPECT_TRUE(Contains(html, "href=\"/atlas/asie?theme=" + slug + "\""));
    const auto zone = GetJson("/api/v1/zones/asie?theme=" + slug);
    EXPECT_EQ(Figure(GetHtml("/atlas/asie?theme=" + slug), "projects"),
              zone["projects"].get<long long>());
}

TEST_F(AtlasPortalTest, ProjectSheetShowsEveryField) {
    // A project whose sheet has every optional part filled in.
    json chosen;
    for (int page = 1; page <= 20 && chosen.is_null(); ++page) {
        const auto list = GetJson("/api/v1/projects?per_page=100&page=" + std::to_string(page));
        for (const auto& item : list["items"]) {
            const auto p = GetJson(item["url"].get<std::string>());
            if (!p["financing"]["rows"].empty() && !p["other_partners"].empty() &&
                !p["contacts"].empty() && !p["volunteers"].empty() && !p["themes"].empty() &&
                !p["convention_date"].is_null() && !p["objectives"].get<std::string>().empty() &&
                !p["history"].get<std::string>().empty() &&
                !p["context"].get<std::string>().empty()) {
                chosen = p;
                break;
            }
        }
    }
    ASSERT_FALSE(chosen.is_null()) << "no fully filled project in the demo";
    const auto html = GetHtml(chosen["html_url"].get<std::string>());
    const auto first_line = [](const std::string& text) { return text.substr(0, text.find('\n')); };
    EXPECT_TRUE(
        Contains(html, "<h1 class=\"fr-mb-2w\">" + chosen["title"].get<std::string>() + "</h1>"));
    EXPECT_TRUE(Contains(html, first_line(chosen["objectives"])));
    EXPECT_TRUE(Contains(html, first_line(chosen["description"])));
    EXPECT_TRUE(Contains(html, first_line(chosen["history"])));
    EXPECT_TRUE(Contains(html, first_line(chosen["context"])));
    for (const auto& a : chosen["french_authorities"])
        EXPECT_TRUE(Contains(html, a["name"].get<std::string>()));
    for (const auto& p : chosen["partners"]) {
        EXPECT_TRUE(Contains(html, p["name"].get<std::string>()));
        EXPECT_TRUE(Contains(html, p["country"]["name"].get<std::string>()));
    }
    for (const auto& t : chosen["themes"])
        EXPECT_TRUE(Contains(html, t["name"].get<std::string>()));
    EXPECT_TRUE(
        Contains(html, text::FormatThousands(chosen["financing"]["total"].get<long long>())));
    for (const auto& o : chosen["other_partners"])
        EXPECT_TRUE(Contains(html, o["name"].get<std::string>()));
    for (const auto& c : chosen["contacts"])
        EXPECT_TRUE(Contains(html, c["name"].get<std::string>()));
    for (const auto& v : chosen["volunteers"])
        EXPECT_TRUE(Contains(html, v["programme"].get<std::string>()));
    for (const auto& label : {"Type d’action", "Statut", "Années", "Date de la convention",
                              "Dernière mise à jour de la fiche", "Financements",
                              "Autres partenaires", "Contacts", "Volontaires"}) {
        EXPECT_TRUE(Contains(html, label)) << label;
    }
}

TEST_F(AtlasPortalTest, UnknownIdsGetFrench404s) {
    for (const std::string target :
         {"/atlas/projets/99999999", "/atlas/pays/zz", "/atlas/atlantide",
          "/atlas/collectivites/99999999", "/atlas/partenaires/abc", "/atlas/departements/00",
          "/atlas/france/nulle-part"}) {
        const auto answer = Get(target);
        EXPECT_EQ(answer.status, 404) << target;
        EXPECT_NE(answer.content_type.find("text/html"), std::string::npos) << target;
        EXPECT_TRUE(Contains(answer.body, "lang=\"fr\"")) << target;
        EXPECT_FALSE(Contains(answer.body, "sqlite")) << target;
    }
    for (const std::string target : {"/api/v1/projects/99999999", "/api/v1/zones/atlantide",
                                     "/api/v1/countries/zz", "/api/v1/authorities/99999999"}) {
        const auto body = GetJson(target, 404);
        EXPECT_EQ(body["error"]["code"], "not_found") << target;
        EXPECT_FALSE(body["error"]["message"].get<std::string>().empty()) << target;
    }
}

TEST_F(AtlasPortalTest, BadParametersGet400sNamingThem) {
    for (const auto& [target, field] : std::vector<std::pair<std::string, std::string>>{
             {"/api/v1/projects?page=abc", "page"},
             {"/api/v1/projects?per_page=1000", "per_page"},
             {"/api/v1/projects?sort=hasard", "sort"},
             {"/api/v1/zones/asie?theme=inexistante", "theme"},
             {"/api/v1/zones/asie?cd=oui", "cd"}}) {
        const auto body = GetJson(target, 400);
        EXPECT_EQ(body["error"]["code"], "invalid_argument") << target;
        EXPECT_EQ(body["error"]["field"], field) << target;
    }
    // An unknown filter value is not an error for the search API: it matches nothing.
    EXPECT_EQ(GetJson("/api/v1/projects?country=zz")["total"], 0);
    const auto page = Get("/atlas/asie?page=abc");
    EXPECT_EQ(page.status, 400);
    EXPECT_TRUE(Contains(page.body, "page"));
}

// Each level page links to the search restricted to it and to its filters, and that search
// finds exactly the level's projects.
TEST_F(AtlasPortalTest, LevelPagesLinkToTheirSearch) {
    const std::vector<std::pair<std::string, std::string>> levels = {
        {"/atlas/asie", "/api/v1/zones/asie"},
        {"/atlas/pays/sn?theme=eau-assainissement",
         "/api/v1/countries/sn?theme=eau-assainissement"},
        {"/atlas/france/nouvelle-aquitaine?cd=0", "/api/v1/regions/nouvelle-aquitaine?cd=0"},
        {"/atlas/departements/64", "/api/v1/departments/64"},
    };
    const std::regex link("href=\"/atlas/recherche\\?([^\"]*)\" data-cncd-level-search");
    for (const auto& [page, api] : levels) {
        const auto html = GetHtml(page);
        std::smatch m;
        ASSERT_TRUE(std::regex_search(html, m, link)) << page;
        std::string query = m[1];
        for (std::size_t at; (at = query.find("&amp;")) != std::string::npos;)
            query.replace(at, 5, "&");
        EXPECT_EQ(GetJson("/api/v1/projects?" + query)["total"], GetJson(api)["projects"]) << page;
    }
}

TEST_F(AtlasPortalTest, EveryDocumentedPathAnswers) {
    const auto spec = Get("/api/v1/openapi.yaml");
    ASSERT_EQ(spec.status, 200);
    EXPECT_NE(spec.content_type.find("application/yaml"), std::string::npos);
    // The documented paths are the keys under "paths:" (two-space indent, starting with /);
    // those whose GET needs a signed-in user (a "security:" line) are tested with an account
    // (accounts and fiches tests), those without a GET too.
    std::set<std::string> paths;
    std::istringstream lines(spec.body);
    std::string line, path, method;
    const std::regex path_line("^  (/api/v1/[^:]*):\\s*$");
    const std::regex method_line("^    ([a-z]+):\\s*$");
    std::set<std::string> secured;
    while (std::getline(lines, line)) {
        std::smatch m;
        if (std::regex_match(line, m, path_line)) {
            path = m[1];
        } else if (std::regex_match(line, m, method_line)) {
            method = m[1];
            if (method == "get") paths.insert(path);
        } else if (method == "get" && line.rfind("      security:", 0) == 0) {
            secured.insert(path);
        } else if (line.rfind("components:", 0) == 0) {
            break;
        }
    }
    for (const auto& p : secured) paths.erase(p);
    EXPECT_TRUE(secured.contains("/api/v1/me"));
    EXPECT_GE(paths.size(), 10u);
    const std::vector<std::pair<std::string, std::string>> examples = {
        {"{slug}", "asie"}, {"{iso2}", "sn"}, {"{code}", "64"}, {"{id}", "1"}};
    for (auto path : paths) {
        if (path == "/api/v1/organisations") path += "?type=authority&q=bayonne";
        if (path.rfind("/api/v1/regions/", 0) == 0) path = "/api/v1/regions/nouvelle-aquitaine";
        if (path == "/api/v1/partners/{id}") {
            path = "/api/v1/partners/" +
                   std::to_string(
                       GetJson("/api/v1/countries/sn")["partners"][0]["id"].get<long long>());
        }
        if (path == "/api/v1/authorities/{id}") {
            path = "/api/v1/authorities/" +
                   std::to_string(
                       GetJson(
                           "/api/v1/projects?per_page=1")["items"][0]["french_authorities"][0]["id"]
                           .get<long long>());
        }
        for (const auto& [param, value] : examples) {
            if (const auto pos = path.find(param); pos != std::string::npos)
                path.replace(pos, param.size(), value);
        }
        EXPECT_EQ(Get(path).status, 200) << path;
    }
}

TEST_F(AtlasPortalTest, SourcesPageCreditsEverySource) {
    const auto html = GetHtml("/sources");
    for (const auto& text : {"Données géographiques : GeoNames, CC BY 4.0", "Natural Earth",
                             "domaine public", "Licence Ouverte 2.0", "i18n-iso-countries",
                             "countries-list", "IATI", "Leaflet", "DSFR"}) {
        EXPECT_TRUE(Contains(html, text)) << text;
    }
}

}  // namespace
}  // namespace cncd
