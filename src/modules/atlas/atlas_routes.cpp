#include "modules/atlas/atlas_routes.hpp"

#include <array>
#include <cctype>
#include <charconv>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <memory>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>

#include "modules/atlas/atlas_json.hpp"
#include "modules/atlas/atlas_views.hpp"
#include "modules/atlas/response_cache.hpp"
#include "web/errors.hpp"

namespace cncd::atlas {
namespace {

using nlohmann::json;

constexpr int kHtmlPerPage = 15;
constexpr int kApiDefaultPerPage = 20;
constexpr int kMaxPageNumber = 1'000'000;
constexpr std::size_t kMaxCachedResponses = 2048;

constexpr std::string_view kUnknownPartner =
    "Cette collectivité partenaire n’existe pas dans l’Atlas.";
constexpr std::string_view kUnknownAuthority = "Cette collectivité n’existe pas dans l’Atlas.";
constexpr std::string_view kBadId = "L’identifiant doit être un entier positif.";

struct Env {
    Env(AtlasService& a, const web::Templates& t, std::string spec)
        : atlas(a), templates(t), cache(a, kMaxCachedResponses), openapi(std::move(spec)) {}
    AtlasService& atlas;
    const web::Templates& templates;
    ResponseCache cache;
    std::string openapi;
};

web::Response Fail(const Env& env, const web::Request& request, const Error& error) {
    return web::ErrorResponse(request, error, env.templates);
}
// Query parameters.

}  // namespace

/// Reads cd / autres (0 or 1; "on" from a checkbox), theme and kind. The HTML filter form
/// sends filtre=1: an unchecked box is then absent and means "hide".
Result<Filters> ParseFilters(const web::Request& request) {
    Filters filters;
    const bool form = request.Query("filtre").has_value();
    const auto flag = [&](std::string_view name, bool& out) -> Status {
        const auto value = request.Query(name);
        if (!value) {
            out = !form;
            return Ok{};
        }
        if (*value == "1" || *value == "on") {
            out = true;
            return Ok{};
        }
        if (*value == "0") {
            out = false;
            return Ok{};
        }
        return InvalidArgument(std::string(name),
                               "La valeur de « " + std::string(name) + " » doit être 0 ou 1.");
    };
    if (auto s = flag("cd", filters.decentralised); !s) return s.error();
    if (auto s = flag("autres", filters.other_actions); !s) return s.error();
    if (auto theme = request.Query("theme"); theme && !theme->empty()) filters.theme = *theme;
    if (auto kind = request.Query("kind"); kind && !kind->empty()) {
        filters.kind = ParseProjectKind(*kind);
        if (!filters.kind) {
            return InvalidArgument(
                "kind",
                "Type d’action inconnu : les valeurs possibles sont cooperation, "
                "twinning, one_off, oudin_santini et emergency.");
        }
    }
    return filters;
}

namespace {

/// A positive integer query parameter, or `fallback` when absent.
Result<int> ParsePositive(const web::Request& request, std::string_view name, int fallback,
                          int max) {
    const auto value = request.Query(name);
    if (!value) return fallback;
    int n = 0;
    const auto* end = value->data() + value->size();
    const auto [ptr, ec] = std::from_chars(value->data(), end, n);
    if (value->empty() || ec != std::errc() || ptr != end || n < 1 || n > max) {
        return InvalidArgument(std::string(name), "La valeur de « " + std::string(name) +
                                                      " » doit être un entier entre 1 et " +
                                                      std::to_string(max) + ".");
    }
    return n;
}

/// The page (and for the API the page size and sort) of a project list.
Result<PageRequest> ParsePage(const web::Request& request, bool api) {
    PageRequest page;
    auto number = ParsePositive(request, "page", 1, kMaxPageNumber);
    if (!number) return number.error();
    page.page = number.value();
    if (api) {
        auto size =
            ParsePositive(request, "per_page", kApiDefaultPerPage, AtlasService::kMaxPerPage);
        if (!size) return size.error();
        page.per_page = size.value();
    } else {
        page.per_page = kHtmlPerPage;
    }
    const std::string sort_name = api ? "sort" : "tri";
    const auto sort = request.Query(sort_name);
    if (!sort) return page;
    if (*sort == (api ? "title" : "titre")) {
        page.sort = ProjectSort::kTitle;
    } else if (*sort == "recent") {
        page.sort = ProjectSort::kRecent;
    } else {
        return InvalidArgument(sort_name,
                               api ? "Tri inconnu : les valeurs possibles sont title et recent."
                                   : "Tri inconnu : les valeurs possibles sont titre et recent.");
    }
    return page;
}

/// "12" or "12-new-delhi" → 12; nothing for anything else.
std::optional<std::int64_t> ParseIdSegment(std::string_view segment) {
    std::int64_t id = 0;
    const auto* end = segment.data() + segment.size();
    const auto [ptr, ec] = std::from_chars(segment.data(), end, id);
    if (ec != std::errc() || id <= 0) return std::nullopt;
    if (ptr != end && *ptr != '-') return std::nullopt;
    return id;
}

// ---------------------------------------------------------------------------------------------
// URLs. Links keep the filters; the canonical query names only what differs from the default.

std::string Lower(std::string s) {
    for (auto& ch : s) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    return s;
}

}  // namespace

std::string LevelPath(const LevelRef& ref, std::string_view slug) {
    switch (ref.kind) {
        case LevelKind::kWorld:
            return "/atlas";
        case LevelKind::kContinent:
            return "/atlas/" + web::PercentEncode(ref.key);
        case LevelKind::kCountry:
            return "/atlas/pays/" + web::PercentEncode(Lower(ref.key));
        case LevelKind::kPartner:
            return "/atlas/partenaires/" + ref.key +
                   (slug.empty() ? "" : "-" + web::PercentEncode(slug));
        case LevelKind::kFrance:
            return "/atlas/france";
        case LevelKind::kRegion:
            return "/atlas/france/" + web::PercentEncode(ref.key);
        case LevelKind::kDepartment:
            return "/atlas/departements/" + web::PercentEncode(ref.key);
        case LevelKind::kAuthority:
            return "/atlas/collectivites/" + ref.key +
                   (slug.empty() ? "" : "-" + web::PercentEncode(slug));
    }
    return "/atlas";
}

std::string ProjectPath(std::int64_t id, std::string_view slug) {
    return "/atlas/projets/" + std::to_string(id) +
           (slug.empty() ? "" : "-" + web::PercentEncode(slug));
}

std::string FilterQuery(const Filters& f) {
    std::string q;
    const auto add = [&q](std::string_view part) {
        if (!q.empty()) q += '&';
        q += part;
    };
    if (!f.decentralised) add("cd=0");
    if (!f.other_actions) add("autres=0");
    if (!f.theme.empty()) add("theme=" + web::PercentEncode(f.theme));
    if (f.kind) add("kind=" + std::string(ProjectKindCode(*f.kind)));
    return q;
}

std::string WithQuery(std::string path, std::string_view query) {
    if (query.empty()) return path;
    return path + "?" + std::string(query);
}

namespace {

std::filesystem::path DefaultOpenApiPath() {
    if (const char* root = std::getenv("CNCD_ROOT")) {
        return std::filesystem::path(root) / "docs" / "api" / "openapi.yaml";
    }
    return std::filesystem::path(CNCD_ATLAS_SOURCE_ROOT) / "docs" / "api" / "openapi.yaml";
}

std::string ReadWhole(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read the OpenAPI description " + path.string());
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

// ---------------------------------------------------------------------------------------------
// Handlers.

/// A level page: filters and page parsed, figures and one page of projects, rendered.
web::Response LevelPage(Env& env, const web::Request& request, const LevelRef& ref) {
    return env.cache.Get(request, [&] {
        auto filters = ParseFilters(request);
        if (!filters) return Fail(env, request, filters.error());
        auto page_request = ParsePage(request, /*api=*/false);
        if (!page_request) return Fail(env, request, page_request.error());
        auto figures = env.atlas.GetLevel(ref, filters.value());
        if (!figures) return Fail(env, request, figures.error());
        auto page = env.atlas.ListProjects(ref, filters.value(), page_request.value());
        if (!page) return Fail(env, request, page.error());
        const auto view =
            LevelPageView(*figures.value(), filters.value(), page.value(), env.atlas.Themes());
        return web::Response::Html(env.templates.RenderPage("atlas_level", view));
    });
}

/// The complete list of a level's French authorities or partners (levels that have one).
web::Response ListPage(Env& env, const web::Request& request, const LevelRef& ref, ListKind kind) {
    return env.cache.Get(request, [&] {
        auto filters = ParseFilters(request);
        if (!filters) return Fail(env, request, filters.error());
        auto figures = env.atlas.GetLevel(ref, filters.value());
        if (!figures) return Fail(env, request, figures.error());
        const auto& f = *figures.value();
        if (!HasList(f, kind))
            return Fail(env, request,
                        NotFound("Cette liste n’existe pas pour ce niveau de l’Atlas."));
        return web::Response::Html(
            env.templates.RenderPage("atlas_list", ListPageView(f, filters.value(), kind)));
    });
}

/// A level named by an "{id}-{slug}" path segment; anything else is a 404.
web::Response IdLevelPage(Env& env, const web::Request& request, LevelKind kind,
                          std::string_view not_found) {
    const auto id = ParseIdSegment(request.Param("id"));
    if (!id) return Fail(env, request, NotFound(std::string(not_found)));
    return LevelPage(env, request, {kind, std::to_string(*id)});
}

/// The complete list of a level named by an "{id}-{slug}" path segment; else a 404.
web::Response IdListPage(Env& env, const web::Request& request, LevelKind kind, ListKind list,
                         std::string_view not_found) {
    const auto id = ParseIdSegment(request.Param("id"));
    if (!id) return Fail(env, request, NotFound(std::string(not_found)));
    return ListPage(env, request, {kind, std::to_string(*id)}, list);
}

web::Response ApiLevel(Env& env, const web::Request& request, const LevelRef& ref,
                       const std::function<json(const LevelFigures&, const Filters&)>& to_json) {
    return env.cache.Get(request, [&] {
        auto filters = ParseFilters(request);
        if (!filters) return Fail(env, request, filters.error());
        auto figures = env.atlas.GetLevel(ref, filters.value());
        if (!figures) return Fail(env, request, figures.error());
        return web::Response::Json(to_json(*figures.value(), filters.value()));
    });
}

web::Response ApiId(Env& env, const web::Request& request, LevelKind kind) {
    const auto id = ParseIdSegment(request.Param("id"));
    if (!id) return Fail(env, request, InvalidArgument("id", std::string(kBadId)));
    const LevelRef ref{kind, std::to_string(*id)};
    if (kind == LevelKind::kAuthority) return ApiLevel(env, request, ref, AuthorityLevelJson);
    return ApiLevel(env, request, ref, PartnerLevelJson);
}

}  // namespace

void RegisterAtlasRoutes(web::Router& router, AtlasService& atlas, const web::Templates& templates,
                         const RoutesOptions& options) {
    const auto openapi_path =
        options.openapi_path.empty() ? DefaultOpenApiPath() : options.openapi_path;
    auto env = std::make_shared<Env>(atlas, templates, ReadWhole(openapi_path));

    // Pages.
    router.Get("/", [env](const web::Request& request) {
        return env->cache.Get(request, [&] {
            auto world = env->atlas.GetLevel(LevelRef::World(), {});
            if (!world) return Fail(*env, request, world.error());
            auto france = env->atlas.GetLevel(LevelRef::France(), {});
            if (!france) return Fail(*env, request, france.error());
            return web::Response::Html(
                env->templates.RenderPage("home", HomeView(*world.value(), *france.value())));
        });
    });
    router.Get("/atlas",
               [env](const web::Request& r) { return LevelPage(*env, r, LevelRef::World()); });
    router.Get("/atlas/france",
               [env](const web::Request& r) { return LevelPage(*env, r, LevelRef::France()); });
    router.Get("/atlas/france/{region}", [env](const web::Request& r) {
        return LevelPage(*env, r, {LevelKind::kRegion, r.Param("region")});
    });
    router.Get("/atlas/pays/{iso2}", [env](const web::Request& r) {
        return LevelPage(*env, r, {LevelKind::kCountry, r.Param("iso2")});
    });
    router.Get("/atlas/departements/{code}", [env](const web::Request& r) {
        return LevelPage(*env, r, {LevelKind::kDepartment, r.Param("code")});
    });
    router.Get("/atlas/partenaires/{id}", [env](const web::Request& r) {
        return IdLevelPage(*env, r, LevelKind::kPartner, kUnknownPartner);
    });
    router.Get("/atlas/collectivites/{id}", [env](const web::Request& r) {
        return IdLevelPage(*env, r, LevelKind::kAuthority, kUnknownAuthority);
    });
    // Complete lists of a level's French authorities and partners.
    router.Get("/atlas/{continent}/collectivites", [env](const web::Request& r) {
        return ListPage(*env, r, {LevelKind::kContinent, r.Param("continent")},
                        ListKind::kAuthorities);
    });
    router.Get("/atlas/pays/{iso2}/collectivites", [env](const web::Request& r) {
        return ListPage(*env, r, {LevelKind::kCountry, r.Param("iso2")}, ListKind::kAuthorities);
    });
    router.Get("/atlas/pays/{iso2}/partenaires", [env](const web::Request& r) {
        return ListPage(*env, r, {LevelKind::kCountry, r.Param("iso2")}, ListKind::kPartners);
    });
    router.Get("/atlas/partenaires/{id}/collectivites", [env](const web::Request& r) {
        return IdListPage(*env, r, LevelKind::kPartner, ListKind::kAuthorities, kUnknownPartner);
    });
    router.Get("/atlas/france/{region}/collectivites", [env](const web::Request& r) {
        return ListPage(*env, r, {LevelKind::kRegion, r.Param("region")}, ListKind::kAuthorities);
    });
    router.Get("/atlas/departements/{code}/collectivites", [env](const web::Request& r) {
        return ListPage(*env, r, {LevelKind::kDepartment, r.Param("code")}, ListKind::kAuthorities);
    });
    router.Get("/atlas/collectivites/{id}/partenaires", [env](const web::Request& r) {
        return IdListPage(*env, r, LevelKind::kAuthority, ListKind::kPartners, kUnknownAuthority);
    });
    router.Get("/atlas/projets/{id}", [env](const web::Request& request) {
        return env->cache.Get(request, [&] {
            const auto id = ParseIdSegment(request.Param("id"));
            if (!id) return Fail(*env, request, NotFound("Ce projet n’existe pas dans l’Atlas."));
            auto project = env->atlas.GetProject(*id);
            if (!project) return Fail(*env, request, project.error());
            return web::Response::Html(
                env->templates.RenderPage("atlas_project", ProjectPageView(*project.value())));
        });
    });
    // Last: a literal segment above wins over this parameter.
    router.Get("/atlas/{continent}", [env](const web::Request& r) {
        return LevelPage(*env, r, {LevelKind::kContinent, r.Param("continent")});
    });

    // JSON API.
    router.Get("/api/v1/openapi.yaml", [env](const web::Request&) {
        return web::Response::Text(env->openapi, "application/yaml; charset=utf-8");
    });
    router.Get("/api/v1/stats", [env](const web::Request& r) {
        return ApiLevel(*env, r, LevelRef::World(), [](const LevelFigures& f, const Filters&) {
            return CountsJson(f.counts, false);
        });
    });
    router.Get("/api/v1/themes", [env](const web::Request& r) {
        return env->cache.Get(r,
                              [&] { return web::Response::Json(ThemesJson(env->atlas.Themes())); });
    });
    router.Get("/api/v1/zones/{slug}", [env](const web::Request& r) {
        return ApiLevel(*env, r, {LevelKind::kContinent, r.Param("slug")}, LevelJson);
    });
    router.Get("/api/v1/countries/{iso2}", [env](const web::Request& r) {
        return ApiLevel(*env, r, {LevelKind::kCountry, r.Param("iso2")}, CountryLevelJson);
    });
    router.Get("/api/v1/france", [env](const web::Request& r) {
        return ApiLevel(*env, r, LevelRef::France(), LevelJson);
    });
    router.Get("/api/v1/regions/{slug}", [env](const web::Request& r) {
        return ApiLevel(*env, r, {LevelKind::kRegion, r.Param("slug")}, LevelJson);
    });
    router.Get("/api/v1/departments/{code}", [env](const web::Request& r) {
        return ApiLevel(*env, r, {LevelKind::kDepartment, r.Param("code")}, DepartmentLevelJson);
    });
    router.Get("/api/v1/partners/{id}",
               [env](const web::Request& r) { return ApiId(*env, r, LevelKind::kPartner); });
    router.Get("/api/v1/authorities/{id}",
               [env](const web::Request& r) { return ApiId(*env, r, LevelKind::kAuthority); });
    router.Get("/api/v1/projects/{id}", [env](const web::Request& request) {
        return env->cache.Get(request, [&] {
            const auto id = ParseIdSegment(request.Param("id"));
            if (!id) return Fail(*env, request, InvalidArgument("id", std::string(kBadId)));
            auto project = env->atlas.GetProject(*id);
            if (!project) return Fail(*env, request, project.error());
            return web::Response::Json(ProjectJson(*project.value()));
        });
    });
}

}  // namespace cncd::atlas
