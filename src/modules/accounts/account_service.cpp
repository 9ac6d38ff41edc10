#include "modules/accounts/account_service.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <mutex>

#include "core/text.hpp"
#include "modules/accounts/account_repository.hpp"
#include "modules/accounts/crypto.hpp"
#include "modules/accounts/policy.hpp"
#include "modules/accounts/totp.hpp"

namespace cncd::accounts {

namespace {

constexpr std::size_t kMaxEmailLength = 254;
constexpr std::size_t kMaxNameLength = 100;
constexpr std::size_t kMaxQueryLength = 100;
constexpr std::size_t kMaxTokenNameLength = 100;
constexpr std::int64_t kTouchInterval = 60;  // seconds between two idle-expiry refreshes
constexpr int kMaxChoices = 50;
constexpr std::string_view kActive = "active";
constexpr std::string_view kAwaitingTotp = "totp";
constexpr std::string_view kReset = "reset";
constexpr std::string_view kInvitation = "invitation";
constexpr std::string_view kApiTokenPrefix = "cncd_";
constexpr std::string_view kWrongCredentials =
    "Adresse électronique ou mot de passe incorrect, ou compte pas encore validé.";

std::string NormaliseEmail(std::string_view email) {
    const auto first = email.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) return {};
    email = email.substr(first, email.find_last_not_of(" \t\r\n") - first + 1);
    std::string out(email);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

std::string Trim(std::string_view text) {
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) return {};
    return std::string(text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1));
}

bool HasControl(std::string_view text) {
    return std::any_of(text.begin(), text.end(),
                       [](unsigned char c) { return c < 0x20 || c == 0x7F; });
}

Status CheckEmail(const std::string& email) {
    const auto at = email.find('@');
    if (email.empty() || email.size() > kMaxEmailLength || at == std::string::npos || at == 0 ||
        email.find('.', at) == std::string::npos || email.back() == '.' ||
        email.find_first_of(" ,;<>\"()[]\\") != std::string::npos || HasControl(email) ||
        email.find('@', at + 1) != std::string::npos || !text::IsValidUtf8(email)) {
        return InvalidArgument("email",
                               "Saisissez une adresse électronique valide, par exemple "
                               "prenom.nom@exemple.fr.");
    }
    return Ok{};
}

Status CheckText(const std::string& value, std::string_view field, std::string_view what,
                 bool required, std::size_t max = kMaxNameLength) {
    if (required && value.empty()) {
        return InvalidArgument(std::string(field), "Indiquez " + std::string(what) + ".");
    }
    if (value.size() > max || HasControl(value) || !text::IsValidUtf8(value)) {
        return InvalidArgument(std::string(field),
                               "Ce champ est trop long ou contient des caractères invalides.");
    }
    return Ok{};
}

nlohmann::json UserJson(const User& u) {
    return {{"email", u.email},         {"name", u.name},
            {"job_title", u.job_title}, {"organisation_id", u.organisation_id},
            {"role", ToString(u.role)}, {"status", ToString(u.status)},
            {"totp", u.totp_enabled}};
}

nlohmann::json OrganisationJson(const Organisation& o) {
    nlohmann::json out = {{"kind", ToString(o.kind)}, {"name", o.name}, {"merged", o.merged}};
    if (o.authority_id) out["authority_id"] = *o.authority_id;
    if (!o.country_iso2.empty()) out["country_iso2"] = o.country_iso2;
    if (!o.region_code.empty()) out["region_code"] = o.region_code;
    if (o.merged_into_id) out["merged_into_id"] = *o.merged_into_id;
    return out;
}

std::string KindOfAuthority(const std::string& kind) {
    if (kind == "region") return "Région";
    if (kind == "departement") return "Département";
    if (kind == "commune") return "Commune";
    if (kind == "epci") return "Intercommunalité";
    if (kind == "syndicat") return "Syndicat";
    return "Collectivité d’outre-mer";
}

Error Denied() {
    return Error{ErrorCode::kPermissionDenied,
                 "Votre compte ne permet pas cette action sur cet élément.",
                 {}};
}

}  // namespace

struct AccountService::AuthorityCache {
    struct Entry {
        repo::AuthorityRow row;
        std::string folded;
    };
    std::mutex mutex;
    std::uint64_t generation = ~std::uint64_t{0};
    std::vector<Entry> entries;
};

AccountService::AccountService(db::Database& db, Mailer& mailer, const CommonPasswords& common,
                               AccountOptions options)
    : db_(db),
      mailer_(mailer),
      common_(common),
      options_(std::move(options)),
      authorities_(std::make_unique<AuthorityCache>()) {
    csrf_key_ = db_.Write(
        [](db::Connection& c) { return repo::GetOrCreateKey(c, "csrf", Hex(RandomBytes(32))); });
    // Verified for unknown e-mails, so they cost the same time as known ones.
    dummy_hash_ = options_.hasher.Hash(NewToken());
}

AccountService::~AccountService() = default;

// --- Sign-in and sessions -----------------------------------------------------------------

