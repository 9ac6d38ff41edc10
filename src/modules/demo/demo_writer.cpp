#include "modules/demo/demo_writer.hpp"

#include <algorithm>
#include <map>
#include <string_view>

#include "modules/demo/apd.hpp"

namespace cncd::demo {
namespace {

constexpr std::string_view kInsertTheme =
    "INSERT INTO themes (id, parent_id, slug, name, dac_code, sort_order) VALUES (?, ?, ?, ?, ?, "
    "?)";
constexpr std::string_view kInsertCofinancer =
    "INSERT INTO cofinancers (id, slug, name, kind) VALUES (?, ?, ?, ?)";
constexpr std::string_view kInsertAuthority =
    "INSERT INTO authorities (id, kind, name, slug, siren, insee, region_code, department_code,"
    " population, lat, lon, location_precision, website, updated_at)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr std::string_view kInsertAuthorityContact =
    "INSERT INTO authority_contacts (authority_id, role, first_name, last_name, title, email)"
    " VALUES (?, ?, ?, ?, ?, ?)";
constexpr std::string_view kInsertPartner =
    "INSERT INTO partners (id, name, slug, country_iso2, level, geonames_id, population, lat, lon,"
    " location_precision) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr std::string_view kInsertProject =
    "INSERT INTO projects (id, slug, title, kind, status, objectives, description, history,"
    " context, start_year, end_year, convention_date, created_at, updated_at)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr std::string_view kInsertProjectAuthority =
    "INSERT INTO project_authorities (project_id, authority_id, role) VALUES (?, ?, ?)";
constexpr std::string_view kInsertProjectPartner =
    "INSERT INTO project_partners (project_id, partner_id) VALUES (?, ?)";
constexpr std::string_view kInsertProjectTheme =
    "INSERT INTO project_themes (project_id, theme_id) VALUES (?, ?)";
constexpr std::string_view kInsertFinancing =
    "INSERT INTO project_financing (project_id, cofinancer_id, year, amount_eur) VALUES (?, ?, ?, "
    "?)";
constexpr std::string_view kInsertOtherPartner =
    "INSERT INTO project_other_partners (project_id, kind, name, side) VALUES (?, ?, ?, ?)";
constexpr std::string_view kInsertProjectContact =
    "INSERT INTO project_contacts (project_id, name, title, email) VALUES (?, ?, ?, ?)";
constexpr std::string_view kInsertVolunteers =
    "INSERT INTO project_volunteers (project_id, programme, count, year) VALUES (?, ?, ?, ?)";
constexpr std::string_view kInsertApdCampaign =
    "INSERT OR IGNORE INTO apd_campaigns (year, opens_on, closes_on, created_at)"
    " VALUES (?1, (?1 + 1) || '-04-15', (?1 + 1) || '-05-31', (?1 + 1) || '-03-01 09:00:00')";
constexpr std::string_view kInsertApdDeclaration =
    "INSERT INTO apd_declarations (authority_id, year, created_at, updated_at)"
    " VALUES (?1, ?2, (?2 + 1) || '-04-20 10:00:00', (?2 + 1) || '-06-15 10:00:00')";
constexpr std::string_view kInsertApdVersion =
    "INSERT INTO apd_versions (declaration_id, number, state, created_at, submitted_at,"
    " submitted_by, reviewed_at, reviewed_by) VALUES (?1, 1, 'validee',"
    " (?2 + 1) || '-04-20 10:00:00', (?2 + 1) || '-05-20 10:00:00', ?3,"
    " (?2 + 1) || '-06-15 10:00:00', 'Ministère de l''Europe et des Affaires étrangères')";
constexpr std::string_view kPublishApdVersion =
    "UPDATE apd_declarations SET current_version_id = ?2, validated_version_id = ?2 WHERE id = ?1";
constexpr std::string_view kInsertApdLine =
    "INSERT INTO apd_lines (version_id, position, country_iso2, channel_code, purpose_code,"
    " expenditure_type, aid_type, amount_eur, marker_gender, marker_environment, project_id)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

db::Value Text(const std::string& s) { return s.empty() ? db::Value(nullptr) : db::Value(s); }

db::Value Int(std::int64_t v) { return db::Value(v); }

template <typename T>
db::Value Optional(const std::optional<T>& v) {
    return db::Nullable(v);
}

void WriteProject(db::Connection& c, const Project& p) {
    c.Execute(kInsertProject,
              {Int(p.id), p.slug, p.title, std::string(KindCode(p.kind)), p.status, p.objectives,
               p.description, p.history, p.context, Int(p.start_year), Optional(p.end_year),
               Optional(p.convention_date), p.created_at, p.updated_at});
    for (std::size_t i = 0; i < p.authority_ids.size(); ++i) {
        c.Execute(kInsertProjectAuthority,
                  {Int(p.id), Int(p.authority_ids[i]), std::string(i == 0 ? "lead" : "associate")});
    }
    for (const int partner : p.partner_ids)
        c.Execute(kInsertProjectPartner, {Int(p.id), Int(partner)});
    for (const int theme : p.theme_ids) c.Execute(kInsertProjectTheme, {Int(p.id), Int(theme)});
    for (const auto& f : p.financing) {
        c.Execute(kInsertFinancing,
                  {Int(p.id), Optional(f.cofinancer_id), Int(f.year), Int(f.amount)});
    }
    for (const auto& o : p.other_partners) {
        c.Execute(kInsertOtherPartner, {Int(p.id), o.kind, o.name, o.side});
    }
    for (const auto& contact : p.contacts) {
        c.Execute(kInsertProjectContact, {Int(p.id), contact.name, contact.title, contact.email});
    }
    for (const auto& v : p.volunteers) {
        c.Execute(kInsertVolunteers, {Int(p.id), v.programme, Int(v.count), Int(v.year)});
    }
}

// The APD as validated declarations: the Atlas reads it through the apd_amounts view.
void WriteApdDeclarations(db::Connection& c, const DemoAtlas& atlas) {
    std::map<int, const Authority*> authority;
    for (const auto& a : atlas.authorities) authority[a.id] = &a;
    for (const auto& d : DeclareApd(atlas.apd, atlas.projects, atlas.themes)) {
        c.Execute(kInsertApdCampaign, {Int(d.year)});
        c.Execute(kInsertApdDeclaration, {Int(d.authority_id), Int(d.year)});
        const std::int64_t declaration = c.LastInsertId();
        c.Execute(kInsertApdVersion,
                  {Int(declaration), Int(d.year), authority.at(d.authority_id)->name});
        const std::int64_t version = c.LastInsertId();
        c.Execute(kPublishApdVersion, {Int(declaration), Int(version)});
        std::int64_t position = 0;
        for (const auto& l : d.lines) {
            c.Execute(kInsertApdLine,
                      {Int(version), Int(++position), l.country_iso2, l.channel_code,
                       l.purpose_code, l.expenditure_type, l.aid_type, Int(l.amount),
                       Int(l.marker_gender), Int(l.marker_environment), Optional(l.project_id)});
        }
    }
}

}  // namespace

void WriteDemoAtlas(db::Connection& c, const DemoAtlas& atlas) {
    for (const auto& t : atlas.themes) {
        c.Execute(kInsertTheme, {Int(t.id), Optional(t.parent_id), t.slug, t.name, t.dac_code,
                                 Int(t.sort_order)});
    }
    for (const auto& f : atlas.cofinancers) {
        c.Execute(kInsertCofinancer, {Int(f.id), f.slug, f.name, f.kind});
    }
    // An authority's record was last updated with its latest project.
    std::map<int, std::string> updated;
    for (const auto& p : atlas.projects) {
        for (const int id : p.authority_ids) {
            auto& latest = updated[id];
            latest = std::max(latest, p.updated_at);
        }
    }
    for (const auto& a : atlas.authorities) {
        c.Execute(
            kInsertAuthority,
            {Int(a.id), std::string(KindCode(a.kind)), a.name, a.slug, Optional(a.siren),
             Optional(a.insee), Text(a.region_code), Optional(a.department_code), Int(a.population),
             Optional(a.lat), Optional(a.lon), a.precision, Optional(a.website), updated[a.id]});
    }
    for (const auto& k : atlas.authority_contacts) {
        c.Execute(kInsertAuthorityContact,
                  {Int(k.authority_id), k.role, k.first_name, k.last_name, k.title, k.email});
    }
    for (const auto& p : atlas.partners) {
        c.Execute(kInsertPartner,
                  {Int(p.id), p.name, p.slug, p.country_iso2, p.level, Optional(p.geonames_id),
                   Optional(p.population), Optional(p.lat), Optional(p.lon), p.precision});
    }
    for (const auto& p : atlas.projects) WriteProject(c, p);
    WriteApdDeclarations(c, atlas);
}

}  // namespace cncd::demo
