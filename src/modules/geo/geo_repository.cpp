#include "modules/geo/geo_repository.hpp"

#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_set>

namespace cncd::geo {
namespace {

constexpr std::string_view kDeleteEpciMembers = "DELETE FROM epci_members";
constexpr std::string_view kDeleteEpcis = "DELETE FROM epcis";
constexpr std::string_view kDeleteCommunes = "DELETE FROM communes";
constexpr std::string_view kDeleteCities = "DELETE FROM cities";

constexpr std::string_view kUpsertContinent =
    "INSERT INTO continents (slug, name, sort_order) VALUES (?, ?, ?) "
    "ON CONFLICT (slug) DO UPDATE SET name = excluded.name, sort_order = excluded.sort_order";
constexpr std::string_view kSelectContinentKeys = "SELECT slug FROM continents";
constexpr std::string_view kDeleteContinent = "DELETE FROM continents WHERE slug = ?";

constexpr std::string_view kUpsertCountry =
    "INSERT INTO countries (iso2, iso3, numeric_code, name, slug, continent, apd_eligible, lat, "
    "lon) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (iso2) DO UPDATE SET iso3 = excluded.iso3, numeric_code = excluded.numeric_code, "
    "name = excluded.name, slug = excluded.slug, continent = excluded.continent, "
    "apd_eligible = excluded.apd_eligible, lat = excluded.lat, lon = excluded.lon";
constexpr std::string_view kSelectCountryKeys = "SELECT iso2 FROM countries";
constexpr std::string_view kDeleteCountry = "DELETE FROM countries WHERE iso2 = ?";
constexpr std::string_view kCountCountries = "SELECT COUNT(*) FROM countries";

constexpr std::string_view kUpsertRegion =
    "INSERT INTO regions (code, name, slug, chef_lieu, zone) VALUES (?, ?, ?, ?, ?) "
    "ON CONFLICT (code) DO UPDATE SET name = excluded.name, slug = excluded.slug, "
    "chef_lieu = excluded.chef_lieu, zone = excluded.zone";
constexpr std::string_view kSelectRegionKeys = "SELECT code FROM regions";
constexpr std::string_view kDeleteRegion = "DELETE FROM regions WHERE code = ?";

constexpr std::string_view kUpsertDepartment =
    "INSERT INTO departments (code, name, slug, region_code, chef_lieu, lat, lon) "
    "VALUES (?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (code) DO UPDATE SET name = excluded.name, slug = excluded.slug, "
    "region_code = excluded.region_code, chef_lieu = excluded.chef_lieu, lat = excluded.lat, "
    "lon = excluded.lon";
constexpr std::string_view kSelectDepartmentKeys = "SELECT code FROM departments";
constexpr std::string_view kDeleteDepartment = "DELETE FROM departments WHERE code = ?";

constexpr std::string_view kInsertCommune =
    "INSERT INTO communes (insee, name, siren, department_code, region_code, population, lat, "
    "lon, location_precision) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr std::string_view kInsertEpci =
    "INSERT INTO epcis (siren, name, kind, population, seat_insee) VALUES (?, ?, ?, ?, ?)";
constexpr std::string_view kInsertEpciMember =
    "INSERT INTO epci_members (epci_siren, commune_insee) VALUES (?, ?)";
constexpr std::string_view kInsertCity =
    "INSERT INTO cities (geonames_id, name, country_iso2, feature_code, admin_code, population, "
    "lat, lon, insee) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";

// GeoNames countries whose places carry INSEE commune codes.
constexpr std::string_view kInseeCountries[] = {"FR", "GP", "MQ", "GF", "RE", "YT"};

db::Value TextOrNull(const std::string& s) {
    if (s.empty()) return nullptr;
    return s;
}

std::string_view PrecisionName(LocationPrecision precision) {
    switch (precision) {
        case LocationPrecision::kCity:
            return "city";
        case LocationPrecision::kDepartment:
            return "department";
    }
    return "department";
}

bool CarriesInsee(std::string_view country) {
    for (const auto c : kInseeCountries) {
        if (c == country) return true;
    }
    return false;
}

template <typename Row, typename Key>
std::unordered_set<std::string> Keys(const std::vector<Row>& rows, Key key) {
    std::unordered_set<std::string> out;
    for (const Row& row : rows) out.insert(key(row));
    return out;
}

// Deletes the rows whose key is not in `keep`. A row Atlas data still refers to cannot go:
// the foreign key refuses, and the import stops with a message naming it.
void DeleteStale(db::Connection& c, std::string_view select_keys, std::string_view delete_key,
                 const std::unordered_set<std::string>& keep, std::string_view what) {
    const auto existing =
        c.QueryAll<std::string>(select_keys, {}, [](const db::Row& r) { return r.Text(0); });
    for (const std::string& key : existing) {
        if (keep.contains(key)) continue;
        try {
            c.Execute(delete_key, {key});
        } catch (const db::ConstraintError& e) {
            throw std::runtime_error("reference import refused: " + std::string(what) + " " + key +
                                     " is no longer in the source data but Atlas data refers "
                                     "to it (" +
                                     e.what() + ")");
        }
    }
}

}  // namespace

void GeoRepository::ReplaceReference(const ReferenceData& data) {
    c_.Execute(kDeleteEpciMembers);
    c_.Execute(kDeleteEpcis);
    c_.Execute(kDeleteCommunes);
    c_.Execute(kDeleteCities);

    const auto country_keys = Keys(data.countries, [](const Country& x) { return x.iso2; });
    const auto department_keys = Keys(data.departments, [](const Department& x) { return x.code; });
    // Leaves first, before the upserts, so a new row may take a removed row's slug.
    DeleteStale(c_, kSelectCountryKeys, kDeleteCountry, country_keys, "country");
    DeleteStale(c_, kSelectDepartmentKeys, kDeleteDepartment, department_keys, "département");

    for (const Continent& x : data.continents) {
        c_.Execute(kUpsertContinent, {x.slug, x.name, std::int64_t{x.sort_order}});
    }
    for (const Country& x : data.countries) {
        c_.Execute(kUpsertCountry, {x.iso2, x.iso3, TextOrNull(x.numeric_code), x.name, x.slug,
                                    x.continent, std::int64_t{x.apd_eligible ? 1 : 0},
                                    db::Nullable(x.lat), db::Nullable(x.lon)});
    }
    for (const Region& x : data.regions) {
        c_.Execute(kUpsertRegion, {x.code, x.name, x.slug, TextOrNull(x.chef_lieu), x.zone});
    }
    for (const Department& x : data.departments) {
        c_.Execute(kUpsertDepartment,
                   {x.code, x.name, x.slug, x.region_code, TextOrNull(x.chef_lieu),
                    db::Nullable(x.lat), db::Nullable(x.lon)});
    }
    // Parents last, once their remaining children point elsewhere.
    DeleteStale(c_, kSelectRegionKeys, kDeleteRegion,
                Keys(data.regions, [](const Region& x) { return x.code; }), "région");
    DeleteStale(c_, kSelectContinentKeys, kDeleteContinent,
                Keys(data.continents, [](const Continent& x) { return x.slug; }), "continent");

    for (const Commune& x : data.communes) {
        c_.Execute(kInsertCommune, {x.insee, x.name, db::Nullable(x.siren), x.department_code,
                                    x.region_code, db::Nullable(x.population), db::Nullable(x.lat),
                                    db::Nullable(x.lon), std::string(PrecisionName(x.precision))});
    }
    for (const Epci& x : data.epcis) {
        c_.Execute(kInsertEpci, {x.siren, x.name, x.kind, db::Nullable(x.population),
                                 db::Nullable(x.seat_insee)});
        for (const std::string& member : x.member_insee) {
            c_.Execute(kInsertEpciMember, {x.siren, member});
        }
    }
    for (const Place& x : data.places) {
        c_.Execute(kInsertCity, {x.geonames_id, x.name, x.country, TextOrNull(x.feature_code),
                                 TextOrNull(x.admin_code), x.population, x.lat, x.lon,
                                 CarriesInsee(x.country) ? TextOrNull(x.muni_sub) : db::Value()});
    }
}

std::int64_t GeoRepository::CountCountries() { return c_.QueryInt(kCountCountries); }

}  // namespace cncd::geo
