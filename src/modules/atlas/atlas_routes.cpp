#include "modules/atlas/atlas_routes.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/text.hpp"
#include "modules/atlas/atlas_labels.hpp"
#include "web/errors.hpp"

namespace cncd::atlas {
namespace {

using nlohmann::json;

constexpr int kHtmlPerPage = 15;
constexpr int kApiDefaultPerPage = 20;
constexpr int kMaxPageNumber = 1'000'000;
constexpr std::size_t kMaxCachedResponses = 2048;
constexpr int kPaginationWindow = 2;
constexpr std::size_t kHomeRegions = 6;
// A level page names at most this many partners; the complete list has its own page.
constexpr std::size_t kInlinePartners = 12;
constexpr std::string_view kAtlasTitle = "Atlas français de la coopération décentralisée";

// ---------------------------------------------------------------------------------------------
// Rendered responses, kept until the next committed write.

/// Whole responses of anonymous GET requests, by request target. Pages depend only on the
/// target and the data, so a response stays valid until the database generation changes.
class ResponseCache {
  public:
    explicit ResponseCache(const AtlasService& atlas) : atlas_(atlas) {}

    web::Response Get(const web::Request& request, const std::function<web::Response()>& build) {
        // A request with cookies may one day get a personalised layout: never share it.
        if (request.Header("cookie")) return build();
        const std::uint64_t generation = atlas_.Generation();
        std::shared_ptr<const web::Response> cached;
        {
            std::lock_guard lock(mutex_);
            if (generation != generation_) {
                entries_.clear();
                generation_ = generation;
            }
            if (auto it = entries_.find(request.target); it != entries_.end()) cached = it->second;
        }
        if (cached) return *cached;  // copied outside the lock
        web::Response response = build();
        if (response.status != 200) return response;
        auto shared = std::make_shared<const web::Response>(response);
        std::lock_guard lock(mutex_);
        if (generation == generation_) {
            if (entries_.size() >= kMaxCachedResponses) entries_.clear();
            entries_.emplace(request.target, std::move(shared));
        }
        return response;
    }