Result<SignIn> AccountService::Login(const std::string& raw_email, const std::string& password,
                                     const std::string& ip, const std::string& user_agent) {
    const auto email = NormaliseEmail(raw_email);
    const auto email_key = "email:" + Sha256Hex(email);
    const auto address_key = "ip:" + ip;
    const auto now = Now();
    const auto since = now - options_.failure_window;
    const auto throttled = db_.Read([&](db::Connection& c) {
        return repo::CountFailures(c, email_key, since) >= options_.max_account_failures ||
               repo::CountFailures(c, address_key, since) >= options_.max_address_failures;
    });
    if (throttled) return SignIn{SignIn::Outcome::kThrottled, {}, {}};
    if (email.empty() || password.empty() || password.size() > kMaxPasswordLength) {
        options_.hasher.Verify(dummy_hash_, password.substr(0, kMaxPasswordLength));
        RecordFailure(email_key, ip);
        return Error{ErrorCode::kUnauthenticated, std::string(kWrongCredentials), "email"};
    }

    struct Candidate {
        std::int64_t id = 0;
        std::string hash;
        bool active = false;
        bool totp = false;
    };
    const auto candidate = db_.Read([&](db::Connection& c) -> std::optional<Candidate> {
        const auto user = repo::FindUserByEmail(c, email);
        if (!user) return std::nullopt;
        const auto organisation = repo::FindOrganisation(c, user->organisation_id);
        return Candidate{
            user->id, repo::PasswordHash(c, user->id),
            user->status == UserStatus::kActive && organisation && !organisation->merged,
            user->totp_enabled};
    });
    const bool has_hash = candidate && !candidate->hash.empty();
    const bool matches = options_.hasher.Verify(has_hash ? candidate->hash : dummy_hash_, password);
    if (!has_hash || !matches || !candidate->active) {
        RecordFailure(email_key, ip);
        return Error{ErrorCode::kUnauthenticated, std::string(kWrongCredentials), "email"};
    }
    db_.Write([&](db::Connection& c) {
        repo::ClearFailures(c, email_key);
        return 0;
    });
    return StartSession(candidate->id, candidate->totp, ip, user_agent);
}

void AccountService::RecordFailure(const std::string& email_key, const std::string& ip) {
    const auto now = Now();
    db_.Write([&](db::Connection& c) {
        repo::InsertFailure(c, email_key, now);
        repo::InsertFailure(c, "ip:" + ip, now);
        repo::DeleteFailuresBefore(c, now - options_.failure_window);
        return 0;
    });
}

Result<SignIn> AccountService::StartSession(std::int64_t user_id, bool awaiting_totp,
                                            const std::string& ip, const std::string& user_agent) {
    const auto token = NewToken();
    const auto now = Now();
    const auto expires =
        now + (awaiting_totp ? options_.totp_step_timeout : options_.absolute_timeout);
    db_.Write([&](db::Connection& c) {
        repo::DeleteExpiredSessions(c, now, options_.idle_timeout);
        repo::InsertSession(c, Sha256Hex(token), user_id,
                            std::string(awaiting_totp ? kAwaitingTotp : kActive), now, expires, ip,
                            user_agent.substr(0, 200));
        if (!awaiting_totp) {
            const auto user = repo::FindUser(c, user_id);
            AuditLog::Record(c, Actor{user_id, user ? user->email : "", ip},
                             {"session.sign_in", "user", std::to_string(user_id), nullptr, nullptr},
                             now);
        }
        return 0;
    });
    return SignIn{awaiting_totp ? SignIn::Outcome::kTotpRequired : SignIn::Outcome::kSignedIn,
                  token, CsrfToken(token)};
}

Result<SignIn> AccountService::CompleteTotp(const std::string& session_token,
                                            const std::string& code, const std::string& ip) {
    const auto now = Now();
    const auto hash = Sha256Hex(session_token);
    const auto session = db_.Read([&](db::Connection& c) { return repo::FindSession(c, hash); });
    if (!session || session->state != kAwaitingTotp || session->expires_at <= now) {
        return Error{ErrorCode::kUnauthenticated,
                     "Le délai de saisie du code est dépassé : reconnectez-vous.",
                     {}};
    }
    const auto email_key = db_.Read([&](db::Connection& c) {
        const auto user = repo::FindUser(c, session->user_id);
        return "email:" + Sha256Hex(user ? user->email : "");
    });
    const auto since = now - options_.failure_window;
    const auto throttled = db_.Read([&](db::Connection& c) {
        return repo::CountFailures(c, email_key, since) >= options_.max_account_failures;
    });
    if (throttled) return SignIn{SignIn::Outcome::kThrottled, {}, {}};

    const auto digits = Trim(code);
    const auto accepted = db_.Write([&](db::Connection& c) {
        const auto totp = repo::GetTotp(c, session->user_id);
        const auto secret = Base32Decode(totp.secret);
        if (!totp.enabled || !secret) return false;
        const auto step = VerifyTotp(*secret, digits, now, totp.last_step);
        if (!step) return false;
        repo::SetTotpLastStep(c, session->user_id, *step);
        repo::DeleteSession(c, session->id);
        return true;
    });
    if (!accepted) {
        RecordFailure(email_key, ip);
        return Error{ErrorCode::kUnauthenticated,
                     "Code incorrect ou déjà utilisé : saisissez le code à 6 chiffres affiché "
                     "par votre application.",
                     "totp"};
    }
    return StartSession(session->user_id, false, ip, {});
}

std::optional<Principal> AccountService::LoadPrincipal(db::Connection& c,
                                                       std::int64_t user_id) const {
    const auto user = repo::FindUser(c, user_id);
    if (!user || user->status != UserStatus::kActive) return std::nullopt;
    const auto organisation = repo::FindOrganisation(c, user->organisation_id);
    if (!organisation || organisation->merged) return std::nullopt;
    Principal p;
    p.user_id = user->id;
    p.email = user->email;
    p.name = user->name;
    p.role = user->role;
    p.organisation_id = organisation->id;
    p.organisation_kind = organisation->kind;
    p.organisation_name = organisation->name;
    p.authority_ids = repo::HeldAuthorities(c, organisation->id);
    p.country_iso2 = organisation->country_iso2;
    p.region_code = organisation->region_code;
    p.totp_enabled = user->totp_enabled;
    return p;
}

