#include "modules/atlas/atlas_json.hpp"

#include <cctype>
#include <cstddef>
#include <string>
#include <utility>

#include "modules/atlas/atlas_labels.hpp"
#include "modules/atlas/atlas_routes.hpp"

namespace cncd::atlas {
namespace {

using nlohmann::json;

std::string Lower(std::string s) {
    for (auto& ch : s) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    return s;
}

json ApdJson(const std::vector<ApdYear>& apd) {
    json out = json::object();
    for (const auto& y : apd) out[std::to_string(y.year)] = y.amount_eur;
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

json PartnerJson(const PartnerInfo& p) {
    json out = {{"id", p.id},
                {"name", p.name},
                {"slug", p.slug},
                {"country", {{"iso2", p.country_iso2}, {"name", p.country_name}}},
                {"continent", {{"slug", p.continent_slug}, {"name", p.continent_name}}},
                {"level", p.level},
                {"location_precision", p.location_precision}};
    out["geonames_id"] = OrNull(p.geonames_id);
    out["population"] = OrNull(p.population);
    out["lat"] = OrNull(p.lat);
    out["lon"] = OrNull(p.lon);
    return out;
}

/// The fields a project summary and a project record share.
template <typename ProjectLike>
json ProjectHeadJson(const ProjectLike& p) {
    return {{"id", p.id},
            {"slug", p.slug},
            {"title", p.title},
            {"kind", ProjectKindCode(p.kind)},
            {"kind_group", KindGroupCode(GroupOf(p.kind))},
            {"status", ProjectStatusCode(p.status)},
            {"start_year", OrNull(p.start_year)},
            {"end_year", OrNull(p.end_year)},
            {"updated_at", p.updated_at},
            {"html_url", ProjectPath(p.id, p.slug)}};
}

}  // namespace

json TextOrNull(const std::string& text) { return text.empty() ? json(nullptr) : json(text); }

json CountsJson(const Counts& c, bool with_themes) {
    json out = {{"projects", c.projects},
                {"french_authorities", c.authorities},
                {"partner_authorities", c.partners},
                {"countries", c.countries}};
    if (with_themes) out["themes"] = c.themes;
    return out;
}

json FiltersJson(const Filters& f) {
    json out = {
        {"cd", f.decentralised}, {"autres", f.other_actions}, {"theme", TextOrNull(f.theme)}};
    out["kind"] = f.kind ? json(ProjectKindCode(*f.kind)) : json(nullptr);
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

json CountryLevelJson(const LevelFigures& f, const Filters& filters) {
    json out = LevelJson(f, filters);
    out["iso2"] = f.country_iso2;
    out["continent"] = {{"slug", f.continent_slug}, {"name", f.continent_name}};
    return out;
}

json DepartmentLevelJson(const LevelFigures& f, const Filters& filters) {
    json out = LevelJson(f, filters);
    out["code"] = f.ref.key;
    return out;
}

json PartnerLevelJson(const LevelFigures& f, const Filters& filters) {
    json out = LevelJson(f, filters);
    if (f.partner) {
        const json info = PartnerJson(*f.partner);
        for (const auto& [key, value] : info.items()) out[key] = value;
    }
    return out;
}

json AuthorityLevelJson(const LevelFigures& f, const Filters& filters) {
    json out = LevelJson(f, filters);
    const auto& a = *f.authority;
    out["id"] = a.id;
    out["kind"] = AuthorityKindCode(a.kind);
    out["siren"] = TextOrNull(a.siren);
    out["insee"] = TextOrNull(a.insee);
    out["region"] =
        a.region_code.empty()
            ? json(nullptr)
            : json{{"code", a.region_code}, {"name", a.region_name}, {"slug", a.region_slug}};
    out["department"] = a.department_code.empty()
                            ? json(nullptr)
                            : json{{"code", a.department_code}, {"name", a.department_name}};
    out["population"] = OrNull(a.population);
    out["lat"] = OrNull(a.lat);
    out["lon"] = OrNull(a.lon);
    out["location_precision"] = a.location_precision;
    out["website"] = TextOrNull(a.website);
    out["address"] = TextOrNull(a.address);
    out["phone"] = TextOrNull(a.phone);
    out["email"] = TextOrNull(a.email);
    out["updated_at"] = a.updated_at;
    json contacts = json::array();
    for (const auto& c : a.contacts) {
        contacts.push_back({{"role", c.role},
                            {"first_name", c.first_name},
                            {"last_name", c.last_name},
                            {"title", c.title},
                            {"email", TextOrNull(c.email)},
                            {"phone", TextOrNull(c.phone)}});
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

json ThemesJson(const std::vector<ThemeGroup>& themes) {
    json out = json::array();
    for (const auto& g : themes) {
        json children = json::array();
        for (const auto& c : g.children) {
            children.push_back({{"slug", c.slug}, {"name", c.name}, {"dac_code", c.dac_code}});
        }
        out.push_back({{"slug", g.theme.slug},
                       {"name", g.theme.name},
                       {"dac_code", g.theme.dac_code},
                       {"children", std::move(children)}});
    }
    return {{"themes", std::move(out)}};
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
    json contacts = json::array();
    for (const auto& c : p.contacts) {
        contacts.push_back({{"name", c.name},
                            {"title", c.title},
                            {"email", TextOrNull(c.email)},
                            {"phone", TextOrNull(c.phone)}});
    }
    json volunteers = json::array();
    for (const auto& v : p.volunteers) {
        volunteers.push_back({{"programme", v.programme}, {"count", v.count}, {"year", v.year}});
    }
    json out = ProjectHeadJson(p);
    out["convention_date"] = TextOrNull(p.convention_date);
    out["objectives"] = p.objectives;
    out["description"] = p.description;
    out["history"] = p.history;
    out["context"] = p.context;
    out["french_authorities"] = std::move(authorities);
    out["partners"] = std::move(partners);
    out["themes"] = std::move(themes);
    out["financing"] = {{"rows", std::move(rows)},
                        {"totals_by_year", std::move(year_totals)},
                        {"total", p.financing.total}};
    out["other_partners"] = std::move(others);
    out["contacts"] = std::move(contacts);
    out["volunteers"] = std::move(volunteers);
    out["created_at"] = p.created_at;
    return out;
}

}  // namespace cncd::atlas
