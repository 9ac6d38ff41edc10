#include "modules/atlas/atlas_repository.hpp"

#include <string_view>
#include <utility>

namespace cncd::atlas::repository {
namespace {

// The project filters every level query applies, bound as ?1 (show "coopération
// décentralisée": 0/1), ?2 (show "autres actions extérieures": 0/1), ?3 (one detailed kind or
// NULL) and ?4 (a theme id or NULL: the theme and its sub-themes). A level key is ?5.
// Adjacent string literals keep every statement one compile-time constant.
#define CNCD_ATLAS_PROJECT_FILTER                                           \
    " ((?1 = 1 AND p.kind IN ('cooperation', 'twinning'))"                  \
    " OR (?2 = 1 AND p.kind IN ('one_off', 'oudin_santini', 'emergency')))" \
    " AND (?3 IS NULL OR p.kind = ?3)"                                      \
    " AND (?4 IS NULL OR EXISTS (SELECT 1 FROM project_themes pt"           \
    " WHERE pt.project_id = p.id AND pt.theme_id IN"                        \
    " (SELECT t.id FROM themes t WHERE t.id = ?4 OR t.parent_id = ?4)))"

#define CNCD_ATLAS_EDGE_COLUMNS                                        \
    "SELECT p.id, p.title, p.start_year,"                              \
    " a.id, a.name, a.slug, a.kind, a.region_code, a.department_code," \
    " pr.id, pr.name, pr.slug, pr.country_iso2, c.continent"

// Foreign side: the level's partners, every French authority of their projects.
#define CNCD_ATLAS_FROM_PARTNERS                                \
    " FROM partners pr"                                         \
    " JOIN countries c ON c.iso2 = pr.country_iso2"             \
    " JOIN project_partners pp ON pp.partner_id = pr.id"        \
    " JOIN projects p ON p.id = pp.project_id"                  \
    " LEFT JOIN project_authorities pa ON pa.project_id = p.id" \
    " LEFT JOIN authorities a ON a.id = pa.authority_id"

// French side: the level's authorities, every partner of their projects.
#define CNCD_ATLAS_FROM_AUTHORITIES                          \
    " FROM authorities a"                                    \
    " JOIN project_authorities pa ON pa.authority_id = a.id" \
    " JOIN projects p ON p.id = pa.project_id"               \
    " LEFT JOIN project_partners pp ON pp.project_id = p.id" \
    " LEFT JOIN partners pr ON pr.id = pp.partner_id"        \
    " LEFT JOIN countries c ON c.iso2 = pr.country_iso2"

constexpr std::string_view kWorldEdges = CNCD_ATLAS_EDGE_COLUMNS
    " FROM projects p"
    " LEFT JOIN project_authorities pa ON pa.project_id = p.id"
    " LEFT JOIN authorities a ON a.id = pa.authority_id"
    " LEFT JOIN project_partners pp ON pp.project_id = p.id"
    " LEFT JOIN partners pr ON pr.id = pp.partner_id"
    " LEFT JOIN countries c ON c.iso2 = pr.country_iso2"
    " WHERE" CNCD_ATLAS_PROJECT_FILTER;

constexpr std::string_view kContinentEdges = CNCD_ATLAS_EDGE_COLUMNS CNCD_ATLAS_FROM_PARTNERS
    " WHERE c.continent = ?5 AND" CNCD_ATLAS_PROJECT_FILTER;

constexpr std::string_view kCountryEdges = CNCD_ATLAS_EDGE_COLUMNS CNCD_ATLAS_FROM_PARTNERS
    " WHERE pr.country_iso2 = ?5 AND" CNCD_ATLAS_PROJECT_FILTER;

constexpr std::string_view kPartnerEdges = CNCD_ATLAS_EDGE_COLUMNS CNCD_ATLAS_FROM_PARTNERS
    " WHERE pr.id = ?5 AND" CNCD_ATLAS_PROJECT_FILTER;

constexpr std::string_view kFranceEdges =
    CNCD_ATLAS_EDGE_COLUMNS CNCD_ATLAS_FROM_AUTHORITIES " WHERE" CNCD_ATLAS_PROJECT_FILTER;

constexpr std::string_view kRegionEdges = CNCD_ATLAS_EDGE_COLUMNS CNCD_ATLAS_FROM_AUTHORITIES
    " WHERE a.region_code = ?5 AND" CNCD_ATLAS_PROJECT_FILTER;

constexpr std::string_view kDepartmentEdges = CNCD_ATLAS_EDGE_COLUMNS CNCD_ATLAS_FROM_AUTHORITIES
    " WHERE a.department_code = ?5 AND" CNCD_ATLAS_PROJECT_FILTER;

constexpr std::string_view kAuthorityEdges = CNCD_ATLAS_EDGE_COLUMNS CNCD_ATLAS_FROM_AUTHORITIES
    " WHERE a.id = ?5 AND" CNCD_ATLAS_PROJECT_FILTER;

#undef CNCD_ATLAS_FROM_AUTHORITIES
#undef CNCD_ATLAS_FROM_PARTNERS
#undef CNCD_ATLAS_EDGE_COLUMNS
#undef CNCD_ATLAS_PROJECT_FILTER

constexpr std::string_view kWorldApd =
    "SELECT year, SUM(amount_eur) FROM apd_amounts GROUP BY year ORDER BY year DESC";
constexpr std::string_view kContinentApd =
    "SELECT ap.year, SUM(ap.amount_eur) FROM countries c"
    " JOIN apd_amounts ap ON ap.country_iso2 = c.iso2"
    " WHERE c.continent = ?1 GROUP BY ap.year ORDER BY ap.year DESC";
constexpr std::string_view kCountryApd =
    "SELECT year, SUM(amount_eur) FROM apd_amounts WHERE country_iso2 = ?1"
    " GROUP BY year ORDER BY year DESC";
constexpr std::string_view kRegionApd =
    "SELECT ap.year, SUM(ap.amount_eur) FROM authorities a"
    " JOIN apd_amounts ap ON ap.authority_id = a.id"
    " WHERE a.region_code = ?1 GROUP BY ap.year ORDER BY ap.year DESC";
constexpr std::string_view kDepartmentApd =
    "SELECT ap.year, SUM(ap.amount_eur) FROM authorities a"
    " JOIN apd_amounts ap ON ap.authority_id = a.id"
    " WHERE a.department_code = ?1 GROUP BY ap.year ORDER BY ap.year DESC";
constexpr std::string_view kAuthorityApdByYear =
    "SELECT year, SUM(amount_eur) FROM apd_amounts WHERE authority_id = ?1"
    " GROUP BY year ORDER BY year DESC";
constexpr std::string_view kAuthorityApdLines =
    "SELECT ap.country_iso2, c.name, ap.year, ap.amount_eur FROM apd_amounts ap"
    " JOIN countries c ON c.iso2 = ap.country_iso2"
    " WHERE ap.authority_id = ?1 ORDER BY c.name, ap.year DESC";

constexpr std::string_view kContinents = "SELECT slug, name FROM continents ORDER BY sort_order";
constexpr std::string_view kCountries = "SELECT iso2, name, slug, continent FROM countries";
constexpr std::string_view kRegions = "SELECT code, name, slug, zone FROM regions ORDER BY name";
constexpr std::string_view kDepartments = "SELECT code, name, slug, region_code FROM departments";

constexpr std::string_view kThemes =
    "SELECT t.id, t.slug, t.name, t.dac_code, t.parent_id, pt.slug, pt.name"
    " FROM themes t LEFT JOIN themes pt ON pt.id = t.parent_id"
    " ORDER BY COALESCE(pt.sort_order, t.sort_order), t.parent_id IS NOT NULL, t.sort_order, "
    "t.name";
constexpr std::string_view kProjectTopThemes =
    "SELECT DISTINCT pt.project_id, COALESCE(t.parent_id, t.id)"
    " FROM project_themes pt JOIN themes t ON t.id = pt.theme_id";

constexpr std::string_view kPartner =
    "SELECT pr.id, pr.name, pr.slug, pr.country_iso2, c.name, c.continent, k.name, pr.level,"
    " pr.geonames_id, pr.population, pr.lat, pr.lon, pr.location_precision"
    " FROM partners pr JOIN countries c ON c.iso2 = pr.country_iso2"
    " JOIN continents k ON k.slug = c.continent WHERE pr.id = ?1";

constexpr std::string_view kAuthority =
    "SELECT a.id, a.kind, a.name, a.slug, a.siren, a.insee, a.region_code, r.name, r.slug,"
    " a.department_code, d.name, a.population, a.lat, a.lon, a.location_precision, a.website,"
    " a.address, a.phone, a.email, a.updated_at"
    " FROM authorities a LEFT JOIN regions r ON r.code = a.region_code"
    " LEFT JOIN departments d ON d.code = a.department_code WHERE a.id = ?1";
constexpr std::string_view kAuthorityContacts =
    "SELECT role, first_name, last_name, title, email, phone FROM authority_contacts"
    " WHERE authority_id = ?1 ORDER BY role = 'manager', last_name, first_name";

// Both start with the columns ReadProjectHead maps.
constexpr std::string_view kProject =
    "SELECT id, slug, title, kind, status, start_year, end_year, updated_at, objectives,"
    " description, history, context, convention_date, created_at FROM projects WHERE id = ?1";
constexpr std::string_view kProjectSummary =
    "SELECT id, slug, title, kind, status, start_year, end_year, updated_at"
    " FROM projects WHERE id = ?1";
constexpr std::string_view kProjectAuthorities =
    "SELECT a.id, a.name, a.slug, a.kind, pa.role, d.name, r.name"
    " FROM project_authorities pa JOIN authorities a ON a.id = pa.authority_id"
    " LEFT JOIN departments d ON d.code = a.department_code"
    " LEFT JOIN regions r ON r.code = a.region_code"
    " WHERE pa.project_id = ?1 ORDER BY pa.role = 'associate', a.name";
constexpr std::string_view kProjectPartners =
    "SELECT pr.id, pr.name, pr.slug, pr.country_iso2, c.name, c.continent, k.name, pr.level,"
    " pr.geonames_id, pr.population, pr.lat, pr.lon, pr.location_precision"
    " FROM project_partners pp JOIN partners pr ON pr.id = pp.partner_id"
    " JOIN countries c ON c.iso2 = pr.country_iso2 JOIN continents k ON k.slug = c.continent"
    " WHERE pp.project_id = ?1 ORDER BY c.name, pr.name";
constexpr std::string_view kProjectThemes =
    "SELECT t.id, t.slug, t.name, t.dac_code, t.parent_id, pt.slug, pt.name"
    " FROM project_themes x JOIN themes t ON t.id = x.theme_id"
    " LEFT JOIN themes pt ON pt.id = t.parent_id"
    " WHERE x.project_id = ?1 ORDER BY COALESCE(pt.sort_order, t.sort_order), t.sort_order";
constexpr std::string_view kProjectFinancing =
    "SELECT f.cofinancer_id, cf.slug, cf.name, cf.kind, f.year, f.amount_eur"
    " FROM project_financing f LEFT JOIN cofinancers cf ON cf.id = f.cofinancer_id"
    " WHERE f.project_id = ?1 ORDER BY f.cofinancer_id IS NOT NULL, cf.name, f.year";
constexpr std::string_view kProjectOtherPartners =
    "SELECT kind, name, side FROM project_other_partners WHERE project_id = ?1"
    " ORDER BY side, name";
constexpr std::string_view kProjectContacts =
    "SELECT name, title, email, phone FROM project_contacts WHERE project_id = ?1 ORDER BY id";
constexpr std::string_view kProjectVolunteers =
    "SELECT programme, count, year FROM project_volunteers WHERE project_id = ?1"
    " ORDER BY year, programme";

std::optional<int> OptionalYear(const db::Row& r, int column) {
    if (r.IsNull(column)) return std::nullopt;
    return static_cast<int>(r.Int(column));
}

db::Params FilterBindings(const FilterParams& f) {
    db::Params params;
    params.emplace_back(std::int64_t{f.decentralised ? 1 : 0});
    params.emplace_back(std::int64_t{f.other_actions ? 1 : 0});
    if (f.kind) {
        params.emplace_back(std::string(ProjectKindCode(*f.kind)));
    } else {
        params.emplace_back(nullptr);
    }
    params.emplace_back(db::Nullable(f.theme_id));
    return params;
}

PartnerInfo MapPartner(const db::Row& r) {
    PartnerInfo p;
    p.id = r.Int(0);
    p.name = r.Text(1);
    p.slug = r.Text(2);
    p.country_iso2 = r.Text(3);
    p.country_name = r.Text(4);
    p.continent_slug = r.Text(5);
    p.continent_name = r.Text(6);
    p.level = r.Text(7);
    p.geonames_id = r.OptionalInt(8);
    p.population = r.OptionalInt(9);
    p.lat = r.OptionalDouble(10);
    p.lon = r.OptionalDouble(11);
    p.location_precision = r.Text(12);
    return p;
}

ThemeRef MapTheme(const db::Row& r) {
    ThemeRef t;
    t.id = r.Int(0);
    t.slug = r.Text(1);
    t.name = r.Text(2);
    t.dac_code = r.Text(3);
    t.parent_id = r.OptionalInt(4);
    t.parent_slug = r.Text(5);
    t.parent_name = r.Text(6);
    return t;
}

ProjectKind KindOrDefault(const std::string& code) {
    return ParseProjectKind(code).value_or(ProjectKind::kCooperation);
}
ProjectStatus StatusOrDefault(const std::string& code) {
    return ParseProjectStatus(code).value_or(ProjectStatus::kActive);
}

/// The columns kProject and kProjectSummary share (id, slug, title, kind, status, start_year,
/// end_year, updated_at), into a Project or a ProjectSummary.
template <typename ProjectLike>
void ReadProjectHead(const db::Row& r, ProjectLike& p) {
    p.id = r.Int(0);
    p.slug = r.Text(1);
    p.title = r.Text(2);
    p.kind = KindOrDefault(r.Text(3));
    p.status = StatusOrDefault(r.Text(4));
    p.start_year = OptionalYear(r, 5);
    p.end_year = OptionalYear(r, 6);
    p.updated_at = r.Text(7);
}

std::string_view EdgesSql(LevelKind level) {
    switch (level) {
        case LevelKind::kWorld:
            return kWorldEdges;
        case LevelKind::kContinent:
            return kContinentEdges;
        case LevelKind::kCountry:
            return kCountryEdges;
        case LevelKind::kPartner:
            return kPartnerEdges;
        case LevelKind::kFrance:
            return kFranceEdges;
        case LevelKind::kRegion:
            return kRegionEdges;
        case LevelKind::kDepartment:
            return kDepartmentEdges;
        case LevelKind::kAuthority:
            return kAuthorityEdges;
    }
    return kWorldEdges;
}

// Levels whose key is a numeric id are bound as integers, the others as text.
db::Value KeyBinding(LevelKind level, const std::string& key) {
    if (level == LevelKind::kPartner || level == LevelKind::kAuthority) {
        return static_cast<std::int64_t>(std::stoll(key));
    }
    return key;
}

}  // namespace

ReferenceNames LoadReferenceNames(db::Connection& c) {
    ReferenceNames names;
    c.Query(kContinents, {}, [&](const db::Row& r) {
        names.continents.push_back({r.Text(0), r.Text(1)});
    });
    c.Query(kCountries, {}, [&](const db::Row& r) {
        names.countries[r.Text(0)] = {r.Text(1), r.Text(2), r.Text(3)};
    });
    c.Query(kRegions, {}, [&](const db::Row& r) {
        names.regions[r.Text(0)] = {r.Text(1), r.Text(2), r.Text(3)};
        names.region_order.push_back(r.Text(0));
    });
    c.Query(kDepartments, {}, [&](const db::Row& r) {
        names.departments[r.Text(0)] = {r.Text(1), r.Text(2), r.Text(3)};
    });
    return names;
}

std::vector<ThemeRef> ListThemes(db::Connection& c) {
    return c.QueryAll<ThemeRef>(kThemes, {}, MapTheme);
}

std::vector<std::pair<std::int64_t, std::int64_t>> ListProjectTopThemes(db::Connection& c) {
    return c.QueryAll<std::pair<std::int64_t, std::int64_t>>(
        kProjectTopThemes, {}, [](const db::Row& r) { return std::pair(r.Int(0), r.Int(1)); });
}

std::vector<EdgeRow> ListEdges(db::Connection& c, LevelKind level, const std::string& key,
                               const FilterParams& filters) {
    db::Params params = FilterBindings(filters);
    if (level != LevelKind::kWorld && level != LevelKind::kFrance) {
        params.push_back(KeyBinding(level, key));
    }
    return c.QueryAll<EdgeRow>(EdgesSql(level), params, [](const db::Row& r) {
        EdgeRow e;
        e.project_id = r.Int(0);
        e.project_title = r.Text(1);
        e.start_year = OptionalYear(r, 2);
        e.authority_id = r.OptionalInt(3);
        e.authority_name = r.Text(4);
        e.authority_slug = r.Text(5);
        e.authority_kind = r.Text(6);
        e.authority_region = r.Text(7);
        e.authority_department = r.Text(8);
        e.partner_id = r.OptionalInt(9);
        e.partner_name = r.Text(10);
        e.partner_slug = r.Text(11);
        e.partner_country = r.Text(12);
        e.partner_continent = r.Text(13);
        return e;
    });
}

std::vector<ApdYear> ListApdByYear(db::Connection& c, LevelKind level, const std::string& key) {
    const auto map = [](const db::Row& r) { return ApdYear{static_cast<int>(r.Int(0)), r.Int(1)}; };
    switch (level) {
        case LevelKind::kWorld:
        case LevelKind::kFrance:
            return c.QueryAll<ApdYear>(kWorldApd, {}, map);
        case LevelKind::kContinent:
            return c.QueryAll<ApdYear>(kContinentApd, {key}, map);
        case LevelKind::kCountry:
            return c.QueryAll<ApdYear>(kCountryApd, {key}, map);
        case LevelKind::kPartner:
            return {};
        case LevelKind::kRegion:
            return c.QueryAll<ApdYear>(kRegionApd, {key}, map);
        case LevelKind::kDepartment:
            return c.QueryAll<ApdYear>(kDepartmentApd, {key}, map);
        case LevelKind::kAuthority:
            return c.QueryAll<ApdYear>(kAuthorityApdByYear, {KeyBinding(level, key)}, map);
    }
    return {};
}

std::vector<ApdLine> ListAuthorityApd(db::Connection& c, std::int64_t authority_id) {
    return c.QueryAll<ApdLine>(kAuthorityApdLines, {authority_id}, [](const db::Row& r) {
        return ApdLine{r.Text(0), r.Text(1), static_cast<int>(r.Int(2)), r.Int(3)};
    });
}

std::optional<PartnerInfo> FindPartner(db::Connection& c, std::int64_t id) {
    return c.FindOne<PartnerInfo>(kPartner, {id}, MapPartner);
}

std::optional<AuthorityInfo> FindAuthority(db::Connection& c, std::int64_t id) {
    auto authority = c.FindOne<AuthorityInfo>(kAuthority, {id}, [](const db::Row& r) {
        AuthorityInfo a;
        a.id = r.Int(0);
        a.kind = ParseAuthorityKind(r.Text(1)).value_or(AuthorityKind::kCommune);
        a.name = r.Text(2);
        a.slug = r.Text(3);
        a.siren = r.Text(4);
        a.insee = r.Text(5);
        a.region_code = r.Text(6);
        a.region_name = r.Text(7);
        a.region_slug = r.Text(8);
        a.department_code = r.Text(9);
        a.department_name = r.Text(10);
        a.population = r.OptionalInt(11);
        a.lat = r.OptionalDouble(12);
        a.lon = r.OptionalDouble(13);
        a.location_precision = r.Text(14);
        a.website = r.Text(15);
        a.address = r.Text(16);
        a.phone = r.Text(17);
        a.email = r.Text(18);
        a.updated_at = r.Text(19);
        return a;
    });
    if (!authority) return std::nullopt;
    authority->contacts =
        c.QueryAll<AuthorityContact>(kAuthorityContacts, {id}, [](const db::Row& r) {
            return AuthorityContact{r.Text(0), r.Text(1), r.Text(2),
                                    r.Text(3), r.Text(4), r.Text(5)};
        });
    return authority;
}

std::optional<ProjectSummary> FindProjectSummary(db::Connection& c, std::int64_t id) {
    auto summary = c.FindOne<ProjectSummary>(kProjectSummary, {id}, [](const db::Row& r) {
        ProjectSummary s;
        ReadProjectHead(r, s);
        return s;
    });
    if (!summary) return std::nullopt;
    c.Query(kProjectAuthorities, {id}, [&](const db::Row& r) {
        summary->authorities.push_back({r.Int(0), r.Text(1), r.Text(2), {}});
    });
    c.Query(kProjectPartners, {id}, [&](const db::Row& r) {
        summary->partners.push_back({r.Int(0), r.Text(1), r.Text(2), r.Text(4)});
    });
    return summary;
}

std::optional<Project> FindProject(db::Connection& c, std::int64_t id) {
    auto project = c.FindOne<Project>(kProject, {id}, [](const db::Row& r) {
        Project p;
        ReadProjectHead(r, p);
        p.objectives = r.Text(8);
        p.description = r.Text(9);
        p.history = r.Text(10);
        p.context = r.Text(11);
        p.convention_date = r.Text(12);
        p.created_at = r.Text(13);
        return p;
    });
    if (!project) return std::nullopt;
    project->authorities =
        c.QueryAll<ProjectAuthority>(kProjectAuthorities, {id}, [](const db::Row& r) {
            ProjectAuthority a;
            a.id = r.Int(0);
            a.name = r.Text(1);
            a.slug = r.Text(2);
            a.kind = ParseAuthorityKind(r.Text(3)).value_or(AuthorityKind::kCommune);
            a.role = r.Text(4);
            a.department_name = r.Text(5);
            a.region_name = r.Text(6);
            return a;
        });
    project->partners = c.QueryAll<PartnerInfo>(kProjectPartners, {id}, MapPartner);
    project->themes = c.QueryAll<ThemeRef>(kProjectThemes, {id}, MapTheme);
    project->other_partners =
        c.QueryAll<OtherPartner>(kProjectOtherPartners, {id}, [](const db::Row& r) {
            return OtherPartner{r.Text(0), r.Text(1), r.Text(2)};
        });
    project->contacts = c.QueryAll<ProjectContact>(kProjectContacts, {id}, [](const db::Row& r) {
        return ProjectContact{r.Text(0), r.Text(1), r.Text(2), r.Text(3)};
    });
    project->volunteers = c.QueryAll<Volunteers>(kProjectVolunteers, {id}, [](const db::Row& r) {
        return Volunteers{r.Text(0), r.Int(1), static_cast<int>(r.Int(2))};
    });
    return project;
}

std::vector<FinancingLine> ListFinancing(db::Connection& c, std::int64_t project_id) {
    return c.QueryAll<FinancingLine>(kProjectFinancing, {project_id}, [](const db::Row& r) {
        return FinancingLine{r.OptionalInt(0),           r.Text(1), r.Text(2), r.Text(3),
                             static_cast<int>(r.Int(4)), r.Int(5)};
    });
}

}  // namespace cncd::atlas::repository