SessionLookup AccountService::ResolveSession(const std::string& session_token) {
    SessionLookup out;
    if (session_token.empty() || session_token.size() > 100) return out;
    const auto hash = Sha256Hex(session_token);
    const auto now = Now();
    struct Found {
        repo::SessionRow row;
        std::optional<Principal> principal;
    };
    const auto found = db_.Read([&](db::Connection& c) -> std::optional<Found> {
        const auto row = repo::FindSession(c, hash);
        if (!row) return std::nullopt;
        return Found{*row, LoadPrincipal(c, row->user_id)};
    });
    if (!found) return out;
    const auto& row = found->row;
    const bool idle = row.state == kActive && now - row.last_seen_at >= options_.idle_timeout;
    if (row.expires_at <= now || idle || !found->principal) {
        db_.Write([&](db::Connection& c) {
            repo::DeleteSession(c, row.id);
            return 0;
        });
        out.expired = true;
        return out;
    }
    if (row.state == kAwaitingTotp) {
        out.awaiting_totp = true;
        return out;
    }
    if (now - row.last_seen_at >= kTouchInterval) {
        db_.Write([&](db::Connection& c) {
            repo::TouchSession(c, row.id, now);
            return 0;
        });
    }
    out.principal = found->principal;
    out.principal->method = AuthMethod::kSession;
    out.principal->session_id = row.id;
    out.principal->csrf_token = CsrfToken(session_token);
    return out;
}

std::optional<Principal> AccountService::ResolveApiToken(const std::string& token) {
    if (!token.starts_with(kApiTokenPrefix) || token.size() > 100) return std::nullopt;
    const auto hash = Sha256Hex(token);
    const auto found =
        db_.Read([&](db::Connection& c) -> std::optional<std::pair<std::int64_t, Principal>> {
            const auto ids = repo::FindApiToken(c, hash);
            if (!ids) return std::nullopt;
            auto principal = LoadPrincipal(c, ids->first);
            if (!principal) return std::nullopt;
            return std::pair{ids->second, std::move(*principal)};
        });
    if (!found) return std::nullopt;
    const auto now = Now();
    db_.Write([&](db::Connection& c) {
        repo::TouchApiToken(c, found->first, now);
        return 0;
    });
    auto principal = found->second;
    principal.method = AuthMethod::kApiToken;
    principal.session_id = found->first;
    return principal;
}

std::string AccountService::CsrfToken(const std::string& session_token) const {
    return Base64Url(HmacSha256(csrf_key_, "session:" + Sha256Hex(session_token)));
}

bool AccountService::CheckCsrf(const std::string& session_token, const std::string& given) const {
    return !given.empty() && ConstantTimeEquals(CsrfToken(session_token), given);
}

std::string AccountService::NewAnonymousCsrf() const {
    const auto nonce = NewToken(24);
    return nonce + "." + Base64Url(HmacSha256(csrf_key_, "anonymous:" + nonce));
}

bool AccountService::CheckAnonymousCsrf(const std::string& cookie, const std::string& given) const {
    const auto dot = cookie.find('.');
    if (cookie.empty() || dot == std::string::npos || cookie.size() > 200) return false;
    const auto expected = Base64Url(HmacSha256(csrf_key_, "anonymous:" + cookie.substr(0, dot)));
    return ConstantTimeEquals(expected, cookie.substr(dot + 1)) &&
           ConstantTimeEquals(cookie, given);
}

void AccountService::Logout(const std::string& session_token) {
    if (session_token.empty()) return;
    const auto hash = Sha256Hex(session_token);
    const auto now = Now();
    db_.Write([&](db::Connection& c) {
        const auto row = repo::FindSession(c, hash);
        if (!row) return 0;
        repo::DeleteSession(c, row->id);
        const auto user = repo::FindUser(c, row->user_id);
        AuditLog::Record(
            c, Actor{row->user_id, user ? user->email : "", ""},
            {"session.sign_out", "user", std::to_string(row->user_id), nullptr, nullptr}, now);
        return 0;
    });
}

void AccountService::LogoutEverywhere(const Principal& principal, const std::string& ip) {
    const auto now = Now();
    db_.Write([&](db::Connection& c) {
        repo::DeleteUserSessions(c, principal.user_id);
        AuditLog::Record(c, Actor::Of(principal, ip),
                         {"session.sign_out_everywhere", "user", std::to_string(principal.user_id),
                          nullptr, nullptr},
                         now);
        return 0;
    });
}

std::vector<SessionInfo> AccountService::Sessions(const Principal& principal) {
    const auto now = Now();
    auto sessions = db_.Read([&](db::Connection& c) {
        return repo::ListSessions(c, principal.user_id, now, options_.idle_timeout);
    });
    for (auto& s : sessions) {
        s.current = principal.method == AuthMethod::kSession && s.id == principal.session_id;
    }
    return sessions;
}

Status AccountService::EndSession(const Principal& principal, std::int64_t session_id,
                                  const std::string& ip) {
    const auto now = Now();
    return db_.Write([&](db::Connection& c) -> Status {
        if (!repo::DeleteUserSession(c, principal.user_id, session_id)) {
            return NotFound("Cette session n’existe plus.");
        }
        AuditLog::Record(c, Actor::Of(principal, ip),
                         {"session.end", "session", std::to_string(session_id), nullptr, nullptr},
                         now);
        return Ok{};
    });
}

// --- Sign-up, approval, invitations, passwords -------------------------------------------

std::vector<OrganisationChoice> AccountService::SearchOrganisations(OrganisationKind kind,
                                                                    const std::string& query,
                                                                    int limit) {
    limit = std::clamp(limit, 1, kMaxChoices);
    const auto folded = text::Slugify(Trim(query).substr(0, kMaxQueryLength));
    std::vector<OrganisationChoice> out;
    const auto organisations = db_.Read(
        [&](db::Connection& c) { return repo::ListOrganisations(c, kind, folded, limit); });
    for (const auto& o : organisations) {
        std::string detail(Label(o.kind));
        if (!o.siren.empty()) detail += " · SIREN " + o.siren;
        if (!o.country_iso2.empty()) detail += " · " + o.country_iso2;
        out.push_back({o.id, o.authority_id, o.name, detail});
    }
    if (kind != OrganisationKind::kAuthority || folded.size() < 2) return out;

    // Atlas authorities without an organisation yet: matched in memory (4,800 names, folded
    // once per data generation) so accents never get in the way.
    std::lock_guard lock(authorities_->mutex);
    if (authorities_->generation != db_.Generation()) {
        authorities_->generation = db_.Generation();
        authorities_->entries.clear();
        for (auto& row : db_.Read([](db::Connection& c) { return repo::ListAuthorities(c); })) {
            auto folded_name = text::Slugify(row.name);
            authorities_->entries.push_back({std::move(row), std::move(folded_name)});
        }
    }
    for (const auto& entry : authorities_->entries) {
        if (static_cast<int>(out.size()) >= limit) break;
        const bool matches = entry.folded.find(folded) != std::string::npos ||
                             (!entry.row.siren.empty() && entry.row.siren == folded);
        if (!matches) continue;
        const bool taken = std::any_of(out.begin(), out.end(), [&](const OrganisationChoice& o) {
            return o.authority_id == entry.row.id;
        });
        if (taken) continue;
        std::string detail = KindOfAuthority(entry.row.kind);
        if (!entry.row.department_code.empty()) detail += " (" + entry.row.department_code + ")";
        if (!entry.row.siren.empty()) detail += " · SIREN " + entry.row.siren;
        out.push_back({std::nullopt, entry.row.id, entry.row.name, detail});
    }
    return out;
}

