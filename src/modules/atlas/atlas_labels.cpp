#include "modules/atlas/atlas_labels.hpp"

#include <array>
#include <charconv>
#include <utility>

namespace cncd::atlas::labels {
namespace {

using Pair = std::pair<std::string_view, std::string_view>;

template <std::size_t N>
std::string_view Lookup(const std::array<Pair, N>& table, std::string_view code) {
    for (const auto& [key, label] : table) {
        if (key == code) return label;
    }
    return code;
}

constexpr std::array<Pair, 6> kPartnerLevels{{
    {"municipality", "Municipalité"},
    {"intermunicipal", "Groupement de municipalités"},
    {"province", "Province"},
    {"region", "Région"},
    {"state", "État fédéré"},
    {"other", "Autre collectivité"},
}};

constexpr std::array<Pair, 4> kPrecisions{{
    {"city", "localisée à la ville"},
    {"department", "localisée au département"},
    {"region", "localisée à la région"},
    {"country", "localisée au pays"},
}};

constexpr std::array<Pair, 7> kOtherPartnerKinds{{
    {"association", "Association"},
    {"university", "Université"},
    {"hospital", "Hôpital"},
    {"ngo", "ONG"},
    {"company", "Entreprise"},
    {"public_body", "Établissement public"},
    {"other", "Autre"},
}};

constexpr std::array<std::string_view, 12> kMonths{"janvier",   "février", "mars",     "avril",
                                                   "mai",       "juin",    "juillet",  "août",
                                                   "septembre", "octobre", "novembre", "décembre"};

}  // namespace

std::string_view AuthorityGroup(AuthorityKind kind) {
    switch (kind) {
        case AuthorityKind::kRegion:
            return "Conseils régionaux";
        case AuthorityKind::kDepartement:
            return "Conseils départementaux";
        case AuthorityKind::kCommune:
            return "Communes";
        case AuthorityKind::kEpci:
            return "Intercommunalités";
        case AuthorityKind::kSyndicat:
            return "Syndicats";
        case AuthorityKind::kCom:
            return "Collectivités d’outre-mer";
    }
    return {};
}

std::string_view AuthorityKindName(AuthorityKind kind) {
    switch (kind) {
        case AuthorityKind::kRegion:
            return "Conseil régional";
        case AuthorityKind::kDepartement:
            return "Conseil départemental";
        case AuthorityKind::kCommune:
            return "Commune";
        case AuthorityKind::kEpci:
            return "Intercommunalité";
        case AuthorityKind::kSyndicat:
            return "Syndicat";
        case AuthorityKind::kCom:
            return "Collectivité d’outre-mer";
    }
    return {};
}

std::string_view ProjectKindName(ProjectKind kind) {
    switch (kind) {
        case ProjectKind::kCooperation:
            return "Coopération décentralisée (convention)";
        case ProjectKind::kTwinning:
            return "Jumelage";
        case ProjectKind::kOneOff:
            return "Action ponctuelle ou non conventionnée";
        case ProjectKind::kOudinSantini:
            return "Action Oudin-Santini";
        case ProjectKind::kEmergency:
            return "Aide d’urgence";
    }
    return {};
}

std::string_view ProjectKindShortName(ProjectKind kind) {
    switch (kind) {
        case ProjectKind::kCooperation:
            return "Coopération";
        case ProjectKind::kTwinning:
            return "Jumelage";
        case ProjectKind::kOneOff:
            return "Action ponctuelle";
        case ProjectKind::kOudinSantini:
            return "Oudin-Santini";
        case ProjectKind::kEmergency:
            return "Aide d’urgence";
    }
    return {};
}

std::string_view KindGroupName(KindGroup group) {
    switch (group) {
        case KindGroup::kDecentralised:
            return "Coopération décentralisée";
        case KindGroup::kOther:
            return "Autres actions extérieures";
    }
    return {};
}

std::string_view StatusName(ProjectStatus status) {
    switch (status) {
        case ProjectStatus::kPlanned:
            return "Prévu";
        case ProjectStatus::kActive:
            return "En cours";
        case ProjectStatus::kFinished:
            return "Terminé";
    }
    return {};
}

std::string_view PartnerLevelName(std::string_view level) { return Lookup(kPartnerLevels, level); }
std::string_view PrecisionName(std::string_view precision) {
    return Lookup(kPrecisions, precision);
}
std::string_view OtherPartnerKindName(std::string_view kind) {
    return Lookup(kOtherPartnerKinds, kind);
}

std::string_view ContactRoleName(std::string_view role) {
    if (role == "elected") return "Élu(e) en charge des relations internationales";
    if (role == "manager") return "Responsable des relations internationales";
    return role;
}

std::string_view AuthorityRoleName(std::string_view role) {
    if (role == "lead") return "Chef de file";
    if (role == "associate") return "Associée";
    return role;
}

std::string Plural(std::int64_t n, std::string_view singular, std::string_view plural) {
    return std::string(n <= 1 ? singular : plural);
}

std::string FrenchDate(std::string_view iso) {
    if (iso.size() < 10 || iso[4] != '-' || iso[7] != '-') return std::string(iso);
    int year = 0;
    int month = 0;
    int day = 0;
    const auto parse = [](std::string_view s, int& out) {
        const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
        return ec == std::errc() && ptr == s.data() + s.size();
    };
    if (!parse(iso.substr(0, 4), year) || !parse(iso.substr(5, 2), month) ||
        !parse(iso.substr(8, 2), day) || month < 1 || month > 12) {
        return std::string(iso);
    }
    return (day == 1 ? std::string("1er") : std::to_string(day)) + " " +
           std::string(kMonths[month - 1]) + " " + std::to_string(year);
}

}  // namespace cncd::atlas::labels
