#include "modules/demo/reference_reader.hpp"

#include <algorithm>
#include <array>
#include <string_view>

namespace cncd::demo {
namespace {

constexpr std::string_view kSelectCountries =
    "SELECT iso2, name, continent, apd_eligible, lat, lon FROM countries ORDER BY iso2";
constexpr std::string_view kSelectRegions =
    "SELECT code, name, coalesce(chef_lieu, ''), zone FROM regions ORDER BY code";
constexpr std::string_view kSelectDepartments =
    "SELECT code, name, region_code, coalesce(chef_lieu, '') FROM departments ORDER BY code";
constexpr std::string_view kSelectCommunes =
    "SELECT insee, name, siren, coalesce(department_code, ''), coalesce(region_code, ''),"
    " coalesce(population, 0), lat, lon, location_precision FROM communes ORDER BY insee";
constexpr std::string_view kSelectEpcis =
    "SELECT siren, name, kind, coalesce(population, 0), coalesce(seat_insee, '') FROM epcis"
    " ORDER BY siren";
// Foreign places only: French communes are located through the communes table.
constexpr std::string_view kSelectPlaces =
    "SELECT geonames_id, name, country_iso2, coalesce(feature_code, ''), population, lat, lon"
    " FROM cities WHERE country_iso2 <> 'FR'"
    " ORDER BY country_iso2, population DESC, geonames_id";

constexpr std::array<std::string_view, 7> kReferenceCounts = {
    "SELECT count(*) FROM continents", "SELECT count(*) FROM countries",
    "SELECT count(*) FROM regions",    "SELECT count(*) FROM departments",
    "SELECT count(*) FROM communes",   "SELECT count(*) FROM epcis",
    "SELECT count(*) FROM cities",
};

constexpr std::array<std::string_view, 6> kAtlasCounts = {
    "SELECT count(*) FROM projects",    "SELECT count(*) FROM authorities",
    "SELECT count(*) FROM partners",    "SELECT count(*) FROM themes",
    "SELECT count(*) FROM cofinancers", "SELECT count(*) FROM apd_amounts",
};

}  // namespace

bool HasReferenceData(db::Connection& c) {
    for (const auto sql : kReferenceCounts) {
        if (c.QueryInt(sql) == 0) return false;
    }
    return true;
}

bool HasAtlasRows(db::Connection& c) {
    for (const auto sql : kAtlasCounts) {
        if (c.QueryInt(sql) > 0) return true;
    }
    return false;
}

Reference ReadReference(db::Connection& c) {
    Reference ref;
    c.Query(kSelectCountries, {}, [&](const db::Row& row) {
        ref.countries.push_back(RefCountry{row.Text(0), row.Text(1), row.Text(2), row.Int(3) != 0,
                                           row.OptionalDouble(4), row.OptionalDouble(5)});
    });
    c.Query(kSelectRegions, {}, [&](const db::Row& row) {
        ref.regions.push_back(RefRegion{row.Text(0), row.Text(1), row.Text(2), row.Text(3)});
    });
    c.Query(kSelectDepartments, {}, [&](const db::Row& row) {
        ref.departments.push_back(
            RefDepartment{row.Text(0), row.Text(1), row.Text(2), row.Text(3)});
    });
    c.Query(kSelectCommunes, {}, [&](const db::Row& row) {
        RefCommune commune;
        commune.insee = row.Text(0);
        commune.name = row.Text(1);
        if (!row.IsNull(2)) commune.siren = row.Text(2);
        commune.department_code = row.Text(3);
        commune.region_code = row.Text(4);
        commune.population = row.Int(5);
        commune.lat = row.OptionalDouble(6);
        commune.lon = row.OptionalDouble(7);
        commune.precision = row.Text(8);
        ref.communes.push_back(std::move(commune));
    });
    c.Query(kSelectEpcis, {}, [&](const db::Row& row) {
        ref.epcis.push_back(
            RefEpci{row.Text(0), row.Text(1), row.Text(2), row.Int(3), row.Text(4)});
    });
    c.Query(kSelectPlaces, {}, [&](const db::Row& row) {
        RefPlace place{row.Int(0), row.Text(1),   row.Text(2),  row.Text(3),
                       row.Int(4), row.Double(5), row.Double(6)};
        ref.places[place.country_iso2].push_back(std::move(place));
    });
    return ref;
}

const RefCountry* Reference::FindCountry(const std::string& iso2) const {
    for (const auto& country : countries) {
        if (country.iso2 == iso2) return &country;
    }
    return nullptr;
}

const RefCommune* Reference::FindCommune(const std::string& insee) const {
    // Communes are sorted by INSEE code (ORDER BY insee).
    auto it = std::lower_bound(
        communes.begin(), communes.end(), insee,
        [](const RefCommune& c, const std::string& code) { return c.insee < code; });
    if (it == communes.end() || it->insee != insee) return nullptr;
    return &*it;
}

const RefPlace* Reference::FindPlace(std::int64_t geonames_id) const {
    for (const auto& [iso2, list] : places) {
        for (const auto& place : list) {
            if (place.geonames_id == geonames_id) return &place;
        }
    }
    return nullptr;
}

}  // namespace cncd::demo
