#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

/// Plain types of the accounts module: organisations, users, the principal of a request.
namespace cncd::accounts {

enum class OrganisationKind { kAuthority, kEmbassy, kPrefecture, kMinistry, kOperator, kNetwork };
enum class Role { kMember, kOrgAdmin, kMinistryAdmin, kInstructor };
enum class UserStatus { kPending, kActive, kDisabled };

/// Stored names ("authority", "org_admin", "pending"…).
std::string_view ToString(OrganisationKind kind);
std::string_view ToString(Role role);
std::string_view ToString(UserStatus status);
std::optional<OrganisationKind> ParseOrganisationKind(std::string_view text);
std::optional<Role> ParseRole(std::string_view text);
std::optional<UserStatus> ParseUserStatus(std::string_view text);
/// French labels for pages ("Collectivité territoriale", "Administrateur de l’organisation"…).
std::string_view Label(OrganisationKind kind);
std::string_view Label(Role role);
std::string_view Label(UserStatus status);
/// Every organisation kind, in the order of the sign-up page.
const std::vector<OrganisationKind>& AllOrganisationKinds();

/// Seconds since the Unix epoch; injected so tests control time.
using Clock = std::function<std::int64_t()>;
/// The system clock.
Clock SystemClock();

struct Organisation {
    std::int64_t id = 0;
    OrganisationKind kind = OrganisationKind::kAuthority;
    std::string name;
    std::optional<std::int64_t> authority_id;  ///< its own Atlas authority (kind authority)
    std::string siren;                         ///< that authority's SIREN
    std::string country_iso2;                  ///< embassy
    std::string region_code;                   ///< prefecture
    bool merged = false;
    std::optional<std::int64_t> merged_into_id;
    std::int64_t created_at = 0;
    int active_users = 0;
    int pending_users = 0;
};

struct User {
    std::int64_t id = 0;
    std::int64_t organisation_id = 0;
    std::string organisation_name;
    OrganisationKind organisation_kind = OrganisationKind::kAuthority;
    std::string email;
    std::string name;
    std::string job_title;
    Role role = Role::kMember;
    UserStatus status = UserStatus::kPending;
    bool totp_enabled = false;
    bool has_password = false;
    std::int64_t created_at = 0;
};

/// How a request proved who it is.
enum class AuthMethod { kSession, kApiToken };

/// The signed-in user of a request, as the accounts middleware resolved it. Only active users
/// of active organisations become principals.
struct Principal {
    std::int64_t user_id = 0;
    std::string email;
    std::string name;
    Role role = Role::kMember;
    std::int64_t organisation_id = 0;
    OrganisationKind organisation_kind = OrganisationKind::kAuthority;
    std::string organisation_name;
    /// Atlas authorities whose records the organisation holds (its own and merged ones).
    std::vector<std::int64_t> authority_ids;
    std::string country_iso2;  ///< embassy
    std::string region_code;   ///< prefecture
    bool totp_enabled = false;
    AuthMethod method = AuthMethod::kSession;
    std::int64_t session_id = 0;  ///< or the API token id
    /// The CSRF token of the session (empty for API tokens).
    std::string csrf_token;

    bool IsMinistry() const { return role == Role::kMinistryAdmin || role == Role::kInstructor; }
    /// A ministry administrator must enrol TOTP before reaching anything else.
    bool MustEnrolTotp() const { return role == Role::kMinistryAdmin && !totp_enabled; }
};

struct SessionInfo {
    std::int64_t id = 0;
    std::int64_t created_at = 0;
    std::int64_t last_seen_at = 0;
    std::string ip;
    std::string user_agent;
    bool current = false;
};

struct ApiTokenInfo {
    std::int64_t id = 0;
    std::string name;
    std::string prefix;
    std::int64_t created_at = 0;
    std::optional<std::int64_t> last_used_at;
};

}  // namespace cncd::accounts