  private:
    const AtlasService& atlas_;
    std::mutex mutex_;
    std::uint64_t generation_ = 0;
    std::unordered_map<std::string, std::shared_ptr<const web::Response>> entries_;
};

struct Env {
    Env(AtlasService& a, const web::Templates& t, std::string spec)
        : atlas(a), templates(t), cache(a), openapi(std::move(spec)) {}
    AtlasService& atlas;
    const web::Templates& templates;
    ResponseCache cache;
    std::string openapi;
};

web::Response Fail(const Env& env, const web::Request& request, const Error& error) {
    return web::ErrorResponse(request, error, env.templates);
}

// ---------------------------------------------------------------------------------------------
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

namespace {

std::string ProjectPath(std::int64_t id, std::string_view slug) {
    return "/atlas/projets/" + std::to_string(id) +
           (slug.empty() ? "" : "-" + web::PercentEncode(slug));
}

std::string AuthorityPath(std::int64_t id, std::string_view slug) {
    return LevelPath({LevelKind::kAuthority, std::to_string(id)}, slug);
}

std::string PartnerPath(std::int64_t id, std::string_view slug) {
    return LevelPath({LevelKind::kPartner, std::to_string(id)}, slug);
}

}  // namespace

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

namespace {

std::string WithQuery(std::string path, std::string_view query) {
    if (query.empty()) return path;
    return path + "?" + std::string(query);
}

std::string JoinQuery(std::string a, std::string_view b) {
    if (b.empty()) return a;
    if (a.empty()) return std::string(b);
    return a + "&" + std::string(b);
}

// ---------------------------------------------------------------------------------------------
// Views for the templates.

std::string Num(std::int64_t n) { return text::FormatThousands(n); }

// Templates see a missing key through the enclosing contexts (Mustache looks names up the
// stack), so an optional value is always set: null (false for the templates) when absent.
json Opt(const std::string& s) { return s.empty() ? json(nullptr) : json(s); }
json OptNum(const std::optional<std::int64_t>& n) { return n ? json(Num(*n)) : json(nullptr); }

json BreadcrumbFor(const std::vector<Place>& ancestors, const std::string& current,
                   const Filters& filters) {
    json crumbs = json::array();
    crumbs.push_back({{"label", "Accueil"}, {"href", "/"}});
    const auto query = FilterQuery(filters);
    for (const auto& place : ancestors) {
        const std::string label = place.ref.kind == LevelKind::kWorld ? "Atlas" : place.name;
        crumbs.push_back(
            {{"label", label}, {"href", WithQuery(LevelPath(place.ref, place.slug), query)}});
    }
    crumbs.push_back({{"label", current}});
    return crumbs;
}

/// The figures of a level. A count that is 1 by definition is left out: the French authorities
/// of an authority, the partners of a partner, the countries of a country or of a partner.
json FigureItems(const Counts& c, LevelKind level) {
    json items = json::array();
    const auto add = [&](std::string_view key, std::int64_t n, std::string label) {
        items.push_back({{"key", key}, {"value", Num(n)}, {"label", std::move(label)}});
    };
    const bool partner = level == LevelKind::kPartner;
    add("projects", c.projects,
        partner ? labels::Plural(c.projects, "projet mené", "projets menés")
                : labels::Plural(c.projects, "projet", "projets"));
    if (level != LevelKind::kAuthority) {
        add("french_authorities", c.authorities,
            partner
                ? labels::Plural(c.authorities, "collectivité française partenaire",
                                 "collectivités françaises partenaires")
                : labels::Plural(c.authorities, "collectivité française engagée à l’international",
                                 "collectivités françaises engagées à l’international"));
    }
    if (!partner) {
        add("partner_authorities", c.partners,
            labels::Plural(c.partners, "collectivité locale partenaire",
                           "collectivités locales partenaires"));
    }
    if (!partner && level != LevelKind::kCountry) add("countries", c.countries, "pays");
    add("themes", c.themes, labels::Plural(c.themes, "thématique", "thématiques"));
    return items;
}

json FiltersView(const std::vector<ThemeGroup>& themes, const Filters& filters,
                 const std::string& action, const std::string& sort_code) {
    json groups = json::array();
    std::string theme_name;
    for (const auto& g : themes) {
        json options = json::array();
        const bool parent_selected = g.theme.slug == filters.theme;
        if (parent_selected) theme_name = g.theme.name;
        options.push_back(
            {{"value", g.theme.slug},
             {"label", g.children.empty() ? g.theme.name : g.theme.name + " (toutes)"},
             {"selected", parent_selected}});
        for (const auto& c : g.children) {
            const bool selected = c.slug == filters.theme;
            if (selected) theme_name = g.theme.name + " › " + c.name;
            options.push_back({{"value", c.slug}, {"label", c.name}, {"selected", selected}});
        }
        groups.push_back({{"label", g.theme.name},
                          {"has_children", !g.children.empty()},
                          {"options", std::move(options)}});
    }
    json summary = json::array();
    if (!filters.decentralised) summary.push_back("Coopération décentralisée masquée");
    if (!filters.other_actions) summary.push_back("Autres actions extérieures masquées");
    if (!filters.theme.empty())
        summary.push_back("Thématique : " + (theme_name.empty() ? filters.theme : theme_name));
    if (filters.kind)
        summary.push_back("Type : " + std::string(labels::ProjectKindName(*filters.kind)));
    json view = {{"action", action},
                 {"cd", filters.decentralised},
                 {"autres", filters.other_actions},
                 {"no_theme", filters.theme.empty()},
                 {"theme_groups", std::move(groups)},
                 {"active", !filters.IsDefault()},
                 {"summary", std::move(summary)},
                 {"reset_href", action},
                 {"sort", sort_code},
                 {"has_sort", !sort_code.empty()}};
    view["kind"] = filters.kind ? json(ProjectKindCode(*filters.kind)) : json(nullptr);
    return view;
}

std::string_view GroupBadgeClass(ProjectKind kind) {
    return GroupOf(kind) == KindGroup::kDecentralised ? "fr-badge--blue-cumulus"
                                                      : "fr-badge--purple-glycine";
}

std::string_view StatusBadgeClass(ProjectStatus status) {
    switch (status) {
        case ProjectStatus::kPlanned:
            return "fr-badge--new";
        case ProjectStatus::kActive:
            return "fr-badge--success";
        case ProjectStatus::kFinished:
            return "";
    }
    return "";
}

std::string Years(std::optional<int> start, std::optional<int> end) {
    if (start && end && *start == *end) return std::to_string(*start);
    if (start && end) return std::to_string(*start) + "–" + std::to_string(*end);
    if (start) return "depuis " + std::to_string(*start);
    if (end) return "jusqu’en " + std::to_string(*end);
    return "non renseignées";
}

json PaginationView(const ProjectPage& page, const std::function<std::string(int)>& href) {
    json items = json::array();
    const int first = std::max(1, page.page - kPaginationWindow);
    const int last = std::min(page.pages, page.page + kPaginationWindow);
    const auto link = [&](int n) {
        return json{{"label", std::to_string(n)},
                    {"title", "Page " + std::to_string(n)},
                    {"href", n == page.page ? json(nullptr) : json(href(n))},
                    {"current", n == page.page},
                    {"ellipsis", false}};
    };
    const json ellipsis = {{"ellipsis", true}, {"current", false}, {"href", nullptr}};
    if (first > 1) items.push_back(link(1));
    if (first > 2) items.push_back(ellipsis);
    for (int i = first; i <= last; ++i) items.push_back(link(i));
    if (last < page.pages - 1) items.push_back(ellipsis);
    if (last < page.pages) items.push_back(link(page.pages));
    const bool has_prev = page.page > 1;
    const bool has_next = page.page < page.pages;
    return {
        {"show", page.pages > 1},
        {"items", std::move(items)},
        {"first_href", has_prev ? json(href(1)) : json(nullptr)},
        {"prev_href", has_prev ? json(href(std::min(page.page - 1, page.pages))) : json(nullptr)},
        {"next_href", has_next ? json(href(page.page + 1)) : json(nullptr)},
        {"last_href", has_next ? json(href(page.pages)) : json(nullptr)}};
}

/// One page of a level's projects. `country` is the level's country name on a country or
/// partner page (partners there are not followed by their country), empty elsewhere.
json ProjectsView(const ProjectPage& page, const std::string& path, const Filters& filters,
                  const std::string& where, const std::string& country) {
    const std::string filter_query = FilterQuery(filters);
    const std::string sort_query = page.sort == ProjectSort::kRecent ? "tri=recent" : "";
    const auto href = [&](int n) {
        std::string q = JoinQuery(filter_query, sort_query);
        if (n > 1) q = JoinQuery(q, "page=" + std::to_string(n));
        return WithQuery(path, q) + "#projets";
    };
    json items = json::array();
    for (const auto& p : page.items) {
        std::string authorities;
        for (const auto& a : p.authorities) {
            authorities += (authorities.empty() ? "" : ", ") + a.name;
        }
        std::string partners;
        for (const auto& pr : p.partners) {
            partners += (partners.empty() ? "" : ", ") + pr.name;
            // On a country's pages the country goes without saying.
            if (pr.detail != country) partners += " (" + pr.detail + ")";
        }
        items.push_back({{"href", ProjectPath(p.id, p.slug)},
                         {"title", p.title},
                         {"kind_label", labels::ProjectKindShortName(p.kind)},
                         {"kind_title", labels::ProjectKindName(p.kind)},
                         {"group_class", GroupBadgeClass(p.kind)},
                         {"status_label", labels::StatusName(p.status)},
                         {"status_class", StatusBadgeClass(p.status)},
                         {"years", Years(p.start_year, p.end_year)},
                         {"authorities", authorities.empty() ? "—" : authorities},
                         {"partners", partners.empty() ? "—" : partners}});
    }
    const bool by_recent = page.sort == ProjectSort::kRecent;
    json sorts = json::array();
    sorts.push_back({{"label", "par titre"},
                     {"current", !by_recent},
                     {"href", WithQuery(path, filter_query) + "#projets"}});
    sorts.push_back(
        {{"label", "les plus récents d’abord"},
         {"current", by_recent},
         {"href", WithQuery(path, JoinQuery(filter_query, "tri=recent")) + "#projets"}});
    const std::string sort_label = by_recent ? "les plus récents d’abord" : "par titre";
    return {{"total", Num(page.total)},
            {"has_items", !page.items.empty()},
            {"empty_page", page.items.empty() && page.total > 0},
            {"caption", "Projets – " + where + " (" + sort_label + ", page " +
                            std::to_string(page.page) + " sur " + std::to_string(page.pages) + ")"},
            {"items", std::move(items)},
            {"sorts", std::move(sorts)},
            {"first_page_href", href(1)},
            {"pagination", PaginationView(page, href)}};
}

json ApdRows(const std::vector<ApdYear>& apd) {
    json rows = json::array();
    for (const auto& y : apd)
        rows.push_back({{"year", std::to_string(y.year)}, {"amount", Num(y.amount_eur)}});
    return rows;
}

/// The level as captions name it ("Monde", "Asie", "Sénégal"): French prepositions depend on
/// the gender of each country name, so captions use a dash instead ("Projets – Sénégal").
std::string Scope(const LevelFigures& f) {
    return f.ref.kind == LevelKind::kWorld ? std::string("Monde") : f.name;
}

bool IsFrenchSide(LevelKind kind) {
    return kind == LevelKind::kFrance || kind == LevelKind::kRegion ||
           kind == LevelKind::kDepartment || kind == LevelKind::kAuthority;
}

std::string_view LevelKicker(LevelKind kind) {
    switch (kind) {
        case LevelKind::kWorld:
            return "Monde";
        case LevelKind::kContinent:
            return "Continent";
        case LevelKind::kCountry:
            return "Pays";
        case LevelKind::kPartner:
            return "Collectivité partenaire";
        case LevelKind::kFrance:
            return "France";
        case LevelKind::kRegion:
            return "Région";
        case LevelKind::kDepartment:
            return "Département";
        case LevelKind::kAuthority:
            return "Collectivité territoriale française";
    }
    return {};
}

/// Whether a level has a page listing all its French authorities, or all its partners.
bool HasAuthorityList(const LevelFigures& f) {
    return f.members_listed && f.ref.kind != LevelKind::kWorld &&
           f.ref.kind != LevelKind::kFrance && f.ref.kind != LevelKind::kAuthority;
}
bool HasPartnerList(LevelKind kind) {
    return kind == LevelKind::kCountry || kind == LevelKind::kAuthority;
}

std::string AuthorityListPath(const LevelFigures& f) {
    return LevelPath(f.ref, f.slug) + "/collectivites";
}
std::string PartnerListPath(const LevelFigures& f) {
    return LevelPath(f.ref, f.slug) + "/partenaires";
}

std::string Lowercase(std::string_view label) {
    // The group labels start with one capital letter ("Communes", "Conseils régionaux").
    std::string out(label);
    if (!out.empty() && out[0] >= 'A' && out[0] <= 'Z')
        out[0] = static_cast<char>(out[0] - 'A' + 'a');
    return out;
}

/// The child levels with their counts. Partners (of a country or of an authority) can be many:
/// a level page shows the most engaged and links to the complete list (`complete`).
json ChildrenView(const LevelFigures& f, const Filters& filters, bool complete) {
    if (f.children.empty()) return {{"show", false}};
    std::string heading;
    std::string caption;
    std::vector<std::string> columns;
    std::function<std::vector<std::string>(const Child&)> cells;
    const auto counts4 = [](const Child& c, bool themes) {
        return std::vector<std::string>{Num(c.counts.projects), Num(c.counts.authorities),
                                        Num(c.counts.partners),
                                        themes ? Num(c.counts.themes) : Num(c.counts.countries)};
    };
    switch (f.ref.kind) {
        case LevelKind::kWorld:
            heading = "Par continent";
            columns = {"Continent", "Projets", "Collectivités françaises",
                       "Collectivités partenaires", "Pays"};
            cells = [&](const Child& c) { return counts4(c, false); };
            break;
        case LevelKind::kContinent:
            heading = "Par pays";
            columns = {"Pays", "Projets", "Collectivités françaises", "Collectivités partenaires",
                       "Thématiques"};
            cells = [&](const Child& c) { return counts4(c, true); };
            break;
        case LevelKind::kCountry:
            heading = "Collectivités partenaires";
            columns = {"Collectivité partenaire", "Collectivités françaises partenaires",
                       "Projets menés", "Thématiques"};
            cells = [](const Child& c) {
                return std::vector<std::string>{Num(c.counts.authorities), Num(c.counts.projects),
                                                Num(c.counts.themes)};
            };
            break;
        case LevelKind::kAuthority:
            heading = "Collectivités partenaires";
            columns = {"Collectivité partenaire (pays)", "Projets menés", "Thématiques"};
            cells = [](const Child& c) {
                return std::vector<std::string>{Num(c.counts.projects), Num(c.counts.themes)};
            };
            break;
        case LevelKind::kFrance:
            heading = "Par région";
            columns = {"Région", "Projets", "Collectivités françaises", "Collectivités partenaires",
                       "Pays"};
            cells = [&](const Child& c) { return counts4(c, false); };
            break;
        case LevelKind::kRegion:
            heading = "Par département";
            columns = {"Département", "Projets", "Collectivités françaises",
                       "Collectivités partenaires", "Pays"};
            cells = [&](const Child& c) { return counts4(c, false); };
            break;
        case LevelKind::kPartner:
        case LevelKind::kDepartment:
            return {{"show", false}};
    }
    caption = heading + " – " + Scope(f);
    const auto query = FilterQuery(filters);
    std::vector<const Child*> shown;
    for (const auto& c : f.children) shown.push_back(&c);
    const bool truncatable =
        HasPartnerList(f.ref.kind) && !complete && shown.size() > kInlinePartners;
    if (truncatable) {
        std::stable_sort(shown.begin(), shown.end(), [](const Child* a, const Child* b) {
            return a->counts.projects > b->counts.projects;
        });
        shown.resize(kInlinePartners);
        caption += " : les " + std::to_string(kInlinePartners) + " plus engagées (sur " +
                   Num(f.children.size()) + ")";
    }
    json rows = json::array();
    for (const auto* child : shown) {
        const Child& c = *child;
        std::string name = c.name;
        if (c.ref.kind == LevelKind::kDepartment) name += " (" + c.ref.key + ")";
        rows.push_back(
            {{"name", name},
             {"href", WithQuery(LevelPath(c.ref, c.slug), query)},
             {"detail", f.ref.kind == LevelKind::kAuthority ? json(c.detail) : json(nullptr)},
             {"cells", cells(c)}});
    }
    return {
        {"show", true},
        {"heading", complete ? std::string("Par ordre alphabétique") : heading},
        {"caption", caption},
        {"columns", columns},
        {"rows", std::move(rows)},
        {"more_label",
         truncatable ? json("Voir les " + Num(f.children.size()) + " collectivités partenaires")
                     : json(nullptr)},
        {"more_href", truncatable ? json(WithQuery(PartnerListPath(f), query)) : json(nullptr)}};
}

/// French authorities by type. On a level page: the most engaged of each type and a link to the
/// complete list; on the list page (`complete`): every one, by name.
json GroupsView(const LevelFigures& f, const Filters& filters, bool complete) {
    if (f.ref.kind == LevelKind::kAuthority) return {{"show", false}};
    const auto query = FilterQuery(filters);
    const bool has_list = HasAuthorityList(f);
    json groups = json::array();
    bool truncated = false;
    for (const auto& g : f.authority_groups) {
        const auto& shown = complete ? g.members : g.top;
        json members = json::array();
        for (const auto& m : shown) {
            members.push_back({{"name", m.name},
                               {"href", WithQuery(AuthorityPath(m.id, m.slug), query)},
                               {"projects", Num(m.projects) + " " +
                                                labels::Plural(m.projects, "projet", "projets")}});
        }
        const bool more = static_cast<std::int64_t>(shown.size()) < g.count;
        truncated = truncated || more;
        const std::string label(labels::AuthorityGroup(g.kind));
        groups.push_back(
            {{"label", label},
             {"kind", AuthorityKindCode(g.kind)},
             {"count", Num(g.count)},
             {"members", std::move(members)},
             {"more_label",
              more ? json("Voir les " + Num(g.count) + " " + Lowercase(label)) : json(nullptr)},
             {"more_href", more && has_list
                               ? json(WithQuery(AuthorityListPath(f), query) + "#type-" +
                                      std::string(AuthorityKindCode(g.kind)))
                               : json(nullptr)}});
    }
    std::string intro;
    if (complete) {
        intro =
            "Toutes les collectivités françaises engagées, par type et par ordre alphabétique, "
            "avec leur nombre de projets.";
    } else if (truncated) {
        intro = "Par type de collectivité : leur nombre et les plus engagées (nombre de projets).";
    } else if (f.ref.kind == LevelKind::kCountry) {
        intro =
            "Vous trouverez ci-dessous, pour ce pays, les collectivités françaises engagées, par "
            "type.";
    } else {
        intro = "Les collectivités françaises engagées, par type, avec leur nombre de projets.";
    }
    return {
        {"show", !groups.empty()},
        {"heading", complete ? "Par type de collectivité" : "Collectivités françaises engagées"},
        {"intro", intro},
        {"note", truncated && !has_list && !complete
                     ? json("La liste complète des collectivités est donnée à chaque niveau plus "
                            "précis (pays, région, département).")
                     : json(nullptr)},
        {"groups", std::move(groups)}};
}

json AuthorityApdView(const AuthorityApd& apd) {
    json years = json::array();
    for (int y : apd.years) years.push_back(std::to_string(y));
    json rows = json::array();
    for (const auto& r : apd.rows) {
        json cells = json::array();
        for (const auto& y : r.years) cells.push_back(y.amount_eur ? Num(y.amount_eur) : "—");
        rows.push_back({{"country", r.country_name},
                        {"href", LevelPath({LevelKind::kCountry, r.country_iso2}, {})},
                        {"cells", std::move(cells)},
                        {"total", Num(r.total)}});
    }
    json totals = json::array();
    for (const auto& y : apd.totals) totals.push_back(Num(y.amount_eur));
    return {{"show", !apd.rows.empty()},
            {"years", std::move(years)},
            {"rows", std::move(rows)},
            {"totals", std::move(totals)},
            {"total", Num(apd.total)}};
}

json PartnerView(const PartnerInfo& p) {
    json view = {{"country_name", p.country_name},
                 {"country_href", LevelPath({LevelKind::kCountry, p.country_iso2}, {})},
                 {"continent_name", p.continent_name},
                 {"level_label", labels::PartnerLevelName(p.level)},
                 {"precision_label", labels::PrecisionName(p.location_precision)},
                 {"population", OptNum(p.population)},
                 {"geonames_id", nullptr},
                 {"geonames_href", nullptr}};
    if (p.geonames_id) {
        view["geonames_id"] = std::to_string(*p.geonames_id);
        view["geonames_href"] = "https://www.geonames.org/" + std::to_string(*p.geonames_id);
    }
    return view;
}

json ContactsView(const std::vector<AuthorityContact>& contacts) {
    json out = json::array();
    for (const auto& c : contacts) {
        out.push_back({{"role", labels::ContactRoleName(c.role)},
                       {"name", c.first_name + " " + c.last_name},
                       {"title", Opt(c.title)},
                       {"email", Opt(c.email)},
                       {"phone", Opt(c.phone)}});
    }
    return out;
}

json AuthorityView(const AuthorityInfo& a, const AuthorityApd& apd, const Filters& filters) {
    const auto query = FilterQuery(filters);
    json view = {{"kind_label", labels::AuthorityKindName(a.kind)},
                 {"contacts", ContactsView(a.contacts)},
                 {"has_contacts", !a.contacts.empty()},
                 {"apd", AuthorityApdView(apd)}};
    view["siren"] = Opt(a.siren);
    view["insee"] = Opt(a.insee);
    view["website"] = Opt(a.website);
    view["address"] = Opt(a.address);
    view["phone"] = Opt(a.phone);
    view["email"] = Opt(a.email);
    view["updated"] = Opt(labels::FrenchDate(a.updated_at));
    view["population"] = OptNum(a.population);
    view["region_name"] = Opt(a.region_name);
    view["region_href"] =
        a.region_code.empty()
            ? json(nullptr)
            : json(WithQuery(LevelPath({LevelKind::kRegion, a.region_slug}, {}), query));
    view["department_name"] = a.department_code.empty()
                                  ? json(nullptr)
                                  : json(a.department_name + " (" + a.department_code + ")");
    view["department_href"] =
        a.department_code.empty()
            ? json(nullptr)
            : json(WithQuery(LevelPath({LevelKind::kDepartment, a.department_code}, {}), query));
    return view;
}

std::string ApdNote(const LevelFigures& f) {
    switch (f.ref.kind) {
        case LevelKind::kWorld:
        case LevelKind::kFrance:
            return "Montants déclarés par l’ensemble des collectivités françaises, tous pays "
                   "confondus.";
        case LevelKind::kContinent:
            return "Montants déclarés par les collectivités françaises pour les pays de ce "
                   "continent.";
        case LevelKind::kCountry:
            return "Montants déclarés par les collectivités françaises pour ce pays.";
        case LevelKind::kRegion:
        case LevelKind::kDepartment:
            return "Montants déclarés par les collectivités de ce territoire, tous pays confondus.";
        case LevelKind::kAuthority:
            return "Montants déclarés par cette collectivité, tous pays confondus.";
        case LevelKind::kPartner:
            return {};
    }
    return {};
}

json LevelPageView(const LevelFigures& f, const Filters& filters, const ProjectPage& page,
                   const std::vector<ThemeGroup>& themes) {
    const std::string path = LevelPath(f.ref, f.slug);
    const bool world = f.ref.kind == LevelKind::kWorld;
    const std::string heading = world ? std::string(kAtlasTitle) : f.name;
    json view = {
        {"title", world ? std::string(kAtlasTitle) : f.name + " – Atlas"},
        {"breadcrumb", BreadcrumbFor(f.ancestors, world ? "Atlas" : f.name, filters)},
        {"active", IsFrenchSide(f.ref.kind) ? "france" : "atlas"},
        {"styles", json::array({"/static/css/atlas.css"})},
        {"heading", heading},
        {"kicker", LevelKicker(f.ref.kind)},
        {"state_heading", "État au niveau " + (world ? std::string("Monde") : f.name)},
        {"filters",
         FiltersView(themes, filters, path, page.sort == ProjectSort::kRecent ? "recent" : "")},
        {"figures", FigureItems(f.counts, f.ref.kind)},
        {"children", ChildrenView(f, filters, /*complete=*/false)},
        {"groups", GroupsView(f, filters, /*complete=*/false)},
        {"projects",
         ProjectsView(page, path, filters, Scope(f),
                      f.ref.kind == LevelKind::kCountry   ? f.name
                      : f.ref.kind == LevelKind::kPartner ? f.partner->country_name
                                                          : std::string())},
    };
    json apd = {{"has_apd", f.has_apd},
                {"has_rows", !f.apd.empty()},
                {"rows", ApdRows(f.apd)},
                {"caption", "Aide publique au développement – " + Scope(f) + " (en euros)"},
                {"note", ApdNote(f)}};
    apd["country_href"] = nullptr;
    if (f.ref.kind == LevelKind::kPartner && f.partner) {
        apd["country_href"] = LevelPath({LevelKind::kCountry, f.partner->country_iso2}, {});
        apd["country_name"] = f.partner->country_name;
    }
    view["apd"] = std::move(apd);
    view["partner"] = f.partner ? PartnerView(*f.partner) : json(nullptr);
    view["authority"] =
        f.authority ? AuthorityView(*f.authority, f.authority_apd.value_or(AuthorityApd{}), filters)
                    : json(nullptr);
    view["country"] = nullptr;
    view["intro"] = world;
    if (f.ref.kind == LevelKind::kCountry) {
        view["country"] = {
            {"continent_name", f.continent_name},
            {"continent_href", WithQuery(LevelPath({LevelKind::kContinent, f.continent_slug}, {}),
                                         FilterQuery(filters))},
            {"iso2", f.country_iso2}};
    }
    return view;
}

enum class ListKind { kAuthorities, kPartners };

/// A level's complete list of French authorities or of partners.
json ListPageView(const LevelFigures& f, const Filters& filters, ListKind kind) {
    const std::string list_label = kind == ListKind::kAuthorities
                                       ? "Collectivités françaises engagées"
                                       : "Collectivités partenaires";
    std::vector<Place> path = f.ancestors;
    path.push_back(
        {f.ref, f.ref.kind == LevelKind::kWorld ? std::string("Monde") : f.name, f.slug});
    const std::string level_href = WithQuery(LevelPath(f.ref, f.slug), FilterQuery(filters));
    json view = {
        {"title", list_label + " – " + Scope(f) + " – Atlas"},
        {"breadcrumb", BreadcrumbFor(path, list_label, filters)},
        {"active", IsFrenchSide(f.ref.kind) ? "france" : "atlas"},
        {"styles", json::array({"/static/css/atlas.css"})},
        {"kicker", Scope(f)},
        {"heading", list_label},
        {"level_href", level_href},
        {"level_name", Scope(f)},
        {"filters", FiltersView({}, filters, LevelPath(f.ref, f.slug), "")},
        {"children", kind == ListKind::kPartners ? ChildrenView(f, filters, /*complete=*/true)
                                                 : json{{"show", false}}},
        {"groups", kind == ListKind::kAuthorities ? GroupsView(f, filters, /*complete=*/true)
                                                  : json{{"show", false}}}};
    return view;
}

std::vector<json> Paragraphs(const std::string& text) {
    std::vector<json> out;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
        out.push_back(line);
    }
    return out;
}

json ProjectPageView(const Project& p) {
    json authorities = json::array();
    for (const auto& a : p.authorities) {
        std::string place = a.department_name;
        if (!a.region_name.empty()) place += (place.empty() ? "" : ", ") + a.region_name;
        authorities.push_back({{"name", a.name},
                               {"href", AuthorityPath(a.id, a.slug)},
                               {"kind_label", labels::AuthorityKindName(a.kind)},
                               {"role_label", labels::AuthorityRoleName(a.role)},
                               {"place", Opt(place)}});
    }
    json partners = json::array();
    for (const auto& pr : p.partners) {
        partners.push_back({{"name", pr.name},
                            {"href", PartnerPath(pr.id, pr.slug)},
                            {"country_name", pr.country_name},
                            {"country_href", LevelPath({LevelKind::kCountry, pr.country_iso2}, {})},
                            {"level_label", labels::PartnerLevelName(pr.level)},
                            {"precision_label", labels::PrecisionName(pr.location_precision)}});
    }
    json themes = json::array();
    for (const auto& t : p.themes) {
        themes.push_back({{"name", t.name},
                          {"href", "/atlas?theme=" + web::PercentEncode(t.slug)},
                          {"parent_name", t.parent_id ? json(t.parent_name) : json(nullptr)}});
    }
    json financing_years = json::array();
    for (int y : p.financing.years) financing_years.push_back(std::to_string(y));
    json financing_rows = json::array();
    for (const auto& r : p.financing.rows) {
        json cells = json::array();
        for (auto amount : r.amounts) cells.push_back(amount ? Num(amount) : "—");
        financing_rows.push_back(
            {{"name",
              r.cofinancer_id ? r.cofinancer_name : "Fonds propres des collectivités françaises"},
             {"cells", std::move(cells)},
             {"total", Num(r.total)}});
    }
    json financing_totals = json::array();
    for (auto amount : p.financing.year_totals) financing_totals.push_back(Num(amount));
    json others = json::array();
    for (const auto& o : p.other_partners) {
        others.push_back(
            {{"name", o.name},
             {"kind_label", labels::OtherPartnerKindName(o.kind)},
             {"side_label", o.side == "partner" ? "dans le pays partenaire" : "en France"}});
    }
    json contacts = json::array();
    for (const auto& c : p.contacts) {
        contacts.push_back({{"name", c.name},
                            {"title", Opt(c.title)},
                            {"email", Opt(c.email)},
                            {"phone", Opt(c.phone)}});
    }
    json volunteers = json::array();
    for (const auto& v : p.volunteers) {
        volunteers.push_back({{"programme", v.programme},
                              {"count", Num(v.count)},
                              {"year", std::to_string(v.year)}});
    }
    json view = {
        {"title", p.title + " – Fiche-projet"},
        {"breadcrumb", BreadcrumbFor(p.ancestors, p.title, {})},
        {"active", "atlas"},
        {"styles", json::array({"/static/css/atlas.css"})},
        {"heading", p.title},
        {"kind_label", labels::ProjectKindName(p.kind)},
        {"group_label", labels::KindGroupName(GroupOf(p.kind))},
        {"group_class", GroupBadgeClass(p.kind)},
        {"status_label", labels::StatusName(p.status)},
        {"status_class", StatusBadgeClass(p.status)},
        {"years", Years(p.start_year, p.end_year)},
        {"convention_date",
         p.convention_date.empty() ? "non renseignée" : labels::FrenchDate(p.convention_date)},
        {"updated", labels::FrenchDate(p.updated_at)},
        {"authorities", std::move(authorities)},
        {"has_authorities", !p.authorities.empty()},
        {"partners", std::move(partners)},
        {"has_partners", !p.partners.empty()},
        {"themes", std::move(themes)},
        {"has_themes", !p.themes.empty()},
        {"objectives", Paragraphs(p.objectives)},
        {"has_objectives", !Paragraphs(p.objectives).empty()},
        {"description", Paragraphs(p.description)},
        {"has_description", !Paragraphs(p.description).empty()},
        {"history", Paragraphs(p.history)},
        {"has_history", !Paragraphs(p.history).empty()},
        {"context", Paragraphs(p.context)},
        {"has_context", !Paragraphs(p.context).empty()},
        {"financing",
         {{"show", !p.financing.rows.empty()},
          {"years", std::move(financing_years)},
          {"rows", std::move(financing_rows)},
          {"totals", std::move(financing_totals)},
          {"total", Num(p.financing.total)}}},
        {"other_partners", std::move(others)},
        {"has_other_partners", !p.other_partners.empty()},
        {"contacts", std::move(contacts)},
        {"has_contacts", !p.contacts.empty()},
        {"volunteers", std::move(volunteers)},
        {"has_volunteers", !p.volunteers.empty()},
    };
    return view;
}

json HomeView(const LevelFigures& world, const LevelFigures& france) {
    const Counts& c = world.counts;
    json figures = json::array();
    figures.push_back({{"key", "projects"},
                       {"value", Num(c.projects)},
                       {"label", labels::Plural(c.projects, "projet", "projets")}});
    figures.push_back(
        {{"key", "french_authorities"},
         {"value", Num(c.authorities)},
         {"label", labels::Plural(c.authorities, "collectivité territoriale française",
                                  "collectivités territoriales françaises")}});
    figures.push_back({{"key", "partner_authorities"},
                       {"value", Num(c.partners)},
                       {"label", labels::Plural(c.partners, "collectivité partenaire",
                                                "collectivités partenaires")}});
    figures.push_back({{"key", "countries"}, {"value", Num(c.countries)}, {"label", "pays"}});
    json zones = json::array();
    zones.push_back(
        {{"name", "Monde"},
         {"href", "/atlas"},
         {"detail", Num(c.projects) + " " + labels::Plural(c.projects, "projet", "projets")}});
    for (const auto& child : world.children) {
        zones.push_back(
            {{"name", child.name},
             {"href", LevelPath(child.ref, child.slug)},
             {"detail", Num(child.counts.projects) + " " +
                            labels::Plural(child.counts.projects, "projet", "projets")}});
    }
    zones.push_back(
        {{"name", "France"},
         {"href", "/atlas/france"},
         {"detail", Num(france.counts.authorities) + " " +
                        labels::Plural(france.counts.authorities, "collectivité engagée",
                                       "collectivités engagées")}});
    std::vector<const Child*> regions;
    for (const auto& r : france.children) regions.push_back(&r);
    std::stable_sort(regions.begin(), regions.end(), [](const Child* a, const Child* b) {
        return a->counts.projects > b->counts.projects;
    });
    if (regions.size() > kHomeRegions) regions.resize(kHomeRegions);
    json region_tiles = json::array();
    for (const auto* r : regions) {
        region_tiles.push_back(
            {{"name", r->name},
             {"href", LevelPath(r->ref, r->slug)},
             {"detail", Num(r->counts.projects) + " " +
                            labels::Plural(r->counts.projects, "projet", "projets")}});
    }
    return {{"title", "Accueil"},
            {"active", "accueil"},
            {"styles", json::array({"/static/css/atlas.css"})},
            {"figures", std::move(figures)},
            {"zones", std::move(zones)},
            {"has_regions", !region_tiles.empty()},
            {"regions", std::move(region_tiles)}};
}

// ---------------------------------------------------------------------------------------------
// JSON API.

json CountsJson(const Counts& c, bool with_themes) {
    json out = {{"projects", c.projects},
                {"french_authorities", c.authorities},
                {"partner_authorities", c.partners},
                {"countries", c.countries}};
    if (with_themes) out["themes"] = c.themes;
    return out;
}

json ApdJson(const std::vector<ApdYear>& apd) {
    json out = json::object();
    for (const auto& y : apd) out[std::to_string(y.year)] = y.amount_eur;
    return out;
}

json FiltersJson(const Filters& f) {
    json out = {{"cd", f.decentralised},
                {"autres", f.other_actions},
                {"theme", f.theme.empty() ? json(nullptr) : json(f.theme)}};
    out["kind"] = f.kind ? json(ProjectKindCode(*f.kind)) : json(nullptr);
    return out;
}

json ChildJson(const Child& c) {
    json out = CountsJson(c.counts, true);
    out["name"] = c.name;
    switch (c.ref.kind) {
        case LevelKind::kContinent:
            out["slug"] = c.ref.key;
            out["url"] = "/api/v1/zones/" + c.ref.key;
            break;
        case LevelKind::kCountry:
            out["iso2"] = c.ref.key;
            out["url"] = "/api/v1/countries/" + Lower(c.ref.key);
            break;
        case LevelKind::kPartner:
            out["id"] = std::stoll(c.ref.key);
            out["country"] = c.detail;
            out["url"] = "/api/v1/partners/" + c.ref.key;
            break;
        case LevelKind::kRegion:
            out["slug"] = c.ref.key;
            out["url"] = "/api/v1/regions/" + c.ref.key;
            break;
        case LevelKind::kDepartment:
            out["code"] = c.ref.key;
            out["url"] = "/api/v1/departments/" + c.ref.key;
            break;
        case LevelKind::kWorld:
        case LevelKind::kFrance:
        case LevelKind::kAuthority:
            break;
    }
    out["html_url"] = LevelPath(c.ref, c.slug);
    return out;
}

json LevelJson(const LevelFigures& f, const Filters& filters) {
    json out = CountsJson(f.counts, true);
    out["level"] = LevelKindCode(f.ref.kind);
    out["name"] = f.name;
    if (!f.slug.empty()) out["slug"] = f.slug;
    if (f.has_apd) out["apd_by_year"] = ApdJson(f.apd);
    json types = json::array();
    for (const auto& g : f.authority_groups) {
        types.push_back({{"kind", AuthorityKindCode(g.kind)},
                         {"label", labels::AuthorityGroup(g.kind)},
                         {"count", g.count}});
    }
    if (f.ref.kind != LevelKind::kAuthority) out["french_authorities_by_type"] = std::move(types);
    json children = json::array();
    for (const auto& c : f.children) children.push_back(ChildJson(c));
    if (!f.children.empty()) {
        switch (f.ref.kind) {
            case LevelKind::kWorld:
                out["continents"] = std::move(children);
                break;
            case LevelKind::kContinent:
                out["countries_list"] = std::move(children);
                break;
            case LevelKind::kCountry:
            case LevelKind::kAuthority:
                out["partners"] = std::move(children);
                break;
            case LevelKind::kFrance:
                out["regions"] = std::move(children);
                break;
            case LevelKind::kRegion:
                out["departments"] = std::move(children);
                break;
            case LevelKind::kPartner:
            case LevelKind::kDepartment:
                break;
        }
    }
    out["filters"] = FiltersJson(filters);
    out["html_url"] = WithQuery(LevelPath(f.ref, f.slug), FilterQuery(filters));
    return out;
}

json PartnerJson(const PartnerInfo& p) {
    json out = {{"id", p.id},
                {"name", p.name},
                {"slug", p.slug},
                {"country", {{"iso2", p.country_iso2}, {"name", p.country_name}}},
                {"continent", {{"slug", p.continent_slug}, {"name", p.continent_name}}},
                {"level", p.level},
                {"location_precision", p.location_precision}};
    out["geonames_id"] = p.geonames_id ? json(*p.geonames_id) : json(nullptr);
    out["population"] = p.population ? json(*p.population) : json(nullptr);
    out["lat"] = p.lat ? json(*p.lat) : json(nullptr);
    out["lon"] = p.lon ? json(*p.lon) : json(nullptr);
    return out;
}

json AuthorityJson(const LevelFigures& f, const Filters& filters) {
    json out = LevelJson(f, filters);
    const auto& a = *f.authority;
    out["id"] = a.id;
    out["kind"] = AuthorityKindCode(a.kind);
    const auto text_or_null = [](const std::string& s) {
        return s.empty() ? json(nullptr) : json(s);
    };
    out["siren"] = text_or_null(a.siren);
    out["insee"] = text_or_null(a.insee);
    out["region"] =
        a.region_code.empty()
            ? json(nullptr)
            : json{{"code", a.region_code}, {"name", a.region_name}, {"slug", a.region_slug}};
    out["department"] = a.department_code.empty()
                            ? json(nullptr)
                            : json{{"code", a.department_code}, {"name", a.department_name}};
    out["population"] = a.population ? json(*a.population) : json(nullptr);
    out["lat"] = a.lat ? json(*a.lat) : json(nullptr);
    out["lon"] = a.lon ? json(*a.lon) : json(nullptr);
    out["location_precision"] = a.location_precision;
    out["website"] = text_or_null(a.website);
    out["address"] = text_or_null(a.address);
    out["phone"] = text_or_null(a.phone);
    out["email"] = text_or_null(a.email);
    out["updated_at"] = a.updated_at;
    json contacts = json::array();
    for (const auto& c : a.contacts) {
        contacts.push_back({{"role", c.role},
                            {"first_name", c.first_name},
                            {"last_name", c.last_name},
                            {"title", c.title},
                            {"email", text_or_null(c.email)},
                            {"phone", text_or_null(c.phone)}});
    }
    out["contacts"] = std::move(contacts);
    json by_country = json::array();
    if (f.authority_apd) {
        for (const auto& r : f.authority_apd->rows) {
            json amounts = json::object();
            for (const auto& y : r.years) {
                if (y.amount_eur) amounts[std::to_string(y.year)] = y.amount_eur;
            }
            by_country.push_back({{"iso2", r.country_iso2},
                                  {"name", r.country_name},
                                  {"apd_by_year", std::move(amounts)},
                                  {"total", r.total}});
        }
    }
    out["apd_by_country"] = std::move(by_country);
    if (!out.contains("partners")) out["partners"] = json::array();
    return out;
}

json SummaryJson(const ProjectSummary& p) {
    json authorities = json::array();
    for (const auto& a : p.authorities) authorities.push_back({{"id", a.id}, {"name", a.name}});
    json partners = json::array();
    for (const auto& pr : p.partners) {
        partners.push_back({{"id", pr.id}, {"name", pr.name}, {"country", pr.detail}});
    }
    return {{"id", p.id},
            {"slug", p.slug},
            {"title", p.title},
            {"kind", ProjectKindCode(p.kind)},
            {"kind_group", KindGroupCode(GroupOf(p.kind))},
            {"status", ProjectStatusCode(p.status)},
            {"start_year", p.start_year ? json(*p.start_year) : json(nullptr)},
            {"end_year", p.end_year ? json(*p.end_year) : json(nullptr)},
            {"french_authorities", std::move(authorities)},
            {"partners", std::move(partners)},
            {"updated_at", p.updated_at},
            {"url", "/api/v1/projects/" + std::to_string(p.id)},
            {"html_url", ProjectPath(p.id, p.slug)}};
}

json ProjectJson(const Project& p) {
    json authorities = json::array();
    for (const auto& a : p.authorities) {
        authorities.push_back({{"id", a.id},
                               {"name", a.name},
                               {"slug", a.slug},
                               {"kind", AuthorityKindCode(a.kind)},
                               {"role", a.role},
                               {"department", a.department_name},
                               {"region", a.region_name}});
    }
    json partners = json::array();
    for (const auto& pr : p.partners) partners.push_back(PartnerJson(pr));
    json themes = json::array();
    for (const auto& t : p.themes) {
        themes.push_back(
            {{"slug", t.slug},
             {"name", t.name},
             {"dac_code", t.dac_code},
             {"parent", t.parent_id ? json{{"slug", t.parent_slug}, {"name", t.parent_name}}
                                    : json(nullptr)}});
    }
    json rows = json::array();
    for (const auto& r : p.financing.rows) {
        json amounts = json::object();
        for (std::size_t i = 0; i < r.amounts.size(); ++i) {
            if (r.amounts[i]) amounts[std::to_string(p.financing.years[i])] = r.amounts[i];
        }
        rows.push_back({{"cofinancer", r.cofinancer_id ? json{{"slug", r.cofinancer_slug},
                                                              {"name", r.cofinancer_name},
                                                              {"kind", r.cofinancer_kind}}
                                                       : json(nullptr)},
                        {"amounts_by_year", std::move(amounts)},
                        {"total", r.total}});
    }
    json year_totals = json::object();
    for (std::size_t i = 0; i < p.financing.years.size(); ++i) {
        year_totals[std::to_string(p.financing.years[i])] = p.financing.year_totals[i];
    }
    json others = json::array();
    for (const auto& o : p.other_partners) {
        others.push_back({{"kind", o.kind}, {"name", o.name}, {"side", o.side}});
    }
    const auto text_or_null = [](const std::string& s) {
        return s.empty() ? json(nullptr) : json(s);
    };
    json contacts = json::array();
    for (const auto& c : p.contacts) {
        contacts.push_back({{"name", c.name},
                            {"title", c.title},
                            {"email", text_or_null(c.email)},
                            {"phone", text_or_null(c.phone)}});
    }
    json volunteers = json::array();
    for (const auto& v : p.volunteers) {
        volunteers.push_back({{"programme", v.programme}, {"count", v.count}, {"year", v.year}});
    }
    return {{"id", p.id},
            {"slug", p.slug},
            {"title", p.title},
            {"kind", ProjectKindCode(p.kind)},
            {"kind_group", KindGroupCode(GroupOf(p.kind))},
            {"status", ProjectStatusCode(p.status)},
            {"start_year", p.start_year ? json(*p.start_year) : json(nullptr)},
            {"end_year", p.end_year ? json(*p.end_year) : json(nullptr)},
            {"convention_date", text_or_null(p.convention_date)},
            {"objectives", p.objectives},
            {"description", p.description},
            {"history", p.history},
            {"context", p.context},
            {"french_authorities", std::move(authorities)},
            {"partners", std::move(partners)},
            {"themes", std::move(themes)},
            {"financing",
             {{"rows", std::move(rows)},
              {"totals_by_year", std::move(year_totals)},
              {"total", p.financing.total}}},
            {"other_partners", std::move(others)},
            {"contacts", std::move(contacts)},
            {"volunteers", std::move(volunteers)},
            {"created_at", p.created_at},
            {"updated_at", p.updated_at},
            {"html_url", ProjectPath(p.id, p.slug)}};
}

/// The level a /api/v1/projects request narrows to: at most one of its geographic parameters.
Result<LevelRef> ApiProjectsLevel(const web::Request& request) {
    static constexpr std::array<std::pair<std::string_view, LevelKind>, 6> kParams{{
        {"continent", LevelKind::kContinent},
        {"country", LevelKind::kCountry},
        {"partner", LevelKind::kPartner},
        {"region", LevelKind::kRegion},
        {"department", LevelKind::kDepartment},
        {"authority", LevelKind::kAuthority},
    }};
    std::optional<LevelRef> level;
    std::string first;
    for (const auto& [name, kind] : kParams) {
        const auto value = request.Query(name);
        if (!value) continue;
        if (level) {
            return InvalidArgument(
                std::string(name),
                "Un seul critère géographique à la fois : « " + first + " » est déjà donné.");
        }
        if (value->empty())
            return InvalidArgument(std::string(name),
                                   "La valeur de « " + std::string(name) + " » est vide.");
        level = LevelRef{kind, *value};
        first = name;
    }
    return level.value_or(LevelRef::World());
}

std::string_view ApiParamOf(LevelKind kind) {
    switch (kind) {
        case LevelKind::kContinent:
            return "continent";
        case LevelKind::kCountry:
            return "country";
        case LevelKind::kPartner:
            return "partner";
        case LevelKind::kRegion:
            return "region";
        case LevelKind::kDepartment:
            return "department";
        case LevelKind::kAuthority:
            return "authority";
        case LevelKind::kWorld:
        case LevelKind::kFrance:
            return {};
    }
    return {};
}

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
        const bool exists =
            kind == ListKind::kAuthorities ? HasAuthorityList(f) : HasPartnerList(f.ref.kind);
        if (!exists)
            return Fail(env, request,
                        NotFound("Cette liste n’existe pas pour ce niveau de l’Atlas."));
        return web::Response::Html(
            env.templates.RenderPage("atlas_list", ListPageView(f, filters.value(), kind)));
    });
}

