#pragma once

#include <optional>
#include <string>
#include <vector>

#include "db/database.hpp"

namespace cncd::atlas::map_repository {

/// A reference place with its coordinates, as stored (no fallback applied).
struct PlaceRow {
    std::string key;  ///< ISO2, partner or authority id, département or région code
    std::string name;
    std::string slug;
    std::string group;     ///< continent (country), country (partner), région (département)
    std::string subgroup;  ///< ISO numeric (country), authority kind, département (authority)
    std::optional<double> lat;
    std::optional<double> lon;
    std::string precision;  ///< partners and authorities only
};

/// Every country: key ISO2, group continent, subgroup ISO numeric, its representative point.
std::vector<PlaceRow> ListCountries(db::Connection& c);
/// Every partner: key id, group country ISO2, its point and location precision.
std::vector<PlaceRow> ListPartners(db::Connection& c);
/// Every French authority: key id, group région code, subgroup kind, `slug`, its point and
/// precision; the département code is returned in `department`.
struct AuthorityRow {
    PlaceRow place;
    std::string department;
};
std::vector<AuthorityRow> ListAuthorities(db::Connection& c);
/// Every département: key code, group région code, centroid.
std::vector<PlaceRow> ListDepartments(db::Connection& c);
/// Every région: key code, name, slug.
std::vector<PlaceRow> ListRegions(db::Connection& c);

}  // namespace cncd::atlas::map_repository
