#include "modules/search/search.hpp"

namespace cncd::search {

std::string_view FacetName(Facet facet) {
    switch (facet) {
        case Facet::kTheme:
            return "theme";
        case Facet::kCofinancer:
            return "cofinancer";
        case Facet::kContinent:
            return "continent";
        case Facet::kCountry:
            return "country";
        case Facet::kPartner:
            return "partner";
        case Facet::kRegion:
            return "region";
        case Facet::kDepartment:
            return "department";
        case Facet::kAuthority:
            return "authority";
        case Facet::kAuthorityType:
            return "authority_type";
        case Facet::kKind:
            return "kind";
        case Facet::kStatus:
            return "status";
    }
    return {};
}

std::string_view SortOrderName(SortOrder order) {
    switch (order) {
        case SortOrder::kRelevance:
            return "relevance";
        case SortOrder::kRecent:
            return "recent";
        case SortOrder::kTitle:
            return "title";
    }
    return {};
}

}  // namespace cncd::search
