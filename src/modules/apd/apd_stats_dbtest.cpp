#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "core/text.hpp"
#include "modules/apd/apd_routes.hpp"
#include "modules/apd/apd_stats.hpp"
#include "modules/apd/apd_test_fixture.hpp"
#include "web/router.hpp"
#include "web/templates.hpp"

namespace cncd::apd {
namespace {

using testing::ApdFixture;
using testing::MakeLine;

// Validated, returned and draft declarations of three authorities over two years.
class Statistics : public ::testing::Test, public ApdFixture {
  protected:
    void SetUp() override {
        ASSERT_TRUE(service().OpenCampaign(ministry, 2023, "2024-01-01", "2025-12-31").ok());
        ASSERT_TRUE(service().OpenCampaign(ministry, 2024, "2024-01-01", "2025-12-31").ok());
        Declare(cesson, 1, 2023, {MakeLine("NE", 10000), MakeLine("VN", 3000)}, 'V');
        Declare(cesson, 1, 2024, {MakeLine("NE", 12000), MakeLine("NE", 2500, "12220")}, 'V');
        Line region = MakeLine("", 700, "99820");
        region.recipient_region = "998";
        region.expenditure_type = "awareness";
        Declare(bretagne, 3, 2024, {MakeLine("SN", 50000), MakeLine("HT", 8000), region}, 'V');
        Declare(bayonne, 2, 2024, {MakeLine("SN", 99999)}, 'R');  // returned: not counted
        Declare(bayonne, 2, 2023, {MakeLine("SN", 88888)}, 'D');  // draft: not counted
    }
    void Declare(const Actor& actor, std::int64_t authority, int year, std::vector<Line> lines,
                 char state) {
        auto d = service().Create(actor, authority, year, false);
        ASSERT_TRUE(d.ok()) << d.error().message;
        ASSERT_TRUE(service().SaveDraft(actor, d->id, Draft{false, std::move(lines)}).ok());
        if (state == 'D') return;
        ASSERT_TRUE(service().Submit(actor, d->id).ok());
        if (state == 'V') {
            ASSERT_TRUE(service().Validate(ministry, d->id).ok());
        }
        if (state == 'R') {
            ASSERT_TRUE(service().Return(ministry, d->id, "À revoir").ok());
        }
    }
    StatsTable Run(std::vector<std::pair<std::string, std::string>> params) {
        auto q = ParseStatsQuery(params);
        EXPECT_TRUE(q.ok());
        return stats.CrossTab(*q);
    }
    StatsService stats{db()};
};

TEST_F(Statistics, CrossTabsEqualTheSumOfValidatedLines) {
    const auto validated =
        Int("SELECT sum(l.amount_eur) FROM apd_declarations d JOIN apd_lines l"
            " ON l.version_id = d.validated_version_id");
    EXPECT_EQ(validated, 10000 + 3000 + 12000 + 2500 + 50000 + 8000 + 700);
    const auto total = Run({});
    EXPECT_EQ(total.total_eur, validated);
    ASSERT_EQ(total.rows.size(), 1u);
    EXPECT_EQ(total.rows[0].lines, 7);

    const auto t = Run({{"by", "year,continent"}});
    ASSERT_EQ(t.by.size(), 2u);
    std::map<std::pair<std::string, std::string>, std::int64_t> got;
    std::int64_t sum = 0;
    for (const auto& r : t.rows) {
        got[{r.keys[0], r.keys[1]}] = r.amount_eur;
        sum += r.amount_eur;
    }
    EXPECT_EQ(sum, validated);
    EXPECT_EQ((got[{"2023", "afrique"}]), 10000);
    EXPECT_EQ((got[{"2023", "asie"}]), 3000);
    EXPECT_EQ((got[{"2024", "afrique"}]), 12000 + 2500 + 50000);
    EXPECT_EQ((got[{"2024", "ameriques"}]), 8000);
    // The line to "developing countries, unspecified" has no continent.
    EXPECT_EQ((got[{"2024", ""}]), 700);
    // Rows come in year order, continents in their order.
    EXPECT_EQ(t.rows.front().keys[0], "2023");
    EXPECT_EQ(t.rows.front().labels[1], "Afrique");
}

TEST_F(Statistics, FiltersUseTheDimensionNames) {
    const auto t = Run({{"by", "authority,country"}, {"year", "2024"}, {"region", "53"}});
    std::int64_t sum = 0;
    for (const auto& r : t.rows) sum += r.amount_eur;
    EXPECT_EQ(sum, 12000 + 2500 + 50000 + 8000 + 700);
    EXPECT_EQ(t.total_eur, sum);
    ASSERT_FALSE(t.rows.empty());
    EXPECT_EQ(t.rows[0].labels[0], "Cesson-Sévigné");
    EXPECT_EQ(t.rows[0].labels[1], "Niger");
    const auto regions = Run({{"by", "country"}, {"country", "998"}});
    ASSERT_EQ(regions.rows.size(), 1u);
    EXPECT_EQ(regions.rows[0].labels[0], "Pays en développement, non spécifié");
    EXPECT_EQ(Run({{"by", "sector"}, {"authority_type", "region"}}).total_eur, 58700);
    EXPECT_EQ(Run({{"channel", "12002"}, {"sector", "12220"}}).total_eur, 2500);
    EXPECT_EQ(Run({{"year", "2023,2024"}, {"department", "35"}}).total_eur, 27500);
    EXPECT_EQ(Run({{"country", "ZZ"}}).total_eur, 0);  // unknown value: nothing
    const auto by_type = Run({{"by", "expenditure_type"}});
    ASSERT_EQ(by_type.rows.size(), 2u);

    const auto bad = ParseStatsQuery({{"by", "year,planet"}});
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().field, "by");
}

TEST_F(Statistics, AValidationIsSeenByTheNextQuery) {
    const auto before = Run({}).total_eur;
    auto bayonne_2024 = service().Find(bayonne, 2, 2024);
    ASSERT_TRUE(bayonne_2024.ok());
    ASSERT_TRUE(
        service().SaveDraft(bayonne, bayonne_2024->id, Draft{false, {MakeLine("SN", 1234)}}).ok());
    EXPECT_EQ(Run({}).total_eur, before);
    ASSERT_TRUE(service().Submit(bayonne, bayonne_2024->id).ok());
    ASSERT_TRUE(service().Validate(ministry, bayonne_2024->id).ok());
    EXPECT_EQ(Run({}).total_eur, before + 1234);
}

TEST_F(Statistics, PublicRoutesAnswerJsonCsvAndThePage) {
    web::Router router;
    web::Templates templates(cncd::testing::SourceRoot() / "templates");
    RegisterApdRoutes(router, stats, db(), templates);

    auto request = web::MakeRequest("GET", "/api/v1/apd/stats?by=year,continent&year=2024");
    auto response = router.Dispatch(request);
    ASSERT_EQ(response.status, 200) << response.body;
    const auto body = nlohmann::json::parse(response.body);
    EXPECT_EQ(body["total_eur"], 12000 + 2500 + 50000 + 8000 + 700);
    EXPECT_EQ(body["rows"][0]["year"], 2024);
    EXPECT_EQ(body["rows"][0]["continent"], "afrique");
    EXPECT_EQ(body["rows"][0]["continent_label"], "Afrique");
    EXPECT_EQ(body["rows"][0]["amount_eur"], 64500);

    request = web::MakeRequest("GET", "/api/v1/apd/stats?by=galaxy");
    response = router.Dispatch(request);
    EXPECT_EQ(response.status, 400);
    EXPECT_EQ(nlohmann::json::parse(response.body)["error"]["field"], "by");

    request = web::MakeRequest("GET", "/api/v1/apd/stats.csv?by=country&year=2024");
    response = router.Dispatch(request);
    ASSERT_EQ(response.status, 200);
    EXPECT_NE(response.body.find("Sénégal"), std::string::npos);
    EXPECT_NE(response.body.find("50000"), std::string::npos);
    EXPECT_EQ(response.body.find("99999"), std::string::npos);  // the returned declaration

    request = web::MakeRequest("GET", "/api/v1/apd/lines.csv?year=2024");
    response = router.Dispatch(request);
    ASSERT_EQ(response.status, 200);
    EXPECT_NE(response.body.find("Région Bretagne"), std::string::npos);

    request = web::MakeRequest("GET", "/api/v1/apd/crs.csv?year=abc");
    EXPECT_EQ(router.Dispatch(request).status, 400);

    request = web::MakeRequest("GET", "/apd/statistiques?year=2024");
    response = router.Dispatch(request);
    ASSERT_EQ(response.status, 200);
    EXPECT_NE(response.body.find("<svg"), std::string::npos);
    EXPECT_NE(response.body.find("64\u202f500 €"), std::string::npos);  // Africa 2024, table
    EXPECT_EQ(response.body.find("style="), std::string::npos);         // strict CSP
    EXPECT_EQ(response.body.find("<script>"), std::string::npos);
}

// The page's filters narrow every figure: the total of a type of authority is the statistics'
// total for it; an unknown value is said at its field and everything is shown.
TEST_F(Statistics, ThePageFiltersByContinentTypeAndRegion) {
    web::Router router;
    web::Templates templates(cncd::testing::SourceRoot() / "templates");
    RegisterApdRoutes(router, stats, db(), templates);
    const auto types =
        stats.CrossTab({{Dimension::kAuthorityType}, {{Dimension::kYear, {"2024"}}}}).rows;
    ASSERT_GE(types.size(), 2u);
    for (const auto& type : types) {
        auto request =
            web::MakeRequest("GET", "/apd/statistiques?year=2024&authority_type=" + type.keys[0]);
        const auto response = router.Dispatch(request);
        ASSERT_EQ(response.status, 200);
        const std::string total =
            "Total 2024 : <strong>" + text::FormatThousands(type.amount_eur) + " €</strong>";
        EXPECT_NE(response.body.find(total), std::string::npos) << type.keys[0];
        EXPECT_NE(response.body.find("value=\"" + type.keys[0] + "\" selected"), std::string::npos);
        EXPECT_NE(response.body.find("authority_type=" + type.keys[0]), std::string::npos)
            << "the downloads and the map keep the filter";
    }
    auto request = web::MakeRequest("GET", "/apd/statistiques?year=2024&continent=atlantide");
    const auto unknown = router.Dispatch(request);
    ASSERT_EQ(unknown.status, 200);
    EXPECT_NE(unknown.body.find("« atlantide » n’est pas une valeur connue"), std::string::npos);
    EXPECT_NE(unknown.body.find("64\u202f500 €"), std::string::npos);  // Africa 2024, unfiltered
}

// The map's data equal the cross-tabulation by département, whatever the filters, and the
// département rows plus the régions' amount make the filtered total of validated lines.
TEST_F(Statistics, TheMapByDepartmentEqualsTheStatisticsByDepartment) {
    const auto Execute = [this](std::string_view sql) {
        db().Write([sql](db::Connection& c) { return c.Execute(sql); });
    };
    Execute("UPDATE departments SET lat = 48.1723456, lon = -1.6712 WHERE code = '35'");
    for (const std::vector<std::pair<std::string, std::string>>& filters :
         std::vector<std::vector<std::pair<std::string, std::string>>>{{},
                                                                       {{"year", "2023"}},
                                                                       {{"year", "2024"}},
                                                                       {{"continent", "asie"}},
                                                                       {{"year", "1990"}}}) {
        auto query = ParseStatsQuery(filters);
        ASSERT_TRUE(query.ok());
        const auto map = stats.ByDepartment(*query);
        auto by_department = filters;
        by_department.emplace_back("by", "department");
        const auto table = Run(by_department);
        EXPECT_EQ(map.total_eur, table.total_eur);
        std::int64_t sum = map.without_department_eur;
        std::size_t with_department = 0;
        for (const auto& row : table.rows) {
            if (row.keys[0].empty()) {
                EXPECT_EQ(row.amount_eur, map.without_department_eur);
                continue;
            }
            ASSERT_LT(with_department, map.departments.size());
            const auto& d = map.departments[with_department++];
            EXPECT_EQ(d.code, row.keys[0]);
            EXPECT_EQ(d.name, row.labels[0]);
            EXPECT_EQ(d.amount_eur, row.amount_eur);
            EXPECT_EQ(d.lines, row.lines);
        }
        EXPECT_EQ(with_department, map.departments.size());
        for (const auto& d : map.departments) sum += d.amount_eur;
        EXPECT_EQ(sum, map.total_eur);
    }
    // Against the validated lines themselves.
    const auto cesson_2024 =
        Int("SELECT sum(l.amount_eur) FROM apd_declarations d JOIN apd_lines l"
            " ON l.version_id = d.validated_version_id JOIN authorities a ON a.id = d.authority_id"
            " WHERE d.year = 2024 AND a.department_code = '35'");
    EXPECT_EQ(cesson_2024, 12000 + 2500);

    web::Router router;
    web::Templates templates(cncd::testing::SourceRoot() / "templates");
    RegisterApdRoutes(router, stats, db(), templates);
    auto response = [&] {
        auto r = web::MakeRequest("GET", "/api/v1/apd/stats/departments?year=2024");
        return router.Dispatch(r);
    }();
    ASSERT_EQ(response.status, 200) << response.body;
    auto body = nlohmann::json::parse(response.body);
    ASSERT_EQ(body["rows"].size(), 1u);
    EXPECT_EQ(body["rows"][0]["department"], "35");
    EXPECT_EQ(body["rows"][0]["department_label"], "Ille-et-Vilaine");
    EXPECT_EQ(body["rows"][0]["amount_eur"], cesson_2024);
    EXPECT_EQ(body["rows"][0]["lines"], 2);
    EXPECT_DOUBLE_EQ(body["rows"][0]["lat"].get<double>(), 48.1723);
    EXPECT_DOUBLE_EQ(body["rows"][0]["lon"].get<double>(), -1.6712);
    EXPECT_EQ(body["rows"][0]["url"], "/atlas/departements/35");
    EXPECT_EQ(body["without_department_eur"], 50000 + 8000 + 700);  // Région Bretagne
    EXPECT_EQ(body["total_eur"], cesson_2024 + 50000 + 8000 + 700);

    // A département without a centroid keeps its amount, without a point.
    Execute("UPDATE departments SET lat = NULL, lon = NULL WHERE code = '35'");
    response = [&] {
        auto r = web::MakeRequest("GET", "/api/v1/apd/stats/departments?year=2023");
        return router.Dispatch(r);
    }();
    body = nlohmann::json::parse(response.body);
    ASSERT_EQ(body["rows"].size(), 1u);
    EXPECT_EQ(body["rows"][0]["amount_eur"], 13000);
    EXPECT_TRUE(body["rows"][0]["lat"].is_null());

    response = [&] {
        auto r = web::MakeRequest("GET", "/api/v1/apd/stats/departments?by=galaxy");
        return router.Dispatch(r);
    }();
    EXPECT_EQ(response.status, 400);

    // The page's table by département, linked to the Atlas page.
    response = [&] {
        auto r = web::MakeRequest("GET", "/apd/statistiques?year=2024");
        return router.Dispatch(r);
    }();
    ASSERT_EQ(response.status, 200);
    EXPECT_NE(response.body.find("id=\"apd-table-departments\""), std::string::npos);
    EXPECT_NE(response.body.find("<a href=\"/atlas/departements/35\">Ille-et-Vilaine</a>"),
              std::string::npos);
    EXPECT_NE(response.body.find("14\u202f500 €"), std::string::npos);
    EXPECT_NE(response.body.find("data-api=\"/api/v1/apd/stats/departments?year=2024\""),
              std::string::npos);
    EXPECT_EQ(response.body.find("style="), std::string::npos);
}

}  // namespace
}  // namespace cncd::apd
