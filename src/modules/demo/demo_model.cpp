#include "modules/demo/demo_model.hpp"

namespace cncd::demo {

const char* KindCode(ProjectKind kind) {
    switch (kind) {
        case ProjectKind::kCooperation:
            return "cooperation";
        case ProjectKind::kTwinning:
            return "twinning";
        case ProjectKind::kOneOff:
            return "one_off";
        case ProjectKind::kOudinSantini:
            return "oudin_santini";
        case ProjectKind::kEmergency:
            return "emergency";
    }
    return "cooperation";
}

const char* KindCode(AuthorityKind kind) {
    switch (kind) {
        case AuthorityKind::kRegion:
            return "region";
        case AuthorityKind::kDepartement:
            return "departement";
        case AuthorityKind::kEpci:
            return "epci";
        case AuthorityKind::kCommune:
            return "commune";
    }
    return "commune";
}

}  // namespace cncd::demo
