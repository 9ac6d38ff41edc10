// The demo seeded on the real reference data (imported from node_modules), counted by SQL
// the way the Atlas pages will count it.

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "modules/demo/demo_service.hpp"
#include "modules/geo/geo_service.hpp"
#include "tests/support/temp_database.hpp"

namespace cncd::demo {
namespace {

using testing::SourceRoot;
using testing::TempDatabase;

// One imported and seeded database per test process (each test runs in its own process).
class SeededDemo : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        database_ = std::make_unique<TempDatabase>();
        geo::ImportReference(database_->db(), SourceRoot() / "node_modules");
        const auto start = std::chrono::steady_clock::now();
        auto result = SeedDemo(database_->db());
        seconds_ = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        ASSERT_TRUE(result.ok()) << result.error().message;
        summary_ = *result;
    }
    static void TearDownTestSuite() { database_.reset(); }

    static std::int64_t Int(const std::string& sql, const db::Params& params = {}) {
        return database_->db().Read([&](db::Connection& c) { return c.QueryInt(sql, params); });
    }
    static std::string Text(const std::string& sql, const db::Params& params = {}) {
        return database_->db().Read([&](db::Connection& c) {
            std::string out;
            c.Query(sql, params, [&](const db::Row& row) { out = row.Text(0); });
            return out;
        });
    }
    template <typename T, typename Map>
    static std::vector<T> All(const std::string& sql, Map map, const db::Params& params = {}) {
        return database_->db().Read(
            [&](db::Connection& c) { return c.QueryAll<T>(sql, params, map); });
    }

    static std::unique_ptr<TempDatabase> database_;
    static SeedSummary summary_;
    static double seconds_;
};

std::unique_ptr<TempDatabase> SeededDemo::database_;
SeedSummary SeededDemo::summary_;
double SeededDemo::seconds_ = 0;

// Projects of partners in the countries of a continent, and the same for authorities.
const std::string kAsianAuthorities =
    "SELECT count(DISTINCT pa.authority_id) FROM project_authorities pa"
    " JOIN project_partners pp USING (project_id) JOIN partners p ON p.id = pp.partner_id"
    " JOIN countries c ON c.iso2 = p.country_iso2 WHERE c.continent = 'asie'";
const std::string kAsianPartners =
    "SELECT count(DISTINCT p.id) FROM partners p JOIN project_partners pp ON pp.partner_id = p.id"
    " JOIN countries c ON c.iso2 = p.country_iso2 WHERE c.continent = 'asie'";

TEST_F(SeededDemo, ReproducesTheBrochureHeadlineFigures) {
    EXPECT_EQ(summary_.projects, 13000);
    EXPECT_EQ(summary_.authorities, 4800);
    EXPECT_EQ(summary_.partners, 10000);
    EXPECT_EQ(summary_.countries, 144);

    EXPECT_EQ(Int("SELECT count(*) FROM projects"), 13000);
    EXPECT_EQ(Int("SELECT count(DISTINCT authority_id) FROM project_authorities"), 4800);
    EXPECT_EQ(Int("SELECT count(*) FROM authorities"), 4800);
    EXPECT_EQ(Int("SELECT count(DISTINCT partner_id) FROM project_partners"), 10000);
    EXPECT_EQ(Int("SELECT count(*) FROM partners"), 10000);
    EXPECT_EQ(Int("SELECT count(DISTINCT p.country_iso2) FROM partners p"
                  " JOIN project_partners pp ON pp.partner_id = p.id"),
              144);
    // Every project has a lead French authority, a partner and a theme.
    EXPECT_EQ(Int("SELECT count(*) FROM projects WHERE id NOT IN"
                  " (SELECT project_id FROM project_authorities WHERE role = 'lead')"),
              0);
    EXPECT_EQ(Int("SELECT count(*) FROM projects WHERE id NOT IN"
                  " (SELECT project_id FROM project_partners)"),
              0);
    EXPECT_EQ(Int("SELECT count(*) FROM (SELECT project_id FROM project_themes GROUP BY project_id"
                  " HAVING count(*) BETWEEN 1 AND 3)"),
              13000);
}

