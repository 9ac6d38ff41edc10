#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "db/database.hpp"

namespace cncd::search {

/// A place on the search map and how precise it is: "city", "region" or "country".
struct MapPoint {
    double lat = 0;
    double lon = 0;
    std::string precision;
};

/// A partner country of the results: the results with a partner there (a project with partners
/// in two countries counts in both), their French authorities and those partners.
struct MapCountryCount {
    std::string iso2;
    std::string numeric;  ///< ISO 3166 numeric, the world-atlas feature id ("" when unknown)
    std::string name;
    std::string continent;          ///< slug
    std::optional<MapPoint> point;  ///< a representative point (capital or centroid)
    std::int64_t projects = 0;
    std::int64_t french_authorities = 0;
    std::int64_t partner_authorities = 0;
};

/// A partner authority of the results, with the brochure's popup figures for those results:
/// French authorities it works with, projects, top-level themes.
struct MapPartnerCount {
    std::int64_t id = 0;
    std::string name;
    std::string slug;
    std::string country_iso2;
    std::string country_name;
    std::string continent;
    std::optional<MapPoint> point;  ///< its own point, else its country's (precision "country")
    std::int64_t french_authorities = 0;
    std::int64_t projects = 0;
    std::int64_t themes = 0;
};

/// The results of a search aggregated by place. Countries and partners with at least one
/// result only, most projects first, then by name.
struct SearchMap {
    std::int64_t total = 0;  ///< the number of results
    std::vector<MapCountryCount> countries;
    std::vector<MapPartnerCount> partners;
};

/// Aggregates the projects `ids` (the results of a search) by partner country and by partner,
/// in one read. Ids that do not exist are ignored.
SearchMap AggregateMap(db::Connection& c, const std::vector<std::int64_t>& ids);

/// The Atlas page of a partner: "/atlas/partenaires/12-new-delhi" (slugs are made of lower-case
/// letters, digits and dashes).
inline std::string PartnerPagePath(std::int64_t id, std::string_view slug) {
    return "/atlas/partenaires/" + std::to_string(id) +
           (slug.empty() ? "" : "-" + std::string(slug));
}

/// The Atlas page of a country: "/atlas/pays/sn".
std::string CountryPagePath(std::string_view iso2);

}  // namespace cncd::search
