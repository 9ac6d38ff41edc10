#include "modules/accounts/accounts.hpp"

#include <array>
#include <chrono>

namespace cncd::accounts {

namespace {

template <typename E>
struct Name {
    E value;
    std::string_view stored;
    std::string_view label;
};

constexpr std::array kKinds{
    Name<OrganisationKind>{OrganisationKind::kAuthority, "authority", "Collectivité territoriale"},
    Name<OrganisationKind>{OrganisationKind::kEmbassy, "embassy", "Ambassade"},
    Name<OrganisationKind>{OrganisationKind::kPrefecture, "prefecture", "Préfecture de région"},
    Name<OrganisationKind>{OrganisationKind::kMinistry, "ministry", "Ministère (DAECT)"},
    Name<OrganisationKind>{OrganisationKind::kOperator, "operator", "Opérateur de l’État"},
    Name<OrganisationKind>{OrganisationKind::kNetwork, "network", "Réseau ou association d’élus"},
};
constexpr std::array kRoles{
    Name<Role>{Role::kMember, "member", "Membre"},
    Name<Role>{Role::kOrgAdmin, "org_admin", "Administrateur de l’organisation"},
    Name<Role>{Role::kMinistryAdmin, "ministry_admin", "Administrateur du ministère"},
    Name<Role>{Role::kInstructor, "instructor", "Instructeur du ministère"},
};
constexpr std::array kStatuses{
    Name<UserStatus>{UserStatus::kPending, "pending", "En attente de validation"},
    Name<UserStatus>{UserStatus::kActive, "active", "Actif"},
    Name<UserStatus>{UserStatus::kDisabled, "disabled", "Désactivé"},
};

template <typename E, std::size_t N>
const Name<E>& Find(const std::array<Name<E>, N>& names, E value) {
    for (const auto& name : names) {
        if (name.value == value) return name;
    }
    return names.front();
}

template <typename E, std::size_t N>
std::optional<E> Parse(const std::array<Name<E>, N>& names, std::string_view text) {
    for (const auto& name : names) {
        if (name.stored == text) return name.value;
    }
    return std::nullopt;
}

}  // namespace

std::string_view ToString(OrganisationKind kind) { return Find(kKinds, kind).stored; }
std::string_view ToString(Role role) { return Find(kRoles, role).stored; }
std::string_view ToString(UserStatus status) { return Find(kStatuses, status).stored; }
std::string_view Label(OrganisationKind kind) { return Find(kKinds, kind).label; }
std::string_view Label(Role role) { return Find(kRoles, role).label; }
std::string_view Label(UserStatus status) { return Find(kStatuses, status).label; }
std::optional<OrganisationKind> ParseOrganisationKind(std::string_view text) {
    return Parse(kKinds, text);
}
std::optional<Role> ParseRole(std::string_view text) { return Parse(kRoles, text); }
std::optional<UserStatus> ParseUserStatus(std::string_view text) { return Parse(kStatuses, text); }

const std::vector<OrganisationKind>& AllOrganisationKinds() {
    static const std::vector<OrganisationKind> kinds = [] {
        std::vector<OrganisationKind> out;
        for (const auto& kind : kKinds) out.push_back(kind.value);
        return out;
    }();
    return kinds;
}

Clock SystemClock() {
    return [] {
        return std::chrono::duration_cast<std::chrono::seconds>(
                   std::chrono::system_clock::now().time_since_epoch())
            .count();
    };
}

}  // namespace cncd::accounts
