#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "db/search_index.hpp"
#include "modules/search/search.hpp"

namespace cncd::search {

/// What the snapshot is built from, as the repository reads it. Link rows are ordered by
/// project id.
struct SnapshotRows {
    struct Project {
        std::int64_t id = 0;
        std::string kind;
        std::string status;
        std::optional<int> start_year;
        std::optional<int> end_year;
        std::string title;
    };
    struct Theme {
        std::int64_t id = 0;
        std::optional<std::int64_t> parent_id;
        std::string slug;
        std::string name;
        int sort_order = 0;
    };
    struct Named {  ///< a co-financer, continent, country, région, département
        std::string code;
        std::string name;
        int sort_order = 0;
        std::string parent_code;  ///< a country's continent
        std::int64_t id = 0;      ///< co-financers: their id
        std::string slug;         ///< régions: their slug (the facet value; the code is an alias)
    };
    struct Partner {
        std::int64_t id = 0;
        std::string name;
        std::string country_iso2;
    };
    struct Authority {
        std::int64_t id = 0;
        std::string name;
        std::string kind;
        std::string region_code;
        std::string department_code;
    };
    struct Link {
        std::int64_t project_id = 0;
        std::int64_t target_id = 0;
    };

    std::vector<Project> projects;  ///< by id
    std::vector<Theme> themes;
    std::vector<Named> cofinancers;
    std::vector<Named> continents;
    std::vector<Named> countries;
    std::vector<Named> regions;
    std::vector<Named> departments;
    std::vector<Partner> partners;
    std::vector<Authority> authorities;
    std::vector<Link> project_themes;
    std::vector<Link> project_cofinancers;
    std::vector<Link> project_partners;
    std::vector<Link> project_authorities;
};

/// How many values the large facets (partner, authority) list, besides the selected ones.
inline constexpr std::size_t kLargeFacetLimit = 50;

/// The ordered result of a search on a snapshot.
struct Evaluation {
    std::int64_t total = 0;
    std::vector<std::int64_t> ids;  ///< the requested page, or every result, in order
    std::array<std::vector<FacetCount>, kFacetCount> facets;  ///< when asked
};

/// The per-project attributes the search filters, counts and sorts on, in memory, immutable,
/// for one data version. Every value of every facet has a number; each project has one sorted
/// run of the numbers of its values (a theme brings its parent theme, a detailed kind its
/// group), so that filtering and counting every facet is one pass over the candidate projects,
/// reading one contiguous run per project.
class Snapshot {
  public:
    /// Builds from the repository's rows; `version` is the data version they were read at.
    static std::shared_ptr<const Snapshot> Build(const SnapshotRows& rows, std::int64_t version);

    std::int64_t version() const { return version_; }
    std::size_t size() const { return ids_.size(); }

    /// Filters, counts facets (when `with_facets`) and sorts. `hits` are the keyword matches
    /// sorted by project id (nullptr when the query has no keywords; hits of projects the
    /// snapshot does not know are ignored). With `all_rows`, `ids` holds every result (for
    /// extractions), otherwise the query's page.
    Evaluation Evaluate(const SearchQuery& query, const std::vector<db::KeywordHit>* hits,
                        bool with_facets, bool all_rows) const;

  private:
    struct Value {
        std::string code;
        std::string label;
        int parent = -1;               ///< value number of the parent (sub-themes, detailed kinds)
        int order = -1;                ///< fixed listing order; -1: list by count
        std::uint32_t label_rank = 0;  ///< alphabetical rank of the label (case, accents ignored)
    };
    struct Dimension {
        std::vector<Value> values;
        std::unordered_map<std::string, std::uint32_t> by_code;
        std::uint32_t base = 0;  ///< number of its first value among all facets' values

        std::uint32_t Add(std::string code, std::string label, int order = -1, int parent = -1);
    };
    struct Candidate {
        std::uint32_t project;
        float score;
    };

    Dimension& dim(Facet f) { return dims_[static_cast<std::size_t>(f)]; }
    const Dimension& dim(Facet f) const { return dims_[static_cast<std::size_t>(f)]; }
    std::vector<FacetCount> ListFacet(Facet f, const std::vector<std::int64_t>& counts,
                                      const std::vector<std::uint8_t>& selected) const;
    std::span<const std::uint32_t> ValuesOf(std::uint32_t project) const {
        return {values_.data() + offsets_[project], values_.data() + offsets_[project + 1]};
    }
    void RankLabels();
    void Order(std::vector<Candidate>& results, SortOrder sort, bool scored, std::size_t begin,
               std::size_t end) const;

    std::int64_t version_ = 0;
    std::vector<std::int64_t> ids_;            ///< ascending; the index is the project's number
    std::vector<std::int16_t> start_year_;     ///< 0: unknown
    std::vector<std::int16_t> end_year_;       ///< 0: unknown (open-ended)
    std::vector<std::uint8_t> decentralised_;  ///< 1: coopération décentralisée, 0: autres
    std::vector<std::uint32_t> recent_rank_;
    std::vector<std::uint32_t> title_rank_;
    std::array<Dimension, kFacetCount> dims_;
    std::uint32_t value_count_ = 0;       ///< values of all facets
    std::vector<std::uint8_t> facet_of_;  ///< per value number: its facet
    std::vector<std::uint32_t> offsets_;  ///< per project, size() + 1 entries
    std::vector<std::uint32_t> values_;   ///< value numbers, sorted and unique per project
};

}  // namespace cncd::search
