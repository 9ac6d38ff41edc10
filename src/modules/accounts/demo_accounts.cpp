#include "modules/accounts/demo_accounts.hpp"

#include <string>
#include <vector>

namespace cncd::accounts {

namespace {

struct DemoOrganisation {
    OrganisationKind kind;
    std::string name;
    std::string authority_kind;  ///< Atlas authority: kind and INSEE code
    std::string insee;
    std::string country_iso2;
    std::string region_code;
};

struct DemoUser {
    std::size_t organisation;  ///< index in the organisations
    std::string email;
    std::string name;
    std::string job_title;
    Role role;
    bool totp = false;
};

}  // namespace

Result<DemoAccountsSummary> SeedDemoAccounts(AccountService& service) {
    const std::vector<DemoOrganisation> organisations = {
        {OrganisationKind::kAuthority, "Bayonne", "commune", "64102", "", ""},
        {OrganisationKind::kAuthority, "Cesson-Sévigné", "commune", "35051", "", ""},
        {OrganisationKind::kAuthority, "Conseil départemental de la Seine-Saint-Denis",
         "departement", "93", "", ""},
        {OrganisationKind::kEmbassy, "Ambassade de France au Niger", "", "", "NE", ""},
        {OrganisationKind::kPrefecture, "Préfecture de la région Nouvelle-Aquitaine", "", "", "",
         "75"},
        {OrganisationKind::kMinistry, "Ministère de l’Europe et des Affaires étrangères — DAECT",
         "", "", "", ""},
        {OrganisationKind::kOperator, "Agence française de développement (AFD)", "", "", "", ""},
        {OrganisationKind::kNetwork, "Cités Unies France", "", "", "", ""},
    };
    const std::vector<DemoUser> users = {
        {0, "bayonne@demo-cncd.fr", "Amaia Etxeberria", "Directrice des relations internationales",
         Role::kOrgAdmin},
        {0, "bayonne.agent@demo-cncd.fr", "Peio Larralde", "Chargé de mission coopération",
         Role::kMember},
        {1, "cesson-sevigne@demo-cncd.fr", "Gwenaëlle Le Gall", "Chargée des jumelages",
         Role::kOrgAdmin},
        {2, "seine-saint-denis@demo-cncd.fr", "Karim Benali",
         "Chef du service des relations internationales", Role::kOrgAdmin},
        {3, "ambassade.niger@demo-cncd.fr", "Claire Moreau", "Attachée de coopération (SCAC)",
         Role::kOrgAdmin},
        {4, "prefecture.nouvelle-aquitaine@demo-cncd.fr", "Jean-Marc Dufour",
         "Chargé de mission action extérieure", Role::kOrgAdmin},
        {5, "admin.daect@demo-cncd.fr", "Sophie Laurent", "Administratrice du portail",
         Role::kMinistryAdmin, true},
        {5, "instructeur.daect@demo-cncd.fr", "Thomas Girard", "Instructeur des appels à projets",
         Role::kInstructor},
    };

    DemoAccountsSummary summary;
    std::vector<std::int64_t> ids;
    for (const auto& o : organisations) {
        NewOrganisationRequest request{o.kind,        o.name, std::nullopt, {}, o.country_iso2,
                                       o.region_code, {}};
        if (!o.insee.empty()) {
            const auto authority = service.FindAuthority(o.authority_kind, o.insee);
            if (!authority) {
                return Error{ErrorCode::kFailedPrecondition,
                             "demo authority missing from the Atlas: " + o.name,
                             {}};
            }
            request.authority_id = *authority;
        }
        auto id = service.EnsureOrganisation(request);
        if (!id) return id.error();
        ids.push_back(*id);
        ++summary.organisations;
    }
    for (const auto& u : users) {
        DirectUser user{ids[u.organisation],
                        u.email,
                        u.name,
                        u.job_title,
                        kDemoPassword,
                        u.role,
                        u.totp ? std::optional<std::string>(kDemoTotpSecret) : std::nullopt};
        auto created = service.CreateUser(user);
        if (created) {
            ++summary.users;
            continue;
        }
        if (created.error().code != ErrorCode::kAlreadyExists) return created.error();
    }
    // A sign-up waiting for Bayonne's administrator, so the approval page has something.
    SignUpRequest pending{OrganisationKind::kAuthority,
                          ids[0],
                          std::nullopt,
                          "Stagiaire au service international",
                          "Maite Irigoyen",
                          "demande.bayonne@demo-cncd.fr",
                          kDemoPassword,
                          {}};
    if (!service.FindUserByEmail(pending.email)) {
        if (auto s = service.SignUp(pending); !s) return s.error();
        ++summary.users;
    }
    return summary;
}

}  // namespace cncd::accounts
