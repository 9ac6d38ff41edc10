#include "modules/search/search_labels.hpp"

#include <array>
#include <utility>

namespace cncd::search::labels {
namespace {

using Pair = std::pair<std::string_view, std::string_view>;

template <std::size_t N>
std::string_view Lookup(const std::array<Pair, N>& table, std::string_view code) {
    for (const auto& [key, label] : table) {
        if (key == code) return label;
    }
    return code;
}

constexpr std::array<Pair, 5> kKindNames{{
    {"cooperation", "Coopération décentralisée (convention)"},
    {"twinning", "Jumelage"},
    {"one_off", "Action ponctuelle ou non conventionnée"},
    {"oudin_santini", "Action Oudin-Santini"},
    {"emergency", "Aide d’urgence"},
}};

constexpr std::array<Pair, 2> kGroupNames{{
    {"cooperation_decentralisee", "Coopération décentralisée"},
    {"autres_actions", "Autres actions extérieures"},
}};

constexpr std::array<Pair, 3> kStatusNames{{
    {"planned", "Prévu"},
    {"active", "En cours"},
    {"finished", "Terminé"},
}};

constexpr std::array<Pair, 6> kAuthorityTypeNames{{
    {"region", "Conseil régional"},
    {"departement", "Conseil départemental"},
    {"commune", "Commune"},
    {"epci", "Intercommunalité"},
    {"syndicat", "Syndicat"},
    {"com", "Collectivité d’outre-mer"},
}};

}  // namespace

std::string_view KindName(std::string_view kind) { return Lookup(kKindNames, kind); }

std::string_view KindGroupOf(std::string_view kind) {
    return kind == "cooperation" || kind == "twinning" ? kKindGroups[0] : kKindGroups[1];
}

std::string_view KindGroupName(std::string_view group) { return Lookup(kGroupNames, group); }

std::string_view StatusName(std::string_view status) { return Lookup(kStatusNames, status); }

std::string_view AuthorityTypeName(std::string_view type) {
    return Lookup(kAuthorityTypeNames, type);
}

}  // namespace cncd::search::labels
