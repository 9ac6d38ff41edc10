#include "modules/atlas/atlas_service.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "core/text.hpp"
#include "modules/atlas/atlas_map_service.hpp"
#include "modules/atlas/atlas_repository.hpp"

namespace cncd::atlas {

/// Reference names and themes, read once per database generation.
struct AtlasService::Snapshot {
    ReferenceNames names;
    std::vector<ThemeRef> themes;
    std::unordered_map<std::string, std::int64_t> theme_ids;                 ///< by slug
    std::unordered_map<std::int64_t, std::vector<std::int64_t>> top_themes;  ///< by project
};

/// A level's figures plus its project ids in both sort orders.
struct AtlasService::LevelEntry {
    std::shared_ptr<const LevelFigures> figures;
    std::vector<std::int64_t> by_title;
    std::vector<std::int64_t> by_recent;
};

namespace {

constexpr std::size_t kMaxCachedLevels = 4096;
constexpr std::size_t kMaxCachedProjects = 8192;
constexpr std::string_view kWorldName = "Monde";
constexpr std::string_view kFranceName = "France";

/// Distinct projects, authorities, partners and countries seen in a set of links.
struct Tally {
    std::unordered_set<std::int64_t> projects;
    std::unordered_set<std::int64_t> authorities;
    std::unordered_set<std::int64_t> partners;
    std::unordered_set<std::string> countries;

    void Add(const EdgeRow& e) {
        projects.insert(e.project_id);
        if (e.authority_id) authorities.insert(*e.authority_id);
        if (e.partner_id) {
            partners.insert(*e.partner_id);
            countries.insert(e.partner_country);
        }
    }

