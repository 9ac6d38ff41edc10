#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "modules/atlas/atlas.hpp"
#include "modules/atlas/atlas_service.hpp"
#include "web/http.hpp"
#include "web/router.hpp"
#include "web/templates.hpp"

namespace cncd::atlas {

struct RoutesOptions {
    /// The OpenAPI description served at /api/v1/openapi.yaml, read once at registration.
    /// Empty: $CNCD_ROOT/docs/api/openapi.yaml, else the source tree's docs/api/openapi.yaml.
    std::filesystem::path openapi_path;
};

/// Reads the Atlas filters of a request: cd / autres (0 or 1; "on" from a checkbox), theme
/// and kind. The HTML filter form sends filtre=1: an unchecked box is then absent and means
/// "hide". InvalidArgument naming the parameter for a malformed value.
Result<Filters> ParseFilters(const web::Request& request);

/// The path of a level page ("/atlas/pays/in", "/atlas/partenaires/12-new-delhi"…); `slug`
/// is appended to partner and authority ids when not empty.
std::string LevelPath(const LevelRef& ref, std::string_view slug);

/// The path of a project sheet ("/atlas/projets/7-eau-potable"); `slug` is appended when not
/// empty.
std::string ProjectPath(std::int64_t id, std::string_view slug);

/// The query string of non-default filters ("cd=0&theme=sante"), empty for the defaults.
std::string FilterQuery(const Filters& filters);

/// `path` followed by "?" and `query`, or `path` alone when `query` is empty.
std::string WithQuery(std::string path, std::string_view query);

/// Registers the public Atlas: the home page, the navigation pages (/atlas…), the project
/// sheets and the JSON API under /api/v1/. `atlas` and `templates` must outlive the router.
/// Throws std::runtime_error when the OpenAPI file cannot be read.
void RegisterAtlasRoutes(web::Router& router, AtlasService& atlas, const web::Templates& templates,
                         const RoutesOptions& options = {});

}  // namespace cncd::atlas
