#pragma once

#include <nlohmann/json.hpp>

#include "modules/atlas/atlas_service.hpp"
#include "web/router.hpp"
#include "web/templates.hpp"

namespace cncd::atlas {

/// Registers the interactive map's JSON API under /api/v1/map/ (countries, partners,
/// authorities, pairs), with the level pages' filters (cd, autres, theme, kind).
/// `atlas` and `templates` (for error answers) must outlive the router.
void RegisterAtlasMapRoutes(web::Router& router, AtlasService& atlas,
                            const web::Templates& templates);

/// The order of a partner marker's values in a compact map answer ("fields"): id, name,
/// country, lat, lon, precision, french_authorities, projects, themes, slug. The search's map
/// sends its partners in the same shape.
const nlohmann::json& PartnerMarkerFields();

}  // namespace cncd::atlas