/// A level named by an "{id}-{slug}" path segment; anything else is a 404.
web::Response IdLevelPage(Env& env, const web::Request& request, LevelKind kind,
                          const std::string& segment, std::string_view not_found) {
    const auto id = ParseIdSegment(segment);
    if (!id) return Fail(env, request, NotFound(std::string(not_found)));
    return LevelPage(env, request, {kind, std::to_string(*id)});
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
    if (!id)
        return Fail(env, request,
                    InvalidArgument("id", "L’identifiant doit être un entier positif."));
    if (kind == LevelKind::kAuthority) {
        return ApiLevel(env, request, {kind, std::to_string(*id)}, AuthorityJson);
    }
    return ApiLevel(env, request, {kind, std::to_string(*id)},
                    [](const LevelFigures& f, const Filters& filters) {
                        json out = LevelJson(f, filters);
                        if (f.partner) {
                            const json info = PartnerJson(*f.partner);
                            for (const auto& [key, value] : info.items()) out[key] = value;
                        }
                        return out;
                    });
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
        return IdLevelPage(*env, r, LevelKind::kPartner, r.Param("id"),
                           "Cette collectivité partenaire n’existe pas dans l’Atlas.");
    });
    router.Get("/atlas/collectivites/{id}", [env](const web::Request& r) {
        return IdLevelPage(*env, r, LevelKind::kAuthority, r.Param("id"),
                           "Cette collectivité n’existe pas dans l’Atlas.");
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
        const auto id = ParseIdSegment(r.Param("id"));
        if (!id)
            return Fail(*env, r,
                        NotFound("Cette collectivité partenaire n’existe pas dans l’Atlas."));
        return ListPage(*env, r, {LevelKind::kPartner, std::to_string(*id)},
                        ListKind::kAuthorities);
    });
    router.Get("/atlas/france/{region}/collectivites", [env](const web::Request& r) {
        return ListPage(*env, r, {LevelKind::kRegion, r.Param("region")}, ListKind::kAuthorities);
    });
    router.Get("/atlas/departements/{code}/collectivites", [env](const web::Request& r) {
        return ListPage(*env, r, {LevelKind::kDepartment, r.Param("code")}, ListKind::kAuthorities);
    });
    router.Get("/atlas/collectivites/{id}/partenaires", [env](const web::Request& r) {
        const auto id = ParseIdSegment(r.Param("id"));
        if (!id) return Fail(*env, r, NotFound("Cette collectivité n’existe pas dans l’Atlas."));
        return ListPage(*env, r, {LevelKind::kAuthority, std::to_string(*id)}, ListKind::kPartners);
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
        return env->cache.Get(r, [&] {
            json out = json::array();
            for (const auto& g : env->atlas.Themes()) {
                json children = json::array();
                for (const auto& c : g.children) {
                    children.push_back(
                        {{"slug", c.slug}, {"name", c.name}, {"dac_code", c.dac_code}});
                }
                out.push_back({{"slug", g.theme.slug},
                               {"name", g.theme.name},
                               {"dac_code", g.theme.dac_code},
                               {"children", std::move(children)}});
            }
            return web::Response::Json({{"themes", std::move(out)}});
        });
    });
    router.Get("/api/v1/zones/{slug}", [env](const web::Request& r) {
        return ApiLevel(*env, r, {LevelKind::kContinent, r.Param("slug")}, LevelJson);
    });
    router.Get("/api/v1/countries/{iso2}", [env](const web::Request& r) {
        return ApiLevel(
            *env, r, {LevelKind::kCountry, r.Param("iso2")},
            [](const LevelFigures& f, const Filters& filters) {
                json out = LevelJson(f, filters);
                out["iso2"] = f.country_iso2;
                out["continent"] = {{"slug", f.continent_slug}, {"name", f.continent_name}};
                return out;
            });
    });
    router.Get("/api/v1/france", [env](const web::Request& r) {
        return ApiLevel(*env, r, LevelRef::France(), LevelJson);
    });
    router.Get("/api/v1/regions/{slug}", [env](const web::Request& r) {
        return ApiLevel(*env, r, {LevelKind::kRegion, r.Param("slug")}, LevelJson);
    });
    router.Get("/api/v1/departments/{code}", [env](const web::Request& r) {
        return ApiLevel(*env, r, {LevelKind::kDepartment, r.Param("code")},
                        [](const LevelFigures& f, const Filters& filters) {
                            json out = LevelJson(f, filters);
                            out["code"] = f.ref.key;
                            return out;
                        });
    });
    router.Get("/api/v1/partners/{id}",
               [env](const web::Request& r) { return ApiId(*env, r, LevelKind::kPartner); });
    router.Get("/api/v1/authorities/{id}",
               [env](const web::Request& r) { return ApiId(*env, r, LevelKind::kAuthority); });
    router.Get("/api/v1/projects", [env](const web::Request& request) {
        return env->cache.Get(request, [&] {
            auto filters = ParseFilters(request);
            if (!filters) return Fail(*env, request, filters.error());
            auto page_request = ParsePage(request, /*api=*/true);
            if (!page_request) return Fail(*env, request, page_request.error());
            auto level = ApiProjectsLevel(request);
            if (!level) return Fail(*env, request, level.error());
            auto page =
                env->atlas.ListProjects(level.value(), filters.value(), page_request.value());
            if (!page) {
                // An unknown country, région… given as a query parameter is a bad parameter.
                if (page.error().code == ErrorCode::kNotFound) {
                    return Fail(*env, request,
                                InvalidArgument(std::string(ApiParamOf(level->kind)),
                                                page.error().message));
                }
                return Fail(*env, request, page.error());
            }
            json items = json::array();
            for (const auto& p : page->items) items.push_back(SummaryJson(p));
            return web::Response::Json(
                {{"total", page->total},
                 {"page", page->page},
                 {"per_page", page->per_page},
                 {"pages", page->pages},
                 {"sort", page->sort == ProjectSort::kRecent ? "recent" : "title"},
                 {"filters", FiltersJson(filters.value())},
                 {"items", std::move(items)}});
        });
    });
    router.Get("/api/v1/projects/{id}", [env](const web::Request& request) {
        return env->cache.Get(request, [&] {
            const auto id = ParseIdSegment(request.Param("id"));
            if (!id)
                return Fail(*env, request,
                            InvalidArgument("id", "L’identifiant doit être un entier positif."));
            auto project = env->atlas.GetProject(*id);
            if (!project) return Fail(*env, request, project.error());
            return web::Response::Json(ProjectJson(*project.value()));
        });
    });
}

}  // namespace cncd::atlas
