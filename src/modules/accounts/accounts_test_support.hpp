#pragma once

#include <memory>
#include <string>

#include "modules/accounts/account_service.hpp"
#include "modules/accounts/crypto.hpp"
#include "modules/accounts/totp.hpp"
#include "tests/support/temp_database.hpp"

namespace cncd::accounts::testing {

inline constexpr const char* kPassword = "une phrase de passe solide";
inline constexpr const char* kTotpSecret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

/// A migrated temporary database with two Atlas communes (A, B), a ministry, their
/// organisations and one account per role; a fake clock; a fast Argon2id; mails in memory.
struct AccountsWorld {
    cncd::testing::TempDatabase database;
    MemoryMailer mailer;
    CommonPasswords common = CommonPasswords::Of({"motdepasse123456", "azertyuiop123"});
    std::shared_ptr<std::int64_t> now = std::make_shared<std::int64_t>(1'800'000'000);
    std::unique_ptr<AccountService> service;
    std::int64_t authority_a = 0, authority_b = 0;
    std::int64_t org_a = 0, org_b = 0, ministry = 0;
    std::int64_t admin_a = 0, member_a = 0, member_b = 0, ministry_admin = 0, instructor = 0;

    AccountsWorld() {
        database.db().Write([&](db::Connection& c) {
            c.Execute(
                "INSERT INTO authorities (kind, name, slug, siren, insee) VALUES "
                "('commune', 'Bayonne', 'bayonne', '216401026', '64102'), "
                "('commune', 'Cesson-Sévigné', 'cesson-sevigne', '213500515', '35051'), "
                "('commune', 'Anglet', 'anglet', '216400242', '64024')");
            return 0;
        });
        AccountOptions options;
        options.hasher = PasswordHasher::Fast();
        options.clock = [now = now] { return *now; };
        options.public_url = "https://portail.test";
        service = std::make_unique<AccountService>(database.db(), mailer, common, options);
        authority_a = *service->FindAuthority("commune", "64102");
        authority_b = *service->FindAuthority("commune", "35051");
        org_a = *service->EnsureOrganisation(
            {OrganisationKind::kAuthority, "Bayonne", authority_a, {}, {}, {}, {}});
        org_b = *service->EnsureOrganisation(
            {OrganisationKind::kAuthority, "Cesson-Sévigné", authority_b, {}, {}, {}, {}});
        ministry = *service->EnsureOrganisation(
            {OrganisationKind::kMinistry, "DAECT", {}, {}, {}, {}, {}});
        admin_a = User(org_a, "admin@a.fr", Role::kOrgAdmin);
        member_a = User(org_a, "membre@a.fr", Role::kMember);
        member_b = User(org_b, "membre@b.fr", Role::kMember);
        ministry_admin = User(ministry, "admin@daect.fr", Role::kMinistryAdmin, kTotpSecret);
        instructor = User(ministry, "instructeur@daect.fr", Role::kInstructor);
    }

    std::int64_t User(std::int64_t organisation, const std::string& email, Role role,
                      std::optional<std::string> totp = std::nullopt) {
        return *service->CreateUser(
            {organisation, email, email, "Fonction", kPassword, role, totp});
    }

    /// Signs in (and passes TOTP for the ministry administrator); returns the session token.
    std::string SignIn(const std::string& email) {
        auto result = service->Login(email, kPassword, "10.0.0.1", "test");
        if (result->outcome == SignIn::Outcome::kTotpRequired) {
            result = service->CompleteTotp(result->session_token, CurrentCode(), "10.0.0.1");
        }
        return result->session_token;
    }

    Principal PrincipalOf(const std::string& email) {
        return *service->ResolveSession(SignIn(email)).principal;
    }

    std::string CurrentCode() const { return TotpCode(*Base32Decode(kTotpSecret), TotpStep(*now)); }
};

}  // namespace cncd::accounts::testing
