#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "db/database.hpp"
#include "modules/accounts/accounts.hpp"

/// SQL of the accounts module: organisations, users, sessions, links, tokens, throttling.
namespace cncd::accounts::repo {

// Organisations.
struct NewOrganisation {
    OrganisationKind kind = OrganisationKind::kAuthority;
    std::string name;
    std::optional<std::int64_t> authority_id;
    std::string country_iso2;
    std::string region_code;
};
std::int64_t InsertOrganisation(db::Connection& c, const NewOrganisation& o, std::int64_t now);
std::optional<Organisation> FindOrganisation(db::Connection& c, std::int64_t id);
std::optional<Organisation> FindOrganisationByAuthority(db::Connection& c,
                                                        std::int64_t authority_id);
/// Active organisations, optionally of one kind, whose folded name contains `folded_query`.
std::vector<Organisation> ListOrganisations(db::Connection& c, std::optional<OrganisationKind> kind,
                                            const std::string& folded_query, int limit);
/// Moves users and held authorities of `from` to `into`, marks `from` merged.
void MergeOrganisationRows(db::Connection& c, std::int64_t from, std::int64_t into);
std::vector<std::int64_t> HeldAuthorities(db::Connection& c, std::int64_t organisation_id);

// Atlas authorities (for sign-up).
struct AuthorityRow {
    std::int64_t id = 0;
    std::string name;
    std::string siren;
    std::string kind;
    std::string department_code;
};
std::vector<AuthorityRow> ListAuthorities(db::Connection& c);
std::optional<AuthorityRow> FindAuthority(db::Connection& c, std::int64_t id);
std::optional<AuthorityRow> FindAuthorityBySiren(db::Connection& c, const std::string& siren);
std::optional<std::int64_t> FindAuthorityByInsee(db::Connection& c, const std::string& kind,
                                                 const std::string& insee);
bool CountryExists(db::Connection& c, const std::string& iso2);
bool RegionExists(db::Connection& c, const std::string& code);

// Users.
struct NewUser {
    std::int64_t organisation_id = 0;
    std::string email;
    std::string name;
    std::string job_title;
    std::optional<std::string> password_hash;
    Role role = Role::kMember;
    UserStatus status = UserStatus::kPending;
};
std::int64_t InsertUser(db::Connection& c, const NewUser& u, std::int64_t now);
std::optional<User> FindUser(db::Connection& c, std::int64_t id);
std::optional<User> FindUserByEmail(db::Connection& c, const std::string& email);
/// The password hash of an active or pending user (empty when none).
std::string PasswordHash(db::Connection& c, std::int64_t user_id);
struct UserFilter {
    std::optional<std::int64_t> organisation_id;
    std::optional<UserStatus> status;
    std::string folded_query;  ///< in name or e-mail
    int limit = 200;
};
std::vector<User> ListUsers(db::Connection& c, const UserFilter& filter);
/// Active administrators (org_admin) of an organisation; ministry administrators for the ministry.
std::vector<User> OrganisationAdmins(db::Connection& c, std::int64_t organisation_id);
std::vector<User> MinistryAdmins(db::Connection& c);
void SetUserStatus(db::Connection& c, std::int64_t id, UserStatus status,
                   std::optional<std::int64_t> approved_by, std::int64_t now);
void SetUserRole(db::Connection& c, std::int64_t id, Role role);
void SetPassword(db::Connection& c, std::int64_t id, const std::string& hash);
struct TotpState {
    std::string secret;
    bool enabled = false;
    std::int64_t last_step = 0;
};
TotpState GetTotp(db::Connection& c, std::int64_t user_id);
void SetTotp(db::Connection& c, std::int64_t user_id, const std::optional<std::string>& secret,
             bool enabled);
void SetTotpLastStep(db::Connection& c, std::int64_t user_id, std::int64_t step);

// Sessions.
struct SessionRow {
    std::int64_t id = 0;
    std::int64_t user_id = 0;
    std::string state;
    std::int64_t created_at = 0;
    std::int64_t last_seen_at = 0;
    std::int64_t expires_at = 0;
};
std::int64_t InsertSession(db::Connection& c, const std::string& token_hash, std::int64_t user_id,
                           const std::string& state, std::int64_t now, std::int64_t expires_at,
                           const std::string& ip, const std::string& user_agent);
std::optional<SessionRow> FindSession(db::Connection& c, const std::string& token_hash);
void TouchSession(db::Connection& c, std::int64_t id, std::int64_t now);
void DeleteSession(db::Connection& c, std::int64_t id);
void DeleteUserSessions(db::Connection& c, std::int64_t user_id);
std::vector<SessionInfo> ListSessions(db::Connection& c, std::int64_t user_id, std::int64_t now,
                                      std::int64_t idle_limit);
bool DeleteUserSession(db::Connection& c, std::int64_t user_id, std::int64_t session_id);
void DeleteExpiredSessions(db::Connection& c, std::int64_t now, std::int64_t idle_limit);

// One-time links.
void InsertLink(db::Connection& c, const std::string& token_hash, const std::string& kind,
                std::int64_t user_id, std::int64_t now, std::int64_t expires_at);
struct LinkRow {
    std::int64_t user_id = 0;
    std::int64_t expires_at = 0;
    bool used = false;
};
std::optional<LinkRow> FindLink(db::Connection& c, const std::string& token_hash,
                                const std::string& kind);
/// Marks the link used; false when it was already used (a race lost).
bool UseLink(db::Connection& c, const std::string& token_hash, std::int64_t now);
void ExpireUserLinks(db::Connection& c, std::int64_t user_id, const std::string& kind,
                     std::int64_t now);

// API tokens.
std::int64_t InsertApiToken(db::Connection& c, std::int64_t user_id, const std::string& name,
                            const std::string& token_hash, const std::string& prefix,
                            std::int64_t now);
/// The user of a live token, and the token id.
std::optional<std::pair<std::int64_t, std::int64_t>> FindApiToken(db::Connection& c,
                                                                  const std::string& token_hash);
void TouchApiToken(db::Connection& c, std::int64_t id, std::int64_t now);
std::vector<ApiTokenInfo> ListApiTokens(db::Connection& c, std::int64_t user_id);
bool RevokeApiToken(db::Connection& c, std::int64_t user_id, std::int64_t id, std::int64_t now);

// Failed sign-ins.
void InsertFailure(db::Connection& c, const std::string& key, std::int64_t now);
std::int64_t CountFailures(db::Connection& c, const std::string& key, std::int64_t since);
void ClearFailures(db::Connection& c, const std::string& key);
void DeleteFailuresBefore(db::Connection& c, std::int64_t before);

// Server keys.
std::string GetOrCreateKey(db::Connection& c, const std::string& name, const std::string& fresh);

}  // namespace cncd::accounts::repo
