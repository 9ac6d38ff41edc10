#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "db/database.hpp"
#include "modules/fiches/fiches.hpp"

/// SQL of the fiches: each statement a named constant in the .cpp, values always bound.
namespace cncd::fiches::repository {

/// The fiche as stored now (links with their names), or nothing for an unknown project.
std::optional<Fiche> FindFiche(db::Connection& c, std::int64_t id);
/// projects.updated_at, empty for an unknown project.
std::string FindUpdatedAt(db::Connection& c, std::int64_t id);
/// The project's lead and associated French authorities; nothing for an unknown project.
std::optional<ProjectOwners> FindOwners(db::Connection& c, std::int64_t id);
/// The highest stored version number, 0 when the project has none.
int MaxVersion(db::Connection& c, std::int64_t id);

/// Inserts the project row (slug from the title) and returns its id.
std::int64_t InsertProject(db::Connection& c, const Fiche& fiche, const std::string& now);
/// Writes the project row's fields and updated_at.
void UpdateProject(db::Connection& c, std::int64_t id, const Fiche& fiche, const std::string& now);
/// Replaces the project's French authorities, themes, partners and financing lines.
void ReplaceLinks(db::Connection& c, std::int64_t id, const Fiche& fiche);

/// Stores a version; the snapshot is the fiche as JSON.
void InsertVersion(db::Connection& c, const VersionInfo& info,
                   std::optional<std::int64_t> author_authority, const Fiche& snapshot);
/// The history, most recent first.
std::vector<VersionInfo> ListVersions(db::Connection& c, std::int64_t project_id);
/// One version with its snapshot, or nothing.
std::optional<Version> FindVersion(db::Connection& c, std::int64_t project_id, int version);
/// The latest stored version's line, or nothing when the project has none.
std::optional<VersionInfo> FindLatestVersion(db::Connection& c, std::int64_t project_id);

/// Recent changes (baselines excluded), newest first, with the lead authority and its place.
ChangePage ListChanges(db::Connection& c, const ChangeFilter& filter, int per_page);

/// Names of reference records; nothing for an unknown id.
std::optional<std::string> FindThemeName(db::Connection& c, std::int64_t id);
std::optional<std::string> FindPartnerName(db::Connection& c, std::int64_t id);
std::optional<std::string> FindAuthorityName(db::Connection& c, std::int64_t id);
std::optional<std::string> FindCofinancerName(db::Connection& c, std::int64_t id);

/// A reference record for pickers: id, name and a detail (partner: country; authority:
/// département or région).
struct Choice {
    std::int64_t id = 0;
    std::string name;
    std::string detail;
    std::optional<std::int64_t> parent_id;  ///< themes: the parent theme
};
std::vector<Choice> ListThemes(db::Connection& c);
std::vector<Choice> ListCofinancers(db::Connection& c);
std::vector<Choice> ListPartnerChoices(db::Connection& c);
std::vector<Choice> ListAuthorityChoices(db::Connection& c);

/// The régions: (code, name), by name.
std::vector<std::pair<std::string, std::string>> ListRegions(db::Connection& c);

/// The projects an authority leads or is associated with, by title.
std::vector<MyFiche> ListAuthorityFiches(db::Connection& c, std::int64_t authority_id);

/// What the quality rules read about one fiche led by an authority.
struct QualityRow {
    std::int64_t project_id = 0;
    std::string title;
    std::int64_t authority_id = 0;
    std::string kind;
    std::string status;
    bool has_objectives = false;
    bool has_description = false;
    bool has_start_year = false;
    bool has_end_year = false;
    bool has_convention_date = false;
    std::string updated_at;
    std::int64_t themes = 0;
    std::int64_t partners = 0;
    std::int64_t partners_unlocated = 0;     ///< no coordinates, or only the country
    std::int64_t partners_without_code = 0;  ///< no GeoNames id
    std::int64_t financing_lines = 0;
};
/// Every fiche led by the authority, or by any authority when `authority_id` is empty.
std::vector<QualityRow> ListQualityRows(db::Connection& c,
                                        std::optional<std::int64_t> authority_id);

/// The authority's record as the quality rules read it.
struct AuthorityRow {
    std::int64_t id = 0;
    std::string name;
    std::string kind;
    std::string siren;
    std::string insee;
    std::string region_code;
    std::string region_name;
};
std::optional<AuthorityRow> FindAuthorityRow(db::Connection& c, std::int64_t id);
/// Every authority that leads at least one project (region_code filters when not empty).
std::vector<AuthorityRow> ListLeadAuthorities(db::Connection& c, const std::string& region_code);

}  // namespace cncd::fiches::repository
