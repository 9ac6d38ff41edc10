#pragma once

#include "modules/search/search_service.hpp"
#include "web/router.hpp"
#include "web/templates.hpp"

namespace cncd::search {

/// The search API:
///   GET /api/v1/projects          → {"total", "page", "per_page", "sort", "items", "facets"}
///   GET /api/v1/projects.csv      → every result (sep=semicolon for ';'), UTF-8 with BOM
///   GET /api/v1/projects.xlsx     → the same rows as a workbook
///   GET /api/v1/projects.geojson  → a FeatureCollection located at the partners
///   GET /api/v1/projects.json     → the same rows as a JSON array
/// All take the parameters of ParseSearchQuery; a malformed one gets 400 naming it.
void RegisterSearchRoutes(web::Router& router, SearchService& service,
                          const web::Templates& templates);

}  // namespace cncd::search