    Counts ToCounts(
        const std::unordered_map<std::int64_t, std::vector<std::int64_t>>& top_themes) const {
        std::unordered_set<std::int64_t> themes;
        for (const auto id : projects) {
            if (auto it = top_themes.find(id); it != top_themes.end()) {
                themes.insert(it->second.begin(), it->second.end());
            }
        }
        return Counts{static_cast<std::int64_t>(projects.size()),
                      static_cast<std::int64_t>(authorities.size()),
                      static_cast<std::int64_t>(partners.size()),
                      static_cast<std::int64_t>(countries.size()),
                      static_cast<std::int64_t>(themes.size())};
    }
};

bool ByFoldedName(const std::string& a, const std::string& b) {
    const auto fa = text::Fold(a);
    const auto fb = text::Fold(b);
    if (fa != fb) return fa < fb;
    return a < b;
}

std::string Upper(std::string s) {
    for (auto& ch : s) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    return s;
}

Place WorldPlace() { return {LevelRef::World(), std::string(kWorldName), {}}; }
Place FrancePlace() { return {LevelRef::France(), std::string(kFranceName), {}}; }

/// The child level a link belongs to at a given level, or nothing when it has none.
std::optional<std::string> ChildKey(LevelKind level, const EdgeRow& e) {
    switch (level) {
        case LevelKind::kWorld:
            if (!e.partner_id) return std::nullopt;
            return e.partner_continent;
        case LevelKind::kContinent:
            if (!e.partner_id) return std::nullopt;
            return e.partner_country;
        case LevelKind::kCountry:
        case LevelKind::kAuthority:
            if (!e.partner_id) return std::nullopt;
            return std::to_string(*e.partner_id);
        case LevelKind::kFrance:
            if (!e.authority_id || e.authority_region.empty()) return std::nullopt;
            return e.authority_region;
        case LevelKind::kRegion:
            if (!e.authority_id || e.authority_department.empty()) return std::nullopt;
            return e.authority_department;
        case LevelKind::kPartner:
        case LevelKind::kDepartment:
            return std::nullopt;
    }
    return std::nullopt;
}

LevelKind ChildKind(LevelKind level) {
    switch (level) {
        case LevelKind::kWorld:
            return LevelKind::kContinent;
        case LevelKind::kContinent:
            return LevelKind::kCountry;
        case LevelKind::kCountry:
            return LevelKind::kPartner;
        case LevelKind::kPartner:
            return LevelKind::kPartner;
        case LevelKind::kFrance:
            return LevelKind::kRegion;
        case LevelKind::kRegion:
            return LevelKind::kDepartment;
        case LevelKind::kDepartment:
            return LevelKind::kAuthority;
        case LevelKind::kAuthority:
            return LevelKind::kPartner;
    }
    return LevelKind::kWorld;
}

/// Resolves the level's place (name, ancestors, database key). NotFound when unknown.
struct ResolvedLevel {
    std::string db_key;
    std::string name;
    std::string slug;
    std::vector<Place> ancestors;
    std::optional<PartnerInfo> partner;
    std::optional<AuthorityInfo> authority;
    std::string country_iso2;
    std::string continent_slug;
    std::string continent_name;
};

std::string ContinentName(const ReferenceNames& names, const std::string& slug) {
    for (const auto& c : names.continents) {
        if (c.slug == slug) return c.name;
    }
    return slug;
}

Place CountryPlace(const ReferenceNames& names, const std::string& iso2) {
    const auto it = names.countries.find(iso2);
    if (it == names.countries.end()) return {{LevelKind::kCountry, iso2}, iso2, {}};
    return {{LevelKind::kCountry, iso2}, it->second.name, it->second.slug};
}

Place RegionPlace(const ReferenceNames& names, const std::string& code) {
    const auto it = names.regions.find(code);
    if (it == names.regions.end()) return {{LevelKind::kRegion, code}, code, code};
    return {{LevelKind::kRegion, it->second.slug}, it->second.name, it->second.slug};
}

Place DepartmentPlace(const ReferenceNames& names, const std::string& code) {
    const auto it = names.departments.find(code);
    if (it == names.departments.end()) return {{LevelKind::kDepartment, code}, code, code};
    return {{LevelKind::kDepartment, code}, it->second.name, it->second.slug};
}

/// The French-side path of an authority: France, its région, its département.
std::vector<Place> AuthorityAncestors(const ReferenceNames& names, const AuthorityInfo& a) {
    std::vector<Place> out{WorldPlace(), FrancePlace()};
    if (!a.region_code.empty()) out.push_back(RegionPlace(names, a.region_code));
    if (!a.department_code.empty() && a.kind != AuthorityKind::kRegion) {
        out.push_back(DepartmentPlace(names, a.department_code));
    }
    return out;
}

Result<ResolvedLevel> Resolve(db::Connection& c, const ReferenceNames& names,
                              const LevelRef& level) {
    ResolvedLevel r;
    switch (level.kind) {
        case LevelKind::kWorld:
            r.name = kWorldName;
            return r;
        case LevelKind::kFrance:
            r.name = kFranceName;
            r.slug = "france";
            r.ancestors = {WorldPlace()};
            return r;
        case LevelKind::kContinent: {
            for (const auto& continent : names.continents) {
                if (continent.slug != level.key) continue;
                r.db_key = continent.slug;
                r.name = continent.name;
                r.slug = continent.slug;
                r.ancestors = {WorldPlace()};
                return r;
            }
            return NotFound("Ce continent n’existe pas dans l’Atlas.");
        }
        case LevelKind::kCountry: {
            const std::string iso2 = Upper(level.key);
            const auto it = names.countries.find(iso2);
            if (it == names.countries.end()) return NotFound("Ce pays n’existe pas dans l’Atlas.");
            r.db_key = iso2;
            r.name = it->second.name;
            r.slug = it->second.slug;
            r.country_iso2 = iso2;
            r.continent_slug = it->second.continent;
            r.continent_name = ContinentName(names, it->second.continent);
            r.ancestors = {
                WorldPlace(),
                {{LevelKind::kContinent, r.continent_slug}, r.continent_name, r.continent_slug}};
            return r;
        }
        case LevelKind::kPartner: {
            const auto id = text::ParseId(level.key);
            auto partner = id ? repository::FindPartner(c, *id) : std::nullopt;
            if (!partner)
                return NotFound("Cette collectivité partenaire n’existe pas dans l’Atlas.");
            r.db_key = std::to_string(partner->id);
            r.name = partner->name;
            r.slug = partner->slug;
            r.country_iso2 = partner->country_iso2;
            r.continent_slug = partner->continent_slug;
            r.continent_name = partner->continent_name;
            r.ancestors = {WorldPlace(),
                           {{LevelKind::kContinent, partner->continent_slug},
                            partner->continent_name,
                            partner->continent_slug},
                           CountryPlace(names, partner->country_iso2)};
            r.partner = std::move(partner);
            return r;
        }
        case LevelKind::kRegion: {
            for (const auto& [code, region] : names.regions) {
                if (region.slug != level.key) continue;
                r.db_key = code;
                r.name = region.name;
                r.slug = region.slug;
                r.ancestors = {WorldPlace(), FrancePlace()};
                return r;
            }
            return NotFound("Cette région n’existe pas dans l’Atlas.");
        }
        case LevelKind::kDepartment: {
            const std::string code = Upper(level.key);
            const auto it = names.departments.find(code);
            if (it == names.departments.end()) {
                return NotFound("Ce département n’existe pas dans l’Atlas.");
            }
            r.db_key = code;
            r.name = it->second.name;
            r.slug = it->second.slug;
            r.ancestors = {WorldPlace(), FrancePlace(), RegionPlace(names, it->second.region_code)};
            return r;
        }
        case LevelKind::kAuthority: {
            const auto id = text::ParseId(level.key);
            auto authority = id ? repository::FindAuthority(c, *id) : std::nullopt;
            if (!authority) return NotFound("Cette collectivité n’existe pas dans l’Atlas.");
            r.db_key = std::to_string(authority->id);
            r.name = authority->name;
            r.slug = authority->slug;
            r.ancestors = AuthorityAncestors(names, *authority);
            r.authority = std::move(authority);
            return r;
        }
    }
    return NotFound("Niveau inconnu.");
}

AuthorityApd BuildAuthorityApd(const std::vector<repository::ApdLine>& lines) {
    AuthorityApd apd;
    std::set<int, std::greater<>> years;
    for (const auto& l : lines) years.insert(l.year);
    apd.years.assign(years.begin(), years.end());
    std::map<int, std::size_t> column;
    for (std::size_t i = 0; i < apd.years.size(); ++i) column[apd.years[i]] = i;
    apd.totals.resize(apd.years.size());
    for (std::size_t i = 0; i < apd.years.size(); ++i) apd.totals[i].year = apd.years[i];
    for (const auto& l : lines) {
        if (apd.rows.empty() || apd.rows.back().country_iso2 != l.country_iso2) {
            ApdCountryRow row;
            row.country_iso2 = l.country_iso2;
            row.country_name = l.country_name;
            row.years.resize(apd.years.size());
            for (std::size_t i = 0; i < apd.years.size(); ++i) row.years[i].year = apd.years[i];
            apd.rows.push_back(std::move(row));
        }
        const std::size_t i = column[l.year];
        apd.rows.back().years[i].amount_eur += l.amount_eur;
        apd.rows.back().total += l.amount_eur;
        apd.totals[i].amount_eur += l.amount_eur;
        apd.total += l.amount_eur;
    }
    return apd;
}

FinancingTable BuildFinancing(const std::vector<repository::FinancingLine>& lines) {
    FinancingTable table;
    std::set<int> years;
    for (const auto& l : lines) years.insert(l.year);
    table.years.assign(years.begin(), years.end());
    std::map<int, std::size_t> column;
    for (std::size_t i = 0; i < table.years.size(); ++i) column[table.years[i]] = i;
    table.year_totals.assign(table.years.size(), 0);
    // Lines arrive grouped by co-financer (own funds first).
    for (const auto& l : lines) {
        if (table.rows.empty() || table.rows.back().cofinancer_id != l.cofinancer_id) {
            FinancingRow row;
            row.cofinancer_id = l.cofinancer_id;
            row.cofinancer_slug = l.cofinancer_slug;
            row.cofinancer_name = l.cofinancer_name;
            row.cofinancer_kind = l.cofinancer_kind;
            row.amounts.assign(table.years.size(), 0);
            table.rows.push_back(std::move(row));
        }
        const std::size_t i = column[l.year];
        table.rows.back().amounts[i] += l.amount_eur;
        table.rows.back().total += l.amount_eur;
        table.year_totals[i] += l.amount_eur;
        table.total += l.amount_eur;
    }
    return table;
}

}  // namespace

AtlasService::AtlasService(db::Database& db)
    : db_(db),
      snapshot_cache_(db, 1),
      level_cache_(db, kMaxCachedLevels),
      project_cache_(db, kMaxCachedProjects),
      map_(std::make_unique<AtlasMapService>(db, *this)) {}

AtlasService::~AtlasService() = default;

std::shared_ptr<const AtlasService::Snapshot> AtlasService::GetSnapshot() {
    auto result = snapshot_cache_.Get("", [this]() -> Result<std::shared_ptr<const Snapshot>> {
        return db_.Read([](db::Connection& c) {
            auto s = std::make_shared<Snapshot>();
            s->names = repository::LoadReferenceNames(c);
            auto& order = s->names.region_order;
            std::sort(order.begin(), order.end(), [&](const std::string& a, const std::string& b) {
                return ByFoldedName(s->names.regions.at(a).name, s->names.regions.at(b).name);
            });
            s->themes = repository::ListThemes(c);
            for (const auto& t : s->themes) s->theme_ids[t.slug] = t.id;
            for (const auto& [project, theme] : repository::ListProjectTopThemes(c)) {
                s->top_themes[project].push_back(theme);
            }
            return std::shared_ptr<const Snapshot>(std::move(s));
        });
    });
    return result.value();
}

std::vector<ThemeGroup> AtlasService::Themes() {
    const auto snapshot = GetSnapshot();
    std::vector<ThemeGroup> groups;
    for (const auto& t : snapshot->themes) {
        if (!t.parent_id) {
            groups.push_back({t, {}});
            continue;
        }
        for (auto& g : groups) {
            if (g.theme.id == *t.parent_id) g.children.push_back(t);
        }
    }
    return groups;
}

std::vector<ZoneRef> AtlasService::Continents() { return GetSnapshot()->names.continents; }

Result<std::shared_ptr<const LevelFigures>> AtlasService::GetLevel(const LevelRef& level,
                                                                   const Filters& filters) {
    auto entry = GetEntry(level, filters);
    if (!entry) return entry.error();
    return entry.value()->figures;
}

Result<std::shared_ptr<const AtlasService::LevelEntry>> AtlasService::GetEntry(
    const LevelRef& level, const Filters& filters) {
    std::string key(LevelKindCode(level.kind));
    key += ':';
    key += level.key;
    key += '|';
    key += filters.Key();
    return level_cache_.Get(key, [&]() { return ComputeEntry(level, filters); });
}

Result<FilterParams> AtlasService::ResolveFilters(const Filters& filters) {
    FilterParams params{filters.decentralised, filters.other_actions, filters.kind, std::nullopt};
    if (!filters.theme.empty()) {
        const auto snapshot = GetSnapshot();
        const auto it = snapshot->theme_ids.find(filters.theme);
        if (it == snapshot->theme_ids.end()) {
            return InvalidArgument("theme",
                                   "Cette thématique n’existe pas : « " + filters.theme + " ».");
        }
        params.theme_id = it->second;
    }
    return params;
}

Result<std::shared_ptr<const AtlasService::LevelEntry>> AtlasService::ComputeEntry(
    const LevelRef& level, const Filters& filters) {
    const auto snapshot = GetSnapshot();
    const auto& names = snapshot->names;

    auto resolved_filters = ResolveFilters(filters);
    if (!resolved_filters) return resolved_filters.error();
    const FilterParams& params = resolved_filters.value();

    struct Loaded {
        ResolvedLevel resolved;
        std::vector<EdgeRow> edges;
        std::vector<ApdYear> apd;
        std::vector<repository::ApdLine> apd_lines;
    };
    auto read = db_.Read([&](db::Connection& c) -> Result<Loaded> {
        auto resolved = Resolve(c, names, level);
        if (!resolved) return resolved.error();
        Loaded out;
        out.resolved = std::move(resolved.value());
        const auto& key = out.resolved.db_key;
        out.edges = repository::ListEdges(c, level.kind, key, params);
        out.apd = repository::ListApdByYear(c, level.kind, key);
        if (level.kind == LevelKind::kAuthority) {
            out.apd_lines = repository::ListAuthorityApd(c, out.resolved.authority->id);
        }
        return out;
    });
    if (!read) return read.error();
    auto& r = read.value();

    auto figures = std::make_shared<LevelFigures>();
    figures->ref = level;
    figures->name = r.resolved.name;
    figures->slug = r.resolved.slug;
    figures->ancestors = std::move(r.resolved.ancestors);
    figures->partner = std::move(r.resolved.partner);
    figures->authority = std::move(r.resolved.authority);
    figures->country_iso2 = r.resolved.country_iso2;
    figures->continent_slug = r.resolved.continent_slug;
    figures->continent_name = r.resolved.continent_name;
    figures->has_apd = level.kind != LevelKind::kPartner;
    figures->apd = std::move(r.apd);
    if (level.kind == LevelKind::kAuthority)
        figures->authority_apd = BuildAuthorityApd(r.apd_lines);

    // Counts of the level, of each child, and each authority's projects.
    Tally total;
    std::unordered_map<std::string, Tally> child_tallies;
    struct AuthorityTally {
        AuthorityItem item;
        std::unordered_set<std::int64_t> projects;
    };
    std::unordered_map<std::int64_t, AuthorityTally> authorities;
    struct PartnerLabel {
        std::string name;
        std::string slug;
        std::string country;
    };
    std::unordered_map<std::string, PartnerLabel> partner_labels;
    struct ProjectKey {
        std::string folded_title;
        int start_year;
    };
    std::unordered_map<std::int64_t, ProjectKey> projects;
    for (const auto& e : r.edges) {
        total.Add(e);
        if (auto child = ChildKey(level.kind, e)) {
            child_tallies[*child].Add(e);
            if (e.partner_id) {
                partner_labels.try_emplace(
                    *child, PartnerLabel{e.partner_name, e.partner_slug, e.partner_country});
            }
        }
        if (e.authority_id) {
            auto [it, inserted] = authorities.try_emplace(*e.authority_id);
            if (inserted) {
                it->second.item = {
                    *e.authority_id, e.authority_name, e.authority_slug,
                    ParseAuthorityKind(e.authority_kind).value_or(AuthorityKind::kCommune), 0};
            }
            it->second.projects.insert(e.project_id);
        }
        if (!projects.contains(e.project_id)) {
            projects.emplace(e.project_id,
                             ProjectKey{text::Fold(e.project_title), e.start_year.value_or(0)});
        }
    }
    figures->counts = total.ToCounts(snapshot->top_themes);

    // French authorities by type, in the Atlas' order.
    if (level.kind != LevelKind::kAuthority) {
        figures->members_listed = figures->counts.authorities <= kMaxListedAuthorities;
        std::map<AuthorityKind, AuthorityGroup> groups;
        for (auto& [id, tally] : authorities) {
            tally.item.projects = static_cast<std::int64_t>(tally.projects.size());
            auto& group = groups[tally.item.kind];
            group.kind = tally.item.kind;
            ++group.count;
            group.members.push_back(tally.item);
        }
        for (auto& [kind, group] : groups) {
            auto& members = group.members;
            std::sort(members.begin(), members.end(),
                      [](const AuthorityItem& a, const AuthorityItem& b) {
                          return ByFoldedName(a.name, b.name);
                      });
            // The most engaged: most projects first, then by name (the sort is stable).
            group.top = members;
            std::stable_sort(group.top.begin(), group.top.end(),
                             [](const AuthorityItem& a, const AuthorityItem& b) {
                                 return a.projects > b.projects;
                             });
            if (group.top.size() > kTopAuthorities) group.top.resize(kTopAuthorities);
            if (!figures->members_listed) members.clear();
            figures->authority_groups.push_back(std::move(group));
        }
    }

    // Child levels: every continent of the world, every région of France, every département of
    // a région (with zeros); the countries and partners that have projects.
    figures->child_kind = ChildKind(level.kind);
    const auto child = [&](const std::string& key, LevelRef ref, std::string name, std::string slug,
                           std::string detail) {
        Child ch{std::move(ref), std::move(name), std::move(slug), std::move(detail), {}};
        if (auto it = child_tallies.find(key); it != child_tallies.end()) {
            ch.counts = it->second.ToCounts(snapshot->top_themes);
        }
        figures->children.push_back(std::move(ch));
    };
    switch (level.kind) {
        case LevelKind::kWorld:
            for (const auto& c : names.continents) {
                child(c.slug, {LevelKind::kContinent, c.slug}, c.name, c.slug, {});
            }
            break;
        case LevelKind::kFrance:
            // Every région and overseas département; an overseas collectivity (Polynésie
            // française, Clipperton…) only when it has projects.
            for (const auto& code : names.region_order) {
                const auto& region = names.regions.at(code);
                if (region.zone == "com" && !child_tallies.contains(code)) continue;
                child(code, {LevelKind::kRegion, region.slug}, region.name, region.slug, {});
            }
            break;
        case LevelKind::kRegion: {
            for (const auto& [code, d] : names.departments) {
                if (d.region_code != r.resolved.db_key) continue;
                child(code, {LevelKind::kDepartment, code}, d.name, d.slug, {});
            }
            std::sort(figures->children.begin(), figures->children.end(),
                      [](const Child& a, const Child& b) { return a.ref.key < b.ref.key; });
            break;
        }
        case LevelKind::kContinent:
            for (const auto& [iso2, tally] : child_tallies) {
                const auto place = CountryPlace(names, iso2);
                child(iso2, place.ref, place.name, place.slug, {});
            }
            break;
        case LevelKind::kCountry:
        case LevelKind::kAuthority:
            for (const auto& [id, tally] : child_tallies) {
                const auto& label = partner_labels[id];
                child(id, {LevelKind::kPartner, id}, label.name, label.slug,
                      CountryPlace(names, label.country).name);
            }
            break;
        case LevelKind::kPartner:
        case LevelKind::kDepartment:
            break;
    }
    if (level.kind == LevelKind::kContinent || level.kind == LevelKind::kCountry ||
        level.kind == LevelKind::kAuthority) {
        std::sort(figures->children.begin(), figures->children.end(),
                  [](const Child& a, const Child& b) { return ByFoldedName(a.name, b.name); });
    }

    auto entry = std::make_shared<LevelEntry>();
    entry->by_title.reserve(projects.size());
    for (const auto& [id, key] : projects) entry->by_title.push_back(id);
    entry->by_recent = entry->by_title;
    std::sort(entry->by_title.begin(), entry->by_title.end(), [&](std::int64_t a, std::int64_t b) {
        const auto& ka = projects.at(a);
        const auto& kb = projects.at(b);
        if (ka.folded_title != kb.folded_title) return ka.folded_title < kb.folded_title;
        return a < b;
    });
    std::sort(entry->by_recent.begin(), entry->by_recent.end(),
              [&](std::int64_t a, std::int64_t b) {
                  const auto& ka = projects.at(a);
                  const auto& kb = projects.at(b);
                  if (ka.start_year != kb.start_year) return ka.start_year > kb.start_year;
                  return a > b;
              });
    entry->figures = std::move(figures);
    return std::shared_ptr<const LevelEntry>(std::move(entry));
}

Result<ProjectPage> AtlasService::ListProjects(const LevelRef& level, const Filters& filters,
                                               const PageRequest& request) {
    if (request.page < 1) return InvalidArgument("page", "Le numéro de page doit être au moins 1.");
    if (request.per_page < 1 || request.per_page > kMaxPerPage) {
        return InvalidArgument("per_page",
                               "Le nombre de projets par page doit être compris entre 1 et " +
                                   std::to_string(kMaxPerPage) + ".");
    }
    auto entry = GetEntry(level, filters);
    if (!entry) return entry.error();
    const auto& ids =
        request.sort == ProjectSort::kTitle ? entry.value()->by_title : entry.value()->by_recent;
    ProjectPage page;
    page.total = static_cast<std::int64_t>(ids.size());
    page.page = request.page;
    page.per_page = request.per_page;
    page.sort = request.sort;
    page.pages = std::max<int>(1, static_cast<int>((ids.size() + request.per_page - 1) /
                                                   static_cast<std::size_t>(request.per_page)));
    const std::size_t first =
        static_cast<std::size_t>(request.page - 1) * static_cast<std::size_t>(request.per_page);
    if (first >= ids.size()) return page;
    const std::size_t last =
        std::min(ids.size(), first + static_cast<std::size_t>(request.per_page));
    page.items = db_.Read([&](db::Connection& c) {
        std::vector<ProjectSummary> items;
        for (std::size_t i = first; i < last; ++i) {
            if (auto summary = repository::FindProjectSummary(c, ids[i])) {
                items.push_back(std::move(*summary));
            }
        }
        return items;
    });
    return page;
}

Result<std::shared_ptr<const Project>> AtlasService::GetProject(std::int64_t id) {
    return project_cache_.Get(std::to_string(id), [&]() -> Result<std::shared_ptr<const Project>> {
        const auto snapshot = GetSnapshot();
        auto project = db_.Read([&](db::Connection& c) -> std::optional<Project> {
            auto p = repository::FindProject(c, id);
            if (!p) return std::nullopt;
            p->financing = BuildFinancing(repository::ListFinancing(c, id));
            if (!p->authorities.empty()) {
                if (auto lead = repository::FindAuthority(c, p->authorities.front().id)) {
                    p->ancestors = AuthorityAncestors(snapshot->names, *lead);
                    p->ancestors.push_back({{LevelKind::kAuthority, std::to_string(lead->id)},
                                            lead->name,
                                            lead->slug});
                }
            }
            return p;
        });
        if (!project) return NotFound("Ce projet n’existe pas dans l’Atlas.");
        return std::shared_ptr<const Project>(std::make_shared<Project>(std::move(*project)));
    });
}

}  // namespace cncd::atlas
