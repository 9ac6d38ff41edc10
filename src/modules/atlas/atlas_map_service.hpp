#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/result.hpp"
#include "db/database.hpp"
#include "modules/atlas/atlas.hpp"
#include "modules/atlas/generation_cache.hpp"

namespace cncd::atlas {

class AtlasService;

/// A point and how precise it is: "city", "region" or "country" for a partner; "city",
/// "department" or "region" for a French authority.
struct MapPoint {
    double lat = 0;
    double lon = 0;
    std::string precision;
};

/// A country of the world choropleth: the projects with a partner in it (as on its page).
struct MapCountry {
    std::string iso2;
    std::string numeric;  ///< ISO 3166 numeric, the world-atlas feature id
    std::string name;
    std::string continent;
    std::optional<MapPoint> point;  ///< a representative point (capital or centroid)
    std::int64_t projects = 0;
    std::int64_t french_authorities = 0;
    std::int64_t partner_authorities = 0;
};

/// A partner marker: the brochure's popup figures (French partner authorities, projects,
/// top-level themes) for the current filters.
struct MapPartner {
    std::int64_t id = 0;
    std::string name;
    std::string slug;
    std::string country_iso2;
    std::string country_name;
    std::string continent;
    std::optional<MapPoint> point;  ///< the partner's point, else its country's (precision country)
    std::int64_t french_authorities = 0;
    std::int64_t projects = 0;
    std::int64_t themes = 0;
};

/// A French authority marker.
struct MapAuthority {
    std::int64_t id = 0;
    std::string name;
    std::string slug;
    AuthorityKind kind = AuthorityKind::kCommune;
    std::string region_code;
    std::string department_code;
    std::optional<MapPoint> point;  ///< its point, else its département's centroid
    std::int64_t projects = 0;
    std::int64_t partners = 0;
    std::int64_t themes = 0;
};

/// A département bubble: the projects of its authorities.
struct MapDepartment {
    std::string code;
    std::string name;
    std::string region_code;
    std::optional<MapPoint> point;  ///< centroid of its located communes
    std::int64_t projects = 0;
    std::int64_t authorities = 0;
};

/// A French région, for the aggregated pair view: its centroid is the mean of its
/// départements' centroids.
struct MapRegion {
    std::string code;
    std::string name;
    std::string slug;
    std::optional<MapPoint> point;
};

/// One French authority ↔ partner link with the number of projects they share.
struct MapPair {
    std::int64_t authority_id = 0;
    std::int64_t partner_id = 0;
    std::int64_t projects = 0;
    std::vector<std::int64_t> project_ids;  ///< for the French side's per-country counts
};

/// One French région ↔ partner country flow: the distinct projects between the région's
/// authorities and the country's partners.
struct MapFlow {
    std::string region_code;
    std::string country_iso2;
    std::int64_t projects = 0;
};

/// Everything the map shows for one set of filters; lists sorted by name (pairs and flows by
/// projects, most first). Only places with at least one project appear.
struct MapData {
    std::vector<MapCountry> countries;
    std::vector<MapPartner> partners;
    std::vector<MapAuthority> authorities;
    std::vector<MapDepartment> departments;
    std::vector<MapRegion> regions;  ///< every région (reference, for slugs and flows)
    std::vector<MapPair> pairs;
    std::vector<MapFlow> flows;
    std::vector<ZoneRef> continents;
    std::unordered_set<std::string> country_codes;     ///< every known ISO2 (with projects or not)
    std::unordered_set<std::string> department_codes;  ///< every known département code
    std::unordered_map<std::int64_t, std::size_t> partner_index;    ///< id → index in partners
    std::unordered_map<std::int64_t, std::size_t> authority_index;  ///< id → index in authorities
};

/// The interactive map's aggregates. Computed from the same links as the level figures (so a
/// country's projects equal its page's), once per filters and database generation.
class AtlasMapService {
  public:
    /// `atlas` resolves the filters (the theme slug) exactly as the level pages do.
    AtlasMapService(db::Database& db, AtlasService& atlas);

    /// The map's data for the filters. InvalidArgument (field "theme") for an unknown theme.
    Result<std::shared_ptr<const MapData>> Get(const Filters& filters);

  private:
    Result<std::shared_ptr<const MapData>> Compute(const Filters& filters);

    db::Database& db_;
    AtlasService& atlas_;
    GenerationCache<MapData> cache_;
};

}  // namespace cncd::atlas
