// Pure unit tests: crypto helpers, TOTP (RFC 6238 vectors), password rules, the policy matrix.
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <tuple>

#include "modules/accounts/crypto.hpp"
#include "modules/accounts/password.hpp"
#include "modules/accounts/policy.hpp"
#include "modules/accounts/totp.hpp"

namespace cncd::accounts {
namespace {

TEST(Crypto, Sha1MatchesFips180Vectors) {
    EXPECT_EQ(Hex(Sha1("abc")), "a9993e364706816aba3e25717850c26c9cd0d89d");
    EXPECT_EQ(Hex(Sha1("")), "da39a3ee5e6b4b0d3255bfef95601890afd80709");
    EXPECT_EQ(Hex(Sha1("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")),
              "84983e441c3bd26ebaae4aa1f95129e5e54670f1");
}

TEST(Crypto, HmacSha1MatchesRfc2202Vectors) {
    EXPECT_EQ(Hex(HmacSha1(std::string(20, '\x0b'), "Hi There")),
              "b617318655057264e28bc0b6fb378c8ef146be00");
    EXPECT_EQ(Hex(HmacSha1("Jefe", "what do ya want for nothing?")),
              "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");
    EXPECT_EQ(Hex(HmacSha1(std::string(80, '\xaa'),
                           "Test Using Larger Than Block-Size Key - Hash Key First")),
              "aa4ae5e15272d00e95705637ce8a3b55ed402112");
}

TEST(Crypto, Base32RoundTripsAndRejectsInvalidCharacters) {
    EXPECT_EQ(Base32Encode("12345678901234567890"), "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
    EXPECT_EQ(Base32Decode("gezd gnbv gy3t qojq gezd gnbv gy3t qojq"), "12345678901234567890");
    EXPECT_FALSE(Base32Decode("ABC1"));
}

TEST(Crypto, TokensAre256BitsAndDistinct) {
    const auto a = NewToken();
    EXPECT_EQ(a.size(), 43u);  // 32 bytes in base64url without padding
    EXPECT_NE(a, NewToken());
    EXPECT_TRUE(ConstantTimeEquals(a, a));
    EXPECT_FALSE(ConstantTimeEquals(a, NewToken()));
    EXPECT_FALSE(ConstantTimeEquals(a, a.substr(1)));
}

// RFC 6238 appendix B, SHA-1 rows (the seed "12345678901234567890"), on 8 digits.
TEST(Totp, MatchesRfc6238Vectors) {
    const std::string seed = "12345678901234567890";
    const std::map<std::int64_t, std::string> vectors = {
        {59, "94287082"},         {1111111109, "07081804"}, {1111111111, "14050471"},
        {1234567890, "89005924"}, {2000000000, "69279037"}, {20000000000, "65353130"},
    };
    for (const auto& [time, code] : vectors) {
        EXPECT_EQ(TotpCode(seed, TotpStep(time), 8), code) << time;
    }
    EXPECT_EQ(TotpCode(seed, TotpStep(59)), "287082");  // 6 digits: the last six
}

TEST(Totp, AcceptsOneStepOfDriftAndRefusesReplay) {
    const std::string seed = "12345678901234567890";
    const std::int64_t now = 1111111111;
    const auto step = TotpStep(now);
    EXPECT_EQ(VerifyTotp(seed, TotpCode(seed, step), now, 0), step);
    EXPECT_EQ(VerifyTotp(seed, TotpCode(seed, step - 1), now, 0), step - 1);
    EXPECT_EQ(VerifyTotp(seed, TotpCode(seed, step + 1), now, 0), step + 1);
    EXPECT_FALSE(VerifyTotp(seed, TotpCode(seed, step - 2), now, 0));
    EXPECT_FALSE(VerifyTotp(seed, TotpCode(seed, step + 2), now, 0));
    // The same code a second time, or an older one, is refused.
    EXPECT_FALSE(VerifyTotp(seed, TotpCode(seed, step), now, step));
    EXPECT_FALSE(VerifyTotp(seed, TotpCode(seed, step - 1), now, step));
    EXPECT_FALSE(VerifyTotp(seed, "12345", now, 0));
}

TEST(Totp, OtpauthUriNamesIssuerAccountAndParameters) {
    EXPECT_EQ(OtpauthUri("CNCD", "a.b@exemple.fr", "ABC"),
              "otpauth://totp/CNCD:a.b%40exemple.fr?secret=ABC&issuer=CNCD&algorithm=SHA1&digits=6"
              "&period=30");
}

TEST(Password, StoredHashIsArgon2idAndVerifies) {
    const auto hasher = PasswordHasher::Fast();
    const auto hash = hasher.Hash("une phrase de passe assez longue");
    EXPECT_TRUE(hash.starts_with("$argon2id$")) << hash;
    EXPECT_TRUE(hasher.Verify(hash, "une phrase de passe assez longue"));
    EXPECT_FALSE(hasher.Verify(hash, "une phrase de passe assez longuE"));
    EXPECT_FALSE(hasher.Verify("not a hash", "x"));
    EXPECT_TRUE(PasswordHasher::Interactive().Hash("x").starts_with("$argon2id$v=19$m=65536"));
}

TEST(Password, RefusesShortCommonAndEmailPasswords) {
    const auto common = CommonPasswords::Of({"motdepasse123456", "qwertyuiop123"});
    const auto email = "amaia.etxeberria@bayonne.fr";
    EXPECT_TRUE(CheckNewPassword("quatre mots au hasard", email, common));
    const auto short_one = CheckNewPassword("onze caract", email, common);
    ASSERT_FALSE(short_one);
    EXPECT_EQ(short_one.error().field, "password");
    EXPECT_NE(short_one.error().message.find("12 caractères"), std::string::npos);
    // 12 code points in 14 bytes is long enough.
    EXPECT_TRUE(CheckNewPassword("éléphantsxyz", email, common));
    const auto common_one = CheckNewPassword("MotDePasse123456", email, common);
    ASSERT_FALSE(common_one);
    EXPECT_NE(common_one.error().message.find("plus courants"), std::string::npos);
    EXPECT_FALSE(CheckNewPassword("amaia.etxeberria", email, common));
    EXPECT_FALSE(CheckNewPassword(std::string(257, 'a'), email, common));
}

// --- The policy matrix ------------------------------------------------------------------------

constexpr std::int64_t kCommuneA = 1;  // organisation ids
constexpr std::int64_t kCommuneB = 2;
constexpr std::int64_t kEmbassy = 3;
constexpr std::int64_t kMinistry = 4;
constexpr std::int64_t kAuthorityA = 101;  // Atlas authority ids
constexpr std::int64_t kAuthorityB = 102;

Principal Make(Role role, std::int64_t organisation) {
    Principal p;
    p.user_id = organisation * 10 + static_cast<int>(role);
    p.role = role;
    p.organisation_id = organisation;
    p.organisation_kind = organisation == kEmbassy    ? OrganisationKind::kEmbassy
                          : organisation == kMinistry ? OrganisationKind::kMinistry
                                                      : OrganisationKind::kAuthority;
    if (organisation == kCommuneA) p.authority_ids = {kAuthorityA};
    if (organisation == kCommuneB) p.authority_ids = {kAuthorityB};
    return p;
}

enum class Owner { kAuthorityA, kAuthorityB, kOrganisationA, kOrganisationB, kEmbassy, kGlobal };

Resource Of(Owner owner) {
    switch (owner) {
        case Owner::kAuthorityA:
            return {kCommuneA, kAuthorityA};
        case Owner::kAuthorityB:
            return {kCommuneB, kAuthorityB};
        case Owner::kOrganisationA:
            return Resource::OfOrganisation(kCommuneA);
        case Owner::kOrganisationB:
            return Resource::OfOrganisation(kCommuneB);
        case Owner::kEmbassy:
            return Resource::OfOrganisation(kEmbassy);
        case Owner::kGlobal:
            return Resource::Global();
    }
    return Resource::Global();
}

enum class Who {
    kAnonymous,
    kMemberA,
    kAdminA,
    kMemberB,
    kEmbassyAdmin,
    kInstructor,
    kMinistryAdmin
};

// Expected answer for every (who, action, owner): the whole matrix, written out.
bool Expected(Who who, Action action, Owner owner) {
    const bool own_authority = (who == Who::kMemberA || who == Who::kAdminA)
                                   ? owner == Owner::kAuthorityA
                                   : who == Who::kMemberB && owner == Owner::kAuthorityB;
    const bool own_org =
        ((who == Who::kMemberA || who == Who::kAdminA) &&
         (owner == Owner::kOrganisationA || owner == Owner::kAuthorityA)) ||
        (who == Who::kMemberB && (owner == Owner::kOrganisationB || owner == Owner::kAuthorityB)) ||
        (who == Who::kEmbassyAdmin && owner == Owner::kEmbassy);
    const bool org_admin = who == Who::kAdminA || who == Who::kEmbassyAdmin;
    switch (who) {
        case Who::kAnonymous:
            return false;
        case Who::kMinistryAdmin:
            return true;
        case Who::kInstructor:
            // kManageDocuments: the ministry's own archive, an owner none of these is.
            return action == Action::kViewDraft || action == Action::kReviewApd ||
                   action == Action::kReadAudit;
        case Who::kMemberA:
        case Who::kAdminA:
        case Who::kMemberB:
        case Who::kEmbassyAdmin:
            switch (action) {
                case Action::kViewDraft:
                    return own_org;
                case Action::kEditProject:
                case Action::kCloseProject:
                case Action::kDeclareApd:
                    return own_authority;
                case Action::kApproveUser:
                case Action::kManageOrganisation:
                    return org_admin && own_org;
                case Action::kManageDocuments:
                    return own_org;
                case Action::kReviewApd:
                case Action::kMergeOrganisations:
                case Action::kRevertChange:
                case Action::kReadOutbox:
                case Action::kReadAudit:
                    return false;
            }
    }
    return false;
}

std::optional<Principal> PrincipalFor(Who who) {
    switch (who) {
        case Who::kAnonymous:
            return std::nullopt;
        case Who::kMemberA:
            return Make(Role::kMember, kCommuneA);
        case Who::kAdminA:
            return Make(Role::kOrgAdmin, kCommuneA);
        case Who::kMemberB:
            return Make(Role::kMember, kCommuneB);
        case Who::kEmbassyAdmin:
            return Make(Role::kOrgAdmin, kEmbassy);
        case Who::kInstructor:
            return Make(Role::kInstructor, kMinistry);
        case Who::kMinistryAdmin:
            return Make(Role::kMinistryAdmin, kMinistry);
    }
    return std::nullopt;
}

TEST(Policy, MatrixOfRolesOrganisationsAndActions) {
    int checked = 0;
    for (const auto who : {Who::kAnonymous, Who::kMemberA, Who::kAdminA, Who::kMemberB,
                           Who::kEmbassyAdmin, Who::kInstructor, Who::kMinistryAdmin}) {
        const auto principal = PrincipalFor(who);
        for (const auto action : AllActions()) {
            for (const auto owner : {Owner::kAuthorityA, Owner::kAuthorityB, Owner::kOrganisationA,
                                     Owner::kOrganisationB, Owner::kEmbassy, Owner::kGlobal}) {
                const auto* p = principal ? &*principal : nullptr;
                EXPECT_EQ(IsAllowed(p, action, Of(owner)), Expected(who, action, owner))
                    << "who=" << static_cast<int>(who) << " action=" << ToString(action)
                    << " owner=" << static_cast<int>(owner);
                ++checked;
            }
        }
    }
    EXPECT_EQ(checked, 7 * 12 * 6);
}

TEST(Policy, MemberOfCommuneANeverReadsOrChangesRecordsOfB) {
    const auto a = Make(Role::kOrgAdmin, kCommuneA);
    for (const auto action : AllActions()) {
        EXPECT_FALSE(IsAllowed(&a, action, Of(Owner::kAuthorityB))) << ToString(action);
        EXPECT_FALSE(IsAllowed(&a, action, Of(Owner::kOrganisationB))) << ToString(action);
    }
}

TEST(Policy, MergedAuthoritiesFollowTheirNewOrganisation) {
    auto a = Make(Role::kMember, kCommuneA);
    EXPECT_FALSE(IsAllowed(&a, Action::kEditProject, Resource::OfAuthority(kAuthorityB)));
    a.authority_ids.push_back(kAuthorityB);  // after B merged into A
    EXPECT_TRUE(IsAllowed(&a, Action::kEditProject, Resource::OfAuthority(kAuthorityB)));
}

TEST(Policy, AuthorizeSaysUnauthenticatedOrForbidden) {
    EXPECT_EQ(Authorize(nullptr, Action::kViewDraft, Resource::Global()).error().code,
              ErrorCode::kUnauthenticated);
    const auto member = Make(Role::kMember, kCommuneA);
    const auto denied = Authorize(&member, Action::kMergeOrganisations, Resource::Global());
    EXPECT_EQ(denied.error().code, ErrorCode::kPermissionDenied);
    EXPECT_FALSE(denied.error().message.empty());
}

}  // namespace
}  // namespace cncd::accounts