Status AccountService::SignUp(const SignUpRequest& request) {
    const auto email = NormaliseEmail(request.email);
    const auto name = Trim(request.name);
    const auto job_title = Trim(request.job_title);
    if (!request.organisation_id && !request.authority_id) {
        return InvalidArgument("organisation", "Choisissez votre organisation dans la liste.");
    }
    if (auto s = CheckText(job_title, "job_title", "votre fonction", true); !s) return s;
    if (auto s = CheckText(name, "name", "vos prénom et nom", true); !s) return s;
    if (auto s = CheckEmail(email); !s) return s;
    if (auto s = CheckNewPassword(request.password, email, common_); !s) return s;

    const auto now = Now();
    const auto existing =
        db_.Read([&](db::Connection& c) { return repo::FindUserByEmail(c, email); });
    if (existing) {
        // Same answer as a new sign-up; the owner of the address is told instead.
        options_.hasher.Hash(request.password);
        mailer_.Send(
            {email, "Demande de compte sur le portail de la coopération décentralisée",
             "Bonjour,\n\nUne demande de compte vient d’être faite avec votre adresse, qui "
             "a déjà un compte sur le portail. Si vous avez oublié votre mot de passe : " +
                 options_.public_url +
                 "/mot-de-passe-oublie\n\nSi vous n’êtes pas à l’origine de cette "
                 "demande, ignorez ce message.\n"});
        return Ok{};
    }
    const auto hash = options_.hasher.Hash(request.password);
    struct Created {
        std::int64_t user_id = 0;
        std::string organisation_name;
        std::vector<User> admins;
    };
    auto created = db_.Write([&](db::Connection& c) -> Result<Created> {
        std::optional<Organisation> organisation;
        if (request.organisation_id) {
            organisation = repo::FindOrganisation(c, *request.organisation_id);
        } else if (request.authority_id) {
            organisation = repo::FindOrganisationByAuthority(c, *request.authority_id);
            if (!organisation) {
                const auto authority = repo::FindAuthority(c, *request.authority_id);
                if (!authority) {
                    return InvalidArgument("organisation",
                                           "Choisissez votre organisation dans la liste.");
                }
                const auto id = repo::InsertOrganisation(
                    c, {OrganisationKind::kAuthority, authority->name, authority->id, {}, {}}, now);
                organisation = repo::FindOrganisation(c, id);
                AuditLog::Record(c, Actor{std::nullopt, email, request.ip},
                                 {"organisation.create", "organisation", std::to_string(id),
                                  nullptr, OrganisationJson(*organisation)},
                                 now);
            }
        }
        if (!organisation || organisation->merged || organisation->kind != request.kind) {
            return InvalidArgument("organisation", "Choisissez votre organisation dans la liste.");
        }
        const Role role =
            organisation->kind == OrganisationKind::kMinistry ? Role::kInstructor : Role::kMember;
        repo::NewUser user{organisation->id,    email, name, job_title, hash, role,
                           UserStatus::kPending};
        const auto id = repo::InsertUser(c, user, now);
        const auto stored = repo::FindUser(c, id);
        AuditLog::Record(c, Actor{std::nullopt, email, request.ip},
                         {"user.sign_up", "user", std::to_string(id), nullptr, UserJson(*stored)},
                         now);
        auto admins = repo::OrganisationAdmins(c, organisation->id);
        if (admins.empty()) admins = repo::MinistryAdmins(c);
        return Created{id, organisation->name, std::move(admins)};
    });
    if (!created) return created.error();
    Notify(created->admins, "Compte à valider : " + name,
           "Bonjour,\n\n" + name + " (" + email + "), " + job_title +
               ", demande un compte pour « " + created->organisation_name +
               " ».\n\nValidez ou refusez la demande : " + options_.public_url +
               "/mon-espace/validations\n");
    return Ok{};
}

void AccountService::Notify(const std::vector<User>& to, const std::string& subject,
                            const std::string& body) {
    for (const auto& user : to) mailer_.Send({user.email, subject, body});
}

std::vector<User> AccountService::PendingUsers(const Principal& principal) {
    const auto pending = db_.Read([&](db::Connection& c) {
        repo::UserFilter filter;
        filter.status = UserStatus::kPending;
        if (principal.role != Role::kMinistryAdmin)
            filter.organisation_id = principal.organisation_id;
        return repo::ListUsers(c, filter);
    });
    std::vector<User> out;
    for (const auto& user : pending) {
        if (IsAllowed(&principal, Action::kApproveUser,
                      Resource::OfOrganisation(user.organisation_id))) {
            out.push_back(user);
        }
    }
    return out;
}