TEST_F(SeededDemo, ReproducesTheAsiaPageOfTheBrochure) {
    EXPECT_EQ(Int(kAsianAuthorities), 173);
    EXPECT_EQ(Int(kAsianPartners), 89);
    const std::map<std::int64_t, std::int64_t> expected = {
        {2008, 7804600}, {2009, 7347923}, {2010, 6892949}, {2011, 4757119}};
    const auto rows = All<std::pair<std::int64_t, std::int64_t>>(
        "SELECT a.year, sum(a.amount_eur) FROM apd_amounts a"
        " JOIN countries c ON c.iso2 = a.country_iso2 WHERE c.continent = 'asie'"
        " GROUP BY a.year ORDER BY a.year",
        [](const db::Row& r) { return std::pair(r.Int(0), r.Int(1)); });
    const std::map<std::int64_t, std::int64_t> actual(rows.begin(), rows.end());
    EXPECT_EQ(actual, expected);
    // Few Asian projects, concentrated on China and South-East Asia.
    const auto asian_projects =
        Int("SELECT count(DISTINCT pp.project_id) FROM project_partners pp"
            " JOIN partners p ON p.id = pp.partner_id JOIN countries c ON c.iso2 = p.country_iso2"
            " WHERE c.continent = 'asie'");
    EXPECT_GE(asian_projects, 250);
    EXPECT_LE(asian_projects, 350);
    EXPECT_EQ(Text("SELECT p.country_iso2 FROM project_partners pp JOIN partners p ON"
                   " p.id = pp.partner_id JOIN countries c ON c.iso2 = p.country_iso2"
                   " WHERE c.continent = 'asie' GROUP BY 1 ORDER BY count(*) DESC LIMIT 1"),
              "CN");
}

TEST_F(SeededDemo, MaliBurkinaFasoAndSenegalLeadTheCountriesByProjects) {
    const auto top = All<std::pair<std::string, std::int64_t>>(
        "SELECT p.country_iso2, count(DISTINCT pp.project_id) AS n FROM project_partners pp"
        " JOIN partners p ON p.id = pp.partner_id GROUP BY 1 ORDER BY n DESC, 1 LIMIT 4",
        [](const db::Row& r) { return std::pair(r.Text(0), r.Int(1)); });
    ASSERT_EQ(top.size(), 4u);
    using CountryCount = std::pair<std::string, std::int64_t>;
    EXPECT_EQ(top[0], CountryCount("ML", 454));
    EXPECT_EQ(top[1], CountryCount("BF", 446));
    EXPECT_EQ(top[2], CountryCount("SN", 410));
    EXPECT_LT(top[3].second, 410);
    // Francophone Africa first, Europe big for twinnings.
    const auto by_zone = All<std::pair<std::string, std::int64_t>>(
        "SELECT c.continent, count(DISTINCT pp.project_id) FROM project_partners pp"
        " JOIN partners p ON p.id = pp.partner_id JOIN countries c ON c.iso2 = p.country_iso2"
        " GROUP BY 1",
        [](const db::Row& r) { return std::pair(r.Text(0), r.Int(1)); });
    const std::map<std::string, std::int64_t> zones(by_zone.begin(), by_zone.end());
    EXPECT_GT(zones.at("afrique"), 4000);
    EXPECT_GT(zones.at("europe"), 4000);
    EXPECT_GT(zones.at("ameriques"), 1500);
    EXPECT_GT(Int("SELECT count(*) FROM projects p JOIN project_partners pp ON pp.project_id = p.id"
                  " JOIN partners x ON x.id = pp.partner_id WHERE p.kind = 'twinning'"
                  " AND x.country_iso2 IN ('DE', 'IT', 'PL', 'RO', 'ES', 'GB')"),
              1000);
}

