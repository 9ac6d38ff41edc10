#include "modules/atlas/atlas_map_routes.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "core/text.hpp"
#include "modules/atlas/atlas_json.hpp"
#include "modules/atlas/atlas_map_service.hpp"
#include "modules/atlas/atlas_routes.hpp"
#include "modules/atlas/response_cache.hpp"
#include "web/errors.hpp"

namespace cncd::atlas {
namespace {

using nlohmann::json;

// A scoped pair view draws at most this many lines (most projects first); the answer says
// how many there are in all.
constexpr std::size_t kMaxPairs = 2000;

// Serialised answers kept per request target until the next committed write.
constexpr std::size_t kMaxCachedAnswers = 512;

struct Env {
    Env(AtlasService& a, const web::Templates& t)
        : atlas(a), templates(t), cache(a, kMaxCachedAnswers) {}
    AtlasService& atlas;
    const web::Templates& templates;
    ResponseCache cache;
};

web::Response Fail(const Env& env, const web::Request& request, const Error& error) {
    return web::ErrorResponse(request, error, env.templates);
}

double Round(double degrees) { return std::round(degrees * 1e4) / 1e4; }

void AddPoint(json& out, const std::optional<MapPoint>& point) {
    if (point) {
        out["lat"] = Round(point->lat);
        out["lon"] = Round(point->lon);
        out["precision"] = point->precision;
    } else {
        out["lat"] = nullptr;
        out["lon"] = nullptr;
        out["precision"] = nullptr;
    }
}

std::string Url(const LevelRef& ref, std::string_view slug, const std::string& query) {
    return WithQuery(LevelPath(ref, slug), query);
}

std::string Upper(std::string s) {
    for (auto& ch : s) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    return s;
}

json CountryJson(const MapCountry& c, const std::string& query) {
    json out = {{"iso2", c.iso2},
                {"numeric", c.numeric},
                {"name", c.name},
                {"continent", c.continent},
                {"projects", c.projects},
                {"french_authorities", c.french_authorities},
                {"partner_authorities", c.partner_authorities},
                {"url", Url({LevelKind::kCountry, c.iso2}, {}, query)}};
    AddPoint(out, c.point);
    return out;
}

// Markers are thousands (10,000 partners in the demo): each is a row of values in the order of
// "fields" rather than an object repeating its keys, with what every row would repeat said once
// (country names, the page URL's prefix and filter query). 2.3 MB became 0.6 MB.

const json& AuthorityFields() {
    static const json fields = {"id",     "name", "kind",      "region",   "department",
                                "lat",    "lon",  "precision", "projects", "partner_authorities",
                                "themes", "slug"};
    return fields;
}

void AddPointValues(json& row, const std::optional<MapPoint>& point) {
    if (point) {
        row.push_back(Round(point->lat));
        row.push_back(Round(point->lon));
        row.push_back(point->precision);
    } else {
        row.push_back(nullptr);
        row.push_back(nullptr);
        row.push_back(nullptr);
    }
}

/// The slug as the page path writes it ("" when none: the path is then /prefix/{id}).
std::string PathSlug(const std::string& slug) { return web::PercentEncode(slug); }

json PartnerRow(const MapPartner& p) {
    json row = json::array({p.id, p.name, p.country_iso2});
    AddPointValues(row, p.point);
    row.push_back(p.french_authorities);
    row.push_back(p.projects);
    row.push_back(p.themes);
    row.push_back(PathSlug(p.slug));
    return row;
}

json AuthorityRow(const MapAuthority& a) {
    json row =
        json::array({a.id, a.name, AuthorityKindCode(a.kind), a.region_code, a.department_code});
    AddPointValues(row, a.point);
    row.push_back(a.projects);
    row.push_back(a.partners);
    row.push_back(a.themes);
    row.push_back(PathSlug(a.slug));
    return row;
}

/// A marker answer: {"fields", <key>: rows, "url_prefix", "url_query"}. A marker's page is
/// url_prefix + id + ("-" + slug when not empty) + url_query.
json MarkerAnswer(std::string_view key, const json& fields, json rows, std::string_view prefix,
                  const std::string& query) {
    return {{"fields", fields},
            {std::string(key), std::move(rows)},
            {"url_prefix", prefix},
            {"url_query", query.empty() ? std::string() : "?" + query}};
}

/// The one place a request narrows the map to (continent=, country=, partner=, region=,
/// department=, authority=), checked against the reference. World when none is given.
struct Scope {
    LevelKind kind = LevelKind::kWorld;
    std::string key;  ///< continent slug, ISO2, région code, département code
    std::int64_t id = 0;
};

Result<Scope> ParseScope(const web::Request& request, const MapData& data,
                         std::initializer_list<std::string_view> allowed) {
    Scope scope;
    int given = 0;
    for (const auto name : allowed) {
        const auto value = request.Query(name);
        if (!value) continue;
        if (++given > 1) {
            return InvalidArgument(std::string(name),
                                   "Un seul des paramètres de lieu peut être donné à la fois.");
        }
        const auto unknown = [&](std::string message) {
            return InvalidArgument(std::string(name), std::move(message));
        };
        if (name == "continent") {
            const bool known = std::any_of(data.continents.begin(), data.continents.end(),
                                           [&](const ZoneRef& z) { return z.slug == *value; });
            if (!known) return unknown("Ce continent n’existe pas dans l’Atlas.");
            scope = {LevelKind::kContinent, *value, 0};
        } else if (name == "country") {
            const std::string iso2 = Upper(*value);
            if (!data.country_codes.contains(iso2))
                return unknown("Ce pays n’existe pas dans l’Atlas.");
            scope = {LevelKind::kCountry, iso2, 0};
        } else if (name == "region") {
            const auto it = std::find_if(data.regions.begin(), data.regions.end(),
                                         [&](const MapRegion& r) { return r.slug == *value; });
            if (it == data.regions.end()) return unknown("Cette région n’existe pas dans l’Atlas.");
            scope = {LevelKind::kRegion, it->code, 0};
        } else if (name == "department") {
            const std::string code = Upper(*value);
            if (!data.department_codes.contains(code))
                return unknown("Ce département n’existe pas dans l’Atlas.");
            scope = {LevelKind::kDepartment, code, 0};
        } else if (name == "partner" || name == "authority") {
            const auto id = text::ParseId(*value);
            if (!id) return unknown("L’identifiant doit être un entier positif.");
            scope = {name == "partner" ? LevelKind::kPartner : LevelKind::kAuthority, {}, *id};
        }
    }
    return scope;
}

bool PartnerIn(const MapPartner& p, const Scope& s) {
    switch (s.kind) {
        case LevelKind::kContinent:
            return p.continent == s.key;
        case LevelKind::kCountry:
            return p.country_iso2 == s.key;
        case LevelKind::kPartner:
            return p.id == s.id;
        default:
            return true;
    }
}

bool AuthorityIn(const MapAuthority& a, const Scope& s) {
    switch (s.kind) {
        case LevelKind::kRegion:
            return a.region_code == s.key;
        case LevelKind::kDepartment:
            return a.department_code == s.key;
        case LevelKind::kAuthority:
            return a.id == s.id;
        default:
            return true;
    }
}

/// Parses the filters, gets the map's data and builds the answer.
web::Response Build(Env& env, const web::Request& request,
                    const std::function<Result<json>(const MapData&, const std::string& query,
                                                     const Filters&)>& build) {
    auto filters = ParseFilters(request);
    if (!filters) return Fail(env, request, filters.error());
    auto data = env.atlas.Map().Get(filters.value());
    if (!data) return Fail(env, request, data.error());
    auto body = build(*data.value(), FilterQuery(filters.value()), filters.value());
    if (!body) return Fail(env, request, body.error());
    body.value()["filters"] = FiltersJson(filters.value());
    return web::Response::Json(body.value());
}

/// Parses the filters, gets the map's data and builds the answer, cached per target.
web::Response Answer(Env& env, const web::Request& request,
                     const std::function<Result<json>(const MapData&, const std::string& query,
                                                      const Filters&)>& build) {
    return env.cache.Get(request, [&] { return Build(env, request, build); });
}

/// The countries of a French territory's projects: for each partner country, the distinct
/// projects of the territory's authorities with a partner there (as the territory's page
/// counts them), those authorities and those partners.
json FrenchSideCountries(const MapData& data, const Scope& scope, const std::string& query) {
    struct Sets {
        std::unordered_set<std::int64_t> projects, authorities, partners;
    };
    std::unordered_map<std::string, Sets> by_country;
    for (const auto& p : data.pairs) {
        const auto a = data.authority_index.find(p.authority_id);
        const auto b = data.partner_index.find(p.partner_id);
        if (a == data.authority_index.end() || b == data.partner_index.end()) continue;
        if (!AuthorityIn(data.authorities[a->second], scope)) continue;
        auto& sets = by_country[data.partners[b->second].country_iso2];
        sets.projects.insert(p.project_ids.begin(), p.project_ids.end());
        sets.authorities.insert(p.authority_id);
        sets.partners.insert(p.partner_id);
    }
    json countries = json::array();
    for (const auto& c : data.countries) {
        const auto it = by_country.find(c.iso2);
        if (it == by_country.end()) continue;
        MapCountry local = c;
        local.projects = static_cast<std::int64_t>(it->second.projects.size());
        local.french_authorities = static_cast<std::int64_t>(it->second.authorities.size());
        local.partner_authorities = static_cast<std::int64_t>(it->second.partners.size());
        countries.push_back(CountryJson(local, query));
    }
    return {{"countries", std::move(countries)}};
}

json CountriesAnswer(const MapData& data, const Scope& scope, const std::string& query) {
    if (scope.kind == LevelKind::kRegion || scope.kind == LevelKind::kDepartment ||
        scope.kind == LevelKind::kAuthority) {
        return FrenchSideCountries(data, scope, query);
    }
    json countries = json::array();
    for (const auto& c : data.countries) {
        if (scope.kind == LevelKind::kContinent && c.continent != scope.key) continue;
        if (scope.kind == LevelKind::kCountry && c.iso2 != scope.key) continue;
        countries.push_back(CountryJson(c, query));
    }
    return {{"countries", std::move(countries)}};
}

json PairsAnswer(const MapData& data, const Scope& scope, const std::string& query) {
    if (scope.kind == LevelKind::kWorld) {
        // Every link at once would be thousands of lines: flows from each French région to
        // each partner country instead.
        std::unordered_map<std::string, const MapRegion*> regions;
        for (const auto& r : data.regions) regions[r.code] = &r;
        std::unordered_map<std::string, const MapCountry*> countries;
        for (const auto& c : data.countries) countries[c.iso2] = &c;
        json flows = json::array();
        for (const auto& f : data.flows) {
            const auto r = regions.find(f.region_code);
            const auto c = countries.find(f.country_iso2);
            if (r == regions.end() || c == countries.end()) continue;
            json from = {{"code", r->second->code},
                         {"name", r->second->name},
                         {"url", Url({LevelKind::kRegion, r->second->slug}, {}, query)}};
            AddPoint(from, r->second->point);
            json to = {{"iso2", c->second->iso2},
                       {"name", c->second->name},
                       {"url", Url({LevelKind::kCountry, c->second->iso2}, {}, query)}};
            AddPoint(to, c->second->point);
            flows.push_back(
                {{"from", std::move(from)}, {"to", std::move(to)}, {"projects", f.projects}});
        }
        const auto total = flows.size();
        return {{"aggregated", true},
                {"total", total},
                {"truncated", false},
                {"pairs", std::move(flows)}};
    }
    json pairs = json::array();
    std::size_t total = 0;
    for (const auto& p : data.pairs) {
        const auto a = data.authority_index.find(p.authority_id);
        const auto b = data.partner_index.find(p.partner_id);
        if (a == data.authority_index.end() || b == data.partner_index.end()) continue;
        const auto& authority = data.authorities[a->second];
        const auto& partner = data.partners[b->second];
        if (!AuthorityIn(authority, scope) || !PartnerIn(partner, scope)) continue;
        ++total;
        if (pairs.size() >= kMaxPairs) continue;
        json from = {{"id", authority.id},
                     {"name", authority.name},
                     {"url", Url({LevelKind::kAuthority, std::to_string(authority.id)},
                                 authority.slug, query)}};
        AddPoint(from, authority.point);
        json to = {
            {"id", partner.id},
            {"name", partner.name},
            {"url", Url({LevelKind::kPartner, std::to_string(partner.id)}, partner.slug, query)}};
        AddPoint(to, partner.point);
        pairs.push_back(
            {{"from", std::move(from)}, {"to", std::move(to)}, {"projects", p.projects}});
    }
    return {{"aggregated", false},
            {"total", total},
            {"truncated", total > pairs.size()},
            {"pairs", std::move(pairs)}};
}

}  // namespace

const nlohmann::json& PartnerMarkerFields() {
    static const nlohmann::json fields = {
        "id",       "name",   "country", "lat", "lon", "precision", "french_authorities",
        "projects", "themes", "slug"};
    return fields;
}

void RegisterAtlasMapRoutes(web::Router& router, AtlasService& atlas,
                            const web::Templates& templates) {
    auto env = std::make_shared<Env>(atlas, templates);
    router.Get("/api/v1/map/countries", [env](const web::Request& r) {
        return Answer(
            *env, r,
            [&](const MapData& data, const std::string& query, const Filters&) -> Result<json> {
                auto scope = ParseScope(
                    r, data, {"continent", "country", "region", "department", "authority"});
                if (!scope) return scope.error();
                return CountriesAnswer(data, scope.value(), query);
            });
    });
    router.Get("/api/v1/map/partners", [env](const web::Request& r) {
        return Answer(
            *env, r,
            [&](const MapData& data, const std::string& query, const Filters&) -> Result<json> {
                auto scope = ParseScope(r, data, {"continent", "country", "partner", "authority"});
                if (!scope) return scope.error();
                json rows = json::array();
                json countries = json::object();
                const auto add = [&](const MapPartner& p) {
                    rows.push_back(PartnerRow(p));
                    countries[p.country_iso2] = p.country_name;
                };
                if (scope->kind == LevelKind::kAuthority) {
                    // The partners of one French authority.
                    for (const auto& p : data.pairs) {
                        if (p.authority_id != scope->id) continue;
                        const auto it = data.partner_index.find(p.partner_id);
                        if (it != data.partner_index.end()) add(data.partners[it->second]);
                    }
                } else {
                    for (const auto& p : data.partners) {
                        if (PartnerIn(p, scope.value())) add(p);
                    }
                }
                auto answer = MarkerAnswer("partners", PartnerMarkerFields(), std::move(rows),
                                           LevelPath({LevelKind::kPartner, {}}, {}), query);
                answer["countries"] = std::move(countries);
                return answer;
            });
    });
    router.Get("/api/v1/map/authorities", [env](const web::Request& r) {
        return Answer(
            *env, r,
            [&](const MapData& data, const std::string& query, const Filters&) -> Result<json> {
                auto scope = ParseScope(r, data, {"region", "department", "authority", "partner"});
                if (!scope) return scope.error();
                json rows = json::array();
                if (scope->kind == LevelKind::kPartner) {
                    // The French authorities of one partner.
                    for (const auto& p : data.pairs) {
                        if (p.partner_id != scope->id) continue;
                        const auto it = data.authority_index.find(p.authority_id);
                        if (it != data.authority_index.end())
                            rows.push_back(AuthorityRow(data.authorities[it->second]));
                    }
                } else {
                    for (const auto& a : data.authorities) {
                        if (AuthorityIn(a, scope.value())) rows.push_back(AuthorityRow(a));
                    }
                }
                return MarkerAnswer("authorities", AuthorityFields(), std::move(rows),
                                    LevelPath({LevelKind::kAuthority, {}}, {}), query);
            });
    });
    router.Get("/api/v1/map/departments", [env](const web::Request& r) {
        return Answer(
            *env, r,
            [&](const MapData& data, const std::string& query, const Filters&) -> Result<json> {
                auto scope = ParseScope(r, data, {"region"});
                if (!scope) return scope.error();
                json departments = json::array();
                for (const auto& d : data.departments) {
                    if (scope->kind == LevelKind::kRegion && d.region_code != scope->key) continue;
                    json item = {{"code", d.code},
                                 {"name", d.name},
                                 {"region", d.region_code},
                                 {"projects", d.projects},
                                 {"french_authorities", d.authorities},
                                 {"url", Url({LevelKind::kDepartment, d.code}, {}, query)}};
                    AddPoint(item, d.point);
                    departments.push_back(std::move(item));
                }
                return json{{"departments", std::move(departments)}};
            });
    });
    router.Get("/api/v1/map/pairs", [env](const web::Request& r) {
        return Answer(
            *env, r,
            [&](const MapData& data, const std::string& query, const Filters&) -> Result<json> {
                auto scope = ParseScope(
                    r, data,
                    {"continent", "country", "partner", "region", "department", "authority"});
                if (!scope) return scope.error();
                return PairsAnswer(data, scope.value(), query);
            });
    });
}

}  // namespace cncd::atlas