Status AccountService::Decide(const Principal& principal, std::int64_t user_id, bool approve,
                              const std::string& ip) {
    const auto now = Now();
    auto decided = db_.Write([&](db::Connection& c) -> Result<User> {
        const auto user = repo::FindUser(c, user_id);
        if (!user) return NotFound("Ce compte n’existe pas.");
        if (auto s = Authorize(&principal, Action::kApproveUser,
                               Resource::OfOrganisation(user->organisation_id));
            !s) {
            return s.error();
        }
        if (user->status != UserStatus::kPending) {
            return Error{ErrorCode::kFailedPrecondition, "Ce compte a déjà été traité.", {}};
        }
        repo::SetUserStatus(c, user_id, approve ? UserStatus::kActive : UserStatus::kDisabled,
                            principal.user_id, now);
        const auto after = repo::FindUser(c, user_id);
        AuditLog::Record(c, Actor::Of(principal, ip),
                         {approve ? "user.approve" : "user.refuse", "user", std::to_string(user_id),
                          UserJson(*user), UserJson(*after)},
                         now);
        return *after;
    });
    if (!decided) return decided.error();
    if (approve) {
        mailer_.Send({decided->email, "Votre compte est validé",
                      "Bonjour " + decided->name +
                          ",\n\nVotre compte sur le portail de la "
                          "coopération décentralisée est validé. Connectez-vous : " +
                          options_.public_url + "/connexion\n"});
    } else {
        mailer_.Send({decided->email, "Votre demande de compte n’a pas été acceptée",
                      "Bonjour " + decided->name + ",\n\nVotre demande de compte pour « " +
                          decided->organisation_name +
                          " » n’a pas été acceptée. Pour en savoir plus, adressez-vous à "
                          "l’administrateur de votre organisation.\n"});
    }
    return Ok{};
}

Status AccountService::Invite(const Principal& principal, const InvitationRequest& request) {
    const auto email = NormaliseEmail(request.email);
    const auto name = Trim(request.name);
    const auto job_title = Trim(request.job_title);
    if (auto s = CheckEmail(email); !s) return s;
    if (auto s = CheckText(name, "name", "les prénom et nom", true); !s) return s;
    if (auto s = CheckText(job_title, "job_title", "la fonction", false); !s) return s;
    const auto token = NewToken();
    const auto now = Now();
    auto invited = db_.Write([&](db::Connection& c) -> Result<User> {
        const auto organisation = repo::FindOrganisation(c, request.organisation_id);
        if (!organisation || organisation->merged)
            return NotFound("Cette organisation n’existe pas.");
        if (auto s = Authorize(&principal, Action::kManageOrganisation,
                               Resource::OfOrganisation(organisation->id));
            !s) {
            return s.error();
        }
        const bool ministry = organisation->kind == OrganisationKind::kMinistry;
        const bool ministry_role =
            request.role == Role::kMinistryAdmin || request.role == Role::kInstructor;
        if (ministry != ministry_role) {
            return InvalidArgument("role", "Ce rôle n’existe pas dans cette organisation.");
        }
        if (repo::FindUserByEmail(c, email)) {
            return Error{ErrorCode::kAlreadyExists, "Cette adresse a déjà un compte.", "email"};
        }
        const auto id = repo::InsertUser(c,
                                         {organisation->id, email, name, job_title, std::nullopt,
                                          request.role, UserStatus::kActive},
                                         now);
        repo::SetUserStatus(c, id, UserStatus::kActive, principal.user_id, now);
        repo::InsertLink(c, Sha256Hex(token), std::string(kInvitation), id, now,
                         now + options_.invitation_validity);
        const auto user = repo::FindUser(c, id);
        AuditLog::Record(c, Actor::Of(principal, request.ip),
                         {"user.invite", "user", std::to_string(id), nullptr, UserJson(*user)},
                         now);
        return *user;
    });
    if (!invited) return invited.error();
    SendLink(*invited, true, token);
    return Ok{};
}

void AccountService::SendLink(const User& user, bool invitation, const std::string& token) {
    if (invitation) {
        mailer_.Send({user.email, "Invitation sur le portail de la coopération décentralisée",
                      "Bonjour " + user.name + ",\n\nVous êtes invité(e) à rejoindre « " +
                          user.organisation_name +
                          " » sur le portail de la coopération décentralisée. Choisissez votre mot "
                          "de passe (lien valable 7 jours, utilisable une fois) :\n" +
                          options_.public_url + "/invitation?jeton=" + token + "\n"});
        return;
    }
    mailer_.Send(
        {user.email, "Réinitialisation de votre mot de passe",
         "Bonjour " + user.name +
             ",\n\nPour choisir un nouveau mot de passe, ouvrez ce lien (valable une heure, "
             "utilisable une fois) :\n" +
             options_.public_url + "/reinitialisation?jeton=" + token +
             "\n\nSi vous n’avez rien demandé, ignorez ce message : votre mot de passe "
             "reste inchangé.\n"});
}

void AccountService::RequestPasswordReset(const std::string& raw_email, const std::string& ip) {
    const auto email = NormaliseEmail(raw_email);
    if (!CheckEmail(email)) return;
    const auto now = Now();
    const auto address_key = "reset:" + ip;
    const auto user = db_.Read([&](db::Connection& c) -> std::optional<User> {
        if (repo::CountFailures(c, address_key, now - options_.failure_window) >=
            options_.max_account_failures) {
            return std::nullopt;
        }
        return repo::FindUserByEmail(c, email);
    });
    const auto token = NewToken();
    db_.Write([&](db::Connection& c) {
        // Every request counts against the address, known e-mail or not.
        repo::InsertFailure(c, address_key, now);
        if (!user || user->status != UserStatus::kActive) return 0;
        repo::ExpireUserLinks(c, user->id, std::string(kReset), now);
        repo::InsertLink(c, Sha256Hex(token), std::string(kReset), user->id, now,
                         now + options_.reset_validity);
        AuditLog::Record(
            c, Actor{user->id, user->email, ip},
            {"user.password_reset_request", "user", std::to_string(user->id), nullptr, nullptr},
            now);
        return 0;
    });
    if (user && user->status == UserStatus::kActive) SendLink(*user, false, token);
}