TEST_F(SeededDemo, ApdFollowsThePublishedTotalsWithThreeQuartersToAfrica) {
    const std::map<std::int64_t, double> published = {
        {2007, 62.2e6}, {2008, 72.5e6}, {2009, 69.7e6}, {2010, 60.5e6}, {2011, 60.0e6}};
    const auto rows = All<std::pair<std::int64_t, std::int64_t>>(
        "SELECT year, sum(amount_eur) FROM apd_amounts GROUP BY year ORDER BY year",
        [](const db::Row& r) { return std::pair(r.Int(0), r.Int(1)); });
    ASSERT_EQ(rows.size(), published.size());
    for (const auto& [year, total] : rows) {
        EXPECT_NEAR(static_cast<double>(total), published.at(year), published.at(year) * 0.01)
            << year;
        const auto africa =
            Int("SELECT sum(a.amount_eur) FROM apd_amounts a JOIN countries c ON c.iso2 = "
                "a.country_iso2"
                " WHERE c.continent = 'afrique' AND a.year = ?",
                {year});
        const double share = static_cast<double>(africa) / static_cast<double>(total);
        EXPECT_GT(share, 0.70) << year;
        EXPECT_LT(share, 0.80) << year;
    }
    EXPECT_EQ(Int("SELECT count(*) FROM apd_amounts a JOIN countries c ON c.iso2 = a.country_iso2"
                  " WHERE c.apd_eligible = 0"),
              0);
    EXPECT_EQ(Int("SELECT count(*) FROM apd_amounts a WHERE NOT EXISTS (SELECT 1"
                  " FROM project_authorities pa JOIN project_partners pp USING (project_id)"
                  " JOIN partners p ON p.id = pp.partner_id"
                  " WHERE pa.authority_id = a.authority_id AND p.country_iso2 = a.country_iso2)"),
              0);
}

TEST_F(SeededDemo, KindsStatusesAndDatesAreConsistent) {
    const auto others =
        Int("SELECT count(*) FROM projects"
            " WHERE kind IN ('one_off', 'oudin_santini', 'emergency')");
    EXPECT_GT(others, 13000 * 0.05);  // FACTS: 881 of ~13,600 (6.5 %)
    EXPECT_LT(others, 13000 * 0.09);
    for (const char* kind : {"cooperation", "twinning", "one_off", "oudin_santini", "emergency"}) {
        EXPECT_GT(Int("SELECT count(*) FROM projects WHERE kind = ?", {std::string(kind)}), 50)
            << kind;
    }
    EXPECT_EQ(Int("SELECT count(*) FROM projects WHERE start_year < 1990 OR start_year > 2026"), 0);
    EXPECT_EQ(Int("SELECT count(*) FROM projects WHERE"
                  " (status = 'planned' AND start_year <= 2025)"
                  " OR (status = 'finished' AND (end_year IS NULL OR end_year >= 2025))"
                  " OR (status = 'active' AND (start_year > 2025 OR end_year < 2025))"),
              0);
    EXPECT_GT(Int("SELECT count(*) FROM projects WHERE status = 'planned'"), 0);
    EXPECT_GT(Int("SELECT count(*) FROM projects WHERE status = 'finished'"), 3000);
    EXPECT_EQ(Int("SELECT count(*) FROM projects WHERE kind IN ('cooperation', 'twinning')"
                  " AND convention_date IS NULL"),
              0);
    EXPECT_EQ(Int("SELECT count(*) FROM projects WHERE convention_date IS NOT NULL"
                  " AND (date(convention_date) IS NULL"
                  " OR CAST(substr(convention_date, 1, 4) AS INTEGER) > start_year)"),
              0);
    EXPECT_EQ(
        Int("SELECT count(*) FROM projects WHERE kind = 'oudin_santini' AND start_year < 2005"), 0);
    EXPECT_EQ(Int("SELECT count(*) FROM projects WHERE created_at > updated_at"), 0);
}

