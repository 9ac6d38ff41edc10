#pragma once

#include <filesystem>
#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>

namespace cncd::web {

/// Mustache templates loaded once from a folder (`name.mustache`); every template is also
/// a partial ({{> name}}). {{value}} is HTML-escaped; {{{value}}} is not and is only used
/// for HTML we rendered ourselves. The indentation at the start of each line is dropped at load
/// (outside <pre> and <textarea>): it means nothing in HTML and costs render time.
/// Numbers render as text, so a section {{#n}} on a number is always shown, even for 0: give
/// the view a boolean for that. null and missing values are false.
/// Render and RenderPage may be called from any number of threads at once.
class Templates {
  public:
    explicit Templates(const std::filesystem::path& dir);
    ~Templates();

    /// Renders template `name` with `view`. Throws std::out_of_range for an unknown name.
    std::string Render(std::string_view name, const nlohmann::json& view) const;

    /// Renders `name` inside the site layout: `page` gives "title" (required), optional
    /// "breadcrumb" ([{"label", "href"?}], shown as given, the last item as the current page),
    /// "description", "active" (the menu entry to mark: "accueil", "atlas", "france" or
    /// "sources"), "styles" and "scripts" (URLs of extra stylesheets and ES modules).
    /// The body template sees the whole page. Throws std::invalid_argument without a title.
    std::string RenderPage(std::string_view name, const nlohmann::json& page) const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace cncd::web
