#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "db/database.hpp"
#include "modules/atlas/atlas.hpp"

namespace cncd::atlas {

/// Project filters as the SQL binds them (the theme already resolved to its id).
struct FilterParams {
    bool decentralised = true;
    bool other_actions = true;
    std::optional<ProjectKind> kind;
    std::optional<std::int64_t> theme_id;  ///< the theme and its sub-themes
};

/// One (project, French authority, partner) link of a level, with what the figures need.
/// The authority or the partner is missing when the project has none. On the foreign side of
/// the Atlas only partners inside the level appear; on the French side only authorities inside
/// the level.
struct EdgeRow {
    std::int64_t project_id = 0;
    std::string project_title;
    std::optional<int> start_year;
    std::optional<std::int64_t> authority_id;
    std::string authority_name;
    std::string authority_slug;
    std::string authority_kind;
    std::string authority_region;
    std::string authority_department;
    std::optional<std::int64_t> partner_id;
    std::string partner_name;
    std::string partner_slug;
    std::string partner_country;
    std::string partner_continent;
};

/// The reference names the figures need to label child levels.
struct ReferenceNames {
    struct Country {
        std::string name;
        std::string slug;
        std::string continent;
    };
    struct Department {
        std::string name;
        std::string slug;
        std::string region_code;
    };
    struct Region {
        std::string name;
        std::string slug;
        std::string zone;  ///< metro, drom, com
    };
    std::vector<ZoneRef> continents;                          ///< in display order
    std::unordered_map<std::string, Country> countries;       ///< by ISO alpha-2
    std::unordered_map<std::string, Region> regions;          ///< by INSEE code
    std::unordered_map<std::string, Department> departments;  ///< by INSEE code
    std::vector<std::string> region_order;                    ///< codes
};

/// SQL of the Atlas: each statement a named constant in the .cpp, values always bound.
namespace repository {

/// Continents, countries, régions and départements (names and slugs).
ReferenceNames LoadReferenceNames(db::Connection& c);

/// Every theme, parents before their children, in display order.
std::vector<ThemeRef> ListThemes(db::Connection& c);

/// (project id, top-level theme id) for every project theme.
std::vector<std::pair<std::int64_t, std::int64_t>> ListProjectTopThemes(db::Connection& c);

/// The links of the projects of a level that pass the filters. `key` is the level's database
/// key: continent slug, ISO alpha-2, partner id, région code, département code, authority id.
std::vector<EdgeRow> ListEdges(db::Connection& c, LevelKind level, const std::string& key,
                               const FilterParams& filters);

/// APD of a level by year, most recent first. Empty for a partner level.
std::vector<ApdYear> ListApdByYear(db::Connection& c, LevelKind level, const std::string& key);

/// The APD lines of one authority: (country ISO2, country name, year, amount).
struct ApdLine {
    std::string country_iso2;
    std::string country_name;
    int year = 0;
    std::int64_t amount_eur = 0;
};
std::vector<ApdLine> ListAuthorityApd(db::Connection& c, std::int64_t authority_id);

std::optional<PartnerInfo> FindPartner(db::Connection& c, std::int64_t id);
/// The authority's record and its contacts.
std::optional<AuthorityInfo> FindAuthority(db::Connection& c, std::int64_t id);

/// A project list line, or nothing when the project does not exist.
std::optional<ProjectSummary> FindProjectSummary(db::Connection& c, std::int64_t id);
/// A project sheet without its financing table and ancestors, or nothing when the project
/// does not exist.
std::optional<Project> FindProject(db::Connection& c, std::int64_t id);

/// One financing line of a project; no cofinancer id for the French authorities' own funds.
struct FinancingLine {
    std::optional<std::int64_t> cofinancer_id;
    std::string cofinancer_slug;
    std::string cofinancer_name;
    std::string cofinancer_kind;
    int year = 0;
    std::int64_t amount_eur = 0;
};
std::vector<FinancingLine> ListFinancing(db::Connection& c, std::int64_t project_id);

}  // namespace repository
}  // namespace cncd::atlas
