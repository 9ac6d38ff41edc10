#include "modules/search/search_labels.hpp"

#include "modules/atlas/atlas.hpp"
#include "modules/atlas/atlas_labels.hpp"

// The search shows the Atlas's own wording: codes are parsed into the Atlas's enums and
// labelled by atlas::labels, so a label is written once for the whole portal.
namespace cncd::search::labels {

std::string_view KindName(std::string_view kind) {
    const auto parsed = atlas::ParseProjectKind(kind);
    return parsed ? atlas::labels::ProjectKindName(*parsed) : kind;
}

std::string_view KindGroupOf(std::string_view kind) {
    const auto parsed = atlas::ParseProjectKind(kind);
    return atlas::KindGroupCode(parsed ? atlas::GroupOf(*parsed) : atlas::KindGroup::kOther);
}

std::string_view KindGroupName(std::string_view group) {
    if (group == atlas::KindGroupCode(atlas::KindGroup::kDecentralised)) {
        return atlas::labels::KindGroupName(atlas::KindGroup::kDecentralised);
    }
    if (group == atlas::KindGroupCode(atlas::KindGroup::kOther)) {
        return atlas::labels::KindGroupName(atlas::KindGroup::kOther);
    }
    return group;
}

std::string_view StatusName(std::string_view status) {
    const auto parsed = atlas::ParseProjectStatus(status);
    return parsed ? atlas::labels::StatusName(*parsed) : status;
}

std::string_view AuthorityTypeName(std::string_view type) {
    const auto parsed = atlas::ParseAuthorityKind(type);
    return parsed ? atlas::labels::AuthorityKindName(*parsed) : type;
}

}  // namespace cncd::search::labels