bool AccountService::IsLinkLive(const std::string& token, bool invitation) {
    if (token.empty() || token.size() > 100) return false;
    const auto now = Now();
    const auto link = db_.Read([&](db::Connection& c) {
        return repo::FindLink(c, Sha256Hex(token), std::string(invitation ? kInvitation : kReset));
    });
    return link && !link->used && link->expires_at > now;
}

Status AccountService::UsePasswordLink(const std::string& token, bool invitation,
                                       const std::string& password, const std::string& ip) {
    const Error dead{ErrorCode::kFailedPrecondition,
                     invitation ? "Ce lien d’invitation n’est plus valable : demandez une nouvelle "
                                  "invitation à l’administrateur de votre organisation."
                                : "Ce lien n’est plus valable (il sert une seule fois, pendant une "
                                  "heure) : demandez-en un nouveau.",
                     {}};
    if (token.empty() || token.size() > 100) return dead;
    const auto hash = Sha256Hex(token);
    const auto kind = std::string(invitation ? kInvitation : kReset);
    const auto now = Now();
    const auto link = db_.Read([&](db::Connection& c) { return repo::FindLink(c, hash, kind); });
    if (!link || link->used || link->expires_at <= now) return dead;
    const auto user = db_.Read([&](db::Connection& c) { return repo::FindUser(c, link->user_id); });
    if (!user || user->status != UserStatus::kActive) return dead;
    if (auto s = CheckNewPassword(password, user->email, common_); !s) return s;
    const auto password_hash = options_.hasher.Hash(password);
    return db_.Write([&](db::Connection& c) -> Status {
        if (!repo::UseLink(c, hash, now)) return dead;
        repo::SetPassword(c, user->id, password_hash);
        repo::DeleteUserSessions(c, user->id);
        AuditLog::Record(c, Actor{user->id, user->email, ip},
                         {invitation ? "user.accept_invitation" : "user.password_reset", "user",
                          std::to_string(user->id), nullptr, nullptr},
                         now);
        return Ok{};
    });
}

// --- Second factor and API tokens ---------------------------------------------------------

Result<TotpEnrolment> AccountService::StartTotp(const Principal& principal) {
    const auto secret = NewTotpSecret();
    const auto now = Now();
    db_.Write([&](db::Connection& c) {
        const auto state = repo::GetTotp(c, principal.user_id);
        if (state.enabled) return 0;
        repo::SetTotp(c, principal.user_id, secret, false);
        AuditLog::Record(
            c, Actor::Of(principal),
            {"user.totp_start", "user", std::to_string(principal.user_id), nullptr, nullptr}, now);
        return 0;
    });
    if (principal.totp_enabled) {
        return Error{
            ErrorCode::kFailedPrecondition, "La double authentification est déjà active.", {}};
    }
    return TotpEnrolment{secret, OtpauthUri("CNCD", principal.email, secret)};
}

std::optional<TotpEnrolment> AccountService::PendingTotp(const Principal& principal) {
    const auto state =
        db_.Read([&](db::Connection& c) { return repo::GetTotp(c, principal.user_id); });
    if (state.enabled || state.secret.empty()) return std::nullopt;
    return TotpEnrolment{state.secret, OtpauthUri("CNCD", principal.email, state.secret)};
}

Status AccountService::ConfirmTotp(const Principal& principal, const std::string& code,
                                   const std::string& ip) {
    const auto now = Now();
    const auto digits = Trim(code);
    return db_.Write([&](db::Connection& c) -> Status {
        const auto state = repo::GetTotp(c, principal.user_id);
        const auto secret = Base32Decode(state.secret);
        if (state.enabled || state.secret.empty() || !secret) {
            return Error{ErrorCode::kFailedPrecondition,
                         "Commencez par afficher une nouvelle clé secrète.",
                         {}};
        }
        const auto step = VerifyTotp(*secret, digits, now, state.last_step);
        if (!step) {
            return InvalidArgument("totp",
                                   "Code incorrect : saisissez le code à 6 chiffres affiché par "
                                   "votre application.");
        }
        repo::SetTotp(c, principal.user_id, state.secret, true);
        repo::SetTotpLastStep(c, principal.user_id, *step);
        AuditLog::Record(c, Actor::Of(principal, ip),
                         {"user.totp_enable",
                          "user",
                          std::to_string(principal.user_id),
                          {{"totp", false}},
                          {{"totp", true}}},
                         now);
        return Ok{};
    });
}

Status AccountService::DisableTotp(const Principal& principal, const std::string& code,
                                   const std::string& ip) {
    if (principal.role == Role::kMinistryAdmin) {
        return Error{ErrorCode::kFailedPrecondition,
                     "La double authentification est obligatoire pour les administrateurs du "
                     "ministère.",
                     {}};
    }
    const auto now = Now();
    const auto digits = Trim(code);
    return db_.Write([&](db::Connection& c) -> Status {
        const auto state = repo::GetTotp(c, principal.user_id);
        const auto secret = Base32Decode(state.secret);
        if (!state.enabled || !secret) {
            return Error{
                ErrorCode::kFailedPrecondition, "La double authentification n’est pas active.", {}};
        }
        if (!VerifyTotp(*secret, digits, now, state.last_step)) {
            return InvalidArgument("totp", "Code incorrect.");
        }
        repo::SetTotp(c, principal.user_id, std::nullopt, false);
        AuditLog::Record(c, Actor::Of(principal, ip),
                         {"user.totp_disable",
                          "user",
                          std::to_string(principal.user_id),
                          {{"totp", true}},
                          {{"totp", false}}},
                         now);
        return Ok{};
    });
}

Result<std::string> AccountService::CreateApiToken(const Principal& principal,
                                                   const std::string& raw_name,
                                                   const std::string& ip) {
    const auto name = Trim(raw_name);
    if (auto s = CheckText(name, "name", "un nom pour ce jeton", true, kMaxTokenNameLength); !s) {
        return s.error();
    }
    const auto token = std::string(kApiTokenPrefix) + NewToken();
    const auto now = Now();
    db_.Write([&](db::Connection& c) {
        const auto id = repo::InsertApiToken(c, principal.user_id, name, Sha256Hex(token),
                                             token.substr(0, kApiTokenPrefix.size() + 6), now);
        AuditLog::Record(c, Actor::Of(principal, ip),
                         {"api_token.create",
                          "api_token",
                          std::to_string(id),
                          nullptr,
                          {{"name", name}, {"user_id", principal.user_id}}},
                         now);
        return 0;
    });
    return token;
}

