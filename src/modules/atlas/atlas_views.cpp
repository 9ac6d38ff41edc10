#include "modules/atlas/atlas_views.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/text.hpp"
#include "modules/atlas/atlas_json.hpp"
#include "modules/atlas/atlas_labels.hpp"
#include "modules/atlas/atlas_routes.hpp"
#include "web/http.hpp"

namespace cncd::atlas {
namespace {

using nlohmann::json;

constexpr int kPaginationWindow = 2;
constexpr std::size_t kHomeRegions = 6;
// A level page names at most this many partners; the complete list has its own page.
constexpr std::size_t kInlinePartners = 12;
constexpr std::string_view kAtlasTitle = "Atlas français de la coopération décentralisée";

std::string JoinQuery(std::string a, std::string_view b) {
    if (b.empty()) return a;
    if (a.empty()) return std::string(b);
    return a + "&" + std::string(b);
}

std::string AuthorityPath(std::int64_t id, std::string_view slug) {
    return LevelPath({LevelKind::kAuthority, std::to_string(id)}, slug);
}

std::string PartnerPath(std::int64_t id, std::string_view slug) {
    return LevelPath({LevelKind::kPartner, std::to_string(id)}, slug);
}

std::string Num(std::int64_t n) { return text::FormatThousands(n); }

// Templates see a missing key through the enclosing contexts (Mustache looks names up the
// stack), so an optional value is always set: null (false for the templates) when absent
// (TextOrNull for texts).
json OptNum(const std::optional<std::int64_t>& n) { return n ? json(Num(*n)) : json(nullptr); }

/// "1 projet", "12 projets".
std::string ProjectCount(std::int64_t n) {
    return Num(n) + " " + labels::Plural(n, "projet", "projets");
}

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

/// One figure of a level or of the home page.
json Figure(std::string_view key, std::int64_t n, std::string label) {
    return {{"key", key}, {"value", Num(n)}, {"label", std::move(label)}};
}

/// A tile of the home page: a zone or a région with its count.
json Tile(const std::string& name, const std::string& href, const std::string& detail) {
    return {{"name", name}, {"href", href}, {"detail", detail}};
}

/// The figures of a level. A count that is 1 by definition is left out: the French authorities
/// of an authority, the partners of a partner, the countries of a country or of a partner.
json FigureItems(const Counts& c, LevelKind level) {
    json items = json::array();
    const auto add = [&](std::string_view key, std::int64_t n, std::string label) {
        items.push_back(Figure(key, n, std::move(label)));
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

// The search page restricted to a level and its filters: /atlas/recherche?country=SN&theme=eau
// (the world and France have no restriction of their own).
std::string LevelSearchHref(const LevelRef& ref, const Filters& filters) {
    std::string qs;
    const auto add = [&qs](std::string_view name, std::string_view value) {
        qs += (qs.empty() ? "?" : "&") + std::string(name) + "=" + web::PercentEncode(value);
    };
    switch (ref.kind) {
        case LevelKind::kContinent:
            add("continent", ref.key);
            break;
        case LevelKind::kCountry:
            add("country", ref.key);
            break;
        case LevelKind::kPartner:
            add("partner", ref.key);
            break;
        case LevelKind::kRegion:
            add("region", ref.key);
            break;
        case LevelKind::kDepartment:
            add("department", ref.key);
            break;
        case LevelKind::kAuthority:
            add("authority", ref.key);
            break;
        case LevelKind::kWorld:
        case LevelKind::kFrance:
            break;
    }
    if (!filters.theme.empty()) add("theme", filters.theme);
    if (filters.kind) add("kind", ProjectKindCode(*filters.kind));
    if (!filters.decentralised) add("cd", "0");
    if (!filters.other_actions) add("autres", "0");
    return "/atlas/recherche" + qs;
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
                               {"projects", ProjectCount(m.projects)}});
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
                       {"title", TextOrNull(c.title)},
                       {"email", TextOrNull(c.email)},
                       {"phone", TextOrNull(c.phone)}});
    }
    return out;
}

