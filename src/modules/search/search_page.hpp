#pragma once

#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "modules/search/search.hpp"
#include "modules/search/search_map.hpp"
#include "modules/search/search_query.hpp"
#include "modules/search/search_service.hpp"
#include "web/router.hpp"
#include "web/templates.hpp"

namespace cncd::search {

/// The address of the search page.
inline constexpr std::string_view kSearchPagePath = "/atlas/recherche";

/// The query string of a search in the parameter names of ParseSearchQuery, without the
/// defaults: "q=eau&continent=afrique&cd=0&sort=recent". page and per_page only with
/// `with_page`. ParseSearchQuery of the result gives `query` back.
std::string SearchQueryString(const SearchQuery& query, bool with_page);

/// The search page's address for `query` ("/atlas/recherche?…", the first page).
std::string SearchPageHref(const SearchQuery& query);

/// A search read from the page's address: what could be read, and a French message per
/// malformed parameter (the parameter is then left out, so the page still shows results).
struct PageQuery {
    SearchQuery query;
    std::map<std::string, std::string> errors;  ///< parameter → message
};

/// Reads the page's parameters (those of ParseSearchQuery); never fails.
PageQuery ParsePageQuery(const QueryParams& params);

/// The view of the search page (template search): the form with every facet and its counts,
/// the selected filters as removable tags, the results, the pagination, the extraction links
/// and the table of results by country.
nlohmann::json SearchPageView(const PageQuery& query, const SearchPage& page, const SearchMap& map);

/// Additions to the search page from other modules.
struct SearchPageOptions {
    /// The view of the "save this search" panel for a request and the search's canonical
    /// query string (key "save" of the template; nothing shown when unset or null).
    std::function<nlohmann::json(const web::Request&, const std::string& query)> save_panel;
};

/// The search page and the data of its map:
///   GET /atlas/recherche                     the page (works without JavaScript)
///   GET /api/v1/projects/map/countries       results by partner country (as /api/v1/map/countries)
///   GET /api/v1/projects/map/partners        results by partner (as /api/v1/map/partners)
/// The map answers take the parameters of ParseSearchQuery; a malformed one gets 400 naming it.
void RegisterSearchPageRoutes(web::Router& router, SearchService& service,
                              const web::Templates& templates, SearchPageOptions options = {});

}  // namespace cncd::search
