#include "modules/search/search_routes.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>

#include "modules/search/search_labels.hpp"
#include "modules/search/search_query.hpp"
#include "web/errors.hpp"

namespace cncd::search {
namespace {

using nlohmann::json;

json ItemJson(const ProjectRecord& p) {
    json authorities = json::array();
    for (const auto& a : p.authorities) authorities.push_back({{"id", a.id}, {"name", a.name}});
    json french_authorities = authorities;
    json partners = json::array();
    for (const auto& partner : p.partners) {
        partners.push_back({{"id", partner.id},
                            {"name", partner.name},
                            {"country", partner.country_iso2},
                            {"country_name", partner.country}});
    }
    json themes = json::array();
    for (const auto& t : p.themes)
        themes.push_back({{"id", t.id}, {"slug", t.code}, {"name", t.name}});
    const std::string_view group = labels::KindGroupOf(p.kind);
    return {{"id", p.id},
            {"slug", p.slug},
            {"title", p.title},
            {"kind", p.kind},
            {"kind_label", labels::KindName(p.kind)},
            {"kind_group", group},
            {"kind_group_label", labels::KindGroupName(group)},
            {"status", p.status},
            {"status_label", labels::StatusName(p.status)},
            {"start_year", p.start_year ? json(*p.start_year) : json(nullptr)},
            {"end_year", p.end_year ? json(*p.end_year) : json(nullptr)},
            {"authorities", std::move(authorities)},
            {"french_authorities", std::move(french_authorities)},
            {"partners", std::move(partners)},
            {"themes", std::move(themes)},
            {"updated_at", p.updated_at},
            {"url", "/api/v1/projects/" + std::to_string(p.id)},
            {"html_url", ProjectSheetPath(p.id, p.slug)}};
}

// The search as understood, so that a client can show and change it.
json FiltersJson(const SearchQuery& q) {
    json out = {{"q", q.keywords},
                {"cd", q.show_decentralised},
                {"autres", q.show_other},
                {"from", q.from_year ? json(*q.from_year) : json(nullptr)},
                {"to", q.to_year ? json(*q.to_year) : json(nullptr)}};
    for (const Facet f : kFacets) out[std::string(FacetName(f))] = q.Values(f);
    return out;
}

json PageJson(const SearchQuery& query, const SearchPage& page) {
    json items = json::array();
    for (const auto& item : page.items) items.push_back(ItemJson(item));
    json facets = json::object();
    for (const Facet f : kFacets) {
        json values = json::array();
        for (const auto& v : page.facets[static_cast<std::size_t>(f)]) {
            json value = {{"value", v.value}, {"label", v.label}, {"count", v.count}};
            if (!v.parent.empty()) value["parent"] = v.parent;
            if (v.selected) value["selected"] = true;
            values.push_back(std::move(value));
        }
        facets[std::string(FacetName(f))] = std::move(values);
    }
    const std::int64_t pages =
        std::max<std::int64_t>(1, (page.total + page.per_page - 1) / page.per_page);
    return {{"total", page.total},
            {"page", page.page},
            {"per_page", page.per_page},
            {"pages", pages},
            {"sort", SortOrderName(page.sort)},
            {"filters", FiltersJson(query)},
            {"items", std::move(items)},
            {"facets", std::move(facets)}};
}

// sep=comma (default) or sep=semicolon.
Result<exports::CsvOptions> ParseCsvOptions(const web::Request& request) {
    exports::CsvOptions options;
    const auto sep = request.Query("sep");
    if (!sep || sep->empty() || *sep == "comma") return options;
    if (*sep == "semicolon") {
        options.separator = ';';
        return options;
    }
    return InvalidArgument("sep",
                           "Séparateur inconnu : les valeurs possibles sont comma et semicolon.");
}

web::Handler Extraction(SearchService& service, const web::Templates& templates,
                        exports::Format format) {
    return [&service, &templates, format](const web::Request& request) {
        auto query = ParseSearchQuery(request.query);
        if (!query) return web::ErrorResponse(request, query.error(), templates);
        auto csv = ParseCsvOptions(request);
        if (!csv) return web::ErrorResponse(request, csv.error(), templates);
        auto info = service.PrepareExtraction(*query, format);
        if (!info) return web::ErrorResponse(request, info.error(), templates);
        // Validated: the rows go to the socket as they are read (no cap, bounded memory). A
        // client that leaves ends the read through web::ClientGone.
        auto response = web::Response::Stream(
            info->content_type,
            [&service, format, query = std::move(*query), csv = *csv](web::BodySink& sink) {
                service.WriteExtraction(query, format, csv,
                                        [&sink](std::string_view bytes) { sink.Write(bytes); });
            });
        response.SetHeader("Content-Disposition",
                           "attachment; filename=\"" + info->filename + "\"");
        return response;
    };
}

}  // namespace

void RegisterSearchRoutes(web::Router& router, SearchService& service,
                          const web::Templates& templates) {
    router.Get("/api/v1/projects", [&service, &templates](const web::Request& request) {
        auto query = ParseSearchQuery(request.query);
        if (!query) return web::ErrorResponse(request, query.error(), templates);
        auto page = service.Search(*query);
        if (!page) return web::ErrorResponse(request, page.error(), templates);
        return web::Response::Json(PageJson(*query, *page));
    });
    router.Get("/api/v1/projects.csv", Extraction(service, templates, exports::Format::kCsv));
    router.Get("/api/v1/projects.xlsx", Extraction(service, templates, exports::Format::kXlsx));
    router.Get("/api/v1/projects.geojson",
               Extraction(service, templates, exports::Format::kGeoJson));
    router.Get("/api/v1/projects.json", Extraction(service, templates, exports::Format::kJson));
}

}  // namespace cncd::search
