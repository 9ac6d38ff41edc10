#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cncd::atlas {

/// The detailed kind of a project (projects.kind).
enum class ProjectKind { kCooperation, kTwinning, kOneOff, kOudinSantini, kEmergency };

/// The two groups the Atlas shows or hides: "coopération décentralisée" (cooperation and
/// twinning) and "autres actions extérieures" (one-off, Oudin-Santini, emergency).
enum class KindGroup { kDecentralised, kOther };

enum class ProjectStatus { kPlanned, kActive, kFinished };

/// French authority types, declared in the order the Atlas lists them (Conseils régionaux,
/// Conseils départementaux, Communes, Intercommunalités, Syndicats, Collectivités d'outre-mer).
enum class AuthorityKind { kRegion, kDepartement, kCommune, kEpci, kSyndicat, kCom };

/// A navigation level of the Atlas: the foreign side (world → continent → country → partner)
/// and the French side (France → région → département → authority).
enum class LevelKind {
    kWorld,
    kContinent,
    kCountry,
    kPartner,
    kFrance,
    kRegion,
    kDepartment,
    kAuthority,
};

/// The database codes of the enums ("cooperation", "commune"…) and back. Parse* return
/// nothing for an unknown code.
std::string_view ProjectKindCode(ProjectKind kind);
std::optional<ProjectKind> ParseProjectKind(std::string_view code);
KindGroup GroupOf(ProjectKind kind);
std::string_view KindGroupCode(KindGroup group);  ///< "cooperation_decentralisee", "autres_actions"
std::string_view ProjectStatusCode(ProjectStatus status);
std::optional<ProjectStatus> ParseProjectStatus(std::string_view code);
std::string_view AuthorityKindCode(AuthorityKind kind);
std::optional<AuthorityKind> ParseAuthorityKind(std::string_view code);
std::string_view LevelKindCode(LevelKind kind);  ///< "world", "continent", "country"…

/// Which one level: `key` is the continent slug, the country ISO alpha-2 (upper case), the
/// partner id, the région slug, the département code or the authority id; empty for the
/// world and France.
struct LevelRef {
    LevelKind kind = LevelKind::kWorld;
    std::string key;

    static LevelRef World() { return {LevelKind::kWorld, {}}; }
    static LevelRef France() { return {LevelKind::kFrance, {}}; }
};

/// What every level page and the API may filter on. The defaults show everything.
struct Filters {
    bool decentralised = true;        ///< show "coopération décentralisée" (URL: cd)
    bool other_actions = true;        ///< show "autres actions extérieures" (URL: autres)
    std::string theme;                ///< a theme slug; its sub-themes are included
    std::optional<ProjectKind> kind;  ///< one detailed kind (API: kind)

    bool IsDefault() const { return decentralised && other_actions && theme.empty() && !kind; }
    /// A stable text form, used as a cache key.
    std::string Key() const;
};

/// The "état des lieux chiffré" counts of a level (or of one of its children).
struct Counts {
    std::int64_t projects = 0;
    std::int64_t authorities = 0;  ///< French authorities engaged
    std::int64_t partners = 0;     ///< partner (foreign) authorities
    std::int64_t countries = 0;    ///< countries of those partners
    std::int64_t themes = 0;       ///< distinct top-level themes of the projects
};

struct ApdYear {
    int year = 0;
    std::int64_t amount_eur = 0;
};

/// A French authority engaged at a level, with its number of projects there.
struct AuthorityItem {
    std::int64_t id = 0;
    std::string name;
    std::string slug;
    AuthorityKind kind = AuthorityKind::kCommune;
    std::int64_t projects = 0;
};

/// French authorities of one type at a level. `members` (by name) is empty when the level is
/// too large to list them (LevelFigures::members_listed); `top` always holds the most engaged.
struct AuthorityGroup {
    AuthorityKind kind = AuthorityKind::kCommune;
    std::int64_t count = 0;
    std::vector<AuthorityItem> members;
    std::vector<AuthorityItem> top;  ///< most projects first, at most AtlasService::kTopAuthorities
};

/// A child level with its counts: a continent of the world, a country of a continent, a partner
/// of a country or of an authority, a région of France, a département of a région. The world
/// lists every continent, France every région (overseas collectivities only with projects), a
/// région every département; the other levels list the children that have projects.
struct Child {
    LevelRef ref;
    std::string name;
    std::string slug;    ///< for partner children: the partner's slug (links)
    std::string detail;  ///< partner children: the country name
    Counts counts;
};

/// A level and its name, for breadcrumbs.
struct Place {
    LevelRef ref;
    std::string name;
    std::string slug;
};

/// A foreign partner authority.
struct PartnerInfo {
    std::int64_t id = 0;
    std::string name;
    std::string slug;
    std::string country_iso2;
    std::string country_name;
    std::string continent_slug;
    std::string continent_name;
    std::string level;  ///< municipality, intermunicipal, province, region, state, other
    std::optional<std::int64_t> geonames_id;
    std::optional<std::int64_t> population;
    std::optional<double> lat;
    std::optional<double> lon;
    std::string location_precision;  ///< city, region, country
};

/// Elected official or manager in charge of international relations.
struct AuthorityContact {
    std::string role;  ///< elected, manager
    std::string first_name;
    std::string last_name;
    std::string title;
    std::string email;
    std::string phone;
};

/// A French authority with its record.
struct AuthorityInfo {
    std::int64_t id = 0;
    AuthorityKind kind = AuthorityKind::kCommune;
    std::string name;
    std::string slug;
    std::string siren;
    std::string insee;
    std::string region_code;
    std::string region_name;
    std::string region_slug;
    std::string department_code;
    std::string department_name;
    std::optional<std::int64_t> population;
    std::optional<double> lat;
    std::optional<double> lon;
    std::string location_precision;  ///< city, department, region
    std::string website;
    std::string address;
    std::string phone;
    std::string email;
    std::string updated_at;
    std::vector<AuthorityContact> contacts;
};

