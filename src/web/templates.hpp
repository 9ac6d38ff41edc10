#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

namespace cncd::web {

/// Mustache templates loaded once from a folder (`name.mustache`); every template is also
/// a partial ({{> name}}). {{value}} is HTML-escaped; {{{value}}} is not and is only used
/// for HTML we rendered ourselves.
class Templates {
public:
    explicit Templates(const std::filesystem::path& dir);
    ~Templates();

    /// Renders template `name` with `view`. Throws std::out_of_range for an unknown name.
    std::string Render(std::string_view name, const nlohmann::json& view) const;

    /// Renders `name` inside the site layout: `page` gives "title" (required), optional
    /// "breadcrumb" ([{"label", "href"?}]), "description", "active" (the menu entry to mark).
    std::string RenderPage(std::string_view name, const nlohmann::json& page) const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace cncd::web
