#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "modules/atlas/atlas.hpp"

/// French labels of the Atlas' codes, as the pages show them.
namespace cncd::atlas::labels {

/// "Conseils régionaux", "Conseils départementaux", "Communes", "Intercommunalités",
/// "Syndicats", "Collectivités d’outre-mer".
std::string_view AuthorityGroup(AuthorityKind kind);
/// "Conseil régional", "Commune"…
std::string_view AuthorityKindName(AuthorityKind kind);
/// "Coopération décentralisée (convention)", "Jumelage", "Action ponctuelle ou non
/// conventionnée", "Action Oudin-Santini", "Aide d’urgence".
std::string_view ProjectKindName(ProjectKind kind);
/// Short form for lists: "Coopération", "Jumelage", "Action ponctuelle", "Oudin-Santini",
/// "Aide d’urgence".
std::string_view ProjectKindShortName(ProjectKind kind);
/// "Coopération décentralisée", "Autres actions extérieures".
std::string_view KindGroupName(KindGroup group);
/// "Prévu", "En cours", "Terminé".
std::string_view StatusName(ProjectStatus status);
/// Partner administrative level: "Municipalité", "Province"…
std::string_view PartnerLevelName(std::string_view level);
/// How precisely a place is located: "à la ville près"…
std::string_view PrecisionName(std::string_view precision);
/// "Association", "Université"…
std::string_view OtherPartnerKindName(std::string_view kind);
/// "Élu(e) en charge des relations internationales", "Responsable des relations internationales".
std::string_view ContactRoleName(std::string_view role);
/// "Chef de file", "Associée".
std::string_view AuthorityRoleName(std::string_view role);
/// "projet" / "projets" …: the noun of a count, singular for 0 and 1 as in French.
std::string Plural(std::int64_t n, std::string_view singular, std::string_view plural);
/// "15 novembre 2011" from "2011-11-15" (or "2011-11-15 10:00:00"); the input when not a date.
std::string FrenchDate(std::string_view iso);

}  // namespace cncd::atlas::labels
