#pragma once

// Actors and a fixed clock for the fiches tests, on the Atlas fixture (atlas_test_fixture.hpp):
// Bayonne (authority 3) leads project 1 and is associated with project 3 (led by the Région
// Nouvelle-Aquitaine, authority 1); Paris (authority 5) leads projects 5 and 6.

#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "modules/accounts/accounts.hpp"
#include "modules/fiches/fiches.hpp"
#include "modules/fiches/fiches_service.hpp"

namespace cncd::fiches::testing {

/// The actors' organisations and accounts (the audit log names its users), to run after
/// atlas::fixture::kAtlasFixture.
inline constexpr const char* kActorsFixture = R"sql(
INSERT INTO organisations (id, kind, name, search_name, authority_id, country_iso2, created_at)
VALUES (1, 'authority', 'Bayonne', 'bayonne', 3, NULL, 0),
       (2, 'authority', 'Région Nouvelle-Aquitaine', 'region-nouvelle-aquitaine', 1, NULL, 0),
       (3, 'authority', 'Paris', 'paris', 5, NULL, 0),
       (4, 'ministry', 'DAECT', 'daect', NULL, NULL, 0),
       (5, 'ministry', 'DAECT (administration)', 'daect-administration', NULL, NULL, 0),
       (6, 'embassy', 'Ambassade au Sénégal', 'ambassade-au-senegal', NULL, 'SN', 0);
INSERT INTO users (id, organisation_id, email, name, role, status, created_at)
VALUES (1, 1, 'anne@bayonne.test', 'Anne Etcheverry', 'member', 'active', 0),
       (2, 2, 'paul@region.test', 'Paul Laborde', 'member', 'active', 0),
       (3, 3, 'claire@paris.test', 'Claire Martin', 'org_admin', 'active', 0),
       (4, 4, 'ines@daect.test', 'Inès Moreau', 'instructor', 'active', 0),
       (5, 5, 'marc@daect.test', 'Marc Durand', 'ministry_admin', 'active', 0),
       (6, 6, 'agent@ambassade.test', 'Sans Collectivité', 'member', 'active', 0);
)sql";

/// An actor as the portal makes one: from a principal of the accounts module.
inline Actor Of(std::int64_t user_id, std::string name, accounts::Role role,
                accounts::OrganisationKind kind, std::vector<std::int64_t> authorities) {
    accounts::Principal p;
    p.user_id = user_id;
    p.name = std::move(name);
    p.role = role;
    p.organisation_id = user_id;
    p.organisation_kind = kind;
    p.authority_ids = std::move(authorities);
    p.totp_enabled = true;
    return ActorOf(p);
}

using accounts::OrganisationKind;
using accounts::Role;
inline Actor Bayonne() {
    return Of(1, "Anne Etcheverry", Role::kMember, OrganisationKind::kAuthority, {3});
}
inline Actor Region() {
    return Of(2, "Paul Laborde", Role::kMember, OrganisationKind::kAuthority, {1});
}
inline Actor Paris() {
    return Of(3, "Claire Martin", Role::kOrgAdmin, OrganisationKind::kAuthority, {5});
}
inline Actor Instructor() {
    return Of(4, "Inès Moreau", Role::kInstructor, OrganisationKind::kMinistry, {});
}
inline Actor MinistryAdmin() {
    return Of(5, "Marc Durand", Role::kMinistryAdmin, OrganisationKind::kMinistry, {});
}
inline Actor NoAuthority() {
    return Of(6, "Sans Collectivité", Role::kMember, OrganisationKind::kEmbassy, {});
}

/// 26 November 2026, 12:00 UTC.
inline std::chrono::system_clock::time_point FixedNow() {
    using namespace std::chrono;
    return sys_days(year(2026) / November / 26) + hours(12);
}

}  // namespace cncd::fiches::testing
