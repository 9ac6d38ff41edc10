#include "modules/accounts/account_repository.hpp"

#include "core/text.hpp"

namespace cncd::accounts::repo {

namespace {

// Organisations.
#define ORGANISATION_COLUMNS                                                                      \
    "o.id, o.kind, o.name, o.authority_id, COALESCE(a.siren, ''), COALESCE(o.country_iso2, ''), " \
    "COALESCE(o.region_code, ''), o.status, o.merged_into_id, o.created_at, "                     \
    "(SELECT COUNT(*) FROM users u WHERE u.organisation_id = o.id AND u.status = 'active'), "     \
    "(SELECT COUNT(*) FROM users u WHERE u.organisation_id = o.id AND u.status = 'pending') "     \
    "FROM organisations o LEFT JOIN authorities a ON a.id = o.authority_id"

constexpr std::string_view kInsertOrganisation =
    "INSERT INTO organisations (kind, name, search_name, authority_id, country_iso2, region_code, "
    "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)";
constexpr std::string_view kInsertHeldAuthority =
    "INSERT INTO organisation_authorities (authority_id, organisation_id) VALUES (?, ?)";
constexpr std::string_view kFindOrganisation = "SELECT " ORGANISATION_COLUMNS " WHERE o.id = ?";
constexpr std::string_view kFindOrganisationByAuthority =
    "SELECT " ORGANISATION_COLUMNS
    " WHERE o.id = (SELECT organisation_id FROM organisation_authorities WHERE authority_id = ?)";
constexpr std::string_view kListOrganisations =
    "SELECT " ORGANISATION_COLUMNS
    " WHERE o.status = 'active' AND (? = '' OR o.kind = ?) AND o.search_name LIKE ? ESCAPE '\\' "
    "ORDER BY o.search_name LIMIT ?";
constexpr std::string_view kMoveUsers =
    "UPDATE users SET organisation_id = ? WHERE organisation_id = ?";
constexpr std::string_view kMoveAuthorities =
    "UPDATE organisation_authorities SET organisation_id = ? WHERE organisation_id = ?";
constexpr std::string_view kMarkMerged =
    "UPDATE organisations SET status = 'merged', merged_into_id = ?, authority_id = NULL "
    "WHERE id = ?";
constexpr std::string_view kHeldAuthorities =
    "SELECT authority_id FROM organisation_authorities WHERE organisation_id = ? "
    "ORDER BY authority_id";

// Authorities.
constexpr std::string_view kListAuthorities =
    "SELECT id, name, COALESCE(siren, ''), kind, COALESCE(department_code, '') FROM authorities "
    "ORDER BY name";
constexpr std::string_view kFindAuthority =
    "SELECT id, name, COALESCE(siren, ''), kind, COALESCE(department_code, '') FROM authorities "
    "WHERE id = ?";
constexpr std::string_view kFindAuthorityBySiren =
    "SELECT id, name, COALESCE(siren, ''), kind, COALESCE(department_code, '') FROM authorities "
    "WHERE siren = ?";
constexpr std::string_view kFindAuthorityByInsee =
    "SELECT id FROM authorities WHERE kind = ? AND insee = ? ORDER BY id LIMIT 1";
constexpr std::string_view kCountryExists = "SELECT COUNT(*) FROM countries WHERE iso2 = ?";
constexpr std::string_view kRegionExists = "SELECT COUNT(*) FROM regions WHERE code = ?";

// Users.
#define USER_COLUMNS                                                                            \
    "u.id, u.organisation_id, o.name, o.kind, u.email, u.name, u.job_title, u.role, u.status, " \
    "u.totp_enabled, u.password_hash IS NOT NULL, u.created_at FROM users u "                   \
    "JOIN organisations o ON o.id = u.organisation_id"

constexpr std::string_view kInsertUser =
    "INSERT INTO users (organisation_id, email, name, job_title, password_hash, role, status, "
    "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
constexpr std::string_view kFindUser = "SELECT " USER_COLUMNS " WHERE u.id = ?";
constexpr std::string_view kFindUserByEmail = "SELECT " USER_COLUMNS " WHERE u.email = ?";
constexpr std::string_view kPasswordHash =
    "SELECT COALESCE(password_hash, '') FROM users WHERE id = ?";
constexpr std::string_view kListUsers =
    "SELECT " USER_COLUMNS
    " WHERE (? IS NULL OR u.organisation_id = ?) AND (? = '' OR u.status = ?) "
    "AND (lower(u.email) LIKE ? ESCAPE '\\' OR lower(u.name) LIKE ? ESCAPE '\\') "
    "ORDER BY u.status = 'pending' DESC, u.created_at DESC LIMIT ?";
constexpr std::string_view kOrganisationAdmins =
    "SELECT " USER_COLUMNS
    " WHERE u.organisation_id = ? AND u.status = 'active' AND u.role IN ('org_admin', "
    "'ministry_admin') ORDER BY u.id";
constexpr std::string_view kMinistryAdmins =
    "SELECT " USER_COLUMNS " WHERE u.status = 'active' AND u.role = 'ministry_admin' ORDER BY u.id";
constexpr std::string_view kSetStatus =
    "UPDATE users SET status = ?, approved_by = COALESCE(?, approved_by), "
    "approved_at = CASE WHEN ? IS NULL THEN approved_at ELSE ? END WHERE id = ?";
constexpr std::string_view kSetRole = "UPDATE users SET role = ? WHERE id = ?";
constexpr std::string_view kSetPassword = "UPDATE users SET password_hash = ? WHERE id = ?";
constexpr std::string_view kGetTotp =
    "SELECT COALESCE(totp_secret, ''), totp_enabled, totp_last_step FROM users WHERE id = ?";
constexpr std::string_view kSetTotp =
    "UPDATE users SET totp_secret = ?, totp_enabled = ?, totp_last_step = 0 WHERE id = ?";
constexpr std::string_view kSetTotpLastStep = "UPDATE users SET totp_last_step = ? WHERE id = ?";

// Sessions.
constexpr std::string_view kInsertSession =
    "INSERT INTO sessions (token_hash, user_id, state, created_at, last_seen_at, expires_at, ip, "
    "user_agent) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
constexpr std::string_view kFindSession =
    "SELECT id, user_id, state, created_at, last_seen_at, expires_at FROM sessions "
    "WHERE token_hash = ?";
constexpr std::string_view kTouchSession = "UPDATE sessions SET last_seen_at = ? WHERE id = ?";
constexpr std::string_view kDeleteSession = "DELETE FROM sessions WHERE id = ?";
constexpr std::string_view kDeleteUserSessions = "DELETE FROM sessions WHERE user_id = ?";
constexpr std::string_view kDeleteUserSession = "DELETE FROM sessions WHERE user_id = ? AND id = ?";
constexpr std::string_view kListSessions =
    "SELECT id, created_at, last_seen_at, ip, user_agent FROM sessions WHERE user_id = ? "
    "AND state = 'active' AND expires_at > ? AND last_seen_at > ? ORDER BY last_seen_at DESC";
constexpr std::string_view kDeleteExpiredSessions =
    "DELETE FROM sessions WHERE expires_at <= ? OR last_seen_at <= ?";

// Links.
constexpr std::string_view kInsertLink =
    "INSERT INTO account_links (token_hash, kind, user_id, created_at, expires_at) "
    "VALUES (?, ?, ?, ?, ?)";
constexpr std::string_view kFindLink =
    "SELECT user_id, expires_at, used_at IS NOT NULL FROM account_links "
    "WHERE token_hash = ? AND kind = ?";
constexpr std::string_view kUseLink =
    "UPDATE account_links SET used_at = ? WHERE token_hash = ? AND used_at IS NULL";
constexpr std::string_view kExpireUserLinks =
    "UPDATE account_links SET used_at = ? WHERE user_id = ? AND kind = ? AND used_at IS NULL";

// API tokens.
constexpr std::string_view kInsertApiToken =
    "INSERT INTO api_tokens (user_id, name, token_hash, prefix, created_at) VALUES (?, ?, ?, ?, ?)";
constexpr std::string_view kFindApiToken =
    "SELECT user_id, id FROM api_tokens WHERE token_hash = ? AND revoked_at IS NULL";
constexpr std::string_view kTouchApiToken = "UPDATE api_tokens SET last_used_at = ? WHERE id = ?";
constexpr std::string_view kListApiTokens =
    "SELECT id, name, prefix, created_at, last_used_at FROM api_tokens WHERE user_id = ? "
    "AND revoked_at IS NULL ORDER BY created_at DESC, id DESC";
constexpr std::string_view kRevokeApiToken =
    "UPDATE api_tokens SET revoked_at = ? WHERE user_id = ? AND id = ? AND revoked_at IS NULL";

// Failures.
constexpr std::string_view kInsertFailure = "INSERT INTO login_failures (key, at) VALUES (?, ?)";
constexpr std::string_view kCountFailures =
    "SELECT COUNT(*) FROM login_failures WHERE key = ? AND at > ?";
constexpr std::string_view kClearFailures = "DELETE FROM login_failures WHERE key = ?";
constexpr std::string_view kDeleteFailuresBefore = "DELETE FROM login_failures WHERE at <= ?";

// Keys.
constexpr std::string_view kInsertKey =
    "INSERT INTO server_keys (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING";
constexpr std::string_view kGetKey = "SELECT value FROM server_keys WHERE name = ?";

/// '%' + `text` with LIKE's wildcards escaped + '%'.
std::string Contains(const std::string& text) {
    std::string out = "%";
    for (const char c : text) {
        if (c == '%' || c == '_' || c == '\\') out.push_back('\\');
        out.push_back(c);
    }
    out.push_back('%');
    return out;
}

Organisation MapOrganisation(const db::Row& row) {
    Organisation o;
    o.id = row.Int(0);
    o.kind = ParseOrganisationKind(row.Text(1)).value_or(OrganisationKind::kAuthority);
    o.name = row.Text(2);
    o.authority_id = row.OptionalInt(3);
    o.siren = row.Text(4);
    o.country_iso2 = row.Text(5);
    o.region_code = row.Text(6);
    o.merged = row.Text(7) == "merged";
    o.merged_into_id = row.OptionalInt(8);
    o.created_at = row.Int(9);
    o.active_users = static_cast<int>(row.Int(10));
    o.pending_users = static_cast<int>(row.Int(11));
    return o;
}

User MapUser(const db::Row& row) {
    User u;
    u.id = row.Int(0);
    u.organisation_id = row.Int(1);
    u.organisation_name = row.Text(2);
    u.organisation_kind = ParseOrganisationKind(row.Text(3)).value_or(OrganisationKind::kAuthority);
    u.email = row.Text(4);
    u.name = row.Text(5);
    u.job_title = row.Text(6);
    u.role = ParseRole(row.Text(7)).value_or(Role::kMember);
    u.status = ParseUserStatus(row.Text(8)).value_or(UserStatus::kDisabled);
    u.totp_enabled = row.Int(9) != 0;
    u.has_password = row.Int(10) != 0;
    u.created_at = row.Int(11);
    return u;
}

db::Value TextOrNull(const std::string& text) {
    if (text.empty()) return nullptr;
    return text;
}

}  // namespace

std::int64_t InsertOrganisation(db::Connection& c, const NewOrganisation& o, std::int64_t now) {
    c.Execute(kInsertOrganisation, {std::string(ToString(o.kind)), o.name, text::Slugify(o.name),
                                    db::Nullable(o.authority_id), TextOrNull(o.country_iso2),
                                    TextOrNull(o.region_code), now});
    const auto id = c.LastInsertId();
    if (o.authority_id) c.Execute(kInsertHeldAuthority, {*o.authority_id, id});
    return id;
}

std::optional<Organisation> FindOrganisation(db::Connection& c, std::int64_t id) {
    return c.FindOne<Organisation>(kFindOrganisation, {id}, MapOrganisation);
}

std::optional<Organisation> FindOrganisationByAuthority(db::Connection& c,
                                                        std::int64_t authority_id) {
    return c.FindOne<Organisation>(kFindOrganisationByAuthority, {authority_id}, MapOrganisation);
}

std::vector<Organisation> ListOrganisations(db::Connection& c, std::optional<OrganisationKind> kind,
                                            const std::string& folded_query, int limit) {
    const std::string k = kind ? std::string(ToString(*kind)) : std::string();
    return c.QueryAll<Organisation>(
        kListOrganisations, {k, k, Contains(folded_query), std::int64_t{limit}}, MapOrganisation);
}

void MergeOrganisationRows(db::Connection& c, std::int64_t from, std::int64_t into) {
    c.Execute(kMoveUsers, {into, from});
    c.Execute(kMoveAuthorities, {into, from});
    c.Execute(kMarkMerged, {into, from});
}

std::vector<std::int64_t> HeldAuthorities(db::Connection& c, std::int64_t organisation_id) {
    return c.QueryAll<std::int64_t>(kHeldAuthorities, {organisation_id},
                                    [](const db::Row& row) { return row.Int(0); });
}

std::vector<AuthorityRow> ListAuthorities(db::Connection& c) {
    return c.QueryAll<AuthorityRow>(kListAuthorities, {}, [](const db::Row& row) {
        return AuthorityRow{row.Int(0), row.Text(1), row.Text(2), row.Text(3), row.Text(4)};
    });
}

std::optional<AuthorityRow> FindAuthority(db::Connection& c, std::int64_t id) {
    return c.FindOne<AuthorityRow>(kFindAuthority, {id}, [](const db::Row& row) {
        return AuthorityRow{row.Int(0), row.Text(1), row.Text(2), row.Text(3), row.Text(4)};
    });
}

std::optional<AuthorityRow> FindAuthorityBySiren(db::Connection& c, const std::string& siren) {
    if (siren.empty()) return std::nullopt;
    return c.FindOne<AuthorityRow>(kFindAuthorityBySiren, {siren}, [](const db::Row& row) {
        return AuthorityRow{row.Int(0), row.Text(1), row.Text(2), row.Text(3), row.Text(4)};
    });
}

std::optional<std::int64_t> FindAuthorityByInsee(db::Connection& c, const std::string& kind,
                                                 const std::string& insee) {
    return c.FindOne<std::int64_t>(kFindAuthorityByInsee, {kind, insee},
                                   [](const db::Row& row) { return row.Int(0); });
}

bool CountryExists(db::Connection& c, const std::string& iso2) {
    return c.QueryInt(kCountryExists, {iso2}) > 0;
}

bool RegionExists(db::Connection& c, const std::string& code) {
    return c.QueryInt(kRegionExists, {code}) > 0;
}

std::int64_t InsertUser(db::Connection& c, const NewUser& u, std::int64_t now) {
    c.Execute(kInsertUser,
              {u.organisation_id, u.email, u.name, u.job_title, db::Nullable(u.password_hash),
               std::string(ToString(u.role)), std::string(ToString(u.status)), now});
    return c.LastInsertId();
}

std::optional<User> FindUser(db::Connection& c, std::int64_t id) {
    return c.FindOne<User>(kFindUser, {id}, MapUser);
}

std::optional<User> FindUserByEmail(db::Connection& c, const std::string& email) {
    return c.FindOne<User>(kFindUserByEmail, {email}, MapUser);
}

std::string PasswordHash(db::Connection& c, std::int64_t user_id) {
    std::string out;
    c.Query(kPasswordHash, {user_id}, [&](const db::Row& row) { out = row.Text(0); });
    return out;
}

std::vector<User> ListUsers(db::Connection& c, const UserFilter& filter) {
    const std::string status = filter.status ? std::string(ToString(*filter.status)) : "";
    const auto like = Contains(filter.folded_query);
    return c.QueryAll<User>(
        kListUsers,
        {db::Nullable(filter.organisation_id), db::Nullable(filter.organisation_id), status, status,
         like, like, std::int64_t{filter.limit}},
        MapUser);
}

std::vector<User> OrganisationAdmins(db::Connection& c, std::int64_t organisation_id) {
    return c.QueryAll<User>(kOrganisationAdmins, {organisation_id}, MapUser);
}

std::vector<User> MinistryAdmins(db::Connection& c) {
    return c.QueryAll<User>(kMinistryAdmins, {}, MapUser);
}

void SetUserStatus(db::Connection& c, std::int64_t id, UserStatus status,
                   std::optional<std::int64_t> approved_by, std::int64_t now) {
    const std::optional<std::int64_t> at = approved_by ? std::optional(now) : std::nullopt;
    c.Execute(kSetStatus, {std::string(ToString(status)), db::Nullable(approved_by),
                           db::Nullable(at), db::Nullable(at), id});
}

void SetUserRole(db::Connection& c, std::int64_t id, Role role) {
    c.Execute(kSetRole, {std::string(ToString(role)), id});
}

void SetPassword(db::Connection& c, std::int64_t id, const std::string& hash) {
    c.Execute(kSetPassword, {hash, id});
}

TotpState GetTotp(db::Connection& c, std::int64_t user_id) {
    TotpState out;
    c.Query(kGetTotp, {user_id}, [&](const db::Row& row) {
        out = TotpState{row.Text(0), row.Int(1) != 0, row.Int(2)};
    });
    return out;
}

void SetTotp(db::Connection& c, std::int64_t user_id, const std::optional<std::string>& secret,
             bool enabled) {
    c.Execute(kSetTotp, {db::Nullable(secret), std::int64_t{enabled ? 1 : 0}, user_id});
}

void SetTotpLastStep(db::Connection& c, std::int64_t user_id, std::int64_t step) {
    c.Execute(kSetTotpLastStep, {step, user_id});
}

std::int64_t InsertSession(db::Connection& c, const std::string& token_hash, std::int64_t user_id,
                           const std::string& state, std::int64_t now, std::int64_t expires_at,
                           const std::string& ip, const std::string& user_agent) {
    c.Execute(kInsertSession, {token_hash, user_id, state, now, now, expires_at, ip, user_agent});
    return c.LastInsertId();
}

std::optional<SessionRow> FindSession(db::Connection& c, const std::string& token_hash) {
    return c.FindOne<SessionRow>(kFindSession, {token_hash}, [](const db::Row& row) {
        return SessionRow{row.Int(0), row.Int(1), row.Text(2), row.Int(3), row.Int(4), row.Int(5)};
    });
}

void TouchSession(db::Connection& c, std::int64_t id, std::int64_t now) {
    c.Execute(kTouchSession, {now, id});
}

void DeleteSession(db::Connection& c, std::int64_t id) { c.Execute(kDeleteSession, {id}); }

void DeleteUserSessions(db::Connection& c, std::int64_t user_id) {
    c.Execute(kDeleteUserSessions, {user_id});
}

std::vector<SessionInfo> ListSessions(db::Connection& c, std::int64_t user_id, std::int64_t now,
                                      std::int64_t idle_limit) {
    return c.QueryAll<SessionInfo>(
        kListSessions, {user_id, now, now - idle_limit}, [](const db::Row& row) {
            return SessionInfo{row.Int(0), row.Int(1), row.Int(2), row.Text(3), row.Text(4), false};
        });
}

bool DeleteUserSession(db::Connection& c, std::int64_t user_id, std::int64_t session_id) {
    return c.Execute(kDeleteUserSession, {user_id, session_id}) > 0;
}

void DeleteExpiredSessions(db::Connection& c, std::int64_t now, std::int64_t idle_limit) {
    c.Execute(kDeleteExpiredSessions, {now, now - idle_limit});
}

void InsertLink(db::Connection& c, const std::string& token_hash, const std::string& kind,
                std::int64_t user_id, std::int64_t now, std::int64_t expires_at) {
    c.Execute(kInsertLink, {token_hash, kind, user_id, now, expires_at});
}

std::optional<LinkRow> FindLink(db::Connection& c, const std::string& token_hash,
                                const std::string& kind) {
    return c.FindOne<LinkRow>(kFindLink, {token_hash, kind}, [](const db::Row& row) {
        return LinkRow{row.Int(0), row.Int(1), row.Int(2) != 0};
    });
}

bool UseLink(db::Connection& c, const std::string& token_hash, std::int64_t now) {
    return c.Execute(kUseLink, {now, token_hash}) > 0;
}

void ExpireUserLinks(db::Connection& c, std::int64_t user_id, const std::string& kind,
                     std::int64_t now) {
    c.Execute(kExpireUserLinks, {now, user_id, kind});
}

std::int64_t InsertApiToken(db::Connection& c, std::int64_t user_id, const std::string& name,
                            const std::string& token_hash, const std::string& prefix,
                            std::int64_t now) {
    c.Execute(kInsertApiToken, {user_id, name, token_hash, prefix, now});
    return c.LastInsertId();
}

std::optional<std::pair<std::int64_t, std::int64_t>> FindApiToken(db::Connection& c,
                                                                  const std::string& token_hash) {
    return c.FindOne<std::pair<std::int64_t, std::int64_t>>(
        kFindApiToken, {token_hash}, [](const db::Row& row) {
            return std::pair{row.Int(0), row.Int(1)};
        });
}

void TouchApiToken(db::Connection& c, std::int64_t id, std::int64_t now) {
    c.Execute(kTouchApiToken, {now, id});
}

std::vector<ApiTokenInfo> ListApiTokens(db::Connection& c, std::int64_t user_id) {
    return c.QueryAll<ApiTokenInfo>(kListApiTokens, {user_id}, [](const db::Row& row) {
        return ApiTokenInfo{row.Int(0), row.Text(1), row.Text(2), row.Int(3), row.OptionalInt(4)};
    });
}

bool RevokeApiToken(db::Connection& c, std::int64_t user_id, std::int64_t id, std::int64_t now) {
    return c.Execute(kRevokeApiToken, {now, user_id, id}) > 0;
}

void InsertFailure(db::Connection& c, const std::string& key, std::int64_t now) {
    c.Execute(kInsertFailure, {key, now});
}

std::int64_t CountFailures(db::Connection& c, const std::string& key, std::int64_t since) {
    return c.QueryInt(kCountFailures, {key, since});
}

void ClearFailures(db::Connection& c, const std::string& key) { c.Execute(kClearFailures, {key}); }

void DeleteFailuresBefore(db::Connection& c, std::int64_t before) {
    c.Execute(kDeleteFailuresBefore, {before});
}

std::string GetOrCreateKey(db::Connection& c, const std::string& name, const std::string& fresh) {
    c.Execute(kInsertKey, {name, fresh});
    std::string out;
    c.Query(kGetKey, {name}, [&](const db::Row& row) { out = row.Text(0); });
    return out;
}

}  // namespace cncd::accounts::repo