std::vector<ApiTokenInfo> AccountService::ApiTokens(const Principal& principal) {
    return db_.Read([&](db::Connection& c) { return repo::ListApiTokens(c, principal.user_id); });
}

Status AccountService::RevokeApiToken(const Principal& principal, std::int64_t id,
                                      const std::string& ip) {
    const auto now = Now();
    return db_.Write([&](db::Connection& c) -> Status {
        if (!repo::RevokeApiToken(c, principal.user_id, id, now)) {
            return NotFound("Ce jeton n’existe pas ou est déjà révoqué.");
        }
        AuditLog::Record(c, Actor::Of(principal, ip),
                         {"api_token.revoke", "api_token", std::to_string(id), nullptr, nullptr},
                         now);
        return Ok{};
    });
}

// --- Administration -----------------------------------------------------------------------

Result<User> AccountService::GetUser(std::int64_t id) {
    auto user = db_.Read([&](db::Connection& c) { return repo::FindUser(c, id); });
    if (!user) return NotFound("Ce compte n’existe pas.");
    return *user;
}

Result<Organisation> AccountService::GetOrganisation(std::int64_t id) {
    auto organisation = db_.Read([&](db::Connection& c) { return repo::FindOrganisation(c, id); });
    if (!organisation) return NotFound("Cette organisation n’existe pas.");
    return *organisation;
}

Result<std::vector<Organisation>> AccountService::ListOrganisations(
    const Principal& principal, std::optional<OrganisationKind> kind, const std::string& query) {
    if (!IsAllowed(&principal, Action::kManageOrganisation, Resource::Global())) return Denied();
    const auto folded = text::Slugify(Trim(query).substr(0, kMaxQueryLength));
    return db_.Read(
        [&](db::Connection& c) { return repo::ListOrganisations(c, kind, folded, 500); });
}

Result<std::int64_t> AccountService::CreateOrganisation(const Principal& principal,
                                                        const NewOrganisationRequest& request) {
    if (!IsAllowed(&principal, Action::kManageOrganisation, Resource::Global())) return Denied();
    return db_.Write([&](db::Connection& c) -> Result<std::int64_t> {
        auto name = Trim(request.name);
        if (request.kind == OrganisationKind::kAuthority) {
            const auto authority = request.authority_id
                                       ? repo::FindAuthority(c, *request.authority_id)
                                       : repo::FindAuthorityBySiren(c, Trim(request.siren));
            if (!authority) {
                return InvalidArgument("siren",
                                       "Aucune collectivité de l’Atlas n’a ce numéro SIREN.");
            }
            if (repo::FindOrganisationByAuthority(c, authority->id)) {
                return Error{ErrorCode::kAlreadyExists,
                             "Cette collectivité a déjà son organisation.", "siren"};
            }
            name = authority->name;
        } else if (auto s = CheckText(name, "name", "le nom de l’organisation", true, 200); !s) {
            return s.error();
        } else if (name.size() < 2) {
            return InvalidArgument("name", "Indiquez le nom de l’organisation.");
        }
        if (request.kind == OrganisationKind::kEmbassy &&
            !repo::CountryExists(c, request.country_iso2)) {
            return InvalidArgument("country_iso2", "Choisissez le pays de l’ambassade.");
        }
        if (request.kind == OrganisationKind::kPrefecture &&
            !repo::RegionExists(c, request.region_code)) {
            return InvalidArgument("region_code", "Choisissez la région de la préfecture.");
        }
        const auto now = Now();
        std::optional<std::int64_t> authority_id;
        if (request.kind == OrganisationKind::kAuthority) {
            authority_id =
                request.authority_id
                    ? request.authority_id
                    : std::optional(repo::FindAuthorityBySiren(c, Trim(request.siren))->id);
        }
        repo::NewOrganisation row{
            request.kind, name, authority_id,
            request.kind == OrganisationKind::kEmbassy ? request.country_iso2 : "",
            request.kind == OrganisationKind::kPrefecture ? request.region_code : ""};
        const auto id = repo::InsertOrganisation(c, row, now);
        AuditLog::Record(c, Actor::Of(principal, request.ip),
                         {"organisation.create", "organisation", std::to_string(id), nullptr,
                          OrganisationJson(*repo::FindOrganisation(c, id))},
                         now);
        return id;
    });
}

Result<std::vector<User>> AccountService::ListUsers(const Principal& principal,
                                                    std::optional<std::int64_t> organisation_id,
                                                    std::optional<UserStatus> status,
                                                    const std::string& query) {
    const auto resource =
        organisation_id ? Resource::OfOrganisation(*organisation_id) : Resource::Global();
    if (!IsAllowed(&principal, Action::kManageOrganisation, resource)) return Denied();
    // Compared with lower(name) and lower(email): SQLite lowers ASCII only, so the query is too.
    repo::UserFilter filter{organisation_id, status,
                            NormaliseEmail(Trim(query).substr(0, kMaxQueryLength)), 500};
    return db_.Read([&](db::Connection& c) { return repo::ListUsers(c, filter); });
}

