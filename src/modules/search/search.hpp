#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cncd::search {

/// A filter dimension of the Atlas search; each has facet counts.
enum class Facet {
    kTheme,          ///< theme slug; a theme includes its sub-themes
    kCofinancer,     ///< co-financer slug
    kContinent,      ///< continent slug (of a partner's country)
    kCountry,        ///< ISO alpha-2 of a partner's country
    kPartner,        ///< partner authority id
    kRegion,         ///< région slug of a French authority (its INSEE code is accepted too)
    kDepartment,     ///< INSEE département code of a French authority
    kAuthority,      ///< French authority id
    kAuthorityType,  ///< region, departement, commune, epci, syndicat, com
    kKind,           ///< cooperation_decentralisee / autres_actions, or a detailed kind
    kStatus,         ///< planned, active, finished
};

inline constexpr std::size_t kFacetCount = 11;

/// Every facet, in the order of the enum.
inline constexpr std::array<Facet, kFacetCount> kFacets = {
    Facet::kTheme,         Facet::kCofinancer, Facet::kContinent,  Facet::kCountry,
    Facet::kPartner,       Facet::kRegion,     Facet::kDepartment, Facet::kAuthority,
    Facet::kAuthorityType, Facet::kKind,       Facet::kStatus,
};

/// The query parameter (and JSON key) of a facet: "theme", "authority_type"…
std::string_view FacetName(Facet facet);

enum class SortOrder {
    kRelevance,  ///< BM25 with column weights; the most recent first without keywords
    kRecent,     ///< latest start year first
    kTitle,      ///< title, ignoring case and accents
};

/// "relevance", "recent", "title".
std::string_view SortOrderName(SortOrder order);

/// A search as the user asked it. Values within a facet are alternatives (OR); facets and the
/// year range all apply (AND). Values are codes (slugs, ISO codes, ids); an unknown value
/// matches nothing.
struct SearchQuery {
    std::string keywords;
    std::array<std::vector<std::string>, kFacetCount> filters;
    std::optional<int> from_year;    ///< projects active in or after this year
    std::optional<int> to_year;      ///< projects active in or before this year
    bool show_decentralised = true;  ///< the Atlas switch "coopération décentralisée" (cd)
    bool show_other = true;          ///< the Atlas switch "autres actions extérieures" (autres)
    SortOrder sort = SortOrder::kRelevance;
    int page = 1;
    int per_page = 20;

    std::vector<std::string>& Values(Facet f) { return filters[static_cast<std::size_t>(f)]; }
    const std::vector<std::string>& Values(Facet f) const {
        return filters[static_cast<std::size_t>(f)];
    }
};

/// Limits of a query (the API answers 400 beyond them).
inline constexpr std::size_t kMaxKeywordChars = 200;
inline constexpr std::size_t kMaxKeywordWords = 20;
inline constexpr int kMaxPerPage = 100;
inline constexpr int kDefaultPerPage = 20;

/// One value of a facet with the number of projects it would give.
struct FacetCount {
    std::string value;   ///< the code to filter on
    std::string label;   ///< French label
    std::string parent;  ///< the parent value (sub-themes, detailed kinds), empty otherwise
    std::int64_t count = 0;
    bool selected = false;
};

/// A named reference in a result: an authority, a partner, a theme.
struct Ref {
    std::int64_t id = 0;
    std::string code;  ///< slug (themes), ISO code…
    std::string name;
};

/// A partner authority of a project, with its country.
struct PartnerRef {
    std::int64_t id = 0;
    std::string name;
    std::string country_iso2;
    std::string country;
    std::string continent;  ///< slug
    std::string continent_name;
    std::optional<double> lat;
    std::optional<double> lon;
    std::string location_precision;  ///< city, region, country
};

/// A French authority of a project.
struct AuthorityRef {
    std::int64_t id = 0;
    std::string name;
    std::string kind;  ///< region, departement, commune…
    std::string region_code;
    std::string region;
    std::string department_code;
    std::string department;
    bool lead = false;
};

/// A co-financer of a project with its total over the years.
struct CofinancerRef {
    std::string slug;
    std::string name;
    std::int64_t amount_eur = 0;
};

/// A project as a search result or an extraction row.
struct ProjectRecord {
    std::int64_t id = 0;
    std::string slug;
    std::string title;
    std::string kind;    ///< cooperation, twinning…
    std::string status;  ///< planned, active, finished
    std::optional<int> start_year;
    std::optional<int> end_year;
    std::string convention_date;
    std::string updated_at;
    std::vector<Ref> themes;                ///< its own themes (not their parents), code = slug
    std::vector<AuthorityRef> authorities;  ///< lead first
    std::vector<PartnerRef> partners;
    std::vector<CofinancerRef> cofinancers;  ///< extractions only
    std::int64_t financing_total_eur = 0;    ///< extractions only: every line, own funds included
};

/// The address of a project's sheet on the Atlas: "/atlas/projets/42-slug" (slugs are made of
/// lower-case letters, digits and dashes).
inline std::string ProjectSheetPath(std::int64_t id, std::string_view slug) {
    return "/atlas/projets/" + std::to_string(id) + (slug.empty() ? "" : "-" + std::string(slug));
}

/// A page of results and the facet counts of the whole result set.
struct SearchPage {
    std::int64_t total = 0;
    int page = 1;
    int per_page = kDefaultPerPage;
    SortOrder sort = SortOrder::kRelevance;
    std::vector<ProjectRecord> items;
    /// Per facet, in the order of kFacets. The counts of a facet apply every filter but that
    /// facet's own, so they say what choosing a value (instead of, or besides, the current ones)
    /// would give: with no filter on that facet, a value's count is the total the search would
    /// have with that value added.
    std::array<std::vector<FacetCount>, kFacetCount> facets;
};

}  // namespace cncd::search
