#include "modules/apd/apd_repository.hpp"

#include <string_view>

namespace cncd::apd::repo {
namespace {

constexpr std::string_view kFindCampaign =
    "SELECT year, opens_on, closes_on FROM apd_campaigns WHERE year = ?";
constexpr std::string_view kUpsertCampaign =
    "INSERT INTO apd_campaigns (year, opens_on, closes_on) VALUES (?, ?, ?)"
    " ON CONFLICT (year) DO UPDATE SET opens_on = excluded.opens_on,"
    " closes_on = excluded.closes_on";
constexpr std::string_view kReopenedUntil =
    "SELECT until FROM apd_reopenings WHERE year = ? AND authority_id = ?";
constexpr std::string_view kUpsertReopening =
    "INSERT INTO apd_reopenings (year, authority_id, until, reason) VALUES (?, ?, ?, ?)"
    " ON CONFLICT (year, authority_id) DO UPDATE SET until = excluded.until,"
    " reason = excluded.reason";
constexpr std::string_view kFindAuthority =
    "SELECT id, name, coalesce(siren, '') FROM authorities WHERE id = ?";
constexpr std::string_view kFindHeader =
    "SELECT d.id, d.authority_id, d.year, v.id, v.number, v.state, v.nothing_to_declare,"
    " d.validated_version_id FROM apd_declarations d"
    " JOIN apd_versions v ON v.id = d.current_version_id WHERE d.id = ?";
constexpr std::string_view kFindDeclarationId =
    "SELECT id FROM apd_declarations WHERE authority_id = ? AND year = ?";
constexpr std::string_view kLatestDeclarationBefore =
    "SELECT id FROM apd_declarations WHERE authority_id = ? AND year < ?"
    " AND current_version_id IS NOT NULL ORDER BY year DESC LIMIT 1";
constexpr std::string_view kInsertDeclaration =
    "INSERT INTO apd_declarations (authority_id, year) VALUES (?, ?)";
constexpr std::string_view kInsertVersion =
    "INSERT INTO apd_versions (declaration_id, number) VALUES (?, ?)";
constexpr std::string_view kSetCurrent =
    "UPDATE apd_declarations SET current_version_id = ?2, updated_at = CURRENT_TIMESTAMP"
    " WHERE id = ?1";
constexpr std::string_view kDeleteLines = "DELETE FROM apd_lines WHERE version_id = ?";
constexpr std::string_view kInsertLine =
    "INSERT INTO apd_lines (version_id, position, country_iso2, recipient_region, channel_code,"
    " purpose_code, expenditure_type, aid_type, amount_eur, marker_gender, marker_environment,"
    " marker_biodiversity, marker_nutrition, marker_inclusion, project_id, comment)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr std::string_view kSetNothing =
    "UPDATE apd_versions SET nothing_to_declare = ? WHERE id = ?";
constexpr std::string_view kLines =
    "SELECT coalesce(country_iso2, ''), coalesce(recipient_region, ''), channel_code,"
    " purpose_code, expenditure_type, aid_type, amount_eur, marker_gender, marker_environment,"
    " marker_biodiversity, marker_nutrition, marker_inclusion, project_id, comment"
    " FROM apd_lines WHERE version_id = ? ORDER BY position";
constexpr std::string_view kMarkSubmitted =
    "UPDATE apd_versions SET state = 'soumise', submitted_at = strftime('%Y-%m-%dT%H:%M:%SZ'),"
    " submitted_by = ? WHERE id = ? AND state = 'brouillon'";
constexpr std::string_view kMarkReviewed =
    "UPDATE apd_versions SET state = ?, reviewed_at = strftime('%Y-%m-%dT%H:%M:%SZ'),"
    " reviewed_by = ? WHERE id = ? AND state = 'soumise'";
constexpr std::string_view kPublish =
    "UPDATE apd_declarations SET validated_version_id = ?2, updated_at = CURRENT_TIMESTAMP"
    " WHERE id = ?1";
constexpr std::string_view kInsertComment =
    "INSERT INTO apd_review_comments (declaration_id, version_id, kind, author, body)"
    " VALUES (?, ?, ?, ?, ?)";
constexpr std::string_view kTouch =
    "UPDATE apd_declarations SET updated_at = CURRENT_TIMESTAMP WHERE id = ?";
constexpr std::string_view kDeclaration =
    "SELECT d.id, d.authority_id, a.name, d.year, d.current_version_id,"
    " (SELECT number FROM apd_versions WHERE id = d.validated_version_id)"
    " FROM apd_declarations d JOIN authorities a ON a.id = d.authority_id WHERE d.id = ?";
constexpr std::string_view kVersions =
    "SELECT v.id, v.number, v.state, v.nothing_to_declare, v.created_at,"
    " coalesce(v.submitted_at, ''), coalesce(v.submitted_by, ''), coalesce(v.reviewed_at, ''),"
    " coalesce(v.reviewed_by, ''),"
    " (SELECT coalesce(sum(amount_eur), 0) FROM apd_lines l WHERE l.version_id = v.id)"
    " FROM apd_versions v WHERE v.declaration_id = ? ORDER BY v.number";
constexpr std::string_view kComments =
    "SELECT c.id, v.number, c.kind, c.author, c.body, c.created_at FROM apd_review_comments c"
    " JOIN apd_versions v ON v.id = c.version_id WHERE c.declaration_id = ? ORDER BY c.id";
constexpr std::string_view kFindCountry = "SELECT name, apd_eligible FROM countries WHERE iso2 = ?";
constexpr std::string_view kAuthorityInProject =
    "SELECT count(*) FROM project_authorities WHERE authority_id = ? AND project_id = ?";
constexpr std::string_view kProjectSeeds =
    "SELECT p.id, min(pp.country_iso2),"
    " coalesce((SELECT t.dac_code FROM project_themes pt JOIN themes t ON t.id = pt.theme_id"
    "           WHERE pt.project_id = p.id ORDER BY t.sort_order LIMIT 1), ''),"
    " CASE WHEN pa.role = 'lead' THEN coalesce((SELECT sum(f.amount_eur) FROM project_financing f"
    "      WHERE f.project_id = p.id AND f.cofinancer_id IS NULL AND f.year = ?2), 0) ELSE 0 END"
    " FROM project_authorities pa JOIN projects p ON p.id = pa.project_id"
    " JOIN project_partners ppl ON ppl.project_id = p.id"
    " JOIN partners pp ON pp.id = ppl.partner_id"
    " JOIN countries c ON c.iso2 = pp.country_iso2 AND c.apd_eligible = 1"
    " WHERE pa.authority_id = ?1 AND coalesce(p.start_year, ?2) <= ?2"
    " AND coalesce(p.end_year, ?2) >= ?2"
    " GROUP BY p.id ORDER BY p.id";
constexpr std::string_view kListDeclarations =
    "SELECT d.id, d.authority_id, a.name, v.state, v.number,"
    " (SELECT coalesce(sum(amount_eur), 0) FROM apd_lines l WHERE l.version_id = v.id), d.year"
    " FROM apd_declarations d JOIN authorities a ON a.id = d.authority_id"
    " JOIN apd_versions v ON v.id = d.current_version_id WHERE d.year = ? ORDER BY a.name, d.id";
constexpr std::string_view kListForAuthority =
    "SELECT d.id, d.authority_id, a.name, v.state, v.number,"
    " (SELECT coalesce(sum(amount_eur), 0) FROM apd_lines l WHERE l.version_id = v.id), d.year"
    " FROM apd_declarations d JOIN authorities a ON a.id = d.authority_id"
    " JOIN apd_versions v ON v.id = d.current_version_id WHERE d.authority_id = ?"
    " ORDER BY d.year DESC";
constexpr std::string_view kCampaigns =
    "SELECT year, opens_on, closes_on FROM apd_campaigns ORDER BY year DESC";
constexpr std::string_view kAuthorityOfDeclaration =
    "SELECT authority_id FROM apd_declarations WHERE id = ?";
constexpr std::string_view kHasDeclared =
    "SELECT count(*) FROM apd_declarations d JOIN apd_versions v ON v.id = d.current_version_id"
    " WHERE d.authority_id = ? AND d.year = ?"
    " AND (d.validated_version_id IS NOT NULL OR v.state = 'soumise')";

constexpr std::string_view kNotDeclared =
    "SELECT a.id, a.name, a.kind, coalesce(a.region_code, ''), coalesce(r.name, ''),"
    " coalesce(a.department_code, ''), coalesce(dp.name, ''), coalesce(v.state, '')"
    " FROM authorities a"
    " LEFT JOIN regions r ON r.code = a.region_code"
    " LEFT JOIN departments dp ON dp.code = a.department_code"
    " LEFT JOIN apd_declarations d ON d.authority_id = a.id AND d.year = ?1"
    " LEFT JOIN apd_versions v ON v.id = d.current_version_id"
    " WHERE EXISTS (SELECT 1 FROM project_authorities pa JOIN projects p ON p.id = pa.project_id"
    "   JOIN project_partners pp ON pp.project_id = p.id JOIN partners pt ON pt.id = pp.partner_id"
    "   JOIN countries c ON c.iso2 = pt.country_iso2 AND c.apd_eligible = 1"
    "   WHERE pa.authority_id = a.id AND coalesce(p.start_year, ?1) <= ?1"
    "   AND coalesce(p.end_year, ?1) >= ?1)"
    " AND (d.id IS NULL OR (d.validated_version_id IS NULL AND v.state <> 'soumise'))"
    " AND (?2 = '' OR a.kind = ?2) AND (?3 = '' OR a.region_code = ?3)"
    " AND (?4 = '' OR a.department_code = ?4)"
    " ORDER BY r.name, dp.name, a.name, a.id";

db::Value TextOrNull(const std::string& s) { return s.empty() ? db::Value(nullptr) : db::Value(s); }

State StateOf(const std::string& code) { return ParseState(code).value_or(State::kDraft); }

}  // namespace

std::optional<Campaign> FindCampaign(db::Connection& c, int year) {
    return c.FindOne<Campaign>(kFindCampaign, {std::int64_t{year}}, [](const db::Row& r) {
        return Campaign{static_cast<int>(r.Int(0)), r.Text(1), r.Text(2)};
    });
}

void UpsertCampaign(db::Connection& c, const Campaign& k) {
    c.Execute(kUpsertCampaign, {std::int64_t{k.year}, k.opens_on, k.closes_on});
}

std::optional<std::string> ReopenedUntil(db::Connection& c, int year, std::int64_t authority_id) {
    return c.FindOne<std::string>(kReopenedUntil, {std::int64_t{year}, authority_id},
                                  [](const db::Row& r) { return r.Text(0); });
}

void UpsertReopening(db::Connection& c, int year, std::int64_t authority_id,
                     const std::string& until, const std::string& reason) {
    c.Execute(kUpsertReopening, {std::int64_t{year}, authority_id, until, reason});
}

std::optional<AuthorityRef> FindAuthority(db::Connection& c, std::int64_t id) {
    return c.FindOne<AuthorityRef>(kFindAuthority, {id}, [](const db::Row& r) {
        return AuthorityRef{r.Int(0), r.Text(1), r.Text(2)};
    });
}

std::optional<Header> FindHeader(db::Connection& c, std::int64_t declaration_id) {
    return c.FindOne<Header>(kFindHeader, {declaration_id}, [](const db::Row& r) {
        return Header{r.Int(0),
                      r.Int(1),
                      static_cast<int>(r.Int(2)),
                      r.Int(3),
                      static_cast<int>(r.Int(4)),
                      StateOf(r.Text(5)),
                      r.Int(6) != 0,
                      r.OptionalInt(7)};
    });
}

std::optional<std::int64_t> FindDeclarationId(db::Connection& c, std::int64_t authority_id,
                                              int year) {
    return c.FindOne<std::int64_t>(kFindDeclarationId, {authority_id, std::int64_t{year}},
                                   [](const db::Row& r) { return r.Int(0); });
}

std::optional<std::int64_t> LatestDeclarationBefore(db::Connection& c, std::int64_t authority_id,
                                                    int year) {
    return c.FindOne<std::int64_t>(kLatestDeclarationBefore, {authority_id, std::int64_t{year}},
                                   [](const db::Row& r) { return r.Int(0); });
}

std::int64_t InsertDeclaration(db::Connection& c, std::int64_t authority_id, int year) {
    c.Execute(kInsertDeclaration, {authority_id, std::int64_t{year}});
    const std::int64_t id = c.LastInsertId();
    InsertVersion(c, id, 1);
    return id;
}

std::int64_t InsertVersion(db::Connection& c, std::int64_t declaration_id, int number) {
    c.Execute(kInsertVersion, {declaration_id, std::int64_t{number}});
    const std::int64_t version = c.LastInsertId();
    c.Execute(kSetCurrent, {declaration_id, version});
    return version;
}

void ReplaceLines(db::Connection& c, std::int64_t version_id, const std::vector<Line>& lines) {
    c.Execute(kDeleteLines, {version_id});
    std::int64_t position = 0;
    for (const auto& l : lines) {
        c.Execute(kInsertLine, {version_id, ++position, TextOrNull(l.country_iso2),
                                TextOrNull(l.recipient_region), l.channel_code, l.purpose_code,
                                l.expenditure_type, l.aid_type, l.amount_eur,
                                std::int64_t{l.markers[0]}, std::int64_t{l.markers[1]},
                                std::int64_t{l.markers[2]}, std::int64_t{l.markers[3]},
                                std::int64_t{l.markers[4]}, db::Nullable(l.project_id), l.comment});
    }
}

void SetNothingToDeclare(db::Connection& c, std::int64_t version_id, bool nothing) {
    c.Execute(kSetNothing, {std::int64_t{nothing ? 1 : 0}, version_id});
}

std::vector<Line> Lines(db::Connection& c, std::int64_t version_id) {
    return c.QueryAll<Line>(kLines, {version_id}, [](const db::Row& r) {
        Line l;
        l.country_iso2 = r.Text(0);
        l.recipient_region = r.Text(1);
        l.channel_code = r.Text(2);
        l.purpose_code = r.Text(3);
        l.expenditure_type = r.Text(4);
        l.aid_type = r.Text(5);
        l.amount_eur = r.Int(6);
        for (int m = 0; m < 5; ++m)
            l.markers[static_cast<std::size_t>(m)] = static_cast<int>(r.Int(7 + m));
        l.project_id = r.OptionalInt(12);
        l.comment = r.Text(13);
        return l;
    });
}

void MarkSubmitted(db::Connection& c, std::int64_t version_id, const std::string& by) {
    c.Execute(kMarkSubmitted, {by, version_id});
}

void MarkReviewed(db::Connection& c, std::int64_t version_id, State state, const std::string& by) {
    c.Execute(kMarkReviewed, {std::string(StateCode(state)), by, version_id});
}

void Publish(db::Connection& c, std::int64_t declaration_id, std::int64_t version_id) {
    c.Execute(kPublish, {declaration_id, version_id});
}

void InsertComment(db::Connection& c, std::int64_t declaration_id, std::int64_t version_id,
                   const std::string& kind, const std::string& author, const std::string& body) {
    c.Execute(kInsertComment, {declaration_id, version_id, kind, author, body});
}

void Touch(db::Connection& c, std::int64_t declaration_id) { c.Execute(kTouch, {declaration_id}); }

std::optional<Declaration> LoadDeclaration(db::Connection& c, std::int64_t declaration_id) {
    std::int64_t current_id = 0;
    auto d = c.FindOne<Declaration>(kDeclaration, {declaration_id}, [&](const db::Row& r) {
        Declaration out;
        out.id = r.Int(0);
        out.authority_id = r.Int(1);
        out.authority_name = r.Text(2);
        out.year = static_cast<int>(r.Int(3));
        current_id = r.Int(4);
        if (!r.IsNull(5)) out.validated_number = static_cast<int>(r.Int(5));
        return out;
    });
    if (!d) return d;
    d->versions = c.QueryAll<Version>(kVersions, {declaration_id}, [](const db::Row& r) {
        return Version{r.Int(0),           static_cast<int>(r.Int(1)),
                       StateOf(r.Text(2)), r.Int(3) != 0,
                       r.Text(4),          r.Text(5),
                       r.Text(6),          r.Text(7),
                       r.Text(8),          r.Int(9)};
    });
    for (const auto& v : d->versions) {
        if (v.id == current_id) d->current = v;
    }
    d->lines = Lines(c, current_id);
    d->comments = c.QueryAll<ReviewComment>(kComments, {declaration_id}, [](const db::Row& r) {
        return ReviewComment{r.Int(0), static_cast<int>(r.Int(1)), r.Text(2), r.Text(3), r.Text(4),
                             r.Text(5)};
    });
    return d;
}

std::optional<CountryRef> FindCountry(db::Connection& c, const std::string& iso2) {
    return c.FindOne<CountryRef>(kFindCountry, {iso2}, [](const db::Row& r) {
        return CountryRef{r.Text(0), r.Int(1) != 0};
    });
}

bool AuthorityInProject(db::Connection& c, std::int64_t authority_id, std::int64_t project_id) {
    return c.QueryInt(kAuthorityInProject, {authority_id, project_id}) > 0;
}

std::vector<ProjectSeed> ProjectSeeds(db::Connection& c, std::int64_t authority_id, int year) {
    return c.QueryAll<ProjectSeed>(kProjectSeeds, {authority_id, std::int64_t{year}},
                                   [](const db::Row& r) {
                                       return ProjectSeed{r.Int(0), r.Text(1), r.Text(2), r.Int(3)};
                                   });
}

namespace {
Summary SummaryOf(const db::Row& r) {
    return Summary{r.Int(0),
                   r.Int(1),
                   r.Text(2),
                   StateOf(r.Text(3)),
                   static_cast<int>(r.Int(4)),
                   r.Int(5),
                   static_cast<int>(r.Int(6))};
}
}  // namespace

std::vector<Summary> ListDeclarations(db::Connection& c, int year) {
    return c.QueryAll<Summary>(kListDeclarations, {std::int64_t{year}}, SummaryOf);
}

std::vector<Summary> ListForAuthority(db::Connection& c, std::int64_t authority_id) {
    return c.QueryAll<Summary>(kListForAuthority, {authority_id}, SummaryOf);
}

std::vector<Campaign> Campaigns(db::Connection& c) {
    return c.QueryAll<Campaign>(kCampaigns, {}, [](const db::Row& r) {
        return Campaign{static_cast<int>(r.Int(0)), r.Text(1), r.Text(2)};
    });
}

std::optional<std::int64_t> AuthorityOfDeclaration(db::Connection& c, std::int64_t declaration_id) {
    return c.FindOne<std::int64_t>(kAuthorityOfDeclaration, {declaration_id},
                                   [](const db::Row& r) { return r.Int(0); });
}

std::vector<Missing> NotDeclared(db::Connection& c, int year, const std::string& kind,
                                 const std::string& region_code,
                                 const std::string& department_code) {
    return c.QueryAll<Missing>(kNotDeclared,
                               {std::int64_t{year}, kind, region_code, department_code},
                               [](const db::Row& r) {
                                   return Missing{r.Int(0),  r.Text(1), r.Text(2), r.Text(3),
                                                  r.Text(4), r.Text(5), r.Text(6), r.Text(7)};
                               });
}

bool HasDeclared(db::Connection& c, std::int64_t authority_id, int year) {
    return c.QueryInt(kHasDeclared, {authority_id, std::int64_t{year}}) > 0;
}

}  // namespace cncd::apd::repo
