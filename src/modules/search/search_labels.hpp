#pragma once

#include <string_view>

/// French labels of the codes the search shows (the same wording as the Atlas pages).
namespace cncd::search::labels {

/// "Coopération décentralisée (convention)", "Jumelage"…; the code itself when unknown.
std::string_view KindName(std::string_view kind);
/// "cooperation_decentralisee" for cooperation and twinning, "autres_actions" otherwise.
std::string_view KindGroupOf(std::string_view kind);
/// "Coopération décentralisée", "Autres actions extérieures".
std::string_view KindGroupName(std::string_view group);
/// "Prévu", "En cours", "Terminé".
std::string_view StatusName(std::string_view status);
/// "Conseil régional", "Commune"…
std::string_view AuthorityTypeName(std::string_view type);

/// The codes in the order the search lists them.
inline constexpr std::string_view kKindGroups[] = {"cooperation_decentralisee", "autres_actions"};
inline constexpr std::string_view kKinds[] = {"cooperation", "twinning", "one_off", "oudin_santini",
                                              "emergency"};
inline constexpr std::string_view kStatuses[] = {"planned", "active", "finished"};
inline constexpr std::string_view kAuthorityTypes[] = {"region", "departement", "commune",
                                                       "epci",   "syndicat",    "com"};

}  // namespace cncd::search::labels
