#pragma once

#include <nlohmann/json.hpp>
#include <vector>

#include "modules/atlas/atlas.hpp"

namespace cncd::atlas {

/// The complete lists a level page links to.
enum class ListKind { kAuthorities, kPartners };

/// Whether a level has a complete list of this kind: French authorities for a continent, a
/// country, a partner, a région or a département (when its members are listed); partners for a
/// country or a French authority.
bool HasList(const LevelFigures& figures, ListKind kind);

/// The view of a level page (template atlas_level): heading, filters, figures, children,
/// French authorities by type, one page of projects, APD, and the partner's or authority's
/// record on their pages. Links keep the filters.
nlohmann::json LevelPageView(const LevelFigures& figures, const Filters& filters,
                             const ProjectPage& page, const std::vector<ThemeGroup>& themes);

/// The view of a level's complete list (template atlas_list). Only for levels where HasList.
nlohmann::json ListPageView(const LevelFigures& figures, const Filters& filters, ListKind kind);

/// The view of a project sheet (template atlas_project).
nlohmann::json ProjectPageView(const Project& project);

/// The view of the home page (template home): the world's figures, the zones and the most
/// engaged régions of France.
nlohmann::json HomeView(const LevelFigures& world, const LevelFigures& france);

}  // namespace cncd::atlas
