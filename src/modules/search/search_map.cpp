#include "modules/search/search_map.hpp"

#include <algorithm>
#include <unordered_map>
#include <utility>

#include "core/text.hpp"

namespace cncd::search {
namespace {

// Every statement takes the result ids as a JSON array (?1), as ReadProjects does.
constexpr std::string_view kPartnerLinks =
    "SELECT pp.project_id, pp.partner_id FROM project_partners pp"
    " WHERE pp.project_id IN (SELECT value FROM json_each(?1))";
constexpr std::string_view kAuthorityLinks =
    "SELECT pa.project_id, pa.authority_id FROM project_authorities pa"
    " WHERE pa.project_id IN (SELECT value FROM json_each(?1))";
// Top-level themes, as the Atlas map counts them (a sub-theme counts as its theme).
constexpr std::string_view kTopThemes =
    "SELECT DISTINCT pt.project_id, COALESCE(t.parent_id, t.id)"
    " FROM project_themes pt JOIN themes t ON t.id = pt.theme_id"
    " WHERE pt.project_id IN (SELECT value FROM json_each(?1))";
// ?1: the partner ids.
constexpr std::string_view kPartners =
    "SELECT id, name, slug, country_iso2, lat, lon, location_precision FROM partners"
    " WHERE id IN (SELECT value FROM json_each(?1))";
constexpr std::string_view kCountries =
    "SELECT iso2, COALESCE(numeric_code, ''), name, continent, lat, lon FROM countries";

using Links = std::vector<std::pair<std::int64_t, std::int64_t>>;
using IdList = std::vector<std::int64_t>;

std::string JsonList(const IdList& ids) {
    std::string list = "[";
    for (const auto id : ids) {
        if (list.size() > 1) list += ',';
        list += std::to_string(id);
    }
    list += ']';
    return list;
}

Links ReadLinks(db::Connection& c, std::string_view sql, const std::string& ids) {
    return c.QueryAll<std::pair<std::int64_t, std::int64_t>>(
        sql, {ids}, [](const db::Row& r) { return std::pair(r.Int(0), r.Int(1)); });
}

std::unordered_map<std::int64_t, IdList> ByProject(const Links& links) {
    std::unordered_map<std::int64_t, IdList> out;
    for (const auto& [project, target] : links) out[project].push_back(target);
    return out;
}

// Sorts and removes duplicates; returns the number of distinct ids.
std::int64_t Distinct(IdList& ids) {
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    return static_cast<std::int64_t>(ids.size());
}

void Append(IdList& to, const std::unordered_map<std::int64_t, IdList>& of, std::int64_t key) {
    if (const auto it = of.find(key); it != of.end()) {
        to.insert(to.end(), it->second.begin(), it->second.end());
    }
}

std::optional<MapPoint> PointOf(const std::optional<double>& lat, const std::optional<double>& lon,
                                std::string precision) {
    if (!lat || !lon) return std::nullopt;
    return MapPoint{*lat, *lon, std::move(precision)};
}

// Most projects first, then by name without case or accents.
template <typename T>
void SortByProjects(std::vector<T>& items) {
    std::vector<std::pair<std::string, std::size_t>> keys;
    keys.reserve(items.size());
    for (std::size_t i = 0; i < items.size(); ++i) keys.emplace_back(text::Fold(items[i].name), i);
    std::vector<std::size_t> order(items.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        if (items[a].projects != items[b].projects) return items[a].projects > items[b].projects;
        if (keys[a].first != keys[b].first) return keys[a].first < keys[b].first;
        return items[a].name < items[b].name;
    });
    std::vector<T> sorted;
    sorted.reserve(items.size());
    for (const auto i : order) sorted.push_back(std::move(items[i]));
    items = std::move(sorted);
}

struct CountryRow {
    MapCountryCount country;
    std::optional<double> lat, lon;
};

}  // namespace

std::string CountryPagePath(std::string_view iso2) {
    std::string path = "/atlas/pays/";
    for (const char ch : iso2) path += (ch >= 'A' && ch <= 'Z') ? static_cast<char>(ch + 32) : ch;
    return path;
}

SearchMap AggregateMap(db::Connection& c, const std::vector<std::int64_t>& ids) {
    SearchMap out;
    out.total = static_cast<std::int64_t>(ids.size());
    if (ids.empty()) return out;
    const std::string list = JsonList(ids);
    const Links partner_links = ReadLinks(c, kPartnerLinks, list);
    const auto authorities_of = ByProject(ReadLinks(c, kAuthorityLinks, list));
    const auto themes_of = ByProject(ReadLinks(c, kTopThemes, list));

    std::unordered_map<std::int64_t, IdList> projects_of_partner;
    for (const auto& [project, partner] : partner_links) {
        projects_of_partner[partner].push_back(project);
    }
    IdList partner_ids;
    partner_ids.reserve(projects_of_partner.size());
    for (const auto& [partner, projects] : projects_of_partner) partner_ids.push_back(partner);
    std::sort(partner_ids.begin(), partner_ids.end());

    std::unordered_map<std::string, CountryRow> countries;
    c.Query(kCountries, {}, [&](const db::Row& r) {
        CountryRow row;
        row.country.iso2 = r.Text(0);
        row.country.numeric = r.Text(1);
        row.country.name = r.Text(2);
        row.country.continent = r.Text(3);
        row.lat = r.OptionalDouble(4);
        row.lon = r.OptionalDouble(5);
        row.country.point = PointOf(row.lat, row.lon, "country");
        countries.emplace(row.country.iso2, std::move(row));
    });

    struct CountrySets {
        IdList projects, authorities, partners;
    };
    std::unordered_map<std::string, CountrySets> by_country;
    c.Query(kPartners, {JsonList(partner_ids)}, [&](const db::Row& r) {
        MapPartnerCount p;
        p.id = r.Int(0);
        p.name = r.Text(1);
        p.slug = r.Text(2);
        p.country_iso2 = r.Text(3);
        p.point = PointOf(r.OptionalDouble(4), r.OptionalDouble(5), r.Text(6));
        if (const auto it = countries.find(p.country_iso2); it != countries.end()) {
            p.country_name = it->second.country.name;
            p.continent = it->second.country.continent;
            if (!p.point) p.point = it->second.country.point;
        }
        IdList projects = projects_of_partner.at(p.id);
        IdList authorities;
        IdList themes;
        for (const auto project : projects) {
            Append(authorities, authorities_of, project);
            Append(themes, themes_of, project);
        }
        p.projects = Distinct(projects);
        p.french_authorities = Distinct(authorities);
        p.themes = Distinct(themes);
        auto& sets = by_country[p.country_iso2];
        sets.projects.insert(sets.projects.end(), projects.begin(), projects.end());
        sets.authorities.insert(sets.authorities.end(), authorities.begin(), authorities.end());
        sets.partners.push_back(p.id);
        out.partners.push_back(std::move(p));
    });
    SortByProjects(out.partners);

    for (auto& [iso2, sets] : by_country) {
        const auto it = countries.find(iso2);
        if (it == countries.end()) continue;
        MapCountryCount country = it->second.country;
        country.projects = Distinct(sets.projects);
        country.french_authorities = Distinct(sets.authorities);
        country.partner_authorities = Distinct(sets.partners);
        out.countries.push_back(std::move(country));
    }
    SortByProjects(out.countries);
    return out;
}

}  // namespace cncd::search
