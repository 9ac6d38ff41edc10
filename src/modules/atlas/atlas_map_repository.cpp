#include "modules/atlas/atlas_map_repository.hpp"

#include <string_view>

namespace cncd::atlas::map_repository {
namespace {

constexpr std::string_view kCountries =
    "SELECT iso2, name, slug, continent, COALESCE(numeric_code, ''), lat, lon FROM countries";
constexpr std::string_view kPartners =
    "SELECT id, name, slug, country_iso2, '', lat, lon, location_precision FROM partners";
constexpr std::string_view kAuthorities =
    "SELECT id, name, slug, COALESCE(region_code, ''), kind, lat, lon, location_precision,"
    " COALESCE(department_code, '') FROM authorities";
constexpr std::string_view kDepartments =
    "SELECT code, name, slug, region_code, '', lat, lon FROM departments";
constexpr std::string_view kRegions = "SELECT code, name, slug, zone, '', NULL, NULL FROM regions";

PlaceRow MapPlace(const db::Row& r, bool with_precision) {
    PlaceRow p;
    p.key = r.Text(0);
    p.name = r.Text(1);
    p.slug = r.Text(2);
    p.group = r.Text(3);
    p.subgroup = r.Text(4);
    p.lat = r.OptionalDouble(5);
    p.lon = r.OptionalDouble(6);
    if (with_precision) p.precision = r.Text(7);
    return p;
}

std::vector<PlaceRow> ListPlaces(db::Connection& c, std::string_view sql, bool with_precision) {
    return c.QueryAll<PlaceRow>(
        sql, {}, [with_precision](const db::Row& r) { return MapPlace(r, with_precision); });
}

}  // namespace

std::vector<PlaceRow> ListCountries(db::Connection& c) { return ListPlaces(c, kCountries, false); }
std::vector<PlaceRow> ListPartners(db::Connection& c) { return ListPlaces(c, kPartners, true); }
std::vector<PlaceRow> ListDepartments(db::Connection& c) {
    return ListPlaces(c, kDepartments, false);
}
std::vector<PlaceRow> ListRegions(db::Connection& c) { return ListPlaces(c, kRegions, false); }

std::vector<AuthorityRow> ListAuthorities(db::Connection& c) {
    return c.QueryAll<AuthorityRow>(kAuthorities, {}, [](const db::Row& r) {
        return AuthorityRow{MapPlace(r, true), r.Text(8)};
    });
}

}  // namespace cncd::atlas::map_repository
