#include "modules/atlas/atlas.hpp"

#include <array>
#include <utility>

namespace cncd::atlas {
namespace {

template <typename Enum, std::size_t N>
std::optional<Enum> Parse(const std::array<std::pair<Enum, std::string_view>, N>& table,
                          std::string_view code) {
    for (const auto& [value, name] : table) {
        if (name == code) return value;
    }
    return std::nullopt;
}

template <typename Enum, std::size_t N>
std::string_view Code(const std::array<std::pair<Enum, std::string_view>, N>& table, Enum value) {
    for (const auto& [v, name] : table) {
        if (v == value) return name;
    }
    return {};
}

constexpr std::array<std::pair<ProjectKind, std::string_view>, 5> kProjectKinds{{
    {ProjectKind::kCooperation, "cooperation"},
    {ProjectKind::kTwinning, "twinning"},
    {ProjectKind::kOneOff, "one_off"},
    {ProjectKind::kOudinSantini, "oudin_santini"},
    {ProjectKind::kEmergency, "emergency"},
}};

constexpr std::array<std::pair<ProjectStatus, std::string_view>, 3> kStatuses{{
    {ProjectStatus::kPlanned, "planned"},
    {ProjectStatus::kActive, "active"},
    {ProjectStatus::kFinished, "finished"},
}};

constexpr std::array<std::pair<AuthorityKind, std::string_view>, 6> kAuthorityKinds{{
    {AuthorityKind::kRegion, "region"},
    {AuthorityKind::kDepartement, "departement"},
    {AuthorityKind::kCommune, "commune"},
    {AuthorityKind::kEpci, "epci"},
    {AuthorityKind::kSyndicat, "syndicat"},
    {AuthorityKind::kCom, "com"},
}};

constexpr std::array<std::pair<LevelKind, std::string_view>, 8> kLevelKinds{{
    {LevelKind::kWorld, "world"},
    {LevelKind::kContinent, "continent"},
    {LevelKind::kCountry, "country"},
    {LevelKind::kPartner, "partner"},
    {LevelKind::kFrance, "france"},
    {LevelKind::kRegion, "region"},
    {LevelKind::kDepartment, "department"},
    {LevelKind::kAuthority, "authority"},
}};

}  // namespace

std::string_view ProjectKindCode(ProjectKind kind) { return Code(kProjectKinds, kind); }
std::optional<ProjectKind> ParseProjectKind(std::string_view code) {
    return Parse(kProjectKinds, code);
}

KindGroup GroupOf(ProjectKind kind) {
    switch (kind) {
        case ProjectKind::kCooperation:
        case ProjectKind::kTwinning:
            return KindGroup::kDecentralised;
        case ProjectKind::kOneOff:
        case ProjectKind::kOudinSantini:
        case ProjectKind::kEmergency:
            return KindGroup::kOther;
    }
    return KindGroup::kOther;
}

std::string_view KindGroupCode(KindGroup group) {
    switch (group) {
        case KindGroup::kDecentralised:
            return "cooperation_decentralisee";
        case KindGroup::kOther:
            return "autres_actions";
    }
    return {};
}

std::string_view ProjectStatusCode(ProjectStatus status) { return Code(kStatuses, status); }
std::optional<ProjectStatus> ParseProjectStatus(std::string_view code) {
    return Parse(kStatuses, code);
}

std::string_view AuthorityKindCode(AuthorityKind kind) { return Code(kAuthorityKinds, kind); }
std::optional<AuthorityKind> ParseAuthorityKind(std::string_view code) {
    return Parse(kAuthorityKinds, code);
}

std::string_view LevelKindCode(LevelKind kind) { return Code(kLevelKinds, kind); }

std::string Filters::Key() const {
    std::string key;
    key += decentralised ? '1' : '0';
    key += other_actions ? '1' : '0';
    key += '|';
    key += kind ? ProjectKindCode(*kind) : std::string_view{};
    key += '|';
    key += theme;
    return key;
}

}  // namespace cncd::atlas
