#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "db/database.hpp"
#include "modules/accounts/accounts.hpp"
#include "modules/accounts/audit.hpp"
#include "modules/accounts/mailer.hpp"
#include "modules/accounts/password.hpp"

namespace cncd::accounts {

struct AccountOptions {
    /// The portal's public address, for links in mails ("https://cncd.diplomatie.gouv.fr").
    std::string public_url = "http://localhost:8080";
    PasswordHasher hasher = PasswordHasher::Interactive();
    Clock clock = SystemClock();
    std::int64_t idle_timeout = 30 * 60;        ///< a session unused this long ends
    std::int64_t absolute_timeout = 12 * 3600;  ///< a session ends this long after sign-in
    std::int64_t totp_step_timeout = 5 * 60;    ///< time to type the code after the password
    std::int64_t failure_window = 15 * 60;
    int max_account_failures = 10;  ///< per e-mail address in the window, then 429
    int max_address_failures = 50;  ///< per client address in the window, then 429
    std::int64_t reset_validity = 3600;
    std::int64_t invitation_validity = 7 * 24 * 3600;
};

/// What a sign-in attempt gave.
struct SignIn {
    enum class Outcome {
        kSignedIn,      ///< `session_token` is an active session
        kTotpRequired,  ///< `session_token` awaits the TOTP code (CompleteTotp)
        kThrottled,     ///< too many failures: answer 429, nothing checked
    };
    Outcome outcome = Outcome::kSignedIn;
    std::string session_token;  ///< the cookie value (never stored)
    std::string csrf_token;
};

/// The session a cookie names, as the middleware sees it.
struct SessionLookup {
    std::optional<Principal> principal;  ///< an active session of an active user
    bool expired = false;                ///< the cookie named a session that ended
    bool awaiting_totp = false;          ///< password given, TOTP code expected
};

struct SignUpRequest {
    OrganisationKind kind = OrganisationKind::kAuthority;
    std::optional<std::int64_t> organisation_id;  ///< an existing organisation
    std::optional<std::int64_t> authority_id;     ///< an Atlas authority without organisation yet
    std::string job_title;
    std::string name;
    std::string email;
    std::string password;
    std::string ip;
};

/// An organisation or an Atlas authority proposed on the sign-up page.
struct OrganisationChoice {
    std::optional<std::int64_t> organisation_id;
    std::optional<std::int64_t> authority_id;
    std::string name;
    std::string detail;  ///< "Commune · SIREN 216401024"
};

struct TotpEnrolment {
    std::string secret;  ///< base32
    std::string uri;     ///< otpauth://
};

struct InvitationRequest {
    std::int64_t organisation_id = 0;
    std::string email;
    std::string name;
    std::string job_title;
    Role role = Role::kMember;
    std::string ip;
};

struct NewOrganisationRequest {
    OrganisationKind kind = OrganisationKind::kOperator;
    std::string name;
    std::optional<std::int64_t> authority_id;
    std::string siren;  ///< finds the authority when authority_id is not given
    std::string country_iso2;
    std::string region_code;
    std::string ip;
};

/// A user created directly (demo seeding, the `cncd user` command): active at once.
struct DirectUser {
    std::int64_t organisation_id = 0;
    std::string email;
    std::string name;
    std::string job_title;
    std::string password;
    Role role = Role::kMember;
    std::optional<std::string> totp_secret;  ///< base32, enabled when given
};

/// Called inside the merge transaction so a later module moves its records from one
/// organisation to the other (saved searches, documents, declarations…).
using MergeHook = std::function<void(db::Connection&, std::int64_t from, std::int64_t into)>;

/// Accounts, sessions and their rules. No HTTP here: the middleware and routes call it.
class AccountService {
  public:
    AccountService(db::Database& db, Mailer& mailer, const CommonPasswords& common,
                   AccountOptions options = {});
    ~AccountService();

    const AccountOptions& options() const { return options_; }
    std::int64_t Now() const { return options_.clock(); }

    // --- Sign-in and sessions -------------------------------------------------------------
    /// Checks e-mail and password. Unknown e-mail, wrong password, pending or disabled account:
    /// the same kUnauthenticated error, in the same time (a dummy hash is verified). Failures
    /// are counted per e-mail and per address; past the limits the outcome is kThrottled.
    Result<SignIn> Login(const std::string& email, const std::string& password,
                         const std::string& ip, const std::string& user_agent);
    /// Second step for a user with TOTP: the session awaiting it becomes active (a new token).
    /// A wrong code counts as a failure; an expired step is kUnauthenticated.
    Result<SignIn> CompleteTotp(const std::string& session_token, const std::string& code,
                                const std::string& ip);
    /// The session of a cookie value; refreshes its idle expiry (at most once a minute).
    SessionLookup ResolveSession(const std::string& session_token);
    /// The principal of a Bearer token, if live.
    std::optional<Principal> ResolveApiToken(const std::string& token);
    /// The CSRF token bound to a session.
    std::string CsrfToken(const std::string& session_token) const;
    /// True when `given` is the CSRF token of `session_token` (constant time).
    bool CheckCsrf(const std::string& session_token, const std::string& given) const;
    /// A signed anonymous CSRF value for forms without a session (double-submit cookie).
    std::string NewAnonymousCsrf() const;
    /// True when `cookie` is a value NewAnonymousCsrf gave and `given` equals it.
    bool CheckAnonymousCsrf(const std::string& cookie, const std::string& given) const;
    void Logout(const std::string& session_token);
    /// Ends every session of the user (and audits it).
    void LogoutEverywhere(const Principal& principal, const std::string& ip);
    std::vector<SessionInfo> Sessions(const Principal& principal);
    Status EndSession(const Principal& principal, std::int64_t session_id, const std::string& ip);