TEST_F(SeededDemo, AuthoritiesMixEveryRegionDepartmentsEpciAndCommunesWithBigCities) {
    EXPECT_EQ(Int("SELECT count(*) FROM authorities WHERE kind = 'region'"), 18);
    EXPECT_EQ(Int("SELECT count(*) FROM authorities WHERE kind = 'departement'"), 95);
    EXPECT_EQ(Int("SELECT count(*) FROM authorities WHERE kind = 'epci'"), 600);
    EXPECT_EQ(Int("SELECT count(*) FROM authorities WHERE kind = 'commune'"), 4800 - 18 - 95 - 600);
    // Every commune of more than 150,000 inhabitants is engaged.
    EXPECT_EQ(Int("SELECT count(*) FROM communes WHERE population > 150000 AND insee NOT IN"
                  " (SELECT insee FROM authorities WHERE kind = 'commune')"),
              0);
    // Small communes too (twinnings).
    EXPECT_GT(Int("SELECT count(*) FROM authorities WHERE kind = 'commune' AND population < 5000"),
              1000);
    // SIREN for communes and EPCI, none invented for régions and départements.
    EXPECT_EQ(Int("SELECT count(*) FROM authorities WHERE kind IN ('region', 'departement')"
                  " AND siren IS NOT NULL"),
              0);
    EXPECT_EQ(Int("SELECT count(*) FROM authorities a JOIN communes c ON c.insee = a.insee"
                  " WHERE a.kind = 'commune' AND (a.siren IS NOT c.siren OR a.lat IS NOT c.lat"
                  " OR a.location_precision <> c.location_precision)"),
              0);
    EXPECT_EQ(Int("SELECT count(*) FROM authorities a JOIN epcis e ON e.siren = a.siren"
                  " JOIN communes c ON c.insee = e.seat_insee WHERE a.lat IS NOT c.lat"),
              0);
    // Websites only where we are sure of them.
    const auto sites = All<std::string>(
        "SELECT website FROM authorities WHERE website IS NOT NULL ORDER BY website",
        [](const db::Row& r) { return r.Text(0); });
    EXPECT_EQ(sites,
              (std::vector<std::string>{"https://seinesaintdenis.fr", "https://www.bayonne.fr",
                                        "https://www.ville-cesson-sevigne.fr"}));
    // Contacts are fictitious: example.org addresses only.
    EXPECT_GT(Int("SELECT count(DISTINCT authority_id) FROM authority_contacts"), 2000);
    EXPECT_EQ(Int("SELECT count(*) FROM authority_contacts WHERE email NOT LIKE '%@example.org'"),
              0);
    EXPECT_EQ(Int("SELECT count(*) FROM project_contacts WHERE email NOT LIKE '%@example.org'"), 0);
}

TEST_F(SeededDemo, PartnersAreRealPlacesWithTheirPrecision) {
    // Municipalities with a GeoNames id sit exactly on that place, in that country.
    EXPECT_EQ(Int("SELECT count(*) FROM partners p LEFT JOIN cities c ON c.geonames_id ="
                  " p.geonames_id WHERE p.geonames_id IS NOT NULL AND (c.geonames_id IS NULL"
                  " OR c.country_iso2 <> p.country_iso2 OR c.lat <> p.lat OR c.lon <> p.lon)"),
              0);
    EXPECT_EQ(Int("SELECT count(*) FROM partners WHERE location_precision = 'city'"
                  " AND geonames_id IS NULL"),
              0);
    // Real places first; divisions and groupings named after places only where places run short.
    EXPECT_GT(Int("SELECT count(*) FROM partners WHERE location_precision = 'city'"), 8500);
    EXPECT_EQ(Int("SELECT count(*) FROM partners WHERE lat IS NULL"), 0);
    EXPECT_EQ(Int("SELECT count(DISTINCT geonames_id) FROM partners WHERE geonames_id IS NOT NULL"),
              Int("SELECT count(*) FROM partners WHERE geonames_id IS NOT NULL"));
    EXPECT_EQ(Int("SELECT count(*) FROM partners WHERE country_iso2 IN ('FR', 'GP', 'MQ', 'GF',"
                  " 'RE', 'YT')"),
              0);
}

