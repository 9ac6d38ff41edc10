#include "modules/fiches/fiches_repository.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <string_view>
#include <utility>

#include "core/text.hpp"
#include "modules/fiches/fiches_json.hpp"

namespace cncd::fiches::repository {
namespace {

constexpr std::string_view kOwnFundsName = "Fonds propres des collectivités françaises";

constexpr std::string_view kProject =
    "SELECT id, title, kind, status, objectives, description, history, context, start_year,"
    " end_year, convention_date FROM projects WHERE id = ?1";
constexpr std::string_view kUpdatedAt = "SELECT updated_at FROM projects WHERE id = ?1";
constexpr std::string_view kProjectAuthorities =
    "SELECT a.id, a.name, pa.role FROM project_authorities pa"
    " JOIN authorities a ON a.id = pa.authority_id"
    " WHERE pa.project_id = ?1 ORDER BY pa.role = 'associate', a.name, a.id";
constexpr std::string_view kProjectThemes =
    "SELECT t.id, t.name FROM project_themes x JOIN themes t ON t.id = x.theme_id"
    " LEFT JOIN themes pt ON pt.id = t.parent_id WHERE x.project_id = ?1"
    " ORDER BY COALESCE(pt.sort_order, t.sort_order), t.parent_id IS NOT NULL, t.sort_order";
constexpr std::string_view kProjectPartners =
    "SELECT pr.id, pr.name || ' (' || c.name || ')' FROM project_partners pp"
    " JOIN partners pr ON pr.id = pp.partner_id JOIN countries c ON c.iso2 = pr.country_iso2"
    " WHERE pp.project_id = ?1 ORDER BY c.name, pr.name, pr.id";
constexpr std::string_view kProjectFinancing =
    "SELECT f.cofinancer_id, cf.name, f.year, f.amount_eur FROM project_financing f"
    " LEFT JOIN cofinancers cf ON cf.id = f.cofinancer_id WHERE f.project_id = ?1"
    " ORDER BY f.cofinancer_id IS NOT NULL, cf.name, f.year, f.id";
constexpr std::string_view kMaxVersion =
    "SELECT MAX(version) FROM project_versions WHERE project_id = ?1";

constexpr std::string_view kInsertProject =
    "INSERT INTO projects (slug, title, kind, status, objectives, description, history, context,"
    " start_year, end_year, convention_date, created_at, updated_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12)";
constexpr std::string_view kUpdateProject =
    "UPDATE projects SET slug = ?2, title = ?3, kind = ?4, status = ?5, objectives = ?6,"
    " description = ?7, history = ?8, context = ?9, start_year = ?10, end_year = ?11,"
    " convention_date = ?12, updated_at = ?13 WHERE id = ?1";
constexpr std::string_view kDeleteAuthorities =
    "DELETE FROM project_authorities WHERE project_id = ?1";
constexpr std::string_view kDeleteThemes = "DELETE FROM project_themes WHERE project_id = ?1";
constexpr std::string_view kDeletePartners = "DELETE FROM project_partners WHERE project_id = ?1";
constexpr std::string_view kDeleteFinancing = "DELETE FROM project_financing WHERE project_id = ?1";
constexpr std::string_view kInsertAuthority =
    "INSERT INTO project_authorities (project_id, authority_id, role) VALUES (?1, ?2, ?3)";
constexpr std::string_view kInsertTheme =
    "INSERT INTO project_themes (project_id, theme_id) VALUES (?1, ?2)";
constexpr std::string_view kInsertPartner =
    "INSERT INTO project_partners (project_id, partner_id) VALUES (?1, ?2)";
constexpr std::string_view kInsertFinancing =
    "INSERT INTO project_financing (project_id, cofinancer_id, year, amount_eur)"
    " VALUES (?1, ?2, ?3, ?4)";

constexpr std::string_view kInsertVersion =
    "INSERT INTO project_versions (project_id, version, action, author_id, author_name,"
    " author_authority, reverted_version, summary, snapshot, created_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";
#define CNCD_FICHES_VERSION_COLUMNS                                         \
    "SELECT v.project_id, v.version, v.action, v.author_id, v.author_name," \
    " v.reverted_version, v.summary, v.created_at"
constexpr std::string_view kListVersions = CNCD_FICHES_VERSION_COLUMNS
    " FROM project_versions v WHERE v.project_id = ?1 ORDER BY v.version DESC";
constexpr std::string_view kFindVersion = CNCD_FICHES_VERSION_COLUMNS
    ", v.snapshot FROM project_versions v WHERE v.project_id = ?1 AND v.version = ?2";
constexpr std::string_view kLatestVersion = CNCD_FICHES_VERSION_COLUMNS
    " FROM project_versions v WHERE v.project_id = ?1 ORDER BY v.version DESC LIMIT 1";

#define CNCD_FICHES_CHANGES_FROM                                                      \
    " FROM project_versions v JOIN projects p ON p.id = v.project_id"                 \
    " LEFT JOIN project_authorities pa ON pa.project_id = p.id AND pa.role = 'lead'"  \
    " LEFT JOIN authorities a ON a.id = pa.authority_id"                              \
    " LEFT JOIN regions r ON r.code = a.region_code"                                  \
    " LEFT JOIN departments d ON d.code = a.department_code"                          \
    " WHERE v.action <> 'baseline' AND (?1 = '' OR a.region_code = ?1)"               \
    " AND (?2 = '' OR a.department_code = ?2) AND (?3 IS NULL OR EXISTS (SELECT 1"    \
    " FROM project_authorities x WHERE x.project_id = p.id AND x.authority_id = ?3))" \
    " AND (?4 = '' OR substr(v.created_at, 1, 10) >= ?4)"                             \
    " AND (?5 = '' OR substr(v.created_at, 1, 10) <= ?5)"
constexpr std::string_view kCountChanges = "SELECT COUNT(*)" CNCD_FICHES_CHANGES_FROM;
constexpr std::string_view kListChanges =
    CNCD_FICHES_VERSION_COLUMNS ", p.title, a.id, a.name, r.name, d.name" CNCD_FICHES_CHANGES_FROM
                                " ORDER BY v.created_at DESC, v.id DESC LIMIT ?6 OFFSET ?7";
#undef CNCD_FICHES_CHANGES_FROM
#undef CNCD_FICHES_VERSION_COLUMNS

constexpr std::string_view kOwners =
    "SELECT authority_id, role FROM project_authorities WHERE project_id = ?1"
    " ORDER BY role = 'associate', authority_id";
constexpr std::string_view kProjectExists = "SELECT 1 FROM projects WHERE id = ?1";

constexpr std::string_view kThemeName = "SELECT name FROM themes WHERE id = ?1";
constexpr std::string_view kPartnerName =
    "SELECT pr.name || ' (' || c.name || ')' FROM partners pr"
    " JOIN countries c ON c.iso2 = pr.country_iso2 WHERE pr.id = ?1";
constexpr std::string_view kAuthorityName = "SELECT name FROM authorities WHERE id = ?1";
constexpr std::string_view kCofinancerName = "SELECT name FROM cofinancers WHERE id = ?1";

constexpr std::string_view kThemes =
    "SELECT t.id, t.name, '', t.parent_id FROM themes t LEFT JOIN themes pt ON pt.id = t.parent_id"
    " ORDER BY COALESCE(pt.sort_order, t.sort_order), t.parent_id IS NOT NULL, t.sort_order, "
    "t.name";
constexpr std::string_view kCofinancers =
    "SELECT id, name, kind, NULL FROM cofinancers ORDER BY name";
constexpr std::string_view kPartnerChoices =
    "SELECT pr.id, pr.name, c.name, NULL FROM partners pr"
    " JOIN countries c ON c.iso2 = pr.country_iso2 ORDER BY pr.name, c.name, pr.id";
constexpr std::string_view kAuthorityChoices =
    "SELECT a.id, a.name, COALESCE(d.name, r.name, ''), NULL FROM authorities a"
    " LEFT JOIN departments d ON d.code = a.department_code"
    " LEFT JOIN regions r ON r.code = a.region_code ORDER BY a.name, a.id";

constexpr std::string_view kRegions = "SELECT code, name FROM regions ORDER BY name";
constexpr std::string_view kAuthorityFiches =
    "SELECT p.id, p.title, p.kind, p.status, p.start_year, p.end_year, p.updated_at, pa.role"
    " FROM project_authorities pa JOIN projects p ON p.id = pa.project_id"
    " WHERE pa.authority_id = ?1 ORDER BY pa.role = 'associate', p.title, p.id";

constexpr std::string_view kQualityRows =
    "SELECT p.id, p.title, pa.authority_id, p.kind, p.status, p.objectives <> '',"
    " p.description <> '', p.start_year IS NOT NULL, p.end_year IS NOT NULL,"
    " COALESCE(p.convention_date, '') <> '', p.updated_at,"
    " (SELECT COUNT(*) FROM project_themes x WHERE x.project_id = p.id),"
    " (SELECT COUNT(*) FROM project_partners x WHERE x.project_id = p.id),"
    " (SELECT COUNT(*) FROM project_partners x JOIN partners pr ON pr.id = x.partner_id"
    "  WHERE x.project_id = p.id AND (pr.lat IS NULL OR pr.lon IS NULL"
    "  OR pr.location_precision = 'country')),"
    " (SELECT COUNT(*) FROM project_partners x JOIN partners pr ON pr.id = x.partner_id"
    "  WHERE x.project_id = p.id AND pr.geonames_id IS NULL),"
    " (SELECT COUNT(*) FROM project_financing x WHERE x.project_id = p.id)"
    " FROM project_authorities pa JOIN projects p ON p.id = pa.project_id"
    " WHERE pa.role = 'lead' AND (?1 IS NULL OR pa.authority_id = ?1)"
    " ORDER BY pa.authority_id, p.title, p.id";

#define CNCD_FICHES_AUTHORITY_COLUMNS                                            \
    "SELECT a.id, a.name, a.kind, COALESCE(a.siren, ''), COALESCE(a.insee, '')," \
    " COALESCE(a.region_code, ''), COALESCE(r.name, '')"                         \
    " FROM authorities a LEFT JOIN regions r ON r.code = a.region_code"
constexpr std::string_view kAuthorityRow = CNCD_FICHES_AUTHORITY_COLUMNS " WHERE a.id = ?1";
constexpr std::string_view kLeadAuthorities = CNCD_FICHES_AUTHORITY_COLUMNS
    " WHERE EXISTS (SELECT 1 FROM project_authorities pa WHERE pa.authority_id = a.id"
    " AND pa.role = 'lead') AND (?1 = '' OR a.region_code = ?1) ORDER BY a.name, a.id";
#undef CNCD_FICHES_AUTHORITY_COLUMNS

std::optional<int> OptionalYear(const db::Row& r, int column) {
    if (r.IsNull(column)) return std::nullopt;
    return static_cast<int>(r.Int(column));
}

db::Value Year(const std::optional<int>& year) { return db::Nullable(year); }

db::Value TextOrNull(const std::string& text) {
    if (text.empty()) return nullptr;
    return text;
}

// A slug for the public URL; a title with no letter or digit still gets one.
std::string SlugOf(const std::string& title) {
    std::string slug = text::Slugify(title);
    constexpr std::size_t kMaxSlug = 120;
    if (slug.size() > kMaxSlug) {
        slug.resize(kMaxSlug);
        while (!slug.empty() && slug.back() == '-') slug.pop_back();
    }
    return slug.empty() ? std::string("projet") : slug;
}

NamedId MapNamed(const db::Row& r) { return {r.Int(0), r.Text(1)}; }

VersionInfo MapVersion(const db::Row& r) {
    VersionInfo v;
    v.project_id = r.Int(0);
    v.version = static_cast<int>(r.Int(1));
    v.action = ParseVersionAction(r.Text(2)).value_or(VersionAction::kEdit);
    v.author_id = r.OptionalInt(3);
    v.author_name = r.Text(4);
    if (!r.IsNull(5)) v.reverted_version = static_cast<int>(r.Int(5));
    v.summary = r.Text(6);
    v.created_at = r.Text(7);
    return v;
}

Choice MapChoice(const db::Row& r) { return {r.Int(0), r.Text(1), r.Text(2), r.OptionalInt(3)}; }

AuthorityRow MapAuthority(const db::Row& r) {
    return {r.Int(0), r.Text(1), r.Text(2), r.Text(3), r.Text(4), r.Text(5), r.Text(6)};
}

std::optional<std::string> FindName(db::Connection& c, std::string_view sql, std::int64_t id) {
    return c.FindOne<std::string>(sql, {id}, [](const db::Row& r) { return r.Text(0); });
}

}  // namespace

std::optional<Fiche> FindFiche(db::Connection& c, std::int64_t id) {
    auto fiche = c.FindOne<Fiche>(kProject, {id}, [](const db::Row& r) {
        Fiche f;
        f.id = r.Int(0);
        f.title = r.Text(1);
        f.kind = r.Text(2);
        f.status = r.Text(3);
        f.objectives = r.Text(4);
        f.description = r.Text(5);
        f.history = r.Text(6);
        f.context = r.Text(7);
        f.start_year = OptionalYear(r, 8);
        f.end_year = OptionalYear(r, 9);
        f.convention_date = r.Text(10);
        return f;
    });
    if (!fiche) return std::nullopt;
    c.Query(kProjectAuthorities, {id}, [&](const db::Row& r) {
        NamedId authority = MapNamed(r);
        if (r.Text(2) == "lead" && !fiche->lead) {
            fiche->lead = std::move(authority);
        } else {
            fiche->associates.push_back(std::move(authority));
        }
    });
    fiche->themes = c.QueryAll<NamedId>(kProjectThemes, {id}, MapNamed);
    fiche->partners = c.QueryAll<NamedId>(kProjectPartners, {id}, MapNamed);
    fiche->financing = c.QueryAll<FinancingLine>(kProjectFinancing, {id}, [](const db::Row& r) {
        FinancingLine line;
        line.cofinancer_id = r.OptionalInt(0);
        line.cofinancer_name = r.IsNull(0) ? std::string(kOwnFundsName) : r.Text(1);
        line.year = static_cast<int>(r.Int(2));
        line.amount_eur = r.Int(3);
        return line;
    });
    return fiche;
}

std::string FindUpdatedAt(db::Connection& c, std::int64_t id) {
    return FindName(c, kUpdatedAt, id).value_or("");
}

std::optional<ProjectOwners> FindOwners(db::Connection& c, std::int64_t id) {
    if (c.QueryInt(kProjectExists, {id}) == 0) return std::nullopt;
    ProjectOwners owners;
    c.Query(kOwners, {id}, [&](const db::Row& r) {
        if (r.Text(1) == "lead" && !owners.lead) {
            owners.lead = r.Int(0);
        } else {
            owners.associates.push_back(r.Int(0));
        }
    });
    return owners;
}

int MaxVersion(db::Connection& c, std::int64_t id) {
    return static_cast<int>(c.QueryInt(kMaxVersion, {id}));
}

std::int64_t InsertProject(db::Connection& c, const Fiche& f, const std::string& now) {
    c.Execute(kInsertProject, {SlugOf(f.title), f.title, f.kind, f.status, f.objectives,
                               f.description, f.history, f.context, Year(f.start_year),
                               Year(f.end_year), TextOrNull(f.convention_date), now});
    return c.LastInsertId();
}

void UpdateProject(db::Connection& c, std::int64_t id, const Fiche& f, const std::string& now) {
    c.Execute(kUpdateProject, {id, SlugOf(f.title), f.title, f.kind, f.status, f.objectives,
                               f.description, f.history, f.context, Year(f.start_year),
                               Year(f.end_year), TextOrNull(f.convention_date), now});
}

void ReplaceLinks(db::Connection& c, std::int64_t id, const Fiche& f) {
    c.Execute(kDeleteAuthorities, {id});
    c.Execute(kDeleteThemes, {id});
    c.Execute(kDeletePartners, {id});
    c.Execute(kDeleteFinancing, {id});
    if (f.lead) c.Execute(kInsertAuthority, {id, f.lead->id, std::string("lead")});
    for (const auto& a : f.associates)
        c.Execute(kInsertAuthority, {id, a.id, std::string("associate")});
    for (const auto& t : f.themes) c.Execute(kInsertTheme, {id, t.id});
    for (const auto& p : f.partners) c.Execute(kInsertPartner, {id, p.id});
    for (const auto& line : f.financing) {
        c.Execute(kInsertFinancing,
                  {id, db::Nullable(line.cofinancer_id), std::int64_t{line.year}, line.amount_eur});
    }
}

void InsertVersion(db::Connection& c, const VersionInfo& v,
                   std::optional<std::int64_t> author_authority, const Fiche& snapshot) {
    c.Execute(
        kInsertVersion,
        {v.project_id, std::int64_t{v.version}, std::string(VersionActionCode(v.action)),
         db::Nullable(v.author_id), v.author_name, db::Nullable(author_authority),
         db::Nullable(v.reverted_version), v.summary, FicheToJson(snapshot).dump(), v.created_at});
}

std::vector<VersionInfo> ListVersions(db::Connection& c, std::int64_t project_id) {
    return c.QueryAll<VersionInfo>(kListVersions, {project_id}, MapVersion);
}

std::optional<Version> FindVersion(db::Connection& c, std::int64_t project_id, int version) {
    return c.FindOne<Version>(
        kFindVersion, {project_id, std::int64_t{version}}, [](const db::Row& r) {
            return Version{MapVersion(r), FicheFromJson(nlohmann::json::parse(r.Text(8)))};
        });
}

std::optional<VersionInfo> FindLatestVersion(db::Connection& c, std::int64_t project_id) {
    return c.FindOne<VersionInfo>(kLatestVersion, {project_id}, MapVersion);
}

ChangePage ListChanges(db::Connection& c, const ChangeFilter& f, int per_page) {
    const db::Params filters{f.region_code, f.department_code, db::Nullable(f.authority_id), f.from,
                             f.to};
    ChangePage page;
    page.total = c.QueryInt(kCountChanges, filters);
    page.pages = std::max<std::int64_t>(1, (page.total + per_page - 1) / per_page);
    page.page = f.page;
    db::Params params = filters;
    params.emplace_back(std::int64_t{per_page});
    params.emplace_back(std::int64_t{f.page - 1} * per_page);
    page.items = c.QueryAll<Change>(kListChanges, params, [](const db::Row& r) {
        Change change;
        change.info = MapVersion(r);
        change.project_title = r.Text(8);
        change.authority_id = r.OptionalInt(9);
        change.authority_name = r.Text(10);
        change.region_name = r.Text(11);
        change.department_name = r.Text(12);
        return change;
    });
    return page;
}

std::optional<std::string> FindThemeName(db::Connection& c, std::int64_t id) {
    return FindName(c, kThemeName, id);
}
std::optional<std::string> FindPartnerName(db::Connection& c, std::int64_t id) {
    return FindName(c, kPartnerName, id);
}
std::optional<std::string> FindAuthorityName(db::Connection& c, std::int64_t id) {
    return FindName(c, kAuthorityName, id);
}
std::optional<std::string> FindCofinancerName(db::Connection& c, std::int64_t id) {
    return FindName(c, kCofinancerName, id);
}

std::vector<Choice> ListThemes(db::Connection& c) {
    return c.QueryAll<Choice>(kThemes, {}, MapChoice);
}
std::vector<Choice> ListCofinancers(db::Connection& c) {
    return c.QueryAll<Choice>(kCofinancers, {}, MapChoice);
}
std::vector<Choice> ListPartnerChoices(db::Connection& c) {
    return c.QueryAll<Choice>(kPartnerChoices, {}, MapChoice);
}
std::vector<Choice> ListAuthorityChoices(db::Connection& c) {
    return c.QueryAll<Choice>(kAuthorityChoices, {}, MapChoice);
}

std::vector<std::pair<std::string, std::string>> ListRegions(db::Connection& c) {
    return c.QueryAll<std::pair<std::string, std::string>>(
        kRegions, {}, [](const db::Row& r) { return std::pair(r.Text(0), r.Text(1)); });
}

std::vector<MyFiche> ListAuthorityFiches(db::Connection& c, std::int64_t authority_id) {
    return c.QueryAll<MyFiche>(kAuthorityFiches, {authority_id}, [](const db::Row& r) {
        MyFiche f;
        f.id = r.Int(0);
        f.title = r.Text(1);
        f.kind = r.Text(2);
        f.status = r.Text(3);
        f.start_year = OptionalYear(r, 4);
        f.end_year = OptionalYear(r, 5);
        f.updated_at = r.Text(6);
        f.lead = r.Text(7) == "lead";
        return f;
    });
}

std::vector<QualityRow> ListQualityRows(db::Connection& c,
                                        std::optional<std::int64_t> authority_id) {
    return c.QueryAll<QualityRow>(kQualityRows, {db::Nullable(authority_id)}, [](const db::Row& r) {
        QualityRow q;
        q.project_id = r.Int(0);
        q.title = r.Text(1);
        q.authority_id = r.Int(2);
        q.kind = r.Text(3);
        q.status = r.Text(4);
        q.has_objectives = r.Int(5) != 0;
        q.has_description = r.Int(6) != 0;
        q.has_start_year = r.Int(7) != 0;
        q.has_end_year = r.Int(8) != 0;
        q.has_convention_date = r.Int(9) != 0;
        q.updated_at = r.Text(10);
        q.themes = r.Int(11);
        q.partners = r.Int(12);
        q.partners_unlocated = r.Int(13);
        q.partners_without_code = r.Int(14);
        q.financing_lines = r.Int(15);
        return q;
    });
}

std::optional<AuthorityRow> FindAuthorityRow(db::Connection& c, std::int64_t id) {
    return c.FindOne<AuthorityRow>(kAuthorityRow, {id}, MapAuthority);
}

std::vector<AuthorityRow> ListLeadAuthorities(db::Connection& c, const std::string& region_code) {
    return c.QueryAll<AuthorityRow>(kLeadAuthorities, {region_code}, MapAuthority);
}

}  // namespace cncd::fiches::repository
