// The account service on a real (temporary) SQLite database with a fake clock.
#include <gtest/gtest.h>

#include <regex>

#include "modules/accounts/accounts_test_support.hpp"
#include "modules/accounts/policy.hpp"

namespace cncd::accounts {
namespace {

using testing::AccountsWorld;
using testing::kPassword;

std::string LinkToken(const Mail& mail) {
    std::smatch match;
    const std::regex pattern("jeton=([A-Za-z0-9_-]+)");
    return std::regex_search(mail.body, match, pattern) ? match[1].str() : "";
}

std::string StoredHash(AccountsWorld& w, const std::string& email) {
    return w.database.db().Read([&](db::Connection& c) {
        std::string out;
        c.Query("SELECT password_hash FROM users WHERE email = ?", {email},
                [&](const db::Row& row) { out = row.Text(0); });
        return out;
    });
}

TEST(AccountService, StoresArgon2idHashesNeverThePassword) {
    AccountsWorld w;
    const auto hash = StoredHash(w, "membre@a.fr");
    EXPECT_TRUE(hash.starts_with("$argon2id$")) << hash;
    EXPECT_EQ(hash.find(kPassword), std::string::npos);
}

TEST(AccountService, SessionTokensAreStoredHashed) {
    AccountsWorld w;
    const auto token = w.SignIn("membre@a.fr");
    const auto stored = w.database.db().Read([&](db::Connection& c) {
        return c.QueryInt("SELECT COUNT(*) FROM sessions WHERE token_hash = ?", {token});
    });
    EXPECT_EQ(stored, 0);
    EXPECT_EQ(w.database.db().Read([&](db::Connection& c) {
        return c.QueryInt("SELECT COUNT(*) FROM sessions WHERE token_hash = ?", {Sha256Hex(token)});
    }),
              1);
}

TEST(AccountService, WrongPasswordAndUnknownEmailGetTheSameAnswer) {
    AccountsWorld w;
    const auto wrong = w.service->Login("membre@a.fr", "pas le bon mot de passe", "10.0.0.2", "");
    const auto unknown =
        w.service->Login("personne@a.fr", "pas le bon mot de passe", "10.0.0.3", "");
    ASSERT_FALSE(wrong);
    ASSERT_FALSE(unknown);
    EXPECT_EQ(wrong.error().code, ErrorCode::kUnauthenticated);
    EXPECT_EQ(wrong.error().message, unknown.error().message);
    EXPECT_EQ(wrong.error().field, unknown.error().field);
}

TEST(AccountService, SessionEndsAfter30IdleMinutesAnd12Hours) {
    AccountsWorld w;
    const auto token = w.SignIn("membre@a.fr");
    EXPECT_TRUE(w.service->ResolveSession(token).principal);
    *w.now += 29 * 60;
    EXPECT_TRUE(w.service->ResolveSession(token).principal);  // refreshes the idle expiry
    *w.now += 29 * 60;
    EXPECT_TRUE(w.service->ResolveSession(token).principal);
    *w.now += 30 * 60;
    const auto idle = w.service->ResolveSession(token);
    EXPECT_FALSE(idle.principal);
    EXPECT_TRUE(idle.expired);
    EXPECT_FALSE(w.service->ResolveSession(token).expired);  // deleted: now simply unknown

    // Active every 20 minutes, the session still ends 12 hours after sign-in.
    const auto busy = w.SignIn("membre@a.fr");
    const auto start = *w.now;
    while (*w.now + 20 * 60 < start + 12 * 3600) {
        *w.now += 20 * 60;
        ASSERT_TRUE(w.service->ResolveSession(busy).principal) << (*w.now - start);
    }
    *w.now = start + 12 * 3600;
    EXPECT_TRUE(w.service->ResolveSession(busy).expired);
}

TEST(AccountService, LogoutAndLogoutEverywhereEndSessions) {
    AccountsWorld w;
    const auto first = w.SignIn("membre@a.fr");
    const auto second = w.SignIn("membre@a.fr");
    w.service->Logout(first);
    EXPECT_FALSE(w.service->ResolveSession(first).principal);
    const auto principal = *w.service->ResolveSession(second).principal;
    const auto third = w.SignIn("membre@a.fr");
    EXPECT_EQ(w.service->Sessions(principal).size(), 2u);
    w.service->LogoutEverywhere(principal, "10.0.0.1");
    EXPECT_FALSE(w.service->ResolveSession(second).principal);
    EXPECT_FALSE(w.service->ResolveSession(third).principal);
}

TEST(AccountService, TenFailuresLockTheAccountFor15MinutesEvenWithTheRightPassword) {
    AccountsWorld w;
    for (int i = 0; i < 10; ++i) {
        const auto r = w.service->Login("membre@a.fr", "mauvais mot de passe",
                                        "10.0.1." + std::to_string(i), "");
        ASSERT_FALSE(r);
    }
    const auto locked = w.service->Login("membre@a.fr", kPassword, "10.0.2.1", "");
    ASSERT_TRUE(locked);
    EXPECT_EQ(locked->outcome, SignIn::Outcome::kThrottled);
    // An unknown address locks the same way (no difference to observe).
    for (int i = 0; i < 10; ++i)
        w.service->Login("inconnu@a.fr", "x", "10.0.3." + std::to_string(i), "");
    EXPECT_EQ(w.service->Login("inconnu@a.fr", "x", "10.0.4.1", "")->outcome,
              SignIn::Outcome::kThrottled);
    *w.now += 15 * 60 + 1;
    const auto again = w.service->Login("membre@a.fr", kPassword, "10.0.2.1", "");
    ASSERT_TRUE(again);
    EXPECT_EQ(again->outcome, SignIn::Outcome::kSignedIn);
}

TEST(AccountService, OneAddressIsThrottledAcrossAccounts) {
    AccountsWorld w;
    for (int i = 0; i < 50; ++i)
        w.service->Login("x" + std::to_string(i) + "@a.fr", "x", "10.9.9.9", "");
    EXPECT_EQ(w.service->Login("membre@a.fr", kPassword, "10.9.9.9", "")->outcome,
              SignIn::Outcome::kThrottled);
    EXPECT_EQ(w.service->Login("membre@a.fr", kPassword, "10.9.9.8", "")->outcome,
              SignIn::Outcome::kSignedIn);
}

TEST(AccountService, ResetLinkWorksOnceAndExpiresAfterAnHour) {
    AccountsWorld w;
    w.service->RequestPasswordReset("membre@a.fr", "10.0.0.1");
    const auto token = LinkToken(w.mailer.LastTo("membre@a.fr"));
    ASSERT_FALSE(token.empty());
    EXPECT_TRUE(
        w.mailer.LastTo("membre@a.fr").body.find("https://portail.test/reinitialisation?jeton=") !=
        std::string::npos);
    const auto before = StoredHash(w, "membre@a.fr");
    EXPECT_TRUE(w.service->IsLinkLive(token, false));
    EXPECT_FALSE(w.service->UsePasswordLink(token, false, "court", "10.0.0.1"));  // too short
    EXPECT_TRUE(w.service->UsePasswordLink(token, false, "un tout nouveau secret", "10.0.0.1"));
    EXPECT_NE(StoredHash(w, "membre@a.fr"), before);
    const auto reused =
        w.service->UsePasswordLink(token, false, "encore un autre secret", "10.0.0.1");
    ASSERT_FALSE(reused);
    EXPECT_EQ(reused.error().code, ErrorCode::kFailedPrecondition);
    EXPECT_TRUE(w.service->Login("membre@a.fr", "un tout nouveau secret", "10.0.0.1", ""));

    w.service->RequestPasswordReset("membre@a.fr", "10.0.0.1");
    const auto late = LinkToken(w.mailer.LastTo("membre@a.fr"));
    *w.now += 3600;
    EXPECT_FALSE(w.service->IsLinkLive(late, false));
    EXPECT_FALSE(w.service->UsePasswordLink(late, false, "un secret trop tardif", "10.0.0.1"));
}

TEST(AccountService, ResetOfAnUnknownAddressSendsNothing) {
    AccountsWorld w;
    const auto sent = w.mailer.Sent().size();
    w.service->RequestPasswordReset("personne@a.fr", "10.0.0.1");
    EXPECT_EQ(w.mailer.Sent().size(), sent);
}

TEST(AccountService, SignUpIsPendingUntilTheOrganisationAdministratorApproves) {
    AccountsWorld w;
    SignUpRequest request{OrganisationKind::kAuthority,
                          std::nullopt,
                          w.authority_a,
                          "Chargée de mission",
                          "Maite Irigoyen",
                          "Maite@A.fr",
                          kPassword,
                          "10.0.0.5"};
    ASSERT_TRUE(w.service->SignUp(request));
    EXPECT_NE(w.mailer.LastTo("admin@a.fr").body.find("Maite Irigoyen"), std::string::npos);
    EXPECT_FALSE(w.service->Login("maite@a.fr", kPassword, "10.0.0.5", ""));

    const auto user = *w.service->FindUserByEmail("maite@a.fr");
    EXPECT_EQ(user.status, UserStatus::kPending);
    EXPECT_EQ(user.organisation_id, w.org_a);
    const auto member_b = w.PrincipalOf("membre@b.fr");
    EXPECT_EQ(w.service->Decide(member_b, user.id, true, "").error().code,
              ErrorCode::kPermissionDenied);
    const auto admin_a = w.PrincipalOf("admin@a.fr");
    ASSERT_EQ(w.service->PendingUsers(admin_a).size(), 1u);
    ASSERT_TRUE(w.service->Decide(admin_a, user.id, true, "10.0.0.1"));
    EXPECT_TRUE(w.service->Login("maite@a.fr", kPassword, "10.0.0.5", ""));
    EXPECT_NE(w.mailer.LastTo("maite@a.fr").subject.find("validé"), std::string::npos);

    // A second sign-up with the same address answers the same and only warns the owner.
    ASSERT_TRUE(w.service->SignUp(request));
    EXPECT_NE(w.mailer.LastTo("maite@a.fr").body.find("déjà un compte"), std::string::npos);
}

TEST(AccountService, FirstSignUpOfAnAuthorityCreatesItsOrganisationForTheMinistryToApprove) {
    AccountsWorld w;
    const auto anglet = *w.service->FindAuthority("commune", "64024");
    SignUpRequest request{
        OrganisationKind::kAuthority, std::nullopt, anglet, "Élue", "Jeanne Dupont",
        "jeanne@anglet.fr",           kPassword,    ""};
    ASSERT_TRUE(w.service->SignUp(request));
    EXPECT_NE(w.mailer.LastTo("admin@daect.fr").body.find("Anglet"), std::string::npos);
    const auto weak = w.service->SignUp({OrganisationKind::kAuthority, std::nullopt, anglet, "Élu",
                                         "Jean Dupont", "jean@anglet.fr", "azertyuiop123", ""});
    ASSERT_FALSE(weak);
    EXPECT_EQ(weak.error().field, "password");
}

TEST(AccountService, InvitationLinkSetsThePassword) {
    AccountsWorld w;
    const auto admin = w.PrincipalOf("admin@a.fr");
    ASSERT_TRUE(w.service->Invite(
        admin, {w.org_a, "invitee@a.fr", "Invitée", "Stagiaire", Role::kMember, ""}));
    const auto token = LinkToken(w.mailer.LastTo("invitee@a.fr"));
    EXPECT_FALSE(w.service->Login("invitee@a.fr", kPassword, "10.0.0.7", ""));
    ASSERT_TRUE(w.service->UsePasswordLink(token, true, kPassword, ""));
    EXPECT_TRUE(w.service->Login("invitee@a.fr", kPassword, "10.0.0.7", ""));
    // Inviting into another organisation is refused.
    EXPECT_EQ(
        w.service->Invite(admin, {w.org_b, "x@b.fr", "X", "", Role::kMember, ""}).error().code,
        ErrorCode::kPermissionDenied);
}

TEST(AccountService, TotpIsAskedAfterThePasswordAndCodesAreSingleUse) {
    AccountsWorld w;
    const auto first = w.service->Login("admin@daect.fr", kPassword, "10.0.0.1", "");
    ASSERT_EQ(first->outcome, SignIn::Outcome::kTotpRequired);
    EXPECT_TRUE(w.service->ResolveSession(first->session_token).awaiting_totp);
    EXPECT_FALSE(w.service->ResolveSession(first->session_token).principal);
    EXPECT_FALSE(w.service->CompleteTotp(first->session_token, "000000", "10.0.0.1"));
    const auto code = w.CurrentCode();
    const auto done = w.service->CompleteTotp(first->session_token, code, "10.0.0.1");
    ASSERT_TRUE(done);
    EXPECT_TRUE(w.service->ResolveSession(done->session_token).principal);
    // The same code cannot open a second session.
    const auto second = w.service->Login("admin@daect.fr", kPassword, "10.0.0.1", "");
    EXPECT_FALSE(w.service->CompleteTotp(second->session_token, code, "10.0.0.1"));
}

TEST(AccountService, TotpEnrolmentNeedsAValidCodeAndMinistryAdminsCannotDisableIt) {
    AccountsWorld w;
    auto member = w.PrincipalOf("membre@a.fr");
    const auto enrolment = w.service->StartTotp(member);
    ASSERT_TRUE(enrolment);
    EXPECT_TRUE(enrolment->uri.starts_with("otpauth://totp/CNCD:membre%40a.fr?secret="));
    EXPECT_FALSE(w.service->ConfirmTotp(member, "123456", ""));
    const auto code = TotpCode(*Base32Decode(enrolment->secret), TotpStep(*w.now));
    ASSERT_TRUE(w.service->ConfirmTotp(member, code, ""));
    EXPECT_EQ(w.service->Login("membre@a.fr", kPassword, "10.0.0.1", "")->outcome,
              SignIn::Outcome::kTotpRequired);
    const auto admin = w.PrincipalOf("admin@daect.fr");
    EXPECT_FALSE(w.service->DisableTotp(admin, w.CurrentCode(), ""));
}

TEST(AccountService, ApiTokensAreShownOnceStoredHashedAndRevocable) {
    AccountsWorld w;
    const auto member = w.PrincipalOf("membre@a.fr");
    const auto token = w.service->CreateApiToken(member, "Script", "");
    ASSERT_TRUE(token);
    EXPECT_TRUE(token->starts_with("cncd_"));
    const auto resolved = w.service->ResolveApiToken(*token);
    ASSERT_TRUE(resolved);
    EXPECT_EQ(resolved->email, "membre@a.fr");
    EXPECT_EQ(resolved->method, AuthMethod::kApiToken);
    const auto list = w.service->ApiTokens(member);
    ASSERT_EQ(list.size(), 1u);
    EXPECT_TRUE(w.service->RevokeApiToken(member, list[0].id, ""));
    EXPECT_FALSE(w.service->ResolveApiToken(*token));
    EXPECT_FALSE(w.service->ResolveApiToken("cncd_invente"));
}

TEST(AccountService, CsrfTokensAreBoundToTheSessionAndSigned) {
    AccountsWorld w;
    const auto a = w.SignIn("membre@a.fr");
    const auto b = w.SignIn("membre@b.fr");
    EXPECT_TRUE(w.service->CheckCsrf(a, w.service->CsrfToken(a)));
    EXPECT_FALSE(w.service->CheckCsrf(a, w.service->CsrfToken(b)));
    EXPECT_FALSE(w.service->CheckCsrf(a, ""));
    const auto anonymous = w.service->NewAnonymousCsrf();
    EXPECT_TRUE(w.service->CheckAnonymousCsrf(anonymous, anonymous));
    EXPECT_FALSE(w.service->CheckAnonymousCsrf(anonymous, w.service->NewAnonymousCsrf()));
    EXPECT_FALSE(w.service->CheckAnonymousCsrf("forged.value", "forged.value"));
}

TEST(AccountService, MergeMovesUsersAndAuthorityAndRunsHooks) {
    AccountsWorld w;
    std::vector<std::pair<std::int64_t, std::int64_t>> hooked;
    w.service->AddMergeHook([&](db::Connection&, std::int64_t from, std::int64_t into) {
        hooked.emplace_back(from, into);
    });
    const auto admin_a = w.PrincipalOf("admin@a.fr");
    EXPECT_EQ(w.service->MergeOrganisations(admin_a, w.org_b, w.org_a, "").error().code,
              ErrorCode::kPermissionDenied);
    const auto ministry = w.PrincipalOf("admin@daect.fr");
    ASSERT_TRUE(w.service->MergeOrganisations(ministry, w.org_b, w.org_a, "10.0.0.1"));
    ASSERT_EQ(hooked.size(), 1u);
    EXPECT_EQ(hooked[0], std::pair(w.org_b, w.org_a));
    const auto moved = w.PrincipalOf("membre@b.fr");
    EXPECT_EQ(moved.organisation_id, w.org_a);
    EXPECT_TRUE(IsAllowed(&moved, Action::kEditProject, Resource::OfAuthority(w.authority_a)));
    EXPECT_TRUE(IsAllowed(&moved, Action::kEditProject, Resource::OfAuthority(w.authority_b)));
    EXPECT_TRUE(w.service->GetOrganisation(w.org_b)->merged);
    EXPECT_FALSE(w.service->MergeOrganisations(ministry, w.org_b, w.org_a, ""));
    const auto audit = w.service->Audit(ministry, {"organisation", std::to_string(w.org_b), 10});
    ASSERT_TRUE(audit);
    ASSERT_FALSE(audit->empty());
    EXPECT_EQ(audit->front().action, "organisation.merge");
    EXPECT_EQ(audit->front().actor, "admin@daect.fr");
    EXPECT_EQ(audit->front().before["merged"], false);
    EXPECT_EQ(audit->front().after["merged"], true);
}

TEST(AccountService, EveryChangeIsAudited) {
    AccountsWorld w;
    const auto admin = w.PrincipalOf("admin@a.fr");
    ASSERT_TRUE(
        w.service->UpdateUser(admin, w.member_a, Role::kOrgAdmin, UserStatus::kActive, "10.1.1.1"));
    ASSERT_TRUE(w.service->CreateApiToken(admin, "Script", "10.1.1.1"));
    const auto ministry = w.PrincipalOf("admin@daect.fr");
    const auto entries = *w.service->Audit(ministry, {"user", std::to_string(w.member_a), 10});
    ASSERT_FALSE(entries.empty());
    EXPECT_EQ(entries.front().action, "user.update");
    EXPECT_EQ(entries.front().before["role"], "member");
    EXPECT_EQ(entries.front().after["role"], "org_admin");
    EXPECT_EQ(entries.front().ip, "10.1.1.1");
    const auto all = *w.service->Audit(ministry, {});
    const auto has = [&](const std::string& action) {
        return std::any_of(all.begin(), all.end(),
                           [&](const AuditEntry& e) { return e.action == action; });
    };
    EXPECT_TRUE(has("user.create"));
    EXPECT_TRUE(has("organisation.create"));
    EXPECT_TRUE(has("api_token.create"));
    EXPECT_TRUE(has("session.sign_in"));
    const auto member = w.PrincipalOf("membre@b.fr");
    EXPECT_FALSE(w.service->Audit(member, {}));
}

TEST(AccountService, NobodyChangesAUserOfAnotherOrganisationOrGivesMinistryRoles) {
    AccountsWorld w;
    const auto admin = w.PrincipalOf("admin@a.fr");
    EXPECT_EQ(w.service->UpdateUser(admin, w.member_b, Role::kOrgAdmin, UserStatus::kActive, "")
                  .error()
                  .code,
              ErrorCode::kPermissionDenied);
    EXPECT_FALSE(
        w.service->UpdateUser(admin, w.member_a, Role::kMinistryAdmin, UserStatus::kActive, ""));
    EXPECT_FALSE(w.service->UpdateUser(admin, w.admin_a, Role::kMember, UserStatus::kActive, ""));
    // Disabling ends the user's sessions.
    const auto session = w.SignIn("membre@a.fr");
    ASSERT_TRUE(w.service->UpdateUser(admin, w.member_a, Role::kMember, UserStatus::kDisabled, ""));
    EXPECT_FALSE(w.service->ResolveSession(session).principal);
    EXPECT_FALSE(w.service->Login("membre@a.fr", kPassword, "10.0.0.1", ""));
}

TEST(AccountService, SignUpSearchIgnoresAccentsAndProposesAtlasAuthorities) {
    AccountsWorld w;
    const auto found =
        w.service->SearchOrganisations(OrganisationKind::kAuthority, "cesson sevigne", 10);
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].organisation_id, w.org_b);
    const auto hyphen =
        w.service->SearchOrganisations(OrganisationKind::kAuthority, "CESSON-SÉVIGNÉ", 10);
    ASSERT_EQ(hyphen.size(), 1u);
    EXPECT_EQ(hyphen[0].organisation_id, w.org_b);
    const auto anglet = w.service->SearchOrganisations(OrganisationKind::kAuthority, "angl", 10);
    ASSERT_EQ(anglet.size(), 1u);
    EXPECT_FALSE(anglet[0].organisation_id);
    EXPECT_NE(anglet[0].detail.find("216400242"), std::string::npos);
    EXPECT_EQ(w.service->SearchOrganisations(OrganisationKind::kAuthority, "216400242", 10).size(),
              1u);
}

}  // namespace
}  // namespace cncd::accounts
