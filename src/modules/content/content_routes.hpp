#pragma once

#include "web/router.hpp"
#include "web/templates.hpp"

namespace cncd::content {

/// Registers the portal's editorial pages: "Sources et licences" at /sources, which credits
/// every data source and front-end package with its licence. `templates` must outlive the
/// router.
void RegisterContentRoutes(web::Router& router, const web::Templates& templates);

}  // namespace cncd::content