std::optional<std::filesystem::path> FindShared(const std::filesystem::path& relative) {
    for (auto dir = SourceRoot(); !dir.empty(); dir = dir.parent_path()) {
        if (std::filesystem::exists(dir / "shared" / relative)) return dir / "shared" / relative;
        if (dir == dir.parent_path()) break;
    }
    return std::nullopt;
}

TEST_F(SeededDemo, ThemesAreHierarchicalWithDacCodesOfTheCrsList) {
    const auto csv = FindShared("data/dac-crs/sectors.csv");
    ASSERT_TRUE(csv) << "shared/data/dac-crs/sectors.csv not found above the source tree";
    std::ifstream in(*csv);
    std::stringstream content;
    content << in.rdbuf();
    const std::string text = content.str();
    std::set<std::string> codes;
    const std::regex code_field("\n\"\\d+\",\"(\\d{5})\"");
    for (auto it = std::sregex_iterator(text.begin(), text.end(), code_field);
         it != std::sregex_iterator(); ++it) {
        codes.insert((*it)[1]);
    }
    ASSERT_GT(codes.size(), 200u);

    const auto themes = All<std::pair<std::string, std::string>>(
        "SELECT slug, dac_code FROM themes",
        [](const db::Row& r) { return std::pair(r.Text(0), r.Text(1)); });
    EXPECT_GE(themes.size(), 30u);
    EXPECT_LE(themes.size(), 40u);
    for (const auto& [slug, code] : themes) EXPECT_TRUE(codes.count(code)) << slug << " " << code;
    // Two levels: themes and sub-themes.
    EXPECT_GE(Int("SELECT count(*) FROM themes WHERE parent_id IS NULL"), 10);
    EXPECT_GE(Int("SELECT count(*) FROM themes WHERE parent_id IS NOT NULL"), 15);
    EXPECT_EQ(Int("SELECT count(*) FROM themes t JOIN themes p ON p.id = t.parent_id"
                  " WHERE p.parent_id IS NOT NULL"),
              0);
    EXPECT_EQ(Text("SELECT dac_code FROM themes WHERE name = 'Eau et assainissement'"), "14030");
    // A project never lists a sub-theme together with its parent (the parent is implied).
    EXPECT_EQ(Int("SELECT count(*) FROM project_themes a JOIN themes t ON t.id = a.theme_id"
                  " JOIN project_themes b ON b.project_id = a.project_id"
                  " AND b.theme_id = t.parent_id"),
              0);
}

