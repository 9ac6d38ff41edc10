#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "web/http.hpp"
#include "web/router.hpp"
#include "web/templates.hpp"

namespace cncd::web {

struct StaticMount {
    std::string url_prefix;          ///< "/static/"
    std::filesystem::path directory; ///< files served under that prefix
};

/// Wraps the router with the middleware every request goes through: request id (X-Request-Id),
/// access log line, security headers (CSP without inline script, nosniff, frame-ancestors,
/// referrer policy), static files with caching, and error mapping (an exception becomes a
/// logged 500 that shows nothing internal; a 404/405 from the router gets the French page).
Handler BuildApp(const Router& router, const Templates& templates, std::vector<StaticMount> mounts);

}  // namespace cncd::web
