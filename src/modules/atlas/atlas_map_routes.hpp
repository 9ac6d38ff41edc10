#pragma once

#include "modules/atlas/atlas_service.hpp"
#include "web/router.hpp"
#include "web/templates.hpp"

namespace cncd::atlas {

/// Registers the interactive map's JSON API under /api/v1/map/ (countries, partners,
/// authorities, pairs), with the level pages' filters (cd, autres, theme, kind).
/// `atlas` and `templates` (for error answers) must outlive the router.
void RegisterAtlasMapRoutes(web::Router& router, AtlasService& atlas,
                            const web::Templates& templates);

}  // namespace cncd::atlas