    // --- Sign-up, approval, invitations, passwords ---------------------------------------
    /// Organisations of a kind (and, for authorities, Atlas authorities without one) matching
    /// `query` (accents and case ignored), at most `limit`.
    std::vector<OrganisationChoice> SearchOrganisations(OrganisationKind kind,
                                                        const std::string& query, int limit);
    /// Creates a pending account (and the authority's organisation on first sign-up), and tells
    /// the organisation's administrators or the ministry. An address already registered gets a
    /// mail instead, and the answer is the same (no account enumeration).
    Status SignUp(const SignUpRequest& request);
    /// Pending accounts `principal` may approve.
    std::vector<User> PendingUsers(const Principal& principal);
    /// Approves (active) or refuses (disabled) a pending account; tells the person.
    Status Decide(const Principal& principal, std::int64_t user_id, bool approve,
                  const std::string& ip);
    /// Creates an active account without password in the organisation and mails a link
    /// (valid 7 days) to set one.
    Status Invite(const Principal& principal, const InvitationRequest& request);
    /// Mails a reset link valid 1 h when the address is an active account. Always succeeds
    /// from the caller's view (no enumeration).
    void RequestPasswordReset(const std::string& email, const std::string& ip);
    /// True when a reset (or invitation) link is live: the page shows the form.
    bool IsLinkLive(const std::string& token, bool invitation);
    /// Sets the password from a live link, used once; ends the user's sessions.
    Status UsePasswordLink(const std::string& token, bool invitation, const std::string& password,
                           const std::string& ip);

    // --- Second factor and API tokens ---------------------------------------------------
    /// A new secret, stored but not yet enabled (ConfirmTotp enables it).
    Result<TotpEnrolment> StartTotp(const Principal& principal);
    /// The pending (not yet confirmed) enrolment, if any.
    std::optional<TotpEnrolment> PendingTotp(const Principal& principal);
    Status ConfirmTotp(const Principal& principal, const std::string& code, const std::string& ip);
    /// Turns TOTP off (refused to ministry administrators, for whom it is compulsory).
    Status DisableTotp(const Principal& principal, const std::string& code, const std::string& ip);
    /// A new personal API token, returned once.
    Result<std::string> CreateApiToken(const Principal& principal, const std::string& name,
                                       const std::string& ip);
    std::vector<ApiTokenInfo> ApiTokens(const Principal& principal);
    Status RevokeApiToken(const Principal& principal, std::int64_t id, const std::string& ip);

    // --- Administration -----------------------------------------------------------------
    Result<User> GetUser(std::int64_t id);
    Result<Organisation> GetOrganisation(std::int64_t id);
    /// Organisations (ministry administrators: all; others: kPermissionDenied).
    Result<std::vector<Organisation>> ListOrganisations(const Principal& principal,
                                                        std::optional<OrganisationKind> kind,
                                                        const std::string& query);
    Result<std::int64_t> CreateOrganisation(const Principal& principal,
                                            const NewOrganisationRequest& request);
    /// Users of an organisation (its administrators) or of all (ministry administrators).
    Result<std::vector<User>> ListUsers(const Principal& principal,
                                        std::optional<std::int64_t> organisation_id,
                                        std::optional<UserStatus> status, const std::string& query);
    /// Changes a user's role and status (kManageOrganisation on the user's organisation; only a
    /// ministry administrator gives ministry roles). Nobody changes their own.
    Status UpdateUser(const Principal& principal, std::int64_t user_id, Role role,
                      UserStatus status, const std::string& ip);
    /// Merges organisation `from` into `into` (kMergeOrganisations): users, held authorities and
    /// every registered hook's records follow; `from` is kept, marked merged.
    Status MergeOrganisations(const Principal& principal, std::int64_t from, std::int64_t into,
                              const std::string& ip);
    /// Registers a hook run by every merge (modules that own records by organisation).
    void AddMergeHook(MergeHook hook);
    /// Audit entries (kReadAudit).
    Result<std::vector<AuditEntry>> Audit(const Principal& principal, const AuditQuery& query);

    // --- Seeding ------------------------------------------------------------------------
    /// Creates (or returns) the organisation of that kind and name (and authority), audited as
    /// the system.
    Result<std::int64_t> EnsureOrganisation(const NewOrganisationRequest& request);
    /// Creates an active account directly; kAlreadyExists when the e-mail is taken.
    Result<std::int64_t> CreateUser(const DirectUser& user);
    /// The Atlas authority of a kind ("commune", "departement"…) and INSEE code, if any.
    std::optional<std::int64_t> FindAuthority(const std::string& kind, const std::string& insee);
    /// The account with that e-mail, if any.
    std::optional<User> FindUserByEmail(const std::string& email);

  private:
    std::optional<Principal> LoadPrincipal(db::Connection& c, std::int64_t user_id) const;
    Result<SignIn> StartSession(std::int64_t user_id, bool awaiting_totp, const std::string& ip,
                                const std::string& user_agent);
    void RecordFailure(const std::string& email_key, const std::string& ip);
    void SendLink(const User& user, bool invitation, const std::string& token);
    void Notify(const std::vector<User>& to, const std::string& subject, const std::string& body);

    struct AuthorityCache;
    db::Database& db_;
    Mailer& mailer_;
    const CommonPasswords& common_;
    AccountOptions options_;
    std::string csrf_key_;
    std::string dummy_hash_;
    std::vector<MergeHook> merge_hooks_;
    std::unique_ptr<AuthorityCache> authorities_;
};

}  // namespace cncd::accounts