/// APD declared by one authority for one country, by year.
struct ApdCountryRow {
    std::string country_iso2;
    std::string country_name;
    std::vector<ApdYear> years;  ///< same order as AuthorityApd::years; 0 when nothing declared
    std::int64_t total = 0;
};

/// An authority's APD as a country × year table.
struct AuthorityApd {
    std::vector<int> years;  ///< descending
    std::vector<ApdCountryRow> rows;
    std::vector<ApdYear> totals;  ///< per year, same order as years
    std::int64_t total = 0;
};

/// Everything a level page shows, except the paged project list. Computed for one set of
/// filters; APD is never filtered (it is declared by country and year, not by project).
struct LevelFigures {
    LevelRef ref;
    std::string name;
    std::string slug;
    std::vector<Place> ancestors;  ///< from the top (world or France) down, without the level
    Counts counts;
    /// APD by year, most recent first. Empty for a partner: APD is declared per country.
    std::vector<ApdYear> apd;
    bool has_apd = true;                           ///< false for a partner level
    std::vector<AuthorityGroup> authority_groups;  ///< in AuthorityKind order, empty groups omitted
    bool members_listed = true;  ///< false when the level has too many authorities to list
    LevelKind child_kind = LevelKind::kWorld;
    std::vector<Child> children;             ///< empty when the level has no child level
    std::optional<PartnerInfo> partner;      ///< partner levels
    std::optional<AuthorityInfo> authority;  ///< authority levels
    std::optional<AuthorityApd> authority_apd;
    std::string country_iso2;    ///< country levels
    std::string continent_slug;  ///< country levels: the continent
    std::string continent_name;
};

enum class ProjectSort { kTitle, kRecent };

struct PageRequest {
    int page = 1;  ///< from 1
    int per_page = 20;
    ProjectSort sort = ProjectSort::kTitle;
};

/// A short reference to an authority or a partner, as shown in project lists.
struct NamedRef {
    std::int64_t id = 0;
    std::string name;
    std::string slug;
    std::string detail;  ///< the partner's country name
};

/// A line of a project list.
struct ProjectSummary {
    std::int64_t id = 0;
    std::string slug;
    std::string title;
    ProjectKind kind = ProjectKind::kCooperation;
    ProjectStatus status = ProjectStatus::kActive;
    std::optional<int> start_year;
    std::optional<int> end_year;
    std::vector<NamedRef> authorities;
    std::vector<NamedRef> partners;
    std::string updated_at;
};

struct ProjectPage {
    std::int64_t total = 0;
    int page = 1;
    int per_page = 20;
    int pages = 1;  ///< at least 1
    ProjectSort sort = ProjectSort::kTitle;
    std::vector<ProjectSummary> items;
};

struct ThemeRef {
    std::int64_t id = 0;
    std::string slug;
    std::string name;
    std::string dac_code;
    std::optional<std::int64_t> parent_id;
    std::string parent_slug;
    std::string parent_name;
};

/// A top-level theme and its sub-themes, in display order.
struct ThemeGroup {
    ThemeRef theme;
    std::vector<ThemeRef> children;
};

struct ProjectAuthority {
    std::int64_t id = 0;
    std::string name;
    std::string slug;
    AuthorityKind kind = AuthorityKind::kCommune;
    std::string role;  ///< lead, associate
    std::string department_name;
    std::string region_name;
};

/// Financing of a project as a co-financer × year table with totals.
struct FinancingRow {
    std::optional<std::int64_t> cofinancer_id;  ///< nothing: the French authorities' own funds
    std::string cofinancer_slug;
    std::string cofinancer_name;
    std::string cofinancer_kind;
    std::vector<std::int64_t> amounts;  ///< one per FinancingTable::years, 0 when none
    std::int64_t total = 0;
};

struct FinancingTable {
    std::vector<int> years;  ///< ascending
    std::vector<FinancingRow> rows;
    std::vector<std::int64_t> year_totals;
    std::int64_t total = 0;
};

struct OtherPartner {
    std::string kind;  ///< association, university, hospital, ngo, company, public_body, other
    std::string name;
    std::string side;  ///< france, partner
};

struct ProjectContact {
    std::string name;
    std::string title;
    std::string email;
    std::string phone;
};

struct Volunteers {
    std::string programme;
    std::int64_t count = 0;
    int year = 0;
};

/// A project sheet (fiche-projet) with every field.
struct Project {
    std::int64_t id = 0;
    std::string slug;
    std::string title;
    ProjectKind kind = ProjectKind::kCooperation;
    ProjectStatus status = ProjectStatus::kActive;
    std::string objectives;
    std::string description;
    std::string history;
    std::string context;
    std::optional<int> start_year;
    std::optional<int> end_year;
    std::string convention_date;  ///< ISO date, empty when none
    std::string created_at;
    std::string updated_at;
    std::vector<ProjectAuthority> authorities;  ///< lead first
    std::vector<PartnerInfo> partners;
    std::vector<ThemeRef> themes;
    FinancingTable financing;
    std::vector<OtherPartner> other_partners;
    std::vector<ProjectContact> contacts;
    std::vector<Volunteers> volunteers;
    std::vector<Place> ancestors;  ///< the lead authority's path (France → … → authority)
};

/// A continent or région, as listed on the home page.
struct ZoneRef {
    std::string slug;
    std::string name;
};

}  // namespace cncd::atlas
