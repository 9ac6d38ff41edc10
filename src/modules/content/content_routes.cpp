#include "modules/content/content_routes.hpp"

#include <memory>
#include <nlohmann/json.hpp>
#include <string>

namespace cncd::content {
namespace {

// An editorial page never changes while the server runs: it is rendered once.
void AddStaticPage(web::Router& router, const web::Templates& templates, const std::string& path,
                   const std::string& template_name, const std::string& title,
                   const std::string& active) {
    const nlohmann::json page = {
        {"title", title},
        {"active", active},
        {"breadcrumb",
         nlohmann::json::array({{{"label", "Accueil"}, {"href", "/"}}, {{"label", title}}})},
    };
    auto body = std::make_shared<const std::string>(templates.RenderPage(template_name, page));
    router.Get(path, [body](const web::Request&) { return web::Response::Html(*body); });
}

}  // namespace

void RegisterContentRoutes(web::Router& router, const web::Templates& templates) {
    AddStaticPage(router, templates, "/sources", "sources", "Sources et licences", "sources");
    AddStaticPage(router, templates, "/accessibilite", "accessibility",
                  "Déclaration d’accessibilité", "");
}

}  // namespace cncd::content
