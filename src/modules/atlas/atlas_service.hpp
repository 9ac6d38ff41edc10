#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "db/database.hpp"
#include "modules/atlas/atlas.hpp"
#include "modules/atlas/generation_cache.hpp"

namespace cncd::atlas {

struct FilterParams;
class AtlasMapService;

/// The rules of the public Atlas: what each navigation level counts, under which filters.
///
/// Definitions (the same for pages and API):
/// - the projects of a level are those with a partner inside it (continent, country, partner)
///   or a French authority inside it (région, département, authority); the world and France
///   hold every project;
/// - "collectivités françaises engagées" counts the distinct French authorities of those
///   projects; on the French side only the authorities inside the level;
/// - "collectivités partenaires" counts the distinct partners of those projects; on the
///   foreign side only the partners inside the level; "pays" counts those partners' countries;
/// - "thématiques" counts the distinct top-level themes of those projects (a sub-theme counts
///   as its parent);
/// - filters: show/hide the two kind groups, one theme (sub-themes included), one detailed
///   kind. They apply to every count, list and child; the APD table is never filtered (APD is
///   declared per authority, country and year, not per project); a partner has no APD table.
/// Computed figures are cached per (level, filters) until the next committed write.
class AtlasService {
  public:
    /// The largest page of a project list.
    static constexpr int kMaxPerPage = 100;
    /// Above this many French authorities a level does not list them all (only per type, the
    /// number and the most engaged).
    static constexpr std::int64_t kMaxListedAuthorities = 600;
    /// How many of the most engaged authorities of each type a level names.
    static constexpr std::size_t kTopAuthorities = 8;

    explicit AtlasService(db::Database& db);
    ~AtlasService();

    /// The figures of a level. NotFound for an unknown continent, country, partner, région,
    /// département or authority; InvalidArgument (field "theme") for an unknown theme.
    Result<std::shared_ptr<const LevelFigures>> GetLevel(const LevelRef& level,
                                                         const Filters& filters);

    /// One page of the projects of a level, sorted. InvalidArgument (field "page" or
    /// "per_page") for a page below 1 or a size outside 1..kMaxPerPage; a page after the last
    /// one is empty.
    Result<ProjectPage> ListProjects(const LevelRef& level, const Filters& filters,
                                     const PageRequest& request);

    /// A project sheet with every field. NotFound for an unknown id.
    Result<std::shared_ptr<const Project>> GetProject(std::int64_t id);

    /// Every theme, grouped under its top-level theme, in display order.
    std::vector<ThemeGroup> Themes();

    /// The continents, in display order.
    std::vector<ZoneRef> Continents();

    /// The filters as the SQL binds them. InvalidArgument (field "theme") for an unknown theme.
    Result<FilterParams> ResolveFilters(const Filters& filters);

    /// The interactive map's aggregates, under the same filters (atlas_map_service.hpp).
    AtlasMapService& Map() { return *map_; }

    /// Increases after every committed write (for caches of rendered pages).
    std::uint64_t Generation() const { return db_.Generation(); }

  private:
    struct Snapshot;
    struct LevelEntry;

    std::shared_ptr<const Snapshot> GetSnapshot();
    Result<std::shared_ptr<const LevelEntry>> GetEntry(const LevelRef& level,
                                                       const Filters& filters);
    Result<std::shared_ptr<const LevelEntry>> ComputeEntry(const LevelRef& level,
                                                           const Filters& filters);

    db::Database& db_;
    GenerationCache<Snapshot> snapshot_cache_;
    GenerationCache<LevelEntry> level_cache_;
    GenerationCache<Project> project_cache_;
    std::unique_ptr<AtlasMapService> map_;
};

}  // namespace cncd::atlas