TEST_F(SeededDemo, ContainsTheCasesOfTheBrochure) {
    auto partners_of = [&](const std::string& authority) {
        return All<std::string>(
            "SELECT DISTINCT x.name || ' (' || x.country_iso2 || ')' FROM authorities a"
            " JOIN project_authorities pa ON pa.authority_id = a.id"
            " JOIN project_partners pp USING (project_id) JOIN partners x ON x.id = pp.partner_id"
            " WHERE a.name = ? ORDER BY 1",
            [](const db::Row& r) { return r.Text(0); }, {authority});
    };
    auto has = [](const std::vector<std::string>& list, const std::string& item) {
        return std::find(list.begin(), list.end(), item) != list.end();
    };
    EXPECT_TRUE(has(partners_of("Cesson-Sévigné"), "Dankassari (NE)"));
    EXPECT_TRUE(has(partners_of("Bayonne"), "Veliko Tarnovo (BG)"));
    EXPECT_TRUE(has(partners_of("Conseil départemental de la Seine-Saint-Denis"), "Maputo (MZ)"));
    EXPECT_TRUE(has(partners_of("Conseil départemental de la Seine-Saint-Denis"), "Matola (MZ)"));
    EXPECT_TRUE(
        has(partners_of("Conseil départemental de l'Allier"), "Aimag de l'Övörkhangai (MN)"));
    EXPECT_TRUE(has(partners_of("Région Occitanie"), "Jaipur (IN)"));

    EXPECT_EQ(Text("SELECT title FROM projects p JOIN project_partners pp ON pp.project_id = p.id"
                   " JOIN partners x ON x.id = pp.partner_id WHERE x.name = 'Dankassari'"),
              "Accès à l'eau potable à Dankassari");
    EXPECT_EQ(Int("SELECT count(*) FROM project_partners pp JOIN partners x ON x.id = pp.partner_id"
                  " WHERE x.name IN ('Maputo', 'Matola') GROUP BY pp.project_id"),
              2);
    EXPECT_EQ(Text("SELECT t.name FROM projects p JOIN project_themes pt ON pt.project_id = p.id"
                   " JOIN themes t ON t.id = pt.theme_id WHERE p.title LIKE 'Gestion des déchets à"
                   " Maputo%'"),
              "Gestion des déchets");
    EXPECT_NE(
        Text("SELECT history FROM projects WHERE title LIKE '%Jaipur%'").find("Midi-Pyrénées"),
        std::string::npos);

    // New Delhi: one French authority, one project, one theme.
    const std::string new_delhi =
        "FROM partners x JOIN project_partners pp ON pp.partner_id = x.id"
        " WHERE x.name = 'New Delhi' AND x.country_iso2 = 'IN'";
    EXPECT_EQ(Int("SELECT count(DISTINCT pp.project_id) " + new_delhi), 1);
    EXPECT_EQ(Int("SELECT count(DISTINCT pa.authority_id) FROM project_authorities pa WHERE"
                  " pa.project_id IN (SELECT pp.project_id " +
                  new_delhi + ")"),
              1);
    EXPECT_EQ(Int("SELECT count(DISTINCT pt.theme_id) FROM project_themes pt WHERE"
                  " pt.project_id IN (SELECT pp.project_id " +
                  new_delhi + ")"),
              1);
}

TEST_F(SeededDemo, ProjectsReadAsVariedFrenchTexts) {
    EXPECT_EQ(Int("SELECT count(*) FROM projects WHERE title = '' OR objectives = ''"
                  " OR description = '' OR history = '' OR context = ''"),
              0);
    for (const char* bad : {"%lorem%", "%{%", "%}%", "%fictif%", "%  %", "% .%", "%..%"}) {
        EXPECT_EQ(Int("SELECT count(*) FROM projects WHERE title LIKE ?1 OR objectives LIKE ?1"
                      " OR description LIKE ?1 OR history LIKE ?1 OR context LIKE ?1",
                      {std::string(bad)}),
                  0)
            << bad;
    }
    // Varied: many distinct titles and descriptions.
    EXPECT_GT(Int("SELECT count(DISTINCT title) FROM projects"), 9000);
    EXPECT_GT(Int("SELECT count(DISTINCT description) FROM projects"), 12000);
    // Several sentences in each paragraph of objectives and description.
    EXPECT_EQ(Int("SELECT count(*) FROM projects WHERE length(objectives) -"
                  " length(replace(objectives, '.', '')) < 2"),
              0);
    // Other partners, contacts and volunteers on a share of the projects.
    EXPECT_GT(Int("SELECT count(DISTINCT project_id) FROM project_other_partners"), 5000);
    EXPECT_GT(Int("SELECT count(DISTINCT kind) FROM project_other_partners"), 3);
    EXPECT_GT(Int("SELECT count(DISTINCT project_id) FROM project_contacts"), 8000);
    EXPECT_GT(Int("SELECT count(DISTINCT project_id) FROM project_volunteers"), 300);
}

TEST_F(SeededDemo, FinancingHasLinesByYearAndTheMinistryCofinanced2011) {
    EXPECT_EQ(Int("SELECT count(*) FROM projects WHERE id NOT IN"
                  " (SELECT project_id FROM project_financing)"),
              0);
    EXPECT_GE(Int("SELECT count(*) FROM cofinancers"), 10);
    EXPECT_GT(Int("SELECT count(DISTINCT cofinancer_id) FROM project_financing"), 10);
    // Brochure: close to 350 projects co-financed by the ministry in 2011 for over 7 M€.
    const std::string ministry_2011 =
        "FROM project_financing f JOIN cofinancers c ON c.id = f.cofinancer_id"
        " WHERE c.slug = 'meae-daect' AND f.year = 2011";
    const auto projects = Int("SELECT count(DISTINCT f.project_id) " + ministry_2011);
    EXPECT_GE(projects, 330);
    EXPECT_LE(projects, 350);
    EXPECT_GT(Int("SELECT sum(f.amount_eur) " + ministry_2011), 7000000);
}