json AuthorityView(const AuthorityInfo& a, const AuthorityApd& apd, const Filters& filters) {
    const auto query = FilterQuery(filters);
    json view = {{"kind_label", labels::AuthorityKindName(a.kind)},
                 {"contacts", ContactsView(a.contacts)},
                 {"has_contacts", !a.contacts.empty()},
                 {"apd", AuthorityApdView(apd)}};
    view["siren"] = TextOrNull(a.siren);
    view["insee"] = TextOrNull(a.insee);
    view["website"] = TextOrNull(a.website);
    view["address"] = TextOrNull(a.address);
    view["phone"] = TextOrNull(a.phone);
    view["email"] = TextOrNull(a.email);
    view["updated"] = TextOrNull(labels::FrenchDate(a.updated_at));
    view["population"] = OptNum(a.population);
    view["region_name"] = TextOrNull(a.region_name);
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

/// Sets view[key] to the non-blank lines of `text` and view["has_" + key] to whether any.
void AddParagraphs(json& view, const std::string& key, const std::string& text) {
    json paragraphs = json::array();
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
        paragraphs.push_back(line);
    }
    view["has_" + key] = !paragraphs.empty();
    view[key] = std::move(paragraphs);
}

}  // namespace

bool HasList(const LevelFigures& f, ListKind kind) {
    switch (kind) {
        case ListKind::kAuthorities:
            return HasAuthorityList(f);
        case ListKind::kPartners:
            return HasPartnerList(f.ref.kind);
    }
    return false;
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
        {"search_href", LevelSearchHref(f.ref, filters)},
        {"figures", FigureItems(f.counts, f.ref.kind)},
        {"children", ChildrenView(f, filters, /*complete=*/false)},
        {"groups", GroupsView(f, filters, /*complete=*/false)},
        {"projects", ProjectsView(page, path, filters, Scope(f),
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
        {"search_href", LevelSearchHref(f.ref, filters)},
        {"children", kind == ListKind::kPartners ? ChildrenView(f, filters, /*complete=*/true)
                                                 : json{{"show", false}}},
        {"groups", kind == ListKind::kAuthorities ? GroupsView(f, filters, /*complete=*/true)
                                                  : json{{"show", false}}}};
    return view;
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
                               {"place", TextOrNull(place)}});
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
                            {"title", TextOrNull(c.title)},
                            {"email", TextOrNull(c.email)},
                            {"phone", TextOrNull(c.phone)}});
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
    AddParagraphs(view, "objectives", p.objectives);
    AddParagraphs(view, "description", p.description);
    AddParagraphs(view, "history", p.history);
    AddParagraphs(view, "context", p.context);
    return view;
}

json HomeView(const LevelFigures& world, const LevelFigures& france) {
    const Counts& c = world.counts;
    json figures = json::array();
    figures.push_back(
        Figure("projects", c.projects, labels::Plural(c.projects, "projet", "projets")));
    figures.push_back(Figure("french_authorities", c.authorities,
                             labels::Plural(c.authorities, "collectivité territoriale française",
                                            "collectivités territoriales françaises")));
    figures.push_back(
        Figure("partner_authorities", c.partners,
               labels::Plural(c.partners, "collectivité partenaire", "collectivités partenaires")));
    figures.push_back(Figure("countries", c.countries, "pays"));
    json zones = json::array();
    zones.push_back(Tile("Monde", "/atlas", ProjectCount(c.projects)));
    for (const auto& child : world.children) {
        zones.push_back(Tile(child.name, LevelPath(child.ref, child.slug),
                             ProjectCount(child.counts.projects)));
    }
    zones.push_back(Tile("France", "/atlas/france",
                         Num(france.counts.authorities) + " " +
                             labels::Plural(france.counts.authorities, "collectivité engagée",
                                            "collectivités engagées")));
    std::vector<const Child*> regions;
    for (const auto& r : france.children) regions.push_back(&r);
    std::stable_sort(regions.begin(), regions.end(), [](const Child* a, const Child* b) {
        return a->counts.projects > b->counts.projects;
    });
    if (regions.size() > kHomeRegions) regions.resize(kHomeRegions);
    json region_tiles = json::array();
    for (const auto* r : regions) {
        region_tiles.push_back(
            Tile(r->name, LevelPath(r->ref, r->slug), ProjectCount(r->counts.projects)));
    }
    return {{"title", "Accueil"},
            {"active", "accueil"},
            {"styles", json::array({"/static/css/atlas.css"})},
            {"figures", std::move(figures)},
            {"zones", std::move(zones)},
            {"has_regions", !region_tiles.empty()},
            {"regions", std::move(region_tiles)}};
}

}  // namespace cncd::atlas
