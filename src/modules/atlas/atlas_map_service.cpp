#include "modules/atlas/atlas_map_service.hpp"

#include <algorithm>
#include <map>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "core/text.hpp"
#include "modules/atlas/atlas_map_repository.hpp"
#include "modules/atlas/atlas_repository.hpp"
#include "modules/atlas/atlas_service.hpp"

namespace cncd::atlas {
namespace {

// One entry per filter combination in use (kinds × themes): a few hundred at most.
constexpr std::size_t kMaxCachedFilters = 512;

using IdSet = std::unordered_set<std::int64_t>;

/// Distinct projects, French authorities and partners seen around one place.
struct Tally {
    IdSet projects;
    IdSet authorities;
    IdSet partners;
};

std::int64_t Size(const IdSet& s) { return static_cast<std::int64_t>(s.size()); }

std::int64_t ThemeCount(const IdSet& projects,
                        const std::unordered_map<std::int64_t, std::vector<std::int64_t>>& themes) {
    IdSet distinct;
    for (const auto id : projects) {
        if (auto it = themes.find(id); it != themes.end()) {
            distinct.insert(it->second.begin(), it->second.end());
        }
    }
    return Size(distinct);
}

std::optional<MapPoint> PointOf(const map_repository::PlaceRow& row, std::string precision) {
    if (!row.lat || !row.lon) return std::nullopt;
    return MapPoint{*row.lat, *row.lon, std::move(precision)};
}

template <typename T>
void SortByName(std::vector<T>& items) {
    std::sort(items.begin(), items.end(), [](const T& a, const T& b) {
        const auto fa = text::Fold(a.name);
        const auto fb = text::Fold(b.name);
        return fa != fb ? fa < fb : a.name < b.name;
    });
}

struct Loaded {
    std::vector<EdgeRow> edges;
    std::vector<std::pair<std::int64_t, std::int64_t>> top_themes;
    std::vector<map_repository::PlaceRow> countries;
    std::vector<map_repository::PlaceRow> partners;
    std::vector<map_repository::AuthorityRow> authorities;
    std::vector<map_repository::PlaceRow> departments;
    std::vector<map_repository::PlaceRow> regions;
};

}  // namespace

AtlasMapService::AtlasMapService(db::Database& db, AtlasService& atlas)
    : db_(db), atlas_(atlas), cache_(db, kMaxCachedFilters) {}

Result<std::shared_ptr<const MapData>> AtlasMapService::Get(const Filters& filters) {
    return cache_.Get(filters.Key(), [&]() { return Compute(filters); });
}

Result<std::shared_ptr<const MapData>> AtlasMapService::Compute(const Filters& filters) {
    auto params = atlas_.ResolveFilters(filters);
    if (!params) return params.error();
    const Loaded in = db_.Read([&](db::Connection& c) {
        Loaded out;
        out.edges = repository::ListEdges(c, LevelKind::kWorld, {}, params.value());
        out.top_themes = repository::ListProjectTopThemes(c);
        out.countries = map_repository::ListCountries(c);
        out.partners = map_repository::ListPartners(c);
        out.authorities = map_repository::ListAuthorities(c);
        out.departments = map_repository::ListDepartments(c);
        out.regions = map_repository::ListRegions(c);
        return out;
    });

    std::unordered_map<std::int64_t, std::vector<std::int64_t>> themes;
    for (const auto& [project, theme] : in.top_themes) themes[project].push_back(theme);

    std::unordered_map<std::string, Tally> by_country;
    std::unordered_map<std::int64_t, Tally> by_partner;
    std::unordered_map<std::int64_t, Tally> by_authority;
    std::unordered_map<std::string, Tally> by_department;
    std::map<std::pair<std::int64_t, std::int64_t>, IdSet> pairs;
    std::map<std::pair<std::string, std::string>, IdSet> flows;
    for (const auto& e : in.edges) {
        if (e.partner_id) {
            auto& country = by_country[e.partner_country];
            country.projects.insert(e.project_id);
            country.partners.insert(*e.partner_id);
            auto& partner = by_partner[*e.partner_id];
            partner.projects.insert(e.project_id);
            if (e.authority_id) {
                country.authorities.insert(*e.authority_id);
                partner.authorities.insert(*e.authority_id);
            }
        }
        if (e.authority_id) {
            auto& authority = by_authority[*e.authority_id];
            authority.projects.insert(e.project_id);
            if (e.partner_id) authority.partners.insert(*e.partner_id);
            if (!e.authority_department.empty()) {
                auto& department = by_department[e.authority_department];
                department.projects.insert(e.project_id);
                department.authorities.insert(*e.authority_id);
            }
        }
        if (e.authority_id && e.partner_id) {
            pairs[{*e.authority_id, *e.partner_id}].insert(e.project_id);
            if (!e.authority_region.empty()) {
                flows[{e.authority_region, e.partner_country}].insert(e.project_id);
            }
        }
    }

    auto data = std::make_shared<MapData>();
    data->continents = atlas_.Continents();

    std::unordered_map<std::string, const map_repository::PlaceRow*> countries;
    for (const auto& row : in.countries) {
        countries[row.key] = &row;
        data->country_codes.insert(row.key);
        const auto it = by_country.find(row.key);
        if (it == by_country.end()) continue;
        data->countries.push_back({row.key, row.subgroup, row.name, row.group,
                                   PointOf(row, "country"), Size(it->second.projects),
                                   Size(it->second.authorities), Size(it->second.partners)});
    }
    SortByName(data->countries);

    for (const auto& row : in.partners) {
        const std::int64_t id = std::stoll(row.key);
        const auto it = by_partner.find(id);
        if (it == by_partner.end()) continue;
        MapPartner p;
        p.id = id;
        p.name = row.name;
        p.slug = row.slug;
        p.country_iso2 = row.group;
        p.point = PointOf(row, row.precision);
        if (const auto c = countries.find(row.group); c != countries.end()) {
            p.country_name = c->second->name;
            p.continent = c->second->group;
            if (!p.point) p.point = PointOf(*c->second, "country");
        }
        p.french_authorities = Size(it->second.authorities);
        p.projects = Size(it->second.projects);
        p.themes = ThemeCount(it->second.projects, themes);
        data->partners.push_back(std::move(p));
    }
    SortByName(data->partners);

    std::unordered_map<std::string, const map_repository::PlaceRow*> departments;
    for (const auto& row : in.departments) {
        departments[row.key] = &row;
        data->department_codes.insert(row.key);
    }
    for (const auto& row : in.authorities) {
        const std::int64_t id = std::stoll(row.place.key);
        const auto it = by_authority.find(id);
        if (it == by_authority.end()) continue;
        MapAuthority a;
        a.id = id;
        a.name = row.place.name;
        a.slug = row.place.slug;
        a.kind = ParseAuthorityKind(row.place.subgroup).value_or(AuthorityKind::kCommune);
        a.region_code = row.place.group;
        a.department_code = row.department;
        a.point = PointOf(row.place, row.place.precision);
        if (const auto d = departments.find(row.department); !a.point && d != departments.end()) {
            a.point = PointOf(*d->second, "department");
        }
        a.projects = Size(it->second.projects);
        a.partners = Size(it->second.partners);
        a.themes = ThemeCount(it->second.projects, themes);
        data->authorities.push_back(std::move(a));
    }
    SortByName(data->authorities);
    for (std::size_t i = 0; i < data->partners.size(); ++i) {
        data->partner_index[data->partners[i].id] = i;
    }
    for (std::size_t i = 0; i < data->authorities.size(); ++i) {
        data->authority_index[data->authorities[i].id] = i;
    }

    // A région's point: the mean of its départements' centroids.
    std::unordered_map<std::string, std::pair<MapPoint, int>> region_sums;
    for (const auto& row : in.departments) {
        if (const auto it = by_department.find(row.key); it != by_department.end()) {
            data->departments.push_back({row.key, row.name, row.group, PointOf(row, "department"),
                                         Size(it->second.projects), Size(it->second.authorities)});
        }
        if (row.lat && row.lon) {
            auto& [sum, n] = region_sums[row.group];
            sum.lat += *row.lat;
            sum.lon += *row.lon;
            ++n;
        }
    }
    SortByName(data->departments);
    for (const auto& row : in.regions) {
        MapRegion r{row.key, row.name, row.slug, std::nullopt};
        if (const auto it = region_sums.find(row.key); it != region_sums.end()) {
            const auto& [sum, n] = it->second;
            r.point = MapPoint{sum.lat / n, sum.lon / n, "region"};
        }
        data->regions.push_back(std::move(r));
    }
    SortByName(data->regions);

    for (const auto& [key, projects] : pairs) {
        data->pairs.push_back({key.first, key.second, Size(projects),
                               std::vector<std::int64_t>(projects.begin(), projects.end())});
    }
    std::stable_sort(data->pairs.begin(), data->pairs.end(),
                     [](const MapPair& a, const MapPair& b) { return a.projects > b.projects; });
    for (const auto& [key, projects] : flows) {
        data->flows.push_back({key.first, key.second, Size(projects)});
    }
    std::stable_sort(data->flows.begin(), data->flows.end(),
                     [](const MapFlow& a, const MapFlow& b) { return a.projects > b.projects; });
    return std::shared_ptr<const MapData>(std::move(data));
}

}  // namespace cncd::atlas
