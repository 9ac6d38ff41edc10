#include "modules/content/content_routes.hpp"

#include <memory>
#include <nlohmann/json.hpp>
#include <string>

namespace cncd::content {

void RegisterContentRoutes(web::Router& router, const web::Templates& templates) {
    // The page never changes while the server runs: render it once.
    const nlohmann::json page = {
        {"title", "Sources et licences"},
        {"active", "sources"},
        {"breadcrumb", nlohmann::json::array({{{"label", "Accueil"}, {"href", "/"}},
                                              {{"label", "Sources et licences"}}})},
    };
    auto body = std::make_shared<const std::string>(templates.RenderPage("sources", page));
    router.Get("/sources", [body](const web::Request&) { return web::Response::Html(*body); });
}

}  // namespace cncd::content
