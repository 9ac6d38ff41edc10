#include "modules/search/search_page.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <optional>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/text.hpp"
#include "modules/atlas/atlas_map_routes.hpp"
#include "modules/search/search_labels.hpp"
#include "web/errors.hpp"
#include "web/http.hpp"

namespace cncd::search {
namespace {

using nlohmann::json;

constexpr int kPaginationWindow = 2;
// A long facet shows its most frequent values as checkboxes (the selected ones besides); the
// others are offered in a list.
constexpr std::size_t kShownValues = 10;
// …unless only a few are left: then they are checkboxes too.
constexpr std::size_t kMinListed = 5;
// Malformed parameters reported at most (each is left out in turn).
constexpr int kMaxParseRounds = 16;

std::string Num(std::int64_t n) { return text::FormatThousands(n); }

std::string Plural(std::int64_t n, std::string_view one, std::string_view many) {
    return std::string(n > 1 ? many : one);
}

std::string ProjectCount(std::int64_t n) { return Num(n) + " " + Plural(n, "projet", "projets"); }

/// How the page shows a facet.
struct FacetInfo {
    Facet facet;
    std::string_view title;  ///< the accordion's heading
    std::string_view tag;    ///< the prefix of a selected value's tag
    bool long_list;          ///< the most frequent values as checkboxes, the others in a list
    std::string_view more;   ///< the list's label
    std::string_view hint;
};

// In the order of the form: what a user looks for first.
constexpr std::array<FacetInfo, kFacetCount> kPageFacets = {{
    {Facet::kTheme, "Thématiques", "Thématique", false, "",
     "Une thématique comprend ses sous-thématiques."},
    {Facet::kContinent, "Continents", "Continent", false, "", ""},
    {Facet::kCountry, "Pays partenaires", "Pays", true, "Autre pays", ""},
    {Facet::kPartner, "Collectivités partenaires", "Partenaire", true,
     "Autre collectivité partenaire",
     "Les plus fréquentes dans les résultats ; pour une autre, saisissez son nom dans les "
     "mots-clés."},
    {Facet::kRegion, "Régions françaises", "Région", false, "", ""},
    {Facet::kDepartment, "Départements", "Département", true, "Autre département", ""},
    {Facet::kAuthority, "Collectivités françaises", "Collectivité", true,
     "Autre collectivité française",
     "Les plus fréquentes dans les résultats ; pour une autre, saisissez son nom dans les "
     "mots-clés."},
    {Facet::kAuthorityType, "Types de collectivité française", "Type de collectivité", false, "",
     ""},
    {Facet::kKind, "Types d’action", "Type d’action", false, "",
     "Une famille comprend ses types d’action."},
    {Facet::kStatus, "Statut", "Statut", false, "", ""},
    {Facet::kCofinancer, "Cofinanceurs", "Cofinanceur", false, "", ""},
}};

const std::vector<FacetCount>& FacetOf(const SearchPage& page, Facet f) {
    return page.facets[static_cast<std::size_t>(f)];
}

// The label of a facet value as the facets list it, the code itself when unknown.
std::string LabelOf(const SearchPage& page, Facet f, const std::string& value) {
    for (const auto& v : FacetOf(page, f)) {
        if (v.value == value) return v.label;
    }
    return value;
}

void Add(std::string& qs, std::string_view name, std::string_view value) {
    if (!qs.empty()) qs += '&';
    qs += name;
    qs += '=';
    qs += web::PercentEncode(value);
}

std::string ApiHref(std::string_view path, const std::string& qs, std::string_view extra = {}) {
    std::string out(path);
    std::string all = qs;
    if (!extra.empty()) all += (all.empty() ? "" : "&") + std::string(extra);
    if (!all.empty()) out += "?" + all;
    return out;
}

std::string Years(const ProjectRecord& p) {
    if (p.start_year && p.end_year) {
        if (*p.start_year == *p.end_year) return std::to_string(*p.start_year);
        return std::to_string(*p.start_year) + " – " + std::to_string(*p.end_year);
    }
    if (p.start_year) return "depuis " + std::to_string(*p.start_year);
    if (p.end_year) return "jusqu’en " + std::to_string(*p.end_year);
    return "";
}

std::string_view GroupBadgeClass(std::string_view kind) {
    return labels::KindGroupOf(kind) == labels::kKindGroups[0] ? "fr-badge--blue-cumulus"
                                                               : "fr-badge--purple-glycine";
}

std::string_view StatusBadgeClass(std::string_view status) {
    if (status == "planned") return "fr-badge--new";
    if (status == "active") return "fr-badge--success";
    return "";
}

template <typename T, typename F>
std::string Join(const std::vector<T>& items, F text) {
    std::string out;
    for (const auto& item : items) {
        const std::string part = text(item);
        if (part.empty()) continue;
        if (!out.empty()) out += ", ";
        out += part;
    }
    return out;
}

json ItemView(const ProjectRecord& p) {
    const std::string authorities = Join(p.authorities, [](const AuthorityRef& a) {
        return a.lead ? a.name + " (chef de file)" : a.name;
    });
    const std::string partners = Join(p.partners, [](const PartnerRef& partner) {
        return partner.country.empty() ? partner.name : partner.name + " (" + partner.country + ")";
    });
    const std::string themes = Join(p.themes, [](const Ref& t) { return t.name; });
    const std::string years = Years(p);
    return {{"title", p.title},
            {"href", ProjectSheetPath(p.id, p.slug)},
            {"kind_label", labels::KindName(p.kind)},
            {"group_class", GroupBadgeClass(p.kind)},
            {"status_label", labels::StatusName(p.status)},
            {"status_class", StatusBadgeClass(p.status)},
            {"authorities", authorities.empty() ? json(nullptr) : json(authorities)},
            {"partners", partners.empty() ? json(nullptr) : json(partners)},
            {"themes", themes.empty() ? json(nullptr) : json(themes)},
            {"years", years.empty() ? json(nullptr) : json(years)}};
}

// The facet's values as checkboxes (and, for a long facet, a list of the others).
// Partner facet values are names only; the map of the results knows each one's country.
using Details = std::unordered_map<std::string, std::string>;

Details PartnerCountries(const SearchMap& map) {
    Details out;
    out.reserve(map.partners.size());
    for (const auto& p : map.partners) out.emplace(std::to_string(p.id), p.country_name);
    return out;
}

json FacetView(const FacetInfo& info, const SearchQuery& query, const SearchPage& page,
               bool has_error, const Details* details) {
    const std::string name(FacetName(info.facet));
    const auto& values = FacetOf(page, info.facet);
    const auto label_of = [details](const FacetCount& v) {
        if (details == nullptr) return v.label;
        const auto it = details->find(v.value);
        return it == details->end() || it->second.empty() ? v.label
                                                          : v.label + " (" + it->second + ")";
    };
    json shown = json::array();
    std::vector<const FacetCount*> others;
    const bool truncate = info.long_list && values.size() > kShownValues + kMinListed;
    std::size_t index = 0;
    std::int64_t selected = 0;
    for (const auto& v : values) {
        if (v.selected) ++selected;
        const bool show = !truncate || v.selected || index < kShownValues;
        ++index;
        if (!show) {
            others.push_back(&v);
            continue;
        }
        shown.push_back({{"id", "f-" + name + "-" + std::to_string(shown.size())},
                         {"value", v.value},
                         {"label", label_of(v)},
                         {"count", Num(v.count)},
                         {"projects", Plural(v.count, "projet", "projets")},
                         {"checked", v.selected},
                         {"child", !v.parent.empty()}});
    }
    json more = nullptr;
    if (!others.empty()) {
        std::vector<std::pair<std::string, const FacetCount*>> sorted;
        for (const auto* v : others) sorted.emplace_back(text::Fold(label_of(*v)), v);
        std::sort(sorted.begin(), sorted.end());
        json options = json::array();
        for (const auto& [key, v] : sorted) {
            options.push_back(
                {{"value", v->value}, {"label", label_of(*v) + " – " + Num(v->count)}});
        }
        more = {{"id", "f-" + name + "-autre"},
                {"label", info.more},
                {"options", std::move(options)},
                {"count", Num(static_cast<std::int64_t>(others.size()))}};
    }
    const bool filtered = !query.Values(info.facet).empty();
    return {{"name", name},
            {"title", info.title},
            {"id", "facette-" + name},
            {"expanded", filtered || has_error},
            {"selected", selected > 0
                             ? json(Num(selected) + " " + Plural(selected, "choisi", "choisis"))
                             : json(nullptr)},
            {"values", std::move(shown)},
            {"empty", values.empty()},
            {"more", std::move(more)},
            {"hint", info.hint.empty() ? json(nullptr) : json(info.hint)}};
}

// The selected filters, each with the address of the search without it.
json TagsView(const SearchQuery& query, const SearchPage& page) {
    json tags = json::array();
    const auto tag = [&](std::string label, const SearchQuery& without) {
        tags.push_back({{"label", label},
                        {"title", "Retirer le filtre « " + label + " »"},
                        {"href", SearchPageHref(without)}});
    };
    if (!query.keywords.empty()) {
        SearchQuery without = query;
        without.keywords.clear();
        tag("Mots-clés : " + query.keywords, without);
    }
    for (const auto& info : kPageFacets) {
        for (const auto& value : query.Values(info.facet)) {
            SearchQuery without = query;
            auto& values = without.Values(info.facet);
            values.erase(std::remove(values.begin(), values.end(), value), values.end());
            tag(std::string(info.tag) + " : " + LabelOf(page, info.facet, value), without);
        }
    }
    if (query.from_year) {
        SearchQuery without = query;
        without.from_year.reset();
        tag("Depuis " + std::to_string(*query.from_year), without);
    }
    if (query.to_year) {
        SearchQuery without = query;
        without.to_year.reset();
        tag("Jusqu’en " + std::to_string(*query.to_year), without);
    }
    if (!query.show_decentralised) {
        SearchQuery without = query;
        without.show_decentralised = true;
        tag("Sans la coopération décentralisée", without);
    }
    if (!query.show_other) {
        SearchQuery without = query;
        without.show_other = true;
        tag("Sans les autres actions extérieures", without);
    }
    return tags;
}

json PaginationView(const SearchQuery& query, const SearchPage& page) {
    const int pages = static_cast<int>(
        std::max<std::int64_t>(1, (page.total + page.per_page - 1) / page.per_page));
    const auto href = [&](int n) {
        SearchQuery at = query;
        at.page = n;
        const std::string qs = SearchQueryString(at, true);
        return std::string(kSearchPagePath) + (qs.empty() ? "" : "?" + qs) + "#resultats";
    };
    json items = json::array();
    const int current = query.page;
    const int first = std::max(1, current - kPaginationWindow);
    const int last = std::min(pages, current + kPaginationWindow);
    const auto link = [&](int n) {
        return json{{"label", Num(n)},
                    {"title", "Page " + std::to_string(n)},
                    {"href", href(n)},
                    {"current", n == current},
                    {"ellipsis", false}};
    };
    const json ellipsis = {{"ellipsis", true}, {"current", false}};
    if (first > 1) items.push_back(link(1));
    if (first > 2) items.push_back(ellipsis);
    for (int i = first; i <= last; ++i) items.push_back(link(i));
    if (last < pages - 1) items.push_back(ellipsis);
    if (last < pages && last >= first) items.push_back(link(pages));
    const bool has_prev = current > 1 && current <= pages;
    const bool has_next = current < pages;
    return {{"show", pages > 1},
            {"items", std::move(items)},
            {"first_href", has_prev ? json(href(1)) : json(nullptr)},
            {"prev_href", has_prev ? json(href(current - 1)) : json(nullptr)},
            {"next_href", has_next ? json(href(current + 1)) : json(nullptr)},
            {"last_href", has_next ? json(href(pages)) : json(nullptr)},
            {"empty_page", page.items.empty() && page.total > 0},
            {"first_page_href", href(1)}};
}

json CountriesView(const SearchQuery& query, const SearchPage& page, const SearchMap& map) {
    json rows = json::array();
    for (const auto& c : map.countries) {
        SearchQuery only = query;
        only.Values(Facet::kCountry) = {c.iso2};
        rows.push_back({{"name", c.name},
                        {"continent", LabelOf(page, Facet::kContinent, c.continent)},
                        {"search_href", SearchPageHref(only)},
                        {"atlas_href", CountryPagePath(c.iso2)},
                        {"projects", Num(c.projects)},
                        {"french_authorities", Num(c.french_authorities)},
                        {"partner_authorities", Num(c.partner_authorities)}});
    }
    const auto n = static_cast<std::int64_t>(map.countries.size());
    return {{"rows", std::move(rows)},
            {"has_rows", n > 0},
            {"count", Num(n) + " " + Plural(n, "pays", "pays")}};
}

json SortView(const SearchQuery& query) {
    json out = json::array();
    const std::array<std::pair<SortOrder, std::string_view>, 3> sorts = {{
        {SortOrder::kRelevance, "Pertinence"},
        {SortOrder::kRecent, "Plus récents d’abord"},
        {SortOrder::kTitle, "Titre (ordre alphabétique)"},
    }};
    for (const auto& [order, label] : sorts) {
        out.push_back(
            {{"value", SortOrderName(order)}, {"label", label}, {"selected", query.sort == order}});
    }
    return out;
}

double Round(double degrees) { return std::round(degrees * 1e4) / 1e4; }

void AddPoint(json& out, const std::optional<MapPoint>& point) {
    out["lat"] = point ? json(Round(point->lat)) : json(nullptr);
    out["lon"] = point ? json(Round(point->lon)) : json(nullptr);
    out["precision"] = point ? json(point->precision) : json(nullptr);
}

json CountryJson(const MapCountryCount& c, const SearchQuery& query) {
    SearchQuery only = query;
    only.Values(Facet::kCountry) = {c.iso2};
    json out = {{"iso2", c.iso2},
                {"numeric", c.numeric},
                {"name", c.name},
                {"continent", c.continent},
                {"projects", c.projects},
                {"french_authorities", c.french_authorities},
                {"partner_authorities", c.partner_authorities},
                {"url", CountryPagePath(c.iso2)},
                {"search_url", SearchPageHref(only)}};
    AddPoint(out, c.point);
    return out;
}

// A partner's marker in the Atlas map's compact shape: its values in the order of
// atlas::PartnerMarkerFields().
json PartnerRow(const MapPartnerCount& p) {
    json row = json::array({p.id, p.name, p.country_iso2});
    if (p.point) {
        row.push_back(Round(p.point->lat));
        row.push_back(Round(p.point->lon));
        row.push_back(p.point->precision);
    } else {
        row.insert(row.end(), {nullptr, nullptr, nullptr});
    }
    row.push_back(p.french_authorities);
    row.push_back(p.projects);
    row.push_back(p.themes);
    row.push_back(web::PercentEncode(p.slug));
    return row;
}

// The partners' markers, plus the address of the search restricted to a partner:
// search_prefix + id.
json PartnersAnswer(const SearchMap& data, const SearchQuery& query) {
    json rows = json::array();
    json countries = json::object();
    for (const auto& p : data.partners) {
        rows.push_back(PartnerRow(p));
        countries[p.country_iso2] = p.country_name;
    }
    SearchQuery others = query;
    others.Values(Facet::kPartner).clear();
    const std::string href = SearchPageHref(others);
    return {
        {"total", data.total},
        {"fields", atlas::PartnerMarkerFields()},
        {"partners", std::move(rows)},
        {"countries", std::move(countries)},
        {"url_prefix", "/atlas/partenaires/"},
        {"url_query", ""},
        {"search_prefix", href + (href.find('?') == std::string::npos ? "?" : "&") + "partner="}};
}

// The map's answer: `part` gives the list ("countries" or "partners") of the search's map.
web::Handler MapAnswer(SearchService& service, const web::Templates& templates, bool partners) {
    return [&service, &templates, partners](const web::Request& request) {
        auto query = ParseSearchQuery(request.query);
        if (!query) return web::ErrorResponse(request, query.error(), templates);
        auto map = service.Map(*query);
        if (!map) return web::ErrorResponse(request, map.error(), templates);
        const SearchMap& data = **map;
        if (partners) return web::Response::Json(PartnersAnswer(data, *query));
        json list = json::array();
        for (const auto& c : data.countries) list.push_back(CountryJson(c, *query));
        return web::Response::Json({{"total", data.total}, {"countries", std::move(list)}});
    };
}

// The name of a parameter in the error summary, and where its field is on the page.
std::pair<std::string_view, std::string> FieldOf(const std::string& parameter) {
    static const std::array<std::pair<std::string_view, std::string_view>, 8> kNames = {{
        {"q", "Mots-clés"},
        {"from", "Année de début"},
        {"to", "Année de fin"},
        {"sort", "Tri"},
        {"partner", "Collectivités partenaires"},
        {"authority", "Collectivités françaises"},
        {"cd", "Coopération décentralisée"},
        {"autres", "Autres actions extérieures"},
    }};
    for (const auto& [name, label] : kNames) {
        if (name == parameter) return {label, "#champ-" + parameter};
    }
    return {"Pagination", "#resultats"};  // page, per_page
}

}  // namespace

std::string SearchQueryString(const SearchQuery& query, bool with_page) {
    std::string qs;
    if (!query.keywords.empty()) Add(qs, "q", query.keywords);
    for (const Facet f : kFacets) {
        for (const auto& value : query.Values(f)) Add(qs, FacetName(f), value);
    }
    if (query.from_year) Add(qs, "from", std::to_string(*query.from_year));
    if (query.to_year) Add(qs, "to", std::to_string(*query.to_year));
    if (!query.show_decentralised) Add(qs, "cd", "0");
    if (!query.show_other) Add(qs, "autres", "0");
    if (query.sort != SortOrder::kRelevance) Add(qs, "sort", SortOrderName(query.sort));
    if (with_page && query.per_page != kDefaultPerPage) {
        Add(qs, "per_page", std::to_string(query.per_page));
    }
    if (with_page && query.page != 1) Add(qs, "page", std::to_string(query.page));
    return qs;
}

std::string SearchPageHref(const SearchQuery& query) {
    SearchQuery first = query;
    first.page = 1;
    const std::string qs = SearchQueryString(first, true);
    return std::string(kSearchPagePath) + (qs.empty() ? "" : "?" + qs);
}

PageQuery ParsePageQuery(const QueryParams& params) {
    PageQuery out;
    QueryParams left = params;
    for (int round = 0; round < kMaxParseRounds; ++round) {
        auto query = ParseSearchQuery(left);
        if (query) {
            out.query = std::move(*query);
            return out;
        }
        const std::string field = query.error().field.empty() ? "q" : query.error().field;
        out.errors.emplace(field, query.error().message);
        const auto before = left.size();
        std::erase_if(left, [&](const auto& p) { return p.first == field; });
        if (left.size() == before) break;
    }
    return out;
}

json SearchPageView(const PageQuery& parsed, const SearchPage& page, const SearchMap& map) {
    const SearchQuery& query = parsed.query;
    const std::string qs = SearchQueryString(query, false);
    json facets = json::array();
    const Details partner_countries = PartnerCountries(map);
    for (const auto& info : kPageFacets) {
        const bool has_error = parsed.errors.contains(std::string(FacetName(info.facet)));
        facets.push_back(FacetView(info, query, page, has_error,
                                   info.facet == Facet::kPartner ? &partner_countries : nullptr));
    }
    json items = json::array();
    for (const auto& item : page.items) items.push_back(ItemView(item));
    json errors = json::object();
    json error_list = json::array();
    for (const auto& [field, message] : parsed.errors) {
        errors[field] = message;
        const auto [label, href] = FieldOf(field);
        error_list.push_back({{"label", label}, {"href", href}, {"message", message}});
    }
    const auto field_error = [&](std::string_view name) {
        const auto it = parsed.errors.find(std::string(name));
        return it == parsed.errors.end() ? json(nullptr) : json(it->second);
    };
    const json tags = TagsView(query, page);
    std::string title = "Recherche dans l’Atlas : " + ProjectCount(page.total);
    if (query.page > 1) title += " (page " + std::to_string(query.page) + ")";
    const bool extract = page.total > 0;
    return {
        {"title", title},
        {"description",
         "Rechercher les projets de coopération décentralisée et les autres actions extérieures "
         "des collectivités françaises par mots-clés, thématique, pays, collectivité…"},
        {"active", "recherche"},
        {"breadcrumb", json::array({{{"label", "Accueil"}, {"href", "/"}},
                                    {{"label", "Atlas"}, {"href", "/atlas"}},
                                    {{"label", "Recherche"}}})},
        {"styles", json::array({"/vendor/leaflet/leaflet.css", "/vendor/leaflet/MarkerCluster.css",
                                "/static/css/map.css", "/static/css/search.css"})},
        {"action", kSearchPagePath},
        {"q", query.keywords},
        {"q_error", field_error("q")},
        {"cd", query.show_decentralised},
        {"autres", query.show_other},
        {"cd_error", field_error("cd")},
        {"autres_error", field_error("autres")},
        {"from", query.from_year ? json(std::to_string(*query.from_year)) : json("")},
        {"to", query.to_year ? json(std::to_string(*query.to_year)) : json("")},
        {"from_error", field_error("from")},
        {"to_error", field_error("to")},
        {"years_expanded", query.from_year || query.to_year || !field_error("from").is_null() ||
                               !field_error("to").is_null()},
        {"per_page",
         query.per_page != kDefaultPerPage ? json(std::to_string(query.per_page)) : json(nullptr)},
        {"sorts", SortView(query)},
        {"sort_error", field_error("sort")},
        {"facets", std::move(facets)},
        {"has_errors", !parsed.errors.empty()},
        {"errors", std::move(error_list)},
        {"tags", tags},
        {"has_tags", !tags.empty()},
        {"reset_href", kSearchPagePath},
        {"total", page.total},
        {"total_label", ProjectCount(page.total)},
        {"has_items", !page.items.empty()},
        {"items", std::move(items)},
        {"pagination", PaginationView(query, page)},
        {"extract", extract},
        {"downloads", json::array({{{"href", ApiHref("/api/v1/projects.csv", qs, "sep=semicolon")},
                                    {"label", "CSV"},
                                    {"detail", "tableur, séparateur point-virgule"}},
                                   {{"href", ApiHref("/api/v1/projects.xlsx", qs)},
                                    {"label", "XLSX"},
                                    {"detail", "classeur Excel ou LibreOffice"}},
                                   {{"href", ApiHref("/api/v1/projects.geojson", qs)},
                                    {"label", "GeoJSON"},
                                    {"detail", "carte, SIG"}},
                                   {{"href", ApiHref("/api/v1/projects.json", qs)},
                                    {"label", "JSON"},
                                    {"detail", "données"}},
                                   {{"href", ApiHref("/api/v1/projects.pdf", qs)},
                                    {"label", "PDF"},
                                    {"detail", "rapport avec carte, chiffres et tableau"}}})},
        {"api_href", ApiHref("/api/v1/projects", qs)},
        {"map_query", qs},
        {"countries", CountriesView(query, page, map)},
    };
}

void RegisterSearchPageRoutes(web::Router& router, SearchService& service,
                              const web::Templates& templates, SearchPageOptions options) {
    router.Get(std::string(kSearchPagePath),
               [&service, &templates, options = std::move(options)](const web::Request& request) {
                   PageQuery parsed = ParsePageQuery(request.query);
                   // A submitted form (filtre=1, empty fields) goes to the search's canonical
                   // address, the one to share; that address has no filtre, so this happens once.
                   if (parsed.errors.empty() && request.Query("filtre")) {
                       const std::string qs = SearchQueryString(parsed.query, true);
                       return web::Response::Redirect(
                           std::string(kSearchPagePath) + (qs.empty() ? "" : "?" + qs), 303);
                   }
                   auto page = service.Search(parsed.query);
                   if (!page && !page.error().field.empty()) {
                       // Keywords with too many words: say so next to the field and search without
                       // them.
                       parsed.errors.emplace(page.error().field, page.error().message);
                       parsed.query.keywords.clear();
                       parsed.query.page = 1;
                       page = service.Search(parsed.query);
                   }
                   if (!page) return web::ErrorResponse(request, page.error(), templates);
                   auto map = service.Map(parsed.query);
                   if (!map) return web::ErrorResponse(request, map.error(), templates);
                   json view = SearchPageView(parsed, *page, **map);
                   if (options.save_panel)
                       view["save"] =
                           options.save_panel(request, SearchQueryString(parsed.query, false));
                   return web::Response::Html(templates.RenderPage("search", view),
                                              parsed.errors.empty() ? 200 : 400);
               });
    router.Get("/api/v1/projects/map/countries", MapAnswer(service, templates, false));
    router.Get("/api/v1/projects/map/partners", MapAnswer(service, templates, true));
}

}  // namespace cncd::search
