#include "modules/search/search_repository.hpp"

#include <string_view>
#include <unordered_map>

namespace cncd::search {
namespace {

constexpr std::string_view kDataVersion = "SELECT version FROM search_data_version WHERE id = 1";

constexpr std::string_view kProjects =
    "SELECT id, kind, status, start_year, end_year, title FROM projects ORDER BY id";
constexpr std::string_view kThemes = "SELECT id, parent_id, slug, name, sort_order FROM themes";
constexpr std::string_view kCofinancers = "SELECT id, slug, name FROM cofinancers";
constexpr std::string_view kContinents = "SELECT slug, name, sort_order FROM continents";
constexpr std::string_view kCountries = "SELECT iso2, name, continent FROM countries";
constexpr std::string_view kRegions = "SELECT code, name, slug FROM regions";
constexpr std::string_view kDepartments = "SELECT code, name FROM departments";
constexpr std::string_view kPartners = "SELECT id, name, country_iso2 FROM partners";
constexpr std::string_view kAuthorities =
    "SELECT id, name, kind, region_code, department_code FROM authorities";
constexpr std::string_view kProjectThemes =
    "SELECT project_id, theme_id FROM project_themes ORDER BY project_id";
constexpr std::string_view kProjectCofinancers =
    "SELECT DISTINCT project_id, cofinancer_id FROM project_financing"
    " WHERE cofinancer_id IS NOT NULL ORDER BY project_id";
constexpr std::string_view kProjectPartners =
    "SELECT project_id, partner_id FROM project_partners ORDER BY project_id";
constexpr std::string_view kProjectAuthorities =
    "SELECT project_id, authority_id FROM project_authorities ORDER BY project_id";

// Details of a list of projects, given as a JSON array of ids.
constexpr std::string_view kRecords =
    "SELECT id, slug, title, kind, status, start_year, end_year, convention_date, updated_at"
    " FROM projects WHERE id IN (SELECT value FROM json_each(?))";
constexpr std::string_view kRecordThemes =
    "SELECT pt.project_id, t.id, t.slug, t.name FROM project_themes pt"
    " JOIN themes t ON t.id = pt.theme_id"
    " WHERE pt.project_id IN (SELECT value FROM json_each(?))"
    " ORDER BY pt.project_id, t.sort_order, t.id";
constexpr std::string_view kRecordAuthorities =
    "SELECT pa.project_id, a.id, a.name, a.kind, coalesce(a.region_code, ''),"
    " coalesce(r.name, ''), coalesce(a.department_code, ''), coalesce(d.name, ''), pa.role"
    " FROM project_authorities pa JOIN authorities a ON a.id = pa.authority_id"
    " LEFT JOIN regions r ON r.code = a.region_code"
    " LEFT JOIN departments d ON d.code = a.department_code"
    " WHERE pa.project_id IN (SELECT value FROM json_each(?))"
    " ORDER BY pa.project_id, pa.role = 'lead' DESC, a.name";
constexpr std::string_view kRecordPartners =
    "SELECT pp.project_id, p.id, p.name, p.country_iso2, c.name, c.continent, ct.name, p.lat,"
    " p.lon, p.location_precision FROM project_partners pp"
    " JOIN partners p ON p.id = pp.partner_id"
    " JOIN countries c ON c.iso2 = p.country_iso2"
    " JOIN continents ct ON ct.slug = c.continent"
    " WHERE pp.project_id IN (SELECT value FROM json_each(?))"
    " ORDER BY pp.project_id, p.name";
constexpr std::string_view kRecordFinancing =
    "SELECT f.project_id, coalesce(c.slug, ''), coalesce(c.name, ''), sum(f.amount_eur)"
    " FROM project_financing f LEFT JOIN cofinancers c ON c.id = f.cofinancer_id"
    " WHERE f.project_id IN (SELECT value FROM json_each(?))"
    " GROUP BY f.project_id, f.cofinancer_id ORDER BY f.project_id, c.name";

std::optional<int> OptionalInt(const db::Row& row, int column) {
    if (row.IsNull(column)) return std::nullopt;
    return static_cast<int>(row.Int(column));
}

std::vector<SnapshotRows::Link> ReadLinks(db::Connection& c, std::string_view sql) {
    return c.QueryAll<SnapshotRows::Link>(sql, {}, [](const db::Row& row) {
        return SnapshotRows::Link{row.Int(0), row.Int(1)};
    });
}

}  // namespace

std::int64_t ReadDataVersion(db::Connection& c) { return c.QueryInt(kDataVersion); }

SnapshotRows ReadSnapshotRows(db::Connection& c) {
    SnapshotRows rows;
    rows.projects = c.QueryAll<SnapshotRows::Project>(kProjects, {}, [](const db::Row& row) {
        return SnapshotRows::Project{row.Int(0),          row.Text(1),         row.Text(2),
                                     OptionalInt(row, 3), OptionalInt(row, 4), row.Text(5)};
    });
    rows.themes = c.QueryAll<SnapshotRows::Theme>(kThemes, {}, [](const db::Row& row) {
        return SnapshotRows::Theme{row.Int(0), row.OptionalInt(1), row.Text(2), row.Text(3),
                                   static_cast<int>(row.Int(4))};
    });
    rows.cofinancers = c.QueryAll<SnapshotRows::Named>(kCofinancers, {}, [](const db::Row& row) {
        return SnapshotRows::Named{row.Text(1), row.Text(2), 0, {}, row.Int(0), {}};
    });
    rows.continents = c.QueryAll<SnapshotRows::Named>(kContinents, {}, [](const db::Row& row) {
        return SnapshotRows::Named{row.Text(0), row.Text(1), static_cast<int>(row.Int(2)),
                                   {},          0,           {}};
    });
    rows.countries = c.QueryAll<SnapshotRows::Named>(kCountries, {}, [](const db::Row& row) {
        return SnapshotRows::Named{row.Text(0), row.Text(1), 0, row.Text(2), 0, {}};
    });
    rows.regions = c.QueryAll<SnapshotRows::Named>(kRegions, {}, [](const db::Row& row) {
        return SnapshotRows::Named{row.Text(0), row.Text(1), 0, {}, 0, row.Text(2)};
    });
    rows.departments = c.QueryAll<SnapshotRows::Named>(kDepartments, {}, [](const db::Row& row) {
        return SnapshotRows::Named{row.Text(0), row.Text(1), 0, {}, 0, {}};
    });
    rows.partners = c.QueryAll<SnapshotRows::Partner>(kPartners, {}, [](const db::Row& row) {
        return SnapshotRows::Partner{row.Int(0), row.Text(1), row.Text(2)};
    });
    rows.authorities =
        c.QueryAll<SnapshotRows::Authority>(kAuthorities, {}, [](const db::Row& row) {
            return SnapshotRows::Authority{row.Int(0), row.Text(1), row.Text(2), row.Text(3),
                                           row.Text(4)};
        });
    rows.project_themes = ReadLinks(c, kProjectThemes);
    rows.project_cofinancers = ReadLinks(c, kProjectCofinancers);
    rows.project_partners = ReadLinks(c, kProjectPartners);
    rows.project_authorities = ReadLinks(c, kProjectAuthorities);
    return rows;
}

std::vector<ProjectRecord> ReadProjects(db::Connection& c, const std::vector<std::int64_t>& ids,
                                        bool with_financing) {
    if (ids.empty()) return {};
    std::string list = "[";
    for (const auto id : ids) {
        if (list.size() > 1) list += ',';
        list += std::to_string(id);
    }
    list += ']';
    const db::Params params{list};

    std::unordered_map<std::int64_t, ProjectRecord> by_id;
    by_id.reserve(ids.size());
    c.Query(kRecords, params, [&](const db::Row& row) {
        ProjectRecord r;
        r.id = row.Int(0);
        r.slug = row.Text(1);
        r.title = row.Text(2);
        r.kind = row.Text(3);
        r.status = row.Text(4);
        r.start_year = OptionalInt(row, 5);
        r.end_year = OptionalInt(row, 6);
        r.convention_date = row.Text(7);
        r.updated_at = row.Text(8);
        by_id.emplace(r.id, std::move(r));
    });
    const auto find = [&](std::int64_t id) -> ProjectRecord* {
        const auto it = by_id.find(id);
        return it == by_id.end() ? nullptr : &it->second;
    };
    c.Query(kRecordThemes, params, [&](const db::Row& row) {
        if (auto* r = find(row.Int(0))) r->themes.push_back({row.Int(1), row.Text(2), row.Text(3)});
    });
    c.Query(kRecordAuthorities, params, [&](const db::Row& row) {
        if (auto* r = find(row.Int(0))) {
            r->authorities.push_back({row.Int(1), row.Text(2), row.Text(3), row.Text(4),
                                      row.Text(5), row.Text(6), row.Text(7),
                                      row.Text(8) == "lead"});
        }
    });
    c.Query(kRecordPartners, params, [&](const db::Row& row) {
        if (auto* r = find(row.Int(0))) {
            r->partners.push_back({row.Int(1), row.Text(2), row.Text(3), row.Text(4), row.Text(5),
                                   row.Text(6), row.OptionalDouble(7), row.OptionalDouble(8),
                                   row.Text(9)});
        }
    });
    if (with_financing) {
        c.Query(kRecordFinancing, params, [&](const db::Row& row) {
            auto* r = find(row.Int(0));
            if (r == nullptr) return;
            const std::int64_t amount = row.Int(3);
            r->financing_total_eur += amount;
            if (!row.Text(1).empty()) r->cofinancers.push_back({row.Text(1), row.Text(2), amount});
        });
    }
    std::vector<ProjectRecord> out;
    out.reserve(ids.size());
    for (const auto id : ids) {
        if (auto it = by_id.find(id); it != by_id.end()) out.push_back(std::move(it->second));
    }
    return out;
}

}  // namespace cncd::search