Status AccountService::UpdateUser(const Principal& principal, std::int64_t user_id, Role role,
                                  UserStatus status, const std::string& ip) {
    const auto now = Now();
    return db_.Write([&](db::Connection& c) -> Status {
        const auto user = repo::FindUser(c, user_id);
        if (!user) return NotFound("Ce compte n’existe pas.");
        if (auto s = Authorize(&principal, Action::kManageOrganisation,
                               Resource::OfOrganisation(user->organisation_id));
            !s) {
            return s;
        }
        if (user->id == principal.user_id) {
            return Error{ErrorCode::kFailedPrecondition,
                         "Vous ne pouvez pas changer votre propre rôle ni votre propre statut.",
                         {}};
        }
        const bool ministry = user->organisation_kind == OrganisationKind::kMinistry;
        const bool ministry_role = role == Role::kMinistryAdmin || role == Role::kInstructor;
        if (ministry != ministry_role) {
            return InvalidArgument("role", "Ce rôle n’existe pas dans cette organisation.");
        }
        repo::SetUserRole(c, user_id, role);
        repo::SetUserStatus(c, user_id, status,
                            user->status == UserStatus::kPending && status == UserStatus::kActive
                                ? std::optional(principal.user_id)
                                : std::nullopt,
                            now);
        if (status != UserStatus::kActive) repo::DeleteUserSessions(c, user_id);
        const auto after = repo::FindUser(c, user_id);
        AuditLog::Record(
            c, Actor::Of(principal, ip),
            {"user.update", "user", std::to_string(user_id), UserJson(*user), UserJson(*after)},
            now);
        return Ok{};
    });
}

Status AccountService::MergeOrganisations(const Principal& principal, std::int64_t from,
                                          std::int64_t into, const std::string& ip) {
    if (auto s = Authorize(&principal, Action::kMergeOrganisations, Resource::Global()); !s)
        return s;
    if (from == into) {
        return InvalidArgument("into", "Choisissez deux organisations différentes.");
    }
    const auto now = Now();
    return db_.Write([&](db::Connection& c) -> Status {
        const auto source = repo::FindOrganisation(c, from);
        const auto target = repo::FindOrganisation(c, into);
        if (!source || !target) return NotFound("Cette organisation n’existe pas.");
        if (source->merged || target->merged) {
            return Error{ErrorCode::kFailedPrecondition,
                         "Une organisation déjà fusionnée ne peut plus l’être.",
                         {}};
        }
        if (source->kind != target->kind) {
            return InvalidArgument("into", "Seules deux organisations du même type fusionnent.");
        }
        if (source->kind == OrganisationKind::kMinistry) {
            return InvalidArgument("from", "Le ministère ne fusionne pas.");
        }
        const auto held_before = repo::HeldAuthorities(c, into);
        repo::MergeOrganisationRows(c, from, into);
        for (const auto& hook : merge_hooks_) hook(c, from, into);
        AuditLog::Record(
            c, Actor::Of(principal, ip),
            {"organisation.merge", "organisation", std::to_string(from), OrganisationJson(*source),
             OrganisationJson(*repo::FindOrganisation(c, from))},
            now);
        AuditLog::Record(
            c, Actor::Of(principal, ip),
            {"organisation.merge_into",
             "organisation",
             std::to_string(into),
             {{"authority_ids", held_before}},
             {{"authority_ids", repo::HeldAuthorities(c, into)}, {"merged_from", from}}},
            now);
        return Ok{};
    });
}

void AccountService::AddMergeHook(MergeHook hook) { merge_hooks_.push_back(std::move(hook)); }

Result<std::vector<AuditEntry>> AccountService::Audit(const Principal& principal,
                                                      const AuditQuery& query) {
    if (!IsAllowed(&principal, Action::kReadAudit, Resource::Global())) return Denied();
    return db_.Read([&](db::Connection& c) { return AuditLog::List(c, query); });
}

// --- Seeding ------------------------------------------------------------------------------

Result<std::int64_t> AccountService::EnsureOrganisation(const NewOrganisationRequest& request) {
    const auto now = Now();
    return db_.Write([&](db::Connection& c) -> Result<std::int64_t> {
        if (request.authority_id) {
            if (const auto o = repo::FindOrganisationByAuthority(c, *request.authority_id))
                return o->id;
            const auto authority = repo::FindAuthority(c, *request.authority_id);
            if (!authority) return NotFound("Collectivité introuvable dans l’Atlas.");
        }
        for (const auto& o :
             repo::ListOrganisations(c, request.kind, text::Slugify(request.name), 50)) {
            if (o.name == request.name) return o.id;
        }
        const auto id = repo::InsertOrganisation(c,
                                                 {request.kind, request.name, request.authority_id,
                                                  request.country_iso2, request.region_code},
                                                 now);
        AuditLog::Record(c, Actor::System(),
                         {"organisation.create", "organisation", std::to_string(id), nullptr,
                          OrganisationJson(*repo::FindOrganisation(c, id))},
                         now);
        return id;
    });
}

Result<std::int64_t> AccountService::CreateUser(const DirectUser& user) {
    const auto email = NormaliseEmail(user.email);
    if (auto s = CheckEmail(email); !s) return s.error();
    if (auto s = CheckNewPassword(user.password, email, common_); !s) return s.error();
    const auto hash = options_.hasher.Hash(user.password);
    const auto now = Now();
    return db_.Write([&](db::Connection& c) -> Result<std::int64_t> {
        if (repo::FindUserByEmail(c, email)) {
            return Error{ErrorCode::kAlreadyExists, "Cette adresse a déjà un compte.", "email"};
        }
        const auto id = repo::InsertUser(c,
                                         {user.organisation_id, email, user.name, user.job_title,
                                          hash, user.role, UserStatus::kActive},
                                         now);
        if (user.totp_secret) repo::SetTotp(c, id, *user.totp_secret, true);
        AuditLog::Record(
            c, Actor::System(),
            {"user.create", "user", std::to_string(id), nullptr, UserJson(*repo::FindUser(c, id))},
            now);
        return id;
    });
}

std::optional<std::int64_t> AccountService::FindAuthority(const std::string& kind,
                                                          const std::string& insee) {
    return db_.Read([&](db::Connection& c) { return repo::FindAuthorityByInsee(c, kind, insee); });
}

std::optional<User> AccountService::FindUserByEmail(const std::string& email) {
    const auto normalised = NormaliseEmail(email);
    return db_.Read([&](db::Connection& c) { return repo::FindUserByEmail(c, normalised); });
}

}  // namespace cncd::accounts