TEST_F(SeededDemo, SeedsInWellUnderThirtySeconds) {
    RecordProperty("seed_seconds", std::to_string(seconds_));
    EXPECT_LT(seconds_, 30.0);
}

TEST_F(SeededDemo, RefusesToSeedTwice) {
    auto again = SeedDemo(database_->db());
    ASSERT_FALSE(again.ok());
    EXPECT_EQ(again.error().code, ErrorCode::kFailedPrecondition);
    EXPECT_TRUE(HasAtlasData(database_->db()));
    EXPECT_EQ(Int("SELECT count(*) FROM projects"), 13000);
}

// FNV-1a: a hash with a fixed definition (std::hash may differ between libraries).
std::uint64_t Fnv1a(const std::string& bytes) {
    std::uint64_t h = 0xcbf29ce484222325ULL;
    for (const unsigned char c : bytes) {
        h ^= c;
        h *= 0x100000001b3ULL;
    }
    return h;
}

// Every Atlas row, in primary-key order, as SQLite quotes it.
std::string CanonicalDump(db::Database& db) {
    const std::vector<std::pair<std::string, std::string>> tables = {
        {"themes", "id"},
        {"cofinancers", "id"},
        {"authorities", "id"},
        {"authority_contacts", "id"},
        {"partners", "id"},
        {"projects", "id"},
        {"project_authorities", "project_id, authority_id"},
        {"project_partners", "project_id, partner_id"},
        {"project_themes", "project_id, theme_id"},
        {"project_financing", "id"},
        {"project_other_partners", "id"},
        {"project_contacts", "id"},
        {"project_volunteers", "id"},
        {"apd_amounts", "authority_id, country_iso2, year"},
    };
    return db.Read([&](db::Connection& c) {
        std::string dump;
        for (const auto& [table, key] : tables) {
            std::vector<std::string> columns;
            c.Query("SELECT name FROM pragma_table_info(?) ORDER BY cid", {table},
                    [&](const db::Row& r) { columns.push_back("quote(" + r.Text(0) + ")"); });
            std::string select;
            for (const auto& column : columns)
                select += (select.empty() ? "" : " || '|' || ") + column;
            dump += "#" + table + "\n";
            c.Query("SELECT " + select + " FROM " + table + " ORDER BY " + key, {},
                    [&](const db::Row& r) { dump += r.Text(0) + "\n"; });
        }
        return dump;
    });
}

TEST(SeedDemo, GivesTheSameAtlasOnEveryFreshDatabase) {
    std::vector<std::uint64_t> hashes;
    for (int run = 0; run < 2; ++run) {
        TempDatabase database;
        geo::ImportReference(database.db(), SourceRoot() / "node_modules");
        auto result = SeedDemo(database.db());
        ASSERT_TRUE(result.ok()) << result.error().message;
        const std::string dump = CanonicalDump(database.db());
        EXPECT_GT(dump.size(), 10'000'000u);
        hashes.push_back(Fnv1a(dump));
    }
    RecordProperty("atlas_hash", std::to_string(hashes[0]));
    EXPECT_EQ(hashes[0], hashes[1]);
}

TEST(SeedDemo, RefusesWithoutReferenceDataAndWritesNothing) {
    TempDatabase database;
    auto result = SeedDemo(database.db());
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, ErrorCode::kFailedPrecondition);
    EXPECT_FALSE(HasAtlasData(database.db()));
    const auto themes = database.db().Read(
        [](db::Connection& c) { return c.QueryInt("SELECT count(*) FROM themes"); });
    EXPECT_EQ(themes, 0);
}

}  // namespace
}  // namespace cncd::demo
