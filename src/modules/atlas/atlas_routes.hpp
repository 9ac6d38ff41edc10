#pragma once

#include <filesystem>

#include "modules/atlas/atlas_service.hpp"
#include "web/router.hpp"
#include "web/templates.hpp"

namespace cncd::atlas {

struct RoutesOptions {
    /// The OpenAPI description served at /api/v1/openapi.yaml, read once at registration.
    /// Empty: $CNCD_ROOT/docs/api/openapi.yaml, else the source tree's docs/api/openapi.yaml.
    std::filesystem::path openapi_path;
};

/// Registers the public Atlas: the home page, the navigation pages (/atlas…), the project
/// sheets and the JSON API under /api/v1/. `atlas` and `templates` must outlive the router.
/// Throws std::runtime_error when the OpenAPI file cannot be read.
void RegisterAtlasRoutes(web::Router& router, AtlasService& atlas, const web::Templates& templates,
                         const RoutesOptions& options = {});

}  // namespace cncd::atlas
